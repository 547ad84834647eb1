"""The county's own score and 自评偏高 (issue 13, point 3)."""

from __future__ import annotations

import jsonschema
import pytest

from reports.summary import render_summary
from scheme import load_rubric
from scorer.read import read_text
from scorer.result_json import result_from_dict, result_schema, result_to_dict
from scorer.score import score_document

RUBRIC = load_rubric()
BODY = ("一、2021年履行教育职责情况\n（一）落实教育优先发展（自评得分{area}分）\n"
        "2021年全县一般公共预算教育经费85210万元，比上年增加1520万元，增长1.82%。\n"
        "（二）其他工作\n召开专题会议5次。\n二、自评结论\n经自查，我县自评总分{total}分，自评等次为{grade}。\n\n"
        "松林县人民政府\n2022年6月1日\n")


@pytest.mark.parametrize(("total", "area", "want_total", "want_area"), [
    ("96.5", "9.5", 96.5, 9.5),
    ("九十六点五", "九点五", 96.5, 9.5),  # Chinese numerals
])
def test_total_per_area_and_grade_are_parsed(total: str, area: str, want_total: float, want_area: float) -> None:
    result = score_document(read_text(BODY.format(total=total, area=area, grade="优秀")), RUBRIC)
    own = result.report.self_score
    assert own is not None
    assert own.total == want_total
    assert own.areas == {"B": want_area}
    assert own.grade == "优秀"


def test_self_score_far_above_lvzhi_is_flagged_with_the_items_without_evidence() -> None:
    result = score_document(read_text(BODY.format(total="96.5", area="9.5", grade="优秀")), RUBRIC)
    own = result.report.self_score
    assert own.overrated_by is not None and own.overrated_by > 5
    summary = render_summary(result)
    assert "区县自评 self-score: 96.5（优秀）" in summary
    assert "自评偏高" in summary and "A1" in summary.split("自评偏高")[1]


def test_a_modest_self_score_is_not_flagged_and_json_round_trips() -> None:
    result = score_document(read_text(BODY.format(total="5", area="2", grade="合格")), RUBRIC)
    assert result.report.self_score.overrated_by is None
    assert "自评偏高" not in render_summary(result)
    data = result_to_dict(result)
    jsonschema.Draft202012Validator(result_schema()).validate(data)
    assert data["report"]["self_score"] == {"total": 5.0, "areas": {"B": 2.0}, "grade": "合格", "overrated_by": None}
    assert result_from_dict(data).report.self_score == result.report.self_score


def test_a_report_stating_no_self_score_has_none() -> None:
    result = score_document(read_text("一、情况\n召开专题会议5次。\n"), RUBRIC)
    assert result.report.self_score is None
    assert "self_score" not in result_to_dict(result)["report"]


def test_overview_shows_the_self_score_and_the_flag(tmp_path) -> None:
    from openpyxl import load_workbook

    from reports.excel import write_workbook

    result = score_document(read_text(BODY.format(total="96.5", area="9.5", grade="优秀")), RUBRIC)
    path = tmp_path / "t.xlsx"
    write_workbook([result], path, rubric=RUBRIC)
    ws = load_workbook(path).worksheets[0]
    rows = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, ws.max_row + 1)}
    assert rows["区县自评（总分/等次）"].startswith("96.5（优秀）")
    assert rows["自评偏高"].startswith("⚠ 高出")
