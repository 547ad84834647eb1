"""Areas for a run of heading-less points: each point's own evidence, plus a cost for switching area.

Reports without area headings (一是…二是…, 1. 2. 3. points, bare paragraphs) still write about one area for
several points in a row; a point whose few terms lean to another area is more likely a continuation of its
neighbours than a one-point excursion. The best labelling of the whole run maximises the sum of each point's
score for its label minus ``switch`` for every change of label between neighbours (Viterbi). "No area" is a
label like the others inside the run, except that the points before the first area (an introduction) and
after the last (a closing remark) may have no area at no cost. Points decided otherwise (a heading that names
its area, a sub-tree of its own) are anchors fixed to their label.

With ``switch = 0`` every free point gets exactly the label its own scores give it.
"""

from __future__ import annotations

from collections.abc import Sequence

State = str | None
_LEAD, _TAIL = "<lead>", "<tail>"  # "no area" before the first area and after the last: free to leave/enter


def best_run(points: Sequence[dict[State, float] | State], states: Sequence[State], switch: float) -> list[State]:
    """The label of each point of a run.

    Args:
        points: Per point, either its scores by label (a free point; ``None`` is "no area") or the label it is
            fixed to (an anchor).
        states: Every label, in order of preference on ties (areas first, ``None`` last).
        switch: What a change of label between neighbours costs.

    Returns:
        One label per point.
    """
    if not points:
        return []
    order = [*states, _LEAD, _TAIL]
    rank = {state: i for i, state in enumerate(order)}
    back: list[dict[State, State]] = []
    previous: dict[State, float] = {}
    for n, point in enumerate(points):
        emission = dict(point) if isinstance(point, dict) else {point: 0.0}
        if None in emission:
            emission[_LEAD] = emission[_TAIL] = emission[None]
        current: dict[State, float] = {}
        pointers: dict[State, State] = {}
        for state in order:
            if state not in emission:
                continue
            if n == 0:
                if state != _TAIL:
                    current[state] = emission[state]
                continue
            sources = [s for s in previous if _allowed(s, state)]
            if not sources:
                continue
            # staying beats switching on a tie; among switches, the earlier label in ``states``
            source = max(sources, key=lambda s, t=state: (previous[s] - _cost(s, t, switch), s == t, -rank[s]))
            current[state] = emission[state] + previous[source] - _cost(source, state, switch)
            pointers[state] = source
        back.append(pointers)
        previous = current
    last = max(previous, key=lambda s: (previous[s], -rank[s]))
    path = [last]
    for pointers in reversed(back[1:]):
        path.append(pointers[path[-1]])
    return [None if s in (_LEAD, _TAIL) else s for s in reversed(path)]


def _allowed(before: State, after: State) -> bool:
    """The introduction only at the start, the closing remark only at the end."""
    if after == _LEAD:
        return before == _LEAD
    return before != _TAIL or after == _TAIL


def _cost(before: State, after: State, switch: float) -> float:
    if before in (after, _LEAD) or after == _TAIL:
        return 0.0
    return switch
