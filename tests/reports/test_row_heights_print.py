"""Rows as tall as their wrapped text, checked in LibreOffice's PDF export (skipped without soffice/poppler).

Each row of 评分明细 must show every character of its cells on paper: a row too short clips the last lines of
a 依据摘录 or 缺失证据 cell, silently. And the row heights come from ``reports.xlsx_rows``, whose LibreOffice
figures (characters a line, line pitch) are checked here against what LibreOffice prints.
"""

from __future__ import annotations

import html
import itertools
import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.styles import Font

from reports import excel_sheets as sheets
from reports import tables
from reports.cli import main
from reports.xlsx_cells import cells_of
from reports.xlsx_common import new_workbook, put, save_workbook
from reports.xlsx_openpyxl import set_default_font

WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
COUNTIES = ("云岭县", "青溪县")  # examples/: their 依据摘录 cells are the longest of the synthetic reports


def _pages(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) not installed: cannot read the PDF")
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True,
                         timeout=120).stdout
    return [[(float(a), float(b), float(c), float(d), html.unescape(t)) for a, b, c, d, t in WORD.findall(page)]
            for page in out.split("<page ")[1:]]


@pytest.fixture(scope="module")
def detail_pdfs(convert, workbook_dir, tmp_path_factory):
    """The example counties' workbooks printed by LibreOffice."""
    out = tmp_path_factory.mktemp("rows-pdf")
    pdfs = convert([workbook_dir / f"{county}.xlsx" for county in COUNTIES], "pdf", out)
    return dict(zip(COUNTIES, pdfs, strict=True))


def _column_streams(pages) -> dict[str, str]:
    """The text printed in each column of 评分明细 from its header down, page after page, without white space.

    A column's left and right edges on a page follow from where its header is printed: the headers are centred
    in columns whose declared widths are in ``tables.DETAIL``, so the centres give the page's origin and scale.
    """
    printed = [c for c in tables.DETAIL.columns if c.printed]
    edges, left = [], 0.0
    for column in printed:
        edges.append((left, left + column.width))
        left += column.width
    streams = {c.key: [] for c in printed}
    for page in pages:
        heads = {t: (x0 + x1) / 2 for x0, _y0, x1, _y1, t in page}
        if "依据摘录" not in heads or "核定得分" not in heads:
            continue
        found = [(sum(edges[n]) / 2, heads[c.header_zh]) for n, c in enumerate(printed) if c.header_zh in heads]
        (u0, x0), (u1, x1) = found[0], found[-1]
        scale = (x1 - x0) / (u1 - u0)
        top = min(y0 for _x0, y0, _x1, _y1, t in page if t == "依据摘录")  # the header row's first line
        footer = max(y0 for _x0, y0, *_rest in page)  # the page's last line is its footer, below the table
        for wx0, wy0, _wx1, _wy1, text in sorted(page, key=lambda w: (w[1], w[0])):
            if wy0 < top - 0.5 or wy0 > footer - 0.5:
                continue
            unit = (wx0 - x0) / scale + u0
            for n, (a, b) in enumerate(edges):
                if a <= unit < b:
                    streams[printed[n].key].append(text)
    return {key: "".join(words) for key, words in streams.items()}


@pytest.mark.parametrize("county", COUNTIES)
def test_every_wrapped_cell_of_the_detail_sheet_prints_whole(detail_pdfs, workbook_dir, county):
    """Each 评价要点, 依据摘录 and 缺失证据 cell's text is on the printed page in full, in row order; headers too."""
    _assert_prints_whole(detail_pdfs[county], workbook_dir / f"{county}.xlsx")


def test_the_real_sample_prints_whole(yunyang_path, convert, tmp_path):
    """The same for the real Yunyang report (skipped when ../shared is absent): its quotes are the longest."""
    book = tmp_path / "云阳县.xlsx"
    assert main(["score", str(yunyang_path), "-o", str(book)]) == 0
    _assert_prints_whole(convert([book], "pdf", tmp_path)[0], book)


