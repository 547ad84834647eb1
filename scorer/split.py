"""Split a report into the heading tree of Chinese official documents.

Levels: 1 ``一、`` / ``第一部分`` / an unnumbered part heading recognised by its words
(``2022重点教育工作落实情况``); 2 ``（一）``; 3 ``1.`` ``1．`` ``1、``; 4 ``（1）``; 5 ``①``;
6 ``一是…二是…`` enumerations inside a paragraph. Headings may be run in (``1. 标题。正文…``).
Numbering may run on across parents (points 1–29 across areas); the tree follows levels, not numbers.
Offsets always index the original text; matching happens on a same-length folded copy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scorer.chrome import lines_with_offsets
from scorer.document import Chrome, Section
from scorer.lexicon import alternatives, lexicon
from scorer.normalize import fold
from scorer.readers.base import HeadingHint

CN_DIGITS = "一二三四五六七八九十"
_CN = f"[{CN_DIGITS}]{{1,3}}"
MARKERS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"^(第({_CN})部分)\s*[:、.]?\s*")),
    (1, re.compile(rf"^(({_CN})\s*[、.,])\s*")),
    (2, re.compile(rf"^(\(({_CN})\)\s*[、.]?)\s*")),
    (3, re.compile(r"^((\d{1,3})\s*[.、](?!\d))\s*")),
    (4, re.compile(r"^(\((\d{1,3})\)|(\d{1,3})\))\s*")),
    (5, re.compile(r"^([\u2460-\u2473])\s*")),
)
_HEADINGS = lexicon()["headings"]  # the words are data (scorer/data/lexicon.yaml); structure stays here
PART_WORDS = re.compile("|".join(_HEADINGS["part_patterns"]))
NOT_PART = re.compile("|".join(_HEADINGS["not_part_patterns"]) + r"|[。;]\S")
BACK_LINE = re.compile(
    rf"^(?:{alternatives('headings', 'closings')})"
    r"|^20\d\d年\d{1,2}月\d{1,2}日$|^20\d{5,6}$"
    rf"|^[\u4e00-\u9fff]{{2,20}}(?:{alternatives('headings', 'signer_offices')})$")
ENUM = re.compile(rf"(?:^|(?<=[。;,:、\s]))({_CN})是")
MAX_HEADING = 60
MAX_PART_LINE = 40


@dataclass
class _Node:
    kind: str
    level: int
    marker: str
    number: int | None
    heading: str
    start: int
    heading_start: int
    heading_end: int
    run_in: bool
    end: int = -1
    children: list[_Node] = field(default_factory=list)

    def freeze(self, ident: str) -> Section:
        kids = tuple(child.freeze(f"{ident}.{i}") for i, child in enumerate(self.children, 1))
        return Section(ident, self.kind, self.level, self.marker, self.number, self.heading, self.start,
                       self.end, self.heading_start, self.heading_end, self.run_in, kids)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` past surrounding whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _node(text: str, kind: str, level: int, marker: str, number: int | None, start: int, h_start: int,
          h_end: int, run_in: bool) -> _Node:
    """Make a node whose heading is the original text of the trimmed heading span."""
    h_start, h_end = _trim(text, h_start, h_end)
    return _Node(kind, level, marker, number, text[h_start:h_end], start, h_start, h_end, run_in)


def cn_number(text: str) -> int | None:
    """Parse 一 … 九十九 (and Arabic digits) into an int."""
    if text.isdecimal():
        return int(text)
    if "\u2460" <= text <= "\u2473":
        return ord(text) - 0x2460 + 1
    values = {ch: i + 1 for i, ch in enumerate(CN_DIGITS)}
    if not text or any(ch not in values for ch in text):
        return None
    if text == "十":
        return 10
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (values[tens] if tens else 1) * 10 + (values[ones] if ones else 0)
    return values[text] if len(text) == 1 else None


def _heading_end(folded: str, start: int, end: int) -> tuple[int, bool]:
    """Return (end of heading text, run_in) for a heading whose text starts at ``start``."""
    line = folded[start:end]
    stop = line.find("。")
    if 0 <= stop <= MAX_HEADING:
        return start + stop, bool(line[stop + 1:].strip())
    if len(line.rstrip()) <= MAX_HEADING:
        return start + len(line.rstrip().rstrip(":")), False
    cuts = [m.start() for m in re.finditer(r"[,;]|(?<=[\u201d\"])?20\d\d年", line[:MAX_HEADING]) if m.start() > 1]
    return start + (min(cuts) if cuts else 40), True


def classify(text: str, folded: str, start: int, end: int, hint: HeadingHint | None) -> _Node | None:
    """Return a heading node for the line ``[start, end)``, or ``None`` for body text."""
    lead = len(folded[start:end]) - len(folded[start:end].lstrip())
    pos = start + lead
    line = folded[pos:end]
    for level, pattern in MARKERS:
        m = pattern.match(line)
        if m and len(line) > m.end():
            marker = text[pos:pos + len(m.group(1))].strip()
            numbers = [g for g in m.groups()[1:] if g]
            number = cn_number(numbers[0] if numbers else m.group(1))
            h_start = pos + m.end()
            h_end, run_in = _heading_end(folded, h_start, end)
            kind = "part" if level == 1 else "heading"
            return _node(text, kind, level, marker, number, pos, h_start, h_end, run_in)
    stripped = line.rstrip()
    if hint is not None and 1 <= hint.level <= 5 and len(stripped) <= MAX_HEADING * 2:
        h_end, run_in = _heading_end(folded, pos, end)
        return _node(text, "part" if hint.level == 1 else "heading", hint.level, "", None, pos, pos, h_end,
                     run_in)
    if len(stripped) <= MAX_PART_LINE and PART_WORDS.search(stripped) and not NOT_PART.search(stripped):
        h_end = pos + len(stripped.rstrip("。:"))
        return _node(text, "part", 1, "", None, pos, pos, h_end, False)
    return None


def _enumerations(text: str, folded: str, start: int, end: int) -> list[_Node]:
    """Split ``一是…二是…`` inside one line into enum nodes (needs at least 一是 and 二是 in order)."""
    nodes: list[_Node] = []
    expected = 1
    for m in ENUM.finditer(folded, start, end):
        if cn_number(m.group(1)) != expected:
            continue
        h_start = m.end()
        stop = folded.find("。", h_start, end)
        h_end = stop if 0 <= stop - h_start <= MAX_HEADING else min(end, h_start + 20)
        comma = folded.find(",", h_start, h_end)
        h_end = comma if comma >= 0 and stop < 0 else h_end
        nodes.append(_node(text, "enum", 6, text[m.start():m.end()], expected, m.start(), h_start, h_end, True))
        expected += 1
    if len(nodes) < 2:
        return []
    for node, nxt in zip(nodes, [*nodes[1:], None], strict=True):
        node.end = nxt.start if nxt else end
    return nodes


def split_sections(text: str, chrome: tuple[Chrome, ...] = (),
                   hints: tuple[HeadingHint, ...] = ()) -> tuple[Section, ...]:
    """Return the top-level sections of ``text``: chrome, front, parts, back, chrome, tiling the text.

    Args:
        text: The original text.
        chrome: Chrome lines to keep out of the tree.
        hints: Heading levels the source format states.
    """
    folded = fold(text)
    spans = lines_with_offsets(text)
    chrome_starts = {c.start for c in chrome}
    hint_at = {h.start: h for h in hints}
    content = [i for i, (s, e) in enumerate(spans) if folded[s:e].strip() and s not in chrome_starts]
    if not content:
        return (_Node("front", 0, "", None, "", 0, 0, 0, False, len(text)).freeze("front"),) if text else ()
    first, last = content[0], content[-1]
    back_from = last + 1
    for i in reversed(content):
        if BACK_LINE.search(folded[spans[i][0]:spans[i][1]].strip()):
            back_from = i
        else:
            break
    body = [i for i in content if i < back_from]
    nodes = _relevel({i: classify(text, folded, *spans[i], hint_at.get(spans[i][0])) for i in body})
    headings = [i for i in body if nodes[i] is not None]
    tops: list[_Node] = []
    if headings:
        tops = _tree(text, folded, spans, body, nodes)
    elif body:
        body_start = _front_end(folded, spans, body)
        tops = [_paragraph(text, folded, *spans[i]) for i in body if i >= body_start]
    region_start = spans[first][0]
    foot_start = min(spans[last][1] + 1, len(text))
    back_start = spans[back_from][0] if back_from <= last else foot_start
    out: list[Section] = []
    if region_start > 0:
        out.append(_leaf("chrome", 0, region_start).freeze("chrome-1"))
    first_top = tops[0].start if tops else back_start
    if first_top > region_start:
        out.append(_leaf("front", region_start, first_top).freeze("front"))
    for index, node in enumerate(tops, 1):
        _close(node, tops[index].start if index < len(tops) else back_start)
        out.append(node.freeze(str(index)))
    if foot_start > back_start:
        out.append(_leaf("back", back_start, foot_start).freeze("back"))
    if len(text) > foot_start:
        out.append(_leaf("chrome", foot_start, len(text)).freeze("chrome-2"))
    return tuple(out)


def _relevel(nodes: dict[int, _Node | None]) -> dict[int, _Node | None]:
    """With 第一部分-style parts, 一、 headings sit one level below them, and so on down.

    Unnumbered part headings found by their words are dropped then: the 第X部分 markers say where parts are.
    """
    if not any(n is not None and n.marker.startswith("第") and n.level == 1 for n in nodes.values()):
        return nodes
    for index, node in nodes.items():
        if node is None or node.marker.startswith("第"):
            continue
        if not node.marker and node.level == 1:
            nodes[index] = None
            continue
        node.level += 1
        node.kind = "heading"
    return nodes


def _leaf(kind: str, start: int, end: int) -> _Node:
    return _Node(kind, 0, "", None, "", start, start, start, False, end)


def _paragraph(text: str, folded: str, start: int, end: int) -> _Node:
    lead = len(folded[start:end]) - len(folded[start:end].lstrip())
    stop = folded.find("。", start + lead, end)
    h_end = stop if 0 <= stop - start - lead <= MAX_PART_LINE else start + lead
    return _node(text, "paragraph", 1, "", None, start, start + lead, h_end, True)


def _front_end(folded: str, spans: list[tuple[int, int]], body: list[int]) -> int:
    """Index of the first body line of a report without headings (after the letter head)."""
    for i in body[:12]:
        if re.search(r"如下[:]?\s*$", folded[spans[i][0]:spans[i][1]].strip()):
            return i + 1 if i + 1 <= body[-1] else i
    for i in body:
        if len(folded[spans[i][0]:spans[i][1]].strip()) > MAX_PART_LINE:
            return i
    return body[0]


def _tree(text: str, folded: str, spans: list[tuple[int, int]], body: list[int],
          nodes: dict[int, _Node | None]) -> list[_Node]:
    """Build the heading tree over the body lines; returns the top-level nodes."""
    tops: list[_Node] = []
    stack: list[_Node] = []
    current: _Node | None = None
    body_lines: dict[int, list[tuple[int, int]]] = {}
    for i in body:
        node = nodes[i]
        start, end = spans[i]
        if node is None:
            if current is not None:
                _attach_enums(current, _enumerations(text, folded, start, end))
                body_lines.setdefault(id(current), []).append((start, end))
            continue
        while stack and stack[-1].level >= node.level:
            _close(stack.pop(), node.start)
        (stack[-1].children if stack else tops).append(node)
        stack.append(node)
        current = node
        _attach_enums(node, _enumerations(text, folded, node.heading_end, end))
    for top in tops:
        lines = body_lines.get(id(top), [])
        if top.kind == "part" and len(lines) >= 2 and not any(c.kind == "heading" for c in top.children):
            _paragraphs_under(text, folded, top, lines)
    return tops


def _paragraphs_under(text: str, folded: str, part: _Node, lines: list[tuple[int, int]]) -> None:
    """Turn the body paragraphs of a part without sub-headings into paragraph sections (prose layouts)."""
    paragraphs = []
    for start, end in lines:
        node = _paragraph(text, folded, start, end)
        node.level = part.level + 1
        node.children = [e for e in part.children if start <= e.start < end]
        paragraphs.append(node)
    for node, nxt in zip(paragraphs, [*paragraphs[1:], None], strict=True):
        node.end = nxt.start if nxt else -1
    part.children = paragraphs


def _attach_enums(parent: _Node, enums: list[_Node]) -> None:
    parent.children.extend(enums)


def _close(node: _Node, end: int) -> None:
    """Set the end of ``node`` and of its open descendants."""
    if node.end < 0:
        node.end = end
    for child in node.children:
        if child.end < 0:
            _close(child, end)
