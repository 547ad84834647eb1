"""Exit codes, output helpers and the one error type CLI handlers raise."""

from __future__ import annotations

import sys
from pathlib import Path

EXIT_OK = 0
EXIT_UNREADABLE = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


class CliError(Exception):
    """A user-facing failure with its exit code; the message is already bilingual."""

    def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
        """Keep the message and the exit code."""
        super().__init__(message)
        self.code = code


def out(text: str = "") -> None:
    """Write a line to standard output."""
    sys.stdout.write(text + "\n")


def err(text: str) -> None:
    """Write a line to standard error."""
    sys.stderr.write(text + "\n")


def write_text_output(text: str, path: str | None, *, force: bool = False) -> None:
    """Print ``text`` or write it atomically to ``path``, never overwriting without ``force``."""
    if path is None or path == "-":
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    target = Path(path)
    if target.exists() and not force:
        raise CliError(f"输出文件已存在，未覆盖：{target}。换一个文件名，或加 --force 覆盖。\n"
                       f"Output file exists and was not overwritten: {target}. Choose another name or add --force.")
    if not target.parent.exists():
        raise CliError(f"输出目录不存在：{target.parent}\nOutput folder does not exist: {target.parent}")
    tmp = target.with_name(f".{target.name}.lvzhi-tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(target)
