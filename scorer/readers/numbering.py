"""Word automatic numbering: rebuild the marker text ("一、", "（一）", "1.", "①") Word displays.

python-docx does not expose list numbers (python-openxml/python-docx #92, #471, #180, #554), yet
Chinese reports often number their headings automatically, so without this the text would lose
"一、" and the splitter could not find the sections. We resolve ``w:numPr`` through
``numbering.xml`` and keep running counters the way Word does: counters belong to the abstract
numbering definition, a ``w:startOverride`` restarts its level the first time that ``w:num`` is
used, and deeper levels restart when a higher level advances (unless ``w:lvlRestart`` says
otherwise).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from scorer.limits import MAX_LEVEL_TEXT, MAX_LIST_NUMBER

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

_CN_DIGITS = "〇一二三四五六七八九"
_CN_COUNTING = "零一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PAREN = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
_FULLSTOP = "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛"
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))

#: Formats that display no number; paragraphs using them get no marker and no hint.
NO_MARKER_FORMATS = frozenset({"bullet", "none"})

# Marker shape -> heading level, following HeadingHint.level (1 一、, 2 （一）, 3 1., 4 （1）, 5 ①).
_SHAPE_LEVELS: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"^第?[〇一二三四五六七八九十百千零壹贰叁肆伍陆柒捌玖拾佰仟]+[、．.]"), 1),
    (re.compile(r"^[（(][〇一二三四五六七八九十百千]+[）)]"), 2),
    (re.compile(r"^\d+([.．]\d+)*[.．、]?$|^\d+[.．、]"), 3),
    (re.compile(r"^[（(]\d+[）)]|^[⑴-⒇]"), 4),
    (re.compile(r"^[①-⑳]"), 5),
)


def chinese_counting(n: int, digits: str = _CN_COUNTING, units: str = "十百千") -> str:
    """Write ``n`` in Chinese counting numerals (一, 十一, 二十, 一百零五...).

    Args:
        n: The number; values outside 1-9999 fall back to Arabic digits.
        digits: The ten digit characters, zero first.
        units: The characters for ten, hundred and thousand.

    Returns:
        The numeral as Word displays it for ``chineseCounting``.
    """
    if n == 0:
        return "〇"
    if not 0 < n < 10000:
        return str(n)
    parts: list[str] = []
    pending_zero = False
    for power in (3, 2, 1, 0):
        d = n // 10**power % 10
        if d == 0:
            pending_zero = bool(parts)
            continue
        if pending_zero:
            parts.append(digits[0])
            pending_zero = False
        unit = units[power - 1] if power else ""
        # 十一 not 一十一 when ten is the highest unit.
        parts.append(unit if power == 1 and d == 1 and not parts and units == "十百千" else digits[d] + unit)
    return "".join(parts)


def _letters(n: int, upper: bool) -> str:
    if n <= 0:
        return str(n)
    letter = chr(ord("A" if upper else "a") + (n - 1) % 26)
    return letter * ((n - 1) // 26 + 1)


def _roman(n: int, upper: bool) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = []
    for value, sym in _ROMAN:
        while n >= value:
            out.append(sym)
            n -= value
    text = "".join(out)
    return text if upper else text.lower()


def _table(chars: str, n: int) -> str:
    return chars[n - 1] if 0 < n <= len(chars) else str(n)


def format_number(n: int, fmt: str) -> str:
    """Render counter value ``n`` in the Word number format ``fmt`` (``w:numFmt/@w:val``).

    Args:
        n: The counter value.
        fmt: The Word format name, e.g. ``chineseCounting`` or ``decimalEnclosedCircle``.

    Returns:
        The displayed number; unknown formats fall back to Arabic digits.
    """
    simple: dict[str, Any] = {
        "chineseCounting": chinese_counting,
        "chineseCountingThousand": chinese_counting,
        "taiwaneseCounting": chinese_counting,
        "taiwaneseCountingThousand": chinese_counting,
        "japaneseCounting": chinese_counting,
        "ideographDigital": lambda k: "".join(_CN_DIGITS[int(c)] for c in str(k)),
        "chineseLegalSimplified": lambda k: chinese_counting(k, _CN_LEGAL, "拾佰仟"),
        "ideographTraditional": lambda k: _table(_TIANGAN, k),
        "ideographZodiac": lambda k: _table(_DIZHI, k),
        "decimalEnclosedCircle": lambda k: _table(_CIRCLED, k),
        "decimalEnclosedCircleChinese": lambda k: _table(_CIRCLED, k),
        "decimalEnclosedParen": lambda k: _table(_PAREN, k),
        "decimalEnclosedFullstop": lambda k: _table(_FULLSTOP, k),
        "decimalFullWidth": lambda k: "".join(chr(0xFF10 + int(c)) for c in str(k)),
        "decimalFullWidth2": lambda k: "".join(chr(0xFF10 + int(c)) for c in str(k)),
        "decimalZero": lambda k: f"{k:02d}",
        "upperLetter": lambda k: _letters(k, upper=True),
        "lowerLetter": lambda k: _letters(k, upper=False),
        "upperRoman": lambda k: _roman(k, upper=True),
        "lowerRoman": lambda k: _roman(k, upper=False),
    }
    func = simple.get(fmt)
    # Counters below 1 only come from odd w:start values; Word shows them as plain digits.
    return str(func(n)) if func and n > 0 else str(n)


def shape_level(marker: str, ilvl: int) -> int:
    """Heading level implied by a marker's shape, else the list level plus one.

    Args:
        marker: The synthesised marker, e.g. ``（一）``.
        ilvl: The Word list level (0-based).

    Returns:
        The HeadingHint level.
    """
    for pattern, level in _SHAPE_LEVELS:
        if pattern.match(marker):
            return level
    return ilvl + 1


@dataclass(frozen=True)
class Level:
    """One ``w:lvl`` of a numbering definition."""

    fmt: str
    text: str
    start: int
    suffix: str
    restart: int | None
    is_legal: bool
    style_id: str | None


def _val(el: Any, tag: str) -> str | None:
    child = el.find(W + tag) if el is not None else None
    return None if child is None else child.get(W + "val")


def _int(value: str | None, default: int | None) -> int | None:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _capped(value: int | None) -> int | None:
    """A start value as Word uses it: 0 to :data:`~scorer.limits.MAX_LIST_NUMBER`.

    A letter format repeats its letter value/26 times, so an uncapped ``w:start`` of 2,000,000,000 made
    gigabytes of markers.
    """
    return None if value is None else min(max(value, 0), MAX_LIST_NUMBER)


def _parse_level(lvl: Any) -> Level:
    return Level(
        fmt=_val(lvl, "numFmt") or "decimal",
        # Only the head of lvlText: each %1 in it renders a whole number (bounded by MAX_LEVEL_TEXT).
        text=(_val(lvl, "lvlText") or "")[:MAX_LEVEL_TEXT],
        start=_capped(_int(_val(lvl, "start"), 1)) or 0,
        suffix=_val(lvl, "suff") or "tab",
        restart=_int(_val(lvl, "lvlRestart"), None),
        is_legal=lvl.find(W + "isLgl") is not None,
        style_id=_val(lvl, "pStyle"),
    )


def _levels(container: Any) -> dict[int, Level]:
    out: dict[int, Level] = {}
    for lvl in container.findall(W + "lvl"):
        ilvl = _int(lvl.get(W + "ilvl"), None)
        if ilvl is not None and 0 <= ilvl <= 8:
            out[ilvl] = _parse_level(lvl)
    return out


class Numbering:
    """Counters and level definitions for one document's ``numbering.xml``."""

    def __init__(self, numbering_el: Any, style_num_ids: dict[str, str] | None = None) -> None:
        """Index abstract definitions and instances.

        Args:
            numbering_el: The ``w:numbering`` root element, or ``None`` when there is none.
            style_num_ids: styleId -> numId for styles that carry ``w:numPr``, to follow
                ``w:numStyleLink``.
        """
        self._abstract: dict[str, dict[int, Level]] = {}
        self._links: dict[str, str] = {}
        self._nums: dict[str, str] = {}
        self._overrides: dict[str, dict[int, tuple[int | None, Level | None]]] = {}
        self._counters: dict[str, list[int | None]] = {}
        self._started: set[tuple[str, int]] = set()
        self._style_num_ids = style_num_ids or {}
        if numbering_el is None:
            return
        for absn in numbering_el.findall(W + "abstractNum"):
            aid = absn.get(W + "abstractNumId")
            if aid is None:
                continue
            self._abstract[aid] = _levels(absn)
            link = _val(absn, "numStyleLink")
            if link:
                self._links[aid] = link
        for num in numbering_el.findall(W + "num"):
            nid, aid = num.get(W + "numId"), _val(num, "abstractNumId")
            if nid is None or aid is None:
                continue
            self._nums[nid] = aid
            overrides: dict[int, tuple[int | None, Level | None]] = {}
            for ov in num.findall(W + "lvlOverride"):
                ilvl = _int(ov.get(W + "ilvl"), None)
                if ilvl is None:
                    continue
                lvl = ov.find(W + "lvl")
                overrides[ilvl] = (_capped(_int(_val(ov, "startOverride"), None)),
                                   _parse_level(lvl) if lvl is not None else None)
            self._overrides[nid] = overrides

    def _abstract_id(self, num_id: str) -> str | None:
        aid = self._nums.get(num_id)
        # w:numStyleLink: the definition lives in the list style's own numbering (one hop).
        if aid is not None and aid in self._links and not self._abstract.get(aid):
            linked_num = self._style_num_ids.get(self._links[aid])
            aid = self._nums.get(linked_num, aid) if linked_num else aid
        return aid

    def level_for_style(self, num_id: str, style_id: str) -> int:
        """The list level whose ``w:pStyle`` is ``style_id`` (for style-linked lists), else 0."""
        aid = self._abstract_id(num_id)
        for ilvl, lvl in self._abstract.get(aid or "", {}).items():
            if lvl.style_id == style_id:
                return ilvl
        return 0

    def _level(self, num_id: str, aid: str, ilvl: int) -> Level | None:
        override = self._overrides.get(num_id, {}).get(ilvl)
        if override and override[1] is not None:
            return override[1]
        return self._abstract.get(aid, {}).get(ilvl)

    def next_marker(self, num_id: str, ilvl: int) -> tuple[str, str, str] | None:
        """Advance the counter for one numbered paragraph and render its marker.

        Args:
            num_id: ``w:numId/@w:val`` of the paragraph (``0`` means "numbering removed").
            ilvl: ``w:ilvl/@w:val``.

        Returns:
            ``(marker, separator, numFmt)`` or ``None`` when nothing is displayed (bullets, no
            definition). The separator is what stands between marker and text.
        """
        aid = self._abstract_id(num_id)
        if num_id == "0" or aid is None or not 0 <= ilvl <= 8:
            return None
        lvl = self._level(num_id, aid, ilvl)
        if lvl is None:
            return None
        counters = self._counters.setdefault(aid, [None] * 9)
        start_override = self._overrides.get(num_id, {}).get(ilvl, (None, None))[0]
        if (num_id, ilvl) not in self._started:
            self._started.add((num_id, ilvl))
            if start_override is not None:
                counters[ilvl] = start_override - 1
        current = counters[ilvl]
        counters[ilvl] = (lvl.start - 1 if current is None else current) + 1
        for deeper in range(ilvl + 1, 9):
            deeper_lvl = self._level(num_id, aid, deeper)
            restart = deeper_lvl.restart if deeper_lvl else None
            if restart is None or (restart != 0 and ilvl < restart):
                counters[deeper] = None
        if lvl.fmt in NO_MARKER_FORMATS:
            return None
        marker = self._render(num_id, aid, lvl, counters)
        if not marker.strip():
            return None
        return marker, _separator(marker, lvl.suffix), lvl.fmt

    def _render(self, num_id: str, aid: str, lvl: Level, counters: list[int | None]) -> str:
        def repl(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            ref = self._level(num_id, aid, k)
            value = counters[k]
            if value is None:
                value = ref.start if ref else 1
            fmt = "decimal" if lvl.is_legal or ref is None else ref.fmt
            return format_number(value, fmt)

        return re.sub(r"%([1-9])", repl, lvl.text)


def _separator(marker: str, suffix: str) -> str:
    """What Word shows between marker and text, rendered as plain text.

    A tab after "一、" or "（一）" reads as nothing (the marker ends in Chinese punctuation);
    after "1." it reads as a space, as in hand-typed reports ("1. 健全长效机制").
    """
    if suffix == "nothing":
        return ""
    if suffix == "space":
        return " "
    return "" if re.search(r"[、）)】〕．①-⑳⑴-⒇⒈-⒛]$", marker) else " "
