"""Writing output files safely: a temporary file in the same folder, then a rename.

Kept free of openpyxl so that writing text and JSON does not import the spreadsheet library.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

__all__ = ["atomic_write"]


def atomic_write(path: str | Path, data: bytes) -> None:
    """Write ``data`` to a new temporary file in the target's folder, then rename it into place.

    The temporary file is created exclusively with mode 0666 minus the umask, like any new file, so a
    reader never sees a half-written workbook and the result has ordinary permissions.
    """
    target = Path(path)
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.lvzhi-tmp")
    handle = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        tmp.replace(target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
