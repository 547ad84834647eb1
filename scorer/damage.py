"""Detect figures damaged when a report was copy-pasted from a web page and lost its punctuation.

Each detector is a named pattern with a plausibility test and a suggested reading
(scheme-notes §6): ``700600500元`` for 700、600、500元, ``3100%`` for 3个100%, ``5666人`` for
56—66人, ``20212025年`` for 2021—2025年, ``2022930日`` and ``2022114`` for dates, ``渝府教督20225号``
for 渝府教督〔2022〕5号, ``200//年`` for a lost unit. Downstream code asks
``Document.is_damaged(start, end)`` before trusting a figure.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from datetime import date

from scorer.document import Damage
from scorer.lexicon import alternatives, issuer_last_chars, issuer_pattern, marks
from scorer.normalize import fold

# A number starts at a digit not preceded by a digit or a dot. The check follows the first digit, as
# ``\d(?<![\d.]\d)``, rather than ``(?<![\d.])\d`` before it: a pattern that opens with a digit class lets
# the regex engine skip straight to digits, 2-10x faster over a report (the test compares both spellings).
_GLUED_LIST = re.compile(rf"(\d(?<![\d.]\d)\d{{5,14}})({alternatives('units', 'glued_list')})")
_COUNT_PERCENT = re.compile(r"([1-9])(?<![\d.][1-9])(100)%")
_RANGE_PEOPLE = re.compile(r"(\d(?<![\d.]\d)\d)(\d{2})(?=人)")
_YEAR_RANGE = re.compile(r"((?:1(?<![\d.]1)9|2(?<![\d.]2)0)\d\d)((?:19|20)\d\d)"
                         rf"({alternatives('units', 'year_words')})")
_DATE_DAY = re.compile(r"(2(?<![\d.]2)0\d\d)(\d{2,4})(?=日)")
_DATE_LINE = re.compile(r"^\s*(20\d\d)(\d{2,4})\s*$", re.MULTILINE)
_DOC_NO = re.compile(issuer_pattern(2) + r"(20\d\d)(\d{1,4})(号?)")
# Every _DOC_NO match ends its issuer with one of these characters followed by the year; its issuer starts at
# most 12 characters before that character, and its number and 号 take at most 5 after the year.
_DOC_NO_ANCHOR = re.compile("[" + re.escape(issuer_last_chars()) + r"]20\d\d")
_UNIT_LOST = re.compile(r"\d(?<![\d.]\d)\d*(?:\.\d+)?//\s*[\u4e00-\u9fff]")
_SENTENCE_END = re.compile("[" + re.escape(marks("full_stops")) + "\n]")  # full stops only, as the scan always did
# Words announcing a list; lexicon.py checks they share no character (see _glued_figures).
_LIST_WORDS = re.compile(alternatives("units", "list_context"))


def iso_date(year: str, month: str, day: str) -> str | None:
    """ISO date of the parts, or None when they make no valid date."""
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def _dates(year: str, rest: str) -> list[str]:
    """All valid (month, day) splits of ``rest`` as ISO dates."""
    return [iso for cut in range(1, len(rest)) if (iso := iso_date(year, rest[:cut], rest[cut:]))]


def _glued_list(run: str, listed: bool) -> list[str] | None:
    """Split a digit run into equal chunks that read as a list of round amounts, else None.

    ``listed``: the sentence before the run has a word announcing a list (分别, 依次...).
    """
    for size in (3, 4, 2):
        if len(run) % size or len(run) // size < 2:
            continue
        chunks = [run[i:i + size] for i in range(0, len(run), size)]
        if any(c.startswith("0") for c in chunks):
            continue
        round_ = all(c.endswith("0") for c in chunks)
        if round_ and (len(chunks) >= 3 or listed):
            return chunks
    return None


Found = tuple[str, int, int, str]  # code, start, end, suggestion


def _doc_numbers(folded: str) -> Iterator[Found]:
    for m in _doc_no_matches(folded):
        yield "doc_no_brackets_lost", m.start(), m.end(), f"{m.group(1)}〔{m.group(2)}〕{m.group(3)}号"


def _doc_no_matches(folded: str) -> Iterator[re.Match[str]]:
    """``_DOC_NO.finditer(folded)``, run only over the windows around its anchors (its lazy issuer is slow).

    Every match lies inside one window; overlapping windows are merged, so matches come out as one scan
    over the whole text would give them.
    """
    ranges: list[list[int]] = []
    for anchor in _DOC_NO_ANCHOR.finditer(folded):
        lo, hi = max(anchor.start() - 12, 0), anchor.end() + 5
        if ranges and lo <= ranges[-1][1]:
            ranges[-1][1] = hi
        else:
            ranges.append([lo, hi])
    for lo, hi in ranges:
        yield from _DOC_NO.finditer(folded, lo, hi)


def _year_ranges(folded: str) -> Iterator[Found]:
    for m in _YEAR_RANGE.finditer(folded):
        if int(m.group(1)) < int(m.group(2)):
            yield "glued_year_range", m.start(), m.end(), f"{m.group(1)}—{m.group(2)}{m.group(3)}"


def _lost_dates(folded: str) -> Iterator[Found]:
    for m in _DATE_DAY.finditer(folded):
        options = _dates(m.group(1), m.group(2))
        if options:
            yield "date_marks_lost", m.start(), m.end() + 1, " 或 ".join(_cn_date(d) for d in options)
    for m in _DATE_LINE.finditer(folded):
        options = _dates(m.group(1), m.group(2))
        if options:
            yield "date_marks_lost", m.start(1), m.end(2), " 或 ".join(_cn_date(d) for d in options)


def _glued_figures(folded: str) -> Iterator[Found]:
    # Sentence ends found once and bisected: an rfind per match went back to the text's start on text
    # without punctuation, quadratic in the length (1.25 MB of glued figures took minutes).
    # The list words are found once too (slicing each sentence was quadratic as well). They share no
    # character (scorer/lexicon.py DISJOINT checks the data), so their matches do not overlap and are ordered by
    # end as by start.
    ends = [m.start() for m in _SENTENCE_END.finditer(folded)]
    words = [(m.start(), m.end()) for m in _LIST_WORDS.finditer(folded)]
    word_ends = [end for _, end in words]
    for m in _GLUED_LIST.finditer(folded):
        before = bisect_left(ends, m.start())
        sentence_start = ends[before - 1] + 1 if before else 0
        last = bisect_right(word_ends, m.start()) - 1  # the last list word ending before the run
        listed = last >= 0 and words[last][0] >= sentence_start
        chunks = _glued_list(m.group(1), listed)
        if chunks:
            yield "glued_list", m.start(), m.end(), "、".join(chunks) + m.group(2)
    for m in _COUNT_PERCENT.finditer(folded):
        yield "glued_count_percent", m.start(), m.end(), f"{m.group(1)}个100%"
    for m in _RANGE_PEOPLE.finditer(folded):
        low, high = int(m.group(1)), int(m.group(2))
        if 30 <= low < high <= 90 and high - low <= 15:
            yield "glued_range", m.start(), m.end() + 1, f"{low}—{high}人"
    for m in _UNIT_LOST.finditer(folded):
        yield "unit_lost", m.start(), m.end(), "单位字符丢失（如“元/生/年”）"


DETECTORS = (_doc_numbers, _year_ranges, _lost_dates, _glued_figures)


def find_damage(text: str) -> tuple[Damage, ...]:
    """Return every damaged span of ``text`` in document order (no overlaps)."""
    folded = fold(text)
    found = [Damage(code, start, end, text[start:end], suggestion)
             for detector in DETECTORS for code, start, end, suggestion in detector(folded)]
    return _without_overlaps(found)


def _cn_date(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{year}年{int(month)}月{int(day)}日"


def _without_overlaps(found: list[Damage]) -> tuple[Damage, ...]:
    """Keep the first-found (most specific) damage where two overlap; return in text order.

    Covered characters are marked in a byte array, so each span is checked and marked in its own length
    (comparing each span with every kept one was quadratic: minutes on text full of damaged figures).
    """
    covered = bytearray(max((d.end for d in found), default=0))
    kept: list[Damage] = []
    for damage in found:
        if covered.find(1, damage.start, damage.end) < 0:
            covered[damage.start:damage.end] = b"\x01" * (damage.end - damage.start)
            kept.append(damage)
    return tuple(sorted(kept, key=lambda d: d.start))
