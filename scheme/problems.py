"""Rubric problems: where in the YAML, what is wrong, what is allowed, in Chinese and English."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import yaml


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a rubric file.

    Attributes:
        file: The rubric file as given.
        line: 1-based line.
        column: 1-based column.
        zh: What is wrong, in Chinese.
        en: What is wrong, in English.
        allowed: What would be accepted instead (may be empty).
        path: JSON path of the offending value, e.g. ``areas/1/items/0/points``.
    """

    file: str
    line: int
    column: int
    zh: str
    en: str
    allowed: str = ""
    path: str = ""

    def __str__(self) -> str:
        """Return ``FILE:LINE:COL: 中文 / English; allowed: …``."""
        text = f"{self.file}:{self.line}:{self.column}: {self.zh} / {self.en}"
        if self.allowed:
            text += f"; 允许 allowed: {self.allowed}"
        return text

    def to_dict(self) -> dict[str, object]:
        """Return a JSON-ready dict in a fixed key order."""
        return {"file": self.file, "line": self.line, "column": self.column, "path": self.path,
                "zh": self.zh, "en": self.en, "allowed": self.allowed}


class RubricError(Exception):
    """A rubric cannot be used; carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem]) -> None:
        """Build the error from a non-empty list of problems."""
        self.problems = problems
        lines = "\n".join(str(p) for p in problems)
        super().__init__(f"invalid rubric: 评分细则有 {len(problems)} 处错误 / "
                         f"{len(problems)} problem(s):\n{lines}")


class Locator:
    """Maps a JSON path (keys and indexes) to a line and column of the composed YAML tree."""

    def __init__(self, root: yaml.Node | None) -> None:
        """Wrap the composed root node (``None`` for an empty document)."""
        self.root = root

    def node(self, path: tuple[object, ...], *, key: bool = False) -> yaml.Node | None:
        """Return the node at ``path``; with ``key=True`` the key node of the last mapping step.

        Walks as far as the path exists, so a missing leaf points at its parent.
        """
        import yaml  # a Locator only exists once a rubric was parsed, so yaml is loaded already

        node = self.root
        for step_index, step in enumerate(path):
            last = step_index == len(path) - 1
            if isinstance(node, yaml.MappingNode):
                found = None
                for key_node, value_node in node.value:
                    if key_node.value == step:
                        found = key_node if (key and last) else value_node
                        break
                if found is None:
                    return node
                node = found
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
                node = node.value[step]
            else:
                return node
        return node

    def position(self, path: tuple[object, ...], *, key: bool = False) -> tuple[int, int]:
        """Return the 1-based line and column of ``path``."""
        node = self.node(path, key=key)
        if node is None:
            return 1, 1
        return node.start_mark.line + 1, node.start_mark.column + 1


def path_text(path: tuple[object, ...]) -> str:
    """Render a JSON path as ``areas/1/items/0``."""
    return "/".join(str(step) for step in path)
