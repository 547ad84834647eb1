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


def test_a_continuing_point_changes_label_at_a_higher_cost() -> None:
    points = [{"A": 5.0, "B": 0.0, None: 1.0}, {"A": 0.0, "B": 3.0, None: 1.0}, {"A": 0.0, "B": 3.0, None: 1.0}]
    assert best_run(points, STATES, [2.0, 2.0, 2.0]) == ["A", "B", "B"]
    lone = [points[0], {"A": 0.0, "B": 5.0, None: 1.0}, {"A": 3.0, "B": 0.0, None: 1.0}]
    assert best_run(lone, STATES, [2.0, 2.0, 2.0]) == ["A", "B", "A"]
    assert best_run(lone, STATES, [2.0, 4.0, 2.0]) == ["A", "A", "A"]  # the middle one opens with 此外


def test_a_closing_remark_does_not_start_where_it_is_not_free() -> None:
    points = [{"A": 3.0, None: 1.0}, {"A": 3.0, None: 1.0}, {"A": 0.0, None: 1.0}]
    assert best_run(points, STATES, 2.0) == ["A", "A", None]
    assert best_run(points, STATES, 2.0, [True, True, False]) == ["A", "A", "A"]


def test_final_labels_keep_their_order_unless_an_anchor_does_not_bind() -> None:
    states = [*STATES, "P", "R"]
    # the problems, then a paragraph whose area words lean to B: it stays in the problems
    points = [{"A": 5.0, "P": 0.0, None: 1.0}, {"A": 0.0, "P": 4.0, None: 1.0}, {"B": 3.5, "P": 0.0, None: 1.0}]
    assert best_run(points, states, 2.0) == ["A", "P", "B"]
    # (its area words also keep a closing remark from starting there)
    assert best_run(points, states, 2.0, [True, True, False], final=["P", "R"]) == ["A", "P", "P"]
    # after the measures the problems do not come back; the measures follow the problems
    tail = [{"P": 3.0, None: 1.0}, {"R": 4.0, "P": 0.0, None: 1.0}, {"P": 2.0, "R": 0.0, None: 1.0}]
    assert best_run(tail, states, 1.0, [True, True, False], final=["P", "R"]) == ["P", "R", "R"]
    assert best_run(tail, states, 1.0, [True, True, False]) == ["P", "R", "P"]
    # an anchor that does not bind (下一步 inside an area's account) lets the areas go on
    anchored = [{"A": 3.0, None: 0.5}, "R", {"B": 3.0, "R": 0.0, None: 0.5}, {"B": 3.0, "R": 0.0, None: 0.5}]
    closing = [True, True, False, False]
    assert best_run(anchored, states, 2.0, closing, final=["P", "R"]) == ["A", "R", "R", "R"]
    assert best_run(anchored, states, 2.0, closing, final=["P", "R"], binding=[True, False, True, True]) == [
        "A", "R", "B", "B"]


def _areas_by_start(text: str) -> dict[str, str | None]:
    result = score_document(read_text(text), load_rubric())
    return {text[s.start:s.start + 6]: s.area for s in result.sections if s.kind == "paragraph"}


def test_problems_without_an_opening_are_told_by_their_register_and_place() -> None:
    """No heading and no 存在的问题 opening: the deficits after the account are the problems, the plans the measures."""
    areas = _areas_by_start("""石岭县人民政府关于履行教育职责情况的自评报告
县委常委会每年专题研究教育工作，落实党组织领导的校长负责制，学校党组织实现全覆盖。
全县一般公共预算教育经费11.2亿元，比上年增长4.1%，确保“两个只增不减”。
落实生均公用经费标准，小学每生每年700元，初中每生每年900元，寄宿制学校另加200元。
公开招聘中小学教师120名，落实教师培训经费，开展师德师风专项整治。
落实校园安全责任，开展防溺水专题教育，全年未发生重大校园安全责任事故。
农村学校音体美教师仍然短缺，教师年龄结构老化问题较为突出。
城区学校大班额尚未完全消除，学位供给压力较大。
下一步，我县将对照问题逐项整改，明确责任单位和完成时限。
力争两年内新建城区学校2所，新增学位2400个，彻底消除大班额。
""")
    assert areas["全县一般公共"] == "B" and areas["落实校园安全"] == "G"
    assert areas["农村学校音体"] == "P" and areas["城区学校大班"] == "P"
    assert areas["下一步，我县"] == "R" and areas["力争两年内新"] == "R"


def test_prose_paragraphs_that_carry_on_keep_the_topic_named_before_them() -> None:
    """在…方面 names the area; 此外 carries it on even where its own words lean to another area."""
    areas = _areas_by_start("""石岭县人民政府关于履行教育职责情况的自评报告
一、履职情况
在加强党的领导方面，县委常委会每年专题研究教育工作，学校党组织书记全部参加轮训。
此外，县级领导联系学校，每学期到校讲授思政课，推动党建与教学融合。
另外，学校党组织标准化建设实现全覆盖，发展教师党员56名。
在教师队伍建设方面，公开招聘中小学教师120名，落实教师培训经费。
此外，开展师德师风专项整治，查处有偿补课问题3起，签订师德承诺书4100份。
同时，乡村教师生活补助按月足额发放，乡村教师周转宿舍新建80套。
在校园安全方面，落实校园安全责任，全年未发生重大校园安全责任事故。
此外，开展防溺水专题教育和学生欺凌专项治理。
""")
    assert areas["在加强党的领"] == "A" and areas["此外，县级领"] == "A" and areas["另外，学校党"] == "A"
    assert areas["在教师队伍建"] == "E" and areas["此外，开展师"] == "E" and areas["同时，乡村教"] == "E"
    assert areas["在校园安全方"] == "G" and areas["此外，开展防"] == "G"


def test_a_point_inside_a_paragraph_keeps_its_paragraphs_area_unless_clearly_elsewhere() -> None:
    """一是…二是… are clauses of one statement: 教育集团 in the teachers' paragraph stays E (F at enum_pull 2.5)."""
    text = """石岭县人民政府关于履行教育职责情况的自评报告
一、履职情况
在教师队伍建设方面，一是公开招聘中小学教师120名，落实教师培训经费；二是组建教育集团2个，以集团化办学带动乡村学校教师成长；三是开展师德师风专项整治。
在校园安全方面，一是落实校园安全责任，全年未发生重大校园安全责任事故；二是开展防溺水专题教育。
在促进教育公平方面，一是落实学生资助政策，资助家庭经济困难学生1.2万人次；二是保障随迁子女入学。
"""
    result = score_document(read_text(text), load_rubric())
    enums = {text[s.start:s.start + 6]: s.area for s in result.sections if s.kind == "enum"}
    assert enums["二是组建教育"] == "E" and enums["一是落实学生"] == "F"
