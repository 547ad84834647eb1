"""A figure lvzhi computed from a table's two year columns is marked in the comparison, and only that one.

One county (青岗县, tests/fixtures/reports/table_heavy_gongwen.txt) in two years: the first report states
小学's growth rate (2.08%) in prose, the second only gives 2020年 | 2021年 columns (the growth column taken
away, tests/scorer/test_table_changes_scoring.py), so its rate (-2.09%) is derived. Figures only show in
同比, which needs one county in several years (two counties have no figure in any comparison view). 同比
(workbook and JSON) must mark the second year's figure with the scored workbook's own words and leave the
stated one unmarked.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook

from reports.compare import compare
from reports.compare_write import comparison_to_csv, comparison_to_dict, write_comparison
from reports.records import CountyScores, scores_from_result
from reports.table_rows import NOT_STATED_ZH
from scheme import load_rubric
from scorer.read import read_text
from scorer.score import score_document
from tests.scorer.test_table_changes_scoring import DERIVED, SOURCE, _without_growth_column

RATE = "普通小学生均一般公共预算教育支出（比上年变化，负数为减少）"
TABLE_1 = "各学段生均支出见表1。"


def _rate_in_prose(text: str) -> str:
    """Table 1 without its growth column, 小学's rate written in the sentence before it instead."""
    text = text.replace("学段\t2020年\t2021年\t增长率（%）", "学段\t2020年\t2021年")
    text = re.sub(r"^((?:幼儿园|小学|初中|普通高中|中职)\t[\d.]+\t[\d.]+)\t-?[\d.]+$", r"\1", text, flags=re.M)
    assert TABLE_1 in text
    return text.replace(TABLE_1, "各学段生均支出见表1，其中普通小学生均一般公共预算教育支出比上年增长2.08%。")


@pytest.fixture(scope="module")
def comparison():
    """2022: the rate stated in prose; 2023: the same county's report with only the two year columns."""
    rubric = load_rubric()
    text = SOURCE.read_text(encoding="utf-8")
    stated = scores_from_result(score_document(read_text(_rate_in_prose(text)), rubric), rubric)
    computed = scores_from_result(score_document(read_text(_without_growth_column(text)), rubric), rubric)
    # both cite the 2022 scheme: the second stands for the county's next year's report
    return compare([stated, replace(computed, year=2023)])


def test_the_record_keeps_how_a_figure_was_computed(comparison) -> None:
    first, second = (row.record for row in comparison.rows)
    rate = "per_student_primary|%|Δ"
    assert next(f for f in first.figures if f.key == rate).derived is None
    assert next(f for f in second.figures if f.key == rate).derived == DERIVED
    # the hidden sheet a review reads back carries it, only for a computed figure (both reports compute 元)
    data = json.loads(json.dumps(second.to_dict(), ensure_ascii=False))
    assert CountyScores.from_dict(data, origin="workbook").figures == second.figures
    written = {f["key"] for f in first.to_dict()["figures"] if "derived" in f}
    assert rate not in written and written == {f.key for f in first.figures if f.derived}


def test_workbook_marks_the_computed_year_only(comparison, tmp_path: Path) -> None:
    path = tmp_path / "对比.xlsx"
    write_comparison(comparison, path)
    ws = load_workbook(path)["同比"]
    header = [c.value for c in ws[4]]
    assert header == ["区县", "项目", "单位", "2022年", "2023年", "变化", "数据说明"]
    rows = {(row[1], row[2]): row for row in ws.iter_rows(min_row=5, values_only=True) if row[1]}
    county, _label, _unit, v2022, v2023, change, note = rows[RATE, "%"]
    assert (county, v2022, v2023) == ("青岗县", 2.08, -2.09)
    assert change == pytest.approx(-4.17)  # still a number: the mark is beside it, not in it
    assert note == f"2023年：{DERIVED}，{NOT_STATED_ZH}"
    # neither report states the 元 change: both years are marked, each with its year
    assert rows[RATE, "元"][6] == "；".join(f"{y}年：{DERIVED}，{NOT_STATED_ZH}" for y in (2022, 2023))
    # stated figures and scores carry no mark; the marked rows are the figures the second report computes
    assert rows["总分（采用）", "分"][6] is None
    assert rows["一般公共预算教育支出（教育经费）（比上年变化，负数为减少）", "%"][6] is None
    marked = {key for key, row in rows.items() if row[6]}
    assert marked == {(f.label, f.unit) for f in comparison.rows[1].record.figures if f.derived}


def test_json_marks_per_year(comparison) -> None:
    (block,) = comparison_to_dict(comparison)["year_over_year"]
    rows = {(row["label"], row["unit"]): row for row in block["rows"]}
    assert rows[RATE, "%"]["derived"] == [None, f"{DERIVED}，{NOT_STATED_ZH}"]
    assert "derived" not in rows["总分（采用）", "分"]


def test_csv_and_summary_show_no_figure_to_mark(comparison) -> None:
    """The CSV holds scores only (no figure value): nothing there needs the mark, and none is made up."""
    rows = list(csv.reader(io.StringIO(comparison_to_csv(comparison))))
    flat = "".join("".join(row) for row in rows)
    assert "-2.09" not in flat and NOT_STATED_ZH not in flat
    assert [row[1] for row in rows[1:]] == ["青岗县（2022）", "青岗县（2023）"]
