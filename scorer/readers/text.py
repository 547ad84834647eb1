"""Plain text reports: bytes to ``str`` with an explicit, recorded encoding policy.

Order (as in yamllint's ``decoder.py``, adapted to Chinese government files):

1. An explicit ``encoding`` override wins; a bad name or undecodable bytes is a :class:`ReadError`.
2. A byte-order mark: UTF-8 (recorded as ``utf-8-sig``), UTF-32, UTF-16.
3. UTF-8, then GB18030 (a superset of GBK and GB2312, which is what Notepad on a Chinese Windows
   calls "ANSI"), then Big5; a decoding that is mostly unusual code points does not count.
4. When none decodes cleanly, the one needing the fewest replacements, if they are at most
   :data:`MAX_REPLACED_SHARE` of the text: undecodable bytes (a lone UTF-16 surrogate, a damaged
   character) become U+FFFD and a warning note names their lines, instead of losing the report.

Binary data (NUL and control bytes over :data:`MAX_CONTROL_SHARE` of the file) is rejected as
``not_text``; a stray NUL in a text becomes U+FFFD and is reported the same way. CRLF and bare CR
line endings become LF; the note says so.
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
    """Whether decoded text is really binary data; ``strict`` adds the unusual-code-point test.

    NUL counts as a control character: a few in a long text are replaced and reported, not fatal.
    """
    if _control_share(text) > MAX_CONTROL_SHARE:
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
                # A lone surrogate or a cut-off last character in otherwise good UTF-16: replace, report.
                text, bad = _decode_replacing(data, codec)
                if bad <= _max_replaced(text) and not _looks_binary(text, strict=False):
                    return text, recorded
                break  # a BOM-lookalike prefix on binary data; fall through to the checks below
    if _byte_control_share(data) > MAX_CONTROL_SHARE:
        raise read_error(path, "not_text")  # NUL and control bytes throughout: a binary file, not a report
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    for codec in _FALLBACKS:  # GB18030 (Notepad's "ANSI" on a Chinese Windows), then Big5 (Taiwan, Hong Kong)
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if not _looks_binary(text, strict=True):
            return text, codec
    # Nothing decodes cleanly: the codec needing the fewest replacements, if they are few.
    best = min(((*_decode_replacing(data, codec), codec) for codec in ("utf-8", *_FALLBACKS)), key=lambda c: c[1])
    text, bad, codec = best
    if bad <= _max_replaced(text) and not _looks_binary(text, strict=codec != "utf-8"):
        return text, codec
    raise read_error(path, "unknown_encoding")


#: Share of characters that may be undecodable bytes (replaced by U+FFFD and reported) in a text report.
MAX_REPLACED_SHARE = 0.01
_FALLBACKS = ("gb18030", "big5")


def _max_replaced(text: str) -> int:
    return max(int(len(text) * MAX_REPLACED_SHARE), 1)


def _decode_replacing(data: bytes, codec: str) -> tuple[str, int]:
    """Decode with undecodable bytes replaced by U+FFFD; return the text and how many were replaced."""
    text = data.decode(codec, errors="replace")
    return text, text.count("\ufffd")


def _replacement_note(text: str, codec: str, nul: int) -> str | None:
    """The warning saying where undecodable bytes (U+FFFD) and NUL characters were found, by line."""
    spots = [m.start() for m in _REPLACED.finditer(text)]
    if not spots:
        return None
    lines = []
    for pos in spots[:10]:
        line = text.count("\n", 0, pos) + 1
        if line not in lines:
            lines.append(line)
    more = "…" if len(spots) > 10 else ""
    where, where_en = "、".join(map(str, lines)) + more, ", ".join(map(str, lines)) + more
    what = f"{len(spots) - nul} 处字节无法按 {codec} 解码" if len(spots) > nul else ""
    what_en = f"{len(spots) - nul} undecodable byte sequence(s) in {codec}" if len(spots) > nul else ""
    if nul:
        what += ("，" if what else "") + f"{nul} 个空字符（NUL）"
        what_en += (", " if what_en else "") + f"{nul} NUL character(s)"
    return (f"{WARNING}{what}，已替换为 �（第 {where} 行），请核对这些位置的原文。/ {what_en} replaced with "
            f"U+FFFD (line {where_en}); check the original there.")


_REPLACED = re.compile("[\ufffd]")
#: Reader notes starting with this are warnings for the inspector (shown with the report's warnings).
WARNING = "警告 warning: "


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
    else:
        text, used = _decode_auto(data, path)
    if _looks_binary(text, strict=False):
        raise read_error(path, "not_text")
    nul = text.count("\x00")
    replaced = "\ufffd" in text and (encoding is None or nul)
    text = text.replace("\x00", "\ufffd") if nul else text  # a stray NUL is not worth losing the report
    warning = _replacement_note(text, used, nul) if replaced or nul else None
    notes: tuple[str, ...] = (warning,) if warning else ()
    if text.startswith("\ufeff"):
        text = text[1:]
        notes = (*notes, "byte-order mark removed")
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
