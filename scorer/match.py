"""Match sections to rubric areas and items, using headings AND body text.

Counties reorder areas, paraphrase headings as slogans, merge two areas under one heading, drop area
headings, or write points as 一是…二是… prose; so the area of a section is decided from its heading's
likeness to area titles and aliases plus the rubric keywords found in its text, with a pull towards
its parent's area. Top-level parts about the year's key work (K), problems (P), rectification (R)
and the self-check (S) are recognised by their words and pass their area to everything inside.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from scheme.model import Area, Rubric
from scorer.document import Document, Section
from scorer.lookup import OwnerLookup, likeness
from scorer.normalize import fold
from scorer.result import SectionMatch
from scorer.sequence import best_run
from scorer.terms import TermIndex

SCORED = frozenset("ABCDEFGH")
PART_AREAS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("S", re.compile(r"自查|自评工作|基本情况|工作开展情况")),
    ("P", re.compile(r"问题|不足|短板|困难|差距|薄弱环节")),
    ("R", re.compile(r"整改|下一步|打算|计划|努力方向|工作思路|改进措施")),
    ("K", re.compile(r"重点(教育)?工作|重点任务落实|20\d\d年?(度)?(重点|主要)工作")),
)
UMBRELLA = re.compile(r"履行教育职责|履职情况|履职工作")
# A heading of any level up to 2 that names rectification or problems outright.
STRONG_HEADING = (("R", re.compile(r"(问题|反馈).{0,8}整改|整改(情况|措施|落实|工作)")),
                  ("P", re.compile(r"存在的?(主要)?问题|问题清单")))
# Opening words of a paragraph that turns to problems or to next steps.
PARAGRAPH_CUES = (("P", re.compile(r"^.{0,6}(在肯定成绩的同时|同时也要看到|但也存在|存在的?(主要)?问题|还存在|仍存在"
                                   r"|不足之处)")),
                  ("R", re.compile(r"^.{0,4}(下一步|今后|接下来|针对上述问题|针对以上问题|下步)")),
                  ("S", re.compile(r"自评工作(领导小组|方案|部署|专班)|履职评价工作|自查清单|自评材料")))
R_CUES = re.compile(r"整改|下一步|措施|将")
PARENT_PULL = 2.5
MIN_AREA_SCORE = 1.0  # below this a section gets no area of its own (it keeps its parent's, if any)
# Runs of heading-less sibling points (scorer.sequence): what a change of area between neighbours costs, and
# how many free points make a run.
# 2.0 is about two terms found in one area only: a point switches area on stronger evidence than that.
# (Chosen on generated reports of seed 11; benchmarks/heldout.py reports seed 7.)
SWITCH_COST = 2.0
MIN_RUN = 3
CONTINUES = {"P": "接续上文问题部分 / continues the problems opened above",
             "R": "接续上文整改打算 / continues the next steps opened above"}
NON_EVALUATIVE = frozenset({"front", "back", "chrome"})
Decision = tuple[str | None, float, str, bool]  # area, confidence, reason, whether children must keep it


@dataclass
class _AreaTerms:
    area: Area
    names: tuple[str, ...]
    terms: tuple[str, ...]


def _area_terms(rubric: Rubric) -> list[_AreaTerms]:
    out = []
    for area in rubric.areas:
        terms = set(area.keywords)
        for item in area.items:
            terms.update(item.keywords)
        out.append(_AreaTerms(area, (area.title, *area.aliases), tuple(sorted(terms))))
    return out


def _part_area(heading: str) -> str | None:
    if UMBRELLA.search(heading) and not re.search(r"问题|整改|重点", heading):
        return None
    for area, pattern in PART_AREAS:
        if pattern.search(heading):
            return area
    return ""


def match_sections(document: Document, rubric: Rubric, index: TermIndex) -> tuple[SectionMatch, ...]:  # noqa: PLR0915 - one traversal's shared state
    """Return a ``SectionMatch`` for every section of the document, in document order."""
    table = _area_terms(rubric)
    term_weight = _term_weights(table)
    areas = OwnerLookup([(e.area.id, e.terms, e.names) for e in table], index)
    scorer = _AreaScorer(table, term_weight, areas)
    items = _item_lookup(rubric, index)
    out: dict[str, SectionMatch] = {}
    decided: dict[tuple[str, str | None, bool], Decision] = {}

    def decide(section: Section, inherited: str | None, fixed: bool) -> Decision:
        key = (section.id, inherited, fixed)  # umbrella checks decide children that are decided again later
        if key not in decided:
            decided[key] = _decide(section, inherited, fixed, index, scorer)
        return decided[key]

    smoothed: dict[str, Decision] = {}

    def run_areas(run: list[Section]) -> None:
        """Areas of sibling points that have no area of their own to inherit, decided as one run."""
        free = {c.id for c in run if not c.children and c.kind in {"heading", "paragraph"}
                and _decide_by_words(c, index) is None}
        if len(free) >= MIN_RUN:
            points: list[dict[str | None, float] | str | None] = []
            for child in run:
                if child.id in free:
                    scores, _reasons = scorer.scores(child, None)
                    points.append({**scores, None: MIN_AREA_SCORE})
                else:
                    points.append(decide(child, None, False)[0])
            anchors = {p for p in points if not isinstance(p, dict)} - set(SCORED) - {None}
            labels = best_run(points, [*sorted(SCORED), *sorted(anchors), None], SWITCH_COST)
            for child, label in zip(run, labels, strict=True):
                own = decide(child, None, False)
                if child.id in free and label != own[0]:
                    was = own[0] or "无"
                    smoothed[child.id] = (label, 0.5, f"与相邻各点连贯 follows neighbouring points: {label or '无'}"
                                                      f"（本段单看为 {was} / on its own {own[0]}）", False)
        smoothed.update(_continued_parts(run, index))

    def visit(top: Section, inherited: str | None, fixed: bool) -> None:
        """Decide ``top`` and everything under it, in pre-order.

        A stack, not recursion: a recursive closure is a reference cycle, which would hold this call's indexes
        and caches until the cyclic collector ran.
        """
        stack = [(top, inherited, fixed)]
        while stack:
            section, inherited, fixed = stack.pop()
            if section.kind in NON_EVALUATIVE:
                out[section.id] = SectionMatch(section.id, None, 1.0, "非评价内容 non-evaluative text")
                continue
            decision = smoothed.get(section.id) or decide(section, inherited, fixed)
            if not decision[3] and decision[0] in SCORED:
                decision = _umbrella(section, decision, decide, table) or decision
            area, confidence, reason, fixed_here = decision
            out[section.id] = SectionMatch(section.id, area, confidence, reason,
                                           _items_for(section, area, rubric, items))
            if area is None and not fixed_here:
                run_areas([c for c in section.children if c.kind not in NON_EVALUATIVE])
            stack.extend((child, area, fixed_here) for child in reversed(section.children))

    run_areas([top for top in document.sections if top.kind not in NON_EVALUATIVE])
    previous: str | None = None
    for top in document.sections:
        if previous == "P" and top.kind == "part" and _part_area(top.heading) == "" and R_CUES.search(
                document.text[top.start:top.end]):
            visit_fixed(top, "R", out, rubric, items)
        else:
            visit(top, None, False)
        previous = out[top.id].area if top.id in out else previous
    return tuple(out[s.id] for s in document.walk())


def _continued_parts(run: list[Section], index: TermIndex) -> dict[str, Decision]:
    """Paragraphs after one that opens the problems (P), or the next steps (R) after the problems, stay in that part.

    Without headings, "在肯定成绩的同时……还存在一些问题" or "下一步……" opens a part whose later paragraphs name
    only their topic (校园安全、学前教育…); they stay in the part until a heading or another opening. A "下一步"
    before any problems is usually the last word of one area's account, not the report's next-steps part: it
    opens nothing.
    """
    out: dict[str, Decision] = {}
    part: str | None = None
    seen_problems = False
    for child in run:
        words = _decide_by_words(child, index) if child.kind == "paragraph" else None
        if child.kind == "paragraph" and words is None:
            if part is not None:
                out[child.id] = (part, 0.6, CONTINUES[part], True)
            continue
        opened = words[0] if words is not None else None
        seen_problems = seen_problems or opened == "P"
        part = opened if opened == "P" or (opened == "R" and seen_problems) else None
    return out


def visit_fixed(section: Section, area: str, out: dict[str, SectionMatch], rubric: Rubric,
                items: OwnerLookup) -> None:
    """Give a section and everything inside it one area (a part recognised by its place, e.g. after P)."""
    for node in section.walk():
        reason = "问题部分之后的部分视为整改措施 / the part after the problems part is the rectification"
        out[node.id] = SectionMatch(node.id, area, 0.7, reason, _items_for(node, area, rubric, items))


def _item_lookup(rubric: Rubric, index: TermIndex) -> OwnerLookup:
    return OwnerLookup([(item.id, item.keywords, (item.title, *item.aliases)) for item in rubric.items], index)


def _umbrella(section: Section, decision: Decision, decide: Callable[[Section, str | None, bool], Decision],
              table: list[_AreaTerms]) -> Decision | None:
    """None-area decision for a heading whose sub-headings cover several areas (umbrella or merged heading)."""
    heads = [c for c in section.children if c.kind in {"heading", "part", "paragraph"}]
    if len(heads) < 2:
        return None
    areas = {decide(child, None, False)[0] for child in heads} - {None}
    areas &= SCORED
    if len(areas) >= 3:
        return None, 0.8, f"总述标题，下属内容涉及 {''.join(sorted(areas))} / umbrella over {sorted(areas)}", False
    if len(areas) == 2 and section.heading:
        named = [a for a in areas if likeness(section.heading, next(t.names for t in table if t.area.id == a)) >= 0.2]
        if len(named) == 2:
            return None, 0.7, f"合并标题，涉及 {''.join(sorted(areas))} / merged heading over {sorted(areas)}", False
    return None


def _term_weights(table: list[_AreaTerms]) -> dict[str, float]:
    """A term shared by several areas says less about any one of them (idf-like)."""
    counts: dict[str, int] = {}
    for entry in table:
        for term in entry.terms:
            counts[term] = counts.get(term, 0) + 1
    return {term: 1.0 / n for term, n in counts.items()}


def _decide(section: Section, inherited: str | None, fixed: bool, index: TermIndex, scorer: _AreaScorer) -> Decision:
    """Return (area, confidence, reason, whether children must keep it)."""
    if fixed:
        return inherited, 1.0, f"属于上级部分 {inherited} / inside a {inherited} part", True
    by_words = _decide_by_words(section, index)
    if by_words is not None:
        return by_words
    return _decide_by_terms(section, inherited, scorer)


def _decide_by_words(section: Section, index: TermIndex) -> tuple[str | None, float, str, bool] | None:
    """Areas that words alone settle: K/P/R/S part headings, rectification headings, paragraph openings."""
    if section.level <= 2 and section.kind in {"part", "heading"}:
        for area, pattern in STRONG_HEADING:
            if pattern.search(section.heading):
                return area, 0.9, f"标题 heading: {section.heading}", True
    if section.kind == "paragraph":
        opening = index.folded[section.start:section.start + 40].strip()
        for area, pattern in PARAGRAPH_CUES:
            if pattern.search(opening):
                return area, 0.8, f"段首用语 opening words: {opening[:12]}", True
    if section.level == 1 and section.kind == "part":
        part = _part_area(section.heading)
        if part is None:
            return None, 0.9, f"总述部分（涵盖A–H） / umbrella part: {section.heading}", False
        if part:
            return part, 0.95, f"部分标题 part heading: {section.heading}", True
    return None


_folded = lru_cache(maxsize=8192)(fold)  # rubric terms, folded once


class _AreaScorer:
    """Scores of A–H per section; the part that does not depend on the parent is worked out once per section."""

    def __init__(self, table: list[_AreaTerms], weights: dict[str, float], areas: OwnerLookup) -> None:
        self.table, self.weights, self.areas = table, weights, areas
        self._base: dict[str, tuple[dict[str, float], dict[str, dict[str, int]]]] = {}

    def scores(self, section: Section, inherited: str | None) -> tuple[dict[str, float], dict[str, dict[str, int]]]:
        """Score of each of A–H (heading likeness, rubric terms, parent pull) and the terms found (do not modify)."""
        base = self._base.get(section.id)
        if base is None:
            base = self._base[section.id] = _area_scores(section, self.table, self.weights, self.areas)
        scores, reasons = base
        if inherited in scores:
            scores = dict(scores)
            scores[inherited] += PARENT_PULL
        return scores, reasons


def _area_scores(section: Section, table: list[_AreaTerms], weights: dict[str, float],
                 areas: OwnerLookup) -> tuple[dict[str, float], dict[str, dict[str, int]]]:
    """Score of each of A–H for a section before any parent pull (heading likeness, rubric terms), terms found."""
    heading = fold(section.heading)
    scores: dict[str, float] = {}
    reasons: dict[str, dict[str, int]] = {}
    found_all = areas.found([(section.start, section.end)])
    likes = areas.likeness(section.heading)
    for i, entry in enumerate(table):
        if entry.area.id not in SCORED:
            continue
        found = found_all.get(i, {})
        if not found and i not in likes:  # most areas, for any one section: nothing to add up
            scores[entry.area.id], reasons[entry.area.id] = 0.0, found
            continue
        head = 4.0 * likes.get(i, 0.0) if section.heading else 0.0
        in_heading = [t for t in found if _folded(t) in heading] if heading else []
        body = sum(weights[t] * (1 + math.log(n)) for t, n in found.items())
        scores[entry.area.id] = head + 1.5 * sum(weights[t] for t in in_heading) + body
        reasons[entry.area.id] = found
    return scores, reasons


def _top_terms(found: dict[str, int]) -> list[str]:
    """The six terms found most often (the first found first on ties), for a decision's reason."""
    return sorted(found, key=lambda t: -found[t])[:6]


