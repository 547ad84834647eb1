"""Parts found by their role, not their place (issue 14 point 3): fixtures named after the layout they hold.

``layout_keywork_subheading``: the year's key work as （九） under part 一, a combined 存在的问题及整改措施
part split by its sub-headings, and 一、工作开展情况及成效 over the scored areas. ``layout_next_steps``: a
下一步工作打算 part that never says 措施 or 整改. ``layout_combined_runin``: run-in sub-headings and a combined
part without sub-headings, split by its paragraphs. ``layout_noheadings_roles``: no headings at all, with a
generic sentence about school building between two areas.
"""

from __future__ import annotations

import pytest

from benchmarks.accuracy import evaluate, labelled
from scheme import load_rubric
from scorer.read import read_report
from scorer.score import score_document

RUBRIC = load_rubric()
ROLE_LAYOUTS = ("layout_keywork_subheading", "layout_next_steps", "layout_combined_runin", "layout_noheadings_roles")
CASES = {path.stem: (path, labels) for path, labels in labelled() if path.stem in ROLE_LAYOUTS}


def _result(stem: str):
    path, _labels = CASES[stem]
    document = read_report(path)
    return document, score_document(document, RUBRIC)


def _area_of_line(document, result, start: str) -> str | None:
    at = document.text.index(start)
    inner = [s for s in sorted(result.sections, key=lambda s: (s.start, -s.end)) if s.start <= at < s.end]
    return inner[-1].area


@pytest.mark.parametrize("stem", ROLE_LAYOUTS)
def test_every_labelled_line_gets_its_area(stem: str) -> None:
    path, labels = CASES[stem]
    row = evaluate(path, labels, RUBRIC, boundaries=True)
    assert row["wrong"] == []
    assert row["false_met"] == []


def test_key_work_as_a_sub_heading_is_the_key_work_area() -> None:
    document, result = _result("layout_keywork_subheading")
    assert _area_of_line(document, result, "（九）2022年重点工作推进情况") == "K"
    assert _area_of_line(document, result, "加快推进学校建设") == "K"
    assert {i.id: i.status.value for i in result.items if i.area == "K"} == {"K1": "met", "K2": "met"}


def test_work_and_results_part_is_not_the_self_check() -> None:
    for stem in ("layout_keywork_subheading", "layout_next_steps"):
        document, result = _result(stem)
        assert _area_of_line(document, result, "一、工作开展情况及成效") is None
        assert not [s for s in result.sections if s.area == "S"]


def test_combined_part_is_split_into_problems_and_measures() -> None:
    document, result = _result("layout_keywork_subheading")
    assert _area_of_line(document, result, "二、存在的问题及整改措施") is None
    assert _area_of_line(document, result, "一是城区学位供给") == "P"
    assert _area_of_line(document, result, "一是2023年底前") == "R"
    document, result = _result("layout_combined_runin")
    assert [_area_of_line(document, result, s) for s in ("当前，", "教师队伍方面", "下步，", "同时，将")] == \
        ["P", "P", "R", "R"]
    assert {i.id: i.status.value for i in result.items if i.area == "P"} == {"P1": "met"}


def test_next_steps_part_counts_as_measures() -> None:
    _document, result = _result("layout_next_steps")
    r1 = next(i for i in result.items if i.id == "R1")
    status = {r.id: r.result.value for r in r1.requirements}
    assert status["R1.1"] == "pass"  # 下一步工作打算 with concrete measures, though it never says 措施 or 整改
    assert status["R1.2"] == "pass"  # 2023年6月底前


def test_generic_sentence_without_heading_gets_an_area() -> None:
    document, result = _result("layout_noheadings_roles")
    assert _area_of_line(document, result, "加快推进学校建设") == "B"
    assert _area_of_line(document, result, "今年以来") == "K"
