"""The cue-word lexicon (``scorer/data/lexicon.yaml``), validated against ``lexicon.schema.json``.

One definition per vocabulary: the words that make a sentence concrete, the claim cues, the self-score
cues, sentence ends, document-number prefixes, label fillers, part-heading words and the report file
suffixes live in the YAML, and the modules that use them compile them once from here (model:
dateparser's per-language YAML, spaCy's ``SpanRuler`` records). Code keeps only structure (digits,
brackets, positions). The validated data is kept in lvzhi's disk cache like the chrome rules, so a run
does not pay for YAML parsing and schema validation.

A vocabulary is a list of words. A word that must not follow or precede some text is a record
(``{word: 达, not_after: 表传下送抵直}``: no 表达, 传达 ...; ``{word: 投入, not_before: [使用, 运行]}``);
:func:`alternatives` turns a list into the regular-expression alternation the code embeds, in the list's
order (the first alternative that matches wins, so order is part of the data).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any

from scheme.cache import derived

LEXICON_TAG = "lvzhi-lexicon-6"
LEXICON_FILE = "scorer/data/lexicon.yaml"


class LexiconError(ValueError):
    """The shipped lexicon does not fit its schema (a packaging or editing mistake)."""


def lexicon_problems(data: Any, text: str | None = None, file: str = LEXICON_FILE) -> list[str]:
    """Every problem of a lexicon mapping: schema errors, then patterns that do not compile.

    Args:
        data: The parsed YAML.
        text: The YAML text ``data`` was parsed from; when given, each problem starts with ``FILE:LINE:COL``.
        file: The name shown before the line number.

    Returns:
        One line per problem, ``[FILE:LINE:COL: ]path: message``; empty when the lexicon is valid.
    """
    from jsonschema import Draft202012Validator

    schema = json.loads(resources.files("scorer").joinpath("data/lexicon.schema.json").read_text(encoding="utf-8"))
    where = _locator(text, file)
    problems = [f"{where(tuple(e.absolute_path))}{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}"
                for e in sorted(Draft202012Validator(schema).iter_errors(data), key=lambda e: list(e.absolute_path))]
    for path, patterns in _pattern_lists(data):  # all problems at once, whatever else is wrong
        problems.extend(f"{where((*path, n))}{'/'.join(path)}/{n}: {pattern!r} does not compile: {bad}"
                        for n, pattern in enumerate(patterns)
                        if isinstance(pattern, str) and (bad := _compile_error(pattern)))
    for path in DISJOINT:
        problems.extend(f"{where((*path, n))}{'/'.join(path)}/{n}: {message}" for n, message in _shared(data, path))
    return problems


#: Vocabularies whose words may share no character: code relies on their matches never overlapping.
DISJOINT = (("units", "list_context"),)


def _shared(data: Any, path: tuple[str, ...]) -> list[tuple[int, str]]:
    """``(index, message)`` for each word of the list at ``path`` sharing a character with an earlier word."""
    node = data
    for key in path:
        node = node.get(key) if isinstance(node, dict) else None
    if not isinstance(node, list):
        return []  # missing or mistyped: the schema says so
    out = []
    for n, word in enumerate(node):
        for earlier in node[:n]:
            common = "".join(sorted(set(str(word)) & set(str(earlier))))
            if isinstance(word, str) and isinstance(earlier, str) and common:
                out.append((n, f"{word!r} shares {common!r} with {earlier!r}; these words may share no character "
                               "/ 这组词不能有相同的字"))
                break
    return out


def _locator(text: str | None, file: str) -> Any:
    """A function from a JSON path to ``FILE:LINE:COL: `` (or to nothing when there is no text)."""
    if text is None:
        return lambda _path: ""
    import yaml

    from scheme.problems import Locator

    locate = Locator(yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))

    def where(path: tuple[object, ...]) -> str:
        line, column = locate.position(path)
        return f"{file}:{line}:{column}: "

    return where


def _compile_error(pattern: str) -> str:
    try:
        re.compile(pattern)
    except re.error as bad:
        return str(bad)
    return ""


def _pattern_lists(data: Any, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], list[str]]]:
    """Every list under a key ending in ``patterns``, at any depth."""
    out: list[tuple[tuple[str, ...], list[str]]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key.endswith("patterns") and isinstance(value, list):
                out.append(((*path, key), value))
            else:
                out.extend(_pattern_lists(value, (*path, key)))
    return out


def check_lexicon_text(text: str, file: str = LEXICON_FILE) -> tuple[Any, list[str]]:
    """Parse and check a lexicon's YAML text.

    Returns:
        ``(data, problems)``; problems name ``FILE:LINE:COL``.
    """
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as bad:
        mark = getattr(bad, "problem_mark", None)
        line = f"{mark.line + 1}:{mark.column + 1}: " if mark is not None else ""
        return None, [f"{file}:{line}YAML 语法错误 / YAML syntax error: {bad}"]
    return data, lexicon_problems(data, text, file)


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    """The shipped lexicon, validated (read once per process; cached on disk between runs).

    Raises:
        LexiconError: When the shipped file does not fit its schema.
    """
    source = resources.files("scorer").joinpath("data/lexicon.yaml").read_bytes()
    schema = resources.files("scorer").joinpath("data/lexicon.schema.json").read_bytes()

    def build() -> dict[str, Any]:
        data, problems = check_lexicon_text(source.decode("utf-8"))
        if problems:
            raise LexiconError("invalid lexicon 词表有误:\n" + "\n".join(problems))
        return data

    return derived("lexicon-", LEXICON_TAG, source + b"|" + schema, build)


def words(*path: str) -> tuple[str, ...]:
    """The plain words of the vocabulary at ``path`` (records give their ``word``), in order.

    Example: ``words("claims", "zero")``.
    """
    node: Any = lexicon()
    for key in path:
        node = node[key]
    return tuple(item if isinstance(item, str) else item["word"] for item in node)


@lru_cache(maxsize=64)
def alternatives(*path: str) -> str:
    """The vocabulary at ``path`` as a regular-expression alternation ``a|b|c`` (no group), in list order.

    Words are escaped; a record's ``not_after`` characters become a look-behind and its ``not_before``
    words a look-ahead, so ``{word: 达, not_after: 表传}`` gives ``(?<![表传])达``.
    """
    node: Any = lexicon()
    for key in path:
        node = node[key]
    return "|".join(_alternative(item) for item in node)


def _alternative(item: str | dict[str, Any]) -> str:
    if isinstance(item, str):
        return re.escape(item)
    text = re.escape(item["word"])
    if "not_after" in item:
        text = f"(?<![{re.escape(item['not_after'])}]){text}"
    if "not_before" in item:
        text += "(?!" + "|".join(re.escape(w) for w in item["not_before"]) + ")"
    return text


@lru_cache(maxsize=16)
def marks(*kinds: str) -> str:
    """The punctuation marks of the ``text`` kinds named (``full_stops``, ``exclamations``, ``clause_marks``), joined.

    Example: ``marks("full_stops", "exclamations")`` is every mark that ends a sentence; code adds line breaks.
    """
    return "".join(mark for kind in kinds for mark in lexicon()["text"][kind])


SENTENCE_MARKS = ("full_stops", "exclamations")  # the kinds that end a sentence in most stages


def issuer_pattern(shortest: int) -> str:
    """A document number's issuer as a lazy group: ``shortest`` to 10 Han characters, then an issuer ending.

    The one definition of a 文号's issuer for metadata (``shortest=1``) and the damage scan (``shortest=2``).
    """
    return rf"([\u4e00-\u9fff]{{{shortest},10}}?(?:{alternatives('documents', 'issuer_endings')}))"


def issuer_last_chars() -> str:
    """Every character an issuer ending ends with (the damage scan's anchor before the year)."""
    return "".join(sorted({word[-1] for word in words("documents", "issuer_endings")}))
