"""Frozen values a validated rubric is built into.

The loader checks the YAML against ``rubric.schema.json`` and a semantic pass first, so these
constructors trust their input. Nothing here is mutable: the scorer may share one rubric across
threads and processes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

# What an area's part of a report is (rubric key ``role``); see scorer/data/roles.yaml for their cue words.
ROLES = ("scored", "key_work", "problems", "rectification", "self_check", "info")


@dataclass(frozen=True)
class Provenance:
    """Where a rubric entry comes from.

    Attributes:
        status: ``stated`` (a public source says it) or ``reconstructed`` (our reading).
        basis: Tags from scheme-notes: S, Y, N, R, U.
        sources: URLs or document names.
        note: The reasoning, required when reconstructed.
    """

    status: str
    basis: tuple[str, ...]
    sources: tuple[str, ...] = ()
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict in a fixed key order."""
        return {"status": self.status, "basis": list(self.basis), "sources": list(self.sources),
                "note": self.note}


@dataclass(frozen=True)
class Indicator:
    """A named figure (指标) that requirements refer to.

    Attributes:
        id: Stable ascii id, e.g. ``edu_budget_total``.
        label: Chinese label shown to inspectors.
        terms: Any of these in a figure's label identifies the indicator.
        context: When set, one of these must appear in the sentence or its heading too.
        exclude: A label containing any of these is not this indicator.
        units: Units a figure of this indicator may carry.
        direction: ``up`` when a higher figure is better (the default), ``down`` when a lower one is (近视率).
    """

    id: str
    label: str
    terms: tuple[str, ...]
    units: tuple[str, ...]
    context: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    direction: str = "up"

    def worse(self, before: float, after: float) -> bool:
        """True when going from ``before`` to ``after`` is a change for the worse (a fall, or a rise for ``down``)."""
        return after > before if self.direction == "down" else after < before


@dataclass(frozen=True)
class Requirement:
    """One evidence requirement of an item, checked by one kind.

    Attributes:
        id: ``B2.1``-style id.
        item_id: The item it belongs to.
        kind: One of ``scheme.kinds.KINDS``.
        title: What is required, in Chinese.
        ask: 待补材料 wording sent to the county when it is missing or failed.
        weight: Share of the item's points relative to its siblings.
        params: The kind's typed, frozen parameters.
        rule: The public rule a threshold comes from.
        provenance: Provenance of the requirement itself, when it differs from its item's.
        substance: Concrete support it needs (figure, document, action, any, statement), or "" for the
            kind's default (``scorer.substance``).
    """

    id: str
    item_id: str
    kind: str
    title: str
    ask: str
    weight: float
    params: Any
    rule: str = ""
    provenance: Provenance | None = None
    substance: str = ""


@dataclass(frozen=True)
class Deduct:
    """每少 ``per`` 次扣 ``points`` 分，扣到 ``floor`` 为止: step deductions on a count requirement's shortfall.

    Attributes:
        requirement: The count requirement of the item whose shortfall is deducted for.
        per: Events short per step.
        points: Points deducted per step.
        floor: The lowest score the deductions leave (of the requirement's share of the item's points).
    """

    requirement: str
    per: float
    points: float
    floor: float = 0.0


@dataclass(frozen=True)
class Item:
    """A 评价要点 under an area.

    Attributes:
        id: ``B2``-style id.
        area: Parent area id.
        title: Chinese title.
        description: What the inspector looks for.
        points: Maximum score.
        provenance: Where the item comes from.
        keywords: Terms that tie report text to this item.
        aliases: Other headings counties use for it.
        method: How an inspector verifies it on site (examine, interview, test) or empty.
        requirements: Its evidence requirements, in rubric order.
        suggest: For a 0-point item: show its asks under 建议补充 (never as 待补材料).
        bonus: A 加分项: its points are outside its area's and the rubric's total (capped by ``Rubric.bonus_cap``).
        deduct: Step deductions on a count requirement's shortfall (rubric ``scoring.deduct``), or ``None``.
    """

    id: str
    area: str
    title: str
    description: str
    points: float
    provenance: Provenance
    keywords: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    method: str = ""
    requirements: tuple[Requirement, ...] = ()
    suggest: bool = False
    bonus: bool = False
    deduct: Deduct | None = None


@dataclass(frozen=True)
class Area:
    """An area: a 评价重点, or another part of a report (key work, problems, rectification, self-check).

    Attributes:
        id: One capital letter; item ids start with it.
        title: Chinese title.
        points: Maximum score of the area; its items add up to it.
        provenance: Where the area comes from.
        description: Optional longer text.
        aliases: Headings counties use for the area.
        keywords: Body words that point to the area.
        items: Its 评价要点.
        role: One of ``ROLES``: how its part of a report is recognised, matched and scored.
        cues: Words marking a top-level part of this area, beyond its role's generic cue words.
    """

    id: str
    title: str
    points: float
    provenance: Provenance
    description: str = ""
    aliases: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    items: tuple[Item, ...] = ()
    role: str = "scored"
    cues: tuple[str, ...] = ()


