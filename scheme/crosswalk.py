"""Crosswalks: what became of one year's rubric items in the next year's rubric.

A crosswalk file ``A__B.yaml`` (``scheme/crosswalks/``, or a ``--scheme-dir`` folder or its ``crosswalks/``)
maps item ids of rubric ``A`` to those of rubric ``B``: ``same``, ``split``, ``merged``, ``new``, ``dropped``, each
``confirmed: true|false`` (an inspector checked it against both schemes). Its shape is ``crosswalk.schema.json``;
a semantic pass checks that the ids exist and that every item of both rubrics appears exactly once.
``draft_crosswalk`` proposes one from the likeness of item titles and terms, every mapping unconfirmed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scheme.problems import Locator, Problem, RubricError, path_text

if TYPE_CHECKING:
    from scheme.model import Item, Rubric
    from scheme.registry import Registry

RELATIONS = ("same", "split", "merged", "new", "dropped")
DRAFT_MIN_LIKENESS = 0.25  # below this an item is drafted as new or dropped (an inspector decides)


class CrosswalkError(RubricError):
    """A crosswalk cannot be used; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        """Build the error from a non-empty list of problems."""
        super().__init__(problems)
        lines = "\n".join(str(p) for p in problems)
        self.args = (f"invalid crosswalk: 对照表有 {len(problems)} 处错误 / {len(problems)} problem(s):\n{lines}",)


@dataclass(frozen=True)
class Mapping:
    """One mapping of a crosswalk: item ids of the earlier rubric to those of the later one."""

    relation: str
    from_ids: tuple[str, ...]
    to_ids: tuple[str, ...]
    confirmed: bool
    note: str = ""


@dataclass(frozen=True)
class Crosswalk:
    """A validated crosswalk from rubric ``from_id`` to rubric ``to_id``."""

    from_id: str
    to_id: str
    mappings: tuple[Mapping, ...]
    path: str = ""

    def sources(self, to_item: str) -> Mapping | None:
        """The mapping whose ``to`` list holds ``to_item``."""
        return next((m for m in self.mappings if to_item in m.to_ids), None)

    def target(self, from_item: str) -> Mapping | None:
        """The mapping whose ``from`` list holds ``from_item``."""
        return next((m for m in self.mappings if from_item in m.from_ids), None)


def crosswalk_name(from_id: str, to_id: str) -> str:
    """The file name of the crosswalk from ``from_id`` to ``to_id``."""
    return f"{from_id}__{to_id}.yaml"


def crosswalk_dirs(scheme_dirs: list[Path] | tuple[Path, ...] = ()) -> list[Path]:
    """Folders searched for crosswalks: shipped ``scheme/crosswalks``, then each scheme folder and its own."""
    out = [Path(str(resources.files("scheme").joinpath("crosswalks")))]
    for folder in scheme_dirs:
        out.extend([Path(folder), Path(folder) / "crosswalks"])
    return out


def find_crosswalk(from_id: str, to_id: str, scheme_dirs: list[Path] | tuple[Path, ...] = ()) -> Path | None:
    """The crosswalk file from ``from_id`` to ``to_id``, the last folder first (an inspector's copy wins)."""
    for folder in reversed(crosswalk_dirs(scheme_dirs)):
        path = folder / crosswalk_name(from_id, to_id)
        if path.is_file():
            return path
    return None


def shipped_crosswalk_paths() -> list[Path]:
    """The crosswalks shipped with lvzhi."""
    return sorted(crosswalk_dirs()[0].glob("*__*.yaml"))


@lru_cache(maxsize=1)
def crosswalk_schema() -> dict[str, Any]:
    """The crosswalk JSON Schema."""
    return json.loads(resources.files("scheme").joinpath("crosswalk.schema.json").read_text(encoding="utf-8"))


def check_crosswalk(path: str | Path, registry: Registry) -> tuple[Crosswalk | None, list[Problem]]:
    """Validate a crosswalk file against its schema and the two rubrics; return it (when valid) and every problem."""
    from jsonschema import Draft202012Validator

    from scheme.loader import _parse, _read

    file = str(path)
    raw, problems = _read(file)
    if raw is None:
        return None, problems
    data, locator, problems = _parse(raw.decode("utf-8-sig", errors="replace"), file)
    if data is None:
        return None, problems or [Problem(file, 1, 1, "文件为空", "the file is empty", "a crosswalk mapping")]
    for err in sorted(Draft202012Validator(crosswalk_schema()).iter_errors(data), key=lambda e: list(e.path)):
        where = tuple(err.path)
        line, col = locator.position(where)
        problems.append(Problem(file, line, col, f"对照表格式错误：{err.message}", f"crosswalk shape: {err.message}",
                                "see scheme/crosswalk.schema.json", path_text(where)))
    if problems:
        return None, problems
    problems = _semantic(data, locator, file, registry)
    if problems:
        return None, problems
    mappings = tuple(Mapping(m["relation"], tuple(m["from"]), tuple(m["to"]), m["confirmed"], m.get("note", ""))
                     for m in data["mappings"])
    return Crosswalk(data["from"], data["to"], mappings, file), []


