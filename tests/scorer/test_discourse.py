"""Openings of heading-less paragraphs (scorer.discourse), from the case file tests/cases/discourse_openings.yml."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from scorer.discourse import Turn, opening
from scorer.normalize import fold

CASES = yaml.safe_load((Path(__file__).parent.parent / "cases" / "discourse_openings.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:10] for c in CASES])
def test_opening(case: dict) -> None:
    got = opening(fold(case["text"]))
    assert got.turn is Turn(case["turn"])
    assert got.topic == fold(case.get("topic", ""))
