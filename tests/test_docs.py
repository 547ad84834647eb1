"""The README describes what exists: its commands, files and quick start work."""

from __future__ import annotations

import re
from pathlib import Path

from reports.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _subcommands() -> set[str]:
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return set(action.choices)


def test_every_command_in_readme_exists() -> None:
    used = set(re.findall(r"lvzhi ([a-z]+)", README))
    assert used
    assert used <= _subcommands(), used - _subcommands()


def test_quick_start_is_two_commands_on_a_shipped_example() -> None:
    quick = README[README.index("## 快速开始"):README.index("### 常用命令")]
    block = re.search(r"```bash\n(.*?)```", quick, re.S).group(1).strip().splitlines()
    assert len(block) == 2
    assert "pip install ." in block[0]
    example = re.search(r"(examples/\S+\.txt)", block[1]).group(1)
    assert (ROOT / example).exists()


def test_referenced_files_exist() -> None:
    for path in re.findall(r"`((?:scheme|scorer|reports|tests|examples|benchmarks|docs)/[^`*\s]+)`", README):
        assert (ROOT / path.rstrip("/")).exists(), path
    for image in re.findall(r"\]\((docs/[^)]+)\)", README):
        assert (ROOT / image).exists(), image


def test_readme_test_command_is_what_ci_runs() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = ("python3 -m venv .venv && .venv/bin/python -m pip install --quiet '.[test]' && "
               ".venv/bin/python -m pytest")
    assert f"```bash\n{command}\n```" in README
    assert re.search(f"^{re.escape(command)}$", ci, re.M)
