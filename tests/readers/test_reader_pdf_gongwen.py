"""公文-layout PDFs as offices make them: a python-docx document in GB/T 9704 layout, converted by LibreOffice.

Defects each fixture holds: gaps a PDF lays out between Chinese characters and digits (增加 4120 万元);
a paragraph wrapped just before an unbreakable （2021—2025年） and losing the 一是/二是 points after
it; a two-line centred title; "— N —" page numbers, a running head and the 版记 (抄送/印发) as text;
ruled tables, one running over a page break. Skips with a reason where LibreOffice is not installed (CI installs it).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.gongwen import soffice, to_pdf, write_docx
from scorer.read import read_report
from scorer.readers import read_file
from scorer.readers.pdf_layout import close_cjk_spaces, layout_pages

NO_SOFFICE = pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")

PLAN = "县政府印发《青岗县教育事业发展第十四个五年规划"
TITLE = "青岗县人民政府关于2021年履行教育职责自评情况的报告（送审稿第二稿）"
BODY = [
    "市政府教育督导室：",
    "一、履行教育职责情况",
    *["甲" * k + PLAN + "（2021—2025年）》，明确目标任务，一是加大投入。二是优化布局。" for k in range(5)],
    "2021年全县一般公共预算教育经费132560万元，比上年增加4120万元，增长3.21%，县教委于2022年11月4日完成决算。",
    "全县中小学校均接入Wi-Fi 6 network，带宽不低于1000 Mbps。",
    *[f"（{n}）第{n}项工作。" + "县委、县政府始终坚持党对教育工作的全面领导，专题研究教育工作。" * 4
      for n in "二三四五六七八九"],
    "表1 各学段生均一般公共预算教育支出（单位：元）",
    "学段\t2020年\t2021年\t增长率（%）",
    "幼儿园\t6873.42\t7105.96\t3.38",
    "小学\t11820.50\t12066.31\t2.08",
    "表2 各校区在校学生数（单位：人）",
    "校区\t2020年\t2021年",
    *[f"第{n}校区\t{1000 + n}\t{1100 + n}" for n in range(1, 71)],  # long enough to cross a page break
    "青岗县人民政府",
    "2022年11月4日",
    "抄送：县委办公室，县人大常委会办公室，县政协办公室。",
    "青岗县人民政府办公室　　　　2022年11月4日印发",
]


@pytest.fixture(scope="module")
def gongwen_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report as a ragged-right 公文 docx with a running head, converted to PDF once for the module."""
    out = tmp_path_factory.mktemp("gongwen")
    docx = write_docx("\n".join([TITLE, *BODY]), out / "ragged_gongwen.docx", justify=False,
                      header="青岗县人民政府文件")
    return to_pdf(docx, out)


@NO_SOFFICE
def test_the_fixture_holds_the_defects(gongwen_pdf: Path) -> None:
    pages, _failed, tables = layout_pages(gongwen_pdf)
    lines = [line.text for page in pages for line in page]
    assert len(pages) >= 3 and tables == 3  # table 2 runs over a page break: two pieces
    assert any(text.startswith("（2021—2025年）") for text in lines)  # a wrap right before the bracket
    assert any(text.startswith("— 2 —") or text == "— 2 —" for text in lines)


@NO_SOFFICE
def test_no_spaces_between_chinese_and_digits_latin_spaces_kept(gongwen_pdf: Path) -> None:
    text = read_file(gongwen_pdf).text
    assert "比上年增加4120万元，增长3.21%" in text
    assert "2022年11月4日完成决算" in text
    assert "Wi-Fi 6 network" in text and "1000 Mbps" in text


@NO_SOFFICE
def test_paragraphs_reflowed_across_the_bracket_and_the_title(gongwen_pdf: Path) -> None:
    lines = read_file(gongwen_pdf).text.split("\n")
    assert lines[0] == TITLE
    for k in range(5):
        assert "甲" * k + PLAN + "（2021—2025年）》，明确目标任务，一是加大投入。二是优化布局。" in lines
    enums = [s.heading for s in read_report(gongwen_pdf).walk() if s.kind == "enum"]
    assert enums == ["加大投入", "优化布局"] * 5  # 一是/二是 of each of the five paragraphs


@NO_SOFFICE
def test_page_furniture_and_imprint_dropped(gongwen_pdf: Path) -> None:
    raw = read_file(gongwen_pdf)
    rules = {d.rule for d in raw.dropped}
    assert {"pdf_page_number", "pdf_repeated_header", "pdf_imprint"} <= rules
    assert "抄送" not in raw.text and "日印发" not in raw.text and "— 1 —" not in raw.text
    assert "青岗县人民政府文件" not in raw.text
    assert raw.text.rstrip().endswith("青岗县人民政府\n2022年11月4日")


@NO_SOFFICE
def test_ruled_table_read_as_rows_with_its_caption(gongwen_pdf: Path) -> None:
    lines = read_file(gongwen_pdf).text.split("\n")
    at = lines.index("表1 各学段生均一般公共预算教育支出（单位：元）")
    assert lines[at + 1:at + 4] == ["学段 | 2020年 | 2021年 | 增长率（%）", "幼儿园 | 6873.42 | 7105.96 | 3.38",
                                    "小学 | 11820.50 | 12066.31 | 2.08"]


@NO_SOFFICE
def test_table_split_by_a_page_break_keeps_every_row(gongwen_pdf: Path) -> None:
    lines = read_file(gongwen_pdf).text.split("\n")
    at = lines.index("表2 各校区在校学生数（单位：人）")
    rows = [f"第{n}校区 | {1000 + n} | {1100 + n}" for n in range(1, 71)]
    assert lines[at + 1:at + 72] == ["校区 | 2020年 | 2021年", *rows]


def test_gaps_next_to_wide_characters_close_spaces_between_latin_stay() -> None:
    assert close_cjk_spaces("增加 619 万元，Wi-Fi 6 network") == "增加619万元，Wi-Fi 6 network"
    assert close_cjk_spaces("2022 年 11 月 4 日") == "2022年11月4日"


@pytest.mark.parametrize("footer", ["— {n} —", "- {n} -", "第{n}页 共4页", "第 {n} 页，共 4 页"])
def test_page_number_forms_of_offices_are_dropped(footer: str) -> None:
    from scorer.readers.pdf import Line, strip_chrome

    body = [[f"正文{page}{word}。" for word in "甲乙丙丁"] for page in "子丑寅卯"]
    pages = [[*(Line(text, 80, 500, 16) for text in lines), Line(footer.format(n=n), 280, 320, 14)]
             for n, lines in enumerate(body, start=1)]
    kept, dropped = strip_chrome(pages)
    assert [[line.text for line in page] for page in kept] == body
    assert dropped[-1].rule == "pdf_page_number" and dropped[-1].count == 4
