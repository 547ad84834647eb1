"""``zero_event``: an explicit statement that something did not happen, or a count of zero."""

from __future__ import annotations

import re

from scheme.kinds import ZeroEvent
from scheme.model import Item, Requirement
from scorer.checks.common import clean_first, figure_evidence, quote, result, sentence_evidence
from scorer.checks.threshold import level_figures
from scorer.evidence import Context
from scorer.lexicon import alternatives
from scorer.result import FAIL, NOT_FOUND, PASS, REVIEW, RequirementResult

# The words are data (scorer/data/lexicon.yaml negations/); the distances and numerals are code.
NEGATION_BEFORE = re.compile(rf"({alternatives('negations', 'before')})[^。;,，；]{{0,24}}$")
NEGATION_AFTER = re.compile(rf"^[^。;；]{{0,6}}({alternatives('negations', 'after')})")
REPORTED = re.compile(rf"(?:{alternatives('negations', 'reported')})[^。;；]{{0,30}}?"
                      rf"([1-9]\d*|[一二两三四五六七八九十])\s*({alternatives('negations', 'event_counts')})")


def check_zero_event(req: Requirement, item: Item, context: Context) -> RequirementResult:
    """Pass on a negated subject or a zero count; fail on a non-zero count or a reported event."""
    params: ZeroEvent = req.params
    if params.indicator:
        clean, damaged = clean_first(level_figures(req, item, context, params.indicator))
        if clean:
            first = clean[0]
            ok = first.quantity.value == 0
            outcome = PASS if ok else FAIL
            return result(req, outcome, () if ok else ("event_reported",),
                          (figure_evidence(req, first, outcome, context),), quote(context, first))
        if damaged:
            return result(req, REVIEW, ("damaged_figure",),
                          tuple(figure_evidence(req, f, REVIEW, context) for f in damaged))
    for spans in context.scopes(item):
        hits = sorted(pos for term in params.subject for pos in context.index.find(term, spans))
        reported = None
        for pos in hits:
            start, end = context.sentence(pos)
            before = context.folded[start:pos]
            after = context.folded[pos:end]
            term_end = pos + max(len(t) for t in params.subject if context.folded.startswith(t, pos))
            if NEGATION_BEFORE.search(before) or NEGATION_AFTER.search(context.folded[term_end:end]):
                return result(req, PASS, (), (sentence_evidence(req, context, pos, "未发生", PASS),))
            if reported is None and (REPORTED.search(before + after)):
                reported = pos
        if reported is not None:
            return result(req, FAIL, ("event_reported",),
                          (sentence_evidence(req, context, reported, "发生", FAIL),), "报告称发生了相关事件")
    return result(req, NOT_FOUND, ("not_found",))
