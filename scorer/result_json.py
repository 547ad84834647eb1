"""The JSON form of a scored report, validated against ``scheme/result.schema.json``."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from scorer.result import REASONS, RESULT_ZH, STATUS_ZH, ReportResult

RESULT_SCHEMA_VERSION = 1


@lru_cache(maxsize=1)
def result_schema() -> dict[str, Any]:
    """The shipped result JSON Schema."""
    return json.loads(resources.files("scheme").joinpath("result.schema.json").read_text(encoding="utf-8"))


def result_to_dict(result: ReportResult, *, listings: bool = True) -> dict[str, Any]:
    """Return the scored report as JSON-ready data in a fixed key order.

    Warnings come first after the identifying keys so that a reader sees them at the top. Each section's
    ``item_matches`` (item, confidence, terms) comes from ``result.matches``, where it is kept once.
    ``listings=False`` leaves out ``sections`` and ``figures``, the bulk of the data, for readers that only
    need the scores.
    """
    data = {
        "schema_version": RESULT_SCHEMA_VERSION,
        "warnings": [{"code": w.code, "message": w.message, "start": w.start, "end": w.end} for w in result.warnings],
        "scheme": result.scheme,
        "source": result.source,
        "report": result.report,
        "total": result.total,
        "max_total": result.max_total,
        "grade": result.grade,
        "downgrades": list(result.downgrades),
        "counts": result.counts,
        "areas": list(result.areas),
        "items": [
            {
                "id": item.id,
                "parent": item.area,
                "title": item.title,
                "max_score": item.max_score,
                "score": item.score,
                "status": item.status,
                "status_zh": STATUS_ZH[item.status],
                "provenance": item.provenance,
                "reasons": list(item.reasons),
                "reasons_zh": [REASONS.get(code, code) for code in item.reasons],
                "sections": list(item.sections),
                "requirements": [
                    {"id": r.id, "kind": r.kind, "result": r.result, "result_zh": RESULT_ZH[r.result],
                     "reasons": list(r.reasons), "detail": r.detail, "credit": r.credit}
                    for r in item.requirements],
                "evidence": [ev.to_dict() for ev in item.evidence],
                "missing": item.missing,
            }
            for item in result.items
        ],
    }
    if listings:
        item_matches = {m.section: [{"id": i, "confidence": c, "terms": list(t)} for i, c, t in m.items]
                        for m in result.matches}
        data["sections"] = [{**section, "item_matches": item_matches.get(section["id"], [])}
                            for section in result.sections]
        data["figures"] = [{**figure._asdict(), "indicators": list(figure.indicators)} for figure in result.figures]
    return data
