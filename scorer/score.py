"""Score a read document against a rubric: match, check every requirement, aggregate, grade.

``score_document`` is the pure core; ``score_report`` (in ``scorer.api``) adds reading. A check that
raises becomes an ``error`` result: an analysis failure is reported as such, never as missing evidence.
"""

from __future__ import annotations

from dataclasses import replace

from scheme.model import Indicator, Item, Rubric
from scheme.registry import SchemeChoice
from scorer.checks import CHECKS
from scorer.claims import check_claims
from scorer.deduct import deducted
from scorer.document import Document
from scorer.evidence import Context, Figure, label_matches
from scorer.explain import explain
from scorer.export import section_paths
from scorer.match import match_sections
from scorer.quantities import extract_quantities
from scorer.result import (
    ERROR,
    FAIL,
    MET,
    MISSING,
    NOT_FOUND,
    PARTIAL,
    PASS,
    REVIEW,
    AreaScore,
    Downgrade,
    FigureRow,
    ItemResult,
    Reason,
    ReportMeta,
    ReportResult,
    RequirementResult,
    SchemeRef,
    SectionRow,
    Source,
    Status,
)
from scorer.scheme_check import scheme_warnings
from scorer.self_score import SelfScore, overrated, parse_self_score
from scorer.substance import assess
from scorer.table_figures import with_table_figures
from scorer.terms import TermIndex, rubric_terms, term_families
from scorer.trend import fired_trend


def _check(req, item: Item, context: Context) -> RequirementResult:
    try:
        res = check_claims(req, item, context, assess(req, item, context, CHECKS[req.kind](req, item, context)))
        return replace(res, explain=explain(req, context, res))
    except Exception as bug:  # noqa: BLE001 - any failure of a check is reported, not raised
        return RequirementResult(req.id, req.kind, ERROR, (Reason.ANALYSIS_ERROR,),
                                 detail=f"{type(bug).__name__}: {bug}")


def item_status(results: tuple[RequirementResult, ...]) -> Status:
    """Aggregate requirement results into an item status."""
    outcomes = [r.result for r in results]
    if ERROR in outcomes:
        return Status.ERROR
    if REVIEW in outcomes:
        return Status.REVIEW
    if all(o == PASS for o in outcomes):
        return MET
    if all(o == NOT_FOUND for o in outcomes):
        return MISSING
    return PARTIAL


def score_item(item: Item, context: Context, sections: tuple[str, ...]) -> ItemResult:
    """Check every requirement of an item and score it (review and error earn nothing automatically)."""
    results = deducted(item, tuple(_check(req, item, context) for req in item.requirements))
    total_weight = sum(req.weight for req in item.requirements)
    earned = sum(req.weight * res.credit for req, res in zip(item.requirements, results, strict=True)
                 if res.result in {PASS, FAIL})
    score = round(item.points * earned / total_weight, 2) if total_weight else 0.0
    status = item_status(results)
    if item.points == 0 and status != Status.ERROR:
        # A 0-point item is informational: what it found is recorded, nothing is "missing", and its asks are
        # suggestions (建议补充) only where the rubric asks for them.
        status = Status.INFO
        if not item.suggest:
            results = tuple(replace(res, ask="") for res in results)
    elif item.bonus and status == MISSING:
        # A 加分项 is optional: nothing found means no bonus was claimed, not evidence missing; nothing to ask for.
        status = Status.NO_BONUS
        results = tuple(replace(res, ask="") for res in results)
    reasons: list[Reason] = []
    if status not in {MET, Status.INFO, Status.NO_BONUS}:
        for res in results:
            for code in res.reasons or ((Reason.of_outcome(res.result),) if res.result != PASS else ()):
                if code not in reasons and code != Reason.FOUND_OUTSIDE_AREA:
                    reasons.append(code)
    return ItemResult(item.id, item.area, item.title, status, score, item.points, tuple(reasons), sections, results,
                      item.provenance.status, item.bonus)


def _grade(rubric: Rubric, total: float, results: dict[str, RequirementResult],
           context: Context) -> tuple[str, list[Downgrade]]:
    fired = []
    for down in rubric.grading.downgrades:
        if down.indicator:  # a trend condition (scorer.trend)
            if (trend := fired_trend(down, rubric, context)) is not None:
                fired.append(trend)
        elif (res := results.get(down.requirement)) is not None and res.result == down.result:
            fired.append(Downgrade(down.id, down.title, down.effect, down.requirement))
    return rubric.grading.grade_for(total, [down.effect for down in fired]), fired


