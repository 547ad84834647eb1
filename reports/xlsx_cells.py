"""Cell store for lvzhi's sheets: plain values and style indexes, written straight into the sheet XML.

openpyxl keeps a Python object per cell, sets its style through descriptors and writes it through an lxml
element: about 25 µs a cell here, and a scored workbook has 3,000-5,000 cells, which made the workbook half
the time of a report (issue 6). lvzhi's sheets keep their cells here instead, as ``(value, kind, style)``
tuples. A style is resolved once per combination into openpyxl's own style table, so the stylesheet openpyxl
writes stays the only definition of fonts, fills and formats. At save time openpyxl writes everything else of
the sheet (columns, panes, filters, validation, conditional formats, print setup, drawings); its
``<dimension>`` and ``<sheetData>`` (empty, as it holds no cells) are then replaced by the ones made here.

The XML is what openpyxl writes for the same cells, byte for byte: ``materialise`` copies a store into
openpyxl cells, and the tests compare both serialisations.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from reports.xlsx_openpyxl import LINKS, apply_style, has_own_cells, register_style

__all__ = ["SheetCells", "cells_of", "materialise", "release", "spliced", "stored", "style_index"]

# kind of a stored cell: text, number, boolean, formula (without its "="), or an empty cell that only has a style
TEXT, NUMBER, BOOL, FORMULA, EMPTY = "s", "n", "b", "f", ""


class SheetCells:
    """The cells of one sheet: ``(row, column) -> (value, kind, style index)``, and row heights in points."""

    __slots__ = ("cells", "heights", "keep", "styles")

    def __init__(self) -> None:
        """An empty store."""
        self.cells: dict[tuple[int, int], tuple[Any, str, int]] = {}
        self.heights: dict[int, float] = {}
        self.styles: dict[tuple, int] = {}  # style combination -> index in the workbook's table (see style_index)
        self.keep: list[tuple] = []  # the style objects of those combinations, alive while their ids are keys

    def dimension(self) -> str:
        """The used range, as openpyxl's ``calculate_dimension`` gives it."""
        if not self.cells:
            return "A1:A1"
        rows = {row for row, _col in self.cells}
        cols = {col for _row, col in self.cells}
        return f"{get_column_letter(min(cols))}{min(rows)}:{get_column_letter(max(cols))}{max(rows)}"

    def sheet_chunks(self, row_attributes: Callable[[int], str], dimension_rows: set[int],
                     size: int = 4096) -> Iterator[str]:
        """The ``<sheetData>`` element in pieces of about ``size`` cells (a big sheet is never one string).

        ``row_attributes`` gives the attributes of a row from openpyxl's row dimensions (those set on the sheet
        rather than through ``heights``), ``dimension_rows`` the rows that have such dimensions.
        """
        items = sorted(self.cells.items())  # by row, then column (keys are unique: values are never compared)
        rows = sorted({row for (row, _col), _cell in items} | dimension_rows | self.heights.keys())
        if not rows:
            yield "<sheetData/>"
            return
        out = ["<sheetData>"]
        append = out.append
        letters: dict[int, str] = {}
        styles: dict[int, str] = {}
        i, count = 0, len(items)
        for row in rows:
            attrs = row_attributes(row)
            height = self.heights.get(row)
            if height is not None and not attrs:
                attrs = f' ht="{_number(height)}" customHeight="1"'  # as openpyxl writes a row height
            if i == count or items[i][0][0] != row:
                append(f'<row r="{row}"{attrs}/>')
                continue
            append(f'<row r="{row}"{attrs}>')
            while i < count:
                (at_row, col), (value, kind, style) = items[i]
                if at_row != row:
                    break
                i += 1
                if kind == EMPTY and not style:
                    continue  # openpyxl drops a cell with neither value nor style
                letter = letters.get(col)
                if letter is None:
                    letter = letters[col] = get_column_letter(col)
                s = styles.get(style)
                if s is None:
                    s = styles[style] = f' s="{style}"' if style else ""
                if kind == TEXT and value:
                    # value != value.strip(), without the copy
                    space = ' xml:space="preserve"' if value[0].isspace() or value[-1].isspace() else ""
                    append(f'<c r="{letter}{row}"{s} t="inlineStr"><is><t{space}>{_escape(value)}</t></is></c>')
                else:
                    append(_cell_xml(f"{letter}{row}", value, kind, s))
            append("</row>")
            if len(out) >= size:
                yield "".join(out)
                out.clear()
        append("</sheetData>")
        yield "".join(out)


_ESCAPES = re.compile("[&<>\r]")
_ESCAPE = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}


def _escape(text: str) -> str:
    """Escape cell text as lxml does (its serialiser also writes carriage returns as character references)."""
    return _ESCAPES.sub(lambda m: _ESCAPE[m.group()], text) if _ESCAPES.search(text) else text


