"""Each workbook alone in review and compare (a damaged one is named, the rest reported), and no cell from
outside ever becomes a formula in the CSV or workbook outputs."""

from __future__ import annotations

import csv
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from reports.cli import main
from reports.cli.common import EXIT_OK, EXIT_UNREADABLE
from reports.neutral import FORMULA_STARTS, csv_cell, csv_row

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "青溪县-2022自评报告.txt"
HOSTILE_NAME = '=HYPERLINK("http:evil","点此查看")'
DETAIL_XML, META_XML = "xl/worksheets/sheet2.xml", "xl/worksheets/sheet6.xml"  # 评分明细, hidden _lvzhi


def _tamper(source: Path, target: Path, part: str, pattern: str, replacement: str) -> Path:
    """Copy a workbook with one regex replacement in one of its XML parts (which must match)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == part:
                text, count = re.subn(pattern, replacement, data.decode("utf-8"), count=1)
                assert count == 1, f"{pattern!r} not found in {part}"
                data = text.encode("utf-8")
            new.writestr(info, data)
    return target


DAMAGES = {
    "non_numeric_v": (DETAIL_XML, r'(t="n"><v>)[^<]*(</v>)', r"\1abc\2"),
    "undefined_entity": (DETAIL_XML, r"(<t>)", r"\1&bogus;"),
    "tampered_hidden_sheet": (META_XML, r'"items":\[', '"items_":['),
}


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_review_and_compare_report_the_good_workbook_and_name_the_bad(
        damage: str, workbook_copy, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = workbook_copy("青溪县")
    bad = _tamper(workbook_copy("云岭县"), tmp_path / f"{damage}.xlsx", *DAMAGES[damage])
    for command in ("review", "compare"):
        code = main([command, str(good), str(bad)])
        captured = capsys.readouterr()
        assert code == EXIT_UNREADABLE, (command, captured.err)
        assert "Traceback" not in captured.err and "内部错误" not in captured.err
        assert f"{bad}" in captured.err, captured.err  # the bad file is named with its reason
        assert "青溪县" in captured.out  # the good one is still reported
        assert "云岭县" not in captured.out


def test_compare_exit_code_follows_review_for_invalid_entries(workbook_copy,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    path = workbook_copy("青溪县")
    wb = load_workbook(path)
    ws = wb["评分明细"]
    header_row = next(r for r in range(1, 20) if "核定得分" in [c.value for c in ws[r]])
    header = [c.value for c in ws[header_row]]
    ws.cell(header_row + 1, header.index("核定得分") + 1).value = "4分"
    wb.save(path)
    assert main(["review", str(path)]) == EXIT_UNREADABLE
    assert main(["compare", str(path)]) == EXIT_UNREADABLE
    err = capsys.readouterr().err
    assert err.count("核定得分不是数字") == 2
    assert main(["compare", str(workbook_copy("云岭县", "clean.xlsx"))]) == EXIT_OK


@pytest.mark.parametrize("start", [*FORMULA_STARTS])
def test_csv_cell_neutralises_each_formula_start(start: str) -> None:
    assert csv_cell(f"{start}1+1") == f"'{start}1+1"
    assert csv_row(["区县", f"{start}cmd", 3.5, None]) == ["区县", f"'{start}cmd", 3.5, ""]


def _csv_fields(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return [field for row in csv.reader(stream) for field in row]


def test_hostile_file_name_never_becomes_a_formula(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(EXAMPLE, reports / f"{HOSTILE_NAME}.txt")
    books = tmp_path / "books"
    assert main(["score", str(reports), "-o", f"{books}/"]) == EXIT_OK
    (workbook,) = books.iterdir()
    review_csv, compare_csv, compare_xlsx = tmp_path / "r.csv", tmp_path / "c.csv", tmp_path / "c.xlsx"
    assert main(["review", str(workbook), "-o", str(review_csv)]) == EXIT_OK
    assert main(["compare", str(workbook), str(reports / f"{HOSTILE_NAME}.txt"), "-o", str(compare_csv)]) == EXIT_OK
    assert main(["compare", str(workbook), "-o", str(compare_xlsx)]) == EXIT_OK
    capsys.readouterr()
    for table in (review_csv, compare_csv):
        fields = _csv_fields(table)
        assert any(HOSTILE_NAME in field for field in fields), table
        assert not [f for f in fields if f.startswith(FORMULA_STARTS)], table
    for book in (workbook, compare_xlsx):
        wb = load_workbook(book)
        seen = 0
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str) and HOSTILE_NAME in cell.value:
                        seen += 1
                        assert cell.data_type != "f", (book.name, ws.title, cell.coordinate)
                        if cell.value.startswith("="):
                            assert cell.quotePrefix, (book.name, ws.title, cell.coordinate)
        assert seen, book


def test_review_csv_keeps_the_inspectors_comments(workbook_copy, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    path = workbook_copy("青溪县")
    wb = load_workbook(path)
    ws = wb["评分明细"]
    header_row = next(r for r in range(1, 20) if "督导意见" in [c.value for c in ws[r]])
    header = [c.value for c in ws[header_row]]
    ws.cell(header_row + 1, header.index("督导意见") + 1).value = "-请补充会议纪要"
    item = ws.cell(header_row + 1, header.index("编号") + 1).value
    wb.save(path)
    out = tmp_path / "r.csv"
    assert main(["review", str(path), "-o", str(out)]) == EXIT_OK
    capsys.readouterr()
    with out.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    assert rows[0][-1] == "督导意见"
    assert rows[1][-1] == f"{item}：-请补充会议纪要"
