"""Claims checked against the report's own figures.

A county writes "两个只增不减全面落实", "三个100%", "未发生重大安全责任事故", "全面消除大班额". Each such
claim sentence (cue words in ``scorer/data/lexicon.yaml``, section ``claims``) is checked against the
figures of the same report, anywhere in it:

- ``not_decrease``: a change figure of the indicator that is a decrease;
- ``full``: a figure stated as 100% in the claim, reported below 100% elsewhere under the same label;
- ``zero``: a count of the indicator above zero, or (for a ``zero_event`` subject) a sentence reporting
  the event (发生…3起).

A contradicted claim makes every requirement resting on it ``review`` with reason ``claim_contradicted``
and a message quoting both places; such an item is never met.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from functools import lru_cache

from scheme.kinds import indicators_of
from scheme.model import Indicator, Item, Requirement
from scorer.checks.zero_event import REPORTED
from scorer.evidence import Context, Figure, label_matches
from scorer.explain import sentence_around, trimmed
from scorer.figure import highest, lowest
from scorer.lexicon import lexicon, marks
from scorer.normalize import fold
from scorer.per_report import per_report
from scorer.result import ERROR, REVIEW, Evidence, RequirementResult

QUOTE = 60
SAME_LABEL = 4  # shortest label suffix that names the same figure (封闭化管理达标率)


@dataclass(frozen=True)
class Contradiction:
    """A claim sentence and the place in the same report that contradicts it."""

    kind: str
    indicators: tuple[str, ...]
    claim: tuple[int, int]
    against: tuple[int, int]
    message: str


@lru_cache(maxsize=1)
def _cues() -> dict[str, re.Pattern[str]]:
    words = lexicon()["claims"]
    return {kind: re.compile("|".join(re.escape(fold(w)) for w in sorted(words[kind], key=len, reverse=True)))
            for kind in ("not_decrease", "full", "zero")}


def _line(context: Context, offset: int) -> int:
    return context.text.count("\n", 0, offset) + 1


def _quote(context: Context, span: tuple[int, int], focus: int) -> str:
    return f"“{trimmed(context.text, span[0], span[1], focus, QUOTE)}”（第 {_line(context, span[0])} 行）"


def _message(context: Context, claim: tuple[int, int], against: Figure | tuple[int, int], why: str) -> str:
    where = against.quantity.sentence if isinstance(against, Figure) else against
    focus = against.quantity.start if isinstance(against, Figure) else against[0]
    return f"报告称{_quote(context, claim, claim[0])}，但{why}：{_quote(context, where, focus)}"


_CLAUSE = re.compile("[" + re.escape(marks("clause_marks", "full_stops")) + "]")


def _clause(context: Context, pos: int, span: tuple[int, int]) -> tuple[int, int]:
    """The clause of a cue (between commas): what 清零 or 全面消除 is said of."""
    text = context.folded
    starts = [m.end() for m in _CLAUSE.finditer(text, span[0], pos)]
    stop = _CLAUSE.search(text, pos, span[1])
    return (starts[-1] if starts else span[0]), (stop.start() if stop else span[1])


def _named(context: Context, indicator: Indicator, start: int, end: int) -> bool:
    """True when the text names the indicator itself, not a longer term of another (超大班额 is not 大班额)."""
    own, longer = _shadows(context.rubric.indicators)[indicator.id]
    text = context.folded[start:end]
    if not any(term in text for term in own):
        return False  # blanking longer terms can only remove occurrences
    for term in longer:
        text = text.replace(term, "　" * len(term))
    return any(term in text for term in own)


def _shadows(indicators: tuple[Indicator, ...]) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Per indicator id: its folded terms, and the folded terms of other indicators that contain one of them.

    Worked out once per rubric (per figure it cost most of the scoring of a long report). Keyed by the
    identity of the rubric's indicator tuple: hashing the frozen indicators on every call cost more than
    the lookup saved (28k hashes a report).
    """
    hit = _SHADOWS.get(id(indicators))
    if hit is not None and hit[0] is indicators:
        return hit[1]
    table = {}
    for indicator in indicators:
        longer = tuple(fold(term) for other in indicators if other.id != indicator.id for term in other.terms
                       if any(fold(t) in fold(term) and len(term) > len(t) for t in indicator.terms))
        table[indicator.id] = (tuple(fold(term) for term in indicator.terms), longer)
    if len(_SHADOWS) >= 8:  # a process scores against a handful of rubrics; never grow without bound
        _SHADOWS.clear()
    _SHADOWS[id(indicators)] = (indicators, table)
    return table


