"""``compare``: one indicator's figure against another's from the same report (教师工资 ≥ 公务员工资)."""

from __future__ import annotations

from collections.abc import Callable

from scheme.kinds import Compare
from scheme.model import Item, Requirement
from scorer.checks.common import clean_first, figure_evidence, quote, result
from scorer.checks.threshold import OPS, level_figures
from scorer.evidence import MONEY, Context, Figure, convert
from scorer.figure import Quantity, settles, stated
from scorer.result import FAIL, NOT_FOUND, PASS, REVIEW, RequirementResult


def _value(figure: Figure, unit: str) -> float | None:
    return convert(figure.quantity.value, figure.quantity.unit, unit)


def check_compare(req: Requirement, item: Item, context: Context) -> RequirementResult:
    """Pass when the first clean figure of ``left`` satisfies ``op`` against the first clean one of ``right``.

    A range or bound on one side is settled against the other's value (不低于12万元 against 12.18万元 is open:
    review, bound_unclear).
    """
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
    verdict = _verdict(left, right, params.op, unit)
    outcome = PASS if verdict else FAIL if verdict is False else REVIEW
    evidence = (figure_evidence(req, left, outcome, context), figure_evidence(req, right, outcome, context))
    answer = {PASS: "是", FAIL: "否", REVIEW: "无法判断"}[outcome]
    detail = (f"{left.quantity.label} {stated(left.quantity)}{left.quantity.unit} {params.op} "
              f"{right.quantity.label} {stated(right.quantity)}{right.quantity.unit}："
              f"{answer}；{quote(context, left)}")
    reasons = {PASS: (), FAIL: ("below_compared",), REVIEW: ("bound_unclear",)}[outcome]
    return result(req, outcome, reasons, evidence, detail)


_FLIP = {">=": "<=", ">": "<", "<=": ">=", "<": ">", "==": "=="}


def _verdict(left: Figure, right: Figure, op: str, unit: str) -> bool | None:
    """``left op right`` for figures that may be ranges or bounds (scorer.figure.settles); None when open.

    Two plain figures compare as numbers; a range or bound on one side is settled against the other's value; a
    range or bound on both sides is left open.
    """
    a, b = left.quantity, right.quantity
    plain_a, plain_b = a.low is None and a.bound is None, b.low is None and b.bound is None

    def to(q: Quantity) -> Callable[[float], float]:
        return lambda v: convert(v, q.unit, unit) or 0.0  # the units convert: the caller checked

    if plain_a and plain_b:
        return OPS[op](to(a)(a.value), to(b)(b.value))
    if plain_b:
        return settles(a, op, to(b)(b.value), to(a))
    if plain_a:
        return settles(b, _FLIP[op], to(a)(a.value), to(b))
    return None
