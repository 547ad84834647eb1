"""Claims checked against the report's own figures (issue 13, point 2).

The contradictions here are made by editing an example report in place (one sentence changed or added);
benchmarks/accuracy.py measures on separately written reports (benchmarks/claims/).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scheme import load_rubric
from scorer.read import read_text
from scorer.score import score_document

ROOT = Path(__file__).resolve().parents[2]
QINGXI = (ROOT / "examples" / "青溪县-2022自评报告.txt").read_text(encoding="utf-8")
RUBRIC = load_rubric()


def _results(text: str) -> dict:
    result = score_document(read_text(text), RUBRIC)
    return {req.id: (item, req) for item in result.items for req in item.requirements}


def _edit(old: str, new: str) -> str:
    assert old in QINGXI, old
    return QINGXI.replace(old, new, 1)


def test_the_example_as_written_raises_no_claim() -> None:
    for _item, req in _results(QINGXI).values():
        assert "claim_contradicted" not in req.reasons, req.detail


CASES = {
    # 两个只增不减 claimed while one stage's 生均 falls
    "per_student_falls": (("普通初中生均16488.62元，比上年增加274.35元，增长1.69%",
                           "普通初中生均16488.62元，比上年减少274.35元，下降1.69%"), "B3.3"),
    # 不低于当地公务员 with the teacher figure below the 公务员 one
    "teacher_pay_below": (("义务教育教师年平均工资收入12.46万元", "义务教育教师年平均工资收入11.96万元"), "B5.1"),
    # 三个100% with a 96% rate elsewhere
    "full_but_96": (("在城区学校上下学时段设立护学岗42个",
                     "全县封闭化管理达标率96%。在城区学校上下学时段设立护学岗42个"), "G3.1"),
    # 未发生重大安全责任事故 while another paragraph reports one
    "accident_reported": (("组织开展应急疏散演练", "3月某校发生重大校园安全责任事故1起。组织开展应急疏散演练"),
                          "G4.1"),
    # 全面消除大班额 with 大班额 still counted
    "large_classes_eliminated": (("严格落实“一班一案”化解计划。", "严格落实“一班一案”化解计划，全面消除大班额。"),
                                 "H3.3"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_contradicted_claim_makes_the_requirement_review_quoting_both_places(case: str) -> None:
    (old, new), requirement = CASES[case]
    item, req = _results(_edit(old, new))[requirement]
    assert req.result == "review", (req.result, req.reasons, req.detail)
    assert req.reasons == ("claim_contradicted",)
    assert req.detail.startswith("报告称“") and "，但" in req.detail and req.detail.count("行）") == 2
    assert item.status != "met"


def test_the_lower_rate_index_finds_what_a_scan_of_every_figure_finds() -> None:
    """_Figures.lower (suffix tables) answers as the scan over all figures with _same_label did."""
    import random
    from types import SimpleNamespace

    from scorer.claims import _Figures, _same_label

    rng = random.Random(13)  # noqa: S311 - reproducible test data, not cryptography
    alphabet = "中小学幼儿园"
    stems = ("封闭化管理达标率", "一键报警覆盖率", "专职保安配备率")
    figures = []
    for start in range(400):
        # A short stem with a random head, so that labels often end with one another.
        label = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 3))) + rng.choice(stems)[rng.randint(0, 4):]
        quantity = SimpleNamespace(start=start * 10, unit=rng.choice(["%", "%", "人"]), label=label, kind="ratio",
                                   change=rng.choice([None, None, "increase"]), value=rng.choice([100, 96.5, 80]),
                                   low=None, bound=None)
        figures.append(SimpleNamespace(quantity=quantity, damaged=rng.random() < 0.1))
    index = _Figures(SimpleNamespace(figures=figures), [(0, 4000)])
    for probe in {f.quantity.label for f in figures} | {"封闭化管理达标率", "管理达标率", "率"}:
        scan = [f for f in index.clean if f.quantity.unit == "%" and f.quantity.change is None
                and f.quantity.value < 100 and _same_label(f.quantity.label, probe)]
        assert index.lower(probe) is (scan[0] if scan else None), probe


# A bound that may reach the claimed figure is no contradiction: 三个100% beside 达标率98%以上.
RIGHT = {
    "full_beside_a_bound_that_may_be_100": (("在城区学校上下学时段设立护学岗42个",
                                             "全县封闭化管理达标率98%以上。"
                                             "在城区学校上下学时段设立护学岗42个"), "G3.1"),
}


@pytest.mark.parametrize("case", sorted(RIGHT))
def test_a_claim_a_bound_may_satisfy_raises_no_alarm(case: str) -> None:
    (old, new), requirement = RIGHT[case]
    _item, req = _results(_edit(old, new))[requirement]
    assert "claim_contradicted" not in req.reasons, req.detail
    wrong = _results(_edit(old, new.replace("98%以上", "不足98%")))[requirement][1]  # the same figure bounded below 100
    assert wrong.reasons == ("claim_contradicted",), (wrong.result, wrong.detail)
