"""Tables drawn without rules in a 公文 PDF: a Word table with every border removed and a tab-stop table.

Defects the fixture holds: cells that only stand in columns (no lines on the page for a table finder), so
their numbers ran together with the row name (幼儿园6873.42 7105.96 3.38) and their figures were lost; a
cell that wraps inside its column (普惠性幼儿园覆盖 / 率（%）). Around them, what must stay text: justified
prose with a two-character indent, a heading with its page number far right, a 目录 with dotted leaders
and one without, a right-aligned signature and date, a 版记 with 抄送 and the 印发 office left and date
right. The .docx is made with python-docx and converted by LibreOffice here; skips with a reason where
LibreOffice is not installed (CI installs it).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.gongwen import borderless, soffice, to_pdf
from scorer.readers import read_file
from scorer.readers.pdf_layout import layout_pages
from scorer.table_figures import table_quantities
from scorer.tables import find_tables

NO_SOFFICE = pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")

SERIF = "Noto Serif CJK SC"
CAPTION_1 = "表1 各学段生均一般公共预算教育支出（单位：元）"
TABLE_1 = [["学段", "2020年", "2021年", "增长率（%）"], ["幼儿园", "6873.42", "7105.96", "3.38"],
           ["小学", "11820.50", "12066.31", "2.08"], ["初中", "14630.18", "14912.77", "1.93"],
           ["普惠性幼儿园覆盖率（%）", "88.60", "90.35", "1.98"]]
CAPTION_2 = "表2 学前教育主要指标"
TABLE_2 = [["指标", "上年", "本年"], ["学前三年毛入园率（%）", "90.12", "91.40"],
           ["公办园在园幼儿占比（%）", "52.10", "54.26"]]
PROSE = ("2021年全县一般公共预算教育经费132560万元，比上年增加4120万元，增长3.21%，全县中小学校均接入"
         "Wi-Fi 6 network，带宽不低于1000 Mbps，县教委于2022年11月4日完成决算，各学段生均经费均有增长。")
CONTENTS = [("一、基本情况", "1"), ("二、主要成效", "2"), ("三、存在问题", "4"), ("四、下一步打算", "5")]


def _run(para, text: str, size: float = 16) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run = para.add_run(text)
    run.font.size, run.font.name = Pt(size), SERIF
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), SERIF)


def _para(document, text: str, *, indent: bool = True, align: str = "justify", tabs=()):
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt

    para = document.add_paragraph()
    fmt = para.paragraph_format
    fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(28)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.first_line_indent = Pt(32) if indent else None
    para.alignment = getattr(WD_ALIGN_PARAGRAPH, align.upper())
    for position, alignment, leader in tabs:
        fmt.tab_stops.add_tab_stop(position, alignment, leader)
    _run(para, text)
    return para


def _borderless_table(document, rows: list[list[str]]) -> None:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    borderless(table)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            _run(table.cell(r, c).paragraphs[0], text, size=12)


def write_ruleless(path: Path) -> Path:
    """A 公文 .docx (A4, 16 pt, 28 pt lines) with the two tables and every negative case around them."""
    import docx
    from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
    from docx.shared import Mm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    right = section.page_width - section.left_margin - section.right_margin
    _para(document, "青岗县2021年履行教育职责自评报告", indent=False, align="center")
    _para(document, "目录", indent=False, align="center")
    for title, page in CONTENTS:  # dotted leaders
        _para(document, f"{title}\t{page}", indent=False, tabs=[(right, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)])
    for title, page in CONTENTS:  # the same without leaders
        _para(document, f"{title}\t{page}", indent=False, tabs=[(right, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.SPACES)])
    _para(document, "一、基本情况\t1", indent=False, tabs=[(right, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.SPACES)])
    for _ in range(2):
        _para(document, PROSE)
    _para(document, CAPTION_1, indent=False, align="left")
    _borderless_table(document, TABLE_1)
    _para(document, PROSE)
    _para(document, CAPTION_2, indent=False, align="left")
    stops = [(Pt(16 * 14), WD_TAB_ALIGNMENT.LEFT, WD_TAB_LEADER.SPACES),
             (Pt(16 * 19), WD_TAB_ALIGNMENT.LEFT, WD_TAB_LEADER.SPACES)]
    for row in TABLE_2:
        _para(document, "\t".join(row), indent=False, align="left", tabs=stops)
    _para(document, PROSE)
    for line in ("青岗县人民政府", "2022年11月4日"):  # GB/T 9704: the date four characters from the right edge
        _para(document, line, indent=False, align="right").paragraph_format.right_indent = Pt(64)
    _para(document, "抄送：县委办公室，县人大常委会办公室，县政协办公室。", indent=False, align="left")
    _para(document, "青岗县人民政府办公室\t2022年11月4日印发", indent=False, align="left",
          tabs=[(right, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.SPACES)])
    document.save(str(path))
    return path


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The .docx and, where LibreOffice is installed, its PDF."""
    out = tmp_path_factory.mktemp("ruleless")
    files = {"docx": write_ruleless(out / "ruleless_tables.docx")}
    if soffice() is not None:
        files["pdf"] = to_pdf(files["docx"], out)
    return files


