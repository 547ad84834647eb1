"""0-point areas (S 自查工作) are informational (issue 13, point 5)."""

from __future__ import annotations

from pathlib import Path

from reports.records import scores_from_result
from reports.summary import render_summary
from scheme import load_rubric
from scheme.loader import default_rubric_path
from scorer.codes import Status
from scorer.read import read_text
from scorer.score import score_document

ROOT = Path(__file__).resolve().parents[2]
# A report with no self-check part at all: S1 finds nothing.
TEXT = ("一、履行教育职责情况\n（一）学前教育\n全县学前三年毛入园率达91.5%。\n（二）其他\n略。\n\n"
        "青溪县人民政府\n2022年5月20日\n")


def _s1(result):
    return next(i for i in result.items if i.id == "S1")


def test_an_unscored_item_is_never_missing_and_its_ask_is_a_suggestion() -> None:
    result = score_document(read_text(TEXT), load_rubric())
    s1 = _s1(result)
    assert s1.status == Status.INFO and s1.status != Status.MISSING
    assert s1.missing == () and s1.reasons == ()
    assert [a.requirement for a in s1.suggestions] == ["S1.1"]  # the shipped rubric says suggest: true
    assert result.counts[Status.INFO] >= 1
    record = scores_from_result(result)
    assert record.missing_count == sum(len(i.missing) for i in result.items if i.area != "S")
    summary = render_summary(result)
    assert "建议补充" in summary
    assert "S1 " not in summary.split("待补材料")[0]  # not listed among the items not met


def test_without_suggest_an_unscored_item_asks_nothing(tmp_path: Path) -> None:
    text = default_rubric_path().read_text(encoding="utf-8")
    assert "        suggest: true\n" in text
    rubric_path = tmp_path / "no-suggest.yaml"
    rubric_path.write_text(text.replace("        suggest: true\n", ""), encoding="utf-8")
    s1 = _s1(score_document(read_text(TEXT), load_rubric(rubric_path)))
    assert s1.status == Status.INFO
    assert s1.missing == () and s1.suggestions == ()


def test_the_workbook_does_not_colour_an_unscored_item_red(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from reports import excel_sheets as sheets
    from reports.excel import write_workbook
    from reports.xlsx_common import STATUS_FILLS

    rubric = load_rubric()
    result = score_document(read_text(TEXT), rubric)
    path = tmp_path / "t.xlsx"
    write_workbook([result], path, rubric=rubric)
    ws = load_workbook(path)[sheets.DETAIL]
    row = next(r for r in range(sheets.FIRST_ROW, ws.max_row + 1) if ws.cell(r, 1).value == "S1")
    status = ws.cell(row, sheets.COL[sheets.STATUS]).value
    assert status == Status.INFO.zh and status not in STATUS_FILLS  # no fill: never red
    assert ws.cell(row, sheets.COL[sheets.MISSING]).value.startswith("建议补充")
