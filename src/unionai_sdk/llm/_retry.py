"""Backoff policy: exponential backoff with full jitter, honouring Retry-After."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = ["RetryPolicy"]


@dataclass(frozen=True)
class RetryPolicy:
    """How long to wait before retry number ``attempt`` (0-based).

    The delay is drawn uniformly from ``[0, min(max_delay, base_delay * 2**attempt)]``
    ("full jitter"). When the provider sent ``Retry-After``, that value is used
    instead, capped at ``max_retry_after`` seconds.
    """

    base_delay: float = 0.5
    max_delay: float = 20.0
    max_retry_after: float = 60.0
    random: Callable[[], float] = field(default=random.random, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.base_delay < 0 or self.max_delay < 0 or self.max_retry_after < 0:
            raise ValueError("RetryPolicy delays must be >= 0")

    def backoff_cap(self, attempt: int) -> float:
        """Upper bound of the jittered delay for retry ``attempt``."""
        # 2**attempt grows without bound; clamp the exponent to avoid overflow.
        return min(self.max_delay, self.base_delay * 2.0 ** min(attempt, 62))

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        """Seconds to sleep before retry ``attempt`` (0-based)."""
        if retry_after is not None and retry_after >= 0:
            return min(float(retry_after), self.max_retry_after)
        return self.random() * self.backoff_cap(attempt)
