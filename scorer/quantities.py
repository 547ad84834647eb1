"""Extract figures with their units and indicator labels from report text.

A figure is a number with a recognised unit (万元, %, 个百分点, 所, 平方米 ...) or a year (2021年). Its
span slices the input exactly, so a later stage can refuse damaged spans (700600500元 is kept as written).
The label is the noun phrase before the figure in its clause, fillers stripped (全县, 投入, 达到 ...). A
change figure with nothing of its own before it (比上年增加619万元, 增长0.31%) inherits the label of the
previous figure in its sentence; a bare 占比 becomes "<that label>占比". Chinese numerals in quotes,
non-year figures in 《》 titles, ordinals (第一) and plan names (十四五) are skipped.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from scorer.figure import Quantity, RawFigure
from scorer.figure_forms import shape
from scorer.labels import LIST_SEP, QUOTES, WINDOW, label_all
from scorer.lexicon import SENTENCE_MARKS, alternatives, lexicon, marks
from scorer.numerals import (
    CN_NUMERAL_CHARS,
    is_digit_sequence,
    parse_arabic,
    parse_chinese,
    parse_chinese_scaled,
    parse_digit_sequence,
)

__all__ = ["Quantity", "extract_quantities"]

_Read = tuple[float, str, int]  # value, unit, end of the span
_Match = re.Match[str]
_DEC = r"(?:[.．][0-9０-９]+)?"
_AR = rf"[0-9０-９]{{1,3}}(?:,[0-9０-９]{{3}}(?![0-9０-９]))+{_DEC}|[0-9０-９]+{_DEC}"
_CN = rf"[{CN_NUMERAL_CHARS}]+(?:点[〇零一二三四五六七八九]+[万亿]*)?"
_TOKEN_BODY = rf"(?P<pct>百分之)?(?:(?P<ar>{_AR})|(?P<cn>{_CN}))"
# Led by the class of every character a token can start with: the engine then tries one class at each position of
# the text instead of three branches (2.7x faster on a report; the same matches).
_TOKEN = re.compile(rf"(?=[百0-9０-９{CN_NUMERAL_CHARS}]){_TOKEN_BODY}")

_UNITS = lexicon()["units"]  # the words are data (scorer/data/lexicon.yaml); the order of the parts is code


def _chars(key: str) -> str:
    return re.escape("".join(_UNITS[key]))


_TAIL = re.compile(
    rf"(?P<ap1>[{_chars('approx_marks')}])?(?P<mag>{alternatives('units', 'magnitudes')})?"
    rf"(?P<ap2>[{_chars('approx_marks')}])?"
    rf"(?:(?P<skip>{alternatives('units', 'not_figures')})"
    rf"|(?P<base>{alternatives('units', 'words')}"
    rf"|[{_chars('chars')}{_chars('count_chars')}]))?"
    rf"(?P<about>{alternatives('units', 'approx_after')})?"
)
_BARE_MAGNITUDES = frozenset(_UNITS["bare_magnitudes"])
_UNIT_NAMES = _UNITS["spellings"]
_KINDS = _UNITS["kinds"]
_AREA = tuple(_UNITS["areas"])
# A count unit followed by these characters starts a word instead (一部分, 3处于, 一次性).
_NOT_UNIT = frozenset(_UNITS["not_units"])
_CN_BAD_PREV = frozenset(_UNITS["ordinal_before"])  # 第一 (ordinal), 初三 (grade), 周一, 星期一
_CN_BAD_PREV_ONE = frozenset(_UNITS["one_in_words_after"])  # 统一, 唯一, 之一, 逐一, 万一: words, not the number one
_APPROX_BEFORE = re.compile(rf"(?:{alternatives('units', 'approx_before')})$")

_SENTENCE_END = re.compile("[" + re.escape(marks(*SENTENCE_MARKS)) + "\n\r]")


def extract_quantities(text: str, offset: int = 0) -> list[Quantity]:
    """Find every figure in ``text`` with its unit, kind, label and change direction.

    Args:
        text: Report text (a whole report or one section of it).
        offset: Added to every span, so spans of a section can point into the whole report.

    Returns:
        The figures in text order; spans never overlap and ``text[q.start - offset:q.end - offset]``
        equals ``q.text``.
    """
    starts, spans = _sentences(text)
    raws: list[RawFigure] = []
    pos = 0
    while (match := _TOKEN.search(text, pos)) is not None:
        sentence = spans[bisect.bisect_right(starts, match.start()) - 1]
        raw = _read(text, match, sentence) or _listed(text, match, sentence)
        if raw is not None:
            raw, absorbed = shape(text, raw, raws[-1] if raws else None)  # ranges, bounds, per-unit amounts
            if absorbed:
                raws.pop()  # 85%—90%: the lower end is part of the range
            raws.append(raw)
        pos = raw.end if raw is not None else match.end()
    return label_all(text, raws, starts, spans, offset)


def _listed(text: str, match: _Match, sentence: tuple[int, int]) -> RawFigure | None:
    """A bare Arabic number in a 、-list takes the unit of the list's last member (700、600、500元)."""
    if not match.group("ar") or match.group("pct"):
        return None
    pos, hops = match.end(), 0
    while hops < 12 and (sep := LIST_SEP.match(text, pos)) is not None:
        nxt = _TOKEN.match(text, sep.end())
        if nxt is None or not nxt.group("ar"):
            return None
        last = _read(text, nxt, sentence)
        if last is not None:
            if last.kind not in {"amount", "count", "percent", "area"}:
                return None
            return RawFigure(match.start(), match.end(), parse_arabic(match.group("ar")), last.unit, last.kind,
                         False, match.end())
        pos, hops = nxt.end(), hops + 1
    return None


