"""Tables in report text: rows of cells and the caption above them, with offsets into the text.

Every reader writes a table as one line per row: the docx, html and pdf readers join cells with
`` | ``; a plain-text report draws them with tabs or box-drawing characters (``│``, ``┃``, ``║``), often
between rule lines (``├──┼──┤``). A table is a run of at least two such rows (rule lines may sit
between them). Its caption is the line or two just above it that opens with 表/附表, ends with …表 or states a unit
(单位：万元), plus a unit line just below it. Nothing is rewritten: cells are spans of the original
text, so figures read from them point at the cell the inspector sees. An empty cell keeps its column's
place (a PDF gives a merged cell once and leaves the positions it covers empty); a line with one filled
cell among empty ones (a title row merged across a PDF table) is a caption, not a row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from scorer.data_files import validated_data
from scorer.lexicon import marks

#: Longest line taken as a caption (a caption is a title, not a paragraph).
MAX_CAPTION = 60
#: Caption lines looked at above a table.
CAPTION_LINES = 2

# Cell separators: what the readers write (" | "), a full-width bar, box-drawing verticals, tabs.
_SEP = re.compile(r"[ \u3000]*[|｜│┃║┆┊][ \u3000]*|\t+")
_ANY_SEP = re.compile(r"[|｜│┃║┆┊\t]")
_STYLE = {"\t": "tab", "|": "bar", "｜": "bar"}
# A rule line of a drawn table: only box-drawing, dashes, pluses, colons and separators.
_RULE = re.compile(r"^[\s|｜│┃║┆┊─━═┄┅┈┉\-—–+＋:：┌┐└┘├┤┬┴┼┏┓┗┛┣┫┳┻╋╔╗╚╝╠╣╦╩╬╒╓╕╖╘╙╛╜╞╟╡╢╤╥╧╨╪╫]+$")
_RULE_INK = re.compile(r"[─━═┄┅┈┉\-—–+＋┌┐└┘├┤┬┴┼┏┓┗┛┣┫┳┻╋╔╗╚╝╠╣╦╩╬╒╓╕╖╘╙╛╜╞╟╡╢╤╥╧╨╪╫]")


@dataclass(frozen=True)
class Cell:
    """A cell (or a caption line): its text without surrounding spaces and where that text stands."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Table:
    """A table found in the text.

    Attributes:
        rows: Cells per row, in order; a row holds at least two cells.
        lines: ``(start, end)`` of each row's line, parallel to ``rows``.
        captions: Caption lines above the table and a unit line below it, in text order.
        start: Offset of the first row's line.
        end: Offset just past the last row's line.
    """

    rows: tuple[tuple[Cell, ...], ...]
    lines: tuple[tuple[int, int], ...]
    captions: tuple[Cell, ...]
    start: int
    end: int


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, tuple[str, ...]]:
    """The table words of ``scorer/data/tables.yaml``, checked against ``tables.schema.json`` (cached on disk)."""
    return {key: tuple(str(word) for word in words) for key, words in validated_data("tables").items()}


def split_cells(text: str, start: int, end: int, *, edged: bool | None = None) -> tuple[Cell, ...]:
    """Cells of the line ``text[start:end]``, an empty cell kept where it holds a column's place.

    A row drawn with edge bars (``│ a │ b │``) loses the empty cell outside its first bar; a row the
    readers wrote (``" | 生均经费 | 公用经费"``, an empty top-left header cell) keeps its empty first
    cell so the cells after it stay under their columns. Empty cells at the end are dropped.

    Args:
        text: The report text.
        start: Start of the line.
        end: End of the line.
        edged: Whether the table draws edge bars (:func:`find_tables` decides for the whole table, since a
            reader's row with empty first and last cells looks edged); ``None``: judge this line alone.
    """
    cells: list[Cell] = []
    pos = start
    seps = list(_SEP.finditer(text, start, end))
    for sep in seps:
        cells.append(_cell(text, pos, sep.start()))
        pos = sep.end()
    cells.append(_cell(text, pos, end))
    if edged is None:
        edged = is_edged(text, start, end)
    tabbed = bool(seps) and "\t" in seps[0].group()
    if (edged or tabbed) and cells and not cells[0].text:
        cells.pop(0)
    while cells and not cells[-1].text:
        cells.pop()
    return tuple(cells)