_SHADOWS: dict[int, tuple[tuple[Indicator, ...], dict[str, tuple[tuple[str, ...], tuple[str, ...]]]]] = {}


def _claims(context: Context) -> tuple[Contradiction, ...]:
    """Every contradicted claim of the report (worked out once per report)."""
    cues = _cues()
    everywhere = [(0, len(context.text))]
    found: list[Contradiction] = []
    figures = _Figures(context, everywhere)
    for kind, pattern in cues.items():
        for m in pattern.finditer(context.folded):
            span = sentence_around(context.text, m.start(), m.end())
            if context.section_at(m.start()) == "":
                continue
            said_of = _clause(context, m.start(), span) if kind == "zero" else span
            found.extend(_check_claim(context, kind, m.group(), span, said_of, figures))
    return tuple(found)


class _Figures:
    """The report's figures as the claim checks look them up, indexed once per report.

    A long report holds thousands of claims and figures; scanning every figure for every claim was
    quadratic (a 2M-character report took over 120 s). Here a claim's own figures are found by
    bisecting their offsets, a 100% label's lower figures through suffix tables, and an indicator's
    falls and counts are gathered once.
    """

    def __init__(self, context: Context, everywhere: list[tuple[int, int]]) -> None:
        self.context = context
        self.everywhere = everywhere
        clean = sorted((f for f in context.figures if not f.damaged and f.quantity.kind != "year"),
                       key=lambda f: f.quantity.start)
        self.clean = clean
        self.starts = [f.quantity.start for f in clean]
        # Rates below 100% by label (first in text order), and by every suffix of at least SAME_LABEL
        # characters: together they answer _same_label without a scan.
        self.by_label: dict[str, Figure] = {}
        self.by_suffix: dict[str, Figure] = {}
        for f in clean:
            q = f.quantity
            # highest() is None for a lower bound: 98%以上 may be 100%, so it contradicts no 100% claim
            if q.unit == "%" and q.change is None and q.value < 100 and q.label and highest(q) is not None:
                label = fold(q.label)
                self.by_label.setdefault(label, f)
                for cut in range(len(label) - SAME_LABEL + 1):
                    self.by_suffix.setdefault(label[cut:], f)
        self._falls: dict[str, list[Figure]] = {}
        self._counts: dict[str, list[Figure]] = {}

    def within(self, span: tuple[int, int]) -> list[Figure]:
        """Clean figures starting inside ``span``, in text order."""
        return self.clean[bisect_left(self.starts, span[0]):bisect_left(self.starts, span[1])]

    def lower(self, label: str) -> Figure | None:
        """The first rate below 100% whose label is the same as ``label`` by ``_same_label``."""
        label = fold(label)
        candidates = [self.by_suffix.get(label)] if len(label) >= SAME_LABEL else []
        candidates += [self.by_label.get(label[cut:]) for cut in range(len(label) - SAME_LABEL + 1)]
        found = [f for f in candidates if f is not None]
        return min(found, key=lambda f: f.quantity.start) if found else None

    def falls(self, indicator: Indicator) -> list[Figure]:
        """The indicator's figures reporting a decrease."""
        if indicator.id not in self._falls:
            self._falls[indicator.id] = [
                f for f in self.context.figures_for(indicator, self.everywhere, change=True)
                if not f.damaged and f.quantity.change == "decrease" and f.quantity.value > 0]
        return self._falls[indicator.id]

    def counts(self, indicator: Indicator) -> list[Figure]:
        """The indicator's counts above zero."""
        if indicator.id not in self._counts:
            self._counts[indicator.id] = [
                f for f in self.context.figures_for(indicator, self.everywhere, change=False)
                if not f.damaged and f.quantity.kind == "count" and (lowest(f.quantity) or 0) > 0]  # 不足3起 may be 0
        return self._counts[indicator.id]


def _same_label(a: str, b: str) -> bool:
    """Two labels of the same figure: one ends with the other (中小学幼儿园封闭化管理达标率, 封闭化管理达标率)."""
    a, b = fold(a), fold(b)
    short, long = sorted((a, b), key=len)
    return len(short) >= SAME_LABEL and long.endswith(short)


