"""The JSON form of a scored report, validated against ``scheme/result.schema.json``, and its reading back.

The JSON is a serialisation of ``ReportResult``: ``result_to_dict`` writes the current ``schema_version``;
``result_from_dict`` reads it and every earlier version back into the same typed values.

Versions:
    1: the first form.
    2: each warning also has ``kind`` (the ``WarningKind``) and its message in two fields, ``message_zh``
       and ``message_en`` (``message`` still holds both, joined by `` / ``).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from functools import lru_cache
from importlib import resources
from typing import Any

from scheme.registry import SchemeChoice
from scorer.codes import WarningKind
from scorer.document import Cited
from scorer.result import (
    AreaScore,
    Downgrade,
    Evidence,
    FigureRow,
    ItemResult,
    ReportMeta,
    ReportResult,
    ReportWarning,
    RequirementResult,
    SchemeRef,
    SectionMatch,
    SectionRow,
    Source,
)
from scorer.self_score import SelfScore

RESULT_SCHEMA_VERSION = 2
READABLE_VERSIONS = (1, 2)


class ResultFormatError(ValueError):
    """The data is not a scored-report JSON lvzhi can read (its message is bilingual)."""


@lru_cache(maxsize=1)
def result_schema() -> dict[str, Any]:
    """The shipped result JSON Schema."""
    return json.loads(resources.files("scheme").joinpath("result.schema.json").read_text(encoding="utf-8"))


def warning_to_dict(warning: ReportWarning) -> dict[str, Any]:
    """One warning as JSON-ready data."""
    return {"code": warning.code, "kind": warning.kind, "message": warning.message, "message_zh": warning.message_zh,
            "message_en": warning.message_en, "start": warning.start, "end": warning.end}


def section_to_dict(section: SectionRow) -> dict[str, Any]:
    """One section row as JSON-ready data (without its item matches)."""
    return {"id": section.id, "path": section.path, "kind": section.kind, "level": section.level,
            "heading": section.heading, "start": section.start, "end": section.end, "area": section.area,
            "confidence": section.confidence, "reason": section.reason, "items": list(section.items)}


def item_to_dict(item: ItemResult) -> dict[str, Any]:
    """One item's verdict as JSON-ready data."""
    return {
        "id": item.id,
        "parent": item.area,
        "title": item.title,
        "max_score": item.max_score,
        "score": item.score,
        "status": item.status,
        "status_zh": item.status.zh,
        "provenance": item.provenance,
        "reasons": list(item.reasons),
        "reasons_zh": [reason.zh for reason in item.reasons],
        "described": item.described,
        "evidenced": item.evidenced,
        "sections": list(item.sections),
        "requirements": [
            {"id": r.id, "kind": r.kind, "result": r.result, "result_zh": r.result.zh,
             "reasons": list(r.reasons), "detail": r.detail, "credit": r.credit,
             "described": r.described, "evidenced": r.evidenced, "explain": r.explain}
            for r in item.requirements],
        "evidence": [ev.to_dict() for ev in item.evidence],
        "missing": [ask.to_dict() for ask in item.missing],
        "suggestions": [ask.to_dict() for ask in item.suggestions],
        **({"bonus": True} if item.bonus else {}),  # only on 加分项: other items are written as before
    }


def result_to_dict(result: ReportResult, *, listings: bool = True) -> dict[str, Any]:
    """Return the scored report as JSON-ready data in a fixed key order.

    Warnings come first after the identifying keys so that a reader sees them at the top. Each section's
    ``item_matches`` (item, confidence, terms) comes from ``result.matches``, where it is kept once.
    ``listings=False`` leaves out ``sections`` and ``figures``, the bulk of the data, for readers that only
    need the scores.
    """
    report = result.report
    data = {
        "schema_version": RESULT_SCHEMA_VERSION,
        "warnings": [warning_to_dict(w) for w in result.warnings],
        "scheme": asdict(result.scheme),
        "scheme_choice": result.scheme_choice.to_dict() if result.scheme_choice is not None else None,
        "source": asdict(result.source),
        "report": {"county": report.county, "title": report.title,
                   "cited_scheme": asdict(report.cited_scheme) if report.cited_scheme is not None else None,
                   "period": report.period, "date": report.date, "date_text": report.date_text,
                   # left out when the report states none, so results written before it read back unchanged
                   **({"self_score": report.self_score.to_dict()} if report.self_score is not None else {})},
        "total": result.total,
        "max_total": result.max_total,
        # only under a rubric with 加分项, so other results are written as before
        **({"bonus": result.bonus, "max_bonus": result.max_bonus} if result.max_bonus else {}),
        "grade": result.grade,
        # detail only for a trend downgrade, so results without one are written as before
        "downgrades": [{k: v for k, v in asdict(d).items() if k != "detail" or v} for d in result.downgrades],
        "counts": result.counts,
        "areas": [asdict(a) for a in result.areas],
        "items": [item_to_dict(item) for item in result.items],
    }
    if data["scheme_choice"] is None:
        del data["scheme_choice"]  # read back from a result written before rubric selection: written as it was
    if listings:
        item_matches = {m.section: [{"id": i, "confidence": c, "terms": list(t)} for i, c, t in m.items]
                        for m in result.matches}
        data["sections"] = [{**section_to_dict(section), "item_matches": item_matches.get(section.id, [])}
                            for section in result.sections]
        data["figures"] = [_figure_to_dict(figure) for figure in result.figures]
    return data