def _decide_by_terms(section: Section, inherited: str | None, scorer: _AreaScorer) -> Decision:
    """Score A–H by heading likeness and rubric terms in the section, with a pull towards the parent's area."""
    scores, reasons = scorer.scores(section, inherited)
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    best, best_score = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    if best_score < MIN_AREA_SCORE:
        if inherited in SCORED:
            return inherited, 0.4, f"沿用上级领域 inherited from parent: {inherited}", False
        return None, 0.3, "未匹配到评价领域 no area matched", False
    confidence = round(best_score / (best_score + second), 2) if best_score + second else 0.0
    terms = "、".join(_top_terms(reasons[best])) or "-"
    return best, confidence, f"标题与关键词 heading and terms: {terms}", False


def _items_for(section: Section, area: str | None, rubric: Rubric, items: OwnerLookup) -> tuple[
        tuple[str, float, tuple[str, ...]], ...]:
    """Items this section evidences (own text and heading), with confidence and matched terms."""
    if area is None and section.kind == "part":
        return ()
    spans = section.own_spans() + [(c.start, c.end) for c in section.children if c.kind == "enum"]
    found_all = items.found(spans)
    likes = items.likeness(section.heading) if section.heading else {}
    out = []
    all_items = rubric.items
    # an item with neither a term in the section nor a heading like its names cannot reach strength 1
    for i in sorted(found_all.keys() | likes.keys()):
        item = all_items[i]
        if area in {"P", "R", "S", "K"} and item.area != area:
            continue
        if item.area in {"P", "R", "S", "K"} and item.area != area:
            continue
        found = found_all.get(i, {})
        strength = len(found) + 3 * likes.get(i, 0.0)
        needed = 1.0 if item.area == area else 2.0
        if strength >= needed:
            out.append((item.id, round(min(1.0, strength / 4), 2), tuple(sorted(found))))
    return tuple(sorted(out, key=lambda x: -x[1]))
