"""What a scored report is and says about itself: source, scheme, metadata, sections, warnings, figures.

These are descriptions of the report, kept apart from the judgements over it (``scorer.result``, which
re-exports them under their historic names).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from scorer.codes import WarningKind
from scorer.document import Cited
from scorer.self_score import SelfScore


@dataclass(frozen=True)
class SectionMatch:
    """A section's area and the items it evidences.

    Attributes:
        section: Section id.
        area: Primary area id, or ``None`` for non-evaluative text.
        confidence: 0..1 confidence in the area.
        reason: Why (terms and headings that matched).
        items: (item id, confidence, matched terms) for each item the section evidences.
    """

    section: str
    area: str | None
    confidence: float
    reason: str
    items: tuple[tuple[str, float, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class ReportWarning:
    """A report-level warning shown at the top of every output.

    Attributes:
        kind: What it is about.
        message_zh: The message for inspectors.
        message_en: The same in English.
        start: Offset of the text it is about, if any.
        end: Offset just past it.
        detail: For ``damaged`` warnings the damage code (``glued_list``...), else empty.
    """

    kind: WarningKind
    message_zh: str
    message_en: str = ""
    start: int | None = None
    end: int | None = None
    detail: str = ""

    @property
    def code(self) -> str:
        """The warning's code in the JSON result: the kind, with the damage code after ``damaged:``."""
        return f"{self.kind.value}:{self.detail}" if self.detail else self.kind.value

    @property
    def message(self) -> str:
        """Both messages, ``中文 / English``."""
        return f"{self.message_zh} / {self.message_en}" if self.message_en else self.message_zh

    @property
    def is_damage(self) -> bool:
        """True for text damaged in copy-paste."""
        return self.kind.is_damage


@dataclass(frozen=True)
class Source:
    """Where the report came from.

    Attributes:
        path: The file as given.
        format: ``txt``, ``docx``, ``pdf``, ``html``...
        encoding: The text encoding (``None`` for binary formats).
        sha256: SHA-256 of the file's bytes.
        chars: Length of the decoded text.
    """

    path: str
    format: str
    encoding: str | None
    sha256: str
    chars: int


@dataclass(frozen=True)
class SchemeRef:
    """The scheme and rubric a report was scored against."""

    id: str
    title: str
    doc_no: str
    rubric: str


@dataclass(frozen=True)
class ReportMeta:
    """What the report says about itself.

    Attributes:
        county: The county, or empty when not recognised.
        title: The report's title.
        cited_scheme: The scheme number the report cites, or ``None``.
        period: The period reported on.
        date: The report's date (ISO), or ``None``.
        date_text: The date as written.
        self_score: The county's own score and grade, when the report states them.
    """

    county: str
    title: str
    cited_scheme: Cited | None
    period: str
    date: str | None
    date_text: str
    self_score: SelfScore | None = None  # 自评得分/等次 the report states (scorer.self_score)


@dataclass(frozen=True, slots=True)
class SectionRow:
    """A section of the report as scored: its place in the heading tree, its area and items.

    Attributes:
        id: Section id (``2.3.1``).
        path: Heading path from the top (``一、… > （一）…``).
        kind: ``part``, ``paragraph``, ``enum``, ``front``, ``back`` or ``chrome``.
        level: Depth in the tree.
        heading: The heading text (without its marker).
        start: Offset of the section.
        end: Offset just past it (its children included).
        area: The area it was matched to, or ``None``.
        confidence: 0..1 confidence in the area.
        reason: Why (terms and headings that matched).
        items: Ids of the items it evidences.
    """

    id: str
    path: str
    kind: str
    level: int
    heading: str
    start: int
    end: int
    area: str | None
    confidence: float
    reason: str
    items: tuple[str, ...]


class FigureRow(NamedTuple):
    """One figure found in the report, for the JSON result and audits (a tuple: a report has hundreds).

    Attributes are the extracted figure (``scorer.figure.Quantity``) with where it stands: the section, that
    section's area, whether the text around it is damaged, and the indicators whose label it names.
    """

    label: str
    value: float
    unit: str
    kind: str
    change: str | None
    baseline: str | None
    approx: bool
    text: str
    start: int
    end: int
    section: str
    area: str | None
    damaged: bool
    indicators: tuple[str, ...]
    low: float | None = None  # a range's lower end (Quantity.low); written to JSON only when set
    bound: str | None = None  # >=, >, <, <= (Quantity.bound); written only when set
    per: str | None = None  # 生·年 in 元/生·年 (Quantity.per); written only when set
    derived: str | None = None  # 由表中2020年、2021年两列计算 (Quantity.derived); written only when set
