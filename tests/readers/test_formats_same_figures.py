"""One report with tables as .txt, .docx, 公文 .pdf and .html: the same tree, figures and total (issue 14).

The source is tests/fixtures/reports/table_heavy_gongwen.txt (tables drawn with tabs); the .docx (公文
layout, real Word tables), its LibreOffice PDF, two more PDFs with the tables drawn without rules (Word
tables with every border removed; tab-stop tables) and the .html page (<table>) are made from it here. The PDF
cases skip with a reason where LibreOffice is not installed (CI installs it).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.gongwen import soffice, to_pdf, write_docx, write_html
from scheme import load_rubric
from scorer.read import read_report
from scorer.score import score_document

SOURCE = Path(__file__).parents[1] / "fixtures" / "reports" / "table_heavy_gongwen.txt"


@pytest.fixture(scope="module")
def rubric():
    """The shipped rubric, loaded once."""
    return load_rubric()


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The source in every format (the PDF only where LibreOffice is installed)."""
    out = tmp_path_factory.mktemp("formats")
    text = SOURCE.read_text(encoding="utf-8")
    files = {"txt": SOURCE, "docx": write_docx(text, out / "table_heavy.docx"),
             "html": write_html(text, out / "table_heavy.html")}
    if soffice() is not None:
        files["pdf"] = to_pdf(files["docx"], out)
        for drawn in ("none", "tabs"):  # tables drawn without rules: borders removed, or set with tab stops
            (out / drawn).mkdir()
            docx = write_docx(text, out / drawn / "table_heavy.docx", tables=drawn)
            files[f"pdf_{drawn}"] = to_pdf(docx, out / drawn)
    return files


def _scored(path: Path, rubric) -> tuple:
    document = read_report(path)
    result = score_document(document, rubric)
    tree = [(s.level, s.kind, s.marker, s.heading) for s in document.walk()
            if s.kind not in {"chrome", "front", "back"}]
    figures = sorted((f.label, f.value, f.unit, f.change, f.baseline) for f in result.figures)
    return document, result, tree, figures


@pytest.mark.parametrize("fmt", ["docx", "pdf", "pdf_none", "pdf_tabs", "html"])
def test_same_tree_figures_and_total_in_every_format(fmt: str, made: dict[str, Path], rubric) -> None:
    if fmt not in made:
        pytest.skip("LibreOffice (soffice) is not installed: no PDF to compare")
    _, reference, ref_tree, ref_figures = _scored(made["txt"], rubric)
    document, result, tree, figures = _scored(made[fmt], rubric)
    assert tree == ref_tree
    meta, ref = document.meta, read_report(made["txt"]).meta
    assert (meta.county, meta.title, meta.date, meta.cited_scheme and meta.cited_scheme.normalised) == (
        ref.county, ref.title, ref.date, ref.cited_scheme and ref.cited_scheme.normalised)
    assert figures == ref_figures
    assert (result.total, result.grade) == (reference.total, reference.grade)
    assert {i.id: i.status for i in result.items} == {i.id: i.status for i in reference.items}
    # every figure's span points at its own text in the text this format's reader returned
    assert all(document.text[f.start:f.end] == f.text for f in result.figures)


def test_table_figures_carry_the_per_stage_rules(made: dict[str, Path], rubric) -> None:
    document, result, _, _ = _scored(made["txt"], rubric)
    items = {i.id: i for i in result.items}
    assert items["B3"].status == "met"  # 生均只增不减 for all five stages, from the growth column of table 1
    evidence = {e.requirement: e for e in items["B3"].evidence}
    assert evidence["B3.1"].text == "3.38" and evidence["B3.1"].change == "increase"
    assert "幼儿园" in evidence["B3.1"].label
    assert document.text[evidence["B3.5"].start:evidence["B3.5"].end] == "0.73"
    f1 = {e.requirement: e for e in items["F1"].evidence}
    assert (f1["F1.1"].value, f1["F1.1"].text) == (91.4, "91.40")  # the current year's column, not last year's
    assert items["C4"].status != "missing"  # 国家学生体质健康标准测试合格率 counts for 体质健康