def _semantic(data: dict[str, Any], locator: Locator, file: str, registry: Registry) -> list[Problem]:
    problems: list[Problem] = []

    def add(where: tuple[object, ...], zh: str, en: str, allowed: str = "") -> None:
        line, col = locator.position(where)
        problems.append(Problem(file, line, col, zh, en, allowed, path_text(where)))

    rubrics = {}
    for side in ("from", "to"):
        rubric = registry.get(data[side])
        if rubric is None:
            add((side,), f"没有编号为 {data[side]} 的细则", f"no rubric with id {data[side]}",
                ", ".join(r.scheme.id for r in registry.rubrics))
        rubrics[side] = rubric
    if problems:
        return problems
    for side in ("from", "to"):
        known = {item.id for item in rubrics[side].items}
        seen: dict[str, int] = {}
        for m, mapping in enumerate(data["mappings"]):
            for i, ident in enumerate(mapping[side]):
                if ident not in known:
                    add(("mappings", m, side, i), f"细则 {data[side]} 没有要点 {ident}",
                        f"rubric {data[side]} has no item {ident}", "an item id of that rubric")
                elif ident in seen:
                    add(("mappings", m, side, i), f"要点 {ident} 已在第 {seen[ident] + 1} 条对照中出现",
                        f"item {ident} already appears in mapping {seen[ident] + 1}", "each item in one mapping")
                else:
                    seen[ident] = m
        missing = [item.id for item in rubrics[side].items if item.id not in seen]
        if missing:
            add(("mappings",), f"细则 {data[side]} 的要点没有对照：{'、'.join(missing)}",
                f"items of {data[side]} with no mapping: {', '.join(missing)}",
                "a mapping (same/split/merged, or new/dropped) for every item")
    return problems


def load_crosswalk(path: str | Path, registry: Registry) -> Crosswalk:
    """Load and validate a crosswalk.

    Raises:
        CrosswalkError: With every problem found.
    """
    crosswalk, problems = check_crosswalk(path, registry)
    if crosswalk is None:
        raise CrosswalkError(problems)
    return crosswalk


def _bigrams(text: str) -> set[str]:
    text = "".join(ch for ch in text if ch.isalnum())
    return {text[i:i + 2] for i in range(len(text) - 1)}


def likeness(a: Item, b: Item) -> float:
    """How alike two items are: best title/alias character-bigram overlap (Dice), plus shared terms (Jaccard)."""
    names_a, names_b = [a.title, *a.aliases], [b.title, *b.aliases]
    best = 0.0
    for x in names_a:
        for y in names_b:
            bx, by = _bigrams(x), _bigrams(y)
            if bx and by:
                best = max(best, 2 * len(bx & by) / (len(bx) + len(by)))
    terms_a, terms_b = set(a.keywords), set(b.keywords)
    terms = len(terms_a & terms_b) / len(terms_a | terms_b) if terms_a | terms_b else 0.0
    return round(0.6 * best + 0.4 * terms, 3)


def draft_crosswalk(old: Rubric, new: Rubric) -> dict[str, Any]:
    """A crosswalk from ``old`` to ``new`` drafted by likeness, every mapping unconfirmed, for an inspector to check.

    Each new item takes the old item most like it (when alike enough); an old item taken by several new items is
    ``split``, several old items whose best new item is one are ``merged``; the rest are ``new`` or ``dropped``.
    """
    best_old = {}  # new item -> (old item, likeness)
    for b in new.items:
        score, a = max(((likeness(a, b), a.id) for a in old.items), default=(0.0, ""))
        if score >= DRAFT_MIN_LIKENESS:
            best_old[b.id] = (a, score)
    best_new = {}
    for a in old.items:
        score, b = max(((likeness(a, b), b.id) for b in new.items), default=(0.0, ""))
        if score >= DRAFT_MIN_LIKENESS:
            best_new[a.id] = (b, score)
    mappings: list[dict[str, Any]] = []
    used_old: set[str] = set()
    used_new: set[str] = set()
    for b in new.items:  # merged: several old items whose best is b, and b's best among them
        group = [a.id for a in old.items if best_new.get(a.id, ("",))[0] == b.id and a.id not in used_old]
        if len(group) >= 2 and best_old.get(b.id, ("",))[0] in group:
            mappings.append(_draft("merged", group, [b.id], [best_new[a][1] for a in group]))
            used_old.update(group)
            used_new.add(b.id)
    for a in old.items:  # same or split: the new items whose best is a
        if a.id in used_old:
            continue
        group = [b.id for b in new.items if b.id not in used_new and best_old.get(b.id, ("",))[0] == a.id]
        if group:
            mappings.append(_draft("same" if len(group) == 1 else "split", [a.id], group,
                                   [best_old[b][1] for b in group]))
            used_old.add(a.id)
            used_new.update(group)
    mappings.extend(_draft("dropped", [a.id], [], []) for a in old.items if a.id not in used_old)
    mappings.extend(_draft("new", [], [b.id], []) for b in new.items if b.id not in used_new)
    return {"schema_version": 1, "from": old.scheme.id, "to": new.scheme.id,
            "note": "草稿：按要点标题和关键词的相似度生成，均未确认，请督学逐条核对后改为 confirmed: true。/ Draft by "
                    "title and term likeness; every mapping unconfirmed.",
            "mappings": mappings}


def _draft(relation: str, from_ids: list[str], to_ids: list[str], scores: list[float]) -> dict[str, Any]:
    note = f"相似度 likeness {min(scores):.2f}" if scores else "没有足够相似的要点 no item alike enough"
    return {"relation": relation, "from": from_ids, "to": to_ids, "confirmed": False, "note": note}
