"""区县自评 in the views (issue 13, point 3): 评分明细's 小计/合计 rows and ``lvzhi compare``, read back as values."""

from __future__ import annotations

import csv
import io
import json

from openpyxl import load_workbook

from reports import excel_sheets as sheets
from reports.cli import main
from reports.compare import compare, load_inputs
from reports.compare_write import comparison_to_csv, write_comparison
from reports.excel import write_workbook
from reports.records import CountyScores, scores_from_result
from reports.tables import DETAIL
from scheme import load_rubric
from scorer.read import read_text
from scorer.result_json import result_to_dict
from scorer.score import score_document

RUBRIC = load_rubric()
# A county scoring itself 96.5 (area B 9.5) on a report that supports far less: 自评偏高.
OVERRATED = ("一、2021年履行教育职责情况\n（一）落实教育优先发展（自评得分9.5分）\n"
             "2021年全县一般公共预算教育经费85210万元，比上年增加1520万元，增长1.82%。\n"
             "二、自评结论\n经自查，我县自评总分96.5分，自评等次为优秀。\n\n松林县人民政府\n2022年6月1日\n")
# The same report without any self-score.
SILENT = (OVERRATED.replace("（自评得分9.5分）", "")
          .replace("经自查，我县自评总分96.5分，自评等次为优秀。", "经自查，工作有序。"))


def _scored(text: str, county: str):
    result = score_document(read_text(text.replace("松林县", county)), RUBRIC)
    assert result.report.county == county
    return result


def _totals_rows(ws) -> dict[tuple[str, str], int]:
    """(id column value, area) -> row of the 小计/合计 rows of 评分明细."""
    area, ident = DETAIL.index("area"), DETAIL.index("id")
    return {(ws.cell(r, ident).value, ws.cell(r, area).value or ""): r for r in range(sheets.FIRST_ROW, ws.max_row + 1)
            if ws.cell(r, ident).value in (sheets.SUBTOTAL, sheets.TOTAL)}


def test_detail_shows_the_self_score_beside_the_area_subtotals_and_the_total(tmp_path):
    path = tmp_path / "book.xlsx"
    write_workbook([_scored(OVERRATED, "松林县")], path, rubric=RUBRIC)
    ws = load_workbook(path)[sheets.DETAIL]
    col = DETAIL.index("self_score")
    assert ws.cell(sheets.HEADER_ROW, col).value == "区县自评"
    rows = _totals_rows(ws)
    assert ws.cell(rows[(sheets.SUBTOTAL, "B")], col).value == 9.5
    assert ws.cell(rows[(sheets.TOTAL, "")], col).value == 96.5
    assert ws.cell(rows[(sheets.SUBTOTAL, "A")], col).value is None  # the report gives no score for area A
    items = [r for r in range(sheets.FIRST_ROW, ws.max_row + 1) if ws.cell(r, DETAIL.index("id")).value
             and ws.cell(r, DETAIL.index("id")).value not in (sheets.SUBTOTAL, sheets.TOTAL, "编号")
             and ws.cell(r, DETAIL.index("county")).value]
    assert items and all(ws.cell(r, col).value is None for r in items)  # item rows carry no self-score


def test_a_record_keeps_the_self_score_through_the_hidden_sheet_and_json(tmp_path):
    result = _scored(OVERRATED, "松林县")
    record = scores_from_result(result, RUBRIC)
    assert (record.self_total, dict(record.self_areas), record.self_tolerance) == (96.5, {"B": 9.5}, 5.0)
    assert record.overrated_by == round(96.5 - record.total, 2)
    assert CountyScores.from_dict(json.loads(json.dumps(record.to_dict())), origin="workbook").self_total == 96.5
    silent = scores_from_result(_scored(SILENT, "松林县"), RUBRIC)
    assert silent.self_total is None and silent.overrated_by is None
    assert "self_score" not in silent.to_dict()  # the hidden sheet of a report without one is as before


def test_compare_shows_the_self_score_and_the_overrated_flag_in_csv_and_workbook(tmp_path):
    book = tmp_path / "book.xlsx"
    write_workbook([_scored(OVERRATED, "松林县")], book, rubric=RUBRIC)
    data = tmp_path / "silent.json"
    data.write_text(json.dumps(result_to_dict(_scored(SILENT, "青溪县")), ensure_ascii=False), encoding="utf-8")
    records, problems = load_inputs([book, data], RUBRIC)
    assert not problems
    table = compare(records)
    rows = {r["区县"]: r for r in csv.DictReader(io.StringIO(comparison_to_csv(table)))}
    over = rows["松林县"]
    gap = round(96.5 - float(over["总分"]), 2)
    assert float(over["区县自评"]) == 96.5 and over["自评偏高"] == f"是（高出 {gap:g} 分）"
    assert rows["青溪县"]["区县自评"] == "" and rows["青溪县"]["自评偏高"] == ""
    out = tmp_path / "compare.xlsx"
    write_comparison(table, out)
    ws = load_workbook(out)["对比"]
    header = [c.value for c in ws[3]]
    values = {ws.cell(r, header.index("区县") + 1).value: r for r in range(4, ws.max_row + 1)}
    r = values["松林县"]
    assert header.index("区县自评") == header.index("总分") + 1  # beside lvzhi's total
    assert ws.cell(r, header.index("区县自评") + 1).value == 96.5
    assert ws.cell(r, header.index("自评偏高") + 1).value.startswith("是（高出")


def test_compare_flag_follows_the_reviewed_total(tmp_path):
    record = scores_from_result(_scored(OVERRATED, "松林县"), RUBRIC)
    near = {i.id: (i.max_score, "") for i in record.items}  # every item reviewed to full marks
    reviewed = record.with_review(near, origin="workbook")
    assert reviewed.total > 96.5 - 5 and reviewed.overrated_by is None
    rows = list(csv.DictReader(io.StringIO(comparison_to_csv(compare([reviewed])))))
    assert rows[0]["自评偏高"] == "否"


def test_printed_compare_summary_has_the_self_score(tmp_path, capsys):
    book = tmp_path / "book.xlsx"
    write_workbook([_scored(OVERRATED, "松林县")], book, rubric=RUBRIC)
    main(["compare", str(book), "-o", str(tmp_path / "c.xlsx")])
    printed = capsys.readouterr().out
    assert "区县自评" in printed and "自评偏高" in printed and "96.5" in printed and "是（高出" in printed
