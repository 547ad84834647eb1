"""``count``: a number of events (召开专题会议3次, 开展督导检查12次) compared with a minimum.

The number comes from the shared figure extraction (``scorer.quantities``: Arabic or Chinese numerals, count
units); the event words come from the rubric. The events are looked for like an indicator's figures: an ad-hoc
indicator named after the requirement, whose terms are its event words and whose units are its count units.
"""

from __future__ import annotations

from dataclasses import replace

from scheme.kinds import Count
from scheme.model import Indicator, Item, Requirement
from scorer.checks.common import clean_first, figure_evidence, quote, result, scoped_level_figures
from scorer.evidence import Context, Figure
from scorer.figure import lowest, stated
from scorer.result import FAIL, NOT_FOUND, PASS, REVIEW, RequirementResult


def event_indicator(req: Requirement) -> Indicator:
    """The events of a count requirement as an indicator (the figure lookup needs no other shape)."""
    params: Count = req.params
    return Indicator(id=req.id, label=req.title, terms=params.events, units=params.units, exclude=params.exclude)


def count_figures(req: Requirement, item: Item, context: Context) -> list[Figure]:
    """Level count figures of the events, the item's sections first, then everywhere evaluative."""
    return scoped_level_figures(event_indicator(req), item, context)


def shortfall(req: Requirement, found: float) -> float:
    """How many events short of the requirement's minimum a count is (0 when it reaches it)."""
    return max(0.0, req.params.min - found)


def check_count(req: Requirement, item: Item, context: Context) -> RequirementResult:
    """Pass when the largest clean count of the events reaches ``min``; fail with the shortfall otherwise.

    The largest count stands for the period: a report states the year's total and, beside it, parts of it
    (全年召开专题会议4次，其中…1次).
    """
    params: Count = req.params
    clean, damaged = clean_first(count_figures(req, item, context))
    if not clean:
        if damaged:
            evidence = tuple(figure_evidence(req, f, REVIEW, context) for f in damaged)
            return result(req, REVIEW, ("damaged_figure",), evidence,
                          f"“{damaged[0].quantity.text}”疑似复制时损坏，无法核对次数（要求不少于 {params.min:g}）")
        return result(req, NOT_FOUND, ("figure_not_found",))
    # A count stated as a range (3—5次) or a bound (不少于3次) counts by the least it allows; 不足3次 allows none.
    best = max(clean, key=lambda f: lowest(f.quantity) or 0.0)
    found = lowest(best.quantity) or 0.0
    short = shortfall(req, found)
    outcome = PASS if short == 0 else FAIL
    # the evidence carries the count used (the lower end), which a step deduction (scorer.deduct) reads back
    evidence = (replace(figure_evidence(req, best, outcome, context), value=found),)
    detail = f"{best.quantity.label} {stated(best.quantity)}{best.quantity.unit}，要求不少于 {params.min:g}"
    if short:
        detail += f"，少 {short:g}"
    return result(req, outcome, () if outcome == PASS else ("count_short",), evidence,
                  f"{detail}：{quote(context, best)}")
