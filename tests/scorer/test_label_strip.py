"""Label patterns search only the tail of a phrase, and find exactly what a search of the whole phrase finds."""

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


# the words of _CHANGE and _SAME_PERIOD, with the characters before them that change the match
CHANGE_PIECES = ["增加", "增长率", "增长", "提高", "增", "新增", "新", "下降", "降", "减少", "减", "多", "少", "到",
                 "至", "同比", "环比", "比上年", "教育经费", "学生", "，", " ", "、"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(CHANGE_PIECES), max_size=10))
def test_change_words_found_in_the_tail_as_in_the_whole(pieces):
    words = "".join(pieces)
    for pattern in (labels._CHANGE, labels._SAME_PERIOD):
        ours, whole = labels._ending(pattern, words), pattern.search(words)
        assert (ours and (ours.span(), ours.groupdict())) == (whole and (whole.span(), whole.groupdict())), words
