"""Label stripping searches only the tail of a phrase, and strips exactly what a search of the whole phrase strips."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from scorer import labels

# the words of _TRAIL and _ADVERBS, their separators, and characters their lookbehinds look at
PIECES = ["分别达到", "分别为", "达到了", "达到", "达", "为", "是", "共计", "共", "约为", "大约", "约", "将近",
          "不少于", "超过", "了", "已", "有", "进一步", "逐年", "有所", "均", "再", "表", "传", "行", "作", "但", "就",
          "教育经费", "学生", " ", "、", "，", ",", "：", ":", "\n", "、、、、、、、、、", "          "]


def plain(words: str, pattern: re.Pattern[str]) -> str:
    while words and (found := pattern.search(words)) is not None and found.start() < len(words):
        words = words[: found.start()]
    return words


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12))
def test_tail_search_strips_as_a_whole_search_does(pieces):
    words = "".join(pieces)
    for pattern in (labels._TRAIL, labels._ADVERBS):
        assert labels._strip(words, pattern) == plain(words, pattern), (words, pattern.pattern[:20])
