"""Findings: frozen values of a scored report, kept apart from the evidence they rest on.

``Evidence`` is an observation (a figure or a sentence, with its span in the ORIGINAL text);
``RequirementResult`` and ``ItemResult`` are judgements over it. Statuses, outcomes, reasons and warning
kinds are the string enums of ``scorer.codes``, which also hold their Chinese and English labels. The
JSON form (``scorer.result_json``) is a serialisation of these values and is read back into them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from scheme.registry import SchemeChoice
from scorer.codes import Reason, RequirementOutcome, Status
from scorer.report_parts import (  # re-exported: imported from scorer.result throughout
    FigureRow,
    ReportMeta,
    ReportWarning,
    SchemeRef,
    SectionMatch,
    SectionRow,
    Source,
)

# Requirement outcomes and item statuses under their historic names (members of the enums, equal to the codes).
PASS, FAIL, NOT_FOUND = RequirementOutcome.PASS, RequirementOutcome.FAIL, RequirementOutcome.NOT_FOUND
REVIEW, ERROR = RequirementOutcome.REVIEW, RequirementOutcome.ERROR
MET, PARTIAL, MISSING = Status.MET, Status.PARTIAL, Status.MISSING
STATUSES = tuple(Status)
# Label tables derived from the enums, for code that looks labels up by plain code.


def _reasons(codes: tuple[str, ...]) -> tuple[Reason, ...]:
    return codes if all(type(code) is Reason for code in codes) else tuple(Reason(code) for code in codes)


@dataclass(frozen=True)
class Evidence:
    """An observation in the report.

    Attributes:
        requirement: The requirement it was gathered for.
        section: Id of the section it lies in.
        label: The indicator label or the matched term.
        value: The figure, or ``None`` for a sentence or a term.
        unit: The figure's unit, or empty.
        change: ``increase``/``decrease`` for year-over-year figures, else ``None``.
        text: The exact original text of the span.
        start: Offset in the original text.
        end: Offset just past it.
        result: What the check made of it (a ``RequirementOutcome``; a plain code is converted).
        damaged: True when the span overlaps a damaged figure.
        derived: How the figure was computed when the report does not state it (``Quantity.derived``: 由表中
            2020年、2021年两列计算); its span is then the cell it was computed up to. ``None`` as stated.
    """

    requirement: str
    section: str
    label: str
    value: float | None
    unit: str
    change: str | None
    text: str
    start: int
    end: int
    result: RequirementOutcome
    damaged: bool = False
    derived: str | None = None

    def __post_init__(self) -> None:
        """Turn a plain outcome code into its enum member (an unknown code raises ``ValueError``)."""
        if type(self.result) is not RequirementOutcome:
            object.__setattr__(self, "result", RequirementOutcome(self.result))

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict in a fixed key order (``derived`` only for a derived figure)."""
        data = {"requirement": self.requirement, "section": self.section, "label": self.label, "value": self.value,
                "unit": self.unit, "change": self.change, "text": self.text, "start": self.start, "end": self.end,
                "result": self.result, "damaged": self.damaged}
        if self.derived is not None:
            data["derived"] = self.derived
        return data


