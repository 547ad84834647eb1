"""Properties of the heading tree for any input: tiling, nesting and spans that slice back."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from scorer.document import Document
from scorer.read import read_text

PIECES = ["一、", "二、", "(一)", "（二）", "1.", "2．", "3、", "(1)", "①", "一是", "二是", "。", ",", "\n", "\n\n",
          "情况", "存在的主要问题", "整改措施", "此函", "2022114", "云阳县人民政府", "登录 注册", "主办:某县",
          "第一部分", "教育经费197830万元", "700600500元", "3100%", "  ", "\u3000", "\r\n", "字号 大 中 小", "x"]


def check_tiling(doc: Document) -> None:
    text = doc.text
    pos = 0
    for top in doc.sections:
        assert top.start == pos, (top.id, top.start, pos)
        pos = top.end
    assert pos == len(text)
    for section in doc.walk():
        assert 0 <= section.start <= section.heading_start <= section.heading_end <= section.end <= len(text)
        assert text[section.heading_start:section.heading_end] == section.heading
        cursor = section.start
        for child in section.children:
            assert cursor <= child.start < child.end <= section.end, (section.id, child.id)
            cursor = child.end
    for damage in doc.damage:
        assert text[damage.start:damage.end] == damage.text
    for chrome in doc.chrome:
        assert text[chrome.start:chrome.end] == chrome.text


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=8), max_size=60))
def test_any_text_tiles(pieces: list[str]) -> None:
    doc = read_text("".join(pieces))
    check_tiling(doc)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=400))
def test_random_unicode_tiles(text: str) -> None:
    check_tiling(read_text(text))
