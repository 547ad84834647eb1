"""Figures read from table cells (cases in tests/cases/tables.yml)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from scorer.quantities import extract_quantities
from scorer.table_figures import table_quantities, with_table_figures
from scorer.tables import find_tables

CASES = yaml.safe_load((Path(__file__).parents[1] / "cases" / "tables.yml").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_table_cells_give_labelled_figures(case: dict) -> None:
    text = case["text"]
    got = [q for table in find_tables(text) for q in table_quantities(text, table)]
    want = case["figures"]
    assert [text[q.start:q.end] for q in got] == [f["cell"] for f in want]
    for q, f in zip(got, want, strict=True):
        assert q.text == f["cell"]
        assert (q.label, q.value, q.unit) == (f["label"], f["value"], f["unit"])
        assert (q.change, q.baseline, q.period) == (f.get("change"), f.get("baseline"), f.get("period"))
        assert q.derived == f.get("derived")
        start, end = q.sentence
        assert start <= q.start < q.end <= end and "\n" not in text[start:end]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_table_rows_are_read_once_prose_elsewhere_as_before(case: dict) -> None:
    text = case["text"]
    rows = [span for table in find_tables(text) for span in table.lines]
    prose = extract_quantities(text)
    merged = with_table_figures(text, prose)
    assert [q.start for q in merged] == sorted(q.start for q in merged)
    outside = [q for q in prose if not any(s <= q.start < e for s, e in rows)]
    assert [q for q in merged if q in prose] == outside
    assert len(merged) == len(outside) + len(case["figures"])


def test_a_caption_line_starts_a_new_table() -> None:
    text = "表1 经费（单位：万元）\n项目\t金额\n教育经费\t100\n表2 比例\n项目\t占比（%）\n公办园\t52.1"
    tables = find_tables(text)
    assert len(tables) == 2
    assert [c.text for c in tables[1].captions] == ["表2 比例"]
    assert [q.unit for t in tables for q in table_quantities(text, t)] == ["万元", "%"]


def test_tables_drawn_differently_are_not_merged() -> None:
    text = "项目 | 金额（万元）\n教育经费 | 100\n项目\t占比（%）\n公办园\t52.1"
    assert len(find_tables(text)) == 2


def test_table_words_are_checked_against_their_schema() -> None:
    """tables.yaml fits tables.schema.json; a misspelt key, an empty list or a blank word would not."""
    from importlib import resources

    from jsonschema import Draft202012Validator

    folder = resources.files("scorer").joinpath("data")
    schema = json.loads(folder.joinpath("tables.schema.json").read_text(encoding="utf-8"))
    data = yaml.safe_load(folder.joinpath("tables.yaml").read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema)
    assert list(validator.iter_errors(data)) == []
    for broken in ({**data, "stage": ["小学"]}, {**data, "stages": []}, {**data, "periods": ["上年", " "]}):
        assert list(validator.iter_errors(broken)), broken
