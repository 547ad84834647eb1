"""``arithmetic``: an amount, its increase and its growth rate agree."""

from __future__ import annotations

from scheme.kinds import Arithmetic
from scheme.model import Item, Requirement
from scorer.checks.common import figure_evidence, result
from scorer.evidence import MONEY, Context, Figure, convert
from scorer.result import FAIL, NOT_FOUND, PASS, REVIEW, RequirementResult

NEAR = 120  # the increase and the rate follow the amount within this many characters


def _triples(figures: list[Figure]) -> list[tuple[Figure, Figure, Figure]]:
    """(amount, increase, rate) groups: a money level followed closely by a money change and a % change.

    A change the report states comes before one derived from two table columns; a group whose increase and
    rate are both derived checks nothing the report says (they were computed from the amounts) and is skipped.
    """
    out = []
    for i, amount in enumerate(figures):
        a = amount.quantity
        if a.change is not None or a.unit not in MONEY:
            continue
        follow = [f for f in figures[i + 1:] if f.quantity.start - a.end <= NEAR]
        follow = follow[: next((k for k, f in enumerate(follow) if f.quantity.change is None), len(follow))]
        follow.sort(key=lambda f: f.quantity.derived is not None)  # stable: stated changes first, in text order
        delta = next((f for f in follow if f.quantity.unit in MONEY), None)
        rate = next((f for f in follow if f.quantity.unit == "%"), None)
        if delta is not None and rate is not None and not (delta.quantity.derived and rate.quantity.derived):
            out.append((amount, delta, rate))
    return out


def check_arithmetic(req: Requirement, item: Item, context: Context) -> RequirementResult:
    """Recompute the growth rate from the amount and the increase and compare it with the stated rate."""
    params: Arithmetic = req.params
    indicator = context.rubric.get(params.indicator)
    triples: list[tuple[Figure, Figure, Figure]] = []
    for spans in context.scopes(item):
        triples = _triples(context.figures_for(indicator, spans))
        if triples:
            break
    if not triples:
        return result(req, NOT_FOUND, ("incomplete_arithmetic",))
    amount, delta, rate = triples[0]
    used = (amount, delta, rate)
    if any(f.damaged for f in used):
        evidence = tuple(figure_evidence(req, f, REVIEW, context) for f in used)
        return result(req, REVIEW, ("damaged_figure",), evidence)
    a = amount.quantity
    d = convert(delta.quantity.value, delta.quantity.unit, a.unit)
    sign = 1 if delta.quantity.change == "increase" else -1
    previous = a.value - sign * d
    if previous <= 0:
        return result(req, REVIEW, ("inconsistent_arithmetic",),
                      tuple(figure_evidence(req, f, REVIEW, context) for f in used), "上年数推算为非正数")
    recomputed = sign * d / previous * 100
    stated = rate.quantity.value * (1 if rate.quantity.change == "increase" else -1)
    ok = abs(recomputed - stated) <= params.tolerance
    outcome = PASS if ok else FAIL
    verb = "增加" if sign > 0 else "减少"
    detail = (f"{a.value:g}{a.unit}，比上年{verb}{d:g}{a.unit}，上年应为{previous:g}{a.unit}，"
              f"增幅应为{recomputed:.2f}%，报告写{stated:g}%")
    return result(req, outcome, () if ok else ("inconsistent_arithmetic",),
                  tuple(figure_evidence(req, f, outcome, context) for f in used), detail)
