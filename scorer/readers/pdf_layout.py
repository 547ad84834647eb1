"""Page lines of a PDF in reading order through pdfium, and its ruled tables through pdfplumber.

pdfium reads a page in a few milliseconds where pdfminer (under pdfplumber) takes a tenth of a second or
more, so a 20-page 公文 PDF is read through pdfium. Characters are taken one by one with their boxes
and ordered by position, not by the content stream: LibreOffice writes quotation marks set in another
font after the rest of the line, and Word's fake bold draws each glyph twice (the second copy is
dropped). Spaces the PDF holds as characters are kept; spaces read from gaps between characters are
dropped wherever one side is a wide (CJK) character: a PDF lays out "增加619万元" with gaps around
the digits (which pdfplumber turns into "增加 619 万元"); gaps between Latin words and digits stay spaces.

Pages that draw lines (tables are ruled) are also opened with pdfplumber, whose table finder gives
the cells; a table becomes one ``cell | cell`` line per row, at the row's place on the page, and its
characters are left out of the running text. Tables drawn without rules (borders removed, tab stops) are
found from the characters' positions alone (:mod:`scorer.readers.pdf_columns`) and written the same way.
"""

from __future__ import annotations

import ctypes
import itertools
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scorer.readers.pdf_columns import find_tables

#: Fewest path objects on a page before it is searched for tables (a ruled table draws many).
MIN_TABLE_PATHS = 4
#: A gap wider than this share of the font size between two characters is a space.
SPACE_GAP = 0.25
#: Characters whose centres lie within this share of the font size vertically share a line.
SAME_LINE = 0.5


@dataclass(frozen=True)
class Line:
    """One text line of a page, with the geometry reflow needs (PDF points, or char units).

    Attributes:
        text: The line.
        x0: Left edge.
        x1: Right edge.
        size: Font size (median over the line).
        fixed: True for a table row: never joined with a neighbour.
    """

    text: str
    x0: float
    x1: float
    size: float
    fixed: bool = False


@dataclass
class _Char:
    ch: str
    x0: float
    x1: float
    cy: float
    size: float


def wide(ch: str) -> bool:
    """True for a CJK ideograph, kana, hangul or full-width punctuation."""
    return unicodedata.east_asian_width(ch) in "WF"


GAP = "\x01"  # a space read from a gap between characters, before close_cjk_spaces decides on it


