"""Shared openpyxl helpers: safe text cells, CJK widths and fonts, print setup, deterministic atomic saves.

Every workbook lvzhi writes goes through these helpers so that report text can never turn into a
formula, Chinese renders in Excel, WPS and LibreOffice, and the same input gives the same file.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Iterable
from datetime import datetime, timezone
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from reports.files import atomic_write
from reports.neutral import FORMULA_STARTS, formula_like  # noqa: F401 - FORMULA_STARTS kept importable from here
from reports.xlsx_cells import (
    BOOL,
    EMPTY,
    FORMULA,
    NUMBER,
    TEXT,
    cells_of,
    release,
    spliced,
    stored,
    style_index,
)
from reports.xlsx_openpyxl import LINKS, MemoryWriter, set_default_font, sheet_part
from reports.xlsx_rows import MAX_ROW_HEIGHT, fit_rows  # noqa: F401 - kept importable from here

# 等线 (DengXian) ships with Windows 10+, Office 2016+ and WPS; charset 134 (GB2312) tells Excel, WPS
# and LibreOffice to substitute another Chinese font (宋体, Noto Sans CJK) when it is missing.
FONT_NAME = "等线"
FONT_CHARSET = 134
MAX_CELL_CHARS = 32767

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
    set_default_font(wb, FONT)
    return wb


# Characters XML 1.0 cannot hold: C0 controls but tab, newline and carriage return; lone surrogates (text
# decoded with surrogateescape); the non-characters U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str, limit: int = MAX_CELL_CHARS) -> str:
    """Replace characters XML cannot hold by U+FFFD and cut to the cell limit with a visible mark."""
    text = _NOT_XML.sub("\ufffd", text)
    if len(text) > limit:
        mark = "…（已截断，全文见报告 / truncated）"
        text = text[: limit - len(mark)] + mark
    return text


def put(ws: Worksheet, row: int, col: int, value: Any, *, font: Font = FONT,
        align: Alignment | None = WRAP, fill: PatternFill | None = None, border: bool = False,
        number_format: str | None = None) -> None:
    """Write a value as data: strings are always text, never formulas, whatever they start with.

    Text starting like a formula also gets Excel's apostrophe prefix (part of its style), so that editing
    the cell in Excel or WPS keeps it text.
    """
    put_row(ws, row, (value,), first_col=col, font=font, align=align, fill=fill, border=border,
            formats={col: number_format} if number_format is not None else None)


def put_row(ws: Worksheet, row: int, values: Iterable[Any], *, first_col: int = 1, font: Font = FONT,
            align: Alignment | None = WRAP, fill: PatternFill | None = None, border: bool = False,
            formats: dict[int, str] | None = None) -> None:
    """``put`` each value into consecutive columns of ``row`` from ``first_col``, in one style.

    ``formats`` gives a number format by column. A sheet's thousands of cells go through here: the style of a
    plain cell is looked up once per row, not once per cell.
    """
    store = cells_of(ws)
    cells = store.cells
    box = BOX if border else None
    plain = None
    for col, given in enumerate(values, first_col):
        value, quote = given, False
        if isinstance(value, str):
            value = clean_text(value)
            kind = TEXT
            quote = formula_like(value)
        elif value is None:
            kind = EMPTY
        elif isinstance(value, bool):
            kind = BOOL
        elif isinstance(value, (int, float)):
            kind = NUMBER
        else:
            raise TypeError(f"cannot write {type(value).__name__} to a cell: {value!r}")
        number_format = formats.get(col) if formats else None
        if quote or number_format is not None:
            style = style_index(ws, font, align, fill, box, number_format, quote, store)
        else:
            if plain is None:
                plain = style_index(ws, font, align, fill, box, None, False, store)
            style = plain
        cells[(row, col)] = (value, kind, style)


def put_link(ws: Worksheet, row: int, col: int, target: str, location: str, tooltip: str) -> None:
    """Link a cell to ``target#location`` (a file beside the workbook), keeping its value and style.

    The value lives in lvzhi's cell store and the link beside it (``LINKS``); openpyxl gathers a sheet's links
    from its own cells while writing, so ``MemoryWriter`` hands it these. Excel and WPS keep the fragment as
    the link's ``location`` (their "sub-address"), not in the file name.
    """
    from openpyxl.worksheet.hyperlink import Hyperlink

    ws.__dict__.setdefault(LINKS, []).append(Hyperlink(ref=f"{get_column_letter(col)}{row}", target=target,
                                                       location=location, tooltip=tooltip))


def put_formula(ws: Worksheet, row: int, col: int, formula: str, *, font: Font = FONT,
                fill: PatternFill | None = None, border: bool = False, number_format: str | None = "0.00") -> None:
    """Write a formula we built ourselves (never text from a report)."""
    store = cells_of(ws)
    style = style_index(ws, font, CENTER, fill, BOX if border else None, number_format, False, store)
    store.cells[(row, col)] = (formula.removeprefix("="), FORMULA, style)


def header_row(ws: Worksheet, row: int, headers: Iterable[str]) -> None:
    """Write a bold, shaded, boxed header row."""
    for col, name in enumerate(headers, 1):
        put(ws, row, col, name, font=BOLD, align=CENTER, fill=HEADER_FILL, border=True)


# Blocks that are wholly East-Asian wide or full-width (checked against unicodedata in the tests): a line of ASCII
# and these is measured by counts alone; only the rare other characters need a unicodedata lookup each.
_WIDE_BLOCKS = "\u3000-\u303e\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff60\uffe0-\uffe6"
_UNSURE = re.compile(f"[^\x00-\x7f{_WIDE_BLOCKS}]")


def text_width(text: Any, cap: int | None = None) -> int:
    """Display width of a value: East-Asian wide and full-width characters count 2, others 1.

    With ``cap``, a line longer than ``cap`` characters is not measured further (its width is more than ``cap``).
    """
    if text is None:
        return 0
    if isinstance(text, str) and "\n" not in text:
        return len(text) if cap is not None and len(text) > cap else line_width(text)
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
    ascii_count = len(line.encode("ascii", "ignore"))
    unsure = _UNSURE.findall(line)  # non-ASCII characters outside the wide blocks (few): looked up one by one
    width = 2 * len(line) - ascii_count - len(unsure)  # ASCII and unsure characters once, wide blocks twice
    return width + sum(1 for ch in unsure if unicodedata.east_asian_width(ch) in "WF")


def fit_columns(ws: Worksheet, first_row: int, *, minimum: int = 6, maximum: int = 60,
                fixed: dict[int, int] | None = None, exact: dict[int, float] | None = None) -> None:
    """Set column widths from the content of rows from ``first_row`` on (wide chars count 2).

    ``fixed`` gives a content width to use instead of the measured one (padded and bounded like it),
    ``exact`` the final width of a column.
    """
    widths: dict[int, int] = {}
    exact = exact or {}
    fixed = {**(fixed or {}), **dict.fromkeys(exact, 0)}
    for (row, col), (value, kind, _style) in cells_of(ws).cells.items():
        if row < first_row or value is None or kind == FORMULA or col in fixed:
            continue
        width = text_width(value, maximum)
        if width > widths.get(col, 0):
            widths[col] = width
    widths.update(fixed)
    for col, width in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = exact.get(col) or min(max(width + 2, minimum), maximum)


def print_setup(ws: Worksheet, *, footer: str, title_rows: str | None = None) -> None:
    """Landscape A4, fit to one page wide, repeated header rows, footer with county and page number."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.3
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


