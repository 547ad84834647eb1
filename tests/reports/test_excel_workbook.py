"""The scored workbook, read back with openpyxl: sheets, headers, formulas, validation, formats, print setup."""

from __future__ import annotations

import zipfile
from datetime import datetime

import pytest
from openpyxl import load_workbook

from reports import excel_sheets as sheets
from reports.excel import META_SHEET, SHEETS, build_workbook, write_workbook
from reports.xlsx_common import FONT_NAME, clean_text, text_width, workbook_bytes
from scorer.read import read_text
from scorer.score import score_document


def _item_rows(ws):
    return [r for r in range(sheets.FIRST_ROW, ws.max_row + 1)
            if ws.cell(r, sheets.COL[sheets.ID]).value not in (None, sheets.SUBTOTAL, sheets.TOTAL)
            and ws.cell(r, sheets.COL[sheets.COUNTY]).value]


def test_sheets_and_headers(workbook_dir, scored):
    wb = load_workbook(workbook_dir / "青溪县.xlsx")
    assert wb.sheetnames == [*SHEETS, META_SHEET]
    assert [ws.sheet_state for ws in wb.worksheets] == ["visible"] * 5 + ["hidden"]
    detail = wb[sheets.DETAIL]
    header = [c.value for c in detail[sheets.HEADER_ROW]]
    assert header == list(sheets.DETAIL_HEADERS)
    assert header[:10] == ["编号", "领域", "评价重点", "评价要点", "分值", "细则来源", "自动得分", "状态", "依据摘录",
                           "缺失证据/待补材料"]
    assert header[10:12] == ["核定得分", "督导意见"]
    assert header[-5:] == ["已描述", "有实据", "核定有效", "区县自评", "加分项"]
    result = scored["青溪县"].result
    rows = _item_rows(detail)
    assert [detail.cell(r, 1).value for r in rows] == [item.id for item in result.items]
    for row, item in zip(rows, result.items, strict=True):
        assert detail.cell(row, sheets.COL[sheets.AUTO]).value == item.score
        assert detail.cell(row, sheets.COL[sheets.POINTS]).value == item.max_score
        assert detail.cell(row, sheets.COL[sheets.EVIDENCED]).value == ("是" if item.evidenced else "否")
        assert detail.cell(row, sheets.COL[sheets.PROVENANCE]).value == {"stated": "有公开依据",
                                                                         "reconstructed": "重构"}[item.provenance]
        assert detail.cell(row, sheets.COL[sheets.REVIEWED]).value is None
    for name, title in ((sheets.EVIDENCE, "原文"), (sheets.ASKS, "待补材料"), (sheets.SECTIONS, "正文")):
        assert title in [c.value for c in wb[name][sheets.HEADER_ROW]]


def test_formulas_fall_back_to_automatic_scores(workbook_dir, scored):
    ws = load_workbook(workbook_dir / "云岭县.xlsx")[sheets.DETAIL]
    rows = _item_rows(ws)
    first, last = rows[0], rows[-1]
    valid = (f"IF(ISNUMBER(K{first}),AND(K{first}>=0,K{first}<=E{first}),"
             f"IFERROR(AND(VALUE(TRIM(K{first}))>=0,VALUE(TRIM(K{first}))<=E{first}),FALSE))")
    assert ws.cell(first, sheets.COL[sheets.FINAL]).value == (
        f"=IF({valid},IF(ISNUMBER(K{first}),K{first},VALUE(TRIM(K{first}))),G{first})")
    assert ws.cell(first, sheets.COL["核定有效"]).value == f"=IF({valid},1,0)"
    subtotals = {ws.cell(r, 2).value: r for r in range(last + 1, ws.max_row + 1) if ws.cell(r, 1).value == "小计"}
    assert list(subtotals) == [a.id for a in scored["云岭县"].result.areas]
    row_b = subtotals["B"]
    assert ws.cell(row_b, sheets.COL[sheets.FINAL]).value == (
        f"=SUMIFS($M${first}:$M${last},$B${first}:$B${last},$B{row_b},$N${first}:$N${last},$N{row_b})")
    total = next(r for r in range(last + 1, ws.max_row + 1) if ws.cell(r, 1).value == "合计")
    assert ws.cell(total, sheets.COL[sheets.FINAL]).value == (
        f"=SUMIFS($M${first}:$M${last},$N${first}:$N${last},$N{total})")


