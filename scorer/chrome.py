"""Find page chrome (portal navigation, breadcrumb, metadata table, footer) by data-driven rules.

Chrome lines are reported, not deleted: the text keeps every character so offsets stay valid, and
later stages skip the reported lines. Rules live in ``scorer/data/chrome.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from scheme.cache import derived
from scorer.document import Chrome
from scorer.lexicon import alternatives
from scorer.normalize import fold

MAX_ANY_LINE = 40


CHROME_TAG = "lvzhi-chrome-1"


@dataclass(frozen=True)
class _Rule:
    id: str
    where: str
    pattern: re.Pattern[str]


@lru_cache(maxsize=1)
def chrome_rules() -> tuple[_Rule, ...]:
    """Return the shipped chrome rules (read once per process; parsed YAML kept in lvzhi's disk cache)."""
    source = resources.files("scorer").joinpath("data/chrome.yaml").read_bytes()

    def parse() -> list[tuple[str, str, str]]:
        import yaml  # only when chrome.yaml changed since it was last cached

        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        return [(r["id"], r["where"], r["pattern"]) for r in yaml.load(source.decode("utf-8"), Loader=loader)["rules"]]  # noqa: S506 - a safe loader

    rows = derived("chrome-", CHROME_TAG, source, parse)
    # {breadcrumbs} names a lexicon vocabulary, so the HTML reader and these line rules share one list.
    shared = {"{breadcrumbs}": alternatives("chrome", "breadcrumbs")}
    return tuple(_Rule(rule_id, where, re.compile(_expand(pattern, shared))) for rule_id, where, pattern in rows)


def _expand(pattern: str, shared: dict[str, str]) -> str:
    for name, words in shared.items():
        pattern = pattern.replace(name, words)
    return pattern


def lines_with_offsets(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of every line, ``end`` excluding the newline."""
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _match(line: str, where: set[str]) -> str | None:
    stripped = line.strip()
    for rule in chrome_rules():
        if rule.where in where and rule.pattern.match(stripped):
            if rule.where == "any" and len(stripped) > MAX_ANY_LINE:
                continue
            return rule.id
    return None


def find_chrome(text: str) -> tuple[Chrome, ...]:
    """Return chrome lines of ``text`` in document order.

    Head rules apply to the run of lines at the top, foot rules to the run at the bottom (blank lines
    do not break a run), ``any`` rules to short lines anywhere.
    """
    folded = fold(text)
    spans = lines_with_offsets(text)
    found: dict[int, str] = {}
    for index, (start, end) in enumerate(spans):
        line = folded[start:end]
        if not line.strip():
            continue
        rule = _match(line, {"head", "any"})
        if rule is None:
            break
        found[index] = rule
    for index in range(len(spans) - 1, -1, -1):
        start, end = spans[index]
        line = folded[start:end]
        if not line.strip():
            continue
        rule = _match(line, {"foot", "any"})
        if rule is None:
            break
        found[index] = rule
    for index, (start, end) in enumerate(spans):
        if index not in found and folded[start:end].strip():
            rule = _match(folded[start:end], {"any"})
            if rule is not None:
                found[index] = rule
    return tuple(Chrome(found[i], spans[i][0], spans[i][1], text[spans[i][0]:spans[i][1]]) for i in sorted(found))
