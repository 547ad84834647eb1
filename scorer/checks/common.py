"""Helpers shared by the checks: evidence records and results."""

from __future__ import annotations

from scheme.model import Indicator, Item, Requirement
from scorer.evidence import Context, Figure
from scorer.result import FAIL, NOT_FOUND, Evidence, RequirementResult


def scoped_level_figures(indicator: Indicator, item: Item, context: Context) -> list[Figure]:
    """Level figures (not changes) of an indicator, the item's sections first, then everywhere evaluative.

    When none is found, damaged figures in the item's own sections that look like the indicator are
    returned (marked damaged), so the requirement becomes ``review`` rather than ``not_found``.
    """
    scopes = context.scopes(item)
    for spans in scopes:
        figures = context.figures_for(indicator, spans, change=False)
        if figures:
            return figures
    return context.damaged_like(indicator, scopes[0])


def figure_evidence(req: Requirement, figure: Figure, result: str, context: Context) -> Evidence:
    """Evidence record for a figure (its number-and-unit span; the sentence is in the workbook quote)."""
    q = figure.quantity
    return Evidence(req.id, figure.section, q.label, q.value, q.unit, q.change, context.text[q.start:q.end],
                    q.start, q.end, result, figure.damaged, q.derived)


def sentence_evidence(req: Requirement, context: Context, pos: int, label: str, result: str) -> Evidence:
    """Evidence record for the sentence around ``pos``."""
    start, end = context.sentence(pos)
    return Evidence(req.id, context.section_at(pos), label, None, "", None, context.text[start:end], start, end,
                    result, context.sentence_damaged(start, end))


def quote(context: Context, figure: Figure) -> str:
    """The sentence a figure stands in, for details."""
    start, end = figure.quantity.sentence
    return context.text[start:end]


def result(req: Requirement, outcome: str, reasons: tuple[str, ...] = (), evidence: tuple[Evidence, ...] = (),
           detail: str = "", credit: float | None = None) -> RequirementResult:
    """Build a result; missing or failed requirements carry their 待补材料 ask."""
    ask = req.ask if outcome in {FAIL, NOT_FOUND} else ""
    if credit is None:
        credit = 1.0 if outcome == "pass" else 0.0
    return RequirementResult(req.id, req.kind, outcome, reasons, evidence, detail, ask, credit)


def clean_first(figures: list[Figure]) -> tuple[list[Figure], list[Figure]]:
    """Split figures into (clean, damaged)."""
    return [f for f in figures if not f.damaged], [f for f in figures if f.damaged]
