"""Figures in tables: each numeric cell becomes the same :class:`~scorer.figure.Quantity` prose gives.

A cell's label is its row's name, its column's name and the caption's subject, with an education
stage (幼儿园, 小学 …) put first so per-stage indicators (幼儿园生均…) find it, and the period the
column or row names (2021年, 上年) added in brackets. Its unit comes from the cell (3.38%), else the
column header (增长率（%）; a growth-rate column is a percentage), the row name, the caption
(单位：万元), else a rate's name (…率) makes it a percentage; a cell whose unit is stated nowhere is
not a figure. Columns (or rows) named 增长率, 增幅, 同比 … hold changes: the sign gives the direction,
the baseline is the period named, else the period before the last one in the table. Header rows are
the leading rows without a numeric cell.

Spans are the cell's text, the "sentence" is the row's line, so a figure from a table goes through the
same evidence and checks as one from prose. Vocabulary lives in ``scorer/data/tables.yaml``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from scorer.figure import Quantity
from scorer.quantities import extract_quantities
from scorer.tables import Cell, Table, find_tables, vocabulary

if TYPE_CHECKING:
    from scorer.evidence import Figure

_NUMBER = re.compile(
    r"(?P<sign>[+\-−－]?)\s*(?P<num>[0-9０-９]{1,3}(?:,[0-9]{3})+(?:[.．][0-9０-９]+)?|[0-9０-９]+(?:[.．][0-9０-９]+)?)"
    r"\s*(?P<rest>.*)"
)
_YEAR = re.compile(r"(?:19|20)[0-9]{2}")
_YEAR_WORD = re.compile(r"(?:19|20)[0-9]{2}(?:[-—－~至到](?:19|20)?[0-9]{2,4})?年?度?")
_BRACKETED = re.compile(r"[（(]([^（）()]{1,12})[)）]")
_WIDTH = str.maketrans("０１２３４５６７８９．－", "0123456789.-")


@lru_cache(maxsize=512)
def unit_of(words: str) -> tuple[str, str] | None:
    """``(unit, kind)`` when ``words`` is exactly a unit prose would read after a number (万元, %, 所)."""
    words = words.strip().split("/")[0].strip()
    if not words:
        return None
    found = extract_quantities("1" + words)
    if len(found) == 1 and found[0].start == 0 and found[0].end == 1 + len(words) and found[0].kind != "year":
        return found[0].unit, found[0].kind
    return None


def stated_unit(text: str) -> tuple[str, str] | None:
    """A unit a header or caption states: 单位：万元, （单位：元）, 金额（万元）, 增长率%."""
    for lead in vocabulary()["unit_lead"]:
        at = text.find(lead)
        if at >= 0:
            tail = re.split(r"[)）,，;；\s]", text[at + len(lead):].lstrip(":： "), maxsplit=1)[0]
            if (unit := unit_of(tail)) is not None:
                return unit
    for group in _BRACKETED.finditer(text):
        if (unit := unit_of(group.group(1))) is not None:
            return unit
    if text.rstrip().endswith(("%", "％")):
        return "%", "percent"
    return None


def _name(text: str) -> str:
    """A header or row name without its unit statement, brackets holding a unit, or trailing %."""
    for lead in vocabulary()["unit_lead"]:
        at = text.find(lead)
        if at >= 0:
            text = text[:at]
    text = _BRACKETED.sub(lambda m: "" if unit_of(m.group(1)) else m.group(0), text)
    return text.rstrip("%％ ").strip(" ：:()（）")


def _period(name: str) -> tuple[str, str]:
    """Split a header into ``(period, rest)``: 2021年 / 上年 / 本年度 and whatever else it says."""
    words = vocabulary()
    year = _YEAR_WORD.search(name)
    if year is not None:
        found = year.group()
        period = found if found.endswith(("年", "度")) else found + "年"
        return period, (name[: year.start()] + name[year.end():]).strip()
    for word in sorted(words["periods"], key=len, reverse=True):
        if word in name:
            return word, name.replace(word, "", 1).strip()
    return "", name


def _growth(name: str) -> tuple[str | None, str, bool]:
    """``(direction of a positive value, name without the growth word, is a rate)`` of a change header."""
    words = vocabulary()
    for key, direction in (("growth_decrease", "decrease"), ("growth_increase", "increase")):
        for word in sorted(words[key], key=len, reverse=True):
            if word in name:
                rate = any(r in word for r in words["growth_rates"])
                return direction, name.replace(word, "", 1).strip(), rate
    return None, name, False


def _subject(captions: tuple[Cell, ...]) -> str:
    """What the caption says the table measures: 表1、years, units and filler words removed."""
    words = vocabulary()
    out = []
    for cell in captions:
        text = cell.text
        if text.startswith(words["unit_lead"]):
            continue
        for lead in sorted(words["caption_lead"], key=len, reverse=True):
            if text.startswith(lead):
                text = re.sub(r"^[0-9０-９一二三四五六七八九十\-—.．]*[\s:：、.．]*", "", text[len(lead):])
                break
        text = _YEAR_WORD.sub("", _name(text))
        for filler in sorted(words["caption_fillers"], key=len, reverse=True):
            text = text.replace(filler, "")
        out.append(text.strip(" ：:，,、"))
    return "".join(out)


def _compose(parts: list[str]) -> str:
    """Join label parts, an education stage first, dropping a part another one already holds."""
    stages = vocabulary()["stages"]
    kept: list[str] = []
    for part in parts:
        if part and not any(part in other for other in kept):
            kept = [k for k in kept if k not in part]
            kept.append(part)
    kept.sort(key=lambda p: not p.startswith(stages))
    return "".join(kept)


def _value(cell: Cell, *, first: bool) -> tuple[float, str | None, str | None] | None:
    """``(value, unit, kind)`` of a numeric cell, or None for text, periods and the like."""
    match = _NUMBER.fullmatch(cell.text)
    if match is None:
        return None
    number, rest = match.group("num").translate(_WIDTH), match.group("rest").strip()
    bare = number.replace(",", "")
    if _YEAR.fullmatch(bare) and (rest in ("年", "年度") or (not rest and first)):
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
    """The figures of one table, in text order."""
    heads = _header_rows(table)
    columns: dict[int, str] = {}
    for row in table.rows[:heads]:
        for j, cell in enumerate(row):
            columns[j] = (columns.get(j, "") + cell.text) if cell.text not in columns.get(j, "") else columns[j]
    subject = _subject(table.captions)
    caption_unit = next((u for c in table.captions if (u := stated_unit(c.text)) is not None), None)
    col_periods = [p for j in sorted(columns) if (p := _period(_name(columns[j]))[0])]
    previous = col_periods[-2] if len(col_periods) >= 2 else None
    rate = vocabulary()["rate_suffixes"]
    out: list[Quantity] = []
    for row, line in zip(table.rows[heads:], table.lines[heads:], strict=True):
        names: list[str] = []
        for j, cell in enumerate(row):
            read = _value(cell, first=j == 0)
            if read is None:
                names.append(cell.text)
                continue
            value, unit, kind = read
            header = columns.get(j, "")
            row_period, row_name = _period(_name("".join(names)))
            col_period, col_rest = _period(_name(header))
            row_dir, row_rest, row_rate = _growth(row_name)
            col_dir, col_rest, col_rate = _growth(col_rest)
            direction = col_dir or row_dir
            if unit is None:
                # A growth rate is a percentage whatever unit the caption gives the table's levels.
                stated = stated_unit(header) or (("%", "percent") if col_dir and col_rate else None)
                stated = stated or stated_unit("".join(names)) or (("%", "percent") if row_dir and row_rate else None)
                stated = stated or caption_unit
                if stated is None and any(n.endswith(rate) for n in (col_rest, row_rest, subject) if n):
                    stated = ("%", "percent")
                if stated is None:
                    continue
                unit, kind = stated
            change = baseline = None
            if direction is not None:
                flip = value < 0
                value = abs(value)
                change = direction if not flip else ("increase" if direction == "decrease" else "decrease")
                baseline = _baseline(header + "".join(names), col_period or row_period, previous)
            period = "" if change else (col_period or row_period)
            label = _compose([row_rest, col_rest, subject])
            label = f"{label}（{period}）" if period and label else label
            out.append(Quantity(value=value, unit=unit, kind=kind or "count", start=cell.start, end=cell.end,
                                text=text[cell.start:cell.end], label=label, change=change, baseline=baseline,
                                approx=False, sentence=line, period=period or None))
    return out


def period_rank(period: str | None) -> tuple[int, int]:
    """Order of a period: a year by its number, 上年 before 本年; ``(0, 0)`` when none is named."""
    if not period:
        return 0, 0
    year = _YEAR.match(period)
    if year is not None:
        return 2, int(year.group())
    return 1, 0 if period in vocabulary()["previous_year"] else 1


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
