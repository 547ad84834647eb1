"""Shared openpyxl helpers: safe text cells, CJK widths and fonts, print setup, deterministic atomic saves.

Every workbook lvzhi writes goes through these helpers so that report text can never turn into a
formula, Chinese renders in Excel, WPS and LibreOffice, and the same input gives the same file.
"""

from __future__ import annotations

import math
import re
import unicodedata
import weakref
import zipfile
from collections.abc import Iterable
from copy import copy
from datetime import datetime, timezone
from functools import lru_cache
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

# 等线 (DengXian) ships with Windows 10+, Office 2016+ and WPS; charset 134 (GB2312) tells Excel, WPS
# and LibreOffice to substitute another Chinese font (宋体, Noto Sans CJK) when it is missing.
FONT_NAME = "等线"
FONT_CHARSET = 134
MAX_CELL_CHARS = 32767
FORMULA_STARTS = ("=", "+", "-", "@")

FONT = Font(name=FONT_NAME, sz=11, charset=FONT_CHARSET, family=2)
BOLD = Font(name=FONT_NAME, sz=11, charset=FONT_CHARSET, family=2, b=True)
TITLE = Font(name=FONT_NAME, sz=14, charset=FONT_CHARSET, family=2, b=True)
WARN = Font(name=FONT_NAME, sz=11, charset=FONT_CHARSET, family=2, b=True, color="C00000")
NOTE = Font(name=FONT_NAME, sz=10, charset=FONT_CHARSET, family=2, color="595959")
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
TOTAL_FILL = PatternFill("solid", fgColor="EDEDED")
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="top", wrap_text=True)
_THIN = Side(style="thin", color="BFBFBF")
BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)

# Status colours (conditional formatting): missing red, partial amber, review blue, met green, error grey.
STATUS_FILLS = {"缺少证据": "F8CBAD", "部分达标": "FFE699", "需人工核实": "BDD7EE", "达标": "C6EFCE",
                "分析出错": "D9D9D9"}


def new_workbook() -> Workbook:
    """A workbook whose default font renders Chinese (cells without their own style use it too)."""
    wb = Workbook()
    # openpyxl has no public API for the default font: font 0 is what unstyled cells, and cells an
    # inspector adds later, are shown in. Replace it before any style is registered.
    wb._fonts = IndexedList([FONT])
    return wb


def clean_text(text: str, limit: int = MAX_CELL_CHARS) -> str:
    """Drop control characters XML cannot hold and cut to the cell limit with a visible mark."""
    text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)
    if len(text) > limit:
        mark = "…（已截断，全文见报告 / truncated）"
        text = text[: limit - len(mark)] + mark
    return text


