"""Span sets: merging and bisection agree with the obvious definition."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from scorer.spans import inside, merge

SPANS = st.lists(st.tuples(st.integers(0, 200), st.integers(0, 200)), max_size=12)


def test_merge_examples() -> None:
    assert merge([(5, 9), (0, 3), (2, 4), (9, 9), (8, 12)]) == [(0, 4), (5, 12)]


@given(SPANS, st.lists(st.integers(0, 220), max_size=40), st.integers(0, 5))
def test_inside_matches_brute_force(spans: list[tuple[int, int]], positions: list[int], size: int) -> None:
    positions = sorted(set(positions))
    merged = merge(spans)
    want = [p for p in positions if any(s <= p and p + size <= e for s, e in merged)]
    assert inside(positions, merged, size) == want
    covered = {i for s, e in spans for i in range(s, e)}
    assert covered == {i for s, e in merged for i in range(s, e)}
