"""Plain-dict views of a rubric for JSON output and display."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from scheme.model import Requirement, Rubric


def requirement_to_dict(req: Requirement) -> dict[str, Any]:
    """Return a requirement with its kind and parameters, in a fixed key order."""
    params = {key: _plain(value) for key, value in asdict(req.params).items() if value not in (None, ())}
    return {"id": req.id, "kind": req.kind, "title": req.title, "params": params, "weight": req.weight,
            "rule": req.rule, "ask": req.ask}


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def rubric_to_dict(rubric: Rubric) -> dict[str, Any]:
    """Return the rubric as JSON-ready data: metadata, grading, indicators and the item tree."""
    meta = rubric.scheme
    return {
        "schema_version": rubric.schema_version,
        "path": rubric.path,
        "scheme": {"id": meta.id, "title": meta.title, "doc_no": meta.doc_no,
                   "doc_no_variants": list(meta.doc_no_variants), "issuer": meta.issuer,
                   "period": meta.period, "provenance": meta.provenance.to_dict()},
        "total_points": rubric.total_points,
        **({"bonus_cap": rubric.bonus_cap} if rubric.bonus_cap else {}),  # the mechanics keys only where used
        "grading": {
            "bands": [{"grade": b.grade, "min": b.min} for b in rubric.grading.bands],
            "downgrades": [{"id": d.id, "title": d.title, "effect": d.effect, "requirement": d.requirement,
                            "result": d.result,
                            **({"indicator": d.indicator, "declines": d.declines} if d.indicator else {})}
                           for d in rubric.grading.downgrades],
            "provenance": rubric.grading.provenance.to_dict()},
        "indicators": [{"id": i.id, "label": i.label, "terms": list(i.terms), "units": list(i.units),
                        "direction": i.direction} for i in rubric.indicators],
        "areas": [
            {"id": a.id, "title": a.title, "points": a.points, "provenance": a.provenance.to_dict(),
             "items": [
                 {"id": it.id, "title": it.title, "description": it.description, "points": it.points,
                  "provenance": it.provenance.to_dict(), "method": it.method,
                  "requirements": [requirement_to_dict(r) for r in it.requirements],
                  **({"bonus": True} if it.bonus else {}),
                  **({"scoring": {"deduct": asdict(it.deduct)}} if it.deduct is not None else {})}
                 for it in a.items]}
            for a in rubric.areas],
    }
