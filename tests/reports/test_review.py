"""Review read-back: entries by item ID and header name, problems listed with sheet and row, input untouched."""

from __future__ import annotations

import hashlib
from dataclasses import replace

import pytest
from openpyxl import Workbook, load_workbook

from reports import excel_sheets as sheets
from reports.excel import write_workbook
from reports.review import ReviewError, merge_review, read_review, review_map

COL = sheets.COL


def _rows_by_id(ws):
    return {ws.cell(r, 1).value: r for r in range(sheets.FIRST_ROW, ws.max_row + 1)
            if ws.cell(r, COL[sheets.COUNTY]).value and ws.cell(r, 1).value not in (sheets.SUBTOTAL, sheets.TOTAL)}


def test_unreviewed_workbook_gives_automatic_totals(workbook_dir, scored):
    review = read_review(workbook_dir / "青溪县.xlsx")
    (record,) = review.reports
    result = scored["青溪县"].result
    assert (record.key, record.total, record.grade, record.n_reviewed) == ("青溪县", result.total, result.grade, 0)
    assert review.problems == () and review.entries == ()
    assert review.scheme["doc_no"] == "渝府教督发〔2022〕5号"


def test_edits_sorted_filtered_widened_with_extra_column(workbook_copy, scored):
    path = workbook_copy("云岭县")
    wb = load_workbook(path)
    ws = wb[sheets.DETAIL]
    rows = _rows_by_id(ws)
    first, last = min(rows.values()), max(rows.values())
    # The inspector sorts the items in reverse, hides some rows with a filter, widens a column and adds a column.
    values = [[ws.cell(r, c).value for c in range(1, len(sheets.DETAIL_HEADERS) + 1)] for r in range(first, last + 1)]
    for offset, row_values in enumerate(reversed(values)):
        for c, value in enumerate(row_values, 1):
            ws.cell(first + offset, c).value = value
    rows = _rows_by_id(ws)
    ws.cell(rows["A1"], COL[sheets.REVIEWED]).value = 3.5
    ws.cell(rows["A1"], COL[sheets.OPINION]).value = "党委会议记录已现场核实"
    ws.cell(rows["B5"], COL[sheets.REVIEWED]).value = 0
    ws.cell(rows["F3"], COL[sheets.REVIEWED]).value = "1.25"
    ws.cell(rows["C1"], COL[sheets.OPINION]).value = "=请补充德育材料"
    ws.row_dimensions[rows["B5"]].hidden = True
    ws.column_dimensions["I"].width = 90
    ws.insert_cols(3)
    ws.cell(sheets.HEADER_ROW, 3).value = "督学备注"
    ws.cell(rows["A2"], 3).value = "自加列，不应被读入"
    wb.save(path)

    review = read_review(path)
    assert review.problems == ()
    (record,) = review.reports
    items = {i.id: i for i in record.items}
    assert (items["A1"].reviewed, items["A1"].opinion) == (3.5, "党委会议记录已现场核实")
    assert items["B5"].reviewed == 0.0 and items["B5"].final == 0.0  # 0 is a score, not "not filled"
    assert items["F3"].reviewed == 1.25
    assert items["C1"].reviewed is None and items["C1"].opinion == "=请补充德育材料"
    auto = {i.id: i.score for i in scored["云岭县"].result.items}
    expected = round(scored["云岭县"].result.total - auto["A1"] - auto["B5"] - auto["F3"] + 3.5 + 0 + 1.25, 2)
    assert record.total == expected
    assert record.n_reviewed == 3
    assert [(e.item, e.sheet) for e in review.entries] == [("A1", sheets.DETAIL), ("B5", sheets.DETAIL),
                                                           ("C1", sheets.DETAIL), ("F3", sheets.DETAIL)]


def test_invalid_entries_are_listed_and_do_not_stop_the_rest(workbook_copy, scored):
    path = workbook_copy("凤栖县")
    wb = load_workbook(path)
    ws = wb[sheets.DETAIL]
    rows = _rows_by_id(ws)
    ws.cell(rows["A1"], COL[sheets.REVIEWED]).value = "三分"  # not a number
    ws.cell(rows["A2"], COL[sheets.REVIEWED]).value = 9  # above 分值 2
    ws.cell(rows["A3"], COL[sheets.REVIEWED]).value = -1  # below 0
    ws.cell(rows["A4"], COL[sheets.REVIEWED]).value = 1.5  # valid
    ws.cell(rows["B1"], COL[sheets.REVIEWED]).value = "=1+0.5"  # a formula nobody computed
    ws.cell(rows["B2"], 1).value = "X9"  # unknown ID (B2's row is then missing)
    ws.cell(rows["B2"], COL[sheets.REVIEWED]).value = 1
    copy = ws.max_row + 2
    for c in range(1, len(sheets.DETAIL_HEADERS) + 1):  # a copied row: C1 twice
        ws.cell(copy, c).value = ws.cell(rows["C1"], c).value
    ws.cell(copy, COL[sheets.REVIEWED]).value = 1
    ws.delete_rows(rows["H1"])  # a deleted row
    wb.save(path)

    review = read_review(path)
    found = [(p.code, p.item, p.row) for p in review.problems]
    dup_row = max(r for _c, i, r in found if i == "C1")
    assert found == [
        ("not_a_number", "A1", rows["A1"]), ("out_of_range", "A2", rows["A2"]), ("out_of_range", "A3", rows["A3"]),
        ("formula_without_value", "B1", rows["B1"]), ("unknown_id", "X9", rows["B2"]),
        ("duplicate_id", "C1", rows["C1"]), ("duplicate_id", "C1", dup_row),
        ("missing_row", "B2", None), ("missing_row", "H1", None)]
    assert all(p.sheet == sheets.DETAIL for p in review.problems)
    assert "第" in review.problems[0].message and "三分" in review.problems[0].message
    (record,) = review.reports
    assert [(i.id, i.reviewed) for i in record.items if i.reviewed is not None] == [("A4", 1.5)]
    auto = {i.id: i.score for i in scored["凤栖县"].result.items}
    assert record.total == round(scored["凤栖县"].result.total - auto["A4"] + 1.5, 2)


