"""Where a requirement looks for evidence, and the figures of an indicator found there.

Each item first looks in the sections matched to it, then in the rest of the evaluative text (topics
move between areas: 意识形态 may sit under one area or another). The parts of the non-scored roles
(problems, rectification, self-check, info: ``scorer.roles``), the letter head, the closing and page chrome
are never evidence for the scored areas or the key work. Figures whose span
was damaged in copy-paste are returned marked, so a check can refuse them.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from scheme.model import Indicator, Item, Rubric
from scorer.document import Document
from scorer.lexicon import SENTENCE_MARKS, marks
from scorer.normalize import fold
from scorer.quantities import Quantity
from scorer.result import SectionMatch
from scorer.roles import role_cues
from scorer.spans import merge
from scorer.terms import TermIndex

# Damage that makes a figure unreliable (year ranges, dates and document numbers are not figures).
FIGURE_DAMAGE = frozenset({"glued_list", "glued_count_percent", "glued_range", "unit_lost"})
MONEY = {"元": 1.0, "万元": 1e4, "亿元": 1e8}
_SENTENCE_END = re.compile("[" + re.escape(marks(*SENTENCE_MARKS)) + "\n]")


@dataclass(frozen=True)
class Figure:
    """A quantity placed in the document: its section and whether it is damaged."""

    quantity: Quantity
    section: str
    damaged: bool


class Context:
    """Everything the checks of one report share."""

    def __init__(self, document: Document, rubric: Rubric, index: TermIndex, matches: tuple[SectionMatch, ...],
                 quantities: list[Quantity]) -> None:
        """Index sections, matches and figures of one document."""
        self.document, self.rubric, self.index = document, rubric, index
        self.not_evidence = role_cues(rubric).own_part - {rubric.area_for_role("key_work")}
        self.text = document.text
        self.folded = index.folded if index.text is document.text else fold(document.text)
        self.sections = {s.id: s for s in document.walk()}
        self.matches = {m.section: m for m in matches}
        self._item_sections: dict[str, list[str]] = {}  # item id -> sections matched to it, in document order
        for section_id, match in self.matches.items():
            for item_id in dict.fromkeys(entry[0] for entry in match.items):
                self._item_sections.setdefault(item_id, []).append(section_id)
        self._tops = document.sections
        self._top_starts = [s.start for s in document.sections]
        self._child_starts: dict[str, list[int]] = {}
        self.chrome = [(c.start, c.end) for c in document.chrome]
        self.figures = [Figure(q, self.section_at(q.start), self._damaged(q.start, q.end)) for q in quantities]
        by_unit: dict[str, tuple[list[int], list[int]]] = {}  # unit -> (starts, indexes into self.figures)
        for place, figure in enumerate(self.figures):
            starts, indexes = by_unit.setdefault(figure.quantity.unit, ([], []))
            starts.append(figure.quantity.start)
            indexes.append(place)
        self._unit_starts = by_unit
        self.evaluative = self._evaluative_spans()

    def _damaged(self, start: int, end: int) -> bool:
        return any(d.code in FIGURE_DAMAGE for d in self.document.damage_in(start, end))

    def sentence_damaged(self, start: int, end: int) -> bool:
        """True when the span overlaps damage that makes figures unreliable."""
        return self._damaged(start, end)

    def section_at(self, offset: int) -> str:
        """Id of the innermost section containing ``offset`` (descending the tree from the top)."""
        index = bisect.bisect_right(self._top_starts, offset) - 1
        if index < 0 or offset >= self._tops[index].end:
            return ""
        node = self._tops[index]
        while node.children:
            starts = self._child_starts.get(node.id)
            if starts is None:
                starts = self._child_starts[node.id] = [c.start for c in node.children]
            i = bisect.bisect_right(starts, offset) - 1  # children are in order and do not overlap
            if i < 0 or offset >= node.children[i].end:
                break
            node = node.children[i]
        return node.id

    def area_of(self, section_id: str) -> str | None:
        """The area a section was matched to."""
        match = self.matches.get(section_id)
        return match.area if match else None

    def _evaluative_spans(self) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        stack = list(self.document.sections)  # not a recursive closure: that would be a cycle holding the context
        while stack:
            section = stack.pop()
            if section.kind in {"front", "back", "chrome"} or self.area_of(section.id) in self.not_evidence:
                continue
            spans.extend(section.own_spans())
            stack.extend(section.children)
        return self._minus_chrome(spans)

    def _minus_chrome(self, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        out = []
        for start, end in sorted(spans):
            pos = start
            for c_start, c_end in self.chrome:
                if c_end <= pos or c_start >= end:
                    continue
                if c_start > pos:
                    out.append((pos, c_start))
                pos = max(pos, c_end)
            if pos < end:
                out.append((pos, end))
        return out

    def scopes(self, item: Item) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        """(primary, fallback) spans for an item: its matched sections, then everything evaluative.

        Items of the problems, rectification, self-check and info parts look only in sections of their own area;
        key-work items look in their own matches first, then in the key-work part.
        """
        primary: list[tuple[int, int]] = []
        for section_id in self._item_sections.get(item.id, ()):
            section = self.sections[section_id]
            primary.extend(section.own_spans())
            primary.extend((c.start, c.end) for c in section.children if c.kind == "enum")
        role = self.rubric.role_of(item.area)
        if role != "scored":
            own_area = [span for sid, m in self.matches.items() if m.area == item.area
                        for span in self.sections[sid].own_spans()]
            if role == "key_work":
                return self._minus_chrome(primary or own_area), self._minus_chrome(own_area)
            return self._minus_chrome(own_area), []
        return self._minus_chrome(primary), self.evaluative

    def sentence(self, pos: int) -> tuple[int, int]:
        """Span of the sentence around ``pos`` (between 。；!? or line breaks)."""
        start = pos
        while start > 0 and not _SENTENCE_END.match(self.folded[start - 1]):
            start -= 1
        m = _SENTENCE_END.search(self.folded, pos)
        end = m.end() if m and m.group() != "\n" else (m.start() if m else len(self.text))
        while start < end and self.text[start].isspace():
            start += 1
        return start, end

    def heading_path(self, section_id: str) -> str:
        """Headings from the top part down to ``section_id``, joined (for context terms)."""
        parts = []
        ident = section_id
        while ident:
            section = self.sections.get(ident)
            if section is not None:
                parts.append(section.heading)
            ident = ident.rpartition(".")[0]
        return " ".join(reversed(parts))

    def figures_for(self, indicator: Indicator, spans: list[tuple[int, int]], *, change: bool | None = None,
                    ) -> list[Figure]:
        """Figures of ``indicator`` inside ``spans`` (levels, changes or both), in text order."""
        merged = merge(spans)
        places: list[int] = []  # indexes into self.figures, which is in text order
        for unit in dict.fromkeys(indicator.units):
            starts, indexes = self._unit_starts.get(unit, ((), ()))
            for start, end in merged:
                places.extend(indexes[bisect.bisect_left(starts, start):bisect.bisect_right(starts, end)])
        out = []
        for place in sorted(places):
            figure = self.figures[place]
            q = figure.quantity
            if change is not None and (q.change is not None) != change:
                continue
            if not label_matches(indicator, q.label):
                continue
            if indicator.context and not self._in_context(indicator, figure):
                continue
            out.append(figure)
        return out

    def damaged_like(self, indicator: Indicator, spans: list[tuple[int, int]]) -> list[Figure]:
        """Damaged figures in ``spans`` that may belong to ``indicator`` although their label no longer matches.

        A glued list (``小学、初中公用经费每生每年分别达到700900元``) carries a label that names two
        indicators at once; such figures must make the requirement ``review``, not ``not_found``.
        """
        names = set().union(*(_bigrams(term) for term in (*indicator.terms, *indicator.context)))

        def likeness(label: str) -> int:
            return len(names & _bigrams(label)) + 2 * any(fold(t) in fold(label) for t in indicator.terms)

        out = [f for f in self.figures
               if f.damaged and f.quantity.unit in indicator.units and any(s <= f.quantity.start < e for s, e in spans)
               and likeness(f.quantity.label) >= 2]
        return sorted(out, key=lambda f: -likeness(f.quantity.label))

    def _in_context(self, indicator: Indicator, figure: Figure) -> bool:
        start, end = figure.quantity.sentence
        # The label joins in for a table cell, whose row line does not repeat the caption that names it.
        where = fold(self.text[start:end] + " " + figure.quantity.label + " " + self.heading_path(figure.section))
        return any(fold(term) in where for term in indicator.context)


def _bigrams(text: str) -> set[str]:
    chars = re.sub(r"[^\u4e00-\u9fff]", "", fold(text))
    return {chars[i:i + 2] for i in range(len(chars) - 1)}


def label_matches(indicator: Indicator, label: str) -> bool:
    """True when a figure's label names the indicator (a term in it, no excluded word)."""
    return _label_matches(indicator.terms, indicator.exclude, label)


@lru_cache(maxsize=65536)
def _label_matches(terms: tuple[str, ...], exclude: tuple[str, ...], label: str) -> bool:
    folded = fold(label)
    if not any(term in folded for term in _folded(terms)):
        return False
    return not any(word in folded for word in _folded(exclude))


@lru_cache(maxsize=1024)
def _folded(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(fold(word) for word in words)


def convert(value: float, unit: str, target: str) -> float | None:
    """Convert between money units (元/万元/亿元); other units only to themselves."""
    if unit == target:
        return value
    if unit in MONEY and target in MONEY:
        return value * MONEY[unit] / MONEY[target]
    return None
