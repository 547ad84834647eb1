"""Results and workbooks written by the previous lvzhi version (JSON schema 1, workbook format 1) still read."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from openpyxl import load_workbook

from reports import excel_sheets as sheets
from reports.compare import compare, load_inputs
from reports.review import read_review

RESULTS = Path(__file__).resolve().parents[1] / "fixtures" / "results"
OLD_JSON = RESULTS / "v1_result_damaged_text.json"
OLD_WORKBOOK = RESULTS / "v1_workbook_damaged_text.xlsx"


def test_compare_reads_an_old_json_result_and_an_old_workbook(rubric) -> None:
    old = json.loads(OLD_JSON.read_text(encoding="utf-8"))
    records, problems = load_inputs([OLD_JSON, OLD_WORKBOOK], rubric)
    assert problems == []
    from_json, from_workbook = records
    assert (from_json.origin, from_workbook.origin) == ("json", "workbook")
    for record in records:
        assert (record.county, record.total, record.auto_grade) == ("凤栖县", old["total"], old["grade"])
        assert [i.id for i in record.items] == [i["id"] for i in old["items"]]
        assert record.missing_count == sum(len(i["missing"]) for i in old["items"])
    assert from_json.figures and from_json.bands
    assert len(compare(records).rows) == 2


def test_review_reads_an_old_workbook_by_its_headers(tmp_path: Path) -> None:
    path = tmp_path / "old.xlsx"
    shutil.copy(OLD_WORKBOOK, path)
    wb = load_workbook(path)
    ws = wb[sheets.DETAIL]
    header = {ws.cell(sheets.HEADER_ROW, c).value: c for c in range(1, ws.max_column + 1)}
    row = next(r for r in range(sheets.FIRST_ROW, ws.max_row + 1) if ws.cell(r, header["编号"]).value == "A1")
    ws.cell(row, header["核定得分"]).value = 1.5
    ws.cell(row, header["督导意见"]).value = "旧版评分表的意见"
    wb.save(path)
    review = read_review(path)
    assert review.problems == ()
    (entry,) = review.entries
    assert (entry.report, entry.item, entry.score, entry.opinion) == ("凤栖县", "A1", 1.5, "旧版评分表的意见")
    (record,) = review.reports
    assert record.n_reviewed == 1