def put(ws: Worksheet, row: int, col: int, value: Any, *, font: Font = FONT,
        align: Alignment | None = WRAP, fill: PatternFill | None = None, border: bool = False,
        number_format: str | None = None) -> Cell:
    """Write a value as data: strings are always text, never formulas, whatever they start with."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        text = clean_text(value)
        cell.value = text
        _style(cell, font, align, fill, border, number_format)
        if text.startswith(FORMULA_STARTS):
            # Keep it a string cell and add Excel's apostrophe prefix so editing it keeps it text
            # (after styling: the prefix is part of the cell's style).
            cell.data_type = "s"
            cell.quotePrefix = True
    else:
        cell.value = value
        _style(cell, font, align, fill, border, number_format)
    return cell


def put_formula(ws: Worksheet, row: int, col: int, formula: str, *, font: Font = FONT,
                fill: PatternFill | None = None, border: bool = False, number_format: str | None = "0.00") -> Cell:
    """Write a formula we built ourselves (never text from a report)."""
    cell = ws.cell(row=row, column=col)
    cell.value = formula if formula.startswith("=") else f"={formula}"
    _style(cell, font, CENTER, fill, border, number_format)
    return cell


# Styled cells of one workbook share a few combinations of font, alignment, fill, border and number
# format. Setting each attribute makes openpyxl hash style objects every time; the style array it builds
# is the same for a combination, so it is kept per workbook (weakly: a new workbook starts afresh, as
# its style indexes differ) and copied, as openpyxl's own sheet copier does.
_STYLE_ARRAYS: weakref.WeakKeyDictionary[Workbook, dict[tuple[int, ...], Any]] = weakref.WeakKeyDictionary()


def _style(cell: Cell, font: Font, align: Alignment | None, fill: PatternFill | None, border: bool,
           number_format: str | None) -> None:
    cache = _STYLE_ARRAYS.setdefault(cell.parent.parent, {})
    key = (id(font), id(align), id(fill), border, hash(number_format))
    known = cache.get(key)
    if known is not None and known[1] == (font, align, fill, number_format):
        cell._style = copy(known[0])
        return
    _apply_style(cell, font, align, fill, border, number_format)
    cache[key] = (copy(cell._style), (font, align, fill, number_format))


def _apply_style(cell: Cell, font: Font, align: Alignment | None, fill: PatternFill | None, border: bool,
                 number_format: str | None) -> None:
    cell.font = font
    if align is not None:
        cell.alignment = align
    if fill is not None:
        cell.fill = fill
    if border:
        cell.border = BOX
    if number_format is not None:
        cell.number_format = number_format


def header_row(ws: Worksheet, row: int, headers: Iterable[str]) -> None:
    """Write a bold, shaded, boxed header row."""
    for col, name in enumerate(headers, 1):
        put(ws, row, col, name, font=BOLD, align=CENTER, fill=HEADER_FILL, border=True)


# Blocks that are wholly East-Asian wide or full-width (checked against unicodedata in the tests): counted by
# regex, so only the rare other non-ASCII characters need a unicodedata lookup each.
_WIDE_BLOCKS = "\u3000-\u303e\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff60\uffe0-\uffe6"
_WIDE = re.compile(f"[{_WIDE_BLOCKS}]")
_UNSURE = re.compile(f"[^\x00-\x7f{_WIDE_BLOCKS}]")


def text_width(text: Any, cap: int | None = None) -> int:
    """Display width of a value: East-Asian wide and full-width characters count 2, others 1.

    With ``cap``, a line longer than ``cap`` characters is not measured further (its width is more than ``cap``).
    """
    if text is None:
        return 0
    if isinstance(text, float):
        text = f"{text:g}"
    best = 0
    for line in str(text).split("\n"):
        if cap is not None and len(line) > cap:
            return len(line)
        best = max(best, line_width(line))
    return best


@lru_cache(maxsize=8192)
def line_width(line: str) -> int:
    """Display width of one line (cached: headers, titles and labels repeat across sheets and workbooks)."""
    if line.isascii():
        return len(line)
    narrow = _WIDE.sub("", line)
    width = 2 * len(line) - len(narrow)  # every character once, the wide ones twice
    if not narrow.isascii():
        width += sum(1 for ch in _UNSURE.findall(narrow) if unicodedata.east_asian_width(ch) in "WF")
    return width


def fit_columns(ws: Worksheet, first_row: int, *, minimum: int = 6, maximum: int = 60,
                fixed: dict[int, int] | None = None) -> None:
    """Set column widths from the content of rows from ``first_row`` on (wide chars count 2)."""
    widths: dict[int, int] = {}
    for cell in _cells_from(ws, first_row):
        if cell.value is None or (isinstance(cell.value, str) and cell.value.startswith("=")
                                  and cell.data_type == "f"):
            continue
        widths[cell.column] = max(widths.get(cell.column, 0), text_width(cell.value, maximum))
    widths.update(fixed or {})
    for col, width in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = min(max(width + 2, minimum), maximum)


MAX_ROW_HEIGHT = 409  # points; Excel's limit


def fit_rows(ws: Worksheet, first_row: int, *, line_height: float = 15.0) -> None:
    """Set row heights for wrapped text (Excel and LibreOffice do not grow rows openpyxl wrote).

    Estimates the lines each wrapped cell needs at its column's width, wide chars counting 2.
    """
    widths = {key: dim.width for key, dim in ws.column_dimensions.items() if dim.width}
    # which alignment ids wrap, looked up once (reading cell.alignment builds a style proxy per cell)
    wrapping = {i for i, alignment in enumerate(ws.parent._alignments) if alignment.wrap_text}
    needed_by_row: dict[int, int] = {}
    rooms: dict[int, int] = {}
    enough = math.ceil((MAX_ROW_HEIGHT - 3) / line_height)  # lines beyond which the height is capped anyway
    for cell in _cells_from(ws, first_row):
        if (not isinstance(cell.value, str) or cell.data_type == "f"
                or cell._style.alignmentId not in wrapping):
            continue
        room = rooms.get(cell.column)
        if room is None:
            # Proportional fonts and word wrapping fit fewer characters than the width says: keep a margin.
            room = rooms[cell.column] = max(int(widths.get(get_column_letter(cell.column), 9) * 0.9) - 1, 1)
        parts = cell.value.split("\n")
        # every character is at least 1 wide: when that alone needs the capped height, measuring is moot
        needed = sum(max(1, math.ceil(len(part) / room)) for part in parts)
        if needed < enough:
            needed = sum(max(1, math.ceil(text_width(part) / room)) for part in parts)
        needed_by_row[cell.row] = max(needed_by_row.get(cell.row, 1), needed)
    for row, lines in needed_by_row.items():
        if lines > 1:
            ws.row_dimensions[row].height = min(lines * line_height + 3, MAX_ROW_HEIGHT)


def _cells_from(ws: Worksheet, first_row: int) -> list[Cell]:
    """Cells written in rows from ``first_row`` on (``iter_rows`` would create, and then save, every blank one)."""
    return [cell for (row, _col), cell in ws._cells.items() if row >= first_row]


def print_setup(ws: Worksheet, *, footer: str, title_rows: str | None = None) -> None:
    """Landscape A4, fit to one page wide, repeated header rows, footer with county and page number."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.page_margins.header = ws.page_margins.footer = 0.3
    if title_rows:
        ws.print_title_rows = title_rows
    # "&" starts a header/footer code: double it in data; &P is the page number, &N the page count.
    ws.oddFooter.left.text = footer.replace("&", "&&")
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddFooter.right.text = "&A"