def _number(value: float) -> str:
    """A number as openpyxl's ``safe_string`` writes it (NaN and infinities become an empty value)."""
    if not math.isfinite(value):
        return ""
    return "%.16g" % value  # noqa: UP031 - the exact format openpyxl uses


def _cell_xml(ref: str, value: Any, kind: str, s: str) -> str:
    """One cell's XML (``s`` is its style attribute, empty for the default style)."""
    if kind == TEXT:
        if not value:
            return f'<c r="{ref}"{s} t="inlineStr"></c>'  # as openpyxl: an empty text has no <is>
        space = ' xml:space="preserve"' if value != value.strip() else ""
        return f'<c r="{ref}"{s} t="inlineStr"><is><t{space}>{_escape(value)}</t></is></c>'
    if kind == FORMULA:
        return f'<c r="{ref}"{s}><f>{_escape(value)}</f><v></v></c>'
    if kind == EMPTY:
        return f'<c r="{ref}"{s} t="n"></c>'
    return f'<c r="{ref}"{s} t="{kind}"><v>{_number(value)}</v></c>'


# A sheet's store rides on the sheet object itself (an attribute openpyxl does not know, so lives and dies with the
# sheet): ``put`` looks it up once per cell, and a weak-keyed dictionary cost 2% of a report's time.
_STORE = "_lvzhi_cells"


def cells_of(ws: Worksheet) -> SheetCells:
    """The cell store of a sheet, created on first use."""
    store = ws.__dict__.get(_STORE)
    if store is None:
        store = SheetCells()
        setattr(ws, _STORE, store)
    return store


def release(sheets: Iterable[Worksheet]) -> None:
    """Drop the stores of sheets already written.

    A workbook is a reference cycle (sheets and workbook refer to each other), so its cells would otherwise wait
    for the cyclic collector; dropped here, they are freed at once.
    """
    for ws in sheets:
        ws.__dict__.pop(_STORE, None)


def stored(ws: Worksheet) -> SheetCells | None:
    """The cell store of a sheet, or ``None`` when nothing was stored in it."""
    return ws.__dict__.get(_STORE)


def style_index(ws: Worksheet, font: Any, align: Any, fill: Any, border: Any, number_format: str | None,
                quote: bool, store: SheetCells | None = None) -> int:
    """The index in the workbook's cell-format table of a combination of style objects (``None`` = unset).

    Kept per sheet (a sheet belongs to one workbook), keyed by the objects' ids: the sheet's store holds
    the objects in its key, so an id cannot be reused by another object while it is there. ``store`` is the
    sheet's store when the caller has it at hand.
    """
    store = store or cells_of(ws)
    key = (id(font), id(align), id(fill), id(border), number_format, quote)
    index = store.styles.get(key)
    if index is not None:
        return index
    index = register_style(ws, font, align, fill, border, number_format, quote)
    store.styles[key] = index
    store.keep.append((font, align, fill, border))
    return index


def materialise(ws: Worksheet) -> None:
    """Move a store's cells into openpyxl cells (what openpyxl itself would then write; used by the tests)."""
    store = ws.__dict__.pop(_STORE, None)
    if store is None:
        return
    for (row, col), (value, kind, style) in store.cells.items():
        cell = ws.cell(row=row, column=col)
        if kind == FORMULA:
            cell.value = f"={value}"
        else:
            cell.value = value
            if kind == TEXT:
                cell.data_type = "s"
        apply_style(cell, style)
    for row, height in store.heights.items():
        ws.row_dimensions[row].height = height
    for link in ws.__dict__.pop(LINKS, ()):
        ws[link.ref].hyperlink = link


_DIMENSION = re.compile(rb'<dimension ref="[^"]*"/>')


def spliced(xml: bytes, ws: Worksheet) -> Iterator[bytes]:
    """The XML openpyxl wrote for a sheet (holding no cells of its own) with the store's cells put in, in pieces."""
    store = stored(ws)
    if store is None:
        yield xml
        return
    if has_own_cells(ws):
        raise RuntimeError(f"sheet {ws.title!r} has cells both in openpyxl and in lvzhi's store")
    dims = ws.row_dimensions

    def row_attributes(row: int) -> str:
        dim = dims.get(row)
        return "".join(f' {key}="{value}"' for key, value in dim) if dim is not None else ""

    start = xml.index(b"<sheetData")
    empty = xml.startswith(b"<sheetData/>", start)
    end = start + len(b"<sheetData/>") if empty else xml.index(b"</sheetData>", start) + len(b"</sheetData>")
    yield _DIMENSION.sub(f'<dimension ref="{store.dimension()}"/>'.encode(), xml[:start], count=1)
    for chunk in store.sheet_chunks(row_attributes, set(dims.keys())):
        yield chunk.encode("utf-8")
    yield xml[end:]
