"""Writing output files safely: a temporary file in the same folder, then a link or a rename.

Without ``replace`` an output is created exclusively: the finished temporary file is hard-linked to the
target name, which fails when the name exists, so of several writers racing for the same new name exactly
one succeeds and the others get :class:`OutputError` (a check for existence followed by a rename would let
each of them replace the other's file). With ``replace`` the temporary file is renamed over an existing
regular file only: a device, a FIFO, a folder or a socket is never replaced.

Kept free of openpyxl so that writing text and JSON does not import the spreadsheet library.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Iterable
from pathlib import Path

__all__ = ["OutputError", "atomic_write", "describe_os_error", "remove_all_temporaries", "remove_temporaries"]

TEMP_SUFFIX = ".lvzhi-tmp"

# What the user can do about each I/O failure, in Chinese and English.
_ADVICE = {
    errno.ENOSPC: ("磁盘已满", "the disk is full", "请腾出空间后重试", "free some space and retry"),
    errno.EDQUOT: ("磁盘配额已用完", "the disk quota is used up", "请腾出空间后重试", "free some space and retry"),
    errno.EACCES: ("没有写入权限", "permission denied", "请换一个有写入权限的位置", "choose a place you may write to"),
    errno.EPERM: ("操作不被允许", "operation not permitted", "请换一个有写入权限的位置",
                  "choose a place you may write to"),
    errno.EROFS: ("该位置只读", "the file system is read-only", "请换一个可写的位置", "choose a writable place"),
    errno.ENOTDIR: ("路径中有一段不是目录", "a part of the path is not a folder", "请检查路径",
                    "check the path"),
    errno.EISDIR: ("这是一个目录，需要的是文件", "it is a folder where a file is needed", "请给出文件名",
                   "give a file name"),
    errno.ENOENT: ("目录不存在", "the folder does not exist", "请先建立该目录", "create the folder first"),
    errno.ENAMETOOLONG: ("文件名过长", "the file name is too long", "请用较短的文件名", "use a shorter name"),
    errno.EIO: ("磁盘读写错误", "an I/O error occurred", "请检查磁盘或网络盘", "check the disk or network drive"),
}


class OutputError(OSError):
    """An output that cannot or must not be written; ``str()`` is a bilingual message naming the file."""

    def __init__(self, message: str, path: str | Path, code: int | None = None) -> None:
        """Keep the bilingual message, the target and the errno (``None`` for a refusal of lvzhi's own)."""
        super().__init__(code or 0, message, str(path))
        self.message = message
        self.path = str(path)
        self.refused = code is None

    def __str__(self) -> str:
        """The bilingual message."""
        return self.message


def describe_os_error(error: OSError, path: str | Path | None = None, *, writing: bool = True) -> str:
    """A bilingual sentence for an I/O failure: what, where, what to do."""
    where = path if path is not None else (error.filename or "")
    what_zh, what_en, do_zh, do_en = _ADVICE.get(error.errno or 0, (
        error.strerror or type(error).__name__, error.strerror or str(error), "请检查该位置", "check the location"))
    verb_zh, verb_en = ("写入", "write") if writing else ("读取", "read")
    return f"无法{verb_zh} {where}：{what_zh}。{do_zh}。/ Cannot {verb_en} {where}: {what_en}; {do_en}."


def refuse_special(target: Path) -> None:
    """Refuse a target that exists and is not a regular file (device, FIFO, folder, socket), whatever ``--force``."""
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return
    except OSError as error:
        raise OutputError(describe_os_error(error, target), target, error.errno) from None
    if stat.S_ISDIR(mode):
        raise OutputError(f"输出位置是一个目录，需要的是文件名：{target}。请给出文件名（或以 / 结尾表示输出目录）。\n"
                          f"The output {target} is a folder where a file is needed; give a file name.", target)
    if not stat.S_ISREG(mode):
        raise OutputError(f"输出位置不是普通文件（设备、管道等）：{target}。lvzhi 只写普通文件，即使加 --force 也不会"
                          f"替换它。请另取文件名。\nThe output {target} is not a regular file (a device, FIFO...); "
                          "lvzhi writes regular files only, even with --force.", target)


def exists_error(target: Path) -> OutputError:
    """The refusal for an output that exists (or was created meanwhile by another writer) without ``--force``."""
    return OutputError(f"输出文件已存在，未覆盖：{target}。换一个文件名，或加 --force 覆盖。\nOutput file exists and "
                       f"was not overwritten: {target}. Choose another name or add --force.", target)


def atomic_write(path: str | Path, data: bytes, *, replace: bool = False) -> None:
    """Write ``data`` to a new temporary file in the target's folder, then link (new) or rename (``replace``) it.

    The temporary file is created exclusively with mode 0666 minus the umask, like any new file, so a
    reader never sees a half-written file and the result has ordinary permissions. Nothing partial is
    left behind on any failure, an interruption included.

    Raises:
        OutputError: The target exists (without ``replace``), is not a regular file, or an I/O error
            (disk full, permission, read-only, not a folder) stopped the write.
    """
    target = Path(path)
    refuse_special(target)
    if not replace and os.path.lexists(target):
        raise exists_error(target)
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}{TEMP_SUFFIX}")
    try:
        handle = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    except OSError as error:
        raise OutputError(describe_os_error(error, target), target, error.errno) from None
    try:
        try:
            _fill(handle, data)
            if replace:
                refuse_special(target)  # again: it may have appeared since the first look
                tmp.replace(target)
            else:
                _link_new(tmp, target)
        except OutputError:
            raise
        except OSError as error:
            raise OutputError(describe_os_error(error, target), target, error.errno) from None
    finally:
        tmp.unlink(missing_ok=True)  # after a link or a failure; after a rename it is already gone


def _fill(handle: int, data: bytes) -> None:
    """Write all of ``data`` to the open temporary file and close it (where a full disk shows)."""
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)


def _link_new(tmp: Path, target: Path) -> None:
    """Give the finished file its name only if the name is free: one atomic step, so exactly one racer wins."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise exists_error(target) from None
    except OSError as error:
        if error.errno not in {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK}:
            raise
        # no hard links here (FAT, some network drives): reserve the name exclusively, then rename over it
        try:
            os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            raise exists_error(target) from None
        tmp.replace(target)


def remove_temporaries(path: str | Path) -> None:
    """Remove what an interrupted :func:`atomic_write` to ``path`` left (its temporary files only)."""
    target = Path(path)
    for leftover in target.parent.glob(f".{glob_escape(target.name)}.*{TEMP_SUFFIX}"):
        leftover.unlink(missing_ok=True)


def remove_all_temporaries(targets: Iterable[str | Path]) -> int:
    """:func:`remove_temporaries` for many targets, listing each folder once (a run killed outright left them)."""
    by_folder: dict[Path, set[str]] = {}
    for target in map(Path, targets):
        by_folder.setdefault(target.parent, set()).add(target.name)
    removed = 0
    for folder, names in by_folder.items():
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            # ".{name}.{8 hex}{TEMP_SUFFIX}", as atomic_write names them
            name = entry.name
            if name.startswith(".") and name.endswith(TEMP_SUFFIX) and name[1:-len(TEMP_SUFFIX) - 9] in names:
                Path(entry.path).unlink(missing_ok=True)
                removed += 1
    return removed


def glob_escape(name: str) -> str:
    """``name`` with glob's special characters taken literally."""
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)