def is_edged(text: str, start: int, end: int) -> bool:
    """True when the line opens and closes with a cell separator (``│ a │ b │``, ``| a | b |``)."""
    line = text[start:end].strip(" \u3000")
    return len(line) > 1 and _ANY_SEP.match(line) is not None and _ANY_SEP.match(line[-1]) is not None


def _cell(text: str, start: int, end: int) -> Cell:
    raw = text[start:end]
    lead = len(raw) - len(raw.lstrip())
    body = raw.strip()
    return Cell(start + lead, start + lead + len(body), body)


def _is_rule(line: str) -> bool:
    return bool(_RULE.match(line)) and bool(_RULE_INK.search(line))


def find_tables(text: str) -> list[Table]:
    """Every table in ``text``, in order (none when no line holds a cell separator).

    Args:
        text: The report text.

    Returns:
        The tables, each with at least two rows of at least two cells.
    """
    if _ANY_SEP.search(text) is None:
        return []  # the common case: a report without tables costs one search
    lines, pos = [], 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    words = vocabulary()
    tables: list[Table] = []
    i = 0
    while i < len(lines):
        run: list[int] = []
        style = None
        j = i
        while j < len(lines):
            start, end = lines[j]
            line = text[start:end]
            sep = _ANY_SEP.search(line)
            # A new caption (表2 …) or another way of drawing the cells starts another table.
            row = (sep is not None and not _is_rule(line) and not line.lstrip().startswith(words["caption_lead"])
                   and len(split_cells(text, start, end)) >= 2)
            drawn = _STYLE.get(sep.group(), "box") if sep is not None else None
            if row and style in (None, drawn):
                style = drawn
                run.append(j)
            elif not (_is_rule(line) and run and not row):
                break
            j += 1
        if len(run) >= 2:
            tables.append(_table(text, lines, run))
            i = run[-1] + 1
        else:
            i = max(j, i + 1)
    return tables


def _table(text: str, lines: list[tuple[int, int]], run: list[int]) -> Table:
    # Edge bars are drawn on every row or on none: a row the reader wrote with empty first and last cells
    # (`` | 2020年 | 2021年 | ``) is not edged when its header above is not.
    edged = all(is_edged(text, *lines[k]) for k in run)
    rows = tuple(split_cells(text, *lines[k], edged=edged) for k in run)
    spans = tuple(lines[k] for k in run)
    captions = [*_captions_above(text, lines, run[0]), *_unit_below(text, lines, run[-1])]
    return Table(rows, spans, tuple(captions), spans[0][0], spans[-1][1])


def _captions_above(text: str, lines: list[tuple[int, int]], first: int) -> list[Cell]:
    words = vocabulary()
    out: list[Cell] = []
    k = first - 1
    while k >= 0 and len(out) < CAPTION_LINES:
        cell = _one_cell(text, *lines[k])
        if _is_rule(cell.text) or not cell.text:
            k -= 1
            continue
        if not is_caption(cell.text, words):
            break
        out.insert(0, cell)
        k -= 1
    return out


def _unit_below(text: str, lines: list[tuple[int, int]], last: int) -> list[Cell]:
    if last + 1 >= len(lines):
        return []
    cell = _one_cell(text, *lines[last + 1])
    return [cell] if cell.text.startswith(vocabulary()["unit_lead"]) and len(cell.text) <= MAX_CAPTION else []


def _one_cell(text: str, start: int, end: int) -> Cell:
    """The line as one cell; a row of one filled cell (a title or unit merged across a PDF table) is that cell."""
    cell = _cell(text, start, end)
    if not _is_rule(cell.text) and len(alone := split_cells(text, start, end)) == 1:
        return alone[0]
    return cell

_FULL_STOPS = tuple(marks("full_stops"))  # a caption never ends a sentence


def is_caption(line: str, words: dict[str, tuple[str, ...]]) -> bool:
    """True for a short line that titles a table (表1 …, …统计表) or states its unit (单位：万元)."""
    if len(line) > MAX_CAPTION or line.endswith(_FULL_STOPS):
        return False
    if line.startswith((*words["caption_lead"], *words["unit_lead"])):
        return True
    return any(lead in line for lead in words["unit_lead"]) or line.rstrip("）)").endswith(words["caption_tail"])