def test_validation_conditional_formats_and_layout(workbook_dir):
    ws = load_workbook(workbook_dir / "云岭县.xlsx")[sheets.DETAIL]
    rows = _item_rows(ws)
    (dv,) = ws.data_validations.dataValidation
    assert (dv.type, dv.operator, dv.formula1, dv.formula2) == ("decimal", "between", "0", f"E{rows[0]}")
    assert str(dv.sqref) == f"K{rows[0]}:K{rows[-1]}"
    assert dv.allow_blank and dv.showErrorMessage and "0" in dv.error
    rules = {rule.formula[0]: rule.dxf.fill.bgColor.rgb for cf in ws.conditional_formatting for rule in cf.rules}
    first = rows[0]
    invalid = (f"AND(LEN(TRIM(K{first}))>0,NOT(IF(ISNUMBER(K{first}),AND(K{first}>=0,K{first}<=E{first}),"
               f"IFERROR(AND(VALUE(TRIM(K{first}))>=0,VALUE(TRIM(K{first}))<=E{first}),FALSE))))")
    assert rules == {f'$H{first}="缺少证据"': "00F8CBAD", f'$H{first}="部分达标"': "00FFE699",
                     f'$H{first}="需人工核实"': "00BDD7EE", f'$H{first}="达标"': "00C6EFCE",
                     f'$H{first}="分析出错"': "00D9D9D9", invalid: "00FFC7CE"}  # an invalid 核定得分 is red
    assert {str(cf.sqref) for cf in ws.conditional_formatting} == {f"A{first}:A{rows[-1]} H{first}:H{rows[-1]}",
                                                                   f"K{first}:K{rows[-1]}"}
    assert ws.freeze_panes == "B4"
    # 已描述/有实据/核定有效 added as columns O, P and Q, 区县自评 as R, 加分项 as S
    assert ws.auto_filter.ref == f"A3:S{rows[-1]}"
    assert ws.cell(rows[0], sheets.COL[sheets.QUOTE]).alignment.wrap_text
    assert ws.cell(rows[0], 1).font.name == FONT_NAME
    assert ws.column_dimensions["I"].width == 28
    # columns not printed are folded away (hidden, outline level 1); the printed ones stay
    folded = {letter for letter, dim in ws.column_dimensions.items() if dim.hidden}
    assert folded == {"B", "F", "N", "O", "P", "Q", "S"}
    assert all(ws.column_dimensions[letter].outlineLevel == 1 for letter in folded)


def test_print_setup_and_properties(workbook_dir, created):
    wb = load_workbook(workbook_dir / "云岭县.xlsx")
    for name in SHEETS:
        ws = wb[name]
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert "云岭县" in ws.oddFooter.left.text and "&P" in ws.oddFooter.center.text
    assert wb[sheets.DETAIL].print_title_rows == "$3:$3"
    props = wb.properties
    assert props.created == created and props.modified == created
    assert "云岭县" in props.title and "重构" in props.subject and props.creator.startswith("lvzhi")


def test_overview_notices_totals_and_chart(workbook_dir, rubric, scored):
    ws = load_workbook(workbook_dir / "兰台县.xlsx")[SHEETS[0]]
    notices = [ws.cell(r, 1).value for r in range(2, 8)]
    assert "自动评分的建议" in notices[0]
    assert "重构版" in notices[1] and rubric.scheme.doc_no in notices[1]
    warning = next(w.message for w in scored["兰台县"].result.warnings if w.code == "scheme_mismatch")
    assert any(n and warning in n for n in notices)
    labels = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1)}
    assert ws.cell(labels["采用总分（含核定）"], 2).value.startswith("='评分明细'!$M$")
    assert ws.cell(labels["采用等次（按采用总分）"], 2).value.startswith("=IF(")
    assert ws.cell(labels["自动总分"], 2).value == scored["兰台县"].result.total
    assert "不一致" in ws.cell(labels["引用方案"], 2).value
    assert len(ws._charts) == 1
    chart = ws._charts[0]
    assert chart.title is not None and len(chart.series) == 2


def test_report_text_is_never_a_formula(rubric, tmp_path, created):
    text = ("云岭县人民政府关于履行教育职责自评情况的报告\n一、加强党的领导\n=HYPERLINK(\"http://x\",\"点我\")\n"
            "+1+2 @SUM(A1) -3\n\x07控制字符\n")
    result = score_document(read_text(text, "evil.txt"), rubric)
    path = tmp_path / "evil.xlsx"
    write_workbook([result], path, rubric=rubric, texts={result.source.sha256: text}, created=created)
    wb = load_workbook(path)
    formulas = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert formulas and all(f.startswith(("=IF(", "=SUMIFS(", "=COUNTIFS(", "='", "=SUM(")) for f in formulas)
    bodies = [c.value for row in wb[sheets.SECTIONS].iter_rows(min_row=4) for c in row if isinstance(c.value, str)]
    assert any("=HYPERLINK" in b for b in bodies)
    assert not any("\x07" in b for b in bodies)
    # An evil text starting with "=" written by the helper keeps Excel's apostrophe prefix.
    cell = next(c for row in wb[sheets.SECTIONS].iter_rows(min_row=4) for c in row
                if isinstance(c.value, str) and c.value.startswith("="))
    assert cell.data_type == "s" and cell.quotePrefix


