"""降等 on a trend: an indicator getting worse in N consecutive years, by the figures with years the report gives.

Worse is the indicator's ``direction``: a fall for one where higher is better (体质健康合格率, the default ``up``),
a rise for one where lower is better (近视率, ``direction: down``).

A figure's year comes from a table's year column or row (``Quantity.period``: 2021年), or, in prose, from the
years of its sentence: ``2020年、2021年、2022年…合格率分别为92.1%、91.5%、90.2%`` pairs the years and the
figures in order; ``2020年合格率92.1%，2021年合格率91.5%`` gives each figure the year just before it. Damaged
figures and years stated twice with different figures count for nothing: a downgrade never fires on unclear
evidence.
"""

from __future__ import annotations

import re
from itertools import pairwise

from scheme.model import Downgrade as Condition
from scheme.model import Indicator, Rubric
from scorer.evidence import Context, Figure
from scorer.result import Downgrade

_YEAR = re.compile(r"^((?:19|20)\d\d)年")


def yearly_figures(indicator: Indicator, context: Context) -> dict[int, Figure]:
    """The indicator's clean level figures by year (a year with two different figures is left out)."""
    figures = [f for f in context.figures_for(indicator, context.evaluative, change=False) if not f.damaged]
    years = [f for f in context.figures if f.quantity.kind == "year"]
    found: dict[int, list[Figure]] = {}
    by_sentence: dict[tuple[int, int], list[Figure]] = {}
    for figure in figures:
        period = _YEAR.match(figure.quantity.period or "")
        if period:
            found.setdefault(int(period.group(1)), []).append(figure)
        elif figure.quantity.period is None:
            by_sentence.setdefault(figure.quantity.sentence, []).append(figure)
    for sentence, values in by_sentence.items():
        stated = [y for y in years if y.quantity.sentence == sentence]
        for year, figure in _pair(stated, values):
            found.setdefault(year, []).append(figure)
    return {year: group[0] for year, group in found.items()
            if len({f.quantity.value for f in group}) == 1}


def _pair(years: list[Figure], values: list[Figure]) -> list[tuple[int, Figure]]:
    """Years and figures of one sentence paired: in order when every year comes first, else the year before each."""
    if not years:
        return []
    if len(years) == len(values) and years[-1].quantity.start < values[0].quantity.start:
        return [(int(y.quantity.value), v) for y, v in zip(years, values, strict=True)]
    out = []
    previous_end = -1
    for value in values:
        before = [y for y in years if previous_end <= y.quantity.start < value.quantity.start]
        if before:
            out.append((int(before[-1].quantity.value), value))
        previous_end = value.quantity.end
    return out


def declines_in_a_row(indicator: Indicator, context: Context) -> tuple[int, tuple[tuple[int, float], ...]]:
    """The longest run of year-on-year declines over consecutive years, and the yearly values it was read from.

    A decline is a change for the worse (``Indicator.worse``): a rise where lower is better.
    """
    by_year = yearly_figures(indicator, context)
    series = tuple((year, by_year[year].quantity.value) for year in sorted(by_year))
    longest = run = 0
    for (year0, value0), (year1, value1) in pairwise(series):
        run = run + 1 if year1 == year0 + 1 and indicator.worse(value0, value1) else 0
        longest = max(longest, run)
    return longest, series


def fired_trend(condition: Condition, rubric: Rubric, context: Context) -> Downgrade | None:
    """The fired downgrade when the indicator got worse in ``condition.declines`` consecutive years, else ``None``."""
    indicator = rubric.get(condition.indicator)
    run, series = declines_in_a_row(indicator, context)
    if run < condition.declines:
        return None
    values = "、".join(f"{year}年{value:g}" for year, value in series)
    # the figure moved the worse way: down for most indicators, up for one where lower is better (近视率)
    moved = "上升（越低越好）" if indicator.direction == "down" else "下降"
    return Downgrade(condition.id, condition.title, condition.effect, "",
                     f"{condition.indicator} 连续 {run} 年{moved}（{values}）")