def grade_with_effects(bands: Sequence[tuple[str, float]], total: float, effects: Sequence[str] = ()) -> str:
    """The band ``total`` falls in (bands best first), moved by each fired 降等 effect in order.

    Effects: ``lower_one_grade`` (one band down), ``not_top_grade`` (at best the second band),
    ``lowest_grade`` (the last band). Shared by the scorer and by review read-back, so a reviewed total
    is graded exactly as the automatic one was.
    """
    last = len(bands) - 1
    index = next((n for n, (_grade, minimum) in enumerate(bands) if total >= minimum), last)
    for effect in effects:
        if effect == "lower_one_grade":
            index = min(index + 1, last)
        elif effect == "not_top_grade":
            index = max(index, 1) if last > 0 else index
        elif effect == "lowest_grade":
            index = last
    return bands[index][0]


@dataclass(frozen=True)
class Band:
    """A grade band: a total at or above ``min`` gets ``grade``."""

    grade: str
    min: float


@dataclass(frozen=True)
class Downgrade:
    """A 降等 condition: a requirement result, or an indicator falling years running, lowers or caps the grade.

    Attributes:
        id: Ascii id.
        title: Chinese description of the condition.
        effect: ``lower_one_grade``, ``not_top_grade`` or ``lowest_grade``.
        requirement: The requirement whose result triggers it ("" for a trend condition).
        result: ``fail`` or ``not_found`` ("" for a trend condition).
        provenance: Where the condition is borrowed from.
        indicator: For a trend condition: the indicator whose yearly figures are followed.
        declines: For a trend condition: consecutive year-on-year declines that fire it (``scorer.trend``).
    """

    id: str
    title: str
    effect: str
    requirement: str
    result: str
    provenance: Provenance | None = None
    indicator: str = ""
    declines: int = 0


@dataclass(frozen=True)
class Grading:
    """Grade bands (best first) and 降等 conditions."""

    bands: tuple[Band, ...]
    provenance: Provenance
    downgrades: tuple[Downgrade, ...] = ()
    self_score_tolerance: float | None = None  # 自评偏高 beyond this many points (scorer.self_score)

    def grade_for(self, total: float, effects: Sequence[str] = ()) -> str:
        """Return the band a total falls in (the last band when below every minimum), after 降等 effects."""
        return grade_with_effects([(band.grade, band.min) for band in self.bands], total, effects)


@dataclass(frozen=True)
class SchemeMeta:
    """What the rubric says about the scheme it mirrors."""

    id: str
    title: str
    doc_no: str
    issuer: str
    period: str
    provenance: Provenance
    doc_no_variants: tuple[str, ...] = ()
    notice_title: str = ""
    year: int | None = None
    version: str = "1"


@dataclass(frozen=True)
class Rubric:
    """A validated rubric.

    Attributes:
        path: File it was loaded from (or ``<string>``).
        schema_version: Version of the rubric schema.
        scheme: Scheme metadata.
        total_points: Sum of area points.
        grading: Bands and 降等 conditions.
        indicators: Named figures by id.
        areas: Areas in rubric order.
        sha256: Hash of the file's bytes; with ``scheme.id`` and ``scheme.version`` the rubric's identity.
        bonus_cap: The most the bonus items (加分项) may add to the total; 0 without bonus items.
    """

    path: str
    schema_version: int
    scheme: SchemeMeta
    total_points: float
    grading: Grading
    indicators: tuple[Indicator, ...]
    areas: tuple[Area, ...]
    sha256: str = ""
    bonus_cap: float = 0.0
    _index: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Index areas, items, requirements and indicators by id."""
        index: dict[str, Any] = {ind.id: ind for ind in self.indicators}
        for area in self.areas:
            index[area.id] = area
            for item in area.items:
                index[item.id] = item
                for req in item.requirements:
                    index[req.id] = req
        self._index.update(index)

    @cached_property
    def items(self) -> tuple[Item, ...]:
        """All items in rubric order (worked out once: matching asks for them per section)."""
        return tuple(item for area in self.areas for item in area.items)

    @cached_property
    def requirements(self) -> tuple[Requirement, ...]:
        """All requirements in rubric order (worked out once)."""
        return tuple(req for item in self.items for req in item.requirements)

    @cached_property
    def scored_areas(self) -> frozenset[str]:
        """Ids of the areas with role ``scored`` (the 评价重点)."""
        return frozenset(area.id for area in self.areas if area.role == "scored")

    def role_of(self, area_id: str | None) -> str | None:
        """The role of an area id (``None`` for no area or an unknown id)."""
        area = self._index.get(area_id) if area_id else None
        return area.role if isinstance(area, Area) else None

    def area_for_role(self, role: str) -> str | None:
        """Id of the (single) area with a non-scored role, or ``None`` when the rubric has none."""
        return next((area.id for area in self.areas if area.role == role), None)

    @cached_property
    def reconstructed_share(self) -> float:
        """Share of items whose provenance is ``reconstructed`` (0..1)."""
        items = self.items
        return sum(1 for item in items if item.provenance.status == "reconstructed") / len(items) if items else 0.0

    def get(self, key: str) -> Any:
        """Return the area, item, requirement or indicator with this id, or ``None``."""
        return self._index.get(key)
