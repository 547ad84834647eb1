"""Runs of heading-less points: the Viterbi labelling of scorer.sequence, and matching built on it."""

from __future__ import annotations

from scheme import load_rubric
from scorer.read import read_text
from scorer.score import score_document
from scorer.sequence import best_run

STATES = ["A", "B", "C", None]


def test_without_switch_cost_each_point_keeps_its_best() -> None:
    points = [{"A": 3.0, "B": 1.0, None: 1.0}, {"A": 1.2, "B": 1.5, None: 1.0}, {"A": 0.2, "B": 0.1, None: 1.0}]
    assert best_run(points, STATES, 0.0) == ["A", "B", None]


def test_a_weak_excursion_follows_its_neighbours() -> None:
    points = [{"A": 4.0, "B": 0.0, None: 1.0}, {"A": 1.0, "B": 1.8, None: 1.0}, {"A": 3.5, "B": 0.0, None: 1.0}]
    assert best_run(points, STATES, 2.0) == ["A", "A", "A"]
    strong = [points[0], {"A": 0.0, "B": 6.0, None: 1.0}, points[2]]
    assert best_run(strong, STATES, 2.0) == ["A", "B", "A"]


def test_anchors_are_kept_and_an_introduction_starts_free() -> None:
    points = ["P", {"A": 0.5, "B": 0.0, None: 1.0}, {"A": 3.0, "B": 0.0, None: 1.0}, {"A": 2.0, None: 1.0}]
    labels = best_run(points, [*STATES, "P"], 2.0)
    assert labels[0] == "P"
    assert labels[1:] == ["A", "A", "A"]
    intro = [{"A": 0.4, None: 1.0}, {"A": 3.0, None: 1.0}, {"A": 3.0, None: 1.0}]
    assert best_run(intro, STATES, 2.0) == [None, "A", "A"]  # leaving "no area" costs nothing


def test_ties_prefer_staying_then_the_earlier_area() -> None:
    assert best_run([{"B": 1.0, "A": 1.0}], STATES, 1.0) == ["A"]
    assert best_run([{"B": 2.0}, {"A": 1.0, "B": 1.0}], STATES, 1.0) == ["B", "B"]
    assert best_run([], STATES, 1.0) == []


REPORT = """芦溪县人民政府关于履行教育职责情况的自评报告
一、履职情况
1.县委常委会专题研究教育工作，落实党委领导下的校长负责制，中小学校党组织书记和校长分设。
2.学校党组织标准化建设全覆盖，民办学校党组织实现全覆盖。
3.开展“红烛先锋”党建品牌创建，组织教育系统党员干部培训12场次。
4.全县一般公共预算教育经费12.5亿元，比上年增长5.2%，确保“两个只增不减”。
5.落实生均公用经费标准，小学每生每年700元，初中每生每年900元。
6.教育经费优先保障，教师工资按时足额发放。
"""


def test_points_without_area_headings_stay_in_runs() -> None:
    result = score_document(read_text(REPORT), load_rubric())
    areas = [s.area for s in result.sections if s.heading[:1].isdigit() or s.path.count("/") >= 1]
    points = [s for s in result.sections if s.level == 3]
    assert [s.area for s in points] == ["A", "A", "A", "B", "B", "B"], areas


def test_points_numbered_past_99_are_still_points() -> None:
    lines = ["一、履职情况"] + [f"{n}.县教委开展第{n}项工作，完成率达100%。" for n in range(1, 106)]
    document = read_text("\n".join(lines) + "\n")
    (part,) = [s for s in document.sections if s.kind == "part"]
    assert len(part.children) == 105
    assert part.children[-1].heading.startswith("县教委开展第105项工作")


def test_paragraphs_after_a_problems_opening_stay_problems() -> None:
    text = ("""芦溪县人民政府关于履行教育职责情况的自评报告
县委常委会专题研究教育工作，落实党组织领导的校长负责制，学校党组织实现全覆盖。
全县一般公共预算教育经费12.5亿元，比上年增长5.2%，确保“两个只增不减”。
在肯定成绩的同时，我们也清醒地看到，工作中还存在一些问题和不足。
校园安全管理仍有薄弱环节，学校周边交通和防溺水风险依然存在。
学前教育公办学位占比不高，普惠性资源布局还不够均衡。
下一步，我县将针对上述问题抓好整改。
新建、改扩建公办幼儿园5所，力争公办园在园幼儿占比提高到57%以上。
""")
    result = score_document(read_text(text), load_rubric())
    by_start = {text[s.start:s.start + 6]: s.area for s in result.sections if s.kind == "paragraph"}
    assert by_start["校园安全管理"] == "P" and by_start["学前教育公办"] == "P"
    assert by_start["新建、改扩建"] == "R"
    assert by_start["全县一般公共"] == "B"


def test_next_steps_inside_an_area_account_opens_nothing() -> None:
    text = """芦溪县人民政府关于履行教育职责情况的自评报告
县委常委会专题研究教育工作，落实党组织领导的校长负责制，学校党组织实现全覆盖。
下一步，我县将继续加强学校党建工作。
全县一般公共预算教育经费12.5亿元，比上年增长5.2%，确保“两个只增不减”。
落实生均公用经费标准，小学每生每年700元，初中每生每年900元。
"""
    result = score_document(read_text(text), load_rubric())
    by_start = {text[s.start:s.start + 6]: s.area for s in result.sections if s.kind == "paragraph"}
    assert by_start["下一步，我县"] == "R"
    assert by_start["全县一般公共"] == "B" and by_start["落实生均公用"] == "B"
