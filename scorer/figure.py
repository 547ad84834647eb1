"""The value of a figure found in report text, shared by the extractor and the labeller."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple


@dataclass(frozen=True)
class Quantity:
    """One figure found in the text.

    Attributes:
        value: Numeric value in the stated unit (197830 for 197830万元, 10000 for 近万名).
        unit: Normalised unit as written: 万元, 元, 亿元, %, 个百分点, 个, 所, 名, 万人, 平方米, 年 ...
        kind: ``amount``, ``percent``, ``points``, ``count``, ``area`` or ``year``.
        start: Start of the number+unit span, plus the ``offset`` given.
        end: End of the span, plus the ``offset`` given.
        text: The exact slice of the input for the span (before adding the offset).
        label: Indicator words the figure belongs to, e.g. 一般公共预算教育经费, 幼儿生均; may be "".
        change: ``None`` for a level, ``"increase"`` or ``"decrease"`` for a change figure.
        baseline: What a change is measured against when stated (上年, 2020年), else ``None``.
        approx: True for 近/约/余/多/左右 figures (20余次, 近万名, 约104亿元).
        sentence: Span of the sentence holding the figure (split at 。；;！？!? and newlines), offset.
        period: The year or period a table column or row names for the figure (2021年, 上年), else ``None``.
        low: For a range (56—65人) its lower end; ``value`` is then the upper end, as the figure read before ranges
            were known (so a reader that ignores ``low`` sees what it always saw). ``None`` for a single figure.
        bound: What the figure bounds: ``">="`` (90%以上, 不少于90%), ``">"`` (超过), ``"<"`` (不足, 低于) or
            ``"<="`` (以内, 不超过); ``None`` for a figure stated as it is.
        per: What an amount is per, as one unit with ``unit`` (``生·年`` in 800元/生·年), else ``None``.
        derived: How the figure was computed when the report does not state it (a change between two periods of
            a table: ``由表中2020年、2021年两列计算``); its span is the cell it was computed up to. ``None`` for a
            figure as stated.
    """

    value: float
    unit: str
    kind: str
    start: int
    end: int
    text: str
    label: str
    change: str | None
    baseline: str | None
    approx: bool
    sentence: tuple[int, int]
    period: str | None = None
    low: float | None = None
    bound: str | None = None
    per: str | None = None
    derived: str | None = None


class RawFigure(NamedTuple):
    """A figure before labelling: span, value and unit only (a tuple: a report makes a thousand, in passing)."""

    start: int
    end: int
    value: float
    unit: str
    kind: str
    approx: bool
    after: int  # first index after the unit and any 左右, where a counted noun may follow
    low: float | None = None  # Quantity.low
    bound: str | None = None  # Quantity.bound
    per: str | None = None  # Quantity.per


_BOUND_WORDS = {">=": "不少于", ">": "超过", "<": "不足", "<=": "不超过"}


def lowest(q: Quantity) -> float | None:
    """The least value the figure allows (its lower end or bound; ``None`` when it has no lower limit)."""
    if q.bound in ("<", "<="):
        return None
    return q.low if q.low is not None else q.value


def highest(q: Quantity) -> float | None:
    """The greatest value the figure allows (its upper end or bound; ``None`` when it has no upper limit)."""
    return None if q.bound in (">=", ">") else q.value


def settles(q: Quantity, op: str, limit: float, to: Callable[[float], float] = float) -> bool | None:
    """Whether the figure satisfies ``op limit`` (True), does not (False), or leaves it open (None).

    A range is values spread between its ends, all of which must hold: checked against ``>= 85`` its lower end
    decides, against ``<= 45`` its upper end. A bound decides when it lies on the right side: 90%以上 meets
    ``>= 90``, 不足90% fails it, 超过85% leaves ``>= 90`` open.

    Args:
        q: The figure.
        op: ``>=``, ``>``, ``<=``, ``<`` or ``==``.
        limit: The threshold, in the unit ``to`` converts the figure's values into.
        to: Converts a value of the figure into the threshold's unit (万元 to 元).
    """
    lo, hi = lowest(q), highest(q)
    if q.bound is None:  # a range is a spread of values, all of which must hold: the end the operator needs decides
        end = to(lo if op in (">=", ">") else hi)  # type: ignore[arg-type]  # no bound: both ends are known
        return {">=": end >= limit, ">": end > limit, "<=": end <= limit, "<": end < limit,
                "==": to(q.value) == limit and q.low is None}[op]
    lo = None if lo is None else to(lo)
    hi = None if hi is None else to(hi)
    lo_open, hi_open = q.bound == ">", q.bound == "<"
    above = lo is not None and (lo > limit or (lo_open and lo >= limit))  # every value > limit
    at_least = lo is not None and lo >= limit  # every value >= limit
    below = hi is not None and (hi < limit or (hi_open and hi <= limit))  # every value < limit
    at_most = hi is not None and hi <= limit  # every value <= limit
    verdicts = {">=": (at_least, below), ">": (above, at_most), "<=": (at_most, above), "<": (below, at_least),
                "==": (lo == hi == limit and not (lo_open or hi_open), above or below)}
    holds, fails = verdicts[op]
    return True if holds else False if fails else None


def stated(q: Quantity, to: Callable[[float], float] = float) -> str:
    """The value as the report states it, without unit: ``91.56``, ``56—65`` (a range), ``不少于90`` (a bound)."""
    value = f"{to(q.value):g}"
    if q.low is not None:
        value = f"{to(q.low):g}—{value}"
    return _BOUND_WORDS.get(q.bound or "", "") + value
