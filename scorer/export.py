"""Plain-dict views of a read document (for ``lvzhi sections --format json`` and the result JSON)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from scorer.document import Cited, Document, Section


def section_paths(document: Document) -> dict[str, str]:
    """Map each section id to its heading path (``一、… > （一）… > 1. …``)."""
    paths: dict[str, str] = {}
    # pre-order with an explicit stack (a recursive closure would be a reference cycle, freed only by the collector)
    stack: list[tuple[Section, str]] = [(top, "") for top in reversed(document.sections)]
    while stack:
        section, prefix = stack.pop()
        label = section.label or {"front": "（文首）", "back": "（文尾）", "chrome": "（网页框架）"}.get(
            section.kind, "")
        path = f"{prefix} > {label}" if prefix else label
        paths[section.id] = path
        stack.extend((child, path) for child in reversed(section.children))
    return paths


def section_to_dict(section: Section, path: str) -> dict[str, Any]:
    """One section without its children, in a fixed key order."""
    return {"id": section.id, "kind": section.kind, "level": section.level, "marker": section.marker,
            "number": section.number, "heading": section.heading, "path": path, "start": section.start,
            "end": section.end, "heading_start": section.heading_start, "heading_end": section.heading_end,
            "run_in": section.run_in, "children": [child.id for child in section.children]}


def cited_to_dict(cited: Cited | None) -> dict[str, Any] | None:
    """A document number as JSON-ready data."""
    return asdict(cited) if cited is not None else None


def source_to_dict(document: Document) -> dict[str, Any]:
    """Where the report came from: path, format, encoding, hash and length."""
    return {"path": document.path, "format": document.format, "encoding": document.encoding,
            "sha256": document.sha256, "chars": len(document.text)}


def document_to_dict(document: Document) -> dict[str, Any]:
    """The document's source, metadata, flat section list, chrome, dropped text and damage."""
    meta = document.meta
    paths = section_paths(document)
    return {
        "source": source_to_dict(document),
        "meta": {"title": meta.title, "addressee": meta.addressee, "county": meta.county,
                 "cited_scheme": cited_to_dict(meta.cited_scheme), "period": meta.period,
                 "doc_no": cited_to_dict(meta.doc_no), "date": meta.date, "date_text": meta.date_text,
                 "date_candidates": list(meta.date_candidates)},
        "summary": document.summary(),
        "sections": [section_to_dict(s, paths[s.id]) for s in document.walk()],
        "chrome": [asdict(c) for c in document.chrome],
        "dropped": [asdict(d) for d in document.dropped],
        "damage": [{**asdict(d), "message": d.message} for d in document.damage],
        "notes": list(document.notes),
    }
