"""Exit codes, output helpers and the one error type CLI handlers raise."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from pathlib import Path

from reports.files import OutputError, atomic_write, describe_os_error, exists_error, refuse_special

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
    target = check_output(path, force=force)
    atomic_write(target, (text if text.endswith("\n") else text + "\n").encode("utf-8"), replace=force)


class InputFiles:
    """The files a command reads, looked up once, so that each output is checked against all of them at once."""

    def __init__(self, paths: Iterable[str | Path]) -> None:
        """Note each path's file identity (when it exists) and its resolved form."""
        self._ids: set[tuple[int, int]] = set()
        self._resolved: set[Path] = set()
        for name in paths:
            path = Path(name)
            identity = _identity(path)
            if identity is not None:
                self._ids.add(identity)
            self._resolved.add(path.resolve())

    def __contains__(self, path: object) -> bool:
        """True when ``path`` names one of the files (or would, once created)."""
        target = Path(path)  # type: ignore[arg-type]
        identity = _identity(target)
        return (identity is not None and identity in self._ids) or target.resolve() in self._resolved


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


def check_output(path: str | Path, *, inputs: Sequence[str | Path] | InputFiles = (), force: bool = False) -> Path:
    """Refuse an output that is an input, not a regular file, exists without ``force``, or lies in a missing folder.

    Pass an :class:`InputFiles` when checking many outputs against the same inputs. This is the early,
    friendly check; the write itself is create-exclusive (``atomic_write``), so a file that appears meanwhile
    is still never overwritten without ``force``.
    """
    target = Path(path)
    known = inputs if isinstance(inputs, InputFiles) else InputFiles(inputs)
    if target in known:
        raise CliError(f"输出文件不能是输入文件：{target}。lvzhi 从不覆盖输入（尤其是督学填写过的评分表），"
                       f"请另取文件名。\nThe output is one of the inputs: {target}. lvzhi never overwrites an "
                       "input (least of all a reviewed workbook); choose another name.")
    if not target.parent.exists():
        raise CliError(f"输出目录不存在：{target.parent}。请先建立该目录。\nOutput folder does not exist: "
                       f"{target.parent}")
    try:
        refuse_special(target)
    except OutputError as error:
        raise CliError(str(error)) from None
    if os.path.lexists(target) and not force:
        raise CliError(str(exists_error(target)))
    return target


def make_folder(folder: Path) -> None:
    """Create an output folder (and its parents) when missing; a bilingual error when it cannot be."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise CliError(f"输出位置已有同名文件，不是目录：{folder}。请另选目录名。\nThe output {folder} is a file, not "
                       "a folder; choose another folder name.") from None
    except OSError as error:
        raise CliError(describe_os_error(error, folder), EXIT_UNREADABLE) from None


def source_date() -> datetime | None:
    """The timestamp for outputs from ``SOURCE_DATE_EPOCH`` (reproducible builds), else ``None`` (now)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return None
    try:
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise CliError(f"环境变量 SOURCE_DATE_EPOCH 应为整数秒：{epoch!r}。\nSOURCE_DATE_EPOCH must be whole seconds: "
                       f"{epoch!r}.") from None


def render_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain text table whose columns line up in a terminal (Chinese characters count 2)."""
    from reports.xlsx_common import text_width

    cells = [[str(h) for h in header]] + [["" if v is None else (f"{v:g}" if isinstance(v, float) else str(v))
                                          for v in row] for row in rows]
    widths = [max(text_width(row[n]) for row in cells) for n in range(len(header))]
    lines = ["  ".join(value + " " * (width - text_width(value)) for value, width in zip(row, widths, strict=True))
             .rstrip() for row in cells]
    return "\n".join(lines)