@dataclass(frozen=True)
class RequirementResult:
    """The verdict on one requirement.

    Attributes:
        id: Requirement id.
        kind: Its check kind.
        result: The outcome (a plain code is converted to ``RequirementOutcome``).
        reasons: Reasons (plain codes are converted to ``Reason``).
        evidence: What was found.
        detail: A short explanation, e.g. the recomputed growth rate.
        ask: 待补材料 text when missing or failed, else empty.
        credit: Share of the requirement's weight earned, 0..1 (1 on pass, a fraction on a partial mention).
        described: The report talks about it (a heading, a slogan or a sentence).
        evidenced: Concrete support was found (``scorer.substance``); only evidenced requirements pass.
        explain: One line for the inspector: indicator, value, requirement, quoted sentence and place.
    """

    id: str
    kind: str
    result: RequirementOutcome
    reasons: tuple[Reason, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    detail: str = ""
    ask: str = ""
    credit: float = 0.0
    described: bool = False
    evidenced: bool = False
    explain: str = ""

    def __post_init__(self) -> None:
        """Turn plain codes into enum members (an unknown code raises ``ValueError``)."""
        if type(self.result) is not RequirementOutcome:
            object.__setattr__(self, "result", RequirementOutcome(self.result))
        if self.reasons:
            object.__setattr__(self, "reasons", _reasons(tuple(self.reasons)))


class Ask(NamedTuple):
    """A 待补材料 request: the requirement and what to ask the county for."""

    requirement: str
    ask: str

    def to_dict(self) -> dict[str, str]:
        """JSON-ready data."""
        return {"requirement": self.requirement, "ask": self.ask}


@dataclass(frozen=True)
class ItemResult:
    """The verdict on one 评价要点."""

    id: str
    area: str
    title: str
    status: Status
    score: float
    max_score: float
    reasons: tuple[Reason, ...]
    sections: tuple[str, ...]
    requirements: tuple[RequirementResult, ...]
    provenance: str = "reconstructed"
    bonus: bool = False  # a 加分项: outside its area's subtotal; counted into ``ReportResult.bonus`` up to the cap

    def __post_init__(self) -> None:
        """Turn plain codes into enum members (an unknown code raises ``ValueError``)."""
        if type(self.status) is not Status:
            object.__setattr__(self, "status", Status(self.status))
        if self.reasons:
            object.__setattr__(self, "reasons", _reasons(tuple(self.reasons)))

    @property
    def evidence(self) -> tuple[Evidence, ...]:
        """All evidence of the item's requirements."""
        return tuple(ev for req in self.requirements for ev in req.evidence)

    @property
    def described(self) -> bool:
        """The report talks about the item (see ``scorer.substance``)."""
        return any(r.described for r in self.requirements)

    @property
    def evidenced(self) -> bool:
        """Concrete support was found for at least one requirement; a met item has it for all."""
        return any(r.evidenced for r in self.requirements)

    @property
    def missing(self) -> tuple[Ask, ...]:
        """待补材料: requests for every requirement not found or failed (none for an unscored or unclaimed item)."""
        if self.status in {Status.INFO, Status.NO_BONUS}:
            return ()
        return tuple(Ask(r.id, r.ask) for r in self.requirements if r.ask)

    @property
    def suggestions(self) -> tuple[Ask, ...]:
        """建议补充: the asks of an unscored (0-point) item, kept only where the rubric says ``suggest``."""
        if self.status != Status.INFO:
            return ()
        return tuple(Ask(r.id, r.ask) for r in self.requirements if r.ask)


@dataclass(frozen=True)
class AreaScore:
    """An area's automatic subtotal."""

    id: str
    title: str
    max_score: float
    score: float


@dataclass(frozen=True)
class Downgrade:
    """A 降等 condition that fired: its id, title, effect and the requirement that fired it.

    A trend condition (``scorer.trend``) has no requirement; its ``detail`` names the indicator and the yearly
    figures that fell.
    """

    id: str
    title: str
    effect: str
    requirement: str
    detail: str = ""


@dataclass(frozen=True)
class ReportResult:
    """A scored report.

    Attributes:
        source: The file read.
        scheme: The scheme and rubric scored against.
        report: What the report says about itself.
        items: One verdict per rubric item, in rubric order.
        matches: Each section's area and items, with confidences and terms.
        sections: The sections in document order.
        areas: Automatic subtotals per area, in rubric order.
        total: Automatic total (with the bonus points).
        max_total: The rubric's total points (without the bonus cap).
        grade: Automatic grade (after the fired downgrades).
        downgrades: The 降等 conditions that fired.
        warnings: Report-level warnings.
        figures: Every figure found.
        text: The original text (empty when read back from JSON).
        extra: Additions by callers, not serialised.
        bonus: Bonus points (加分) in the total: the bonus items' scores, at most ``max_bonus``.
        max_bonus: The rubric's bonus cap (0 without bonus items).
    """

    source: Source
    scheme: SchemeRef
    report: ReportMeta
    items: tuple[ItemResult, ...]
    matches: tuple[SectionMatch, ...]
    sections: tuple[SectionRow, ...]
    areas: tuple[AreaScore, ...]
    total: float
    max_total: float
    grade: str
    downgrades: tuple[Downgrade, ...] = ()
    warnings: tuple[ReportWarning, ...] = ()
    figures: tuple[FigureRow, ...] = ()
    text: str = field(default="", repr=False)
    extra: dict[str, Any] = field(default_factory=dict)
    scheme_choice: SchemeChoice | None = None
    bonus: float = 0.0
    max_bonus: float = 0.0

    def count(self, status: str) -> int:
        """Number of items with this status."""
        return sum(1 for item in self.items if item.status == status)

    @property
    def counts(self) -> dict[Status, int]:
        """Items per status, in the fixed status order (未申报加分 only under a rubric with bonus items)."""
        return {status: self.count(status) for status in self.statuses}

    @property
    def statuses(self) -> tuple[Status, ...]:
        """The statuses an item may have under this result's rubric: 未申报加分 only where there are bonus items."""
        return STATUSES if self.max_bonus else tuple(s for s in STATUSES if s != Status.NO_BONUS)

    @property
    def damage(self) -> tuple[ReportWarning, ...]:
        """The warnings about text damaged in copy-paste."""
        return tuple(w for w in self.warnings if w.kind.is_damage)

    @property
    def notices(self) -> tuple[ReportWarning, ...]:
        """The other warnings (scheme, county, headings), shown one by one at the top of every output."""
        return tuple(w for w in self.warnings if not w.kind.is_damage)

    @property
    def section_paths(self) -> dict[str, str]:
        """Heading path by section id."""
        return {s.id: s.path for s in self.sections}
