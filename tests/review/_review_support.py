"""Shared test data of the review-gate tests (synthetic staff, an injectable clock)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from unionai_sdk.policy import User

# Synthetic staff accounts (not real people).
AUTHOR = User("t.author", "Т. Автор", {"lawyer", "staff"})
LAWYER_1 = User("l.one", "Л. Первая", {"lawyer"})
LAWYER_2 = User("l.two", "Л. Второй", {"lawyer"})
CHAIR = User("c.chair", "Ч. Председатель", {"chair"})
ANALYST = User("a.analyst", "А. Аналитик", {"analyst"})


class Clock:
    """An injectable clock: returns ``now`` and can be moved forward."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 3, 2, 9, 30, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)
