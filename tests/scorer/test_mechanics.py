"""Step deductions, bonus items and trend downgrades on small reports, driven by tests/cases/mechanics.yml."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from reports.html_view import render_html
from reports.summary import render_summary
from scheme import load_rubric
from scorer.read import read_text
from scorer.result_json import result_from_dict, result_schema, result_to_dict
from scorer.score import score_document

TESTS = Path(__file__).resolve().parents[1]
CASES = yaml.safe_load((TESTS / "cases" / "mechanics.yml").read_text(encoding="utf-8"))
RUBRIC = load_rubric(TESTS / "fixtures" / "rubrics" / "mechanics.yaml")


def _score(text: str):
    return score_document(read_text(f"一、履行教育职责情况\n（一）工作情况\n1. 工作开展。{text}\n"), RUBRIC)


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_mechanics_case(case: dict) -> None:
    result = _score(case["text"])
    expect = case["expect"]
    items = {item.id: item for item in result.items}
    for item_id, score in expect.get("items", {}).items():
        assert items[item_id].score == pytest.approx(score), [r.detail for r in items[item_id].requirements]
    for item_id, status in expect.get("statuses", {}).items():
        assert items[item_id].status == status
    for item_id, asks in expect.get("asks", {}).items():  # 待补材料 requests
        assert len(items[item_id].missing) == asks
    for item_id, reasons in expect.get("reasons", {}).items():
        assert list(items[item_id].reasons) == reasons
    areas = {area.id: area.score for area in result.areas}
    for area_id, score in expect.get("areas", {}).items():
        assert areas[area_id] == pytest.approx(score)
    if "bonus" in expect:
        assert result.bonus == pytest.approx(expect["bonus"])
    if "total" in expect:
        assert result.total == pytest.approx(expect["total"])
    if "grade" in expect:
        assert result.grade == expect["grade"]
    if "downgrades" in expect:
        assert [down.id for down in result.downgrades] == expect["downgrades"]


def test_bonus_and_trend_survive_json_and_show_in_the_summary() -> None:
    import jsonschema

    result = _score("县委常委会召开教育工作专题会议2次，全年开展督导检查12次，培训教师1200人次。"
                    "2020年、2021年、2022年学生体质健康合格率分别为92.1%、91.5%、90.2%。")
    data = result_to_dict(result)
    jsonschema.validate(data, result_schema())
    assert (data["total"], data["bonus"], data["max_bonus"]) == (11.6, 2.0, 2.0)
    assert [item["id"] for item in data["items"] if item.get("bonus")] == ["B9"]
    assert "2021年91.5" in data["downgrades"][0]["detail"]
    back = result_from_dict(data)
    assert (back.bonus, back.max_bonus, back.downgrades) == (result.bonus, result.max_bonus, result.downgrades)
    assert [item.id for item in back.items if item.bonus] == ["B9"]
    summary = render_summary(result)
    assert "加分 bonus: 2（上限 cap 2；B9 3/3）" in summary
    assert "基本分 base: 9.6/10" in summary
    assert "每少 1 扣 0.2 分，少 2 扣 0.4 分" in summary
    page = render_html(result, RUBRIC)
    assert "总分 total 11.6/10（含加分 incl. bonus 2，上限 cap 2）" in page
    assert "fitness_rate 连续 2 年下降（2020年92.1、2021年91.5、2022年90.2）" in page


def test_results_without_mechanics_write_no_new_keys() -> None:
    """A rubric without bonus items or trend downgrades writes results exactly as before (shipped rubric)."""
    data = result_to_dict(score_document(read_text("一、情况\n1. 学前。普惠性幼儿园覆盖率达91.2%。\n"), load_rubric()))
    assert "bonus" not in data and "max_bonus" not in data
    assert not any("bonus" in item for item in data["items"])
    assert all("detail" not in down for down in data["downgrades"])


def test_an_unclaimed_bonus_shows_in_the_summary_and_the_view_without_an_ask() -> None:
    result = _score("县委常委会召开教育工作专题会议4次，全年开展督导检查12次。")
    summary = render_summary(result)
    assert "加分 bonus: 0（上限 cap 2；B9 未申报加分）" in summary and "未申报加分 1" in summary
    assert "[B9]" not in summary and "  B9 " not in summary  # not among the items to act on, nothing to ask
    page = render_html(result, RUBRIC)
    assert '<li class="st-no_bonus">未申报加分 1</li>' in page


def test_rubrics_without_bonus_items_count_no_unclaimed_status() -> None:
    result = score_document(read_text("一、情况\n1. 学前。普惠性幼儿园覆盖率达91.2%。\n"), load_rubric())
    assert "no_bonus" not in result_to_dict(result)["counts"] and "未申报加分" not in render_summary(result)


def test_a_lower_is_better_trend_says_it_rose() -> None:
    result = _score("全年开展督导检查12次。2020年、2021年、2022年学生总体近视率分别为50.1%、51.3%、52.0%。")
    (down,) = result.downgrades
    assert down.detail == "myopia_rate 连续 2 年上升（越低越好）（2020年50.1、2021年51.3、2022年52）"


@pytest.mark.parametrize("scheme_id", ["cq-2022", "cq-2023", "cq-2024"])
def test_shipped_rubrics_know_which_indicators_are_lower_is_better(scheme_id: str) -> None:
    from scheme.registry import default_registry

    rubric = default_registry().resolve(scheme_id)
    down = {ind.id for ind in rubric.indicators if ind.direction == "down"}
    assert down == {"myopia_rate", "large_class_count", "super_large_class_count"}
