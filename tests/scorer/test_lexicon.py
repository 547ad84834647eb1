"""The lexicon (scorer/data/lexicon.yaml): validated with FILE:LINE:COL errors, each vocabulary defined once."""

from __future__ import annotations

from pathlib import Path

import pytest

from scorer.lexicon import alternatives, check_lexicon_text, lexicon, words

FIXTURES = Path(__file__).parent / "fixtures" / "lexicon"

# Each defective lexicon, with the line:column and a substring of the message of the problem it holds.
BAD = {
    "bad_unknown_vocabulary.yaml": ("11:3:", "'slogan'"),
    "bad_record_without_word.yaml": ("13:17:", "actions/1"),
    "bad_pattern.yaml": ("12:23:", "does not compile"),
}


def test_shipped_lexicon_is_valid():
    text = (Path(__file__).parents[2] / "scorer" / "data" / "lexicon.yaml").read_text(encoding="utf-8")
    assert check_lexicon_text(text)[1] == []


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_lexicon_names_file_line_and_column(name):
    where, message = BAD[name]
    _, problems = check_lexicon_text((FIXTURES / name).read_text(encoding="utf-8"), f"fixtures/{name}")
    # A fixture holds only the sections its defect needs, so the missing ones are problems too.
    assert any(p.startswith(f"fixtures/{name}:{where}") and message in p for p in problems), problems


def test_records_compile_to_lookarounds_in_list_order():
    assert alternatives("files", "report_suffixes", "html") == r"\.html|\.htm|\.shtml"
    assert words("claims", "zero")[0] == lexicon()["claims"]["zero"][0]
