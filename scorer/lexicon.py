"""The cue-word lexicon (``scorer/data/lexicon.yaml``), validated against ``lexicon.schema.json``.

One definition per vocabulary: the words that make a sentence concrete, the claim cues and the
self-score cues live in the YAML, and the modules that use them (``substance``, ``claims``,
``self_score``) compile them once from here. The validated data is kept in lvzhi's disk cache like the
chrome rules, so a run does not pay for YAML parsing and schema validation.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any

from scheme.cache import derived

LEXICON_TAG = "lvzhi-lexicon-4"


class LexiconError(ValueError):
    """The shipped lexicon does not fit its schema (a packaging or editing mistake)."""


def lexicon_problems(data: Any) -> list[str]:
    """Every problem of a lexicon mapping: schema errors, then patterns that do not compile.

    Args:
        data: The parsed YAML.

    Returns:
        One line per problem, ``path: message``; empty when the lexicon is valid.
    """
    from jsonschema import Draft202012Validator

    schema = json.loads(resources.files("scorer").joinpath("data/lexicon.schema.json").read_text(encoding="utf-8"))
    problems = [f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}"
                for e in sorted(Draft202012Validator(schema).iter_errors(data), key=lambda e: list(e.absolute_path))]
    if problems:
        return problems
    for key, patterns in _pattern_lists(data):
        problems.extend(f"{key}/{n}: {pattern!r} does not compile: {bad}"
                        for n, pattern in enumerate(patterns) if (bad := _compile_error(pattern)))
    return problems


def _compile_error(pattern: str) -> str:
    try:
        re.compile(pattern)
    except re.error as bad:
        return str(bad)
    return ""


def _pattern_lists(data: dict[str, Any]) -> list[tuple[str, list[str]]]:
    out = []
    for part, body in data.items():
        out.extend((f"{part}/{key}", value) for key, value in body.items() if key.endswith("patterns"))
    return out


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    """The shipped lexicon, validated (read once per process; cached on disk between runs).

    Raises:
        LexiconError: When the shipped file does not fit its schema.
    """
    source = resources.files("scorer").joinpath("data/lexicon.yaml").read_bytes()
    schema = resources.files("scorer").joinpath("data/lexicon.schema.json").read_bytes()

    def build() -> dict[str, Any]:
        import yaml

        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        data = yaml.load(source.decode("utf-8"), Loader=loader)  # noqa: S506 - a safe loader
        problems = lexicon_problems(data)
        if problems:
            raise LexiconError("invalid lexicon scorer/data/lexicon.yaml 词表有误: " + "; ".join(problems))
        return data

    return derived("lexicon-", LEXICON_TAG, source + b"|" + schema, build)
