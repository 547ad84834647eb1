"""Tables without rules found among page lines (cases in tests/cases/pdf_columns.yml)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from scorer.readers.pdf_columns import find_tables
from scorer.readers.pdf_layout import wide

CASES = yaml.safe_load((Path(__file__).parents[1] / "cases" / "pdf_columns.yml").read_text(encoding="utf-8"))["cases"]


@dataclass
class _Glyph:
    ch: str
    x0: float
    x1: float
    cy: float
    size: float


def _pages(case: dict) -> list[list[list[_Glyph]]]:
    return [_lines(case, lines) for lines in case.get("pages", [case.get("lines")])]


def _lines(case: dict, lines: list) -> list[list[_Glyph]]:
    size, y = case["size"], 700.0
    out = []
    for n, line in enumerate(lines):
        pieces = line["pieces"] if isinstance(line, dict) else line
        y -= (line.get("drop", case["pitch"]) if isinstance(line, dict) else case["pitch"]) if n else 0
        glyphs = []
        for start, text in pieces:
            x = start
            for ch in text:
                width = size if wide(ch) else 0.55 * size
                glyphs.append(_Glyph(ch, x, x + width, y, size))
                x += width
        out.append(glyphs)
    return out


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_tables_without_rules(case: dict) -> None:
    found = find_tables(_pages(case))
    got = [[["".join(g.ch for g in cell) for cell in row.cells] for row in table] for table in found]
    assert got == case["tables"]
