"""Substance: whether a requirement is only *described* or also *evidenced*.

A heading, or a heading followed by slogans (高度重视, 扎实推进, 取得明显成效), is never evidence. A
requirement is **evidenced** when a body sentence names its topic and carries something concrete of
the kind the rubric asks for (``substance`` on the requirement): a figure, a named document (《…》 or a
文号), or a named measure with its object (召开专题会议, 出台…办法). It is **described** when the report
talks about it at all. Only evidenced requirements pass; a described-only pass becomes a ``fail`` with
reason ``described_only`` and an ask naming what to supply. The cue words are data
(``scorer/data/lexicon.yaml``, section ``substance``).

Figure kinds (threshold, change, arithmetic, compare, zero_event with an indicator) are evidenced by
the clean figure they judged; when they found no figure but the report names the indicator in a body
sentence, the requirement is described (words only): a ``fail`` with reason ``figure_missing`` asking
for the figure.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace
from functools import lru_cache

from scheme.kinds import indicator_of
from scheme.model import Item, Requirement
from scorer.evidence import Context
from scorer.lexicon import SENTENCE_MARKS, lexicon, marks
from scorer.normalize import fold
from scorer.per_report import per_report
from scorer.result import FAIL, NOT_FOUND, PASS, REVIEW, Evidence, RequirementResult

SENTENCE_KINDS = frozenset({"mention", "zero_event"})
DEFAULT_SUBSTANCE = {"mention": "any", "zero_event": "statement"}
_HAN = re.compile(r"[\u4e00-\u9fff]")
_CLAUSE_END = marks("clause_marks", *SENTENCE_MARKS) + "\n"
# Sentences read under a heading naming the topic before giving up: the concrete support of a section comes
# early (its first paragraph), and a part of a hundred sentences must not be read whole for every term.
MAX_SENTENCES_UNDER_HEADING = 30


@lru_cache(maxsize=1)
def _cues() -> tuple[re.Pattern[str], tuple[re.Pattern[str], ...], re.Pattern[str], dict[str, str]]:
    words = lexicon()["substance"]
    slogans = re.compile("|".join(re.escape(fold(w)) for w in sorted(words["slogans"], key=len, reverse=True)))
    documents = tuple(re.compile(p) for p in words["document_patterns"])  # matched on the original text
    actions = re.compile("|".join(re.escape(fold(w)) for w in sorted(words["actions"], key=len, reverse=True)))
    return slogans, documents, actions, dict(words["asks"])


def substance_of(req: Requirement) -> str:
    """What concrete support a requirement needs: its rubric ``substance``, else the kind's default."""
    return req.substance or DEFAULT_SUBSTANCE.get(req.kind, "figure")


class _Report:
    """Per-report lookups: heading spans and the starts of clean non-year figures."""

    def __init__(self, context: Context) -> None:
        sections = sorted((s.heading_start, s.heading_end, s.end) for s in context.document.walk()
                          if s.kind in {"part", "heading"} and s.heading_end > s.heading_start)
        self.headings = [(start, end) for start, end, _ in sections]
        # Every title of the tree, 一是…-point titles included: none of them is shown as evidence.
        self.titles = sorted((s.heading_start, s.heading_end) for s in context.document.walk()
                             if s.heading_end > s.heading_start)
        self.title_starts = [t[0] for t in self.titles]
        self.section_end = {start: end for start, _, end in sections}
        self.heading_starts = [h[0] for h in self.headings]
        figures = [f.quantity.start for f in context.figures if f.quantity.kind != "year" and not f.damaged]
        self.figure_starts = sorted(figures)

    def heading_at(self, pos: int) -> tuple[int, int] | None:
        index = bisect.bisect_right(self.heading_starts, pos) - 1
        if index >= 0 and self.headings[index][0] <= pos < self.headings[index][1]:
            return self.headings[index]
        return None

    def in_title(self, pos: int) -> bool:
        """True when ``pos`` lies in the title of any section."""
        index = bisect.bisect_right(self.title_starts, pos) - 1
        return index >= 0 and self.titles[index][0] <= pos < self.titles[index][1]

    def body(self, text: str, start: int, end: int) -> tuple[int, int]:
        """The sentence without heading text (a run-in heading and its marker before the body are cut off)."""
        index = bisect.bisect_left(self.heading_starts, start)
        if index > 0 and self.headings[index - 1][1] > start:
            start = self.headings[index - 1][1]
        for h_start, h_end in self.headings[index:]:
            if h_start >= end:
                break
            if h_start <= start or not _HAN.search(text, start, h_start):  # only a marker (21. ) before it
                start = max(start, h_end)
            else:
                end = h_start
        return start, max(start, end)

    def has_figure(self, start: int, end: int) -> bool:
        index = bisect.bisect_left(self.figure_starts, start)
        return index < len(self.figure_starts) and self.figure_starts[index] < end


