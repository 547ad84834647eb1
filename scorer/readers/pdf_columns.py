"""Tables drawn without rules: lines whose text stands in aligned columns become ``cell | cell`` rows.

A Word or WPS table with its borders removed, or a table typeset with tab stops, leaves no lines on the
page for pdfplumber's table finder: only characters aligned in columns. A line is split into blocks at
gaps of at least :data:`COLUMN_GAP` font sizes (far wider than the spacing a justified CJK line spreads
between characters, or a space between Latin words); a line of two or more blocks may be a row. A run of
such lines, one after the other, is a table when

- its blocks fall into at least two columns: blocks of different rows that overlap horizontally are one
  column, and two neighbouring columns that no row fills both of are one column (a header set left and
  numbers set right in the same cell); no row has two blocks in one column, every column is used by at
  least two rows;
- every row after at most :data:`MAX_HEADER_ROWS` leading header rows has a numeric cell (6873.42, 3.38%,
  120所, or — and / standing for a value not given), and there is at least one such data row;
- it is not a table of contents: rows of a title and a bare page number with no header row above them
  (a two-column table of bare integers must have its header row to be read); no cell holds a dotted
  leader (……, ....).

A line of one block just below a row, starting under one of its cells whose text ran up to the next
cell (the line's first characters would not have fitted), and ending before that next cell (a wrapped
cell: 普惠性幼儿园覆盖 / 率（%）), is the rest of that cell. A table may run over a page break (a header
row left alone at the bottom of a page heads the rows on the next): the page number and running head
between are skipped. Prose, 公文 paragraphs with their two-character indent, a right-aligned signature
and date, the 版记 (抄送 left, 印发 right, one line each) are single lines of one block or lone
two-block lines, never a run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from typing import Protocol

#: A gap between two characters of a line at least this many font sizes wide separates two cells.
COLUMN_GAP = 0.8
#: Leading rows of a table without a numeric cell (column headers).
MAX_HEADER_ROWS = 2
#: Farthest baseline distance, in font sizes, between two lines of one table.
MAX_ROW_PITCH = 2.5
#: Farthest baseline distance, in font sizes, from a row to a line holding the rest of its cells.
MAX_WRAP_PITCH = 1.8
#: A cell is full (its text may wrap) when this many font sizes of the next line's text (or all of it, if
#: shorter) would not have fitted between its end and the next cell: a wrap moves an unbreakable run whole.
FULL_CELL = 3
#: Lines at the top and at the bottom of a page where a line of one block (a page number, a running head)
#: does not interrupt a table running over the page break.
EDGE_LINES = 2
#: Font sizes of the rows of one table differ by at most this ratio.
MAX_SIZE_RATIO = 1.25

# A number, alone or with a short unit after it (6873.42, -1.2, 1,234, 3.38%, 120所, 2021年).
_NUMERIC = re.compile(r"^[+\-−－]?[0-9０-９][0-9０-９,，]*(?:[.．][0-9０-９]+)?\s*[^\s0-9０-９]{0,3}$")
_NO_VALUE = re.compile(r"^(?:[-—–－―]{1,2}|[/／])$")
_PAGE_NUMBER = re.compile(r"^[0-9]{1,4}$")
# A dotted leader of a table of contents (……, ...., ····).
_LEADER = re.compile(r"[.．…·⋯]{3,}")


class Glyph(Protocol):
    """A character with its box, as the PDF reader takes it from pdfium."""

    ch: str
    x0: float
    x1: float
    cy: float
    size: float


@dataclass(frozen=True)
class Row:
    """A row of a table without rules.

    Attributes:
        lines: ``(page, line)`` indices of the lines the row is made of (the first holds the row, others a
            wrapped cell).
        cells: The characters of each cell, one list per column of the table (empty for an empty cell).
    """

    lines: tuple[tuple[int, int], ...]
    cells: tuple[tuple[Glyph, ...], ...]


@dataclass
class _Line:
    page: int
    index: int
    blocks: list[list[Glyph]]
    texts: list[str]
    spans: list[tuple[float, float]]  # left and right ink edge of each block
    cy: float
    size: float

    def span(self, block: int) -> tuple[float, float]:
        return self.spans[block]


def _blocks(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Split a line (ordered left to right) where the ink leaves a gap of :data:`COLUMN_GAP` font sizes."""
    ink = [g for g in glyphs if not g.ch.isspace()]
    if not ink:
        return []
    sizes = sorted(g.size for g in ink)
    gap = COLUMN_GAP * max(sizes[len(sizes) // 2], 1.0)
    out: list[list[Glyph]] = []
    last: Glyph | None = None
    for g in glyphs:
        if g.ch.isspace():
            if out:
                out[-1].append(g)
            continue
        if last is None or g.x0 - last.x1 >= gap:
            out.append([])
        out[-1].append(g)
        last = g
    return out


def _line(page: int, index: int, glyphs: list[Glyph]) -> _Line | None:
    blocks = _blocks(glyphs)
    if not blocks:
        return None
    sizes = sorted(g.size for block in blocks for g in block if not g.ch.isspace())
    texts = ["".join(g.ch for g in block).strip() for block in blocks]
    inks = [[g for g in block if not g.ch.isspace()] for block in blocks]
    spans = [(min(g.x0 for g in ink), max(g.x1 for g in ink)) for ink in inks]
    return _Line(page, index, blocks, texts, spans, glyphs[0].cy, sizes[len(sizes) // 2])


def _numeric(texts: list[str]) -> bool:
    """True when a cell holds a number, or a dash or slash standing for one (no data: —, /)."""
    return any(_NUMERIC.match(cell) or _NO_VALUE.match(cell) for cell in (re.sub(r"\s+", "", t) for t in texts))


def _columns(rows: list[_Line]) -> list[list[tuple[int, int]]] | None:
    """Columns of a run of rows as lists of ``(row, block)``, left to right; None when they do not align."""
    items = sorted(((r, b) for r, row in enumerate(rows) for b in range(len(row.blocks))),
                   key=lambda rb: rows[rb[0]].span(rb[1]))
    columns: list[list[tuple[int, int]]] = []
    right = float("-inf")
    for r, b in items:  # blocks that overlap horizontally, directly or through others, are one column
        x0, x1 = rows[r].span(b)
        if columns and x0 < right:
            columns[-1].append((r, b))
            right = max(right, x1)
        else:
            columns.append([(r, b)])
            right = x1
    merged: list[list[tuple[int, int]]] = []
    for column in columns:  # neighbours no row fills both of: one column set with two alignments
        if merged and not {r for r, _ in merged[-1]} & {r for r, _ in column}:
            merged[-1].extend(column)
        else:
            merged.append(column)
    for column in merged:
        used = [r for r, _ in column]
        if len(set(used)) < len(used) or len(set(used)) < 2:
            return None  # a row with two blocks in one column, or a column only one row uses
    return merged if len(merged) >= 2 else None


def _contents_row(line: _Line) -> bool:
    """A title and a bare page number: a row of a 目录 set with tab stops, unless a header row stands above."""
    return len(line.blocks) == 2 and bool(_PAGE_NUMBER.match(line.texts[-1]))


def _column_spans(rows: list[_Line], columns: list[list[tuple[int, int]]]) -> list[tuple[float, float]]:
    return [(min(rows[r].span(b)[0] for r, b in col), max(rows[r].span(b)[1] for r, b in col)) for col in columns]


def _extend(spans: list[tuple[float, float]], line: _Line) -> list[tuple[float, float]] | None:
    """The columns' spans with ``line`` added, or None when the columns must be worked out again.

    A line whose blocks each overlap exactly one column, each another, leaves aligned rows aligned: no
    column is merged or split, none loses a row.
    """
    hit: list[int] = []
    for x0, x1 in line.spans:
        over = [c for c, (left, right) in enumerate(spans) if x0 < right and left < x1]
        if len(over) != 1 or over[0] in hit:
            return None
        hit.append(over[0])
    wider = list(spans)
    for (x0, x1), c in zip(line.spans, hit, strict=True):
        wider[c] = (min(wider[c][0], x0), max(wider[c][1], x1))
    return wider


def _close(prev: _Line, line: _Line, pitch: float) -> bool:
    """Same size, and near enough below (or on the next page: the table runs over a page break)."""
    size = max(prev.size, line.size)
    near = prev.page != line.page or abs(prev.cy - line.cy) <= pitch * size
    return near and size <= MAX_SIZE_RATIO * min(prev.size, line.size)


def _wrapped(line: _Line, row: _Line, above: _Line) -> bool:
    """True when ``line`` holds the rest of a cell of ``row`` (a wrapped cell).

    It starts under the cell, its first characters would not have fitted after the cell's text (the cell
    was full), it ends before the next cell, and it is set as close below the line ``above`` it as a wrap.
    """
    if (len(line.blocks) != 1 or _numeric(line.texts) or line.page != above.page
            or not _close(above, line, MAX_WRAP_PITCH)):
        return False
    x0, x1 = line.span(0)
    spans = [row.span(b) for b in range(len(row.blocks))]
    for (left, cell_end), (next_left, _) in pairwise(spans):
        if abs(left - x0) <= line.size:
            end = cell_end
            if above is not row:  # a cell wrapping again: the line above is the cell's last line
                end = above.span(0)[1] if abs(above.span(0)[0] - x0) <= line.size else float("-inf")
            return end + min(x1 - x0, FULL_CELL * line.size) >= next_left - line.size and x1 < next_left
    return False


def _single(lines: list[_Line]) -> int:
    """How many of the first :data:`EDGE_LINES` lines are lines of one block, counted up to the first that is not."""
    n = 0
    while n < min(EDGE_LINES, len(lines)) and len(lines[n].blocks) == 1:
        n += 1
    return n


def find_tables(pages: list[list[list[Glyph]]]) -> list[list[Row]]:
    """The tables without rules of a document, each as its rows.

    A table may run over a page break: lines of one block at the top and the bottom of a page, at most
    :data:`EDGE_LINES` each (page numbers, running heads), do not interrupt it.

    Args:
        pages: The lines of each page top to bottom, each a list of characters ordered left to right.

    Returns:
        The tables found, in reading order; lines not named in any row are running text.
    """
    parsed: list[_Line] = []
    for p, lines in enumerate(pages):
        page = [line for i, glyphs in enumerate(lines) if (line := _line(p, i, glyphs)) is not None]
        top, bottom = (_single(page), len(page) - _single(page[::-1])) if len(pages) > 1 else (0, len(page))
        parsed.extend(page[top:max(top, bottom)])
    out: list[list[Row]] = []
    i = 0
    while i < len(parsed):
        run, wraps, end = _grow(parsed, i)
        if run:
            out.append(_rows(run, wraps))
            i = end
        else:
            i += 1
    return out


def _grow(parsed: list[_Line], start: int) -> tuple[list[_Line], dict[int, list[_Line]], int]:
    """The longest table starting at line ``start``: its rows, wrapped lines per row, the next line index."""
    first = parsed[start]
    if len(first.blocks) < 2 or any(_LEADER.search(t) for t in first.texts):
        return [], {}, start + 1
    rows = [first]
    wraps: dict[int, list[_Line]] = {}
    ends = [start]  # where each row (with its wrapped lines) ends in ``parsed``
    keep = 0
    n_headers = 0 if _numeric(first.texts) else 1
    contents = _contents_row(first)
    spans: list[tuple[float, float]] | None = None  # the columns' spans while the rows align
    j = start + 1
    while j < len(parsed):
        line = parsed[j]
        last = (wraps.get(len(rows) - 1) or [rows[-1]])[-1]
        if _wrapped(line, rows[-1], last):
            wraps.setdefault(len(rows) - 1, []).append(line)
            ends[-1] = j
            j += 1
            continue
        numeric = _numeric(line.texts)
        if (len(line.blocks) < 2 or any(_LEADER.search(t) for t in line.texts) or not _close(last, line, MAX_ROW_PITCH)
                or (not numeric and n_headers < len(rows)) or (not numeric and n_headers >= MAX_HEADER_ROWS)):
            break
        n_headers += 0 if numeric else 1
        rows.append(line)
        ends.append(j)
        contents = contents and _contents_row(line)
        # Most rows fall into the columns found so far; the columns are worked out again only when one does not.
        wider = _extend(spans, line) if spans is not None else None
        if wider is None:
            columns = _columns(rows)
            wider = None if columns is None else _column_spans(rows, columns)
        spans = wider
        if spans is not None and len(rows) > n_headers and not (contents and not n_headers):
            keep = len(rows)
        j += 1
    if not keep:
        return [], {}, start + 1
    wraps = {r: lines for r, lines in wraps.items() if r < keep}
    return rows[:keep], wraps, ends[keep - 1] + 1


def _rows(run: list[_Line], wraps: dict[int, list[_Line]]) -> list[Row]:
    columns = _columns(run) or []  # never empty: _grow keeps only runs whose columns align
    spans = _column_spans(run, columns)
    out = []
    for r, row in enumerate(run):
        cells: list[list[Glyph]] = [[] for _ in columns]
        for c, column in enumerate(columns):
            for rr, b in column:
                if rr == r:
                    cells[c].extend(row.blocks[b])
        for wrap in wraps.get(r, []):
            x0 = wrap.span(0)[0]
            c = min(range(len(spans)), key=lambda k: abs(spans[k][0] - x0))
            cells[c].extend(wrap.blocks[0])
        at = ((row.page, row.index), *((w.page, w.index) for w in wraps.get(r, [])))
        out.append(Row(at, tuple(tuple(c) for c in cells)))
    return out