def _warning(data: dict[str, Any]) -> ReportWarning:
    code = data["code"]
    kind, _, detail = code.partition(":")
    if "message_zh" in data:
        zh, en = data["message_zh"], data["message_en"]
    else:  # version 1 kept one message, the two languages joined by " / " (reading it is the only split)
        zh, _, en = data["message"].partition(" / ") if " / " in data["message"] else data["message"].partition("/ ")
    return ReportWarning(WarningKind(data.get("kind", kind)), zh.strip(), en.strip(), data["start"], data["end"],
                         detail)


def _item(data: dict[str, Any]) -> ItemResult:
    evidence: dict[str, list[Evidence]] = {}
    for ev in data["evidence"]:
        evidence.setdefault(ev["requirement"], []).append(Evidence(**ev))
    asks = {m["requirement"]: m["ask"] for m in (*data["missing"], *data.get("suggestions", ()))}
    requirements = tuple(
        RequirementResult(r["id"], r["kind"], r["result"], tuple(r["reasons"]), tuple(evidence.get(r["id"], ())),
                          r["detail"], asks.get(r["id"], ""), float(r["credit"]),
                          # absent from results written before substance was reported: unknown reads as False
                          bool(r.get("described", False)), bool(r.get("evidenced", False)), r.get("explain", ""))
        for r in data["requirements"])
    return ItemResult(data["id"], data["parent"], data["title"], data["status"], float(data["score"]),
                      float(data["max_score"]), tuple(data["reasons"]), tuple(data["sections"]), requirements,
                      data["provenance"], bool(data.get("bonus", False)))


def result_from_dict(data: dict[str, Any]) -> ReportResult:
    """Read a scored report written by ``result_to_dict`` (any version in ``READABLE_VERSIONS``).

    A result written without listings (``listings=False``) reads back without sections, matches and figures.
    The report text is not part of the JSON: ``text`` stays empty.

    Raises:
        ResultFormatError: When ``data`` is not a result of a readable version.
    """
    version = data.get("schema_version") if isinstance(data, dict) else None
    if version not in READABLE_VERSIONS:
        raise ResultFormatError(f"不是 lvzhi 可读的评分结果（schema_version {version!r}，可读 {READABLE_VERSIONS}）。"
                                f"请用当前版本的 lvzhi score 重新生成。/ Not a readable lvzhi result (schema_version "
                                f"{version!r}; readable {READABLE_VERSIONS}); re-score the report.")
    try:
        report = data["report"]
        cited = report["cited_scheme"]
        sections = tuple(SectionRow(s["id"], s["path"], s["kind"], s["level"], s["heading"], s["start"], s["end"],
                                    s["area"], s["confidence"], s["reason"], tuple(s["items"]))
                         for s in data.get("sections", ()))
        matches = tuple(SectionMatch(s["id"], s["area"], s["confidence"], s["reason"],
                                     tuple((m["id"], m["confidence"], tuple(m["terms"])) for m in s["item_matches"]))
                        for s in data.get("sections", ()))
        figures = tuple(FigureRow(**{**f, "indicators": tuple(f["indicators"])}) for f in data.get("figures", ()))
        return ReportResult(
            source=Source(**data["source"]), scheme=SchemeRef(**data["scheme"]),
            report=ReportMeta(report["county"], report["title"], Cited(**cited) if cited is not None else None,
                              report["period"], report["date"], report["date_text"],
                              SelfScore.from_dict(report["self_score"]) if report.get("self_score") else None),
            items=tuple(_item(item) for item in data["items"]), matches=matches, sections=sections,
            areas=tuple(AreaScore(**a) for a in data["areas"]), total=float(data["total"]),
            max_total=float(data["max_total"]), grade=data["grade"],
            downgrades=tuple(Downgrade(d["id"], d["title"], d.get("effect", ""), d.get("requirement", ""),
                                       d.get("detail", ""))
                             for d in data["downgrades"]),
            warnings=tuple(_warning(w) for w in data["warnings"]), figures=figures,
            scheme_choice=SchemeChoice(**choice) if (choice := data.get("scheme_choice")) else None,
            bonus=float(data.get("bonus", 0)), max_bonus=float(data.get("max_bonus", 0)))
    except (KeyError, TypeError, ValueError) as bad:
        raise ResultFormatError(f"评分结果 JSON 不完整或已损坏（{type(bad).__name__}: {bad}）。"
                                f"请用 lvzhi score 重新生成。/ The result JSON is incomplete or damaged ({bad}); "
                                "re-score the report.") from None


# Optional keys: a figure without a range, bound or per-unit, or stated as it is (not derived), has none.
_FIGURE_FORMS = ("low", "bound", "per", "derived")


def _figure_to_dict(figure: FigureRow) -> dict[str, Any]:
    """A figure's JSON: its fields, and low/bound/per/derived only when it has them (older results lack them)."""
    data = {**figure._asdict(), "indicators": list(figure.indicators)}
    for key in _FIGURE_FORMS:
        if data[key] is None:
            del data[key]
    return data


__all__ = ["READABLE_VERSIONS", "RESULT_SCHEMA_VERSION", "ResultFormatError", "result_from_dict",
           "result_schema", "result_to_dict"]