_report = per_report(_Report)


def concrete(context: Context, start: int, end: int, mode: str, topics: tuple[tuple[int, int], ...] = ()) -> str:
    """The kind of concrete support in ``text[start:end]`` that ``mode`` accepts, or "" when none.

    Args:
        context: The report.
        start: Start of a body sentence (heading text already cut off).
        end: Its end.
        mode: ``figure``, ``document``, ``action``, ``any`` or ``statement``.
        topics: Spans of the topic's terms: an action cue inside one is part of the topic, not a measure
            (学生资助工作 names the topic; its 资助 is no measure).

    Returns:
        ``figure``, ``document``, ``action`` or ``statement``; "" when the sentence is not concrete enough.
    """
    if end <= start:
        return ""
    accepted = {"figure": ("figure",), "document": ("figure", "document")}.get(
        mode, ("figure", "document", "action", "statement" if mode == "statement" else ""))
    for what in accepted:
        if what and _SUPPORT[what](context, start, end, topics):
            return what
    return ""


def _has_figure(context: Context, start: int, end: int, _topics: tuple[tuple[int, int], ...]) -> bool:
    return _report(context).has_figure(start, end)


def _has_document(context: Context, start: int, end: int, _topics: tuple[tuple[int, int], ...]) -> bool:
    return any(p.search(context.text, start, end) for p in _cues()[1])


def _without_slogans(context: Context, start: int, end: int) -> str:
    return _cues()[0].sub(lambda m: "　" * len(m.group()), context.folded[start:end])  # same length: offsets stay


def _has_action(context: Context, start: int, end: int, topics: tuple[tuple[int, int], ...]) -> bool:
    stripped = _without_slogans(context, start, end)
    for verb in _cues()[2].finditer(stripped):
        if any(t_start <= start + verb.start() < t_end for t_start, t_end in topics):
            continue
        tail = stripped[verb.end():]
        stop = next((n for n, ch in enumerate(tail) if ch in _CLAUSE_END or ch == "　"), len(tail))
        if len(_HAN.findall(tail[:stop])) >= 2:
            return True
    return False


def _is_statement(context: Context, start: int, end: int, _topics: tuple[tuple[int, int], ...]) -> bool:
    return len(_HAN.findall(_without_slogans(context, start, end))) >= 4


_SUPPORT = {"figure": _has_figure, "document": _has_document, "action": _has_action, "statement": _is_statement}


