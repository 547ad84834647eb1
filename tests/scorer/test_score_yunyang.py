"""Scoring the real sample report (issue 4 'done when'): areas, figures, checks, flags, JSON schema."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jsonschema
import pytest

from scheme import load_rubric
from scorer.api import score_report
from scorer.result import ReportResult
from scorer.result_json import result_schema, result_to_dict

POINT_AREAS = "AA BBB CCCC DDDDDD EE FFFF GGGG HHHH".replace(" ", "")


@lru_cache(maxsize=1)
def _scored(path: str) -> ReportResult:
    return score_report(path, load_rubric())


@pytest.fixture
def result(yunyang_path: Path) -> ReportResult:
    return _scored(str(yunyang_path))


def test_each_point_gets_its_area(result: ReportResult) -> None:
    points = [s for s in result.sections if s.level == 3 and s.id.startswith("1.")]
    assert len(points) == 29
    assert "".join(s.area for s in points) == POINT_AREAS


def test_parts_get_k_p_r(result: ReportResult) -> None:
    tops = {s.heading: s.area for s in result.sections if s.level == 1}
    assert tops == {"2021履行教育职责情况": None, "2022重点教育工作落实情况": "K", "存在的主要问题": "P",
                    "整改措施": "R"}
    for section in result.sections:
        if section.id.startswith(("2.", "3.", "4.")):
            assert section.area == {"2": "K", "3": "P", "4": "R"}[section.id[0]], section


def _evidence(result: ReportResult, requirement: str) -> list:
    return [ev for item in result.items for ev in item.evidence if ev.requirement == requirement]


def test_budget_figures_and_arithmetic(result: ReportResult) -> None:
    change = _evidence(result, "B2.1")
    assert [(ev.value, ev.unit, ev.change) for ev in change] == [(619, "万元", "increase"), (0.31, "%", "increase")]
    arithmetic = _evidence(result, "B2.2")
    assert [(ev.value, ev.unit) for ev in arithmetic] == [(197830, "万元"), (619, "万元"), (0.31, "%")]
    assert all(ev.label == "一般公共预算教育经费" for ev in arithmetic)
    req = next(r for item in result.items for r in item.requirements if r.id == "B2.2")
    assert req.result == "pass"
    assert "0.31%" in req.detail  # recomputed 619 / 197211 = 0.31 %


def test_per_student_growth_passes_for_five_stages(result: ReportResult) -> None:
    expected = {"B3.1": 4.58, "B3.2": 2.46, "B3.3": 0.30, "B3.4": 0.30, "B3.5": 0.02}
    for req_id, growth in expected.items():
        req = next(r for item in result.items for r in item.requirements if r.id == req_id)
        assert req.result == "pass", req
        assert growth in [ev.value for ev in req.evidence if ev.unit == "%"]
    item = next(i for i in result.items if i.id == "B3")
    assert item.status == "met"
    assert item.score == item.max_score


def test_key_figures_extracted_with_labels(result: ReportResult) -> None:
    figures = {(ev.requirement, ev.value, ev.unit) for item in result.items for ev in item.evidence}
    assert ("F1.1", 91.56, "%") in figures or any(v == 91.56 for _, v, _ in figures)
    by_value = {ev.value: ev for item in result.items for ev in item.evidence if ev.value is not None}
    assert "学前三年毛入园率" in by_value[91.56].label
    assert "普惠性幼儿园覆盖率" in by_value[97.14].label
    assert "公办园在园幼儿占比" in by_value[56.65].label
    assert "近视率" in by_value[0.63].label
    assert by_value[0.63].change == "decrease"
    assert by_value[0.63].unit == "个百分点"
    zero = list(_evidence(result, "H3.1"))
    assert [(ev.value, ev.unit) for ev in zero] == [(0, "个")]
    assert "超大班额" in zero[0].label


def test_all_gold_figures_extracted_with_labels(result: ReportResult, yunyang_gold: dict) -> None:
    figures = [(f.value, f.unit, f.label, f.area) for f in result.figures]
    for gold in yunyang_gold["figures"]:
        hits = [f for f in figures if f[0] == pytest.approx(gold["value"]) and f[1] == gold["unit"]]
        assert hits, gold
        gold_pairs = {gold["label"][i:i + 2] for i in range(len(gold["label"]) - 1)}
        assert any(len(gold_pairs & {label[i:i + 2] for i in range(len(label) - 1)}) >= 2
                   for _, _, label, _ in hits), (gold, hits)
    large = [f for f in result.figures if f.text == "10个"]
    assert large and "大班额" in large[0].label and "large_class_count" in large[0].indicators


def test_damaged_figures_are_review_not_met(result: ReportResult) -> None:
    items = {i.id: i for i in result.items}
    assert items["B4"].status == "review"
    assert "damaged_figure" in items["B4"].reasons
    assert items["G3"].status == "review"
    assert any(ev.damaged and "3100%" in ev.text for ev in items["G3"].evidence)
    for item in result.items:
        for ev in item.evidence:
            if ev.damaged:
                assert ev.result != "pass" or item.status != "met", (item.id, ev)


def test_flags_what_the_report_does_not_evidence(result: ReportResult) -> None:
    items = {i.id: i for i in result.items}
    asks = {m.requirement for i in result.items for m in i.missing}
    assert items["B5"].status != "met" and "B5.1" in asks  # 教师平均工资不低于当地公务员
    assert items["C4"].status == "missing"  # 学生体质健康
    assert items["F3"].status == "missing"  # 控辍保学 (保学 in 确保学校 does not count)
    assert all(i.missing for i in result.items if i.status in {"missing", "partial"})


def test_no_errors_and_scores_within_bounds(result: ReportResult) -> None:
    assert result.counts["error"] == 0
    for item in result.items:
        assert 0 <= item.score <= item.max_score
    assert result.total == pytest.approx(sum(a.score for a in result.areas))
    assert result.report.county == "云阳县"
    assert not [w for w in result.warnings if w.code == "scheme_mismatch"]


def test_json_validates_and_spans_slice_back(result: ReportResult, yunyang_path: Path) -> None:
    data = result_to_dict(result)
    jsonschema.Draft202012Validator(result_schema()).validate(data)
    text = yunyang_path.read_text(encoding="utf-8")
    for item in data["items"]:
        for ev in item["evidence"]:
            assert text[ev["start"]:ev["end"]] == ev["text"]
    for section in data["sections"]:
        assert section["heading"] in text[section["start"]:section["end"]]
    for figure in data["figures"]:
        assert text[figure["start"]:figure["end"]] == figure["text"]
