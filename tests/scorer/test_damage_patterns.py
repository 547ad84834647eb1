"""The damage detectors' fast pattern spellings find exactly what their plain spellings find.

``scorer.damage`` writes "a number starts here" after the first digit and scans for document numbers only
around their anchors (both for speed). Each is compared here, match for match, with the plain form.
"""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.generate import corpus
from scorer import damage
from scorer.normalize import fold

PLAIN = {
    "_GLUED_LIST": r"(?<![\d.])(\d{6,15})(万元|元|人|所|个|名|%)",
    "_COUNT_PERCENT": r"(?<![\d.])([1-9])(100)%",
    "_RANGE_PEOPLE": r"(?<![\d.])(\d{2})(\d{2})(?=人)",
    "_YEAR_RANGE": r"(?<![\d.])((?:19|20)\d\d)((?:19|20)\d\d)(学年度|学年|年度|年)",
    "_DATE_DAY": r"(?<![\d.])(20\d\d)(\d{2,4})(?=日)",
    "_UNIT_LOST": r"(?<![\d.])\d+(?:\.\d+)?//\s*[\u4e00-\u9fff]",
}

# characters the patterns care about, weighted towards digits
ALPHABET = "0123456789" * 4 + "12" * 4 + ".%/ \n日年人元万所个名号学度教督发函字府办渝云区县〔〕"


def matches(found) -> list[tuple]:
    return [m.span() + m.groups() for m in found]


def same(text: str) -> None:
    for name, plain in PLAIN.items():
        assert matches(getattr(damage, name).finditer(text)) == matches(re.finditer(plain, text)), (name, text)
    assert matches(damage._doc_no_matches(text)) == matches(damage._DOC_NO.finditer(text)), text


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=80))
def test_fast_spellings_match_plain_ones_on_dense_text(text):
    same(text)


def test_fast_spellings_match_plain_ones_on_generated_reports():
    for report in corpus(6, 11, 5000, 20000):
        same(fold(report.data.decode("utf-8")))


def test_doc_numbers_next_to_each_other_come_out_as_one_scan_gives_them():
    rng = random.Random(5)  # noqa: S311 - test data
    pieces = ["渝府教督发", "20225号", "教督", "2022", "云阳县教委发", "202112", "号文", "府办函20213", "字2020"]
    for _ in range(300):
        same("".join(rng.choice(pieces) for _ in range(rng.randint(1, 8))))


@pytest.mark.parametrize(("text", "suggestion"), [
    ("渝府教督发20225号", "渝府教督发〔2022〕5号"),
    ("。云阳府办发2021112号文件", "云阳府办发〔2021〕112号"),
])
def test_doc_numbers_still_found(text, suggestion):
    found = damage.find_damage(text)
    assert [(d.code, d.suggestion) for d in found] == [("doc_no_brackets_lost", suggestion)]
