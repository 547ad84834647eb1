"""``change``: a year-over-year change of an indicator with a direction and optional minimum."""

from __future__ import annotations

from scheme.kinds import Change
from scheme.model import Item, Requirement
from scorer.checks.common import clean_first, figure_evidence, quote, result
from scorer.evidence import Context, Figure, convert
from scorer.result import FAIL, NOT_FOUND, PASS, REVIEW, RequirementResult


def _figures(req: Requirement, item: Item, context: Context, change: bool) -> list[Figure]:
    indicator = context.rubric.get(req.params.indicator)
    for spans in context.scopes(item):
        figures = context.figures_for(indicator, spans, change=change)
        if figures:
            return figures
    return []


def _judge(params: Change, figure: Figure) -> tuple[bool, str | None]:
    q = figure.quantity
    rising = q.change == "increase" or q.value == 0
    falling = q.change == "decrease" or q.value == 0
    if params.direction == "not_decrease":
        return rising, None if rising else "wrong_direction"
    if params.direction == "not_increase":
        return falling, None if falling else "wrong_direction"
    if (params.direction == "increase" and q.change != "increase") or (
            params.direction == "decrease" and q.change != "decrease"):
        return False, "wrong_direction"
    if params.min is not None:
        size = convert(q.value, q.unit, params.unit) if params.unit else q.value
        if size is None or size < params.min:
            return False, "change_too_small"
    return True, None


def check_change(req: Requirement, item: Item, context: Context) -> RequirementResult:
    """Judge every clean change figure of the indicator; all must go the required way."""
    params: Change = req.params
    figures = _figures(req, item, context, change=True)
    if params.unit and params.min is not None:
        figures = [f for f in figures if convert(f.quantity.value, f.quantity.unit, params.unit) is not None]
    clean, damaged = clean_first(figures)
    if not clean:
        if damaged:
            evidence = tuple(figure_evidence(req, f, REVIEW, context) for f in damaged)
            return result(req, REVIEW, ("damaged_figure",), evidence, "变化数据疑似复制时损坏，请核对原件")
        levels = _figures(req, item, context, change=False)
        reason = "change_not_found" if levels else "figure_not_found"
        return result(req, NOT_FOUND, (reason,))
    verdicts = [(_judge(params, f), f) for f in clean]
    evidence = tuple(figure_evidence(req, f, PASS if ok else FAIL, context) for (ok, _), f in verdicts)
    failed = [(reason, f) for (ok, reason), f in verdicts if not ok]
    if failed:
        reason, figure = failed[0]
        return result(req, FAIL, (reason,), evidence,
                      f"{figure.quantity.label}{_derived(figure)}：{quote(context, figure)}")
    first = clean[0].quantity
    word = {"increase": "增加", "decrease": "下降"}.get(first.change or "", "")
    return result(req, PASS, (), evidence, f"{first.label}{word}{first.value:g}{first.unit}{_derived(clean[0])}")


def _derived(figure: Figure) -> str:
    """（由表中2020年、2021年两列计算） for a change the report does not state, else nothing."""
    return f"（{figure.quantity.derived}）" if figure.quantity.derived else ""
