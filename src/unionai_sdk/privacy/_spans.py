"""A set of character spans with logarithmic overlap queries.

Large texts carry tens of thousands of entities; checking each new span against
every span kept so far made analysis quadratic in the text size.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable


class SpanSet:
    """Half-open spans ``[start, end)``, kept merged and sorted by start."""

    __slots__ = ("_ends", "_starts")

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        for s, e in sorted(spans):
            self.add(s, e)

    def __len__(self) -> int:
        return len(self._starts)

    def overlaps(self, start: int, end: int) -> bool:
        """True if ``[start, end)`` shares at least one position with a kept span."""
        if end <= start:
            return False
        i = bisect_right(self._starts, end - 1) - 1
        return i >= 0 and self._ends[i] > start

    def __contains__(self, pos: int) -> bool:
        return self.overlaps(pos, pos + 1)

    def add(self, start: int, end: int) -> None:
        """Keep ``[start, end)``, merging it with the spans it overlaps or touches."""
        if end <= start:
            return
        starts, ends = self._starts, self._ends
        lo = bisect_right(ends, start - 1)  # first span ending at/after start
        hi = bisect_right(starts, end)  # spans from here on start after end
        if lo < hi:
            start = min(start, starts[lo])
            end = max(end, ends[hi - 1])
        starts[lo:hi] = [start]
        ends[lo:hi] = [end]