def _check_claim(context: Context, kind: str, cue: str, span: tuple[int, int], said_of: tuple[int, int],
                 figures: _Figures) -> list[Contradiction]:
    rubric = context.rubric
    named = [ind for ind in rubric.indicators if _named(context, ind, *said_of)]
    if kind == "not_decrease":
        about = named or [ind for ind in rubric.indicators if any(cue in fold(c) for c in ind.context)]
        out = []
        for ind in about:
            falls = figures.falls(ind)
            if falls:
                out.append(Contradiction(kind, (ind.id,), span, falls[0].quantity.sentence,
                                         _message(context, span, falls[0], f"{falls[0].quantity.label}下降")))
        return out
    if kind == "full":
        out = []
        stated = [f for f in figures.within(span) if f.quantity.unit == "%"
                  and f.quantity.value == 100 and f.quantity.change is None and f.quantity.label]
        for full in stated:
            lower = figures.lower(full.quantity.label)
            if lower is not None:
                ids = tuple(ind.id for ind in rubric.indicators if label_matches(ind, full.quantity.label))
                out.append(Contradiction(kind, ids, span, lower.quantity.sentence,
                                         _message(context, span, lower,
                                                  f"{lower.quantity.label}为{lower.quantity.value:g}%")))
        return out
    out = []
    for ind in named:
        counts = figures.counts(ind)
        if counts:
            out.append(Contradiction(kind, (ind.id,), span, counts[0].quantity.sentence,
                                     _message(context, span, counts[0],
                                              f"{counts[0].quantity.label}{counts[0].quantity.value:g}"
                                              f"{counts[0].quantity.unit}")))
    return out


@per_report
def contradictions(context: Context) -> tuple[Contradiction, ...]:
    """The report's contradicted claims (cached per report)."""
    return _claims(context)


def _event_reported(req: Requirement, context: Context, claim: Evidence) -> Contradiction | None:
    """For a passed ``zero_event`` subject: a sentence elsewhere that reports the event happening."""
    for term in req.params.subject:
        for pos in context.index.find(term, [(0, len(context.text))]):
            span = sentence_around(context.text, pos, pos + len(term))
            if span[0] <= claim.start < span[1]:
                continue
            if REPORTED.search(context.folded[span[0]:span[1]]):
                return Contradiction("zero", (), (claim.start, claim.end), span,
                                     _message(context, (claim.start, claim.end), span, "报告另处称发生了该事件"))
    return None


def _comparison_claimed(req: Requirement, context: Context, res: RequirementResult) -> Contradiction | None:
    """For a failed ``compare``: a sentence naming its left indicator that claims 不低于/高于 in words."""
    left = context.rubric.get(req.params.left)
    cue = re.compile("|".join(re.escape(fold(w)) for w in lexicon()["claims"]["not_below"]))
    figure = res.evidence[-1]
    for term in left.terms:
        for pos in context.index.find(term, [(0, len(context.text))]):
            span = sentence_around(context.text, pos, pos + len(term))
            if cue.search(context.folded, pos, span[1]):
                where = sentence_around(context.text, figure.start, figure.end)
                return Contradiction("not_below", (left.id,), span, where,
                                     _message(context, span, where, f"其数据为{res.detail.split('：')[0]}"))
    return None


def check_claims(req: Requirement, item: Item, context: Context, res: RequirementResult) -> RequirementResult:
    """Make a requirement ``review`` (claim_contradicted) when a claim it rests on is contradicted.

    Args:
        req: The requirement.
        item: Its item.
        context: The report.
        res: Its result so far.

    Returns:
        The result, or a ``review`` quoting the claim and the contradicting place.
    """
    del item  # the claims are the report's; the requirement's indicators and evidence say which apply
    if res.result == ERROR:
        return res
    mine = set(indicators_of(req.params))
    spans = [(ev.start, ev.end) for ev in res.evidence]
    hits = [c for c in contradictions(context)
            if mine & set(c.indicators) or any(s < c.claim[1] and c.claim[0] < e for s, e in spans)]
    if not hits and req.kind == "zero_event" and res.result == "pass" and res.evidence \
            and res.evidence[0].value is None:
        found = _event_reported(req, context, res.evidence[0])
        hits = [found] if found else []
    if not hits and req.kind == "compare" and "below_compared" in res.reasons:
        found = _comparison_claimed(req, context, res)
        hits = [found] if found else []
    if not hits:
        return res
    first = hits[0]
    against = Evidence(req.id, context.section_at(first.against[0]), "矛盾之处", None, "", None,
                       context.text[first.against[0]:first.against[1]], first.against[0], first.against[1], REVIEW)
    return replace(res, result=REVIEW, reasons=("claim_contradicted",), evidence=(*res.evidence, against),
                   detail=first.message, ask="", credit=0.0)


__all__ = ["Contradiction", "check_claims", "contradictions"]
