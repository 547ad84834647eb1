"""Forms a figure takes beyond number and unit: ranges, bounds and per-unit amounts (issue 13, point 6).

A range (56—65人, 56-65人, 56至65人, 85%—90%) is one figure holding both ends. A bound word before the figure
(不少于90%, 超过, 不足) or after its unit (90%以上, 45人以内) is recorded as the direction the figure bounds,
so a check can tell 90%以上 (meets ">= 90") from 不足90% (fails it). An amount per student and year
(800元/生·年, 500元/生/年) is read as one unit, its span covering the whole of it. The words are data
(``scorer/data/lexicon.yaml``, section ``figures``).

A range needs its separator: a run of digits that lost it in copy-paste (5666人 for 56—66人) stays one damaged
figure for ``scorer.damage`` to flag, never a guessed range.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from scorer.figure import RawFigure
from scorer.lexicon import lexicon
from scorer.numerals import CN_NUMERAL_CHARS, parse_arabic, parse_chinese

__all__ = ["shape"]

_OPS = {"at_least": ">=", "above": ">", "below": "<", "at_most": "<="}
_BEFORE_WINDOW = 8  # the longest bound word before a figure, with room for spaces
_LOW_WINDOW = 40  # how far back the lower end of a range may start
_SHAPED_KINDS = frozenset({"amount", "count", "percent", "points", "area"})  # years (2021—2025年) are no range


@dataclass(frozen=True)
class _Forms:
    separator: re.Pattern[str]  # a range separator ending the text before the upper end
    low: re.Pattern[str]  # a bare number followed by a separator, at the end of that text
    before: re.Pattern[str]  # a bound word ending the text before the figure
    after: re.Pattern[str]  # a bound word or range closer right after the unit
    per: re.Pattern[str]  # /生·年 right after an amount's unit
    ops: dict[str, str]  # bound word -> direction


def _either(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _forms() -> _Forms:
    words = lexicon()["figures"]
    ops = {w: _OPS[d] for part in ("bounds_before", "bounds_after") for d, ws in words[part].items() for w in ws}
    seps = _either(words["range_separators"])
    number = rf"(?P<ar>[0-9０-９]+(?:[.．][0-9０-９]+)?)|(?P<cn>[{CN_NUMERAL_CHARS}]+)"
    after_words = [w for ws in words["bounds_after"].values() for w in ws]
    per = (rf"[/／](?:(?P<what>{_either(words['per_what'])})(?:(?:{_either(words['per_joiners'])})"
           rf"(?P<period>{_either(words['per_period'])}))?|(?P<only>{_either(words['per_period'])}))")
    return _Forms(
        separator=re.compile(rf"\s*(?:{seps})\s*$"),
        low=re.compile(rf"(?:{number})\s*(?:{seps})\s*$"),
        before=re.compile(rf"(?:{_either([w for ws in words['bounds_before'].values() for w in ws])})\s*$"),
        after=re.compile(rf"(?P<bound>{_either(after_words)})?(?P<closer>{_either(words['range_closers'])})?"),
        per=re.compile(per),
        ops=ops,
    )


def shape(text: str, raw: RawFigure, previous: RawFigure | None) -> tuple[RawFigure, bool]:
    """Widen a raw figure to its range, bound and per-unit form.

    Args:
        text: The text the figure was read from.
        raw: The figure as read (number and unit).
        previous: The figure read before it, which may be the lower end of its range (85%—90%).

    Returns:
        The figure (unchanged when it has none of these forms) and whether ``previous`` became its lower end
        (the caller then drops ``previous``).
    """
    if raw.kind not in _SHAPED_KINDS:
        return raw, False
    forms = _forms()
    start, end, after, absorbed, low = raw.start, raw.end, raw.after, False, None
    per = forms.per.match(text, raw.end) if raw.kind in {"amount", "area", "count"} else None
    if per is not None:
        end = after = per.end()
        per_text = per.group("only") or per.group("what") + (f"·{per.group('period')}" if per.group("period") else "")
    found = _low_end(text, raw, previous, forms)
    if found is not None:
        start, low, absorbed = found
    bound = None
    closing = forms.after.match(text, after)
    if closing.group("bound"):
        bound = forms.ops[closing.group("bound")]
    after = max(after, closing.end())
    before = forms.before.search(text, max(0, start - _BEFORE_WINDOW), start)
    if bound is None and before is not None:
        bound = forms.ops[before.group().strip()]
    if start == raw.start and end == raw.end and after == raw.after and bound is None:
        return raw, False
    shaped = raw._replace(start=start, end=end, after=after, low=low, bound=bound,
                          per=per_text if per is not None else None)
    return shaped, absorbed


def _low_end(text: str, raw: RawFigure, previous: RawFigure | None,
             forms: _Forms) -> tuple[int, float, bool] | None:
    """(start, lower value, whether it is ``previous``) of the range ``raw`` closes, else ``None``."""
    if (previous is not None and previous.unit == raw.unit and previous.kind == raw.kind and previous.low is None
            and previous.bound is None and forms.separator.fullmatch(text, previous.end, raw.start)
            and previous.value < raw.value):
        return previous.start, previous.value, True
    lo = max(0, raw.start - _LOW_WINDOW, previous.end if previous is not None else 0)
    match = forms.low.search(text, lo, raw.start)
    if match is None or match.end() != raw.start:
        return None
    head = match.start()
    prev = text[head - 1] if head else ""
    if prev and (prev.isdigit() or prev in ".．第" or (prev.isascii() and prev.isalpha())):
        return None  # a longer number, an ordinal (第3—5名) or a code
    if match.group("ar"):
        value = parse_arabic(match.group("ar"))
    else:
        parsed = parse_chinese(match.group("cn"))
        if parsed is None:
            return None
        value = float(parsed)
    return (head, value, False) if value < raw.value else None
