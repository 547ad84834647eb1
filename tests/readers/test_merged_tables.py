"""Merged cells in Word and web-page tables (cases in tests/cases/merged_tables.yml, issue 14).

Each case is made into a real .docx by python-docx (``cell.merge`` writes ``w:gridSpan`` and ``w:vMerge``) and
read from its hand-written .html (``colspan``, ``rowspan``). Both readers must write one cell per grid column
in every row, a merged cell's text in each position it covers, and the table must give the figures listed:
labels from every header level, the changes two periods give marked as derived, spans on the cells' text.
The same tables in one .docx converted to PDF by LibreOffice (merged cells given once, the positions they
cover left empty) must give the same figures; that case skips where LibreOffice is not installed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from benchmarks.gongwen import soffice, to_pdf
from scorer.read import read_report
from scorer.table_figures import table_quantities
from scorer.tables import find_tables

HERE = Path(__file__).parents[1]
CASES = yaml.safe_load((HERE / "cases" / "merged_tables.yml").read_text(encoding="utf-8"))["cases"]


def write_docx(cases: list[dict], path: Path) -> Path:
    """The cases' captions and tables as one Word document, merged cells merged the way Word merges them."""
    import docx

    document = docx.Document()
    for n, case in enumerate(cases):
        if n:
            document.add_paragraph("下表为另一项指标。")
        _add_table(document, case)
    document.save(str(path))
    return path


def _add_table(document, case: dict) -> None:
    document.add_paragraph(case["caption"])
    grid = case["grid"]
    table = document.add_table(rows=len(grid), cols=len(grid[0]))
    table.style = "Table Grid"  # ruled, as offices draw tables (a PDF of it has its rules)
    for r, row in enumerate(grid):
        for c, spec in enumerate(row):
            if spec is None:  # covered by a merged cell
                continue
            text, width, height = (spec, 1, 1) if isinstance(spec, str) else (
                spec["text"], spec.get("cols", 1), spec.get("rows", 1))
            cell = table.cell(r, c)
            if width > 1 or height > 1:
                cell = cell.merge(table.cell(r + height - 1, c + width - 1))
            cell.text = text


def _source(case: dict, fmt: str, tmp_path: Path) -> Path:
    if fmt == "docx":
        return write_docx([case], tmp_path / f"{case['name']}.docx")
    return HERE / "fixtures" / "html" / case["html"]


@pytest.mark.parametrize("fmt", ["docx", "html"])
@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_merged_cells_label_every_cell_they_span(case: dict, fmt: str, tmp_path: Path) -> None:
    text = read_report(_source(case, fmt, tmp_path)).text
    tables = find_tables(text)
    assert len(tables) == 1
    table = tables[0]
    rows = [text[start:end] for start, end in table.lines]
    assert rows == case["lines"]
    assert len({len(row) for row in table.rows}) == 1  # rectangular: every row has a cell per grid column
    assert _figures(text, table) == [tuple(f) for f in case["figures"]]
    for q in table_quantities(text, table):  # every span is the cell the inspector sees, on the row's line
        assert text[q.start:q.end] == q.text
        assert q.sentence[0] <= q.start < q.end <= q.sentence[1]


def _figures(text: str, table) -> list[tuple]:
    return [(q.text, q.label, q.value, q.unit, q.change, q.derived) for q in table_quantities(text, table)]


def test_libreoffice_pdf_of_the_merged_tables_gives_the_same_figures(tmp_path: Path) -> None:
    """LibreOffice's PDF gives a merged cell once and leaves the positions it covers empty: same figures."""
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed: no PDF to read (CI installs it)")
    pdf = to_pdf(write_docx(CASES, tmp_path / "merged_tables.docx"), tmp_path)
    text = read_report(pdf).text
    tables = find_tables(text)
    assert [_figures(text, table) for table in tables] == [[tuple(f) for f in c["figures"]] for c in CASES]


def test_cells_a_word_row_skips_before_its_first_cell_keep_their_columns(tmp_path: Path) -> None:
    """``w:gridBefore`` (a row starting right of the first grid column): its cells stay under their headers."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate([["学段", "2020年", "2021年"], ["小学", "720", "750"], ["", "940", "1000"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    tr = table.rows[2]._tr
    tr.remove(tr.tc_lst[0])
    before = OxmlElement("w:gridBefore")
    before.set(qn("w:val"), "1")
    tr.get_or_add_trPr().append(before)
    document.add_paragraph("单位：元")
    path = tmp_path / "grid_before.docx"
    document.save(str(path))
    text = read_report(path).text
    table_found = find_tables(text)[0]
    assert [len(row) for row in table_found.rows] == [3, 3, 3]
    assert [(q.text, q.period) for q in table_quantities(text, table_found) if q.derived is None][-2:] == [
        ("940", "2020年"), ("1000", "2021年")]
