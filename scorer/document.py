"""Typed values of a read report: its sections, chrome, damaged spans and metadata.

Every offset indexes the ORIGINAL decoded text (``Document.text``); slicing it with a span gives
back exactly the text the span names.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from itertools import pairwise
from typing import Any

from scorer.readers.base import Dropped


@dataclass(frozen=True)
class Section:
    """A node of the heading tree.

    Attributes:
        id: Dotted position in the tree (``1.2.3``), ``front``, ``back`` or ``chrome-N``.
        kind: ``part`` (level 1), ``heading``, ``enum`` (一是/二是 inside a paragraph), ``paragraph``
            (a report with no headings), ``front`` (letter head, preamble), ``back`` (closing,
            signature, date) or ``chrome`` (page navigation/footer).
        level: 0 for front/back/chrome, 1 一、, 2 (一), 3 1., 4 (1), 5 ①, 6 一是.
        marker: The numbering as written (``一、``, ``(一)``, ``1.``) or empty.
        number: The marker's number, or ``None``.
        heading: The heading text without marker and final 。 (may be empty).
        start: Offset of the section's first character.
        end: Offset just past the last character of the section and its children.
        heading_start: Offset of the heading text (after the marker).
        heading_end: Offset just past the heading text.
        run_in: True when body text follows the heading in the same paragraph.
        children: Child sections in order; they tile ``[body_start, end)`` with the parent's own text.
    """

    id: str
    kind: str
    level: int
    marker: str
    number: int | None
    heading: str
    start: int
    end: int
    heading_start: int
    heading_end: int
    run_in: bool = False
    children: tuple[Section, ...] = ()

    def walk(self) -> Iterator[Section]:
        """Yield this section and all descendants in document order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def own_spans(self) -> list[tuple[int, int]]:
        """Spans of text that belong to this section and to none of its children."""
        spans, pos = [], self.start
        for child in self.children:
            if child.start > pos:
                spans.append((pos, child.start))
            pos = child.end
        if self.end > pos:
            spans.append((pos, self.end))
        return spans

    @property
    def label(self) -> str:
        """Marker plus heading, as an inspector would quote it."""
        return f"{self.marker}{self.heading}".strip()


@dataclass(frozen=True)
class Damage:
    """A span damaged in copy-paste (lost punctuation), with a suggested reading.

    Attributes:
        code: ``glued_list``, ``glued_count_percent``, ``glued_range``, ``glued_year_range``,
            ``date_marks_lost``, ``doc_no_brackets_lost``, ``unit_lost``.
        start: Offset of the damaged text.
        end: Offset just past it.
        text: The damaged text as written.
        suggestion: What it probably said (one or more readings separated by ``或``).
    """

    code: str
    start: int
    end: int
    text: str
    suggestion: str

    @property
    def message_zh(self) -> str:
        """The warning for inspectors."""
        return f"疑似复制时丢失标点：“{self.text}”可能应为“{self.suggestion}”，该数字不作为有效证据。"

    @property
    def message_en(self) -> str:
        """The warning in English."""
        return (f"Punctuation probably lost in copy-paste: '{self.text}' may read '{self.suggestion}'; "
                "not used as clean evidence.")

    @property
    def message(self) -> str:
        """A bilingual warning for inspectors."""
        return f"{self.message_zh} / {self.message_en}"


@dataclass(frozen=True)
class Chrome:
    """A line of page chrome (navigation, breadcrumb, footer) left out of the analysis.

    Attributes:
        rule: The rule that matched, from ``scorer/data/chrome.yaml``.
        start: Offset of the line.
        end: Offset just past it.
        text: The line.
    """

    rule: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Cited:
    """A document number found in the text, normalised.

    Attributes:
        raw: As written (``渝府教督20225号``).
        normalised: With brackets restored (``渝府教督〔2022〕5号``).
        prefix: The issuing prefix without 发 (``渝府教督``).
        year: The year in the number.
        number: The serial number.
        start: Offset of ``raw``.
        end: Offset just past it.
        title: The 《title》 cited next to it, if any.
        scheme_id: Id of a known Chongqing scheme it names (``cq-2022``), or ``None``.
    """

    raw: str
    normalised: str
    prefix: str
    year: int
    number: int
    start: int
    end: int
    title: str = ""
    scheme_id: str | None = None


@dataclass(frozen=True)
class Metadata:
    """What the report says about itself.

    Attributes:
        title: The report's title line (``关于报送履行教育职责自评情况的函``).
        addressee: Who it is sent to (``市政府教育督导室``).
        county: District/county name (``云阳县``), or empty when not found.
        cited_scheme: The scheme cited in the opening, or ``None``.
        period: Years the report covers, as found (``2021年以来``, ``2021、2022``).
        doc_no: The report's own document number, normalised.
        date: ISO date when unambiguous.
        date_text: The date as written.
        date_candidates: Possible readings of a damaged date.
    """

    title: str = ""
    addressee: str = ""
    county: str = ""
    cited_scheme: Cited | None = None
    period: str = ""
    doc_no: Cited | None = None
    date: str | None = None
    date_text: str = ""
    date_candidates: tuple[str, ...] = ()


@dataclass(frozen=True)
class Document:
    """A report read into its tree.

    Attributes:
        path: Source path or ``<text>``.
        text: The original decoded text.
        format: Source format.
        encoding: Byte encoding, when the format has one.
        sha256: Hash of the source bytes (or of the UTF-8 text when given text).
        sections: Top-level sections (front, parts, back, chrome) tiling the text.
        chrome: Chrome lines left out of the analysis.
        dropped: What the reader left out before the text (PDF headers, HTML navigation).
        damage: Damaged spans in document order.
        meta: Metadata.
        notes: Reader notes.
    """

    path: str
    text: str
    format: str
    encoding: str | None
    sha256: str
    sections: tuple[Section, ...]
    chrome: tuple[Chrome, ...] = ()
    dropped: tuple[Dropped, ...] = ()
    damage: tuple[Damage, ...] = ()
    meta: Metadata = field(default_factory=Metadata)
    notes: tuple[str, ...] = ()

    def walk(self) -> Iterator[Section]:
        """Yield every section in document order."""
        for section in self.sections:
            yield from section.walk()

    def parts(self) -> list[Section]:
        """Top-level parts (一、二、…), without front, back and chrome."""
        return [s for s in self.sections if s.kind in {"part", "paragraph"}]

    def damage_in(self, start: int, end: int) -> list[Damage]:
        """Damaged spans that overlap ``[start, end)``."""
        ends = self._damage_ends
        if ends is None:
            return [d for d in self.damage if d.start < end and start < d.end]
        # Sorted, non-overlapping spans (as find_damage gives them): the overlapping ones are one run found by
        # bisection, not by a scan of every span per figure (quadratic on text full of damaged figures).
        out = []
        for i in range(bisect_right(ends, start), len(ends)):
            if self.damage[i].start >= end:
                break
            out.append(self.damage[i])
        return out

    @cached_property
    def _damage_ends(self) -> list[int] | None:
        """Ends of the damaged spans when they are sorted and do not overlap, else ``None``."""
        spans = self.damage
        if any(a.end > b.start for a, b in pairwise(spans)):
            return None
        return [d.end for d in spans]

    def is_damaged(self, start: int, end: int) -> bool:
        """True when ``[start, end)`` overlaps a damaged span."""
        return bool(self.damage_in(start, end))

    def summary(self) -> dict[str, Any]:
        """Counts for quick display."""
        return {"parts": len(self.parts()), "sections": sum(1 for _ in self.walk()),
                "chrome_lines": len(self.chrome), "damaged": len(self.damage)}
