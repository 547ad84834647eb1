"""``--resume``: recognise the outputs an interrupted batch already finished, so they are not redone.

An output counts as finished only when it is a complete lvzhi output (outputs are linked into place whole,
never written in place) that records the SHA-256 of the very source it is for, scored against the same
scheme. Anything else (another report's output, an older version of the report, a damaged file) is not
finished, and the usual rule applies: it is not overwritten without ``--force``.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from reports.batch import Outcome

__all__ = ["finished_output", "sha256_of"]


def sha256_of(path: str | Path) -> str:
    """The SHA-256 of a file's bytes, as results record it."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def finished_output(source: str | Path, output: str | Path, fmt: str,
                    scheme_id: str | frozenset[str]) -> Outcome | None:
    """The outcome recorded in ``output`` when it is the finished output for ``source``, else ``None``.

    ``scheme_id`` is the rubric asked for, or the set of rubrics any of which will do (``--scheme auto``).
    """
    accepted = frozenset({scheme_id}) if isinstance(scheme_id, str) else scheme_id
    target = Path(output)
    if not target.is_file():
        return None
    try:
        recorded = _recorded(target, fmt)
        if recorded is None or recorded[0] not in accepted or recorded[1] != sha256_of(source):
            return None
    except Exception:  # noqa: BLE001 - whatever is wrong with it, an output that cannot be read is not finished
        return None
    _scheme, _sha, county, total, max_total, grade = recorded
    return Outcome(str(source), str(target), county=county, total=total, max_total=max_total, grade=grade,
                   resumed=True)


def _recorded(target: Path, fmt: str) -> tuple[str, str, str, float, float, str] | None:
    """(scheme id, source SHA-256, county, total, max total, grade) as ``target`` records them."""
    if fmt == "json":
        data = json.loads(target.read_text(encoding="utf-8"))
        return (data["scheme"]["id"], data["source"]["sha256"], data["report"]["county"] or "",
                float(data["total"]), float(data["max_total"]), data["grade"])
    if fmt == "xlsx":
        from zipfile import BadZipFile

        from reports.review import ReviewError, workbook_meta

        try:
            meta = workbook_meta(target)  # the hidden sheet only: a third of the time of reading the review
        except (ReviewError, BadZipFile):
            return None
        (record,) = meta["reports"]
        return (meta["scheme"]["id"], record["sha256"], record["county"], float(record["auto_total"]),
                float(record["max_total"]), record["auto_grade"])
    return None