def score_document(document: Document, rubric: Rubric, *, boundaries: bool = True,
                   choice: SchemeChoice | None = None) -> ReportResult:
    """Score a read document.

    Args:
        document: The report, read.
        rubric: The rubric to score against.
        boundaries: Check jieba word boundaries for term hits (turn off only to measure its effect).
        choice: Why this rubric (``scorer.choose``); ``None``: given by the caller.
    """
    choice = choice or SchemeChoice.given(rubric, f"调用方指定的细则 given by the caller: {rubric.scheme.id}")
    index = TermIndex(document.text, rubric_terms(rubric), boundaries=boundaries, families=term_families(rubric))
    matches = match_sections(document, rubric, index)
    context = Context(document, rubric, index, matches,
                      with_table_figures(document.text, extract_quantities(document.text)))
    by_item: dict[str, list[str]] = {}
    for match in matches:
        for item_id, _confidence, _terms in match.items:
            by_item.setdefault(item_id, []).append(match.section)
    items = tuple(score_item(item, context, tuple(by_item.get(item.id, ()))) for item in rubric.items)
    all_results = {res.id: res for item in items for res in item.requirements}
    areas = []
    for area in rubric.areas:
        mine = [it for it in items if it.area == area.id and not it.bonus]  # 加分项 are outside the area's points
        areas.append(AreaScore(area.id, area.title, area.points, round(sum(it.score for it in mine), 2)))
    bonus = round(min(rubric.bonus_cap, sum(it.score for it in items if it.bonus)), 2)
    total = round(sum(it.score for it in items if not it.bonus) + bonus, 2)
    grade, fired = _grade(rubric, total, all_results, context)
    paths = section_paths(document)
    match_of = {m.section: m for m in matches}
    sections = tuple(
        SectionRow(s.id, paths[s.id], s.kind, s.level, s.heading, s.start, s.end, match_of[s.id].area,
                   match_of[s.id].confidence, match_of[s.id].reason, tuple(i for i, _c, _t in match_of[s.id].items))
        for s in document.walk())  # each item's confidence and terms stay in ``matches`` (written out as item_matches)
    by_unit: dict[str, list[Indicator]] = {}  # each unit's indicators, in rubric order
    for ind in rubric.indicators:
        for unit in dict.fromkeys(ind.units):
            by_unit.setdefault(unit, []).append(ind)
    figures = tuple(_figure_row(figure, context, by_unit) for figure in context.figures
                    if figure.quantity.kind != "year")
    meta = rubric.scheme
    return ReportResult(
        source=Source(document.path, document.format, document.encoding, document.sha256, len(document.text)),
        scheme=SchemeRef(meta.id, meta.title, meta.doc_no, rubric.path),
        report=ReportMeta(document.meta.county, document.meta.title, document.meta.cited_scheme,
                          document.meta.period, document.meta.date, document.meta.date_text,
                          _self_score(document, rubric, match_of, total)),
        items=items, matches=matches, sections=sections, areas=tuple(areas), total=total,
        max_total=rubric.total_points, grade=grade, downgrades=tuple(fired),
        warnings=scheme_warnings(document, rubric, choice), figures=figures, text=document.text,
        scheme_choice=choice, bonus=bonus, max_bonus=rubric.bonus_cap)


def _self_score(document: Document, rubric: Rubric, match_of: dict, total: float) -> SelfScore | None:
    """The county's own score, with 自评偏高 worked out against the automatic total."""
    headings = [(s.heading_start, s.heading_end, match_of[s.id].area if s.id in match_of else None)
                for s in document.walk() if s.kind in {"part", "heading"}]
    found = parse_self_score(document.text, headings, tuple(band.grade for band in rubric.grading.bands))
    if found.total is None and not found.areas and not found.grade:
        return None
    return replace(found, overrated_by=overrated(found, total, rubric.grading.self_score_tolerance))


def _figure_row(figure: Figure, context: Context, by_unit: dict[str, list[Indicator]]) -> FigureRow:
    """Every extracted figure, with the indicators its label names (for the JSON result and audits)."""
    q = figure.quantity
    indicators = tuple(ind.id for ind in by_unit.get(q.unit, ()) if label_matches(ind, q.label))
    return FigureRow(q.label, q.value, q.unit, q.kind, q.change, q.baseline, q.approx, q.text, q.start, q.end,
                     figure.section, context.area_of(figure.section), figure.damaged, indicators, q.low, q.bound, q.per,
                     q.derived)


__all__ = ["FAIL", "MISSING", "PARTIAL", "item_status", "score_document", "score_item"]
