"""Figures in tables: each numeric cell becomes the same :class:`~scorer.figure.Quantity` prose gives.

A cell's label is its row's name, its column's name and the caption's subject, with an education
stage (幼儿园, 小学 …) put first so per-stage indicators (幼儿园生均…) find it, and the period the
column or row names (2021年, 上年) added in brackets. Its unit comes from the cell (3.38%), else the
column header (增长率（%）; a growth-rate column is a percentage), the row name, the caption
(单位：万元), else a rate's name (…率) makes it a percentage; a cell whose unit is stated nowhere is
not a figure. Columns (or rows) named 增长率, 增幅, 同比 … hold changes: the sign gives the direction,
the baseline is the period named, else the period before the last one in the table. Header rows are
the leading rows without a numeric cell; several of them combine (:mod:`scorer.table_headers`: the period
from the level naming it, the unit from the level nearest the cell). An indicator with a figure in each
of two periods also gets the change between them, marked as derived (:mod:`scorer.table_changes`).

Spans are the cell's text, the "sentence" is the row's line, so a figure from a table goes through the
same evidence and checks as one from prose. Vocabulary lives in ``scorer/data/tables.yaml``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from scorer.figure import Quantity
from scorer.table_changes import TableFigure, with_changes
from scorer.table_headers import (
    NO_HEADER,
    YEAR,
    column_headers,
    compose,
    filled_labels,
    growth_of,
    name_of,
    period_of,
    period_rank,
    stated_unit,
    subject_of,
    unit_of,
)
from scorer.tables import Cell, Table, find_tables, vocabulary

if TYPE_CHECKING:
    from scorer.evidence import Figure

_NUMBER = re.compile(
    r"(?P<sign>[+\-−－]?)\s*(?P<num>[0-9０-９]{1,3}(?:,[0-9]{3})+(?:[.．][0-9０-９]+)?|[0-9０-９]+(?:[.．][0-9０-９]+)?)"
    r"\s*(?P<rest>.*)"
)
_WIDTH = str.maketrans("０１２３４５６７８９．－", "0123456789.-")


def _value(cell: Cell, *, first: bool) -> tuple[float, str | None, str | None] | None:
    """``(value, unit, kind)`` of a numeric cell, or None for text, periods and the like."""
    match = _NUMBER.fullmatch(cell.text)
    if match is None:
        return None
    number, rest = match.group("num").translate(_WIDTH), match.group("rest").strip()
    bare = number.replace(",", "")
    if YEAR.fullmatch(bare) and (rest in ("年", "年度") or (not rest and first)):
        return None  # 2021年, or a bare year naming a row
    unit = unit_of(rest) if rest else None
    if rest and unit is None:
        return None
    value = float(bare) * (-1 if match.group("sign") in ("-", "−", "－") else 1)
    return (value, *unit) if unit else (value, None, None)


def _header_rows(table: Table) -> int:
    count = 0
    for row in table.rows:
        if any(_value(cell, first=True) is not None for cell in row):
            break
        count += 1
    return count


def table_quantities(text: str, table: Table) -> list[Quantity]:
    """The figures of one table, in text order: its cells, then the changes derived from two periods."""
    heads = _header_rows(table)
    columns = column_headers(table, heads)
    subject = subject_of(table.captions)
    caption_unit = next((u for c in table.captions if (u := stated_unit(c.text)) is not None), None)
    col_periods = [h.period for _, h in sorted(columns.items()) if h.period]
    previous = col_periods[-2] if len(col_periods) >= 2 else None
    rate = vocabulary()["rate_suffixes"]
    out: list[TableFigure] = []
    above: list[str] | None = None
    for row, line in zip(table.rows[heads:], table.lines[heads:], strict=True):
        reads = [_value(cell, first=j == 0) for j, cell in enumerate(row)]
        texts = filled_labels(row, above, next((j for j, r in enumerate(reads) if r is not None), len(row)))
        above = texts
        names: list[str] = []
        for j, cell in enumerate(row):
            read = reads[j]
            if read is None:
                names.append(texts[j])
                continue
            value, unit, kind = read
            head = columns.get(j, NO_HEADER)
            row_period, row_name = period_of(name_of("".join(names)))
            row_dir, row_rest, row_rate = growth_of(row_name)
            direction = head.direction or row_dir
            if unit is None:
                # A growth rate is a percentage whatever unit the caption gives the table's levels.
                stated = head.unit or (("%", "percent") if head.direction and head.rate else None)
                stated = stated or stated_unit("".join(names)) or (("%", "percent") if row_dir and row_rate else None)
                stated = stated or caption_unit
                if stated is None and any(n.endswith(rate) for n in (head.rest, row_rest, subject) if n):
                    stated = ("%", "percent")
                if stated is None:
                    continue
                unit, kind = stated
            change = baseline = None
            if direction is not None:
                flip = value < 0
                value = abs(value)
                change = direction if not flip else ("increase" if direction == "decrease" else "decrease")
                baseline = _baseline(head.text + "".join(names), head.period or row_period, previous)
            period = "" if change else (head.period or row_period)
            base = compose([row_rest, head.rest, subject])
            label = f"{base}（{period}）" if period and base else base
            quantity = Quantity(value=value, unit=unit, kind=kind or "count", start=cell.start, end=cell.end,
                                text=text[cell.start:cell.end], label=label, change=change, baseline=baseline,
                                approx=False, sentence=line, period=period or None)
            out.append(TableFigure(quantity, base))
    return with_changes(out)


def latest_in_row(figures: list[Figure]) -> Figure:
    """The first figure, or the one of its table row whose column names the latest period.

    A threshold compares the current value: in ``毛入园率 | 90.12 | 91.40`` under 上年 | 本年 that is 91.40.
    """
    first = figures[0]
    if first.quantity.period is None:
        return first
    row = [f for f in figures if f.quantity.sentence == first.quantity.sentence and f.quantity.period]
    return max(row, key=lambda f: period_rank(f.quantity.period))


def _baseline(words: str, period: str, previous: str | None) -> str | None:
    vocab = vocabulary()
    if any(w in words for w in vocab["same_period"]):
        return "上年同期"
    if any(w in words for w in vocab["previous_year"]):
        return "上年"
    return period or previous


def with_table_figures(text: str, prose: list[Quantity]) -> list[Quantity]:
    """Prose figures outside tables plus the figures of every table, in text order.

    Args:
        text: The report text.
        prose: What :func:`scorer.quantities.extract_quantities` found in the whole text.

    Returns:
        The figures; inside a table's rows only the table's own reading of the cells counts.
    """
    tables = find_tables(text)
    if not tables:
        return prose
    rows = [span for table in tables for span in table.lines]
    kept = [q for q in prose if not any(start <= q.start < end for start, end in rows)]
    cells = [q for table in tables for q in table_quantities(text, table)]
    return sorted(kept + cells, key=lambda q: q.start)
