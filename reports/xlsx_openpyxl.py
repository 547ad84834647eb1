"""Every use of openpyxl's private API, in one module (the rest of lvzhi uses openpyxl's public names only).

lvzhi keeps sheet cells in its own store (``reports.xlsx_cells``) and lets openpyxl write the rest of the
workbook. That needs a few things openpyxl does not expose: its style tables (to register a style once and
store its index), the workbook's default font, a sheet's own cells, a sheet's part name in the archive, and
the per-sheet step of its writer (run here in memory instead of through a temporary file). They are used
here and only here; ``PRIVATE_NAMES`` lists them, and ``tests/reports/test_openpyxl_adapter.py`` fails
loudly when an openpyxl release renames them or writes other bytes than this adapter.

pyproject.toml bounds openpyxl to the versions checked (``SUPPORTED``).
"""

from __future__ import annotations

from copy import copy
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

__all__ = ["LINKS", "PRIVATE_NAMES", "SUPPORTED", "MemoryWriter", "apply_style", "has_own_cells", "register_style",
           "resized_style", "set_default_font", "sheet_part", "wrapping_sizes", "wrapping_styles"]

# The openpyxl releases this module was checked against (major.minor), as bounded in pyproject.toml.
SUPPORTED = "3.1"

# Hyperlinks on cells of lvzhi's store (``xlsx_common.put_link``), kept on the sheet under this name until it is
# written: openpyxl gathers a sheet's links from its own cells while writing, after emptying its list.
LINKS = "_lvzhi_links"

# (object, attribute) of every private name used below; the adapter test checks each exists.
PRIVATE_NAMES: tuple[tuple[str, str], ...] = (
    ("Workbook()", "_fonts"),
    ("Workbook()", "_alignments"),
    ("Workbook()", "_cell_styles"),
    ("Worksheet", "_path"),
    ("Worksheet()", "_cells"),
    ("Worksheet()", "_charts"),
    ("Worksheet()", "_images"),
    ("Worksheet()", "_hyperlinks"),
    ("Cell()", "_style"),
    ("openpyxl.worksheet._writer", "WorksheetWriter"),
    ("WorksheetWriter()", "_rels"),
    ("ExcelWriter()", "_archive"),
    ("ExcelWriter()", "manifest"),
)


def set_default_font(wb: Workbook, font: Any) -> None:
    """Make ``font`` the workbook's font 0, the one unstyled cells (and cells an inspector adds) are shown in.

    openpyxl has no public API for it; it must be done before any style is registered.
    """
    wb._fonts = IndexedList([font])


def register_style(ws: Worksheet, font: Any, align: Any, fill: Any, border: Any, number_format: str | None,
                   quote: bool) -> int:
    """Index in the workbook's cell-format table of a combination of style objects (``None`` = unset)."""
    cell = Cell(ws)  # not placed in the sheet: it only carries the style into openpyxl's tables
    if font is not None:
        cell.font = font
    if align is not None:
        cell.alignment = align
    if fill is not None:
        cell.fill = fill
    if border is not None:
        cell.border = border
    if number_format is not None:
        cell.number_format = number_format
    if quote:
        cell.quotePrefix = True
    return ws.parent._cell_styles.add(cell._style) if any(cell._style) else 0


def apply_style(cell: Cell, index: int) -> None:
    """Give an openpyxl cell the registered style ``index``."""
    cell._style = cell.parent.parent._cell_styles[index].__copy__()


def wrapping_styles(wb: Workbook) -> set[int]:
    """Indexes of the registered cell styles whose alignment wraps text."""
    return set(wrapping_sizes(wb))


def wrapping_sizes(wb: Workbook) -> dict[int, float]:
    """Font size in points of each registered cell style whose alignment wraps text, by style index."""
    wrapping = {i for i, alignment in enumerate(wb._alignments) if alignment.wrap_text}
    return {i: float(wb._fonts[style.fontId].sz or 11) for i, style in enumerate(wb._cell_styles)
            if style.alignmentId in wrapping}


def resized_style(wb: Workbook, index: int, size: float) -> int:
    """Index of a cell style like the registered style ``index`` but with its font at ``size`` points."""
    style = wb._cell_styles[index].__copy__()
    font = copy(wb._fonts[style.fontId])
    font.sz = size
    style.fontId = wb._fonts.add(font)
    return wb._cell_styles.add(style)


def has_own_cells(ws: Worksheet) -> bool:
    """True when openpyxl itself holds cells of the sheet."""
    return bool(ws._cells)


def sheet_part(ws: Worksheet, number: int) -> str:
    """The archive name openpyxl gives the sheet written ``number``-th (from 1)."""
    return ws._path.format(number)[1:]


class MemoryWriter(ExcelWriter):
    """openpyxl's writer, with each sheet's XML written to memory instead of to a temporary file.

    openpyxl's ``write_worksheet`` makes, fills, reads back and deletes a temporary file per sheet: 2% of a
    report's time for six small sheets. The body is openpyxl 3.1's own with a ``BytesIO`` for the file; the
    adapter test checks that it writes the same bytes as openpyxl's.
    """

    def write_worksheet(self, ws: Worksheet) -> None:
        """Write one sheet, its drawing and relations, as openpyxl does, without a temporary file."""
        if self.workbook.write_only:
            super().write_worksheet(ws)
            return
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        writer = WorksheetWriter(ws, BytesIO())
        ws._hyperlinks.extend(ws.__dict__.get(LINKS, ()))  # emptied by the constructor, written by write()
        writer.write()
        ws._rels = writer._rels
        self._archive.write(writer.out, ws.path[1:])
        self.manifest.append(ws)
