"""Cross-county comparison: ranks, grades, mixed schemes, year over year, and the xlsx/CSV/JSON writers."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace

import pytest
from openpyxl import load_workbook

from reports.compare import compare, load_inputs
from reports.compare_write import (
    COMPARISON_SHEETS,
    FIXED,
    chart_rows,
    comparison_table,
    comparison_to_csv,
    comparison_to_dict,
    write_comparison,
)
from reports.records import scores_from_dict, scores_from_result
from scorer.result_json import result_to_dict


@pytest.fixture
def records(scored, rubric):
    return {key: scores_from_result(item.result, rubric) for key, item in scored.items()}


def test_record_from_a_result_is_the_record_from_its_whole_json(records, scored, rubric):
    """A record is built without the section and figure listings, which it does not read: the same record."""
    for key, item in scored.items():
        assert records[key] == scores_from_dict(result_to_dict(item.result), rubric, origin="result")


def test_ranks_grades_and_missing_counts(records, scored):
    table = compare([records["云岭县"], records["青溪县"], records["凤栖县"]])
    got = [(r.rank, r.record.key, r.record.total, r.record.grade) for r in table.rows]
    expected = sorted(((scored[k].result.total, k, scored[k].result.grade) for k in ("云岭县", "青溪县", "凤栖县")),
                      reverse=True)
    assert got == [(n, k, total, grade) for n, (total, k, grade) in enumerate(expected, 1)]
    row = next(r for r in table.rows if r.record.key == "云岭县")
    result = scored["云岭县"].result
    assert row.record.missing_count == sum(len(i.missing) for i in result.items)
    assert row.missing_items == result.count("missing")
    assert row.areas == {a.id: a.score for a in result.areas}
    assert [i for i, *_ in table.items] == [i.id for i in result.items]


def test_ties_share_a_rank(records):
    twin = replace(records["云岭县"], county="云岭县", key="双胞县", sha256="0" * 64)
    table = compare([records["青溪县"], records["云岭县"], twin])
    assert sorted(r.rank for r in table.rows) == [1, 2, 2]


def test_reviewed_scores_are_marked(records):
    reviewed = records["云岭县"].with_review({"A1": (0.0, "核减")}, origin="workbook")
    table = compare([reviewed, records["青溪县"]])
    row = next(r for r in table.rows if r.record.key == "云岭县")
    assert row.scores["A1"] == (0.0, True) and row.scores["A2"][1] is False
    data = comparison_to_dict(table)
    assert data["rows"][1]["scores"]["A1"] == {"score": 0.0, "reviewed": True}
    header, rows = comparison_table(table)
    assert rows[1][header.index("已核定要点编号")] == "A1"


def test_mixed_schemes_go_through_crosswalks_unless_allowed_side_by_side(records):
    # Before rubric selection mixed schemes were refused; now items are carried into the newest rubric's
    # (tests/reports/test_compare_years.py has the real case), or put side by side when allowed.
    other = replace(records["青溪县"], scheme_id="cq-2023", scheme_doc_no="渝府教督发〔2023〕5号")
    carried = compare([records["云岭县"], other])
    assert "cq-2023" in carried.notes[0] and carried.unconfirmed
    assert {r.record.total for r in carried.rows} == {records["云岭县"].total, other.total}
    table = compare([records["云岭县"], other], allow_mixed_schemes=True)
    assert {s for s, _d in table.schemes} == {"cq-2022", "cq-2023"}


def test_year_over_year(records):
    table = compare([records["云岭县"], records["云岭县2023"], records["青溪县"]])
    assert [r.record.key for r in table.rows][-1] == "云岭县（2023）"
    assert next(r.rank for r in table.rows if r.record.year == 2023) == 1
    (yoy,) = table.year_over_year
    assert (yoy.county, yoy.years) == ("云岭县", (2022, 2023))
    values = {label: v for label, _u, v in yoy.rows}
    assert values["总分（采用）"] == (records["云岭县"].total, records["云岭县2023"].total)
    assert values["学前三年毛入园率"] == (91.08, 92.46)
    assert values["G 校园安全稳定"][0] > values["G 校园安全稳定"][1]


def test_csv_and_json(records):
    table = compare([records["云岭县"], records["青溪县"]])
    text = comparison_to_csv(table)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][: len(FIXED)] == list(FIXED)
    assert rows[1][1] == "青溪县" and float(rows[1][4]) == records["青溪县"].total
    evil = replace(records["云岭县"], key="=cmd|' /C calc'!A0")
    assert "'=cmd" in comparison_to_csv(compare([evil]))
    data = json.loads(json.dumps(comparison_to_dict(table), ensure_ascii=False))
    assert [r["county"] for r in data["rows"]] == ["青溪县", "云岭县"]
    assert "重构" in data["note"]


def test_xlsx_heat_map_and_charts(records, tmp_path, created):
    table = compare([records["云岭县"], records["云岭县2023"], records["青溪县"]])
    path = tmp_path / "对比.xlsx"
    write_comparison(table, path, created=created)
    wb = load_workbook(path)
    assert wb.sheetnames == list(COMPARISON_SHEETS)
    ws = wb["对比"]
    header = [c.value for c in ws[3]]
    # 区县 and the items first (what prints), then every other column of the CSV, in the CSV's order
    assert header[:2] == ["区县", "A1"] and [h for h in header[1:] if h in FIXED] == [h for h in FIXED if h != "区县"]
    assert [ws.cell(r, 1).value for r in (4, 5, 6)] == ["青溪县", "云岭县（2022）", "云岭县（2023）"]
    rules = [rule for cf in ws.conditional_formatting for rule in cf.rules]
    assert rules and {rule.type for rule in rules} == {"colorScale"}
    assert len(rules) == 1 + len(table.areas) + len(table.items)
    assert not ws._charts
    totals, areas = wb["领域对比"]._charts  # beside the area subtotals they draw, below that table
    # rank 1 on top, values written on the bars, the area chart below the totals chart (never over it)
    assert totals.x_axis.scaling.orientation == "maxMin"
    assert totals.dataLabels.showVal and areas.dataLabels.showVal
    top, below = (chart.anchor._from for chart in (totals, areas))
    drawn_cm = totals.anchor.ext.height / 360000  # EMU
    assert top.col == below.col == 0 and below.row >= top.row + chart_rows(drawn_cm) > top.row + 6
    assert ws.freeze_panes == "B4" and ws.page_setup.orientation == "landscape"
    assert wb.properties.created == created
    yoy = wb["同比"]
    assert yoy.cell(4, 4).value == "2022年" and yoy.cell(4, 5).value == "2023年"


def test_load_inputs_mixes_workbooks_json_and_reports(tmp_path, workbook_dir, scored, rubric):
    json_path = tmp_path / "青溪县.json"
    json_path.write_text(json.dumps(result_to_dict(scored["青溪县"].result), ensure_ascii=False), encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    records, problems = load_inputs([workbook_dir / "云岭县.xlsx", json_path, scored["凤栖县"].path, bad,
                                     tmp_path / "missing.xlsx", tmp_path / "x.zip"], rubric)
    assert [(r.key, r.origin) for r in records] == [("云岭县", "workbook"), ("青溪县", "json"), ("凤栖县", "result")]
    assert [p.path for p in problems] == [str(bad), str(tmp_path / "missing.xlsx"), str(tmp_path / "x.zip")]
    assert all(p.fatal for p in problems)
    assert records[1].total == scored["青溪县"].result.total and records[1].bands
