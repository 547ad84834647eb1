"""Old Word (.doc), Kingsoft WPS (.wps, DOC-based) and RTF reports, through LibreOffice.

We never parse the binary formats ourselves: ``soffice --headless --convert-to docx`` does it, then
:func:`scorer.readers.docx.read_docx` reads the result. Lessons from docling (#3819, PR #3820):
a private ``-env:UserInstallation`` profile per run (a shared profile locks and hangs), a hard
timeout that kills the whole process group, one conversion at a time, and "exit code 0 but no
output file" counts as failure.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from dataclasses import replace
from pathlib import Path

from scorer.readers.base import RawText
from scorer.readers.docx import read_docx
from scorer.readers.messages import read_error, short

#: Seconds a conversion may take before LibreOffice is killed.
TIMEOUT_SECONDS = 120
#: Executable names looked up on PATH, then well-known install locations.
EXECUTABLES = ("soffice", "libreoffice")
_KNOWN_LOCATIONS = (
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)
_LOCK = threading.Lock()


def find_soffice() -> str | None:
    """Locate the LibreOffice executable.

    Returns:
        Its path, or ``None`` when LibreOffice is not installed.
    """
    for name in EXECUTABLES:
        found = shutil.which(name)
        if found:
            return found
    for location in _KNOWN_LOCATIONS:
        if Path(location).is_file():
            return location
    return None


def _run(cmd: list[str], timeout: float, source: str) -> subprocess.CompletedProcess[bytes]:
    """Run LibreOffice in its own process group so a timeout kills its children too."""
    posix = sys.platform != "win32"
    try:
        proc = subprocess.Popen(  # noqa: S603 - fixed argument list, no shell
            cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=posix
        )
    except OSError as exc:
        raise read_error(source, "conversion_failed", detail=short(exc)) from exc
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        _kill(proc, posix)
        raise read_error(source, "conversion_timeout", seconds=timeout) from exc
    except BaseException:
        _kill(proc, posix)  # Ctrl-C or a stopped batch worker: soffice, in its own session, must not outlive us
        raise
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def _kill(proc: subprocess.Popen[bytes], posix: bool) -> None:
    """Kill LibreOffice and everything it started, and reap it."""
    try:
        if posix:
            os.killpg(proc.pid, signal.SIGKILL)  # our own session: soffice and its children
        else:
            proc.kill()
    except ProcessLookupError:
        pass  # it exited between the timeout and the kill
    proc.communicate()


def read_via_libreoffice(path: Path, kind: str = "doc", source: str | None = None,
                         timeout: float | None = None) -> RawText:
    """Convert a .doc/.wps/.rtf report to .docx with LibreOffice and read it.

    Args:
        path: The file to convert.
        kind: Extension LibreOffice should see (``doc`` or ``rtf``); the copy it converts is
            renamed so odd names (.wps, Chinese characters, spaces) cannot confuse it.
        source: The name to use in errors.
        timeout: Seconds before the conversion is killed (default :data:`TIMEOUT_SECONDS`).

    Returns:
        The report with ``format="doc"`` and the note ``converted with LibreOffice``.

    Raises:
        ReadError: ``needs_conversion`` when LibreOffice is missing, ``conversion_failed``,
            ``conversion_timeout``, or any error of the .docx reader.
    """
    source = source or str(path)
    soffice = find_soffice()
    if soffice is None:
        raise read_error(source, "needs_conversion", suffix=path.suffix.lower() or kind)
    timeout = TIMEOUT_SECONDS if timeout is None else timeout
    with _LOCK, tempfile.TemporaryDirectory(prefix="lvzhi-lo-") as tmp:
        work = Path(tmp)
        profile, outdir = work / "profile", work / "out"
        outdir.mkdir()
        copy = work / f"input.{kind}"
        try:
            shutil.copyfile(path, copy)
        except OSError as exc:
            raise read_error(source, "conversion_failed", detail=short(exc)) from exc
        cmd = [soffice, "--headless", "--norestore", "--nolockcheck", "--nologo", "--nodefault",
               f"-env:UserInstallation={profile.as_uri()}",
               "--convert-to", "docx", "--outdir", str(outdir), str(copy)]
        result = _run(cmd, timeout, source)
        produced = outdir / "input.docx"
        if result.returncode != 0 or not produced.is_file():
            tail = (result.stderr or result.stdout or b"").decode("utf-8", "replace").strip()[-200:]
            detail = f"exit {result.returncode}, {'no output file' if not produced.is_file() else 'error'}"
            raise read_error(source, "conversion_failed", detail=f"{detail}: {tail}" if tail else detail)
        raw = read_docx(produced, source=source)
    return replace(raw, format="doc", notes=(*raw.notes, "converted with LibreOffice"))
