"""``mention``: the report mentions the topic (term groups, any/all, excluded contexts, patterns)."""

from __future__ import annotations

import re

from scheme.kinds import Mention
from scheme.model import Item, Requirement
from scorer.checks.common import result, sentence_evidence
from scorer.evidence import Context
from scorer.result import FAIL, NOT_FOUND, PASS, REVIEW, Evidence, RequirementResult


def _group_hits(group: tuple[str, ...], params: Mention, context: Context, spans: list[tuple[int, int]]) -> list[
        tuple[int, str]]:
    hits = []
    for term in group:
        hits.extend((pos, term) for pos in context.index.find(term, spans, params.exclude))
    return sorted(hits)


def _pattern_hits(pattern: str, context: Context, spans: list[tuple[int, int]]) -> list[tuple[int, str]]:
    compiled = re.compile(pattern)
    hits = []
    for start, end in spans:
        hits.extend((m.start(), m.group()) for m in compiled.finditer(context.folded, start, end) if m.group())
    return hits


def _best(hits: list[tuple[int, str]], context: Context) -> tuple[int, str, bool] | None:
    """The first hit whose sentence is clean, else the first hit (marked damaged)."""
    for pos, term in hits:
        start, end = context.sentence(pos)
        if not context.sentence_damaged(start, end):
            return pos, term, False
    return (hits[0][0], hits[0][1], True) if hits else None


def check_mention(req: Requirement, item: Item, context: Context) -> RequirementResult:
    """Check that the groups (and patterns) are mentioned, in the item's sections first."""
    params: Mention = req.params
    primary, fallback = context.scopes(item)
    groups: list[tuple[str, object]] = [("terms", g) for g in params.groups]
    groups += [("pattern", p) for p in params.patterns]
    found: list[tuple[int, str, bool]] = []
    elsewhere = False
    for kind, group in groups:
        best = None
        for scope_index, spans in enumerate((primary, fallback)):
            hits = (_group_hits(group, params, context, spans) if kind == "terms"  # type: ignore[arg-type]
                    else _pattern_hits(group, context, spans))  # type: ignore[arg-type]
            if kind == "terms" and len(hits) < params.min_count and group is params.groups[0]:
                hits = []
            best = _best(hits, context)
            if best is not None:
                elsewhere = elsewhere or scope_index == 1
                break
        if best is not None:
            found.append(best)
    needed = 1 if params.match == "any" else len(groups)
    evidence = tuple(sentence_evidence(req, context, pos, term, PASS) for pos, term, _ in found)
    if not found:
        return result(req, NOT_FOUND, ("not_found",))
    if len(found) < needed:
        credit = len(found) / needed
        marked = tuple(_mark(ev, FAIL) for ev in evidence)
        return result(req, FAIL, ("partial_mention",), marked, f"找到 {len(found)}/{needed} 项", credit)
    if all(damaged for *_, damaged in found):
        return result(req, REVIEW, ("damaged_figure",), tuple(_mark(ev, REVIEW) for ev in evidence),
                      "相关句子中的数字疑似复制时损坏，请核对原件")
    reasons = ("found_outside_area",) if elsewhere else ()
    return result(req, PASS, reasons, evidence)


def _mark(evidence: Evidence, outcome: str) -> Evidence:
    return Evidence(evidence.requirement, evidence.section, evidence.label, evidence.value, evidence.unit,
                    evidence.change, evidence.text, evidence.start, evidence.end, outcome, evidence.damaged,
                    evidence.derived)
