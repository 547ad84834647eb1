"""Areas for a run of heading-less points: each point's own evidence, plus a cost for switching area.

Reports without area headings (一是…二是…, 1. 2. 3. points, bare paragraphs) still write about one area for
several points in a row; a point whose few terms lean to another area is more likely a continuation of its
neighbours than a one-point excursion. The best labelling of the whole run maximises the sum of each point's
score for its label minus ``switch`` for every change of label between neighbours (Viterbi). "No area" is a
label like the others inside the run, except that the points before the first area (an introduction) and
after the last (a closing remark) may have no area at no cost. Points decided otherwise (a heading that names
its area, a sub-tree of its own) are anchors fixed to their label.

With ``switch = 0`` every free point gets exactly the label its own scores give it.

The cost may differ per boundary (``switch`` as a sequence): a paragraph that opens with 此外/同时 continues
the one before it, so changing label there costs more, and a closing remark cannot begin there for free; one
that opens by naming its topic (在…方面，) may change label for less.
"""

from __future__ import annotations

from collections.abc import Sequence

State = str | None
_LEAD, _TAIL = "<lead>", "<tail>"  # "no area" before the first area and after the last: free to leave/enter


def best_run(points: Sequence[dict[State, float] | State], states: Sequence[State],
             switch: float | Sequence[float], closing_free: Sequence[bool] | None = None,
             final: Sequence[State] = (), binding: Sequence[bool] | None = None) -> list[State]:
    """The label of each point of a run.

    Args:
        points: Per point, either its scores by label (a free point; ``None`` is "no area") or the label it is
            fixed to (an anchor).
        states: Every label, in order of preference on ties (areas first, ``None`` last).
        switch: What a change of label between neighbours costs: one value, or one per point (the cost of
            changing label between that point and the one before it; the first value is not used).
        closing_free: Per point, whether the closing remark ("no area" after the last area) may begin there at
            no cost (default: everywhere); where not, entering it costs that point's switch.
        final: Labels that end a run, in their order (the key work, the problems, then the measures): after a
            point with one of them the run goes on only with it, a later one, or the closing remark.
        binding: Per point, whether its label binds what follows to that order (default: every point). An
            anchor does not: a 下一步 closing one area's account opens no part by itself.

    Returns:
        One label per point.
    """
    if not points:
        return []
    costs = [float(switch)] * len(points) if isinstance(switch, (int, float)) else [float(c) for c in switch]
    free_close = list(closing_free) if closing_free is not None else [True] * len(points)
    if len(costs) != len(points) or len(free_close) != len(points):
        raise ValueError("best_run: one switch cost and one closing flag per point")
    tail_rank = {state: i for i, state in enumerate(final)}
    binds = list(binding) if binding is not None else [True] * len(points)
    order = [*states, _LEAD, _TAIL]
    rank = {state: i for i, state in enumerate(order)}
    back: list[dict[State, State]] = []
    previous: dict[State, float] = {}
    for n, point in enumerate(points):
        emission = dict(point) if isinstance(point, dict) else {point: 0.0}
        if None in emission:
            emission[_LEAD] = emission[_TAIL] = emission[None]
        if n == 0:
            previous = {state: emission[state] for state in order if state in emission and state != _TAIL}
            back.append({})
            continue
        step = _Step(emission, previous, rank, costs[n], free_close[n])
        current, pointers = step.run(order, tail_rank if binds[n - 1] else {})
        back.append(pointers)
        previous = current
    last = max(previous, key=lambda s: (previous[s], -rank[s]))
    path = [last]
    for pointers in reversed(back[1:]):
        path.append(pointers[path[-1]])
    return [None if s in (_LEAD, _TAIL) else s for s in reversed(path)]


class _Step:
    """One Viterbi step: the best score of each label at a point and where it came from."""

    def __init__(self, emission: dict[State, float], previous: dict[State, float], rank: dict[State, int],
                 cost: float, closing_free: bool) -> None:
        self.emission, self.previous, self.rank = emission, previous, rank
        self.cost, self.closing_free = cost, closing_free

    def run(self, order: Sequence[State], tail_rank: dict[State, int]) -> tuple[dict[State, float], dict[State, State]]:
        """Best score per label at this point, and the label before it on that best path."""
        current: dict[State, float] = {}
        pointers: dict[State, State] = {}
        previous = self.previous
        for state in order:
            if state not in self.emission:
                continue
            sources = [s for s in previous if _allowed(s, state) and _in_order(s, state, tail_rank)]
            if not sources:
                continue
            # staying beats switching on a tie; among switches, the earlier label in ``states``
            source = max(sources, key=lambda s, t=state: (previous[s] - self.cost_of(s, t), s == t, -self.rank[s]))
            current[state] = self.emission[state] + previous[source] - self.cost_of(source, state)
            pointers[state] = source
        return current, pointers

    def cost_of(self, before: State, after: State) -> float:
        """What going from ``before`` to ``after`` costs at this point."""
        return _cost(before, after, self.cost, self.closing_free)


def _allowed(before: State, after: State) -> bool:
    """The introduction only at the start, the closing remark only at the end."""
    if after == _LEAD:
        return before == _LEAD
    return before != _TAIL or after == _TAIL


def _in_order(before: State, after: State, tail_rank: dict[State, int]) -> bool:
    """After a final label only itself, a later final label or the closing remark."""
    if before not in tail_rank or after == _TAIL:
        return True
    return after in tail_rank and tail_rank[after] >= tail_rank[before]


def _cost(before: State, after: State, switch: float, closing_free: bool) -> float:
    if before in (after, _LEAD):
        return 0.0
    if after == _TAIL and closing_free:
        return 0.0
    return switch
