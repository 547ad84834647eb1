"""``lvzhi score -o X.html`` and ``--html`` beside a workbook, a batch or a combined workbook; the workbook links."""

from __future__ import annotations

from openpyxl import load_workbook

from reports import excel_sheets as sheets
from reports.cli import main
from reports.cli.common import EXIT_OK, EXIT_USAGE


def _links(workbook) -> dict[str, tuple[str, str]]:
    """评分明细's hyperlinks: item id -> (file, fragment)."""
    ws = load_workbook(workbook)[sheets.DETAIL]
    out = {}
    for row in range(sheets.FIRST_ROW, ws.max_row + 1):
        cell = ws.cell(row, sheets.COL[sheets.QUOTE])
        if cell.hyperlink is not None:
            out[ws.cell(row, sheets.COL[sheets.ID]).value] = (cell.hyperlink.target, cell.hyperlink.location)
    return out


def test_score_writes_the_evidence_view_for_html_outputs(tmp_path, scored, capsys):
    report = str(scored["青溪县"].path)
    page = tmp_path / "青溪县.html"
    assert main(["score", report, "-o", str(page)]) == EXIT_OK
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and 'id="item-B2"' in text
    assert main(["score", report, "-o", str(page)]) == EXIT_USAGE  # never overwritten without --force
    assert "--force" in capsys.readouterr().err


def test_html_beside_a_workbook_and_the_quotes_link_to_it(tmp_path, scored):
    result = scored["青溪县"].result
    workbook = tmp_path / "青溪县.xlsx"
    assert main(["score", str(scored["青溪县"].path), "-o", str(workbook), "--html"]) == EXIT_OK
    assert (tmp_path / "青溪县.html").exists()
    assert _links(workbook) == {item.id: ("青溪县.html", f"item-{item.id}") for item in result.items}


def test_html_in_a_batch_one_page_per_report_next_to_its_output(tmp_path, scored):
    reports = [str(scored[c].path) for c in ("青溪县", "云岭县")]
    assert main(["score", *reports, "-o", f"{tmp_path}/", "--html", "-j", "1"]) == EXIT_OK
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["云岭县-2022自评报告.html", "云岭县-2022自评报告.xlsx", "青溪县-2022自评报告.html",
                     "青溪县-2022自评报告.xlsx"]
    assert set(_links(tmp_path / "云岭县-2022自评报告.xlsx").values()) >= {("云岭县-2022自评报告.html", "item-A1")}


def test_html_beside_a_combined_workbook_links_each_county_to_its_page(tmp_path, scored):
    reports = [str(scored[c].path) for c in ("青溪县", "云岭县")]
    combined = tmp_path / "两县.xlsx"
    assert main(["score", *reports, "-o", str(combined), "--html", "-j", "1"]) == EXIT_OK
    assert (tmp_path / "青溪县-2022自评报告.html").exists() and (tmp_path / "云岭县-2022自评报告.html").exists()
    ws = load_workbook(combined)[sheets.DETAIL]
    for row in range(sheets.FIRST_ROW, ws.max_row + 1):
        link = ws.cell(row, sheets.COL[sheets.QUOTE]).hyperlink
        county = ws.cell(row, sheets.COL[sheets.COUNTY]).value
        if link is not None:
            assert link.target == f"{county}-2022自评报告.html"


def test_html_needs_an_output_and_several_pages_need_a_folder(tmp_path, scored, capsys):
    report = str(scored["青溪县"].path)
    assert main(["score", report, "--html"]) == EXIT_USAGE
    assert "--html" in capsys.readouterr().err
    assert main(["score", report, str(scored["云岭县"].path), "-o", str(tmp_path / "x.html")]) == EXIT_USAGE
    assert "目录" in capsys.readouterr().err