def _rows(rows: list[list[str]]) -> list[str]:
    return [" | ".join(row) for row in rows]


@NO_SOFFICE
def test_the_fixture_holds_the_defects(made: dict[str, Path]) -> None:
    pages, _failed, _tables = layout_pages(made["pdf"])
    import pdfplumber

    with pdfplumber.open(str(made["pdf"])) as pdf:
        assert not any(page.find_tables() for page in pdf.pages)  # no rules: nothing for a table finder
    lines = [line.text for page in pages for line in page]
    assert "普惠性幼儿园覆盖" not in lines  # the wrapped cell was joined back


@NO_SOFFICE
def test_tables_without_rules_read_as_rows_under_their_captions(made: dict[str, Path]) -> None:
    raw = read_file(made["pdf"])
    lines = raw.text.split("\n")
    at = lines.index(CAPTION_1)
    assert lines[at + 1:at + 1 + len(TABLE_1)] == _rows(TABLE_1)
    at = lines.index(CAPTION_2)
    assert lines[at + 1:at + 1 + len(TABLE_2)] == _rows(TABLE_2)
    assert any(note.endswith("table(s) read as tables") for note in raw.notes)


@NO_SOFFICE
def test_prose_contents_signature_and_imprint_never_become_tables(made: dict[str, Path]) -> None:
    raw = read_file(made["pdf"])
    rows = [line for line in raw.text.split("\n") if " | " in line]
    assert rows == _rows(TABLE_1) + _rows(TABLE_2)
    assert raw.text.count(PROSE) == 4  # justified prose reflowed whole, no cell cut out of it
    assert raw.text.rstrip().endswith("青岗县人民政府\n2022年11月4日")
    assert "pdf_imprint" in {d.rule for d in raw.dropped}  # the 版记 is still dropped, not a table


@NO_SOFFICE
def test_table_figures_same_as_from_the_docx(made: dict[str, Path]) -> None:
    def figures(path: Path) -> list[tuple]:
        text = read_file(path).text
        out = []
        for table in find_tables(text):
            for q in table_quantities(text, table):
                assert text[q.start:q.end] == q.text  # the span is the cell
                out.append((q.label, q.value, q.unit, q.change, q.period, q.text, q.derived))
        return out

    got = figures(made["pdf"])
    assert got == figures(made["docx"])
    stated = [figure for figure in got if figure[-1] is None]  # changes derived from two columns aside
    by_cell = {text: (label, value, unit) for label, value, unit, _c, _p, text, _d in stated}
    label, value, unit = by_cell["7105.96"]
    assert (value, unit) == (7105.96, "元") and "幼儿园" in label and "2021年" in label
    label, value, unit = by_cell["54.26"]
    assert (value, unit) == (54.26, "%") and "公办园在园幼儿占比" in label and "本年" in label
    assert len(stated) == sum(len(row) - 1 for row in TABLE_1[1:] + TABLE_2[1:])