ZIP_LEVEL = 1


class _StampedZip(zipfile.ZipFile):
    """A zip archive whose every entry gets the same date, mode and compression, whatever the writer asks."""

    def __init__(self, file: BytesIO, stamp: tuple[int, int, int, int, int, int]) -> None:
        super().__init__(file, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        self._stamp = stamp
        self.sheets: dict[str, Worksheet] = {}  # archive name -> sheet whose cells lvzhi's store holds

    def _entry(self, name: str) -> zipfile.ZipInfo:
        entry = zipfile.ZipInfo(name, date_time=self._stamp)
        entry.compress_type = zipfile.ZIP_DEFLATED
        # zlib level 1: a report's workbook compresses in 40% of the default level's time, ~15% bigger
        if hasattr(entry, "compress_level"):  # Python 3.13 and later
            entry.compress_level = ZIP_LEVEL
        else:
            entry._compresslevel = ZIP_LEVEL
        entry.external_attr = 0o600 << 16
        return entry

    def writestr(self, zinfo_or_arcname: str | zipfile.ZipInfo, data: str | bytes, *_args: Any, **_kwargs: Any) -> None:
        name = zinfo_or_arcname.filename if isinstance(zinfo_or_arcname, zipfile.ZipInfo) else zinfo_or_arcname
        super().writestr(self._entry(name), data)

    def write(self, filename: Any, arcname: str | None = None, *_args: Any, **_kwargs: Any) -> None:
        name = arcname or str(filename)
        if isinstance(filename, BytesIO):  # a sheet written in memory (xlsx_openpyxl.MemoryWriter)
            data = filename.getvalue()
        else:
            with open(filename, "rb") as handle:  # noqa: PTH123 - openpyxl hands over a temp file name
                data = handle.read()
        ws = self.sheets.pop(name, None)
        if ws is None:
            self.writestr(name, data)
            return
        with self.open(self._entry(name), "w") as dest:  # streamed: a big sheet's XML is never whole in memory
            for part in spliced(data, ws):
                dest.write(part)


def workbook_bytes(wb: Workbook, when: datetime, writer: type[ExcelWriter] = MemoryWriter) -> bytes:
    """Serialise a workbook so that the same content and timestamp give the same bytes.

    openpyxl's ``save`` stamps ``modified`` with the clock and zip entries with local time and file modes; its
    writer runs here into an archive that dates every entry ``when`` and gives each the same mode. ``writer`` is
    openpyxl's writer class to use (its own ``ExcelWriter`` gives the same bytes, more slowly).
    """
    wb.properties.created = when
    wb.properties.modified = when
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    out = BytesIO()
    with _StampedZip(out, stamp) as archive:
        # openpyxl numbers the sheets' parts in workbook order as it writes them
        archive.sheets = {sheet_part(ws, n): ws for n, ws in enumerate(wb.worksheets, 1) if stored(ws)}
        writer(wb, archive).write_data()
        if archive.sheets:  # a part name openpyxl did not write: its cells would silently be missing
            raise RuntimeError(f"openpyxl wrote no part named {sorted(archive.sheets)}; lvzhi's cells not placed")
    return out.getvalue()


def save_workbook(wb: Workbook, path: str | Path, when: datetime, *, replace: bool = False) -> None:
    """Write ``wb`` to ``path`` atomically (see ``workbook_bytes``, ``atomic_write``), then free its cells.

    A workbook is a reference cycle (sheets and workbook refer to each other): its cell stores are dropped once
    written, so they are freed at once rather than at the next run of the cyclic collector.
    """
    data = workbook_bytes(wb, when)
    release(wb.worksheets)
    atomic_write(path, data, replace=replace)
