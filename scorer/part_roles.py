"""Parts recognised by their role wherever they stand: combined problems-and-measures parts, weak part headings.

A county may put its problems and its measures in one part (二、存在的问题及整改措施) and split it by
sub-headings (（一）存在的问题 / （二）整改措施) or only by its paragraphs; and may head its account of the
scored areas 一、工作开展情况及成效, words that elsewhere name the self-check part. These helpers decide
such parts from ``scorer.roles`` cue words (data, not code) and from what the part's sub-sections cover.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from scorer.document import Section
from scorer.roles import RoleCues
from scorer.terms import TermIndex

Decision = tuple[str | None, float, str, bool]  # area, confidence, reason, whether children must keep it
SPLIT = frozenset({"heading", "part", "paragraph"})  # sub-sections a part is split into (not enums, chrome)


def register(text: str, cues: RoleCues) -> str | None:
    """The role (``problems`` or ``rectification``) whose register a text is in: its words and not the other's.

    ``None`` when the text has both registers or neither (roles.yaml ``combined`` words).
    """
    measures, problems = cues.combined[2], cues.combined[3]
    says_measures, says_problems = measures.search(text) is not None, problems.search(text) is not None
    if says_measures and not says_problems:
        return "rectification"
    if says_problems and not says_measures:
        return "problems"
    return None


def is_combined(section: Section, cues: RoleCues) -> bool:
    """Whether a heading of level 1-2 names both the problems and the measures (and no earlier round's feedback)."""
    heading, unless = cues.combined[0], cues.combined[1]
    return (section.level <= 2 and section.kind in {"part", "heading"} and bool(section.heading)
            and heading.search(section.heading) is not None and unless.search(section.heading) is None)


def combined_children(section: Section, index: TermIndex, cues: RoleCues,
                      by_words: Callable[[Section], Decision | None], confidence: float) -> dict[str, Decision]:
    """Areas of the sub-sections of a combined part: problems until the measures begin.

    A sub-section whose heading or opening names its part (``by_words``) keeps that; any other takes the part
    the text is in, switching to the measures on a paragraph with measure words and no problem words, and back
    on one with problem words and no measure words. Each keeps its area for everything inside it.
    """
    current = cues.problems
    headed = False  # a sub-heading was seen: the part is split by sub-headings, problems first
    out: dict[str, Decision] = {}
    for child in section.children:
        if child.kind not in SPLIT:
            continue
        words = by_words(child)
        if words is not None and words[0] is not None and words[0] in (cues.problems, cues.rectification):
            out[child.id], current = words, words[0]
            headed = headed or bool(child.heading)
            continue
        if words is not None:
            out[child.id] = words
            continue
        if child.heading and child.kind in {"heading", "part"}:
            # a sub-heading of its own words (主要问题, 下一步打算), else the one after the problems' is the measures
            current = _heading_role(child.heading, cues) or (cues.rectification if headed else cues.problems)
            headed = True
        else:
            role = register(index.folded[child.start:child.end], cues)
            current = getattr(cues, role) if role else current
        reason = ("问题与整改合并部分，按上下文归入 / combined problems-and-measures part, by context: "
                  f"{current or '无'}")
        out[child.id] = (current, confidence, reason, True)
    return out


def _heading_role(heading: str, cues: RoleCues) -> str | None:
    """The problems or rectification area a sub-heading's part-heading words name, or ``None``."""
    for area, role, pattern in cues.part_headings:
        if role in {"problems", "rectification"} and pattern.search(heading):
            return area
    return None


def weak_part(section: Section, cues: RoleCues) -> tuple[str | None, str] | None:
    """(area, role) a level-1 part heading names only weakly (基本情况, 工作开展情况), or ``None``."""
    if section.level != 1 or section.kind != "part" or not section.heading:
        return None
    for area, role, pattern in cues.weak_part_headings:
        if pattern.search(section.heading):
            return area, role
    return None


def covers_scored(section: Section, area_of: Callable[[Section], str | None], scored: Iterable[str],
                  least: int) -> set[str]:
    """The scored areas the sub-sections of ``section`` are about, when there are at least ``least`` of them."""
    areas = {area_of(child) for child in section.children if child.kind in SPLIT} & set(scored)
    return areas if len(areas) >= least else set()
