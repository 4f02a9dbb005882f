"""SpanSet answers overlap queries exactly like a brute-force list of spans."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from unionai_sdk.privacy._spans import SpanSet

_span = st.tuples(st.integers(0, 60), st.integers(0, 12)).map(lambda t: (t[0], t[0] + t[1]))


@given(added=st.lists(_span, max_size=25), queries=st.lists(_span, max_size=25))
def test_overlaps_matches_brute_force(
    added: list[tuple[int, int]], queries: list[tuple[int, int]]
) -> None:
    spans = SpanSet()
    for s, e in added:
        spans.add(s, e)
    for s, e in queries:
        expected = s < e and any(a < e and s < b for a, b in added if a < b)
        assert spans.overlaps(s, e) is expected, (added, s, e)


@given(added=st.lists(_span, max_size=25), pos=st.integers(-1, 75))
def test_contains_is_membership_of_a_position(added: list[tuple[int, int]], pos: int) -> None:
    spans = SpanSet(added)
    assert (pos in spans) is any(a <= pos < b for a, b in added)


def test_touching_spans_merge_but_do_not_overlap() -> None:
    spans = SpanSet([(0, 5), (5, 9)])
    assert len(spans) == 1
    assert not spans.overlaps(9, 12)
    assert spans.overlaps(8, 12)
    assert not spans.overlaps(3, 3)  # an empty span overlaps nothing
