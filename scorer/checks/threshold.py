"""``threshold``: an indicator's figure compared against a threshold."""

from __future__ import annotations

import operator

from scheme.kinds import Threshold
from scheme.model import Item, Requirement
from scorer.checks.common import clean_first, figure_evidence, quote, result, scoped_level_figures
from scorer.evidence import Context, Figure, convert
from scorer.figure import settles, stated
from scorer.result import FAIL, NOT_FOUND, PASS, REVIEW, RequirementResult
from scorer.table_figures import latest_in_row

OPS = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt, "==": operator.eq}


def level_figures(req: Requirement, item: Item, context: Context, indicator_id: str) -> list[Figure]:
    """Level figures (not changes) of an indicator, item sections first, then everywhere evaluative.

    When none is found, damaged figures in the item's own sections that look like the indicator are
    returned (marked damaged), so the requirement becomes ``review`` rather than ``not_found``.
    """
    return scoped_level_figures(context.rubric.get(indicator_id), item, context)


def check_threshold(req: Requirement, item: Item, context: Context) -> RequirementResult:
    """Pass when the first clean figure of the indicator (in a table row, the latest period's) satisfies ``op value``.

    A table row gives one figure per period column; the current value is the one to compare. A range (56—65人)
    passes when all of it does (``>=``: its lower end; ``<=``: its upper end); a bound (90%以上, 不足90%) when its
    side settles the check; one that settles nothing (超过85% against ``>= 90``) is ``review`` (bound_unclear).
    """
    params: Threshold = req.params
    figures = [f for f in level_figures(req, item, context, params.indicator)
               if convert(f.quantity.value, f.quantity.unit, params.unit) is not None]
    clean, damaged = clean_first(figures)
    if not clean:
        if damaged:
            evidence = tuple(figure_evidence(req, f, REVIEW, context) for f in damaged)
            limit = f"{params.op} {params.value:g}{params.unit}"
            return result(req, REVIEW, ("damaged_figure",), evidence,
                          f"“{damaged[0].quantity.text}”疑似复制时损坏，无法与 {limit} 比较")
        return result(req, NOT_FOUND, ("figure_not_found",))
    first = latest_in_row(clean)
    q = first.quantity

    def to(value: float) -> float:
        return convert(value, q.unit, params.unit) or 0.0  # the unit converts: figures that do not were dropped

    # A range is checked by the end the operator needs, a bound by its side (scorer.figure.settles).
    verdict = OPS[params.op](to(q.value), params.value) if q.low is None and q.bound is None \
        else settles(q, params.op, params.value, to)
    outcome = PASS if verdict else FAIL if verdict is False else REVIEW
    evidence = (figure_evidence(req, first, outcome, context),)
    limit = f"{params.op} {params.value:g}{params.unit}"
    detail = f"{q.label} {stated(q, to)}{params.unit}，要求 {limit}：{quote(context, first)}"
    reasons = {PASS: (), FAIL: ("below_threshold",), REVIEW: ("bound_unclear",)}[outcome]
    return result(req, outcome, reasons, evidence, detail)
