"""The report as read, with every evidence span marked.

The text is cut into leaves (a paragraph, a heading, a table cell, a blank line; tables as
``scorer.tables`` finds them) and each leaf into
segments at every span boundary; a segment is wrapped in one element per span covering it, so spans
that overlap or cross a line end are split into pieces that share ``data-span``. Every character of
the original text is emitted once, in order, inside the page's ``<main>``: a span's pieces, read in
document order, give back exactly ``text[start:end]`` (the tests check this in a browser). Item tags
are CSS generated content, so they add nothing to the text.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from html import escape

from reports.html_view.page import attr
from scorer.result import ReportResult, SectionRow
from scorer.tables import Table, find_tables

# Section kinds whose first line is a heading, and the kind greyed as page chrome.
HEADING_KINDS = frozenset({"part", "heading"})
CHROME = "chrome"
# Text kept in the page but not shown: a table's cell separators, edge bars and rule lines.
_HIDDEN = '<span class="sep">'
# A line at most this much longer than its section's heading is the heading alone (marker, full stop).
RUN_IN_SLACK = 10


@dataclass(frozen=True)
class Layer:
    """An element laid over ``text[start:end]``: an evidence mark or a damaged-text marker."""

    start: int
    end: int
    open: str
    close: str


@dataclass(frozen=True)
class Leaf:
    """A stretch of text rendered inside one element (``before`` and ``after`` hold its structural tags)."""

    start: int
    end: int
    before: str
    after: str


def evidence_layers(result: ReportResult) -> list[Layer]:
    """One mark per item and distinct evidence span, numbered in text order (``data-span``)."""
    seen: dict[tuple[str, int, int], list] = {}
    for item in result.items:
        for req in item.requirements:
            for ev in req.evidence:
                if ev.end <= ev.start:
                    continue
                entry = seen.setdefault((item.id, ev.start, ev.end), [item, set(), False])
                entry[1].add(req.id)
                entry[2] = entry[2] or ev.damaged
    layers = []
    for number, ((item_id, start, end), (item, reqs, damaged)) in enumerate(
            sorted(seen.items(), key=lambda kv: (kv[0][1], -kv[0][2], kv[0][0]))):
        classes = f"st-{item.status.value}" + (" damaged" if damaged else "")
        title = f"{item_id} {item.title}：{item.status.zh}（{'、'.join(sorted(reqs))}）" + (
            " 疑似复制损坏 / damaged" if damaged else "")
        layers.append(Layer(start, end, f'<mark class="{classes}" data-item="{attr(item_id)}" data-span="{number}" '
                                        f'data-start="{start}" data-end="{end}" title="{attr(title)}">', "</mark>"))
    return layers


def damage_layers(result: ReportResult) -> list[Layer]:
    """A wavy underline over each stretch of text damaged in copy-paste."""
    return [Layer(w.start, w.end, f'<span class="damage" title="{attr(w.message)}">', "</span>")
            for w in result.damage if w.start is not None and w.end is not None and w.end > w.start]


def _line_kinds(result: ReportResult) -> tuple[dict[int, tuple[SectionRow, int]], list[tuple[int, int, str]]]:
    """Heading lines by their start offset (with heading level), and the ranges of each section kind."""
    headings = {s.start: (s, min(6, s.level + 1)) for s in result.sections if s.kind in HEADING_KINDS}
    kinds = [(s.start, s.end, s.kind) for s in result.sections if s.kind in {CHROME, "front", "back"}]
    return headings, kinds


def _standalone(line: str, section: SectionRow) -> bool:
    """True when the line is the heading alone (marker and heading), not a paragraph opening with it."""
    return len(line.strip()) <= len(section.heading) + RUN_IN_SLACK


def runin_layers(result: ReportResult) -> list[Layer]:
    """Bold over a heading that opens its paragraph (``1. 健全领导体制。县委……``)."""
    text, layers = result.text, []
    for s in result.sections:
        if s.kind not in HEADING_KINDS or not s.heading:
            continue
        line_end = text.find("\n", s.start)
        line = text[s.start:line_end if line_end >= 0 else len(text)]
        at = line.find(s.heading)
        if at < 0 or _standalone(line, s):
            continue
        layers.append(Layer(s.start, s.start + at + len(s.heading), '<b class="runin">', "</b>"))
    return layers


def _kind_at(offset: int, kinds: list[tuple[int, int, str]]) -> str:
    for start, end, kind in kinds:
        if start <= offset < end:
            return kind
    return ""


def leaves(result: ReportResult) -> Iterator[Leaf]:
    """The text cut into leaves; together they cover it exactly, in order."""
    text = result.text
    headings, kinds = _line_kinds(result)
    tables = {table.start: table for table in find_tables(text)}
    pos = 0
    while pos < len(text):
        if pos in tables:
            yield from _table(tables[pos])
            pos = tables[pos].end
            continue
        newline = text.find("\n", pos)
        end = len(text) if newline < 0 else newline + 1
        line = text[pos:end]
        if not line.strip():
            yield Leaf(pos, end, "", "")
        elif pos in headings and _standalone(line, headings[pos][0]):
            section, level = headings[pos]
            yield Leaf(pos, end, f'<h{level} id="sec-{attr(section.id)}">', f"</h{level}>")
        else:
            kind = _kind_at(pos, kinds)
            yield Leaf(pos, end, f'<p class="{kind}">' if kind else "<p>", "</p>")
        pos = end


def _table(table: Table) -> Iterator[Leaf]:
    """A table found by ``scorer.tables``: one leaf per cell; separators, edges and rule lines kept but hidden.

    Hidden text stays in the page (inside the cell before it) so that the page holds the whole text in order.
    """
    cursor = table.start
    for n, ((_, line_end), row) in enumerate(zip(table.lines, table.rows, strict=True)):
        following = table.lines[n + 1][0] if n + 1 < len(table.lines) else line_end
        for k, cell in enumerate(row):
            opening = ("<table><tbody>" if n == 0 and k == 0 else "") + ("<tr>" if k == 0 else "") + "<td>"
            if cell.start > cursor:
                yield Leaf(cursor, cell.start, opening + _HIDDEN, "</span>")
                opening = ""
            tail = following if k == len(row) - 1 else row[k + 1].start
            yield Leaf(cell.start, cell.end, opening, "" if tail > cell.end else "</td>")
            if tail > cell.end:
                yield Leaf(cell.end, tail, _HIDDEN, "</span></td>")
            cursor = tail
        yield Leaf(cursor, cursor, "", "</tr>")
    yield Leaf(table.end, table.end, "", "</tbody></table>")


def render_body(result: ReportResult) -> str:
    """The report's text as HTML, every character escaped, evidence and damage laid over it."""
    if not result.text:
        return ('<p class="note">此结果不含报告原文（例如由 JSON 读回），无法显示依据位置。 / The result carries no '
                "report text (e.g. read back from JSON), so evidence cannot be shown in place.</p>\n")
    layers = sorted(runin_layers(result) + damage_layers(result) + evidence_layers(result),
                    key=lambda la: (la.start, -la.end))
    starts: dict[int, list[int]] = {}
    for index, layer in enumerate(layers):
        starts.setdefault(layer.start, []).append(index)
    cuts = sorted({p for la in layers for p in (la.start, la.end)})
    out: list[str] = []
    active: list[int] = []  # indexes into layers, in nesting order (earlier start outside)
    first_piece = set(range(len(layers)))
    cut_at = 0
    text = result.text
    for leaf in leaves(result):
        out.append(leaf.before)
        pos = leaf.start
        while pos < leaf.end:
            while cut_at < len(cuts) and cuts[cut_at] <= pos:
                cut_at += 1
            active.extend(starts.get(pos, ()))
            active = [i for i in active if layers[i].end > pos]
            stop = min(leaf.end, cuts[cut_at] if cut_at < len(cuts) else leaf.end)
            out.append(_segment(text[pos:stop], [layers[i] for i in active], first_piece, active))
            pos = stop
        out.append(leaf.after)
    return "".join(out)


def _segment(chunk: str, covering: list[Layer], first_piece: set[int], indexes: list[int]) -> str:
    """``chunk`` escaped, wrapped in every layer covering it (the first piece of a mark carries its visible tag)."""
    body = escape(chunk, quote=False)
    if not covering:
        return body
    opens = []
    for layer, index in zip(covering, indexes, strict=True):
        tag = layer.open
        if index in first_piece and tag.startswith("<mark"):
            tag = tag.replace('<mark class="', '<mark class="first ', 1)
        first_piece.discard(index)
        opens.append(tag)
    return "".join(opens) + body + "".join(layer.close for layer in reversed(covering))
