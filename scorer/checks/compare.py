"""``compare``: one indicator's figure against another's from the same report (教师工资 ≥ 公务员工资)."""

from __future__ import annotations

from scheme.kinds import Compare
from scheme.model import Item, Requirement
from scorer.checks.common import clean_first, figure_evidence, quote, result
from scorer.checks.threshold import OPS, level_figures
from scorer.evidence import MONEY, Context, Figure, convert
from scorer.result import FAIL, NOT_FOUND, PASS, REVIEW, RequirementResult


def _value(figure: Figure, unit: str) -> float | None:
    return convert(figure.quantity.value, figure.quantity.unit, unit)


def check_compare(req: Requirement, item: Item, context: Context) -> RequirementResult:
    """Pass when the first clean figure of ``left`` satisfies ``op`` against the first clean one of ``right``."""
    params: Compare = req.params
    left_clean, left_damaged = clean_first(level_figures(req, item, context, params.left))
    right_clean, right_damaged = clean_first(level_figures(req, item, context, params.right))
    if not left_clean or not right_clean:
        damaged = [*left_damaged, *right_damaged]
        if damaged:
            return result(req, REVIEW, ("damaged_figure",), tuple(figure_evidence(req, f, REVIEW, context)
                                                                 for f in damaged),
                          f"“{damaged[0].quantity.text}”疑似复制时损坏，无法比较")
        return result(req, NOT_FOUND, ("figure_not_found",))
    left, right = left_clean[0], right_clean[0]
    unit = right.quantity.unit
    if left.quantity.unit in MONEY and unit in MONEY:
        unit = "元"
    a, b = _value(left, unit), _value(right, unit)
    if a is None or b is None:  # units that cannot be put side by side (the semantic pass makes this rare)
        return result(req, NOT_FOUND, ("figure_not_found",))
    ok = OPS[params.op](a, b)
    outcome = PASS if ok else FAIL
    evidence = (figure_evidence(req, left, outcome, context), figure_evidence(req, right, outcome, context))
    detail = (f"{left.quantity.label} {left.quantity.value:g}{left.quantity.unit} {params.op} "
              f"{right.quantity.label} {right.quantity.value:g}{right.quantity.unit}："
              f"{'是' if ok else '否'}；{quote(context, left)}")
    return result(req, outcome, () if ok else ("below_compared",), evidence, detail)
