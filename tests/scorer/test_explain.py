"""Every requirement result carries one explanation line (issue 13, point 4)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reports.summary import render_summary
from reports.table_rows import evidence_rows, item_quotes
from scheme import load_rubric
from scorer.api import score_report
from scorer.explain import MAX_QUOTE, sentence_around, trimmed
from scorer.read import read_text
from scorer.result_json import result_to_dict
from scorer.score import score_document

ROOT = Path(__file__).resolve().parents[2]
QINGXI = ROOT / "examples" / "青溪县-2022自评报告.txt"


@pytest.fixture(scope="module")
def scored():
    return score_report(QINGXI, load_rubric())


def test_every_requirement_result_has_an_explanation_line(scored) -> None:
    for item in scored.items:
        for req in item.requirements:
            assert req.explain, req.id
            assert "\n" not in req.explain
            quoted = re.search(r"“(.*)”【", req.explain)
            if quoted:
                assert len(quoted.group(1)) <= MAX_QUOTE + 2  # the … marks where it was cut


def test_a_threshold_line_names_indicator_value_year_requirement_sentence_and_place(scored) -> None:
    f1 = next(r for i in scored.items for r in i.requirements if r.id == "F1.1")
    assert f1.explain.startswith("学前三年毛入园率 92.35%（2021年），要求 ≥ 85%：“2021年全县学前三年毛入园率达92.35%")
    assert re.search(r"【一、.*> 20\.推进学前教育普及普惠，第 \d+ 行】$", f1.explain)
    data = result_to_dict(scored)
    json_line = next(r["explain"] for i in data["items"] for r in i["requirements"] if r["id"] == "F1.1")
    assert json_line == f1.explain


def test_trimmed_keeps_the_figure_and_marks_the_cut() -> None:
    text = "甲" * 200 + "毛入园率达91.56%" + "乙" * 200
    start = text.index("91.56")
    out = trimmed(text, 0, len(text), start)
    assert "91.56%" in out and out.startswith("…") and out.endswith("…")
    assert len(out) <= MAX_QUOTE + 2
    assert sentence_around("前句。全县毛入园率达91.56%，较好。后句", 10, 16) == (3, 20)


def test_workbook_quotes_are_the_lines_best_first_and_evidence_text_is_the_sentence(scored) -> None:
    b3 = next(i for i in scored.items if i.id == "B3")
    quotes = item_quotes(b3, scored.section_paths)
    assert quotes.split("\n")[0] == b3.requirements[0].explain  # a pass first, never cut
    assert "另有 2 条" in quotes  # five requirements, three lines shown
    text = QINGXI.read_text(encoding="utf-8")
    rows = [r for r in evidence_rows("青溪县", scored, text) if r["requirement"] == "F1.1"]
    assert rows[0]["text"].startswith("2021年全县学前三年毛入园率达92.35%")
    assert rows[0]["text"].endswith("。")


def test_text_summary_shows_the_lines_of_the_weakest_items(scored) -> None:
    summary = render_summary(scored)
    f6 = next(r for i in scored.items for r in i.requirements if r.id == "F6.1")
    assert f6.explain in summary


@pytest.mark.parametrize(("sentence", "shown"), [
    ("各镇街普惠性幼儿园覆盖率75%—95%。", "普惠性幼儿园覆盖率 75—95%，要求 ≥ 80%（未通过）"),  # both ends, not one
    ("普惠性幼儿园覆盖率达80%以上。", "普惠性幼儿园覆盖率 不少于80%，要求 ≥ 80%："),  # the bound, not a bare 80%
    ("普惠性幼儿园覆盖率超过70%。", "普惠性幼儿园覆盖率 超过70%，要求 ≥ 80%（需核实）"),
])
def test_a_range_or_bound_is_explained_as_stated(sentence: str, shown: str) -> None:
    result = score_document(read_text(f"一、工作情况\n（一）学前教育\n{sentence}\n"), load_rubric())
    (req,) = [r for item in result.items for r in item.requirements if r.id == "F1.2"]
    assert shown in req.explain, req.explain
