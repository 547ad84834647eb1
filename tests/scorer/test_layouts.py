"""Synthetic reports in many layouts (tests/fixtures/reports, examples): structure, metadata, accuracy."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.accuracy import MISSING_ITEMS, evaluate, labelled
from scheme import load_rubric
from scorer.read import read_report

RUBRIC = load_rubric()
CASES = [(path, labels) for path, labels in labelled() if "shared" not in path.parts]


@pytest.mark.parametrize(("path", "labels"), CASES, ids=[p.stem for p, _ in CASES])
def test_structure_and_metadata(path: Path, labels: dict) -> None:
    document = read_report(path)
    assert document.meta.county == labels["county"]
    parts = [s for s in document.sections if s.kind == "part"]
    if labels.get("top_level_parts"):
        assert len(parts) == labels["top_level_parts"], [p.heading for p in parts]
    for damaged in labels.get("damaged", []):
        at = document.text.find(str(damaged))
        assert at >= 0
        assert document.is_damaged(at, at + len(str(damaged))), damaged


@pytest.mark.parametrize(("path", "labels"), CASES, ids=[p.stem for p, _ in CASES])
def test_area_accuracy_figures_and_no_false_met(path: Path, labels: dict) -> None:
    row = evaluate(path, labels, RUBRIC, boundaries=True)
    assert row["right"] / row["total"] >= 0.9, row["wrong"]
    assert row["figures_found"] / max(row["figures"], 1) >= 0.85
    assert row["false_met"] == []


def test_missing_names_are_known() -> None:
    for _path, labels in CASES:
        for missing in labels.get("missing", []):
            name = missing["requirement"] if isinstance(missing, dict) else missing
            assert name in MISSING_ITEMS, name


def test_report_citing_2023_scheme_is_warned() -> None:
    from scorer.score import score_document

    path = next(p for p, _ in CASES if p.stem == "cites_2023_scheme")
    result = score_document(read_report(path), RUBRIC)
    codes = [w.code for w in result.warnings]
    assert codes[0] == "scheme_mismatch"
    assert "渝教函〔2023〕464号" in result.warnings[0].message


def test_area_deleted_gets_no_met_for_that_area() -> None:
    from scorer.score import score_document

    path = next(p for p, _ in CASES if p.stem == "layout_area_deleted")
    result = score_document(read_report(path), RUBRIC)
    g_items = [i for i in result.items if i.area == "G"]
    assert g_items
    assert all(i.status in {"missing", "partial"} for i in g_items), [(i.id, i.status) for i in g_items]
    assert sum(i.score for i in g_items) < 2
