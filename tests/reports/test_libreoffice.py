"""Open the workbooks in LibreOffice headless: formulas recompute to lvzhi's own totals, no errors, PDF renders.

Skipped when soffice is absent (see the ``convert`` fixture). LibreOffice recomputes formulas
that carry no cached value when it loads a file; saving back to xlsx stores the computed values,
which openpyxl then reads with ``data_only=True``.
"""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess

import pytest
from openpyxl import load_workbook

from reports import excel_sheets as sheets
from reports.compare import compare
from reports.compare_write import write_comparison
from reports.excel import OVERVIEW, write_workbook
from reports.records import scores_from_result
from reports.review import read_review

INVALID_ENTRIES = {"A1": "4分", "A2": 5, "B1": -1, "B5": 2.5, "C1": "1.25"}  # A2 is worth 2 points
ERRORS = ("#VALUE!", "#REF!", "#NAME?", "#DIV/0!", "#N/A", "#NUM!", "Err:")


@pytest.fixture(scope="module")
def converted(convert, workbook_dir, scored, rubric, tmp_path_factory):
    """Reviewed, unreviewed and two-county workbooks and a comparison, recomputed by LibreOffice."""
    src = tmp_path_factory.mktemp("lo-src")
    reviewed = src / "云岭县-已核.xlsx"
    shutil.copyfile(workbook_dir / "云岭县.xlsx", reviewed)
    wb = load_workbook(reviewed)
    ws = wb[sheets.DETAIL]
    rows = {ws.cell(r, 1).value: r for r in range(sheets.FIRST_ROW, ws.max_row + 1)}
    for item, value in {"A1": 0.5, "B5": 2.5, "K1": 0}.items():
        ws.cell(rows[item], sheets.COL[sheets.REVIEWED]).value = value
    wb.save(reviewed)
    # Entries an inspector may get wrong: text with a unit, above the item's points, negative; and valid ones,
    # one of them a number typed as text. The invalid ones must count as not reviewed everywhere.
    invalid = src / "云岭县-填错.xlsx"
    shutil.copyfile(workbook_dir / "云岭县.xlsx", invalid)
    wb = load_workbook(invalid)
    ws = wb[sheets.DETAIL]
    for item, value in INVALID_ENTRIES.items():
        ws.cell(rows[item], sheets.COL[sheets.REVIEWED]).value = value
    wb.save(invalid)
    plain = src / "青溪县.xlsx"
    shutil.copyfile(workbook_dir / "青溪县.xlsx", plain)
    both = src / "两县.xlsx"
    write_workbook([scored["凤栖县"].result, scored["兰台县"].result], both, rubric=rubric)
    table = src / "对比.xlsx"
    write_comparison(compare([scores_from_result(scored[c].result, rubric) for c in ("青溪县", "云岭县")]), table)
    out = tmp_path_factory.mktemp("lo-out")
    files = [reviewed, plain, both, table, invalid]
    names = ("reviewed", "plain", "both", "table", "invalid")
    made = convert(files, "xlsx", out)
    pdf = convert([reviewed], "pdf", out)[0]
    return {"src": dict(zip(names, files, strict=True)), "xlsx": dict(zip(names, made, strict=True)), "pdf": pdf}


