"""Load a rubric: parse YAML safely, validate shape then semantics, build frozen values.

Every problem is collected and reported at once as ``FILE:LINE:COL: 中文 / English; allowed: …``
(yamllint's model). Nothing from the file is ever executed: the YAML is composed with the safe loader.

Validation (JSON Schema, then semantics) takes most of a rubric's load time, so a rubric that passed is kept
in lvzhi's disk cache (``scheme.cache``) as plain data, named by a hash of its bytes and of the checking code
and schema; the next load of the same bytes skips parsing and validation and only builds the values. A rubric
with problems is never cached: its problems are reported on every load.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scheme.cache import cache_dir, read_entry, write_entry
from scheme.kinds import build_params
from scheme.model import (
    Area,
    Band,
    Deduct,
    Downgrade,
    Grading,
    Indicator,
    Item,
    Provenance,
    Requirement,
    Rubric,
    SchemeMeta,
)
from scheme.problems import Locator, Problem, RubricError
from scheme.safety import MAX_RUBRIC_BYTES, node_problems

if TYPE_CHECKING:
    import yaml

DEFAULT_RUBRIC = "cq-2022.yaml"


def default_rubric_path() -> Path:
    """Return the path of the shipped rubric (渝府教督发〔2022〕5号)."""
    return Path(str(resources.files("scheme").joinpath(DEFAULT_RUBRIC)))


def _parse(text: str, file: str) -> tuple[Any, Locator, list[Problem]]:
    """Compose and construct the YAML document, reporting syntax errors and duplicate keys."""
    import yaml  # only when a rubric is checked (a cached one is not parsed at all)

    # libyaml's safe loader when PyYAML was built with it (ten times faster), else the pure-Python one; both
    # are safe loaders and keep line/column marks.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        root = loader.get_single_node()
        unsafe = node_problems(root, file)
        if unsafe:  # constructing would expand the aliases or fail on the value: report, do not build
            return None, Locator(None), unsafe
        problems = _duplicate_keys(root, file)
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        detail = f"{err.context or ''} {err.problem or ''}".strip()
        problem = Problem(file, line, col, f"YAML 语法错误（检查缩进、冒号和引号）：{detail}",
                          f"YAML syntax error: {detail}", "valid YAML (check indentation, colons and quotes)")
        return None, Locator(None), [problem]
    except yaml.YAMLError as err:
        return None, Locator(None), [Problem(file, 1, 1, f"YAML 无法解析：{err}", f"cannot parse YAML: {err}")]
    finally:
        loader.dispose()
    return data, Locator(root), problems


def _duplicate_keys(node: yaml.Node | None, file: str) -> list[Problem]:
    """Find keys given twice in one mapping (PyYAML silently keeps the last)."""
    import yaml

    problems: list[Problem] = []
    stack = [node] if node is not None else []
    seen_nodes: set[int] = set()  # an alias is its anchor's node: visit it once, not once per alias
    while stack:
        current = stack.pop()
        if id(current) in seen_nodes:
            continue
        seen_nodes.add(id(current))
        if isinstance(current, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key_node, value_node in current.value:
                key = str(key_node.value)
                if key in seen:
                    problems.append(Problem(
                        file, key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                        f"键 {key} 重复（第 {seen[key]} 行已有）",
                        f"duplicate key {key} (already on line {seen[key]})", "each key once per mapping"))
                else:
                    seen[key] = key_node.start_mark.line + 1
                stack.append(value_node)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    return problems


def check_rubric_text(text: str, file: str = "<string>") -> tuple[Any, list[Problem]]:
    """Check rubric text and return (parsed data, every problem sorted by position)."""
    data, locator, problems = _parse(text, file)
    if problems and data is None:
        return None, problems
    if data is None:
        return None, [Problem(file, 1, 1, "文件为空", "the file is empty", "a rubric mapping")]
    from scheme.schema_check import schema_problems  # jsonschema: imported only when a rubric is checked
    from scheme.semantics import semantic_problems

    shape = schema_problems(data, locator, file)
    if not shape:
        problems += semantic_problems(data, locator, file)
    problems += shape
    return data, sorted(problems, key=lambda p: (p.line, p.column))


def check_rubric(path: str | Path | None = None) -> list[Problem]:
    """Validate a rubric file and return every problem (empty when valid).

    Args:
        path: Rubric file; ``None`` for the shipped one.
    """
    return _read_and_check(path)[1]


def _read_and_check(path: str | Path | None) -> tuple[Any, list[Problem], str]:
    file = str(path) if path is not None else str(default_rubric_path())
    raw, problems = _read(file)
    if raw is None:
        return None, problems, file
    return *_check_raw(raw, file), file


def _read(file: str) -> tuple[bytes | None, list[Problem]]:
    try:
        return Path(file).read_bytes(), []
    except OSError as err:
        reason = err.strerror or type(err).__name__
        return None, [Problem(file, 1, 1, f"无法读取细则文件（{reason}）", f"cannot read the rubric file ({reason})",
                              "an existing, readable .yaml file")]


def _check_raw(raw: bytes, file: str) -> tuple[Any, list[Problem]]:
    if len(raw) > MAX_RUBRIC_BYTES:
        return None, [Problem(file, 1, 1, f"细则文件过大（{len(raw) // 1024:,} KB）", f"the rubric file is too large "
                              f"({len(raw) // 1024:,} KB)", f"at most {MAX_RUBRIC_BYTES // 1024:,} KB")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return None, [Problem(file, line, 1, "细则文件不是 UTF-8 编码", "the rubric file is not UTF-8",
                              "save it as UTF-8")]
    return check_rubric_text(text, file)


def load_rubric(path: str | Path | None = None) -> Rubric:
    """Load and validate a rubric.

    Args:
        path: Rubric file; ``None`` for the shipped 2022 rubric.

    Returns:
        The frozen rubric.

    Raises:
        RubricError: With every problem found, when the rubric is not valid.
    """
    file = str(path) if path is not None else str(default_rubric_path())
    raw, problems = _read(file)
    if raw is None:
        raise RubricError(problems)
    entry = cache_dir() / f"rubric-{_cache_key(raw)}.marshal"
    data = read_entry(entry, CACHE_TAG)
    if not isinstance(data, dict):
        data, problems = _check_raw(raw, file)
        if problems:
            raise RubricError(problems)
        write_entry(entry, CACHE_TAG, data, keep=CACHE_KEEP, family="rubric-")
    return build_rubric(data, file, hashlib.sha256(raw).hexdigest())


CACHE_TAG = "lvzhi-rubric-1"
CACHE_KEEP = 16  # validated rubrics kept (the shipped one and recent edits of others)
_CHECKER = ("loader.py", "schema_check.py", "semantics.py", "kinds.py", "problems.py", "model.py", "safety.py",
            "mechanics_check.py", "rubric.schema.json")


@lru_cache(maxsize=1)
def _checker_fingerprint() -> bytes:
    """Hash of the code and schema that decide whether a rubric is valid (a change invalidates the cache)."""
    digest = hashlib.sha256(CACHE_TAG.encode())
    for name in _CHECKER:
        digest.update(resources.files("scheme").joinpath(name).read_bytes())
    return digest.digest()


def _cache_key(raw: bytes) -> str:
    return hashlib.sha256(_checker_fingerprint() + raw).hexdigest()[:24]


def _prov(data: dict[str, Any] | None) -> Provenance | None:
    if data is None:
        return None
    return Provenance(data["status"], tuple(data["basis"]), tuple(data.get("sources", ())), data.get("note", ""))


def _terms(data: dict[str, Any], key: str) -> tuple[str, ...]:
    return tuple(data.get(key, ()))


def build_rubric(data: dict[str, Any], file: str, sha256: str = "") -> Rubric:
    """Build frozen values from a validated rubric mapping (``sha256``: of the file's bytes)."""
    meta = data["scheme"]
    scheme = SchemeMeta(
        id=meta["id"], title=meta["title"], doc_no=meta["doc_no"], issuer=meta["issuer"],
        period=meta["period"], provenance=_prov(meta["provenance"]),
        doc_no_variants=_terms(meta, "doc_no_variants"), notice_title=meta.get("notice_title", ""),
        year=meta.get("year"), version=str(meta.get("version", "1")))
    grading_data = data["grading"]
    grading = Grading(
        bands=tuple(Band(b["grade"], float(b["min"])) for b in grading_data["bands"]),
        provenance=_prov(grading_data["provenance"]),
        downgrades=tuple(
            Downgrade(d["id"], d["title"], d["effect"], d["when"].get("requirement", ""), d["when"].get("result", ""),
                      _prov(d.get("provenance")), d["when"].get("indicator", ""), d["when"].get("declines", 0))
            for d in grading_data.get("downgrades", ())),
        self_score_tolerance=grading_data.get("self_score_tolerance"))
    indicators = tuple(
        Indicator(id=i["id"], label=i["label"], terms=tuple(i["terms"]), units=tuple(i["units"]),
                  context=_terms(i, "context"), exclude=_terms(i, "exclude"), direction=i.get("direction", "up"))
        for i in data["indicators"])
    areas = tuple(_build_area(a) for a in data["areas"])
    return Rubric(path=file, schema_version=data["schema_version"], scheme=scheme,
                  total_points=float(data["total_points"]), grading=grading, indicators=indicators,
                  areas=areas, sha256=sha256, bonus_cap=float(data.get("bonus_cap", 0)))


def _deduct(data: dict[str, Any] | None) -> Deduct | None:
    if data is None:
        return None
    return Deduct(data["requirement"], float(data["per"]), float(data["points"]), float(data.get("floor", 0)))


def _build_area(a: dict[str, Any]) -> Area:
    items = []
    for it in a["items"]:
        reqs = tuple(
            Requirement(id=r["id"], item_id=it["id"], kind=r["kind"], title=r["title"], ask=r["ask"],
                        weight=float(r.get("weight", 1)), params=build_params(r["kind"], r),
                        rule=r.get("rule", ""), provenance=_prov(r.get("provenance")),
                        substance=r.get("substance", ""))
            for r in it["requirements"])
        items.append(Item(
            id=it["id"], area=a["id"], title=it["title"], description=it["description"],
            points=float(it["points"]), provenance=_prov(it["provenance"]), keywords=tuple(it["keywords"]),
            aliases=_terms(it, "aliases"), method=it.get("method", ""), requirements=reqs,
            suggest=bool(it.get("suggest", False)), bonus=bool(it.get("bonus", False)),
            deduct=_deduct(it.get("scoring", {}).get("deduct"))))
    return Area(id=a["id"], title=a["title"], points=float(a["points"]), provenance=_prov(a["provenance"]),
                description=a.get("description", ""), aliases=_terms(a, "aliases"),
                keywords=_terms(a, "keywords"), items=tuple(items), role=a["role"], cues=_terms(a, "cues"))
