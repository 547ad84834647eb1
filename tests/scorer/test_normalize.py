"""fold: one character for one character, the same as str.translate over its table."""

from __future__ import annotations

import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from scorer import normalize
from scorer.normalize import fold


def _translated(text: str) -> str:
    return text.translate(normalize._table())


def test_no_replacement_is_itself_folded() -> None:
    # fold replaces characters one kind at a time: a replacement that were itself in the table would depend on order
    table = normalize._table()
    assert not set(table.values()) & {chr(code) for code in table}


def test_every_code_point_folds_as_the_table_says() -> None:
    everything = "".join(chr(code) for code in range(sys.maxunicode + 1) if not 0xD800 <= code <= 0xDFFF)
    assert fold(everything) == _translated(everything)
    assert len(fold(everything)) == len(everything)


_CHARS = [chr(code) for code in normalize._table()] + list("，。、；：！？（）〔〕【】教育经费2022年 \n\tabcABC１２３")
_TEXT = st.text(alphabet=st.sampled_from(_CHARS), max_size=300)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_fold_is_translate(text: str) -> None:
    assert fold(text) == _translated(text)


def test_same_text_object_is_folded_once() -> None:
    text = "（一）" + "教育经费，" * 300
    first = fold(text)
    assert fold(text) is first
    assert first == _translated(text)
