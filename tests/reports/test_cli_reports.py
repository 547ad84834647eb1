"""``lvzhi score -o *.xlsx``, ``lvzhi review`` and ``lvzhi compare``: outputs, refusals and exit codes."""

from __future__ import annotations

import json

from openpyxl import load_workbook

from reports import excel_sheets as sheets
from reports.cli import main
from reports.cli.common import EXIT_OK, EXIT_UNREADABLE, EXIT_USAGE
from reports.excel import SHEETS


def test_score_infers_xlsx_and_refuses_to_overwrite(tmp_path, scored, capsys):
    report = str(scored["凤栖县"].path)
    target = tmp_path / "凤栖县.xlsx"
    assert main(["score", report, "-o", str(target)]) == EXIT_OK
    assert load_workbook(target).sheetnames[:5] == list(SHEETS)
    assert "自动评分建议" in capsys.readouterr().out
    assert main(["score", report, "-o", str(target)]) == EXIT_USAGE
    assert "--force" in capsys.readouterr().err
    assert main(["score", report, "-o", str(target), "--force"]) == EXIT_OK
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".lvzhi-tmp")]


def test_never_overwrites_a_reviewed_workbook(tmp_path, scored, capsys):
    report = str(scored["凤栖县"].path)
    target = tmp_path / "凤栖县.xlsx"
    assert main(["score", report, "-o", str(target)]) == EXIT_OK
    wb = load_workbook(target)
    wb[sheets.DETAIL].cell(sheets.FIRST_ROW, sheets.COL[sheets.OPINION]).value = "已核"
    wb.save(target)
    before = target.read_bytes()
    capsys.readouterr()
    assert main(["score", report, "-o", str(target), "--force"]) == EXIT_USAGE
    assert "--merge-review" in capsys.readouterr().err
    assert main(["score", report, "--merge-review", str(target), "-o", str(target), "--force"]) == EXIT_USAGE
    assert "输出文件不能是输入文件" in capsys.readouterr().err
    assert target.read_bytes() == before


def test_one_workbook_per_report_or_combined(tmp_path, scored):
    reports = [str(scored[c].path) for c in ("青溪县", "云岭县")]
    assert main(["score", *reports, "-o", f"{tmp_path}/", "--format", "xlsx"]) == EXIT_OK
    assert sorted(p.name for p in tmp_path.iterdir()) == ["云岭县-2022自评报告.xlsx", "青溪县-2022自评报告.xlsx"]
    combined = tmp_path / "两县.xlsx"
    assert main(["score", *reports, "-o", str(combined)]) == EXIT_OK
    ws = load_workbook(combined)[sheets.DETAIL]
    counties = {ws.cell(r, sheets.COL[sheets.COUNTY]).value for r in range(sheets.FIRST_ROW, ws.max_row + 1)}
    assert {"青溪县", "云岭县"} <= counties


def test_unreadable_report_is_listed_and_others_written(tmp_path, scored, capsys):
    missing = tmp_path / "不存在.txt"
    assert main(["score", str(scored["凤栖县"].path), str(missing), "-o", f"{tmp_path}/", "--format", "xlsx"]) == (
        EXIT_UNREADABLE)
    assert (tmp_path / "damaged_copy_paste.xlsx").exists()
    assert "不存在.txt" in capsys.readouterr().err


def test_source_date_epoch_sets_the_timestamp(tmp_path, scored, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    target = tmp_path / "a.xlsx"
    assert main(["score", str(scored["凤栖县"].path), "-o", str(target)]) == EXIT_OK
    assert load_workbook(target).properties.created.isoformat() == "2023-11-14T22:13:20"


def test_review_outputs_and_refusals(tmp_path, workbook_dir, capsys):
    book = str(workbook_dir / "青溪县.xlsx")
    assert main(["review", book]) == EXIT_OK
    assert "青溪县" in capsys.readouterr().out
    assert main(["review", book, "--format", "json"]) == EXIT_OK
    assert json.loads(capsys.readouterr().out)["workbooks"][0]["reports"][0]["county"] == "青溪县"
    assert main(["review", book, "-o", str(tmp_path / "r.csv")]) == EXIT_OK
    assert (tmp_path / "r.csv").read_bytes().startswith("\ufeff区县".encode())
    assert main(["review", book, "-o", book]) == EXIT_USAGE
    assert main(["review", str(tmp_path / "nope.xlsx")]) == EXIT_UNREADABLE
    assert "无法打开评分表" in capsys.readouterr().err


def test_compare_formats_and_mixed_schemes(tmp_path, workbook_dir, scored, capsys):
    books = [str(workbook_dir / f"{c}.xlsx") for c in ("青溪县", "云岭县")]
    assert main(["compare", *books, "--format", "csv"]) == EXIT_OK
    out = capsys.readouterr().out
    assert out.startswith("排名,区县") and "青溪县" in out
    assert main(["compare", *books, str(scored["凤栖县"].path), "-o", str(tmp_path / "c.xlsx")]) == EXIT_OK
    assert load_workbook(tmp_path / "c.xlsx").sheetnames[:2] == ["领域对比", "对比"]
    assert main(["compare", *books, "-o", books[0]]) == EXIT_USAGE
    assert main(["compare", *books, "-o", str(tmp_path / "c.txt")]) == EXIT_USAGE
    other = tmp_path / "other.json"
    main(["score", str(scored["云岭县"].path), "--format", "json", "-o", str(other)])
    data = json.loads(other.read_text("utf-8"))
    data["scheme"]["id"] = "cq-2023"
    other.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    capsys.readouterr()
    # different schemes: items carried through the crosswalk into the newer rubric, said on stderr (once refused)
    assert main(["compare", books[0], str(other)]) == EXIT_OK
    assert "cq-2023" in capsys.readouterr().err
    assert main(["compare", books[0], str(other), "--allow-mixed-schemes"]) == EXIT_OK
    assert not (tmp_path / "c.txt").exists()