def _errors(path):
    wb = load_workbook(path, data_only=True)
    return [(ws.title, c.coordinate, c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row
            if isinstance(c.value, str) and c.value.startswith(ERRORS)]


@pytest.mark.parametrize("name", ["reviewed", "plain", "both", "table", "invalid"])
def test_no_formula_errors(converted, name):
    assert _errors(converted["xlsx"][name]) == []


@pytest.mark.parametrize("name", ["reviewed", "plain", "both", "invalid"])
def test_recomputed_totals_match_lvzhi(converted, name):
    review = read_review(converted["src"][name])
    wb = load_workbook(converted["xlsx"][name], data_only=True)
    ws = wb[sheets.DETAIL]
    col = sheets.COL
    for record in review.reports:
        finals = {ws.cell(r, 1).value: ws.cell(r, col[sheets.FINAL]).value for r in range(sheets.FIRST_ROW,
                                                                                         ws.max_row + 1)
                  if ws.cell(r, col[sheets.COUNTY]).value == record.key}
        for item in record.items:
            assert finals[item.id] == pytest.approx(item.final), item.id
        for area, _title, _points in record.areas:
            row = next(r for r in range(sheets.FIRST_ROW, ws.max_row + 1) if ws.cell(r, 1).value == sheets.SUBTOTAL
                       and ws.cell(r, 2).value == area and ws.cell(r, col[sheets.COUNTY]).value == record.key)
            assert ws.cell(row, col[sheets.FINAL]).value == pytest.approx(record.area_total(area)), area
            assert ws.cell(row, col[sheets.AUTO]).value == pytest.approx(record.area_total(area, final=False))
        assert finals[sheets.TOTAL] == pytest.approx(record.total)
        overview = wb[OVERVIEW]
        labels = {overview.cell(r, 1).value: r for r in range(1, overview.max_row + 1)}
        column = next(c for c in range(2, overview.max_column + 1)
                      if overview.cell(labels["项目"], c).value == record.key)
        assert overview.cell(labels["采用总分（含核定）"], column).value == pytest.approx(record.total)
        assert overview.cell(labels["采用等次（按采用总分）"], column).value == record.grade
        assert overview.cell(labels["已核定要点数"], column).value == record.n_reviewed


def test_reviewed_grade_formula_follows_the_review(converted):
    (record,) = read_review(converted["src"]["reviewed"]).reports
    assert record.n_reviewed == 3 and record.total != record.auto_total


def test_pdf_renders_with_chinese_text(converted):
    pdf = converted["pdf"]
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 20_000
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) not installed: cannot check the PDF's text")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True,
                          timeout=60).stdout
    assert "评分明细" in text and "核定得分" in text and "云岭县" in text


def test_invalid_entries_count_as_not_reviewed_in_the_workbook_too(converted):
    """LibreOffice's totals and 已核定要点数 equal ``lvzhi review``'s, which refuses 4分, 5 (of 2) and -1."""
    (record,) = read_review(converted["src"]["invalid"]).reports
    reviewed = {i.id: i.reviewed for i in record.items if i.reviewed is not None}
    assert reviewed == {"B5": 2.5, "C1": 1.25}
    assert {p.item for p in read_review(converted["src"]["invalid"]).problems} == {"A1", "A2", "B1"}
    ws = load_workbook(converted["xlsx"]["invalid"], data_only=True)[sheets.DETAIL]
    rows = {ws.cell(r, 1).value: r for r in range(sheets.FIRST_ROW, ws.max_row + 1)}
    valid = {item: ws.cell(rows[item], sheets.COL["核定有效"]).value for item in INVALID_ENTRIES}
    assert valid == {"A1": 0, "A2": 0, "B1": 0, "B5": 1, "C1": 1}


def _pdf_pages(pdf) -> list[str]:
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                                                            check=True, timeout=60).stdout).group(1))
    return [subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), "-bbox", str(pdf), "-"], capture_output=True,
                           text=True, check=True, timeout=60).stdout for n in range(1, pages + 1)]


WORD = re.compile(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>')
# Word boxes of 11 pt text printed at 100% are 14.3 pt tall in LibreOffice's PDF (Noto Sans CJK for 等线).
BOX_PER_POINT = 14.3 / 11


def test_detail_prints_at_nine_points_first_and_whole(converted):
    """评分明细 comes right after 总览, prints at 9 pt or more, and no row clips its last line."""
    if shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None:
        pytest.skip("pdftotext/pdfinfo (poppler-utils) not installed: cannot measure the PDF")
    pages = _pdf_pages(converted["pdf"])
    titles = ["评分明细（" in page for page in pages]
    first = titles.index(True)
    assert "履行教育职责自评报告评分表" in pages[0] and first <= 2  # 总览 (one or two pages), then 评分明细
    detail = [page for page in pages[first:] if "依据摘录" in page and "核定得分" in page]
    heights = [float(y1) - float(y0) for page in detail for y0, y1, text in WORD.findall(page) if text.strip()]
    assert statistics.median(heights) / BOX_PER_POINT >= 8.9
    printed = "".join(text for page in detail for _y0, _y1, text in WORD.findall(page))
    wb = load_workbook(converted["src"]["reviewed"])
    ws = wb[sheets.DETAIL]
    lasts = [str(ws.cell(r, sheets.COL[sheets.QUOTE]).value).splitlines()[-1]
             for r in range(sheets.FIRST_ROW, ws.max_row + 1) if ws.cell(r, sheets.COL[sheets.QUOTE]).value]
    # A cell's tail may wrap: words of the next column's lines then stand between its characters in the stream.
    tails = [re.compile(".{0,80}?".join(map(re.escape, line.replace(" ", "")[-6:]))) for line in lasts]
    assert lasts and all(tail.search(printed) for tail in tails)
