"""Shipped data files under ``scorer/data/``: YAML checked against a JSON Schema beside it, cached on disk.

``validated_data("roles")`` reads ``roles.yaml``, checks it against ``roles.schema.json`` and keeps the parsed
data in lvzhi's disk cache (``scheme.cache.derived``), so the YAML is parsed and checked only when it changed.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any

from scheme.cache import derived

DATA_TAG = "lvzhi-data-1"


class DataFileError(ValueError):
    """A shipped data file does not fit its schema (a defect of lvzhi's data, not of the user's input)."""


@lru_cache(maxsize=8)
def validated_data(name: str) -> Any:
    """The contents of ``scorer/data/NAME.yaml``, checked against ``NAME.schema.json``.

    Every ``pattern`` and ``unless`` value in the file must compile as a regular expression.

    Raises:
        DataFileError: When the file does not fit its schema or a pattern does not compile.
    """
    folder = resources.files("scorer").joinpath("data")
    source = folder.joinpath(f"{name}.yaml").read_bytes()
    schema = folder.joinpath(f"{name}.schema.json").read_bytes()

    def parse() -> Any:
        import yaml  # only when the file changed since it was last cached
        from jsonschema import Draft202012Validator

        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        data = yaml.load(source.decode("utf-8"), Loader=loader)  # noqa: S506 - a safe loader
        errors = sorted(Draft202012Validator(json.loads(schema)).iter_errors(data), key=lambda e: list(e.path))
        if errors:
            where = "/".join(str(p) for p in errors[0].path)
            raise DataFileError(f"scorer/data/{name}.yaml: {where}: {errors[0].message}")
        for where, pattern in _patterns(data, name):
            _compile(pattern, f"scorer/data/{name}.yaml: {where}")
        return data

    return derived(f"{name}-", f"{DATA_TAG}|{name}", source + schema, parse)


def _patterns(data: Any, where: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key in {"pattern", "unless"} and isinstance(value, str):
                out.append((f"{where}/{key}", value))
            else:
                out.extend(_patterns(value, f"{where}/{key}"))
    elif isinstance(data, list):
        for n, value in enumerate(data):
            out.extend(_patterns(value, f"{where}/{n}"))
    return out


def _compile(pattern: str, where: str) -> None:
    try:
        re.compile(pattern)
    except re.error as err:
        raise DataFileError(f"{where}: {err}") from None
