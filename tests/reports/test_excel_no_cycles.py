"""A written workbook's cells are freed at once, not left in openpyxl's reference cycle for the collector."""

from __future__ import annotations

import gc
from pathlib import Path

from reports.excel import write_workbook
from scheme import load_rubric
from scorer.read import read_report
from scorer.score import score_document

ROOT = Path(__file__).resolve().parents[2]
REPORT = ROOT / "examples" / "青溪县-2022自评报告.txt"


def test_writing_a_workbook_leaves_only_openpyxls_own_cycle(collector_off, tmp_path):
    rubric = load_rubric()
    document = read_report(REPORT)
    result = score_document(document, rubric)
    texts = {result.source.sha256: document.text}
    write_workbook([result], tmp_path / "warm.xlsx", rubric=rubric, texts=texts)
    gc.collect()
    write_workbook([result], tmp_path / "a.xlsx", rubric=rubric, texts=texts)
    # openpyxl's workbook (sheets, styles, print settings) is one cycle of ~1,000 objects; the cells lvzhi
    # stored (several thousand tuples) must not be part of it
    assert gc.collect() < 1500
