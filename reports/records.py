"""Flat, per-county score records shared by the workbook, the review read-back and the comparison.

A ``CountyScores`` is what an inspector's decision needs: per item the automatic score, the reviewed
score when an inspector gave one, and the opinion; the grade bands and fired 降等 conditions so a
reviewed total can be graded again. It is built from a ``ReportResult``, from the JSON result, or
from the hidden metadata of a workbook lvzhi wrote (and then completed by ``reports.review``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from scheme.model import Rubric, grade_with_effects
from scheme.registry import SchemeChoice
from scorer.result import FAIL, PASS, ReportMeta, ReportResult
from scorer.result_json import result_from_dict
from scorer.self_score import SelfScore, overrated

ITEM_ID = re.compile(r"^[A-Z][0-9]+(\.[0-9]+)*$")  # any rubric's area letter (scheme/rubric.schema.json)
PROVENANCE_ZH = {"stated": "有公开依据", "reconstructed": "重构"}


@dataclass(frozen=True)
class ItemScore:
    """One rubric item of one county.

    Attributes:
        id: Item id (``B2``).
        area: Area id.
        title: Item title.
        max_score: Points of the item.
        auto: lvzhi's automatic score.
        status: Automatic status (met, partial, missing, review, error).
        provenance: ``stated`` or ``reconstructed``.
        missing: Number of 待补材料 requests for the item.
        reviewed: The inspector's 核定得分, or ``None`` when not given (never 0 for "not filled").
        opinion: The inspector's 督导意见.
        bonus: A 加分项: outside its area's subtotal, counted into the total up to ``CountyScores.bonus_cap``.
    """

    id: str
    area: str
    title: str
    max_score: float
    auto: float
    status: str
    provenance: str = "reconstructed"
    missing: int = 0
    reviewed: float | None = None
    opinion: str = ""
    bonus: bool = False

    @property
    def final(self) -> float:
        """The score that counts: reviewed when given, automatic otherwise."""
        return self.auto if self.reviewed is None else self.reviewed


@dataclass(frozen=True)
class Figure:
    """A key figure of a report, for the year-over-year view.

    Attributes:
        key: Stable key across years: indicator (or requirement) id, unit, and ``Δ`` for a change.
        label: Chinese label shown to the inspector.
        value: The figure; a change is signed (a decrease is negative).
        unit: Its unit.
        change: ``increase``/``decrease`` for a change figure, else ``None``.
        item: Item the figure was gathered for.
        derived: How lvzhi computed it when the report does not state it (``Evidence.derived``), else ``None``.
    """

    key: str
    label: str
    value: float
    unit: str
    change: str | None
    item: str
    derived: str | None = None


@dataclass(frozen=True)
class CountyScores:
    """Everything the review and the comparison need about one scored report."""

    key: str
    county: str
    year: int | None
    scheme_id: str
    scheme_doc_no: str
    source: str
    sha256: str
    title: str
    max_total: float
    auto_total: float
    auto_grade: str
    items: tuple[ItemScore, ...]
    areas: tuple[tuple[str, str, float], ...]
    bands: tuple[tuple[str, float], ...] = ()
    downgrades: tuple[dict[str, str], ...] = ()
    figures: tuple[Figure, ...] = ()
    warnings: tuple[str, ...] = ()
    origin: str = "result"
    extra: dict[str, Any] = field(default_factory=dict, compare=False)
    scheme_choice: str = ""  # how the rubric was chosen (SchemeChoice.label); empty in results written before
    # 区县自评 (scorer.self_score): the total and per-area scores the report states, and the rubric's tolerance
    self_total: float | None = None
    self_areas: tuple[tuple[str, float], ...] = ()
    self_tolerance: float | None = None
    bonus_cap: float = 0.0  # the rubric's 加分 cap (0 without bonus items)

    @property
    def total(self) -> float:
        """Final total: reviewed scores where given, automatic otherwise; bonus items add at most the cap."""
        return round(sum(item.final for item in self.items if not item.bonus) + self.bonus(), 2)

    def bonus(self, *, final: bool = True) -> float:
        """Points the bonus items (加分项) add to the total: their scores, at most ``bonus_cap``."""
        earned = sum(i.final if final else i.auto for i in self.items if i.bonus)
        return round(min(self.bonus_cap, earned), 2) if earned else 0.0

    @property
    def n_reviewed(self) -> int:
        """Number of items with a reviewed score."""
        return sum(1 for item in self.items if item.reviewed is not None)

    @property
    def missing_count(self) -> int:
        """Number of 待补材料 requests (missing or failed evidence)."""
        return sum(item.missing for item in self.items)

    @property
    def grade(self) -> str:
        """Grade of the final total (the automatic grade when nothing was reviewed or bands are unknown)."""
        if self.n_reviewed == 0 or not self.bands:
            return self.auto_grade
        return grade_for(self.total, self.bands, [d.get("effect", "") for d in self.downgrades])

    @property
    def overrated_by(self) -> float | None:
        """自评偏高: how far the county's own total exceeds the final total beyond the tolerance, else ``None``."""
        return overrated(SelfScore(self.self_total), self.total, self.self_tolerance)

    def self_area(self, area: str) -> float | None:
        """The county's own score for an area, when the report states one."""
        return dict(self.self_areas).get(area)

    def area_total(self, area: str, *, final: bool = True) -> float:
        """Sum of the area's item scores (final or automatic)."""
        return round(sum(i.final if final else i.auto for i in self.items if i.area == area and not i.bonus), 2)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data in a fixed key order (stored in the workbook's hidden ``_lvzhi`` sheet)."""
        return {
            "key": self.key, "county": self.county, "year": self.year, "scheme_id": self.scheme_id,
            "scheme_doc_no": self.scheme_doc_no, "source": self.source, "sha256": self.sha256,
            "title": self.title, "max_total": self.max_total, "auto_total": self.auto_total,
            "auto_grade": self.auto_grade, "bands": [list(b) for b in self.bands],
            "downgrades": list(self.downgrades), "warnings": list(self.warnings),
            "areas": [list(a) for a in self.areas],
            "items": [{"id": i.id, "area": i.area, "title": i.title, "max_score": i.max_score, "auto": i.auto,
                       "status": i.status, "provenance": i.provenance, "missing": i.missing,
                       **({"bonus": True} if i.bonus else {})} for i in self.items],
            "figures": [{"key": f.key, "label": f.label, "value": f.value, "unit": f.unit, "change": f.change,
                         "item": f.item, **({"derived": f.derived} if f.derived else {})} for f in self.figures],
            "scheme_choice": self.scheme_choice,
            **({"self_score": {"total": self.self_total, "areas": dict(self.self_areas),
                               "tolerance": self.self_tolerance}}
               if self.self_total is not None or self.self_areas else {}),
            **({"bonus_cap": self.bonus_cap} if self.bonus_cap else {}),  # only under a rubric with 加分项
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, origin: str) -> CountyScores:
        """Rebuild a record written by ``to_dict``."""
        return cls(
            key=data["key"], county=data["county"], year=data["year"], scheme_id=data["scheme_id"],
            scheme_doc_no=data["scheme_doc_no"], source=data["source"], sha256=data["sha256"],
            title=data["title"], max_total=float(data["max_total"]), auto_total=float(data["auto_total"]),
            auto_grade=data["auto_grade"], bands=tuple((str(g), float(m)) for g, m in data["bands"]),
            downgrades=tuple(data["downgrades"]), warnings=tuple(data["warnings"]),
            areas=tuple((str(a), str(t), float(p)) for a, t, p in data["areas"]),
            items=tuple(ItemScore(i["id"], i["area"], i["title"], float(i["max_score"]), float(i["auto"]),
                                  i["status"], i["provenance"], int(i["missing"]), bonus=bool(i.get("bonus", False)))
                   for i in data["items"]),
            figures=tuple(Figure(f["key"], f["label"], float(f["value"]), f["unit"], f["change"], f["item"],
                                 f.get("derived"))  # absent in workbooks written before it existed
                          for f in data["figures"]),
            origin=origin, scheme_choice=str(data.get("scheme_choice", "")), **_self_fields(data.get("self_score")),
            bonus_cap=float(data.get("bonus_cap", 0)))

    def with_review(self, entries: Mapping[str, tuple[float | None, str]], *, origin: str) -> CountyScores:
        """A copy with reviewed scores and opinions by item id."""
        items = tuple(replace(i, reviewed=entries[i.id][0], opinion=entries[i.id][1]) if i.id in entries else i
                      for i in self.items)
        return replace(self, items=items, origin=origin)


def _self_fields(own: Mapping[str, Any] | None) -> dict[str, Any]:
    """The self-score fields of a record from the ``self_score`` a hidden sheet holds (absent before it existed)."""
    if not own:
        return {}
    total, tolerance = own.get("total"), own.get("tolerance")
    return {"self_total": None if total is None else float(total),
            "self_areas": tuple((str(a), float(v)) for a, v in (own.get("areas") or {}).items()),
            "self_tolerance": None if tolerance is None else float(tolerance)}


def grade_for(total: float, bands: tuple[tuple[str, float], ...], effects: list[str]) -> str:
    """Band of ``total`` after the fired 降等 effects: the engine's own rule (``scheme.model``)."""
    return grade_with_effects(bands, total, effects)


def report_year(report: ReportMeta) -> int | None:
    """The evaluation year of a report: the cited scheme's year, else the year of the report's date."""
    if report.cited_scheme is not None and report.cited_scheme.year:
        return int(report.cited_scheme.year)
    match = re.match(r"(\d{4})", report.date or "")
    return int(match.group(1)) if match else None


def report_label(result: ReportResult) -> str:
    """The county name, or the report's file name when no county was recognised."""
    return result.report.county or f"（未识别区县）{Path(result.source.path).stem}"


def _figures(result: ReportResult, rubric: Rubric | None) -> tuple[Figure, ...]:
    seen: dict[str, Figure] = {}
    for item in result.items:
        for ev in item.evidence:
            if ev.value is None or ev.damaged or ev.result not in {PASS, FAIL}:
                continue
            req = rubric.get(ev.requirement) if rubric is not None else None
            indicator_id = getattr(getattr(req, "params", None), "indicator", None)
            indicator = rubric.get(indicator_id) if (rubric is not None and indicator_id) else None
            base = indicator_id or ev.requirement
            key = f"{base}|{ev.unit}|{'Δ' if ev.change else ''}"
            label = indicator.label if indicator is not None else ev.label
            value = float(ev.value)
            if ev.change:
                label += "（比上年变化，负数为减少）"
                value = -value if ev.change == "decrease" else value
            seen.setdefault(key, Figure(key, label, value, ev.unit, ev.change, item.id, ev.derived))
    return tuple(seen.values())


def scores_from_result(result: ReportResult, rubric: Rubric | None = None, *, origin: str = "result") -> CountyScores:
    """Build a record from a scored report; ``rubric`` adds bands and indicator names.

    Bands are only taken from a rubric of the same scheme; otherwise a reviewed total cannot be
    graded again and the automatic grade stands.
    """
    same = rubric is not None and rubric.scheme.id == result.scheme.id
    bands = tuple((b.grade, b.min) for b in rubric.grading.bands) if same and rubric is not None else ()
    effects = {d.id: d.effect for d in rubric.grading.downgrades} if same and rubric is not None else {}
    downgrades = tuple({"id": d.id, "title": d.title, "effect": d.effect or effects.get(d.id, "")}
                       for d in result.downgrades)
    items = tuple(ItemScore(i.id, i.area, i.title, float(i.max_score), float(i.score), i.status, i.provenance,
                            len(i.missing), bonus=i.bonus) for i in result.items)
    return CountyScores(
        key=report_label(result), county=result.report.county, year=report_year(result.report),
        scheme_id=result.scheme.id, scheme_doc_no=result.scheme.doc_no,
        source=Path(result.source.path).name, sha256=result.source.sha256, title=result.report.title,
        max_total=float(result.max_total), auto_total=float(result.total), auto_grade=result.grade,
        items=items, areas=tuple((a.id, a.title, float(a.max_score)) for a in result.areas),
        bands=bands, downgrades=downgrades,
        figures=_figures(result, rubric if same else None),
        warnings=tuple(w.message for w in result.notices),
        origin=origin, scheme_choice=_choice_label(result.scheme_choice), bonus_cap=float(result.max_bonus),
        **_own_score(result, rubric.grading.self_score_tolerance if same and rubric is not None else None))


def _own_score(result: ReportResult, tolerance: float | None) -> dict[str, Any]:
    """区县自评 of a scored report as record fields (none when the report states no self-score)."""
    own = result.report.self_score
    if own is None:
        return {}
    return {"self_total": own.total, "self_areas": tuple(own.areas.items()), "self_tolerance": tolerance}


def _choice_label(choice: SchemeChoice | None) -> str:
    """``cq-2023 按引用文号``: how the rubric was chosen (empty for results written before it existed)."""
    return choice.label if choice is not None else ""


def scores_from_dict(data: Mapping[str, Any], rubric: Rubric | None = None, *, origin: str = "json") -> CountyScores:
    """Build a record from the JSON result (any readable version, see ``scorer.result_json``)."""
    return scores_from_result(result_from_dict(dict(data)), rubric, origin=origin)


def unique_keys(records: list[CountyScores]) -> list[CountyScores]:
    """Make record keys unique: add the year, else the source file name, else a number to repeated keys."""
    groups: dict[str, list[int]] = {}
    for n, rec in enumerate(records):
        groups.setdefault(rec.key, []).append(n)
    out = list(records)
    for key, members in groups.items():
        if len(members) == 1:
            continue
        suffixes = [f"#{k}" for k in range(1, len(members) + 1)]
        for attr in ("year", "source"):
            values = [str(getattr(records[n], attr) or "?") for n in members]
            if len(set(values)) == len(values):
                suffixes = values
                break
        for n, suffix in zip(members, suffixes, strict=True):
            out[n] = replace(records[n], key=f"{key}（{suffix}）")
    return out
