"""A small on-disk cache for data derived from files (a validated rubric, the word-boundary dictionary).

Entries are plain data serialised with ``marshal`` (which builds values and never runs code), named by a hash of
everything they derive from, written atomically, and never required: an unreadable, damaged or unwritable
cache only costs the work of rebuilding. The directory is ``$LVZHI_CACHE_DIR``, else ``$XDG_CACHE_HOME/lvzhi``,
else ``~/.cache/lvzhi`` (a private folder in the temp dir when there is no home directory).
"""

from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any


def cache_dir() -> Path:
    """The cache directory (not created here)."""
    if os.environ.get("LVZHI_CACHE_DIR"):
        return Path(os.environ["LVZHI_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME")
    if base:
        return Path(base) / "lvzhi"
    try:
        return Path("~/.cache").expanduser() / "lvzhi"
    except RuntimeError:  # no home directory (a service account): a private folder in the temp dir
        return Path(tempfile.gettempdir()) / f"lvzhi-cache-{os.getuid() if hasattr(os, 'getuid') else 'user'}"


MAGIC = b"LVZC"


def read_entry(path: Path, tag: str) -> Any | None:
    """The value stored at ``path`` under ``tag``, or None when absent, damaged or stored under another tag.

    An entry is ``LVZC``, the tag's length and bytes, a CRC-32 of the value's bytes, then the marshalled value:
    a flipped bit (which marshal would happily read as another number, i.e. a silently different threshold)
    makes the entry absent, and it is rebuilt.
    """
    try:
        data = memoryview(path.read_bytes())
        name = tag.encode()
        head = 4 + 2 + len(name)
        if (data[:4] != MAGIC or int.from_bytes(data[4:6], "little") != len(name) or data[6:head] != name
                or zlib.crc32(data[head + 4:]) != int.from_bytes(data[head:head + 4], "little")):
            return None
        return marshal.loads(data[head + 4:])  # noqa: S302 marshal builds data only, it never runs code
    except (OSError, EOFError, ValueError, TypeError):
        return None


def write_entry(path: Path, tag: str, value: Any, *, keep: int | None = None, family: str = "") -> bool:
    """Store ``value`` at ``path`` under ``tag`` atomically; False when it cannot be (read-only disk, odd values).

    With ``keep``, only the ``keep`` most recent files of the folder whose names start with ``family`` are kept
    (older versions of the same entry, e.g. a rubric since edited, are deleted).
    """
    try:
        payload = marshal.dumps(value)
    except ValueError:
        return False  # a value marshal cannot hold (e.g. a date YAML parsed): simply not cached
    name = tag.encode()
    data = b"".join((MAGIC, len(name).to_bytes(2, "little"), name, zlib.crc32(payload).to_bytes(4, "little"), payload))
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            Path(tmp).replace(path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        return False
    if keep is not None and family:
        _prune(path.parent, family, keep)
    return True


def _prune(folder: Path, family: str, keep: int) -> None:
    try:
        entries = sorted(folder.glob(f"{family}*.marshal"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in entries[keep:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # another process pruned first, or the folder is read-only: harmless


def derived(family: str, tag: str, source: bytes, build: Callable[[], Any], keep: int = 1) -> Any:
    """Data built from ``source`` by ``build()``, from the cache when ``source`` and ``tag`` are unchanged.

    Only for plain data (what marshal holds) whose every input is ``source`` and the code named by ``tag``.
    """
    path = cache_dir() / f"{family}{hashlib.sha256(tag.encode() + b'|' + source).hexdigest()[:24]}.marshal"
    value = read_entry(path, tag)
    if value is None:
        value = build()
        write_entry(path, tag, value, keep=keep, family=family)
    return value
