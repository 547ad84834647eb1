"""Sets of text spans: merge them once, then find positions inside them by bisection."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence


def merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping, non-empty spans covering the same positions."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if out and start <= out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def inside(positions: Sequence[int], spans: Sequence[tuple[int, int]], size: int = 0) -> list[int]:
    """The sorted ``positions`` p with ``start <= p`` and ``p + size <= end`` for some merged span."""
    out: list[int] = []
    for start, end in spans:
        lo = bisect.bisect_left(positions, start)
        hi = bisect.bisect_right(positions, end - size)
        if hi > lo:
            out.extend(positions[lo:hi])
    return out
