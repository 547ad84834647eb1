"""Read a report into a ``Document``: decode → chrome → damage → heading tree → metadata.

One public entry point per input: ``read_report(path)`` for files, ``read_text(text)`` for text
already in memory. Only an unreadable file raises (``ReadError``); everything else is reported.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from scorer.chrome import find_chrome
from scorer.damage import find_damage
from scorer.document import Document
from scorer.limits import check_damage, check_text
from scorer.meta import extract_metadata
from scorer.readers.base import RawText
from scorer.split import split_sections


def build_document(raw: RawText, path: str, sha256: str) -> Document:
    """Run the text stages on a decoded report.

    Raises:
        ReadError: ``too_complex`` when more figures look damaged than :data:`scorer.limits.MAX_DAMAGED`.
    """
    damage = find_damage(raw.text)
    check_damage(len(damage), path)
    chrome = find_chrome(raw.text)
    sections = split_sections(raw.text, chrome, raw.hints)
    return Document(path=path, text=raw.text, format=raw.format, encoding=raw.encoding, sha256=sha256,
                    sections=sections, chrome=chrome, dropped=raw.dropped, damage=damage,
                    meta=extract_metadata(raw.text, sections), notes=raw.notes)


def read_report(path: str | Path, encoding: str | None = None) -> Document:
    """Read a report file of any supported format.

    Args:
        path: .txt/.md, .docx, .pdf, .html/.htm, or .doc/.wps (with LibreOffice).
        encoding: Force a text encoding (e.g. ``gb18030``) instead of detecting it.

    Returns:
        The document with its tree, chrome, damaged spans and metadata.

    Raises:
        ReadError: When the file cannot be read at all.
    """
    from scorer.readers import read_file  # readers pull in docx/pdf/html libraries: load on use

    raw = read_file(path, encoding)
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return build_document(raw, str(path), digest)


def read_text(text: str, name: str = "<text>") -> Document:
    """Read a report given as text (CRLF and CR line endings become LF).

    Raises:
        ReadError: ``too_complex`` when the text exceeds :data:`scorer.limits.MAX_TEXT_CHARS` or
            :data:`scorer.limits.MAX_LINES`.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    check_text(text, name)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return build_document(RawText(text=text, format="text"), name, digest)