def _hits(req: Requirement, context: Context, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(start, end) of every topic hit of a sentence requirement in ``spans``, in text order."""
    params = req.params
    hits: list[tuple[int, int]] = []
    if req.kind == "mention":
        for group in params.groups:
            for term in group:
                hits.extend((pos, pos + len(term)) for pos in context.index.find(term, spans, params.exclude))
        for pattern in params.patterns:
            compiled = re.compile(pattern)
            for start, end in spans:
                hits.extend(m.span() for m in compiled.finditer(context.folded, start, end) if m.group())
    else:
        for term in params.subject:
            hits.extend((pos, pos + len(term)) for pos in context.index.find(term, spans))
    return sorted(set(hits))


def _sentence(context: Context, report: _Report, pos: int, mode: str, topics: tuple[tuple[int, int], ...] = (),
              ) -> tuple[int, int, str] | None:
    start, end = report.body(context.text, *context.sentence(pos))
    if context.sentence_damaged(start, end):
        return None
    what = concrete(context, start, end, mode, topics)
    return (start, end, what) if what else None


def _under_heading(context: Context, report: _Report, heading: tuple[int, int], mode: str,
                   topics: tuple[tuple[int, int], ...]) -> tuple[int, int, str] | None:
    """The first concrete body sentence of the section a heading opens (its topic is named by the heading)."""
    pos, stop = heading[1], report.section_end[heading[0]]
    for _ in range(MAX_SENTENCES_UNDER_HEADING):
        if pos >= stop:
            break
        start, end = context.sentence(pos)
        found = _sentence(context, report, max(pos, start), mode, topics)
        if found is not None and found[0] < stop:
            return found
        pos = max(end, pos + 1)
    return None


def best_body_sentence(req: Requirement, item: Item, context: Context, mode: str,
                       ) -> tuple[int, int, int, str] | None:
    """The first concrete body sentence on the requirement's topic: (hit, start, end, what), or None.

    A body sentence naming the topic comes first; failing that, a heading naming the topic counts when the
    section it opens carries a concrete body sentence (a heading alone, or with slogans, never does).
    """
    report = _report(context)
    for spans in context.scopes(item):
        under: list[tuple[int, tuple[int, int]]] = []
        hits = tuple(_hits(req, context, spans))
        for pos, _hit_end in hits:
            heading = report.heading_at(pos)
            if heading is not None:
                under.append((pos, heading))
                continue
            found = _sentence(context, report, pos, mode, hits)
            if found:
                return (pos, *found)
        for heading, pos in {heading: pos for pos, heading in reversed(under)}.items():
            found = _under_heading(context, report, heading, mode, hits)
            if found:
                return (pos, *found)
    return None


def _words_only(req: Requirement, item: Item, context: Context) -> bool:
    """True when a body sentence names the figure kind's indicator although no figure was found."""
    indicator = context.rubric.get(indicator_of(req.params) or "")
    if indicator is None:
        return False
    report = _report(context)
    for spans in context.scopes(item):
        for term in indicator.terms:
            if any(report.heading_at(pos) is None for pos in context.index.find(term, spans)):
                return True
    return False


def _ask(req: Requirement, mode: str, words: str) -> str:
    return f"{words}，请补充{_cues()[3][mode]}：{req.ask}"


def assess(req: Requirement, item: Item, context: Context, res: RequirementResult) -> RequirementResult:  # noqa: PLR0911 - one return per outcome
    """Add the described/evidenced levels to a check's result and hold a described-only pass back.

    Args:
        req: The requirement.
        item: Its item.
        context: The report.
        res: What the requirement's check found.

    Returns:
        The result with ``described`` and ``evidenced`` set; a pass without concrete support becomes a
        ``fail`` (``described_only``) earning nothing, with an ask for what is missing.
    """
    if res.result == "error":
        return res
    mode = substance_of(req)
    figure_based = req.kind not in SENTENCE_KINDS or any(ev.value is not None for ev in res.evidence)
    if figure_based:
        if res.result == NOT_FOUND:
            if res.reasons != ("figure_not_found",) or not _words_only(req, item, context):
                return res
            return replace(res, result=FAIL, reasons=("figure_missing",), described=True, credit=0.0,
                           ask=_ask(req, "figure", "报告只有文字表述，没有数据"))
        clean = any(ev.value is not None and not ev.damaged for ev in res.evidence)
        return replace(res, described=True, evidenced=clean and res.result != REVIEW)
    if res.result == NOT_FOUND:
        return res
    found = best_body_sentence(req, item, context, mode)
    if found is None:
        if res.result == REVIEW:
            return replace(res, described=True)
        reasons = (*[r for r in res.reasons if r != "found_outside_area"], "described_only")
        marked = tuple(replace(ev, result=FAIL) for ev in res.evidence)
        return replace(res, result=FAIL, reasons=reasons, evidence=marked, described=True, credit=0.0,
                       ask=_ask(req, mode, "报告只有标题或笼统表述"))
    pos, start, end, _what = found
    best = Evidence(req.id, context.section_at(pos), req.title, None, "", None, context.text[start:end], start, end,
                    res.result if res.result != REVIEW else PASS)
    # A heading is never evidence: once a body sentence carries the requirement, the heading hits that
    # led to it are left out of what the inspector is shown (the section path still names the heading).
    report = _report(context)
    rest = tuple(ev for ev in res.evidence
                 if (ev.start, ev.end) != (start, end) and not report.in_title((ev.start + ev.end) // 2))
    evidence = (best, *rest) if res.result == PASS else (*res.evidence, best)
    return replace(res, evidence=evidence, described=True, evidenced=True)


__all__ = ["DEFAULT_SUBSTANCE", "assess", "best_body_sentence", "concrete", "substance_of"]
