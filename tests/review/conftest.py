"""Fixtures of the review-gate tests: one contract suite, two stores."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from _review_support import Clock

from unionai_sdk.audit import MemoryAuditSink
from unionai_sdk.review import ReviewGate


@pytest.fixture(
    params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh store URL: a SQLite file in tmp_path, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'reviews.db'}"
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def audit() -> MemoryAuditSink:
    return MemoryAuditSink()


@pytest.fixture
def make_gate(
    store_url: str, clock: Clock, audit: MemoryAuditSink
) -> Iterator[Callable[..., ReviewGate]]:
    gates: list[ReviewGate] = []

    def factory(**kwargs: object) -> ReviewGate:
        kwargs.setdefault("clock", clock)
        kwargs.setdefault("audit", audit)
        gate = ReviewGate(store_url, **kwargs)  # type: ignore[arg-type]
        gates.append(gate)
        return gate

    yield factory
    for gate in gates:
        gate.close()


@pytest.fixture
def gate(make_gate: Callable[..., ReviewGate]) -> ReviewGate:
    return make_gate()
