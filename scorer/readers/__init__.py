"""The reader stage: one report file in, one :class:`~scorer.readers.base.RawText` out.

:func:`read_file` dispatches on the file name's extension, but the content has the last word:
magic bytes reveal a PDF named .txt, an old .doc named .docx, a web page saved as .doc, an RTF.
Whatever the input, :func:`read_file` returns a ``RawText`` or raises
:class:`~scorer.errors.ReadError` with a stable ``code`` and a bilingual message; no other
exception escapes.

Codes: ``not_found``, ``is_directory``, ``permission_denied``, ``io_error``,
``unsupported_format``, ``empty``, ``too_large``, ``not_text``, ``unknown_encoding``,
``bad_encoding_name``, ``bad_encoding``, ``not_a_docx``, ``corrupt_docx``, ``encrypted_docx``,
``not_a_doc``, ``not_a_pdf``, ``corrupt_pdf``, ``encrypted_pdf``, ``scanned_pdf``,
``garbled_pdf``, ``needs_conversion``, ``conversion_failed``, ``conversion_timeout``,
``too_complex`` (a limit of :mod:`scorer.limits` reached), ``reader_failed`` (see
:data:`scorer.readers.messages.MESSAGES`).
"""

from __future__ import annotations

import os
import stat
from dataclasses import replace
from pathlib import Path

from scorer import limit_checks, limits
from scorer.errors import ReadError
from scorer.lexicon import lexicon
from scorer.readers.base import Dropped, HeadingHint, RawText
from scorer.readers.messages import read_error, short

__all__ = ["SUPPORTED_SUFFIXES", "Dropped", "HeadingHint", "RawText", "read_file", "sniff"]

# Which reader takes which file name suffix is data: scorer/data/lexicon.yaml files/report_suffixes, the one
# list score, batch and compare accept.
_KIND_BY_SUFFIX = {suffix: kind for kind, suffixes in lexicon()["files"]["report_suffixes"].items()
                   for suffix in suffixes}
#: File name extensions :func:`read_file` accepts (lower case, with the dot).
SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(_KIND_BY_SUFFIX)
#: Largest text or HTML file read, and largest .docx, .pdf or .doc (see :mod:`scorer.limits`).
MAX_TEXT_BYTES, MAX_BINARY_BYTES = limits.MAX_TEXT_BYTES, limits.MAX_BINARY_BYTES

_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_FORMAT_NAMES = {"text": "text", "docx": "Word (.docx)", "pdf": "PDF", "html": "HTML",
                 "doc": "Word 97-2003/WPS", "rtf": "RTF", "zip": "zip"}


def sniff(head: bytes) -> str | None:
    """Name the format the first bytes of a file reveal.

    Args:
        head: The first few kilobytes of the file.

    Returns:
        ``zip``, ``pdf``, ``cfb`` (OLE compound file: .doc, .wps or an encrypted Office file),
        ``rtf``, ``html``, or ``None`` when the bytes say nothing (plain text or garbage).
    """
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if head.startswith(_CFB_MAGIC):
        return "cfb"
    lead = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lead.startswith(b"%pdf-"):
        return "pdf"
    if lead.startswith(b"{\\rtf"):
        return "rtf"
    if lead.startswith((b"<!doctype html", b"<html")) or b"<html" in lead[:1024] or (
        lead.startswith(b"<") and b"<body" in lead[:4096]
    ):
        return "html"
    return None


def _stat(path: Path, name: str) -> os.stat_result:
    try:
        st = path.stat()
    except FileNotFoundError as exc:
        raise read_error(name, "not_found") from exc
    except PermissionError as exc:
        raise read_error(name, "permission_denied") from exc
    except (OSError, ValueError) as exc:
        raise read_error(name, "io_error", detail=short(exc)) from exc
    if stat.S_ISDIR(st.st_mode):
        raise read_error(name, "is_directory")
    if not stat.S_ISREG(st.st_mode):
        raise read_error(name, "io_error", detail="not a regular file / 不是普通文件")
    return st


def _read(path: Path, name: str, limit: int | None = None) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read() if limit is None else fh.read(limit)
    except PermissionError as exc:
        raise read_error(name, "permission_denied") from exc
    except OSError as exc:
        raise read_error(name, "io_error", detail=short(exc)) from exc


