"""The comparison workbook on paper: 领域对比 on A4 at 9 pt or more, 对比 (every item) on A3, charts apart.

Printed through LibreOffice headless as tests/reports/test_libreoffice.py prints 评分明细, and measured
with its helpers: a word box's height in the PDF gives the printed font size.
"""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
from dataclasses import replace

import pytest
from openpyxl import load_workbook
from test_libreoffice import BOX_PER_POINT, WORD, _pdf_pages

from reports.compare import compare
from reports.compare_write import AREAS, MATRIX, write_comparison
from reports.records import scores_from_result
from reports.tables import comparison_areas_table

COUNTIES = ("青溪县", "云岭县", "凤栖县", "兰台县")
# 对比 holds every item of the rubric and the comparison's other columns on one A3 page width: 7 pt is the
# floor chosen for it (a reference table read close up); 领域对比 is the page handed round, at 9 pt.
ITEM_FLOOR_PT = 7.0
AREA_FLOOR_PT = 9.0
A4 = (842, 595)
A3 = (1191, 842)


@pytest.fixture(scope="module")
def records(scored, rubric):
    return [scores_from_result(scored[c].result, rubric) for c in COUNTIES]


@pytest.fixture(scope="module")
def printed(convert, records, tmp_path_factory):
    """The comparison workbook and its PDF: per page, the words and the paper size in points."""
    if shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None:
        pytest.skip("pdftotext/pdfinfo (poppler-utils) not installed: cannot measure the PDF")
    folder = tmp_path_factory.mktemp("compare-print")
    book = folder / "对比.xlsx"
    write_comparison(compare(records), book)
    pdf = convert([book], "pdf", folder)[0]
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True,
                          check=True, timeout=60).stdout
    sizes = [(round(float(w)), round(float(h))) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]
    return book, list(zip(_pdf_pages(pdf), sizes, strict=True))


def _sheet(pages, title: str):
    """The pages of one sheet: the footer ends with the sheet's name (&A), the page's last word."""
    return [(page, size) for page, size in pages if WORD.findall(page)[-1][2] == title]


def _points(words) -> float:
    return statistics.median(float(y1) - float(y0) for y0, y1, _text in words) / BOX_PER_POINT


def _table_words(page: str) -> list[tuple[str, str, str]]:
    """Each county's topmost word on the page: its table cell (the charts, also naming counties, are below)."""
    words = WORD.findall(page)
    return [min((w for w in words if w[2] == county), key=lambda w: float(w[0])) for county in COUNTIES]


def test_area_sheet_prints_first_on_one_a4_page_width_at_nine_points(printed):
    _book, pages = printed
    areas = _sheet(pages, AREAS)
    assert areas and pages[0] == areas[0]  # the page handed round comes first
    assert {size for _page, size in areas} == {A4}
    # one page wide: every county and the last area's header (wrapped, so its first characters) on the first page
    words = "".join(text for _y0, _y1, text in WORD.findall(areas[0][0]))
    assert all(county in words for county in COUNTIES) and "S自查" in words and "区县自评" not in words
    assert _points(_table_words(areas[0][0])) >= AREA_FLOOR_PT - 0.1


def test_item_sheet_prints_on_a3_with_repeated_titles_at_the_floor(printed):
    book, pages = printed
    items = _sheet(pages, MATRIX)
    assert len(items) == 1 and {size for _page, size in items} == {A3}  # four counties: one page
    words = "".join(text for _y0, _y1, text in WORD.findall(items[0][0]))
    assert "A1" in words and "S1" in words and "来源文件" not in words  # 区县 and every item, nothing else
    ws = load_workbook(book)[MATRIX]
    assert ws.print_title_rows == "$3:$3" and ws.print_title_cols == "$A:$A"
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert _points(_table_words(items[0][0])) >= ITEM_FLOOR_PT - 0.1


def test_area_sheet_reads_back_as_values_with_the_charts_below_it(printed, records):
    book, _pages = printed
    ws = load_workbook(book)[AREAS]
    table = comparison_areas_table(((a, t) for a, t, _p in records[0].areas), self_score=False)
    assert [c.value for c in ws[3]][: len(table.columns)] == table.headers
    got = {ws.cell(r, 1).value: [ws.cell(r, c).value for c in range(2, len(table.columns) + 1)]
           for r in range(4, 4 + len(records))}
    assert got == {rec.key: [rec.total, rec.grade, *(rec.area_total(a) for a, _t, _p in rec.areas)]
                   for rec in records}
    last = 3 + len(records)
    charts = sorted(ws._charts, key=lambda chart: chart.anchor._from.row)
    assert len(charts) == 2 and charts[0].anchor._from.row > last  # 0-based row: below the last county
    assert not load_workbook(book)[MATRIX]._charts


def test_area_sheet_adds_the_self_score_when_a_report_has_one(records, tmp_path):
    """区县自评 is the last column when any report states one; a report without one leaves its cell empty."""
    stated = [replace(records[0], self_total=88.5), *records[1:]]
    book = tmp_path / "对比.xlsx"
    write_comparison(compare(stated), book)
    ws = load_workbook(book)[AREAS]
    header = [c.value for c in ws[3]]
    assert header[-1] == "区县自评"
    got = {ws.cell(r, 1).value: ws.cell(r, len(header)).value for r in range(4, 4 + len(records))}
    assert got == {rec.key: (88.5 if rec.key == records[0].key else None) for rec in records}