def _sentences(text: str) -> tuple[list[int], list[tuple[int, int]]]:
    """Return the start of each sentence and its span trimmed of surrounding whitespace."""
    bounds, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(text)))
    pieces = [(lo, text[lo:hi]) for lo, hi in bounds]
    trimmed = [(lo + len(p) - len(p.lstrip()), lo + len(p.rstrip())) for lo, p in pieces]
    return [lo for lo, _ in bounds], [(left, max(left, right)) for left, right in trimmed]


def _read(text: str, match: _Match, sentence: tuple[int, int]) -> RawFigure | None:
    """Turn one number token and the unit after it into a raw figure, or reject it."""
    start = match.start()
    prev = text[start - 1] if start else ""
    if prev == "第" or (match.group("ar") and prev.isascii() and prev.isalpha()):
        return None
    tail = _TAIL.match(text, match.end())
    if tail is None or tail.group("skip"):
        return None
    base = tail.group("base")
    if base and text[tail.start("base") : tail.end("base") + 1] in _NOT_UNIT:
        base = None
    lo = max(sentence[0], start - WINDOW)
    reader = _read_chinese if match.group("cn") else _read_arabic
    read = reader(text, match, tail, base, lo)
    if read is None:
        return None
    value, unit, end = read
    kind = _kind(unit)
    if kind != "year" and _bracketed(text, lo, start, {"《": 1, "》": -1}):
        return None
    approx = bool(tail.group("ap1") or tail.group("ap2") or tail.group("about"))
    approx = approx or bool(_APPROX_BEFORE.search(text, max(0, start - 2), start))
    return RawFigure(start, end, value, unit, kind, approx and kind != "year", tail.end())


def _kind(unit: str) -> str:
    """Kind of figure a normalised unit stands for."""
    if unit.endswith(_UNITS["amount_ending"]):
        return "amount"
    if unit.endswith(_AREA):
        return "area"
    return _KINDS.get(unit, "count")


def _unit(mag: str, base: str) -> str:
    """Join a magnitude and a base unit, with the base in its normal spelling."""
    return mag + _UNIT_NAMES.get(base, base)


def _read_arabic(_text: str, match: _Match, tail: _Match, base: str | None, _lo: int) -> _Read | None:
    """Value, unit and span end of an Arabic token; years need four or more bare digits before 年."""
    token = match.group("ar")
    mag = tail.group("mag") or ""
    if match.group("pct"):
        return parse_arabic(token), "%", match.end()
    if base == "年":
        plain = token.isdigit() and not mag and not tail.group("ap1") and not tail.group("ap2")
        return (parse_arabic(token), "年", tail.end("base")) if plain and len(token) >= 4 else None
    if base is None:
        # A bare magnitude is a unit of its own (1.5万); 千/百万 alone are too often 千米, 百万级...
        if mag in _BARE_MAGNITUDES:
            return parse_arabic(token), mag, tail.end("mag")
        return None
    return parse_arabic(token), _unit(mag, base), tail.end("base")


def _read_chinese(text: str, match: _Match, tail: _Match, base: str | None, lo: int) -> _Read | None:
    """Value, unit and span end of a Chinese token, rejecting slogans, ordinals and digit lists."""
    token, start = match.group("cn"), match.start()
    if match.group("pct"):
        percent = parse_chinese(token)
        return None if percent is None else (float(percent), "%", match.end())
    if base is None or _not_a_number(text, token, start, tail.end("base"), lo, base):
        return None
    if is_digit_sequence(token):
        year = parse_digit_sequence(token)
        ok = base == "年" and len(token) == 4 and year is not None
        return (float(year or 0), "年", tail.end("base")) if ok else None
    scaled = parse_chinese_scaled(token)
    if scaled is None or base == "年":
        return None
    return float(scaled[0]), _unit(scaled[1] + (tail.group("mag") or ""), base), tail.end("base")


def _not_a_number(text: str, token: str, start: int, unit_end: int, lo: int, base: str) -> bool:
    """Tell whether a Chinese numeral is part of a word, ordinal, quoted slogan or 一X一Y idiom."""
    prev = text[start - 1 : start]
    if prev in _CN_BAD_PREV or (token[0] == "一" and prev in _CN_BAD_PREV_ONE):
        return True
    # A bare 万/亿 is a number in running text before a head count (近万名), not in 单位:万元.
    if token in ("万", "亿") and (base == "元" or not "\u4e00" <= prev <= "\u9fff"):
        return True
    # 一校一案, 一人一档: a repeated single numeral is a slogan, not a count.
    twin = text[start - 2 : start - 1] if start >= 2 else ""
    if len(token) == 1 and token in (twin, text[unit_end : unit_end + 1]):
        return True
    return _bracketed(text, lo, start, QUOTES)


@lru_cache(maxsize=8)
def _marks_re(marks: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("[" + re.escape("".join(marks)) + '"]')


def _bracketed(text: str, lo: int, pos: int, marks: dict[str, int]) -> bool:
    """Tell whether ``pos`` sits inside a pair of ``marks`` (opener 1, closer -1) opened after ``lo``."""
    window = text[lo:pos]
    if not _marks_re(tuple(marks)).search(window):
        return False  # no mark at all: the common case, settled without walking the characters
    depth = 0
    for ch in window:
        step = marks.get(ch, 0)
        if ch == '"' and marks is QUOTES:
            step = -1 if depth else 1
        depth = max(0, depth + step)
    return depth > 0


