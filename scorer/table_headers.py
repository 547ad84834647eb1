"""What a table's headers, row names and caption say about its cells: names, units, periods, growth.

A column may have several header rows (学段 | 2020年 | 2020年 … over | 生均一般公共预算教育支出（元） | …, a merged
cell repeated by the reader in every column it covers). Each header row is read on its own and the levels
combined: the period from whichever level names one, the unit from the level nearest the cell that states
one, the growth word from any level, and the names of all levels joined top to bottom. A header cell left
empty beside a filled one above another filled header cell is the rest of a merged cell (a PDF table gives
merged cells once) and reads as the cell to its left. Vocabulary lives in ``scorer/data/tables.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from scorer.quantities import extract_quantities
from scorer.tables import Cell, Table, vocabulary

YEAR = re.compile(r"(?:19|20)[0-9]{2}")
YEAR_WORD = re.compile(r"(?:19|20)[0-9]{2}(?:[-—－~至到](?:19|20)?[0-9]{2,4})?年?度?")
_BRACKETED = re.compile(r"[（(]([^（）()]{1,12})[)）]")


@dataclass(frozen=True)
class Header:
    """What the header rows above one column say about its cells.

    Attributes:
        text: All header levels joined, top to bottom (for words such as 同比 anywhere in them).
        period: The year or period a level names (2021年, 上年), else "".
        rest: The names of all levels without period, unit and growth word, joined top to bottom.
        unit: ``(unit, kind)`` the level nearest the cell states, else None.
        direction: ``increase``/``decrease`` when a level names a change (增长率, 下降), else None.
        rate: True when that change word is a rate (增长率, 增幅): a bare number under it is a percentage.
    """

    text: str
    period: str
    rest: str
    unit: tuple[str, str] | None
    direction: str | None
    rate: bool


NO_HEADER = Header("", "", "", None, None, False)


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


def name_of(text: str) -> str:
    """A header or row name without its unit statement, brackets holding a unit, or trailing %."""
    for lead in vocabulary()["unit_lead"]:
        at = text.find(lead)
        if at >= 0:
            text = text[:at]
    text = _BRACKETED.sub(lambda m: "" if unit_of(m.group(1)) else m.group(0), text)
    return text.rstrip("%％ ").strip(" ：:()（）")


def period_of(name: str) -> tuple[str, str]:
    """Split a header into ``(period, rest)``: 2021年 / 上年 / 本年度 and whatever else it says."""
    words = vocabulary()
    year = YEAR_WORD.search(name)
    if year is not None:
        found = year.group()
        period = found if found.endswith(("年", "度")) else found + "年"
        return period, (name[: year.start()] + name[year.end():]).strip()
    for word in sorted(words["periods"], key=len, reverse=True):
        if word in name:
            return word, name.replace(word, "", 1).strip()
    return "", name


def growth_of(name: str) -> tuple[str | None, str, bool]:
    """``(direction of a positive value, name without the growth word, is a rate)`` of a change header."""
    words = vocabulary()
    for key, direction in (("growth_decrease", "decrease"), ("growth_increase", "increase")):
        for word in sorted(words[key], key=len, reverse=True):
            if word in name:
                rate = any(r in word for r in words["growth_rates"])
                return direction, name.replace(word, "", 1).strip(), rate
    return None, name, False


def subject_of(captions: tuple[Cell, ...]) -> str:
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
        text = YEAR_WORD.sub("", name_of(text))
        for filler in sorted(words["caption_fillers"], key=len, reverse=True):
            text = text.replace(filler, "")
        out.append(text.strip(" ：:，,、"))
    return "".join(out)


def compose(parts: list[str]) -> str:
    """Join label parts, an education stage first, dropping a part another one already holds."""
    stages = vocabulary()["stages"]
    kept: list[str] = []
    for part in parts:
        if part and not any(part in other for other in kept):
            kept = [k for k in kept if k not in part]
            kept.append(part)
    kept.sort(key=lambda p: not p.startswith(stages))
    return "".join(kept)


def period_rank(period: str | None) -> tuple[int, int]:
    """Order of a period: a year by its number, 上年 before 本年; ``(0, 0)`` when none is named."""
    if not period:
        return 0, 0
    year = YEAR.match(period)
    if year is not None:
        return 2, int(year.group())
    return 1, 0 if period in vocabulary()["previous_year"] else 1


def header(levels: list[str]) -> Header:
    """Combine the header levels of one column (top to bottom) into what they say together."""
    period, unit, direction, rate = "", None, None, False
    rests: list[str] = []
    for text in reversed(levels):  # the level nearest the cell first: its unit and period are the most specific
        level_period, rest = period_of(name_of(text))
        period = period or level_period
        unit = unit or stated_unit(text)
        level_direction, rest, level_rate = growth_of(rest)
        if direction is None and level_direction is not None:
            direction, rate = level_direction, level_rate
        rests.insert(0, rest)
    return Header("".join(levels), period, compose(rests) if len(rests) > 1 else "".join(rests), unit, direction,
                  rate)


def column_headers(table: Table, heads: int) -> dict[int, Header]:
    """What the first ``heads`` rows say about each column (header texts repeated down a column count once)."""
    rows = [[cell.text for cell in row] for row in table.rows[:heads]]
    width = max((len(row) for row in table.rows), default=0)
    rows = [row + [""] * (width - len(row)) for row in rows]  # a row's empty last cells were dropped
    for r in range(len(rows) - 1):  # a merged header a PDF gave once: the empty rest reads as its left part
        below = rows[r + 1]
        for j in range(1, len(rows[r])):
            if not rows[r][j] and rows[r][j - 1] and below[j]:
                rows[r][j] = rows[r][j - 1]
    levels: dict[int, list[str]] = {}
    for row in rows:
        for j, text in enumerate(row):
            column = levels.setdefault(j, [])
            if text and text not in column:
                column.append(text)
    return {j: header(texts) for j, texts in levels.items()}


def filled_labels(row: tuple[Cell, ...], previous: list[str] | None, first_value: int) -> list[str]:
    """A data row's cell texts with empty row-label cells (left of its first figure) read from the row above.

    A label cell merged down several rows is given once by a PDF table; the rows below it keep their place.
    """
    texts = [cell.text for cell in row]
    if previous is None:
        return texts
    for j in range(min(first_value, len(previous))):
        if not texts[j] and previous[j]:
            texts[j] = previous[j]
    return texts
