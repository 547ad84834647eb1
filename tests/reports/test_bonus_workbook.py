"""加分项 in the workbook: a 加分项 column, subtotals without bonus items, a capped 加分 row, totals read back."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from reports import excel_sheets as sheets
from reports.excel import OVERVIEW, write_workbook
from reports.review import read_review
from scheme import load_rubric
from scorer.read import read_text
from scorer.score import score_document

RUBRIC = load_rubric(Path(__file__).resolve().parents[1] / "fixtures" / "rubrics" / "mechanics.yaml")
# A1 0.6 of 1 (2 of 4 meetings), B1 9 of 9, bonus item B9 3 of 3 capped at 2: total 11.6 of 10.
TEXT = ("一、履行教育职责情况\n（一）工作情况\n"
        "1. 工作开展。县委常委会召开教育工作专题会议2次，全年开展督导检查12次，培训教师1200人次。\n")


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory):
    result = score_document(read_text(TEXT, name="测试县.txt"), RUBRIC)
    assert (result.total, result.bonus) == (11.6, 2.0)
    path = tmp_path_factory.mktemp("bonus") / "测试县.xlsx"
    write_workbook([result], path, rubric=RUBRIC, created=datetime(2024, 5, 6, 7, 8, 9))
    return path, result


def _row(ws, ident: str) -> int:
    return next(r for r in range(sheets.FIRST_ROW, ws.max_row + 1) if ws.cell(r, 1).value == ident)


def test_detail_marks_bonus_items_and_adds_a_capped_bonus_row(workbook) -> None:
    path, _result = workbook
    ws = load_workbook(path)[sheets.DETAIL]
    bonus_col = sheets.letter("加分项")
    assert ws[f"{bonus_col}{_row(ws, 'B9')}"].value == "是"
    assert ws[f"{bonus_col}{_row(ws, 'B1')}"].value is None
    final = sheets.letter("final")
    subtotal = next(r for r in range(sheets.FIRST_ROW, ws.max_row + 1)
                    if ws.cell(r, 1).value == sheets.SUBTOTAL and ws[f"{sheets.letter('area')}{r}"].value == "B")
    assert '"<>是"' in ws[f"{final}{subtotal}"].value  # area B's subtotal leaves B9 out
    bonus_row = _row(ws, sheets.BONUS)
    assert ws[f"{final}{bonus_row}"].value.startswith("=MIN(2,SUMIFS(")
    total_row = _row(ws, sheets.TOTAL)
    assert ws[f"{final}{total_row}"].value.endswith(f"+{final}{bonus_row}")
    assert ws[f"{sheets.letter('points')}{total_row}"].value.count("+") == 0  # 满分 stays 10


def test_overview_shows_the_bonus_apart(workbook) -> None:
    path, _result = workbook
    ws = load_workbook(path)[OVERVIEW]
    labels = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1)}
    assert ws.cell(labels["加分（自动，含于总分）"], 2).value.startswith("2（上限 2 分）")
    assert "B9" in ws.cell(labels["加分（自动，含于总分）"], 2).value


def test_review_reads_the_capped_total_and_a_reviewed_bonus_item(workbook, tmp_path: Path) -> None:
    path, result = workbook
    (record,) = read_review(path).reports
    assert (record.total, record.bonus(final=False), record.area_total("B")) == (result.total, 2.0, 9.0)
    wb = load_workbook(path)
    ws = wb[sheets.DETAIL]
    ws[f"{sheets.letter('reviewed')}{_row(ws, 'B9')}"].value = 1
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    (record,) = read_review(edited).reports
    assert (record.total, record.bonus()) == (10.6, 1.0)


def test_libreoffice_recalculates_the_capped_total(workbook, convert, tmp_path: Path) -> None:
    path, result = workbook
    (made,) = convert([path], "xlsx", tmp_path)
    ws = load_workbook(made, data_only=True)[sheets.DETAIL]
    final = sheets.letter("final")
    assert ws[f"{final}{_row(ws, sheets.BONUS)}"].value == pytest.approx(2)
    assert ws[f"{final}{_row(ws, sheets.TOTAL)}"].value == pytest.approx(result.total)


def _labels(ws) -> dict[str, int]:
    """Row of each label in the first column of 总览 (card fields and area rows)."""
    return {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value is not None}


def test_overview_area_total_and_card_total_both_include_the_bonus(workbook, convert, tmp_path: Path) -> None:
    """总览's 合计 under the areas has a 加分 line and equals the card's total; 分值's 合计 stays the 满分."""
    path, result = workbook
    (made,) = convert([path], "xlsx", tmp_path)  # 合计 and 采用 are formulas: read LibreOffice's recalculation
    ws = load_workbook(made, data_only=True)[OVERVIEW]
    labels = _labels(ws)
    area = {ws.cell(labels["领域"], c).value: c for c in range(1, ws.max_column + 1)}
    bonus, total = labels[sheets.BONUS], labels["合计（含加分）"]
    assert bonus == total - 1 and ws.cell(bonus, area["评价重点"]).value == "加分项（上限 2 分，计入合计）"
    assert (ws.cell(bonus, area["自动得分"]).value, ws.cell(bonus, area["采用得分"]).value) == (2, pytest.approx(2))
    card = labels["自动总分"], labels["采用总分（含核定）"], labels["满分"], labels["基本分（自动，不含加分）"]
    assert [ws.cell(r, 2).value for r in card] == [result.total, pytest.approx(result.total), 10, 9.6]
    assert ws.cell(total, area["自动得分"]).value == pytest.approx(result.total)
    assert ws.cell(total, area["采用得分"]).value == pytest.approx(result.total)
    assert ws.cell(total, area["分值"]).value == pytest.approx(10)


@pytest.fixture(scope="module")
def unclaimed(tmp_path_factory: pytest.TempPathFactory):
    """A report saying nothing about the bonus item B9."""
    text = TEXT.replace("，培训教师1200人次", "")
    result = score_document(read_text(text, name="无加分县.txt"), RUBRIC)
    path = tmp_path_factory.mktemp("unclaimed") / "无加分县.xlsx"
    write_workbook([result], path, rubric=RUBRIC, created=datetime(2024, 5, 6, 7, 8, 9))
    return path, result


def test_an_unclaimed_bonus_item_is_shown_and_asks_nothing(unclaimed) -> None:
    path, result = unclaimed
    assert result.total == 9.6 and result.bonus == 0
    wb = load_workbook(path)
    detail = wb[sheets.DETAIL]
    b9 = _row(detail, "B9")
    assert detail[f"{sheets.letter('status')}{b9}"].value == "未申报加分"
    assert not detail[f"{sheets.letter('missing')}{b9}"].value
    asks = wb["待补材料"]
    assert not any(cell.value == "B9" for row in asks.iter_rows() for cell in row)
    overview = wb[OVERVIEW]
    labels = _labels(overview)
    assert overview.cell(labels["要点：未申报加分"], 2).value == 1
    assert overview.cell(labels["要点：缺少证据"], 2).value == 0
    assert "B9 教师培训（加分项） 未申报加分" in overview.cell(labels["加分（自动，含于总分）"], 2).value


def test_workbooks_without_bonus_items_have_no_unclaimed_row(tmp_path: Path) -> None:
    result = score_document(read_text(TEXT, name="测试县.txt"), load_rubric())
    path = tmp_path / "plain.xlsx"
    write_workbook([result], path, rubric=load_rubric(), created=datetime(2024, 5, 6, 7, 8, 9))
    labels = _labels(load_workbook(path)[OVERVIEW])
    assert "要点：未申报加分" not in labels and "合计" in labels and sheets.BONUS not in labels
