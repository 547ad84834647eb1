"""Points of a heading-less run (scorer.match): which sections are points, and what their openings add.

A run's points are scored by their rubric terms (scorer.match); these helpers add what the report's own
discourse says: a topic named in the first clause (在…方面，), the register of the problems or the measures,
whether a closing remark may start at a point, and which points bind the parts' order (scorer.sequence).
"""

from __future__ import annotations

from scorer.discourse import OPENING_CHARS, Opening, Turn, opening
from scorer.document import Section
from scorer.lookup import OwnerLookup
from scorer.match_weights import WEIGHTS as W
from scorer.part_roles import register
from scorer.roles import RoleCues
from scorer.terms import TermIndex


def point_opening(section: Section, index: TermIndex) -> Opening:
    """How a heading-less paragraph opens (scorer.discourse); headings say nothing this way."""
    if section.kind != "paragraph":
        return Opening(Turn.NONE)
    return opening(index.folded[section.start:section.start + OPENING_CHARS])


def binding(points: list[dict[str | None, float] | str | None], cues: RoleCues) -> list[bool]:
    """Which points of a top-level run bind what follows to the parts' order (scorer.sequence.best_run).

    A free point does, and so does a paragraph whose opening words turn to the key work or the problems; one
    turning to the measures does only after the problems have been opened (a 下一步 before them is the last
    word of one area's account, as in ``scorer.match._continued_parts``).
    """
    out, problems_seen = [], False
    for point in points:
        problems_seen = problems_seen or point == cues.problems
        out.append(isinstance(point, dict) or point in (cues.key_work, cues.problems)
                   or (point == cues.rectification and problems_seen))
    return out


def has_area_words(point: dict[str | None, float] | str | None) -> bool:
    """A free point whose best area scores above the no-area floor."""
    return isinstance(point, dict) and max(point.values()) > W.min_area_score


def with_topic(scores: dict[str, float], topic: str, area_ids: list[str], areas: OwnerLookup) -> dict[str, float]:
    """A paragraph's area scores plus the topic its first clause names, weighed like a heading's likeness."""
    out = dict(scores)
    for i, like in areas.likeness(topic).items():
        area = area_ids[i]
        if area in out:
            out[area] += W.heading_likeness * like
    return out


def with_register(scores: dict[str, float], text: str, cues: RoleCues) -> dict[str, float]:
    """A paragraph at the top of a heading-less report: the problems' or the measures' register counts for them.

    Problems and measures talk about the scored areas' topics; what sets them apart is how they speak (不足, 有待
    against 力争, 下一步: ``scorer.part_roles.register``). A paragraph in one register scores for that part at its
    best topic's score plus ``register``; the run's order (the problems and the measures come last) keeps a
    stray word in an account of the areas from opening them.
    """
    role = register(text, cues)
    part = getattr(cues, role) if role else None
    if part not in scores:
        return scores
    topic = max((v for k, v in scores.items() if k not in (cues.problems, cues.rectification, cues.key_work)),
                default=0.0)
    return {**scores, part: max(scores[part], topic) + W.register}


def is_point(section: Section) -> bool:
    """A heading-less point of a run: a paragraph or childless heading; a paragraph's 一是…二是… stay inside it."""
    if section.kind == "paragraph":
        return all(c.kind == "enum" for c in section.children)
    return section.kind == "heading" and not section.children
