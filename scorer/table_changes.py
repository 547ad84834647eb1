"""Changes a table implies but does not state: the difference between its two latest periods.

A table with columns 2020年 | 2021年 (or rows, or 上年 | 本年) and no growth column still says how each
indicator changed. For every indicator with one figure in each of two periods this gives the change the
way prose states it (比上年增长3.38%): for a percentage (入园率, 占比) the difference in 个百分点, never a
percent growth; for anything else the absolute increase in the same unit and the growth rate in %. Each
derived figure says so in :attr:`~scorer.figure.Quantity.derived` (由表中2020年、2021年两列计算), spans the
later period's cell, and measures against the earlier period.

A change the table states for the same indicator (a growth column) is not counted twice: when the derived
value agrees with it (within rounding) only the stated one is kept; when it disagrees both are kept and the
derived one says it disagrees, so a check sees the conflict and the inspector the reason.
"""

from __future__ import annotations

import dataclasses
from typing import NamedTuple

from scorer.figure import Quantity
from scorer.table_headers import period_rank

#: Least gap that counts as a disagreement, besides half a unit of the stated value's last decimal.
AGREEMENT = 0.05


class TableFigure(NamedTuple):
    """A figure read from a cell, with its label before the period was added (what pairs periods)."""

    quantity: Quantity
    base: str


def _decimals(text: str) -> int:
    digits = text.translate(str.maketrans("．", ".")).rstrip("%％ ")
    return len(digits.split(".", 1)[1]) if "." in digits else 0


def _pairs(figures: list[TableFigure]) -> list[tuple[Quantity, Quantity]]:
    """(earlier, later) level figures of one indicator in the table's two latest comparable periods."""
    groups: dict[tuple[str, str], list[Quantity]] = {}
    for figure in figures:
        q = figure.quantity
        if q.change is None and q.period and not q.approx and q.kind != "year":
            groups.setdefault((figure.base, q.unit), []).append(q)
    out = []
    for group in groups.values():
        kinds = {period_rank(q.period or "")[0] for q in group}
        kind = 2 if 2 in kinds else 1  # years, else 上年/本年; never a year against 本年
        same = [q for q in group if period_rank(q.period or "")[0] == kind]
        periods = [q.period for q in same]
        if len(set(periods)) < 2 or len(set(periods)) != len(periods):
            continue  # one period only, or a period twice (two rows lost their names): nothing to pair
        earlier, later = sorted(same, key=lambda q: period_rank(q.period or ""))[-2:]
        out.append((earlier, later))
    return out


def _note(earlier: Quantity, later: Quantity) -> str:
    across = "列" if earlier.sentence == later.sentence else "行"
    return f"由表中{earlier.period}、{later.period}两{across}计算"


def _derived(earlier: Quantity, later: Quantity, base: str) -> list[Quantity]:
    """The changes from ``earlier`` to ``later``: points for a percentage, else amount and growth rate."""
    places = max(_decimals(earlier.text), _decimals(later.text))
    diff = round(later.value - earlier.value, places)
    change = "increase" if diff >= 0 else "decrease"
    shared = {"start": later.start, "end": later.end, "text": later.text, "label": base, "change": change,
              "baseline": earlier.period, "approx": False, "sentence": later.sentence, "period": None,
              "derived": _note(earlier, later)}
    if later.unit == "%":
        return [Quantity(value=abs(diff), unit="个百分点", kind="points", **shared)]
    out = [Quantity(value=abs(diff), unit=later.unit, kind=later.kind, **shared)]
    if earlier.value > 0:
        out.append(Quantity(value=round(abs(diff) / earlier.value * 100, 2), unit="%", kind="percent", **shared))
    return out


def _comparable(derived: Quantity, stated: Quantity) -> bool:
    """Whether a stated change measures the same thing as a derived one (points are often written as %)."""
    return stated.unit == derived.unit or (derived.unit == "个百分点" and stated.unit == "%")


def _agrees(derived: Quantity, stated: Quantity) -> bool:
    signed = derived.value * (1 if derived.change == "increase" else -1)
    told = stated.value * (1 if stated.change == "increase" else -1)
    return abs(signed - told) <= max(AGREEMENT, 0.5 * 10 ** -_decimals(stated.text) + 1e-9)


def _named(figures: list[TableFigure], pairs: list[tuple[Quantity, Quantity]]) -> list[TableFigure]:
    """Stated changes named after the one indicator whose two periods stand on their row.

    A growth column under its own header (增长率（%）) beside years under a merged measure header names only
    the row (普通初中); it is the change of the row's one paired indicator, so it takes that indicator's label.
    """
    by_line: dict[tuple[int, int], set[str]] = {}
    for figure in figures:
        if any(figure.quantity is later for _, later in pairs):
            by_line.setdefault(figure.quantity.sentence, set()).add(figure.base)
    out = []
    for figure in figures:
        q = figure.quantity
        bases = by_line.get(q.sentence, set())
        base = next(iter(bases)) if len(bases) == 1 else None
        if q.change is not None and base is not None and figure.base != base and figure.base in base:
            out.append(TableFigure(dataclasses.replace(q, label=base), base))
        else:
            out.append(figure)
    return out


def with_changes(figures: list[TableFigure]) -> list[Quantity]:
    """A table's figures and the changes between the two latest periods of each indicator, in text order.

    A stated change is counted once: a derived one that agrees with it is dropped.

    Args:
        figures: The table's figures with their labels before the period was added.

    Returns:
        The cells' figures (a growth column named after its row's indicator) and the derived changes, marked
        as derived; a derived change follows the figure of the cell it spans.
    """
    pairs = _pairs(figures)
    figures = _named(figures, pairs)
    cells = [figure.quantity for figure in figures]
    return sorted(cells + _derived_changes(figures, pairs), key=lambda q: q.start)


def _derived_changes(figures: list[TableFigure], pairs: list[tuple[Quantity, Quantity]]) -> list[Quantity]:
    stated = [f for f in figures if f.quantity.change is not None]
    out: list[Quantity] = []
    for earlier, later in pairs:
        base = next(f.base for f in figures if f.quantity is later)
        told = [f.quantity for f in stated if f.base == base]
        for computed in _derived(earlier, later, base):
            same = [q for q in told if _comparable(computed, q)]
            if same and any(_agrees(computed, q) for q in same):
                continue  # the table states it: count it once
            if same:
                shown = "、".join(q.text if q.text.endswith(q.unit) else q.text + q.unit for q in same)
                out.append(dataclasses.replace(computed, derived=f"{computed.derived}，与表中所列变化{shown}不一致"))
            else:
                out.append(computed)
    return out

