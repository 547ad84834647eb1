"""Tables declared once (``reports.tables``): every view renders the declarations, read-back goes by header."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from reports import tables
from reports.compare import compare, load_inputs
from reports.compare_write import comparison_to_csv
from reports.excel import write_workbook
from reports.review import read_review
from reports.table_rows import ask_rows, comparison_rows, detail_rows, evidence_rows, section_rows

SHEET_TABLES = (tables.DETAIL, tables.EVIDENCE, tables.ASKS, tables.SECTIONS)


def test_repeated_keys_or_headers_are_refused() -> None:
    with pytest.raises(ValueError, match="repeated column header_zh"):
        tables.Table("t", "t", (tables.Column("a", "甲", "A"), tables.Column("b", "甲", "B")))
    with pytest.raises(ValueError, match="repeated column key"):
        tables.Table("t", "t", (tables.Column("a", "甲", "A"), tables.Column("a", "乙", "B")))


def test_row_builders_give_exactly_the_declared_columns(scored, rubric) -> None:
    item = scored["凤栖县"]
    built = {
        tables.DETAIL: list(detail_rows("凤栖县", item.result, rubric, {})),
        tables.EVIDENCE: list(evidence_rows("凤栖县", item.result, item.text)),
        tables.ASKS: list(ask_rows("凤栖县", item.result, rubric)),
        tables.SECTIONS: list(section_rows("凤栖县", item.result, item.text)),
    }
    for table, rows in built.items():
        assert rows, table.key
        keys = {c.key for c in table.columns}
        assert all(set(row) == keys for row in rows), table.key


def test_workbook_sheets_are_the_declarations(workbook_dir) -> None:
    wb = load_workbook(workbook_dir / "凤栖县.xlsx")
    for table in SHEET_TABLES:
        ws = wb[table.title]
        assert [ws.cell(3, n).value for n in range(1, len(table.columns) + 1)] == table.headers
        for n, column in enumerate(table.columns, 1):
            if column.width is not None:
                assert ws.column_dimensions[get_column_letter(n)].width == column.width, (table.key, column.key)


def test_csv_views_use_the_declared_headers(workbook_dir, rubric) -> None:
    records, _problems = load_inputs([workbook_dir / "青溪县.xlsx", workbook_dir / "云岭县.xlsx"], rubric)
    comparison = compare(records)
    header, *rows = list(csv.reader(io.StringIO(comparison_to_csv(comparison))))
    declared = tables.comparison_table([(a, t) for a, t, _p in comparison.areas], [i for i, *_ in comparison.items])
    assert header == declared.headers
    assert [row[declared.index("county") - 1] for row in rows] == [r["county"] for r in comparison_rows(comparison)]


def test_a_new_column_is_one_declaration_and_review_still_reads_by_header(monkeypatch, scored, rubric, tmp_path):
    """A column added before 核定得分 moves every later column; writing, formulas and read-back follow."""
    extra = tables.Column("explanation", "说明", "Explanation", 20)
    monkeypatch.setattr(tables, "DETAIL", tables.DETAIL.with_columns([extra], before="reviewed"))
    path = tmp_path / "extra.xlsx"
    write_workbook([scored["青溪县"].result], path, rubric=rubric, texts=scored["青溪县"].texts)
    wb = load_workbook(path)
    ws = wb[tables.DETAIL.title]
    header = {ws.cell(3, c).value: c for c in range(1, ws.max_column + 1)}
    assert header["说明"] == header["核定得分"] - 1
    row = next(r for r in range(4, ws.max_row + 1) if ws.cell(r, header["编号"]).value == "A1")
    reviewed = get_column_letter(header["核定得分"])
    assert reviewed in ws.cell(row, header["采用得分"]).value  # the formula points at the moved column
    ws.cell(row, header["核定得分"]).value = 1
    ws.cell(row, header["督导意见"]).value = "新列之后仍按标题读回"
    wb.save(path)
    (entry,) = read_review(path).entries
    assert (entry.item, entry.score, entry.opinion) == ("A1", 1.0, "新列之后仍按标题读回")


def test_overview_area_table_is_the_declaration(scored, rubric, tmp_path) -> None:
    path = tmp_path / "two.xlsx"
    write_workbook([scored["青溪县"].result, scored["云岭县"].result], path, rubric=rubric)
    ws = load_workbook(path)["总览"]
    declared = tables.overview_areas(["青溪县", "云岭县"])
    top = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "领域")
    assert [ws.cell(top, c).value for c in range(1, len(declared.columns) + 1)] == declared.headers
    assert declared.headers[-1] == "采用得分（云岭县）"
    used = ws.cell(top + 1, declared.index("final:云岭县")).value
    assert used.startswith("='评分明细'!$M$")  # the used subtotal follows the review through 评分明细


def test_review_reads_the_headers_a_workbook_recorded(workbook_copy) -> None:
    """A workbook names its 评分明细 columns in the hidden sheet; read-back uses those names (format 2)."""
    import json

    from reports.excel import META_SHEET

    path = workbook_copy("青溪县")
    wb = load_workbook(path)
    meta = wb[META_SHEET]
    chunks = [meta.cell(r, 1).value for r in range(2, meta.max_row + 1) if meta.cell(r, 1).value]
    data = json.loads("".join(chunks))
    assert data["version"] == 2 and data["columns"]["detail"]["reviewed"] == "核定得分"
    data["columns"]["detail"]["reviewed"] = "督学核定分"  # as a later lvzhi might call it
    for r in range(2, meta.max_row + 1):
        meta.cell(r, 1).value = None
    text = json.dumps(data, ensure_ascii=False)
    for n, start in enumerate(range(0, len(text), 30000), 2):  # a cell holds at most 32,767 characters
        meta.cell(n, 1).value = text[start:start + 30000]
    ws = wb[tables.DETAIL.title]
    header = {ws.cell(3, c).value: c for c in range(1, ws.max_column + 1)}
    ws.cell(3, header["核定得分"]).value = "督学核定分"
    row = next(r for r in range(4, ws.max_row + 1) if ws.cell(r, header["编号"]).value == "B1")
    ws.cell(row, header["核定得分"]).value = 1
    wb.save(path)
    (entry,) = read_review(path).entries
    assert (entry.item, entry.score) == ("B1", 1.0)