def test_input_is_never_modified(workbook_copy):
    path = workbook_copy("青溪县")
    before = (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
    read_review(path)
    assert (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns) == before
    assert [p.name for p in path.parent.iterdir()] == [path.name]


def test_not_an_lvzhi_workbook(tmp_path):
    plain = tmp_path / "plain.xlsx"
    Workbook().save(plain)
    with pytest.raises(ReviewError, match="不是 lvzhi 生成的评分表"):
        read_review(plain)
    broken = tmp_path / "broken.xlsx"
    broken.write_text("not a zip", encoding="utf-8")
    with pytest.raises(ReviewError, match="无法打开评分表"):
        read_review(broken)


def test_renamed_key_column_is_a_clear_error(workbook_copy):
    path = workbook_copy("青溪县")
    wb = load_workbook(path)
    wb[sheets.DETAIL].cell(sheets.HEADER_ROW, COL[sheets.REVIEWED]).value = "得分"
    wb.save(path)
    with pytest.raises(ReviewError, match="核定得分"):
        read_review(path)


def test_renamed_detail_sheet_is_found_by_its_headers(workbook_copy):
    path = workbook_copy("青溪县")
    wb = load_workbook(path)
    ws = wb[sheets.DETAIL]
    ws.title = "明细（已核）"
    ws.cell(_rows_by_id(ws)["A1"], COL[sheets.REVIEWED]).value = 1.5
    wb.save(path)
    review = read_review(path)
    assert [(e.item, e.score) for e in review.entries] == [("A1", 1.5)]
    assert not review.problems


def test_deleted_detail_sheet_is_a_clear_error(workbook_copy):
    path = workbook_copy("青溪县")
    wb = load_workbook(path)
    del wb[sheets.DETAIL]
    wb.save(path)
    with pytest.raises(ReviewError, match="找不到“评分明细”表"):
        read_review(path)


def test_multi_county_workbook_keys_rows_by_county(tmp_path, scored, rubric, created):
    path = tmp_path / "两县.xlsx"
    write_workbook([scored["青溪县"].result, scored["云岭县"].result], path, rubric=rubric, created=created,
                   review={("云岭县", "A1"): (1.0, "核减"), ("青溪县", "A1"): (None, "属实")})
    review = read_review(path)
    assert review.problems == ()
    by_key = {r.key: r for r in review.reports}
    assert by_key["云岭县"].items[0].reviewed == 1.0 and by_key["青溪县"].items[0].opinion == "属实"
    assert by_key["青溪县"].total == scored["青溪县"].result.total
    years = tmp_path / "两年.xlsx"
    write_workbook([scored["云岭县"].result, scored["云岭县2023"].result], years, rubric=rubric, created=created,
                   review={("云岭县（2023）", "A1"): (1.0, "")})
    review = read_review(years)
    assert review.problems == ()
    assert [(r.key, r.n_reviewed) for r in review.reports] == [("云岭县（2022）", 0), ("云岭县（2023）", 1)]


def test_merge_review_carries_entries_and_lists_orphans(workbook_copy, scored, rubric):
    path = workbook_copy("云岭县")
    wb = load_workbook(path)
    ws = wb[sheets.DETAIL]
    rows = _rows_by_id(ws)
    ws.cell(rows["A1"], COL[sheets.REVIEWED]).value = 3
    ws.cell(rows["A2"], COL[sheets.REVIEWED]).value = 2
    ws.cell(rows["A2"], COL[sheets.OPINION]).value = "按原分"
    ws.cell(rows["B1"], COL[sheets.OPINION]).value = "已核实"
    ws.cell(rows["C1"], COL[sheets.REVIEWED]).value = "x"
    wb.save(path)
    result = scored["云岭县"].result
    # A rubric fix: item B1 is gone and A2 is now worth 1.5 points.
    items = tuple(replace(i, max_score=1.5) if i.id == "A2" else i for i in result.items if i.id != "B1")
    carried, orphans = merge_review(path, [replace(result, items=items)], rubric)
    assert review_map(carried) == {("云岭县", "A1"): (3.0, ""), ("云岭县", "A2"): (None, "按原分")}
    assert [o.entry.item for o in orphans] == ["A2", "B1", "C1"]
    assert "分值已改为 1.5" in orphans[0].reason and "新细则中已没有要点 B1" in orphans[1].reason
    assert "核定得分不是数字" in orphans[2].reason
    # The wrong county's workbook carries nothing.
    carried, orphans = merge_review(path, [scored["青溪县"].result], rubric)
    assert carried == [] and {o.entry.item for o in orphans} >= {"A1", "A2", "B1"}
