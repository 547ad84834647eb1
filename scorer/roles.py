"""Area roles: which rubric area is the key work, the problems, the rectification or the self-check part.

A rubric gives every area a ``role`` (``scheme.model.ROLES``); the generic cue words of each role live in
``scorer/data/roles.yaml`` (checked against ``roles.schema.json``), and a rubric area may add its own ``cues``.
``role_cues(rubric)`` joins the two into compiled patterns keyed by the rubric's area ids, so matching and
evidence never name an area: a rubric whose problems area is ``Q`` works as one whose problems area is ``P``.
A role the rubric gives to no area is still recognised (its part is read as that role, with no area).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from scheme.model import Rubric
from scorer.data_files import validated_data


def roles_data() -> dict[str, Any]:
    """The validated contents of ``scorer/data/roles.yaml``."""
    return validated_data("roles")


Rule = tuple[str | None, str, re.Pattern[str]]  # (area id or None when the rubric has none, role, pattern)


@dataclass(frozen=True)
class RoleCues:
    """The role cues of one rubric, compiled, with each role resolved to the rubric's area id.

    Attributes:
        scored: Ids of the scored areas (the 评价重点).
        own_part: Ids of areas whose items look only in their own part (problems, rectification, self-check,
            info).
        key_work: Id of the key-work area, or ``None``.
        problems: Id of the problems area, or ``None``.
        rectification: Id of the rectification area, or ``None``.
        part_headings: Level-1 part headings, tried in order.
        weak_part_headings: Level-1 part headings that name the part only when the part does not cover
            several scored areas, tried after ``part_headings``.
        combined: (heading, unless, measure words, problem words): a heading of level 1-2 naming both the
            problems and the measures, and the words that tell its heading-less paragraphs apart.
        sub_headings: Headings below level 1 that name a part outright, tried before ``strong_headings``.
        strong_headings: Headings of level 1-2 that name a part outright, tried in order.
        openings: Paragraph openings that turn to a part, tried in order.
        umbrella: A level-1 part over all scored areas.
        umbrella_unless: ...unless it also names one of these.
        after_problems: (area id, pattern): a part with no cue right after the problems part.
        continues: Area id -> why a paragraph stays in the part opened above.
        roles: Area id -> role.
    """

    scored: frozenset[str]
    own_part: frozenset[str]
    key_work: str | None
    problems: str | None
    rectification: str | None
    part_headings: tuple[Rule, ...]
    weak_part_headings: tuple[Rule, ...]
    combined: tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]
    sub_headings: tuple[Rule, ...]
    strong_headings: tuple[Rule, ...]
    openings: tuple[Rule, ...]
    umbrella: re.Pattern[str]
    umbrella_unless: re.Pattern[str]
    after_problems: tuple[str | None, re.Pattern[str]]
    continues: dict[str, str]
    roles: dict[str, str]


_CACHE: dict[int, tuple[Rubric, RoleCues]] = {}


def role_cues(rubric: Rubric) -> RoleCues:
    """The compiled role cues of ``rubric`` (built once per rubric object)."""
    hit = _CACHE.get(id(rubric))
    if hit is not None and hit[0] is rubric:
        return hit[1]
    cues = _build(rubric, roles_data())
    if len(_CACHE) >= 16:
        _CACHE.clear()
    _CACHE[id(rubric)] = (rubric, cues)
    return cues


def _build(rubric: Rubric, data: dict[str, Any]) -> RoleCues:
    area_of = {role: rubric.area_for_role(role) for role in ("key_work", "problems", "rectification",
                                                             "self_check", "info")}
    own_words: dict[str, list[str]] = {}
    for area in rubric.areas:
        if area.role != "scored":
            own_words.setdefault(area.role, []).extend(area.cues)

    def rules(key: str, extra: bool = False) -> tuple[Rule, ...]:
        out = []
        for rule in data[key]:
            pattern = rule["pattern"]
            words = own_words.get(rule["role"], []) if extra else []
            if words:  # the rubric's own words for this part, as literal alternatives
                pattern = "|".join([pattern, *(re.escape(w) for w in words)])
            out.append((area_of[rule["role"]], rule["role"], re.compile(pattern)))
        return tuple(out)

    after, combined = data["after_problems"], data["combined"]
    return RoleCues(
        scored=rubric.scored_areas,
        own_part=frozenset(a.id for a in rubric.areas if a.role != "scored"),
        key_work=area_of["key_work"], problems=area_of["problems"], rectification=area_of["rectification"],
        part_headings=rules("part_headings", extra=True), weak_part_headings=rules("weak_part_headings"),
        combined=(re.compile(combined["pattern"]), re.compile(combined["unless"]), re.compile(combined["measures"]),
                  re.compile(combined["problems"])),
        sub_headings=rules("sub_headings"), strong_headings=rules("strong_headings"),
        openings=rules("openings"),
        umbrella=re.compile(data["umbrella"]["pattern"]), umbrella_unless=re.compile(data["umbrella"]["unless"]),
        after_problems=(area_of[after["role"]], re.compile(after["pattern"])),
        continues={area_of[role]: text for role, text in data["continues"].items() if area_of.get(role)},
        roles={a.id: a.role for a in rubric.areas})
