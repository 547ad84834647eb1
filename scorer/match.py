"""Match sections to rubric areas and items, using headings AND body text.

Counties reorder areas, paraphrase headings as slogans, merge two areas under one heading, drop area
headings, or write points as 一是…二是… prose; so the area of a section is decided from its heading's
likeness to area titles and aliases plus the rubric keywords found in its text, with a pull towards
its parent's area. Top-level parts about the year's key work, problems, rectification and the
self-check are recognised by their role's words (``scorer.roles``: the rubric says which area has which
role) and pass their area to everything inside.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from scheme.model import Area, Rubric
from scorer.discourse import Turn
from scorer.document import Document, Section
from scorer.lookup import OwnerLookup, likeness
from scorer.match_weights import WEIGHTS, MatchWeights
from scorer.normalize import fold
from scorer.part_roles import combined_children, covers_scored, is_combined, weak_part
from scorer.result import SectionMatch
from scorer.roles import RoleCues, role_cues
from scorer.run_points import binding, has_area_words, is_point, point_opening, with_register, with_topic
from scorer.sequence import best_run
from scorer.terms import TermIndex

W: MatchWeights = WEIGHTS  # every weight, threshold and confidence, with how it was chosen (scorer.match_weights)
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


NO_PART = ("", "")  # a level-1 heading that names no part


def _part_area(heading: str, cues: RoleCues) -> tuple[str | None, str] | None:
    """(area, role) of the part a level-1 heading names, ``NO_PART``, or ``None`` for an umbrella over scored areas.

    The area is ``None`` when the rubric gives the named role to no area.
    """
    if cues.umbrella.search(heading) and not cues.umbrella_unless.search(heading):
        return None
    for area, role, pattern in cues.part_headings:
        if pattern.search(heading):
            return area, role
    return NO_PART


def match_sections(document: Document, rubric: Rubric, index: TermIndex) -> tuple[SectionMatch, ...]:  # noqa: PLR0915 - one traversal's shared state
    """Return a ``SectionMatch`` for every section of the document, in document order."""
    table = _area_terms(rubric)
    term_weight = _term_weights(table)
    areas = OwnerLookup([(e.area.id, e.terms, e.names) for e in table], index)
    cues = role_cues(rubric)
    scored = cues.scored
    scorer = _AreaScorer(table, term_weight, areas, scored)
    items = _item_lookup(rubric, index)
    out: dict[str, SectionMatch] = {}
    decided: dict[tuple[str, str | None, bool], Decision] = {}

    def decide(section: Section, inherited: str | None, fixed: bool) -> Decision:
        key = (section.id, inherited, fixed)  # umbrella checks decide children that are decided again later
        if key not in decided:
            decided[key] = _decide(section, inherited, fixed, index, scorer, cues)
        return decided[key]

    smoothed: dict[str, Decision] = {}

    tail = frozenset({cues.key_work, cues.problems, cues.rectification} - {None})

    def run_areas(run: list[Section], top: bool = False) -> None:
        """Areas of sibling points that have no area of their own to inherit, decided as one run.

        At the top of the document (no part headings at all) a run may also end in the problems and the
        measures: their rubric words score those parts like any area, and the run keeps them together. (Not
        the key work: its words, 2022年 and 截至目前, stand in any area's account; tried, it lost 3 points.)
        """
        ends = tail if top else frozenset()
        free = {c.id for c in run if is_point(c) and _decide_by_words(c, index, cues) is None}
        if len(free) >= W.min_run:
            points: list[dict[str | None, float] | str | None] = []
            turns = [point_opening(child, index) for child in run]
            for child, turn in zip(run, turns, strict=True):
                if child.id in free:
                    scores, _reasons = scorer.scores(child, None)
                    if ends:
                        scores = {**scores, **_area_scores(child, table, term_weight, areas, ends)[0]}
                        scores = with_register(scores, index.folded[child.start:child.end], cues)
                    if turn.topic:
                        scores = with_topic(scores, turn.topic, [e.area.id for e in table], areas)
                    points.append({**scores, None: W.min_area_score})
                else:
                    points.append(decide(child, None, False)[0])
            anchors = {p for p in points if not isinstance(p, dict)} - scored - {None}
            costs = [W.switch_cost * W.turn_factor[turn.turn.value] for turn in turns]
            # a closing remark is what has no area's words: it does not begin at a paragraph that has them
            closing = [turn.turn is not Turn.CONTINUES and not has_area_words(point)
                       for turn, point in zip(turns, points, strict=True)]
            labels = best_run(points, [*sorted(scored), *sorted(anchors | ends), None], costs, closing,
                              final=[a for a in (cues.key_work, cues.problems, cues.rectification) if a in ends],
                              binding=binding(points, cues))
            for child, label in zip(run, labels, strict=True):
                own = decide(child, None, False)
                if child.id in free and label != own[0]:
                    was = own[0] or "无"
                    smoothed[child.id] = (label, W.conf_smoothed,
                                          f"与相邻各点连贯 follows neighbouring points: {label or '无'}"
                                          f"（本段单看为 {was} / on its own {own[0]}）", False)
        smoothed.update(_continued_parts(run, index, cues))

    def visit(top: Section, inherited: str | None, fixed: bool) -> None:
        """Decide ``top`` and everything under it, in pre-order.

        A stack, not recursion: a recursive closure is a reference cycle, which would hold this call's indexes
        and caches until the cyclic collector ran.
        """
        stack = [(top, inherited, fixed)]
        while stack:
            section, inherited, fixed = stack.pop()
            if section.kind in NON_EVALUATIVE:
                out[section.id] = SectionMatch(section.id, None, W.conf_inside_part, "非评价内容 non-evaluative text")
                continue
            decision = smoothed.get(section.id) or decide(section, inherited, fixed)
            if not decision[3] and decision[0] in scored:
                decision = _umbrella(section, decision, decide, table, scored) or decision
            area, confidence, reason, fixed_here = decision
            out[section.id] = SectionMatch(section.id, area, confidence, reason,
                                           _items_for(section, area, rubric, items, cues.own_part))
            if area is None and not fixed_here and is_combined(section, cues):
                smoothed.update(combined_children(section, index, cues, lambda c: _decide_by_words(c, index, cues),
                                                  W.conf_merged))
            elif area is None and not fixed_here:
                run_areas([c for c in section.children if c.kind not in NON_EVALUATIVE])
            stack.extend((child, area, fixed_here) for child in reversed(section.children))

    run_areas([top for top in document.sections if top.kind not in NON_EVALUATIVE], top=True)
    previous: str | None = None
    after_area, after_words = cues.after_problems
    for top in document.sections:
        if (previous is not None and previous == cues.problems and after_area is not None and top.kind == "part"
                and _part_area(top.heading, cues) == NO_PART and after_words.search(document.text[top.start:top.end])):
            visit_fixed(top, after_area, out, rubric, items, cues.own_part)
        else:
            visit(top, None, False)
        previous = out[top.id].area if top.id in out else previous
    return tuple(out[s.id] for s in document.walk())


def _continued_parts(run: list[Section], index: TermIndex, cues: RoleCues) -> dict[str, Decision]:
    """Paragraphs after one that opens the problems, or the next steps after the problems, stay in that part.

    Without headings, "在肯定成绩的同时……还存在一些问题" or "下一步……" opens a part whose later paragraphs name
    only their topic (校园安全、学前教育…); they stay in the part until a heading or another opening. A "下一步"
    before any problems is usually the last word of one area's account, not the report's next-steps part: it
    opens nothing.
    """
    out: dict[str, Decision] = {}
    part: str | None = None
    seen_problems = False
    for child in run:
        words = _decide_by_words(child, index, cues) if child.kind == "paragraph" else None
        if child.kind == "paragraph" and words is None:
            if part is not None:
                out[child.id] = (part, W.conf_continued, cues.continues[part], True)
            continue
        opened = words[0] if words is not None else None
        role = cues.roles.get(opened) if opened else None
        seen_problems = seen_problems or role == "problems"
        opens = role == "problems" or (role == "rectification" and seen_problems)
        part = opened if opens and opened in cues.continues else None
    return out


def visit_fixed(section: Section, area: str, out: dict[str, SectionMatch], rubric: Rubric,
                items: OwnerLookup, own_part: frozenset[str]) -> None:
    """Give a section and everything inside it one area (a part recognised by its place: after the problems)."""
    for node in section.walk():
        reason = "问题部分之后的部分视为整改措施 / the part after the problems part is the rectification"
        out[node.id] = SectionMatch(node.id, area, W.conf_merged, reason,
                                    _items_for(node, area, rubric, items, own_part))


def _item_lookup(rubric: Rubric, index: TermIndex) -> OwnerLookup:
    return OwnerLookup([(item.id, item.keywords, (item.title, *item.aliases)) for item in rubric.items], index)


def _umbrella(section: Section, decision: Decision, decide: Callable[[Section, str | None, bool], Decision],
              table: list[_AreaTerms], scored: frozenset[str]) -> Decision | None:
    """None-area decision for a heading whose sub-headings cover several areas (umbrella or merged heading)."""
    heads = [c for c in section.children if c.kind in {"heading", "part", "paragraph"}]
    if len(heads) < 2:
        return None
    areas = {decide(child, None, False)[0] for child in heads} - {None}
    areas &= scored
    if len(areas) >= W.umbrella_areas:
        return (None, W.conf_umbrella,
                f"总述标题，下属内容涉及 {''.join(sorted(areas))} / umbrella over {sorted(areas)}", False)
    if len(areas) == 2 and section.heading:
        named = [a for a in areas
                 if likeness(section.heading, next(t.names for t in table if t.area.id == a)) >= W.merged_likeness]
        if len(named) == 2:
            return (None, W.conf_merged,
                    f"合并标题，涉及 {''.join(sorted(areas))} / merged heading over {sorted(areas)}", False)
    return None


def _term_weights(table: list[_AreaTerms]) -> dict[str, float]:
    """A term shared by several areas says less about any one of them (idf-like)."""
    counts: dict[str, int] = {}
    for entry in table:
        for term in entry.terms:
            counts[term] = counts.get(term, 0) + 1
    return {term: 1.0 / n for term, n in counts.items()}


def _decide(section: Section, inherited: str | None, fixed: bool, index: TermIndex, scorer: _AreaScorer,
            cues: RoleCues) -> Decision:
    """Return (area, confidence, reason, whether children must keep it)."""
    if fixed:
        return inherited, W.conf_inside_part, f"属于上级部分 {inherited} / inside a {inherited} part", True
    by_words = _decide_by_words(section, index, cues)
    if by_words is not None:
        return by_words
    weak = weak_part(section, cues)
    if weak is not None:
        covered = covers_scored(section, lambda c: _decide_by_terms(c, None, scorer)[0], scorer.scored,
                                W.weak_part_cover)
        if covered:
            return None, W.conf_heading, (f"总述部分，下属内容涉及 {''.join(sorted(covered))} / umbrella part over "
                               f"{sorted(covered)}: {section.heading}"), False
        area, role = weak
        why = f"部分标题 part heading: {section.heading}" if area is not None else \
            f"部分标题 part heading ({role}，细则无此部分 / no such area in the rubric): {section.heading}"
        return area, W.conf_part_heading, why, True
    return _decide_by_terms(section, inherited, scorer)


def _decide_by_words(section: Section, index: TermIndex, cues: RoleCues) -> tuple[str | None, float, str, bool] | None:
    """Areas that words alone settle: part headings of the non-scored roles, strong headings, paragraph openings.

    A part of a role the rubric gives to no area keeps no area, and its children keep none either.
    """
    by_heading = _decide_by_heading(section, cues)
    if by_heading is not None:
        return by_heading
    if section.kind == "paragraph":
        opening = index.folded[section.start:section.start + 40].strip()
        for area, role, pattern in cues.openings:
            if pattern.search(opening):
                return area, W.conf_opening, f"段首用语 opening words: {opening[:12]}" if area is not None else \
                    f"段首用语 opening words ({role}): {opening[:12]}", True
    if section.level == 1 and section.kind == "part":
        part = _part_area(section.heading, cues)
        if part is None:
            return None, W.conf_heading, f"总述部分（涵盖各评价重点） / umbrella part: {section.heading}", False
        if part != NO_PART:
            area, role = part
            why = f"部分标题 part heading: {section.heading}" if area is not None else \
                f"部分标题 part heading ({role}，细则无此部分 / no such area in the rubric): {section.heading}"
            return area, W.conf_part_heading, why, True
    return None


def _decide_by_heading(section: Section, cues: RoleCues) -> Decision | None:
    """Headings that name a part outright: a combined problems-and-measures part, sub-headings, strong headings."""
    if is_combined(section, cues):
        return None, W.conf_heading, f"问题与整改合并部分 combined problems-and-measures part: {section.heading}", False
    if section.kind not in {"part", "heading"}:
        return None
    rules = (cues.sub_headings if section.level >= 2 else ()) + (cues.strong_headings if section.level <= 2 else ())
    for area, role, pattern in rules:
        if pattern.search(section.heading):
            return area, W.conf_heading, f"标题 heading ({role}): {section.heading}" if area is None else \
                f"标题 heading: {section.heading}", True
    return None


_folded = lru_cache(maxsize=8192)(fold)  # rubric terms, folded once


class _AreaScorer:
    """Scores of the scored areas per section; the part that does not depend on the parent is worked out once."""

    def __init__(self, table: list[_AreaTerms], weights: dict[str, float], areas: OwnerLookup,
                 scored: frozenset[str]) -> None:
        self.table, self.weights, self.areas, self.scored = table, weights, areas, scored
        self._base: dict[str, tuple[dict[str, float], dict[str, dict[str, int]]]] = {}

    def scores(self, section: Section, inherited: str | None) -> tuple[dict[str, float], dict[str, dict[str, int]]]:
        """Score of each scored area (heading likeness, rubric terms, parent pull), terms found (do not modify)."""
        base = self._base.get(section.id)
        if base is None:
            base = self._base[section.id] = _area_scores(section, self.table, self.weights, self.areas, self.scored)
        scores, reasons = base
        if inherited in scores:
            scores = dict(scores)
            scores[inherited] += W.enum_pull if section.kind == "enum" else W.parent_pull
        return scores, reasons


def _area_scores(section: Section, table: list[_AreaTerms], weights: dict[str, float],
                 areas: OwnerLookup, scored: frozenset[str]) -> tuple[dict[str, float], dict[str, dict[str, int]]]:
    """Score of each scored area for a section before any parent pull (heading likeness, rubric terms), terms found."""
    heading = fold(section.heading)
    scores: dict[str, float] = {}
    reasons: dict[str, dict[str, int]] = {}
    found_all = areas.found([(section.start, section.end)])
    likes = areas.likeness(section.heading)
    for i, entry in enumerate(table):
        if entry.area.id not in scored:
            continue
        found = found_all.get(i, {})
        if not found and i not in likes:  # most areas, for any one section: nothing to add up
            scores[entry.area.id], reasons[entry.area.id] = 0.0, found
            continue
        head = W.heading_likeness * likes.get(i, 0.0) if section.heading else 0.0
        in_heading = [t for t in found if _folded(t) in heading] if heading else []
        body = sum(weights[t] * (1 + math.log(n)) for t, n in found.items())
        scores[entry.area.id] = head + W.term_in_heading * sum(weights[t] for t in in_heading) + body
        reasons[entry.area.id] = found
    return scores, reasons


def _top_terms(found: dict[str, int]) -> list[str]:
    """The six terms found most often (the first found first on ties), for a decision's reason."""
    return sorted(found, key=lambda t: -found[t])[:6]


def _decide_by_terms(section: Section, inherited: str | None, scorer: _AreaScorer) -> Decision:
    """Score the scored areas by heading likeness and rubric terms, with a pull towards the parent's area."""
    scores, reasons = scorer.scores(section, inherited)
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    best, best_score = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    if best_score < W.min_area_score:
        if inherited in scorer.scored:
            return inherited, W.conf_inherited, f"沿用上级领域 inherited from parent: {inherited}", False
        return None, W.conf_no_area, "未匹配到评价领域 no area matched", False
    confidence = round(best_score / (best_score + second), 2) if best_score + second else 0.0
    terms = "、".join(_top_terms(reasons[best])) or "-"
    return best, confidence, f"标题与关键词 heading and terms: {terms}", False


def _items_for(section: Section, area: str | None, rubric: Rubric, items: OwnerLookup,
               own_part: frozenset[str]) -> tuple[tuple[str, float, tuple[str, ...]], ...]:
    """Items this section evidences (own text and heading), with confidence and matched terms.

    A part of a non-scored role (``own_part``) evidences only its own items, and its items only it.
    """
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
        if (area in own_part or item.area in own_part) and item.area != area:
            continue
        found = found_all.get(i, {})
        strength = len(found) + W.item_heading_likeness * likes.get(i, 0.0)
        needed = W.item_needed_own if item.area == area else W.item_needed_other
        if strength >= needed:
            out.append((item.id, round(min(1.0, strength / W.item_full_strength), 2), tuple(sorted(found))))
    return tuple(sorted(out, key=lambda x: -x[1]))