def test_deterministic_apart_from_timestamp(tmp_path, scored, rubric, created):
    item = scored["凤栖县"]
    for name in ("a.xlsx", "b.xlsx"):
        write_workbook([item.result], tmp_path / name, rubric=rubric, texts=item.texts, created=created)
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    write_workbook([item.result], tmp_path / "c.xlsx", rubric=rubric, texts=item.texts,
                   created=datetime(2030, 1, 2, 3, 4, 5))
    with zipfile.ZipFile(tmp_path / "a.xlsx") as a, zipfile.ZipFile(tmp_path / "c.xlsx") as c:
        assert a.namelist() == c.namelist()
        differing = [n for n in a.namelist() if a.read(n) != c.read(n)]
    assert differing == ["docProps/core.xml"]


def _saved(tmp_path, results, rubric, created):
    """Build a workbook, save it and read it back (its cells live in lvzhi's store until saved)."""
    path = tmp_path / "book.xlsx"
    path.write_bytes(workbook_bytes(build_workbook(results, rubric=rubric, created=created), created))
    return load_workbook(path)


def test_multi_result_workbook(tmp_path, scored, rubric, created):
    pairs = [scored["青溪县"], scored["云岭县"]]
    wb = _saved(tmp_path, [p.result for p in pairs], rubric, created)
    ws = wb[sheets.DETAIL]
    counties = [ws.cell(r, sheets.COL[sheets.COUNTY]).value for r in _item_rows(ws)]
    n = len(pairs[0].result.items)
    assert counties == ["青溪县"] * n + ["云岭县"] * n
    totals = [r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "合计"]
    assert [ws.cell(r, sheets.COL[sheets.COUNTY]).value for r in totals] == ["青溪县", "云岭县"]
    overview = wb[SHEETS[0]]
    header = next(r for r in range(1, 20) if overview.cell(r, 1).value == "项目")
    assert [overview.cell(header, c).value for c in (2, 3)] == ["青溪县", "云岭县"]
    assert "原文未随结果提供" not in wb[sheets.SECTIONS].cell(2, 1).value  # results carry their text


def test_result_without_text_says_so(tmp_path, scored, rubric, created):
    from dataclasses import replace

    bare = replace(scored["青溪县"].result, text="")
    wb = _saved(tmp_path, [bare], rubric, created)
    assert "原文未随结果提供" in wb[sheets.SECTIONS].cell(2, 1).value


def test_rejects_foreign_scheme_and_empty(scored, rubric):
    from dataclasses import replace

    foreign = replace(scored["青溪县"].result, scheme=replace(scored["青溪县"].result.scheme, id="cq-2099"))
    with pytest.raises(ValueError, match="cq-2099"):
        build_workbook([foreign], rubric=rubric)
    with pytest.raises(ValueError, match="No results"):
        build_workbook([], rubric=rubric)


def test_text_helpers():
    assert text_width("云阳县ab") == 8
    assert text_width("１２") == 4
    assert text_width("a\n云阳县") == 6


def test_text_width_equals_unicodedata_count() -> None:
    """The regex fast path counts exactly what a per-character east_asian_width lookup counts."""
    import random
    import unicodedata

    import reports.xlsx_common as common

    def slow(line: str) -> int:
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)

    wide = common._WIDE_BLOCKS
    for start, end in zip(wide[0::3], wide[2::3], strict=True):
        assert all(unicodedata.east_asian_width(chr(c)) in "WF" for c in range(ord(start), ord(end) + 1))
    rng = random.Random(7)  # noqa: S311 - test data
    pool = "云阳县ab１２。，、—…•·“”《》①Ⅲ😀가한\t ～€" + "".join(chr(c) for c in range(0x2000, 0x2100))
    for _ in range(300):
        line = "".join(rng.choices(pool, k=rng.randrange(0, 40)))
        assert text_width(line) == slow(line), line
    assert clean_text("a\x00b") == "a\ufffdb"
    assert clean_text("x" * 40000).endswith("truncated）") and len(clean_text("x" * 40000)) == 32767

