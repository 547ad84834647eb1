"""Results of different years' rubrics side by side: item and area scores carried through crosswalks.

The columns are the newest rubric's items. A result of an earlier rubric reaches them through the crosswalk of
each year to the next (``scheme/crosswalks/A__B.yaml``). A carried score keeps its share of the points: ``same``
and ``merged`` give the target item the sources' score over their points times the target's points, ``split``
gives each target that share of the source; ``new`` items have no score, ``dropped`` ones are left out. Items
reached through a mapping no inspector has confirmed are marked (shown as 未确认映射). When a crosswalk is
missing, no item or area column is carried and the missing file is named: totals and grades are still compared.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

from scheme.crosswalk import Crosswalk, crosswalk_name, find_crosswalk, load_crosswalk

if TYPE_CHECKING:
    from pathlib import Path

    from reports.records import CountyScores
    from scheme.model import Rubric
    from scheme.registry import Registry

UNCONFIRMED = "未确认映射"


@dataclass(frozen=True)
class Aligned:
    """Every record's item and area scores in the columns of one rubric.

    Attributes:
        target: Scheme id whose items are the columns.
        items: (item id, area id, title, points) of the target rubric.
        areas: (area id, title, points) of the target rubric.
        scores: Record key -> item id -> (score, reviewed); carried scores for earlier rubrics.
        areas_of: Record key -> area id -> subtotal (``None`` when no item of the area has a score).
        unconfirmed: Item ids carried through at least one unconfirmed mapping.
        missing: Crosswalk file names needed and not found (then ``scores`` and ``areas_of`` are empty).
        notes: What an inspector must know, in Chinese and English.
    """

    target: str
    items: tuple[tuple[str, str, str, float], ...]
    areas: tuple[tuple[str, str, float], ...]
    scores: dict[str, dict[str, tuple[float, bool]]]
    areas_of: dict[str, dict[str, float | None]]
    unconfirmed: frozenset[str]
    missing: tuple[str, ...]
    notes: tuple[str, ...]


Carried = dict[str, tuple[float | None, float, bool, bool]]  # item -> (score, points, reviewed, unconfirmed)


def align(records: Sequence[CountyScores], registry: Registry, scheme_dirs: Sequence[Path] = ()) -> Aligned:
    """Carry every record's scores into the newest rubric's items (records must have unique keys)."""
    ids = list(dict.fromkeys(r.scheme_id for r in records))
    known = {i: registry.get(i) for i in ids}
    unknown = [i for i, rubric in known.items() if rubric is None]
    if unknown:
        return _totals_only("", [f"细则 {i} 不在已知细则中，无法对照要点 / rubric {i} is not known"
                                 for i in unknown], ())
    order = sorted(registry.rubrics, key=lambda r: (r.scheme.year or 0, r.scheme.id))
    target = max((known[i] for i in ids), key=lambda r: (r.scheme.year or 0, order.index(r)))
    chains: dict[str, list[Crosswalk]] = {}
    missing: list[str] = []
    for scheme_id in ids:
        chains[scheme_id] = _chain(known[scheme_id], target, order, registry, scheme_dirs, missing)
    if missing:
        names = "、".join(dict.fromkeys(missing))
        return _totals_only(target.scheme.id, [
            f"缺少要点对照表 {names}：不同年度细则的要点和领域无法对应，只比较总分和等次。可用 lvzhi scheme crosswalk "
            f"起草，督学核对后放入 --scheme-dir 目录。/ Missing crosswalk {names}: only totals and grades are "
            "compared."],
            tuple(dict.fromkeys(missing)))
    scores: dict[str, dict[str, tuple[float, bool]]] = {}
    areas_of: dict[str, dict[str, float | None]] = {}
    unconfirmed: set[str] = set()
    for record in records:
        carried: Carried = {i.id: (i.final, i.max_score, i.reviewed is not None, False) for i in record.items}
        rubric_now = known[record.scheme_id]
        for crosswalk in chains[record.scheme_id]:
            rubric_next = registry.get(crosswalk.to_id)
            carried = _carry(carried, crosswalk, rubric_next)
            rubric_now = rubric_next
        scores[record.key] = {i: (s, rev) for i, (s, _p, rev, _u) in carried.items() if s is not None}
        unconfirmed.update(i for i, (_s, _p, _r, unsure) in carried.items() if unsure)
        areas_of[record.key] = {area.id: _subtotal([carried.get(item.id) for item in area.items])
                                for area in rubric_now.areas}
    notes = [f"不同年度的结果按要点对照表折算到 {target.scheme.id} 的要点和领域：保留得分率，按新要点分值折算；"
             f"总分和等次仍为各自细则的结果。/ Scores carried into {target.scheme.id} items through crosswalks (share "
             "of points kept); totals and grades are each rubric's own."]
    if unconfirmed:
        notes.append(f"标“{UNCONFIRMED}”的要点经过尚未由督学确认的对照（{len(unconfirmed)} 项），仅供参考。/ Items "
                     f"marked {UNCONFIRMED} went through mappings no inspector has confirmed.")
    return Aligned(target.scheme.id, tuple((i.id, i.area, i.title, i.points) for i in target.items),
                   tuple((a.id, a.title, a.points) for a in target.areas), scores, areas_of, frozenset(unconfirmed),
                   (), tuple(notes))


def _totals_only(target: str, notes: list[str], missing: tuple[str, ...]) -> Aligned:
    return Aligned(target, (), (), {}, {}, frozenset(), missing, tuple(notes))


def _chain(start: Rubric, target: Rubric, order: list[Rubric], registry: Registry, scheme_dirs: Sequence[Path],
           missing: list[str]) -> list[Crosswalk]:
    """The crosswalks from ``start`` to ``target``: direct when there is one, else year by year."""
    if start is target:
        return []
    direct = find_crosswalk(start.scheme.id, target.scheme.id, list(scheme_dirs))
    if direct is not None:
        return [load_crosswalk(direct, registry)]
    steps = order[order.index(start):order.index(target) + 1]
    out = []
    for old, new in pairwise(steps):
        path = find_crosswalk(old.scheme.id, new.scheme.id, list(scheme_dirs))
        if path is None:
            missing.append(crosswalk_name(old.scheme.id, new.scheme.id))
        else:
            out.append(load_crosswalk(path, registry))
    return out


def _carry(carried: Carried, crosswalk: Crosswalk, new: Rubric) -> Carried:
    """Scores of the next rubric's items from those of the previous one, through one crosswalk."""
    points = {item.id: item.points for item in new.items}
    out: Carried = {}
    for mapping in crosswalk.mappings:
        sources = [carried[i] for i in mapping.from_ids if i in carried]
        unsure = not mapping.confirmed or any(s[3] for s in sources)
        scored = [s for s in sources if s[0] is not None]
        total_points = sum(s[1] for s in scored)
        share = sum(s[0] for s in scored) / total_points if scored and total_points else None
        reviewed = any(s[2] for s in scored)
        for target in mapping.to_ids:
            value = round(share * points[target], 2) if share is not None and mapping.relation != "new" else None
            out[target] = (value, points[target], reviewed, unsure)
    return out


def _subtotal(entries: list[tuple[float | None, float, bool, bool] | None]) -> float | None:
    values = [e[0] for e in entries if e is not None and e[0] is not None]
    return round(sum(values), 2) if values else None