def close_cjk_spaces(text: str, space: str = " ") -> str:
    """Remove runs of ``space`` next to a wide character; keep one between Latin words and digits."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch != space:
            out.append(ch)
            i += 1
            continue
        j = i
        while j < n and text[j] == space:
            j += 1
        before = out[-1] if out else ""
        after = text[j] if j < n else ""
        if before and after and not wide(before) and not wide(after):
            out.append(" ")
        i = j
    return "".join(out)


def _line_text(chars: list[_Char]) -> str:
    parts: list[str] = []
    prev: _Char | None = None
    for c in chars:
        if prev is not None and c.x0 - prev.x1 > SPACE_GAP * max(c.size, 1.0) and " " not in (c.ch, prev.ch):
            parts.append(GAP)
        parts.append(c.ch)
        prev = c
    # Spaces the PDF holds as characters were typed (1. 健全); gaps next to CJK are layout (增加 619 万元).
    return " ".join(close_cjk_spaces("".join(parts), GAP).split())


def _char_lines(chars: list[_Char]) -> list[list[_Char]]:
    """Cluster characters into lines (top to bottom), each ordered left to right, fake-bold copies dropped."""
    out: list[list[_Char]] = []
    current: list[_Char] = []
    for c in sorted(chars, key=lambda c: -c.cy):
        if current and abs(current[0].cy - c.cy) > SAME_LINE * max(current[0].size, c.size, 1.0):
            out.append(_ordered(current))
            current = []
        current.append(c)
    if current:
        out.append(_ordered(current))
    return out


def _ordered(chars: list[_Char]) -> list[_Char]:
    ordered: list[_Char] = []
    for c in sorted(chars, key=lambda c: c.x0):
        last = ordered[-1] if ordered else None
        if last is not None and last.ch == c.ch and abs(last.x0 - c.x0) < 0.3 * max(c.size, 1.0):
            continue  # the same glyph drawn twice (fake bold)
        ordered.append(c)
    return ordered


def _make_line(ordered: list[_Char]) -> tuple[float, Line]:
    ink = [c for c in ordered if not c.ch.isspace()] or ordered
    sizes = sorted(c.size for c in ink)
    line = Line(text=_line_text(ordered), x0=min(c.x0 for c in ink), x1=max(c.x1 for c in ink),
                size=sizes[len(sizes) // 2])
    return ordered[0].cy, line


def _group_lines(pages: list[list[list[_Char]]]) -> tuple[list[list[tuple[float, Line]]], int]:
    """Lines of each page (``(baseline, line)``), rows of tables without rules as ``cell | cell``; their count.

    Args:
        pages: The character lines of each page (:func:`_char_lines`).
    """
    try:
        tables = find_tables(pages)
    except Exception:  # noqa: BLE001 - reading tables without rules is best effort: the lines stay text
        tables = []
    rows = [row for table in tables for row in table]
    taken = {at for row in rows for at in row.lines}
    out = [[_make_line(line) for index, line in enumerate(lines) if (p, index) not in taken]
           for p, lines in enumerate(pages)]
    for row in rows:
        ink = [c for cell in row.cells for c in cell if not c.ch.isspace()]
        sizes = sorted(c.size for c in ink)
        text = " | ".join(_line_text(list(cell)).replace("|", "/") for cell in row.cells)
        line = Line(text, min(c.x0 for c in ink), max(c.x1 for c in ink), sizes[len(sizes) // 2], fixed=True)
        page, index = row.lines[0]
        out[page].append((pages[page][index][0].cy, line))
    return [[item for item in page if item[1].text] for page in out], len(tables)


def _page_chars(page: Any) -> list[_Char]:
    import pypdfium2.raw as pdfium_c

    textpage = page.get_textpage()
    try:
        chars: list[_Char] = []
        handle = textpage.raw
        origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
        for index in range(textpage.count_chars()):
            if pdfium_c.FPDFText_IsGenerated(handle, index) == 1:
                continue  # spaces and line breaks pdfium made up; gaps decide spaces here
            code = pdfium_c.FPDFText_GetUnicode(handle, index)
            if code in (0, 0x0D, 0x0A, 0xFFFE, 0xFEFF):
                continue
            ch = "\ufffd" if pdfium_c.FPDFText_HasUnicodeMapError(handle, index) == 1 else chr(code)
            # Loose boxes span the advance width (ink boxes make a "1" look spaced out); lines are told
            # apart by the baseline, which punctuation and quotes in another font share with the text.
            left, bottom, right, top = textpage.get_charbox(index, loose=True)
            size = pdfium_c.FPDFText_GetFontSize(handle, index) or (top - bottom) or 10.0
            base = (top + bottom) / 2
            if pdfium_c.FPDFText_GetCharOrigin(handle, index, ctypes.byref(origin_x), ctypes.byref(origin_y)):
                base = origin_y.value
            chars.append(_Char(ch, left, right, base, size))
        return chars
    finally:
        textpage.close()


def _has_rules(page: Any) -> bool:
    import pypdfium2.raw as pdfium_c

    paths = page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,), max_depth=2)
    return sum(1 for _ in itertools.islice(paths, MIN_TABLE_PATHS)) >= MIN_TABLE_PATHS


def _cell_text(cell: str | None) -> str:
    if not cell:
        return ""
    pieces = [close_cjk_spaces(" ".join(part.split())) for part in cell.split("\n")]
    joined = ""
    for piece in filter(None, pieces):
        glue = " " if joined and not wide(joined[-1]) and not wide(piece[0]) else ""
        joined += glue + piece
    return joined.replace("|", "/")


_Box = tuple[float, float, float, float]


def _tables(plumber_page: Any, height: float) -> list[tuple[_Box, list[tuple[float, Line]]]]:
    """``(bbox in pdfium coordinates, [(row centre, row line)])`` for every table pdfplumber finds."""
    out = []
    for table in plumber_page.find_tables():
        x0, top, x1, bottom = table.bbox
        rows = []
        for row, cells in zip(table.rows, table.extract(), strict=False):
            texts = [_cell_text(c) for c in cells]
            if sum(1 for t in texts if t) >= 1 and len(texts) >= 2:
                r_top, r_bottom = row.bbox[1], row.bbox[3]
                rows.append((height - (r_top + r_bottom) / 2,
                             Line(" | ".join(texts), x0, x1, 10.0, fixed=True)))
        if rows:  # one row may be a table's continuation on the next page; the rows join up in the text
            out.append(((x0, height - bottom, x1, height - top), rows))
    return out


def layout_pages(path: Path) -> tuple[list[list[Line]], list[int], int]:
    """Lines per page in reading order, page numbers that failed, and the number of tables read.

    Raises:
        Exception: Whatever pdfium raises for a file it cannot open (the caller names it).
    """
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    plumber = None
    failed: list[int] = []
    n_tables = 0
    char_lines: list[list[list[_Char]]] = []
    ruled: list[list[tuple[float, Line]]] = []
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                chars = _page_chars(page)
                found = []
                if _has_rules(page):
                    if plumber is None:
                        import pdfplumber

                        plumber = pdfplumber.open(str(path))
                    found = _tables(plumber.pages[index], page.get_height())
                n_tables += len(found)
                inside = [c for c in chars if not any(b[0] <= (c.x0 + c.x1) / 2 <= b[2] and b[1] <= c.cy <= b[3]
                                                       for b, _ in found)]
                char_lines.append(_char_lines(inside))
                ruled.append([row for _, rows in found for row in rows])
            except Exception:  # noqa: BLE001 - one bad page must not lose the others
                failed.append(index + 1)
                char_lines.append([])
                ruled.append([])
            finally:
                page.close()
    finally:
        pdf.close()
        if plumber is not None:
            plumber.close()
    # Tables without rules are looked for over all pages at once: one may run over a page break.
    lines, n_ruleless = _group_lines(char_lines)
    pages = [[line for _, line in sorted(text + rows, key=lambda item: -item[0])]
             for text, rows in zip(lines, ruled, strict=True)]
    return pages, failed, n_tables + n_ruleless
    return pages, failed, n_tables
