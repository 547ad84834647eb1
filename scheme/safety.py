r"""Bounds on what a rubric may cost to load and to apply (issue 16); the rubric layer's part of the limits.

:mod:`scorer.limits` lists every limit of lvzhi and re-exports these; they live here because the rubric
layer depends on nothing else in lvzhi.

* YAML aliases are resolved once: a composed document is a graph in which an alias is the same node
  object as its anchor, so walking it node by node (with memory) is linear in the file. The size the
  document *would* have with every alias expanded is computed on that graph; above
  :data:`MAX_ALIAS_NODES` (the billion-laughs shape) the rubric is refused before anything expands it.
* Only plain JSON-like YAML values are allowed: text, integers, finite numbers, true/false, null, lists
  and mappings. An unquoted date (``period: 2021-01-01``), ``.nan``, ``.inf``, an integer of more than
  :data:`MAX_INT_DIGITS` digits, ``!!binary`` or ``!!set`` is a problem at its line, not an internal error.
* A regular expression whose repeated part itself repeats (``(\\S+\\s?)+``) can take exponential time
  on a line that almost matches; :func:`backtracking_risk` finds such nesting statically and the
  semantic pass rejects it at its line. Patterns are also at most :data:`MAX_PATTERN_LENGTH` characters.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import yaml

from scheme.problems import Problem

try:  # the parser of the re module (renamed in Python 3.11)
    import re._parser as _sre_parse  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _sre_parse  # type: ignore[no-redef]

#: Largest rubric file read (the shipped rubric is about 100 KB).
MAX_RUBRIC_BYTES = 5 * 2**20
#: Nodes the rubric would have with every YAML alias expanded (the shipped one has about 10,000).
MAX_ALIAS_NODES = 200_000
#: Digits of an integer in a rubric (points and thresholds need a few).
MAX_INT_DIGITS = 15
#: Characters of one regular expression in a rubric.
MAX_PATTERN_LENGTH = 500

_TAG = "tag:yaml.org,2002:"
_PLAIN_TAGS = frozenset(_TAG + t for t in ("str", "int", "float", "bool", "null", "seq", "map"))
_TAG_ZH = {"timestamp": "日期或时间", "binary": "二进制数据", "set": "集合", "omap": "有序映射", "pairs": "键值对列表"}


def _at(node: yaml.Node, file: str, zh: str, en: str, allowed: str) -> Problem:
    return Problem(file, node.start_mark.line + 1, node.start_mark.column + 1, zh, en, allowed)


def _scalar_problem(node: yaml.ScalarNode, file: str) -> Problem | None:
    tag, value = node.tag, str(node.value)
    if tag not in _PLAIN_TAGS:
        name = tag.removeprefix(_TAG)
        return _at(node, file, f"不支持的 YAML 类型 {_TAG_ZH.get(name, name)}（{value[:40]}）；文本请加引号",
                   f"unsupported YAML type {name} ({value[:40]}); quote it if it is text",
                   "text, a number, true/false or a list/mapping")
    if tag == _TAG + "int" and sum(ch.isdigit() for ch in value) > MAX_INT_DIGITS:
        return _at(node, file, f"整数位数过多（{len(value)} 位）", f"integer too long ({len(value)} digits)",
                   f"at most {MAX_INT_DIGITS} digits")
    if tag == _TAG + "float":
        try:
            number = float(value.replace("_", ""))
        except ValueError:
            number = math.nan if "nan" in value.lower() else math.inf
        if not math.isfinite(number):
            return _at(node, file, f"数值 {value} 不是有限的数", f"{value} is not a finite number",
                       "a finite number")
    return None


def node_problems(root: yaml.Node | None, file: str) -> list[Problem]:
    """Problems a composed YAML document has before it is turned into values (all block construction).

    Visits every distinct node once, so aliases cost nothing extra; computes the expanded size on the way.

    Args:
        root: The composed document (``loader.get_single_node()``), or ``None`` for an empty file.
        file: File name to put in each problem.

    Returns:
        Unsupported scalar types, non-finite numbers, overlong integers and, when aliases would expand
        the document past :data:`MAX_ALIAS_NODES` nodes, one problem at the first alias's anchor.
    """
    import yaml

    if root is None:
        return []
    problems: list[Problem] = []
    size: dict[int, int] = {}  # id(node) -> nodes with aliases expanded
    first_shared: yaml.Node | None = None
    # Post-order without recursion: (node, children done?).
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            if id(node) not in size:
                size[id(node)] = 1
                problem = _scalar_problem(node, file)
                if problem:
                    problems.append(problem)
            continue
        children = [v for pair in node.value for v in pair] if isinstance(node, yaml.MappingNode) else node.value
        if done:
            size[id(node)] = min(1 + sum(size[id(c)] for c in children), MAX_ALIAS_NODES + 1)
            continue
        if id(node) in size:
            first_shared = first_shared or node
            continue
        size[id(node)] = 0  # placeholder: a node inside itself (a recursive alias) counts as nothing
        stack.append((node, True))
        for child in children:
            if id(child) in size:
                first_shared = first_shared or child
            else:
                stack.append((child, False))
    if size[id(root)] > MAX_ALIAS_NODES:
        where = first_shared or root
        problems.append(_at(where, file, f"YAML 别名（&/*）展开后超过 {MAX_ALIAS_NODES:,} 个节点",
                            f"YAML aliases (&/*) expand to more than {MAX_ALIAS_NODES:,} nodes",
                            "write the values out, or use fewer nested aliases"))
    return sorted(problems, key=lambda p: (p.line, p.column))


def _can_vary(items: Any) -> bool:
    """Whether a parsed (sub)pattern contains a repeat that matches more than one length."""
    for op, arg in items:
        name = str(op)
        if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, high, body = arg
            if high != low and _width(body) != (0, 0):
                return True
            if _can_vary(body):
                return True
        elif name == "SUBPATTERN":
            if _can_vary(arg[-1]):
                return True
        elif name == "BRANCH":
            if any(_can_vary(b) for b in arg[1]) or len({_width(b) for b in arg[1]}) > 1:
                return True
        elif name in ("ASSERT", "ASSERT_NOT") and _can_vary(arg[1]):
            return True
    return False


def _width(items: Any) -> tuple[int, int]:
    try:
        return items.getwidth()
    except AttributeError:  # a plain list of items
        return (0, 0) if not items else (1, 1)


def _nested(items: Any) -> bool:
    """Whether some unbounded repeat's body can itself match strings of several lengths (or via branches)."""
    for op, arg in items:
        name = str(op)
        if name in ("MAX_REPEAT", "MIN_REPEAT"):
            low, high, body = arg
            if high > 1 and high - low > 10 and _can_vary(body):
                return True
            if _nested(body):
                return True
        elif name == "SUBPATTERN":
            if _nested(arg[-1]):
                return True
        elif name == "BRANCH":
            if any(_nested(b) for b in arg[1]):
                return True
        elif name in ("ASSERT", "ASSERT_NOT") and _nested(arg[1]):
            return True
    return False


def backtracking_risk(pattern: str) -> str | None:
    r"""Say why ``pattern`` could take exponential or huge time, or ``None`` when it cannot in that way.

    Args:
        pattern: A regular expression that compiles.

    Returns:
        ``"length"`` when it is longer than :data:`MAX_PATTERN_LENGTH`, ``"nested"`` when a repeated
        group can itself match strings of different lengths (``(a+)+``, ``(\\S+\\s?)*``, ``(a|ab)+``),
        else ``None``.
    """
    if len(pattern) > MAX_PATTERN_LENGTH:
        return "length"
    try:
        parsed = _sre_parse.parse(pattern)
    except (re.error, RecursionError, OverflowError):
        return None  # the compile check reports it
    return "nested" if _nested(parsed) else None