def _too_large(name: str, size: int, limit: int) -> ReadError:
    return read_error(name, "too_large", what="文件", what_en="the file", size_mb=size // 2**20,
                      limit_mb=limit // 2**20)


def _route(declared: str, magic: str | None, head: bytes) -> str:
    """The reader to use: the content's format when the bytes reveal one, else the extension's."""
    if declared == "pdf" and magic is None and b"%PDF-" in head[:1024]:
        return "pdf"  # viewers accept junk before the header; only trust that for a .pdf name
    if magic == "zip":
        return "docx"
    if magic in ("pdf", "html", "rtf"):
        return magic
    if magic == "cfb":
        return "cfb"
    return {"text": "text", "html": "html", "docx": "bad_docx", "pdf": "bad_pdf", "doc": "doc_text"}[declared]


def _dispatch(path: Path, name: str, route: str, size: int, encoding: str | None) -> RawText:
    # Imports are local so reading a .txt never loads python-docx, pdfminer or selectolax.
    if route in ("text", "html", "doc_text"):
        if size > MAX_TEXT_BYTES:
            raise _too_large(name, size, MAX_TEXT_BYTES)
        data = _read(path, name)
        if route == "html":
            from scorer.readers.html import read_html

            return read_html(data, name, encoding)
        from scorer.readers.text import read_text

        if route == "doc_text":
            try:
                return read_text(data, name, encoding)
            except ReadError as exc:
                if exc.code == "empty":
                    raise
                raise read_error(name, "not_a_doc") from exc
        return read_text(data, name, encoding)
    if size > MAX_BINARY_BYTES:
        raise _too_large(name, size, MAX_BINARY_BYTES)
    if route == "bad_docx":
        raise read_error(name, "not_a_docx", reason_zh=".docx 应为 zip 压缩包", reason_en="not a zip archive")
    if route == "bad_pdf":
        raise read_error(name, "not_a_pdf")
    if route == "docx":
        from scorer.readers.docx import read_docx

        return read_docx(path, source=name)
    if route == "pdf":
        # In a child process with a time and memory limit: pdfminer can loop or inflate without bound.
        return limit_checks.run_bounded(_read_pdf, (path, name), path=name, seconds=limits.PDF_SECONDS,
                                  memory=limits.PDF_MEMORY_BYTES)
    if route == "cfb" and _ENCRYPTED_PACKAGE in _read(path, name, MAX_TEXT_BYTES):
        # Word and WPS store password-protected .docx files as OLE containers.
        raise read_error(name, "encrypted_docx")
    from scorer.readers.libreoffice import read_via_libreoffice

    return read_via_libreoffice(path, kind="rtf" if route == "rtf" else "doc", source=name)


def _read_pdf(path: Path, name: str) -> RawText:
    from scorer.readers.pdf import read_pdf

    limit_checks.check_pdf_shape(str(path), name)
    limit_checks.check_pdf_streams(str(path), name)
    return read_pdf(path, source=name)


def read_file(path: str | os.PathLike[str], encoding: str | None = None) -> RawText:
    """Read one report file of any supported format.

    Args:
        path: The report file.
        encoding: Byte encoding of a text or HTML report, overriding detection (ignored, with a
            note, for formats that carry their own encoding).

    Returns:
        The decoded report.

    Raises:
        ReadError: For every reason the file cannot be read; see the module docstring for codes.
    """
    name = os.fspath(path)
    p = Path(name)
    st = _stat(p, name)
    suffix = p.suffix.lower()
    declared = _KIND_BY_SUFFIX.get(suffix)
    if declared is None:
        raise read_error(name, "unsupported_format", suffix=suffix or "(无扩展名 / none)",
                         supported=" ".join(SUPPORTED_SUFFIXES))
    if st.st_size == 0:
        raise read_error(name, "empty")
    head = _read(p, name, 8192)
    if st.st_size <= len(head) and not head.strip():
        raise read_error(name, "empty")
    magic = sniff(head)
    route = _route(declared, magic, head)
    try:
        raw = _dispatch(p, name, route, st.st_size, encoding)
    except ReadError:
        raise
    except Exception as exc:  # the contract: nothing but ReadError escapes
        fmt = _FORMAT_NAMES.get(route, route)
        raise read_error(name, "reader_failed", format=fmt, detail=short(exc)) from exc
    notes = list(raw.notes)
    actual = {"docx": "docx", "pdf": "pdf", "html": "html", "cfb": "doc", "rtf": "doc"}.get(route, declared)
    if actual != declared and not (declared == "doc" and route == "doc_text"):
        shown = _FORMAT_NAMES.get(magic or actual, actual)
        notes.append(f"content is {shown} although the name ends in {suffix}")
    if route == "doc_text":
        notes.append(f"content is plain text although the name ends in {suffix}")
    if encoding and raw.format in ("docx", "pdf", "doc"):
        notes.append(f"encoding override {encoding!r} ignored for {raw.format}")
    if not raw.text.strip():
        raise read_error(name, "empty")
    limits.check_text(raw.text, name)
    return replace(raw, notes=tuple(notes)) if notes != list(raw.notes) else raw