def utc_naive(when: datetime | None) -> datetime:
    """The timestamp to stamp a workbook with, as naive UTC (now when ``None``), to whole seconds."""
    if when is None:
        when = datetime.now(tz=timezone.utc)
    if when.tzinfo is not None:
        when = when.astimezone(timezone.utc).replace(tzinfo=None)
    return when.replace(microsecond=0)


class _StampedZip(zipfile.ZipFile):
    """A zip archive whose every entry gets the same date, mode and compression, whatever the writer asks."""

    def __init__(self, file: BytesIO, stamp: tuple[int, int, int, int, int, int]) -> None:
        super().__init__(file, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        self._stamp = stamp

    def writestr(self, zinfo_or_arcname: str | zipfile.ZipInfo, data: str | bytes, *_args: Any, **_kwargs: Any) -> None:
        name = zinfo_or_arcname.filename if isinstance(zinfo_or_arcname, zipfile.ZipInfo) else zinfo_or_arcname
        entry = zipfile.ZipInfo(name, date_time=self._stamp)
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry.external_attr = 0o600 << 16
        super().writestr(entry, data)

    def write(self, filename: Any, arcname: str | None = None, *_args: Any, **_kwargs: Any) -> None:
        with open(filename, "rb") as handle:  # noqa: PTH123 - openpyxl hands over a temp file name
            self.writestr(arcname or str(filename), handle.read())


def workbook_bytes(wb: Workbook, when: datetime) -> bytes:
    """Serialise a workbook so that the same content and timestamp give the same bytes.

    openpyxl's ``save`` stamps ``modified`` with the clock and zip entries with local time and file modes; its
    writer runs here into an archive that dates every entry ``when`` and gives each the same mode.
    """
    wb.properties.created = when
    wb.properties.modified = when
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    out = BytesIO()
    with _StampedZip(out, stamp) as archive:
        ExcelWriter(wb, archive).write_data()
    return out.getvalue()
