"""Findings: frozen values of a scored report, kept apart from the evidence they rest on.

``Evidence`` is an observation (a figure or a sentence, with its span in the ORIGINAL text);
``RequirementResult`` and ``ItemResult`` are judgements over it. Reason codes come from one table
with Chinese labels, so every non-met status can be explained to an inspector.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

# Requirement results.
PASS, FAIL, NOT_FOUND, REVIEW, ERROR = "pass", "fail", "not_found", "review", "error"
# Item statuses.
MET, PARTIAL, MISSING = "met", "partial", "missing"
STATUSES = (MET, PARTIAL, MISSING, REVIEW, ERROR)
STATUS_ZH = {MET: "达标", PARTIAL: "部分达标", MISSING: "缺少证据", REVIEW: "需人工核实", ERROR: "分析出错"}
RESULT_ZH = {PASS: "通过", FAIL: "未通过", NOT_FOUND: "未找到", REVIEW: "需核实", ERROR: "出错"}

REASONS: dict[str, str] = {
    "not_found": "报告中未找到相应表述或数据",
    "figure_not_found": "未找到该指标的数据",
    "change_not_found": "有该指标数据，但未说明与上年相比的变化",
    "below_threshold": "数据未达到规定标准",
    "wrong_direction": "变化方向不符合要求（如出现下降）",
    "change_too_small": "变化幅度未达到规定要求",
    "inconsistent_arithmetic": "金额、增加额与增长率之间计算不一致",
    "incomplete_arithmetic": "金额、增加额、增长率不全，无法核算",
    "damaged_figure": "相关数字疑似复制时丢失标点，不能作为有效证据",
    "conflicting_figures": "同一指标出现相互矛盾的数据",
    "event_reported": "报告称发生了相关事件或数量不为零",
    "partial_mention": "只提到了部分要求的内容",
    "found_outside_area": "证据出现在其他领域的段落中",
    "no_section_matched": "没有段落与该要点对应",
    "analysis_error": "分析过程出错（不是缺少证据）",
}


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
        result: What the check made of it (pass, fail, review...).
        damaged: True when the span overlaps a damaged figure.
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
    result: str
    damaged: bool = False

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict in a fixed key order."""
        return {"requirement": self.requirement, "section": self.section, "label": self.label, "value": self.value,
                "unit": self.unit, "change": self.change, "text": self.text, "start": self.start, "end": self.end,
                "result": self.result, "damaged": self.damaged}


@dataclass(frozen=True)
class RequirementResult:
    """The verdict on one requirement.

    Attributes:
        id: Requirement id.
        kind: Its check kind.
        result: pass, fail, not_found, review or error.
        reasons: Reason codes (keys of ``REASONS``).
        evidence: What was found.
        detail: A short explanation, e.g. the recomputed growth rate.
        ask: 待补材料 text when missing or failed, else empty.
        credit: Share of the requirement's weight earned, 0..1 (1 on pass, a fraction on a partial mention).
    """

    id: str
    kind: str
    result: str
    reasons: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    detail: str = ""
    ask: str = ""
    credit: float = 0.0


@dataclass(frozen=True)
class ItemResult:
    """The verdict on one 评价要点."""

    id: str
    area: str
    title: str
    status: str
    score: float
    max_score: float
    reasons: tuple[str, ...]
    sections: tuple[str, ...]
    requirements: tuple[RequirementResult, ...]
    provenance: str = "reconstructed"

    @property
    def evidence(self) -> tuple[Evidence, ...]:
        """All evidence of the item's requirements."""
        return tuple(ev for req in self.requirements for ev in req.evidence)

    @property
    def missing(self) -> list[dict[str, str]]:
        """待补材料: requests for every requirement not found or failed."""
        return [{"requirement": r.id, "ask": r.ask} for r in self.requirements if r.ask]


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
    """A report-level warning shown at the top of every output."""

    code: str
    message: str
    start: int | None = None
    end: int | None = None


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


@dataclass(frozen=True)
class ReportResult:
    """A scored report."""

    source: dict[str, Any]
    scheme: dict[str, Any]
    report: dict[str, Any]
    items: tuple[ItemResult, ...]
    matches: tuple[SectionMatch, ...]
    sections: tuple[dict[str, Any], ...]
    areas: tuple[dict[str, Any], ...]
    total: float
    max_total: float
    grade: str
    downgrades: tuple[dict[str, Any], ...] = ()
    warnings: tuple[ReportWarning, ...] = ()
    figures: tuple[FigureRow, ...] = ()
    text: str = field(default="", repr=False)
    extra: dict[str, Any] = field(default_factory=dict)

    def count(self, status: str) -> int:
        """Number of items with this status."""
        return sum(1 for item in self.items if item.status == status)

    @property
    def counts(self) -> dict[str, int]:
        """Items per status, in the fixed status order."""
        return {status: self.count(status) for status in STATUSES}
