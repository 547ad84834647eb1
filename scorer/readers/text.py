"""Plain text reports: bytes to ``str`` with an explicit, recorded encoding policy.

Order (as in yamllint's ``decoder.py``, adapted to Chinese government files):

1. An explicit ``encoding`` override wins; a bad name or undecodable bytes is a :class:`ReadError`.
2. A byte-order mark: UTF-8 (recorded as ``utf-8-sig``), UTF-32, UTF-16.
3. UTF-8, then GB18030 (a superset of GBK and GB2312, which is what Notepad on a Chinese Windows
   calls "ANSI").

Binary data (NUL bytes, many control characters, or GB18030 "text" that is mostly unusual code
points) is rejected as ``not_text``. CRLF and bare CR line endings become LF; the note says so.
"""

from __future__ import annotations

import codecs
import re

from scorer.readers.base import RawText
from scorer.readers.messages import read_error

#: Share of control characters above which decoded "text" is treated as binary.
MAX_CONTROL_SHARE = 0.01
#: Share of unusual code points above which a GB18030 decoding is treated as binary garbage.
MAX_ODD_SHARE_GB18030 = 0.10

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with the UTF-16 one.
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16"),
)
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")

# Code point ranges a Chinese report plausibly uses; anything else counts as "odd".
_USUAL_RANGES: tuple[tuple[int, int], ...] = (
    (0x20, 0x7E),  # ASCII printable
    (0xA0, 0x24F),  # Latin-1 and Latin Extended
    (0x370, 0x4FF),  # Greek, Cyrillic
    (0x2000, 0x2BFF),  # punctuation, number forms, arrows, maths, enclosed digits, boxes, symbols
    (0x3000, 0x33FF),  # CJK punctuation, kana, bopomofo, enclosed CJK, CJK compatibility
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # full-width and half-width forms
)


# Counted by regex (a per-character Python loop cost ~2 ms a report): C0 controls but the allowed ones, DEL and C1.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_ODD = re.compile("[^" + re.escape("".join(sorted(_ALLOWED_CONTROLS)))
                  + "".join(f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi in _USUAL_RANGES) + "]")
_BYTE_CONTROLS = bytes(b for b in range(0x20) if b not in {9, 10, 11, 12, 13, 26}) + b"\x7f"  # 26: DOS Ctrl-Z


def _control_share(text: str) -> float:
    return len(_CONTROL.findall(text)) / len(text) if text else 0.0


def _odd_share(text: str) -> float:
    return len(_ODD.findall(text)) / len(text) if text else 0.0


def _looks_binary(text: str, *, strict: bool) -> bool:
    """Whether decoded text is really binary data; ``strict`` adds the unusual-code-point test."""
    if "\x00" in text or _control_share(text) > MAX_CONTROL_SHARE:
        return True
    return strict and _odd_share(text) > MAX_ODD_SHARE_GB18030


def _byte_control_share(data: bytes) -> float:
    return (len(data) - len(data.translate(None, _BYTE_CONTROLS))) / len(data) if data else 0.0


def _decode_override(data: bytes, path: str, encoding: str) -> tuple[str, str]:
    try:
        name = codecs.lookup(encoding).name
    except (LookupError, TypeError, ValueError) as exc:
        raise read_error(path, "bad_encoding_name", encoding=encoding) from exc
    try:
        text = data.decode(name)
    except UnicodeDecodeError as exc:
        raise read_error(path, "bad_encoding", encoding=name, offset=exc.start) from exc
    except (LookupError, TypeError, ValueError) as exc:
        # Non-text codecs such as "rot13" or "zlib" exist in the registry but cannot decode bytes.
        raise read_error(path, "bad_encoding_name", encoding=encoding) from exc
    return text, name


def _decode_auto(data: bytes, path: str) -> tuple[str, str]:
    for bom, codec, recorded in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), recorded
            except UnicodeDecodeError:
                break  # a BOM-lookalike prefix on binary data; fall through to the checks below
    if b"\x00" in data:
        raise read_error(path, "not_text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as exc:
        code = "not_text" if _byte_control_share(data) > MAX_CONTROL_SHARE else "unknown_encoding"
        raise read_error(path, code) from exc
    if _looks_binary(text, strict=True):
        raise read_error(path, "not_text")
    return text, "gb18030"


def normalise_newlines(text: str) -> tuple[str, tuple[str, ...]]:
    """Turn CRLF and bare CR into LF.

    Args:
        text: Decoded text.

    Returns:
        The text with LF line endings, and the notes saying what was changed.
    """
    notes: list[str] = []
    if "\r\n" in text:
        text = text.replace("\r\n", "\n")
        notes.append("CRLF line endings normalised")
    if "\r" in text:
        text = text.replace("\r", "\n")
        notes.append("CR line endings normalised")
    return text, tuple(notes)


def decode_bytes(data: bytes, path: str, encoding: str | None = None) -> tuple[str, str, tuple[str, ...]]:
    """Decode report bytes following the module's encoding policy.

    Args:
        data: The raw file content.
        path: The file name, for error messages.
        encoding: An explicit encoding that overrides detection.

    Returns:
        ``(text, encoding, notes)``: text with LF line endings and no leading BOM, the encoding
        used (``utf-8-sig``, ``utf-8``, ``gb18030``, ``utf-16``... or the override's codec name),
        and notes on what was normalised.

    Raises:
        ReadError: ``bad_encoding_name``, ``bad_encoding``, ``not_text`` or ``unknown_encoding``.
    """
    if encoding:
        text, used = _decode_override(data, path, encoding)
        if _looks_binary(text, strict=False):
            raise read_error(path, "not_text")
    else:
        text, used = _decode_auto(data, path)
        if _looks_binary(text, strict=False):
            raise read_error(path, "not_text")
    notes: tuple[str, ...] = ()
    if text.startswith("\ufeff"):
        text = text[1:]
        notes = ("byte-order mark removed",)
    text, newline_notes = normalise_newlines(text)
    return text, used, notes + newline_notes


def read_text(data: bytes, path: str, encoding: str | None = None) -> RawText:
    """Read a plain-text (.txt, .md) report.

    Args:
        data: The raw file content.
        path: The file name, for error messages.
        encoding: An explicit encoding that overrides detection.

    Returns:
        The decoded report with ``format="txt"``.

    Raises:
        ReadError: For undecodable or binary content, or when the text is only whitespace (``empty``).
    """
    text, used, notes = decode_bytes(data, path, encoding)
    if not text.strip():
        raise read_error(path, "empty")
    return RawText(text=text, format="txt", encoding=used, notes=notes)
