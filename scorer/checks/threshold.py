"""``threshold``: an indicator's figure compared against a threshold."""

from __future__ import annotations

import operator

from scheme.kinds import Threshold
from scheme.model import Item, Requirement
from scorer.checks.common import clean_first, figure_evidence, quote, result
from scorer.evidence import Context, Figure, convert
from scorer.result import FAIL, NOT_FOUND, PASS, REVIEW, RequirementResult
from scorer.table_figures import latest_in_row

OPS = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt, "==": operator.eq}


def level_figures(req: Requirement, item: Item, context: Context, indicator_id: str) -> list[Figure]:
    """Level figures (not changes) of an indicator, item sections first, then everywhere evaluative.

    When none is found, damaged figures in the item's own sections that look like the indicator are
    returned (marked damaged), so the requirement becomes ``review`` rather than ``not_found``.
    """
    indicator = context.rubric.get(indicator_id)
    scopes = context.scopes(item)
    for spans in scopes:
        figures = context.figures_for(indicator, spans, change=False)
        if figures:
            return figures
    return context.damaged_like(indicator, scopes[0])


def check_threshold(req: Requirement, item: Item, context: Context) -> RequirementResult:
    """Pass when the first clean figure of the indicator (in a table row, the latest period's) satisfies ``op value``.

    A table row gives one figure per period column; the current value is the one to compare.
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
    value = convert(first.quantity.value, first.quantity.unit, params.unit)
    ok = OPS[params.op](value, params.value)
    outcome = PASS if ok else FAIL
    evidence = (figure_evidence(req, first, outcome, context),)
    limit = f"{params.op} {params.value:g}{params.unit}"
    detail = f"{first.quantity.label} {value:g}{params.unit}，要求 {limit}：{quote(context, first)}"
    return result(req, outcome, () if ok else ("below_threshold",), evidence, detail)
