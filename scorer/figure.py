"""The value of a figure found in report text, shared by the extractor and the labeller."""

from __future__ import annotations

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


class RawFigure(NamedTuple):
    """A figure before labelling: span, value and unit only (a tuple: a report makes a thousand, in passing)."""

    start: int
    end: int
    value: float
    unit: str
    kind: str
    approx: bool
    after: int  # first index after the unit and any 左右, where a counted noun may follow
