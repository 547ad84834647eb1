"""Each check kind on small texts, driven by tests/cases/checks.yml."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from scheme import KINDS, load_rubric
from scorer import checks
from scorer.read import read_text
from scorer.score import score_document

CASES = yaml.safe_load((Path(__file__).resolve().parents[1] / "cases" / "checks.yml").read_text(encoding="utf-8"))
RUBRIC = load_rubric()
RUBRICS = Path(__file__).resolve().parents[1] / "fixtures" / "rubrics"
PARAMS = [pytest.param(kind, case, id=f"{kind}-{case['id']}") for kind, cases in CASES.items() for case in cases]


def _rubric(case: dict):
    """The case's own rubric (a fixture) when it names one, else the shipped one."""
    return load_rubric(RUBRICS / case["rubric"]) if "rubric" in case else RUBRIC


def _item_and_requirement(text: str, requirement: str, rubric=RUBRIC):
    document = read_text(f"一、2021年履行教育职责情况\n（一）有关工作情况\n1. 工作开展。{text}\n")
    result = score_document(document, rubric)
    return next((item, r) for item in result.items for r in item.requirements if r.id == requirement)


def test_case_file_covers_every_kind() -> None:
    assert set(CASES) == set(KINDS) == set(checks.CHECKS)


@pytest.mark.parametrize(("kind", "case"), PARAMS)
def test_check_case(kind: str, case: dict) -> None:
    rubric = _rubric(case)
    assert rubric.get(case["requirement"]).kind == kind
    item, res = _item_and_requirement(case["text"], case["requirement"], rubric)
    expect = case["expect"]
    assert res.result == expect["result"], (res.reasons, res.detail)
    assert set(expect.get("reasons", [])) <= set(res.reasons)
    if "detail_contains" in expect:
        assert expect["detail_contains"] in res.detail
    if res.result in {"fail", "not_found"} and item.status != "no_bonus":  # an unclaimed 加分项 asks nothing
        assert res.ask, "missing or failed requirements must say what to ask for"
    for ev in res.evidence:
        assert ev.text
    if res.result == "pass":
        assert res.evidence, "a pass must rest on evidence"


def test_failing_check_is_error_not_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setitem(checks.CHECKS, "threshold", broken)
    document = read_text("一、情况\n1. 学前。普惠性幼儿园覆盖率达91.2%。\n")
    result = score_document(document, RUBRIC)
    f1 = next(i for i in result.items if i.id == "F1")
    assert f1.status == "error"
    assert "analysis_error" in f1.reasons
    assert result.counts["error"] >= 1
