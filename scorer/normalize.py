"""Character folding that keeps offsets: the folded text has exactly the length of the original.

Full-width ASCII becomes half-width, the many Unicode spaces become a plain space and bracket
variants of document numbers become one form. Every mapping is one character to one character, so
an offset into the folded text is the same offset into the original; no offset map is needed.
"""

from __future__ import annotations

import re
from functools import lru_cache

_SPACES = "\u3000\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\t"
_EXTRA = {
    "〔": "[", "〕": "]", "﹝": "[", "﹞": "]", "［": "[", "］": "]", "【": "[", "】": "]",
    "（": "(", "）": ")", "﹙": "(", "﹚": ")",
    "﹐": ",", "﹑": "、", "｡": "。",
    "\u200b": " ", "\ufeff": " ",
}


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    table = {code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}
    table.update({ord(ch): " " for ch in _SPACES})
    table.update({ord(k): v for k, v in _EXTRA.items()})
    return table


@lru_cache(maxsize=1)
def _foldable() -> re.Pattern[str]:
    """One character class of every character the table changes."""
    return re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(_table())) + "]")


def fold(text: str) -> str:
    """Return ``text`` with width and bracket variants folded, same length, same offsets.

    Args:
        text: Original text.

    Returns:
        Folded text; ``len(fold(t)) == len(t)`` always.
    """
    last = _LAST
    if text is last[0]:
        return last[1]  # the stages of one read fold the same document text: once is enough
    table = _table()
    if len(text) < 64:
        return text.translate(table)  # terms and headings: a lookup per character is cheapest
    # str.translate looks every character up in the table (~65 ns each, all 30k of a report); only a few dozen
    # distinct characters of a report change, each replaced in one pass of str.replace (7x faster). No
    # replacement is itself in the table, so the order does not matter: the result is text.translate(_table()).
    folded = text
    for ch in set(_foldable().findall(text)):
        folded = folded.replace(ch, table[ord(ch)])
    if len(text) >= 1000:
        _set_last(text, folded)
    return folded


_LAST: tuple[str | None, str] = (None, "")


def _set_last(text: str, folded: str) -> None:
    global _LAST  # noqa: PLW0603 - a one-entry cache, swapped atomically as one tuple
    _LAST = (text, folded)
