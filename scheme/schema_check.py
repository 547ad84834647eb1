"""Turn JSON Schema errors into located, bilingual rubric problems."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

import jsonschema

from scheme.problems import Locator, Problem, path_text

SCHEMA_FILE = "rubric.schema.json"

_TYPE_ZH = {"object": "映射（键: 值）", "array": "列表", "string": "文本", "number": "数字",
            "integer": "整数", "boolean": "true/false", "null": "空值"}


@lru_cache(maxsize=1)
def rubric_schema() -> dict[str, Any]:
    """Return the shipped rubric JSON Schema (read once)."""
    text = resources.files("scheme").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    return json.loads(text)


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    """Follow a local ``$ref`` (one level is enough for this schema)."""
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        return rubric_schema()["$defs"][ref.split("/")[-1]]
    return schema


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def _explain(err: jsonschema.ValidationError) -> tuple[str, str, str, bool]:  # noqa: PLR0911 - one branch per validator
    """Return (zh, en, allowed, point_at_key) for one schema error."""
    v, val, inst = err.validator, err.validator_value, err.instance
    if v == "additionalProperties":
        allowed_keys = sorted(_resolve(err.schema).get("properties", {}))
        extra = sorted(k for k in inst if k not in allowed_keys) if isinstance(inst, dict) else []
        names = ", ".join(extra)
        return (f"未知的键 {names}", f"unknown key {names}", ", ".join(allowed_keys), True)
    if v == "required":
        missing = err.message.split("'")[1] if "'" in err.message else str(val)
        return (f"缺少必填的键 {missing}", f"missing required key {missing}", missing, False)
    if v == "enum":
        allowed = ", ".join(str(x) for x in val)
        return (f"不允许的值 {_short(inst)}", f"value {_short(inst)} is not allowed", allowed, False)
    if v == "const":
        return (f"值必须是 {_short(val)}", f"value must be {_short(val)}", _short(val), False)
    if v == "type":
        expected = val if isinstance(val, str) else "/".join(val)
        zh = _TYPE_ZH.get(expected, expected)
        return (f"类型错误，应为{zh}，实际是 {_short(inst)}", f"wrong type: expected {expected}, got "
                f"{type(inst).__name__}", expected, False)
    if v == "pattern":
        return (f"{_short(inst)} 格式不符", f"{_short(inst)} does not match the required form",
                f"pattern {val}", False)
    if v in {"minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"}:
        sign = {"minimum": ">=", "exclusiveMinimum": ">", "maximum": "<=", "exclusiveMaximum": "<"}[v]
        return (f"数值 {_short(inst)} 超出范围", f"number {_short(inst)} out of range", f"{sign} {val}", False)
    if v in {"minItems", "minLength"}:
        return ("不能为空", "must not be empty", f"at least {val}", False)
    if v == "uniqueItems":
        return ("列表中有重复项", "list has duplicate entries", "unique entries", False)
    return (f"不符合细则格式：{err.message}", f"does not fit the rubric schema: {err.message}", "", False)


def schema_problems(data: Any, locator: Locator, file: str) -> list[Problem]:
    """Validate ``data`` against the rubric schema and return every problem, located.

    Args:
        data: The parsed YAML document.
        locator: Maps JSON paths to YAML positions.
        file: File name to put in each problem.

    Returns:
        Problems sorted by position, duplicates (from ``allOf`` branches) removed.
    """
    validator = jsonschema.Draft202012Validator(rubric_schema())
    problems: dict[tuple[int, int, str], Problem] = {}
    for err in validator.iter_errors(data):
        for leaf in _leaves(err):
            path = tuple(leaf.absolute_path)
            zh, en, allowed, at_key = _explain(leaf)
            if at_key and isinstance(leaf.instance, dict):
                allowed_keys = _resolve(leaf.schema).get("properties", {})
                extra = [k for k in leaf.instance if k not in allowed_keys]
                path = (*path, extra[0]) if extra else path
            line, col = locator.position(path, key=at_key)
            problem = Problem(file, line, col, zh, en, allowed, path_text(path))
            problems.setdefault((line, col, en), problem)
    return sorted(problems.values(), key=lambda p: (p.line, p.column))


def _leaves(err: jsonschema.ValidationError) -> list[jsonschema.ValidationError]:
    """Descend into ``allOf``/``if`` wrappers to the errors that name a concrete key."""
    if err.context:
        out: list[jsonschema.ValidationError] = []
        for sub in err.context:
            out.extend(_leaves(sub))
        return out
    return [err]