def _assert_prints_whole(pdf: Path, book: Path) -> None:
    pages = _pages(pdf)
    streams = _column_streams(pages)
    detail_pages = sum(1 for page in pages if {"依据摘录", "核定得分"} <= {w[4] for w in page})
    for column in tables.DETAIL.columns:  # every header whole on every page (区县自评 wraps in its 6 characters)
        if column.printed:
            assert streams[column.key].count(column.header_zh) == detail_pages, (book.name, column.header_zh)
    ws = load_workbook(book)[sheets.DETAIL]
    checked = 0
    for key in ("item", "quote", "missing"):
        column, stream, at = tables.DETAIL.index(key), streams[key], 0
        for row in range(sheets.FIRST_ROW, ws.max_row + 1):
            value = ws.cell(row, column).value
            if not isinstance(value, str) or not value.strip():
                continue
            text = "".join(value.split())
            found = stream.find(text, at)
            assert found >= 0, (f"{book.name} {key} row {row}: printed text stops at "
                                f"{_longest_prefix(text, stream, at)!r} of {len(text)} characters")
            at, checked = found + len(text), checked + 1
    assert checked > 80


def _longest_prefix(text: str, stream: str, at: int) -> str:
    """The longest start of ``text`` printed after ``at`` (where a clipped cell stops)."""
    low, high = 0, len(text)
    while low < high:
        mid = (low + high + 1) // 2
        if stream.find(text[:mid], at) >= 0:
            low = mid
        else:
            high = mid - 1
    return text[max(low - 10, 0):low]


# Columns of widths the sheets declare, and texts of Chinese, digits, Latin words and marks.
CALIBRATION = (
    "党委教育工作领导小组定期召开会议研究教育工作" * 3,  # 22 lines of 3 in the narrowest column: 352 pt
    "2021年召开会议28次，出台文件8个，投入资金1.25亿元，占比12.5%。" * 2,
    "K12 PDF 附件 report-2022.docx 第 18 行（一）加强党的领导 > 1.健全长效机制，" * 2,
)
WIDTHS = (7, 13, 19, 22, 28, 60)


# The substitutes LibreOffice measures the column unit with where 等线 is missing, by renderer of ``xlsx_rows``.
SUBSTITUTES = {"LibreOffice（DejaVu Sans, Noto Sans CJK）": "DejaVu Sans",
               "LibreOffice（Noto Sans CJK）": "Noto Sans CJK SC"}


@pytest.fixture(scope="module", params=sorted(SUBSTITUTES))
def calibration(request, convert, tmp_path_factory):
    """A sheet per width with each calibration text in a row 409 pt tall (a page), printed at 100%.

    The workbook's default font (whose digits make the column unit) is the substitute the renderer stands for.
    """
    font = SUBSTITUTES[request.param]
    if shutil.which("fc-list") is None or font not in subprocess.run(["fc-list"], capture_output=True,
                                                                     text=True, check=True).stdout:
        pytest.skip(f"font {font} is not installed (fonts-dejavu-core, fonts-noto-cjk): cannot calibrate")
    folder = tmp_path_factory.mktemp("rows-calibration")
    wb = new_workbook()
    set_default_font(wb, Font(name=font, sz=11, family=2))
    for n, width in enumerate(WIDTHS):
        ws = wb.active if n == 0 else wb.create_sheet()
        ws.title = f"w{width}"
        ws.page_setup.orientation = "landscape"
        ws.column_dimensions["A"].width = width
        for row, text in enumerate(CALIBRATION, 1):
            put(ws, row, 1, text)
            cells_of(ws).heights[row] = 409
    save_workbook(wb, folder / "calibration.xlsx", datetime(2024, 1, 1))
    return request.param, _pages(convert([folder / "calibration.xlsx"], "pdf", folder)[0])


def test_libreoffice_needs_no_more_lines_than_the_model_says(calibration):
    """Lines LibreOffice prints per cell: never more than ``xlsx_rows`` counts (else rows clip), at most 2 fewer.

    And its lines are no further apart than the model's pitch.
    """
    from reports.xlsx_rows import RENDERERS, lines_needed  # here: the print check above also runs on older code

    name, printed = calibration
    renderer = next(r for r in RENDERERS if r.name == name)
    assert len(printed) == len(WIDTHS) * len(CALIBRATION)  # a row a page
    pages = iter(printed)
    for width in WIDTHS:
        for text in CALIBRATION:
            lines = sorted({round(y0, 1) for _x0, y0, *_rest in next(pages)})
            pitch = max((b - a for a, b in itertools.pairwise(lines)), default=0)
            assert pitch <= renderer.pitch * 11 + 0.5, (width, pitch)
            predicted = lines_needed(text, width, 11, renderer)
            assert len(lines) <= predicted <= len(lines) + 2, (width, text[:12], len(lines), predicted)
