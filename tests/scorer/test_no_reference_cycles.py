"""Scoring a report leaves no reference cycles: everything it built is freed by reference counting as soon as
the result is dropped, so a batch need not run the cyclic collector over each report's indexes (that cost
~8% of a report's time when recursive closures held them)."""

from __future__ import annotations

import gc
from pathlib import Path

from scheme import load_rubric
from scorer.read import read_report
from scorer.score import score_document

ROOT = Path(__file__).resolve().parents[2]
REPORT = ROOT / "examples" / "青溪县-2022自评报告.txt"


def test_reading_and_scoring_leave_no_cyclic_garbage(collector_off):
    rubric = load_rubric()
    score_document(read_report(REPORT), rubric)  # warm-up: lazy imports and caches
    gc.collect()
    result = score_document(read_report(REPORT), rubric)
    assert result.items
    del result
    assert gc.collect() == 0
