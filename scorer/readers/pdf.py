"""PDF reports: text layer per page, running headers and page numbers dropped, wrapped lines rejoined.

pdfium (pypdfium2, which ships with pdfplumber) gives lines with geometry in reading order, without the
gaps a PDF lays out between Chinese characters and digits, and ruled tables as ``cell | cell`` rows
(:mod:`scorer.readers.pdf_layout`). When many characters come out as U+FFFD or ``(cid:N)`` (fonts
without a Unicode map, jsvine/pdfplumber #29, #159) we try pdfplumber's lines (``page.dedupe_chars()``
first: fake bold draws each glyph twice, #992), then pdfium's plain text. The 版记 at the end
(抄送…, …印发) is dropped too (:mod:`scorer.readers.furniture`).

Chrome: page-number lines ("- 3 -", "第 3 页", "3/12", bare digits) on the first or last line of a
page are dropped, and so are lines in the top and bottom :data:`ZONE_LINES` lines of pages that
repeat (digits ignored) on at least half of the pages and at least 3 pages. Both are reported as
:class:`Dropped`.

Reflow is deliberately simple and deterministic, see :func:`reflow`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from itertools import pairwise
from pathlib import Path
from typing import Any

from scorer.readers.base import Dropped, RawText
from scorer.readers.furniture import drop_imprint
from scorer.readers.messages import read_error, short
from scorer.readers.pdf_layout import Line, close_cjk_spaces, layout_pages

#: Lines at the top and at the bottom of a page searched for running headers and page numbers.
ZONE_LINES = 2
#: Share of garbage characters ((cid:N), U+FFFD) that triggers the pypdfium2 fallback.
FALLBACK_GARBAGE_SHARE = 0.05
#: Share of garbage characters, after the fallback, at which the PDF is refused as garbled.
MAX_GARBAGE_SHARE = 0.30

PAGE_NUMBER_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(r"^[-－—–~～]\s*\d{1,4}\s*[-－—–~～]$"),
    re.compile(r"^第\s*\d{1,4}\s*页(?:\s*[,，/、]?\s*共\s*\d{1,4}\s*页)?$"),
    re.compile(r"^共\s*\d{1,4}\s*页\s*[,，]?\s*第\s*\d{1,4}\s*页$"),
    re.compile(r"^\d{1,4}\s*/\s*\d{1,4}$"),
    re.compile(r"^\d{1,4}$"),
    re.compile(r"^(?:page|p\.?)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$", re.IGNORECASE),
)
#: A line starting with one of these markers always starts a new paragraph.
HEADING_MARKER = re.compile(
    r"^\s*(?:第[一二三四五六七八九十百零〇\d]+[章节部分条篇]"
    r"|[一二三四五六七八九十百]+[、．.]"
    r"|[（(][一二三四五六七八九十百]+[）)]"
    r"|\d{1,2}[、．.](?!\d)"
    r"|[（(]\d{1,2}[）)]"
    r"|[①-⑳⑴-⒇⒈-⒛])"
)
_TERMINAL = frozenset("。！？：；!?:;…")
# What a layout engine moves to the next line whole: an opening bracket or quote with the digits, Latin
# letters and joining marks after it (（2021—2025, 3.18, Wi-Fi), or one character with the closing marks
# after it, which may not start a line (年）》，).
_UNBREAKABLE = re.compile(
    r"^(?:[（(《“\"']*[0-9A-Za-z][0-9A-Za-z.．,，\-—–~%/:]*|.)[）)》〉」』】”’，。、；：！？,.;:!?]*"
)
_CLOSERS = "”’」』）)》〉】]\"' \t"
_CID = re.compile(r"\(cid:\d+\)")


def _garbage_share(pages: list[list[Line]]) -> float:
    text = "".join(line.text for page in pages for line in page)
    cids = _CID.findall(text)
    n_chars = len(text) - sum(len(c) - 1 for c in cids)
    bad = len(cids) + text.count("\ufffd")
    return bad / n_chars if n_chars else 0.0


def _is_encrypted(exc: BaseException) -> bool:
    seen: list[BaseException] = [exc, *[a for a in exc.args if isinstance(a, BaseException)]]
    if exc.__cause__ is not None:
        seen.append(exc.__cause__)
    names = " ".join(type(e).__name__ for e in seen) + " " + str(exc)
    return any(word in names.lower() for word in ("password", "encrypt"))


def _plumber_pages(path: Path, source: str) -> tuple[list[list[Line]], list[int]]:
    import pdfplumber

    pages: list[list[Line]] = []
    failed: list[int] = []
    try:
        with pdfplumber.open(str(path)) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                try:
                    pages.append(_page_lines(page))
                except Exception:  # noqa: BLE001, PERF203 - one bad page must not lose the others
                    failed.append(number)
                    pages.append([])
    except Exception as exc:  # pdfminer raises many types for broken files
        if _is_encrypted(exc):
            raise read_error(source, "encrypted_pdf") from exc
        raise read_error(source, "corrupt_pdf", detail=short(exc)) from exc
    return pages, failed


def _page_lines(page: Any) -> list[Line]:
    out = []
    for raw in page.dedupe_chars().extract_text_lines(return_chars=True):
        text = raw["text"]
        if not text.strip():
            continue
        sizes = sorted(c["size"] for c in raw["chars"]) or [10.0]
        out.append(Line(text=close_cjk_spaces(text), x0=raw["x0"], x1=raw["x1"], size=sizes[len(sizes) // 2]))
    return out


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pdfium_pages(path: Path) -> list[list[Line]] | None:
    """Text through pypdfium2, with geometry in character units (a wide character is 2)."""
    try:
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(str(path))
    except Exception:  # noqa: BLE001 - the fallback is best effort
        return None
    pages: list[list[Line]] = []
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            textpage.close()
            page.close()
            lines = []
            for raw in re.split(r"\r\n|\r|\n", text):
                if raw.strip():
                    indent = len(raw) - len(raw.lstrip())
                    lines.append(Line(text=raw.strip(), x0=indent, x1=indent + _width(raw.strip()), size=2))
            pages.append(lines)
    except Exception:  # noqa: BLE001 - the fallback is best effort
        return None
    finally:
        pdf.close()
    return pages


def _norm(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _zone(n_lines: int) -> list[tuple[int, str]]:
    top = [(i, "header") for i in range(min(ZONE_LINES, n_lines))]
    bottom = [(i, "footer") for i in range(max(n_lines - ZONE_LINES, 0), n_lines)]
    seen = {i for i, _ in top}
    return top + [(i, z) for i, z in bottom if i not in seen]


def strip_chrome(pages: list[list[Line]]) -> tuple[list[list[Line]], list[Dropped]]:
    """Drop page numbers and running headers/footers from the top and bottom of pages.

    Args:
        pages: Lines per page.

    Returns:
        The pages without chrome, and what was dropped (one entry per distinct line, with the
        number of pages it occurred on).
    """
    drop: set[tuple[int, int]] = set()
    numbers: list[str] = []
    for p, lines in enumerate(pages):
        # Page numbers sit on the very first or last line; a number deeper in is content.
        for i in sorted({0, len(lines) - 1} if lines else set()):
            text = lines[i].text.strip()
            if any(pat.match(text) for pat in PAGE_NUMBER_PATTERNS):
                drop.add((p, i))
                numbers.append(text)
    counts: Counter[tuple[str, str]] = Counter()
    for p, lines in enumerate(pages):
        keys = {(z, _norm(lines[i].text)) for i, z in _zone(len(lines)) if (p, i) not in drop}
        counts.update(keys)
    n_pages = len(pages)
    repeated = {k for k, c in counts.items() if n_pages >= 3 and c >= 3 and c * 2 >= n_pages}
    first_text: dict[tuple[str, str], str] = {}
    for p, lines in enumerate(pages):
        for i, z in _zone(len(lines)):
            key = (z, _norm(lines[i].text))
            if (p, i) not in drop and key in repeated:
                drop.add((p, i))
                first_text.setdefault(key, lines[i].text.strip())
    dropped = [Dropped(rule=f"pdf_repeated_{z}", text=first_text[(z, n)][:200], count=counts[(z, n)])
               for z, n in sorted(repeated, key=lambda k: list(first_text).index(k))]
    if numbers:
        dropped.append(Dropped(rule="pdf_page_number", text=numbers[0][:200], count=len(numbers)))
    kept = [[line for i, line in enumerate(lines) if (p, i) not in drop] for p, lines in enumerate(pages)]
    return kept, dropped


def _edge(values: list[tuple[float, float]], *, right: bool) -> float | None:
    """Right (or left) text edge: the outermost value that at least 3 lines reach (outliers ignored).

    Returns ``None`` when no value is shared, i.e. the text has no wrapped paragraphs to speak of.
    """
    ordered = sorted(values, key=lambda v: -v[0] if right else v[0])
    need = min(3, len(ordered))
    for value, size in ordered:
        lo, hi = (value - size, value) if right else (value, value + size)
        if sum(1 for v, _ in ordered if lo <= v <= hi) >= need:
            return value
    return None


def _terminal(text: str) -> bool:
    stripped = text.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _TERMINAL


def reflow(pages: list[list[Line]]) -> list[str]:
    """Join lines that a PDF wrapped in the middle of a paragraph.

    A line continues the previous one when the previous line reaches the right edge (within two
    character widths), the line starts at the left edge (not indented, centred or right-aligned)
    and does not start with a heading marker (一、 （一） 1. （1） ①). If most clear paragraph
    starts in the document are indented (at least 3 seen), indentation alone marks new
    paragraphs; otherwise a previous line ending in 。！？：；!?:; (closing quotes and brackets
    ignored) also ends the paragraph. The right edge is the outermost line end that at least 3
    lines reach, so one over-long line cannot move it; with no such edge nothing is joined.
    A previous line also counts as reaching the edge when the run the line starts with (（2021—2025年）,
    a long number) would not have fitted in the space left. A title set larger than the body text
    and wrapped (wide first line) is joined too. Table rows (``Line.fixed``) are never joined.

    Args:
        pages: Lines per page, chrome already removed.

    Returns:
        One string per paragraph.
    """
    lines = [line for page in pages for line in page]
    if not lines:
        return []
    prose = [ln for ln in lines if not ln.fixed] or lines
    right = _edge([(ln.x1, ln.size) for ln in prose], right=True)
    left = _edge([(ln.x0, ln.size) for ln in prose], right=False)
    if right is None:
        right = float("inf")  # nothing reaches a common right edge: no line counts as wrapped
    if left is None:
        left = min(ln.x0 for ln in prose)

    def full(ln: Line) -> bool:
        return ln.x1 >= right - 2 * ln.size

    def indented(ln: Line) -> bool:
        return ln.x0 - left > 1.5 * ln.size

    def pushed(prev: Line, cur: Line) -> bool:
        # A run that cannot be broken (（2021—2025年）, a long number) moved to the next line whole and left
        # the previous one short: the paragraph goes on.
        run = _UNBREAKABLE.match(cur.text.strip())
        return run is not None and not _terminal(prev.text) and right - prev.x1 <= _width(run.group()) * cur.size / 2

    sizes = sorted(ln.size for ln in prose)
    body = sizes[len(sizes) // 2]

    def title(prev: Line, cur: Line) -> bool:
        # A centred title set larger than the body and wrapped over two lines is one paragraph.
        return (right != float("inf") and abs(prev.size - cur.size) < 0.5 and prev.size > 1.15 * body
                and prev.x1 - prev.x0 >= 0.6 * (right - left) and not _terminal(prev.text))

    starts = [cur for prev, cur in pairwise(prose) if not full(prev) and full(cur)]
    indent_mode = len(starts) >= 3 and sum(map(indented, starts)) >= 0.6 * len(starts)
    out = [lines[0].text.strip()]
    for prev, cur in pairwise(lines):
        text = cur.text.strip()
        wrapped = (full(prev) or pushed(prev, cur)) and not indented(cur)
        joins = (not prev.fixed and not cur.fixed and not HEADING_MARKER.match(text)
                 and ((wrapped and (indent_mode or not _terminal(prev.text))) or title(prev, cur)))
        if joins:
            # A layout engine breaks between a Latin letter and a letter or digit only at a space (Wi-Fi 6 /
            # network, 1000 / Mbps); between two digits it does not break, so none is added there.
            glue = " " if re.search(r"[A-Za-z0-9]$", out[-1]) and re.match(r"[A-Za-z0-9]", text) and (
                re.search(r"[A-Za-z]$", out[-1]) or re.match(r"[A-Za-z]", text)) else ""
            out[-1] += glue + text
        else:
            out.append(text)
    return out


def _first_pages(path: Path, source: str) -> tuple[list[list[Line]], list[int], str, int]:
    """Pages through pdfium (fast, tables through pdfplumber); pdfplumber alone when pdfium cannot open the file."""
    try:
        pages, failed, n_tables = layout_pages(path)
    except Exception as exc:
        if _is_encrypted(exc):
            raise read_error(source, "encrypted_pdf") from exc
        pages, failed = _plumber_pages(path, source)
        return pages, failed, "pdfplumber", 0
    return pages, failed, "pypdfium2", n_tables


def _fallbacks(path: Path, source: str, primary: str) -> list[tuple[str, Any]]:
    """Other ways to get the text when the first one gives garbage (fonts without a Unicode map)."""

    def plumber() -> list[list[Line]] | None:
        try:
            return _plumber_pages(path, source)[0]
        except Exception:  # noqa: BLE001 - a fallback is best effort
            return None

    chain = [("pdfplumber", plumber), ("pypdfium2 text", lambda: _pdfium_pages(path))]
    return [(name, fetch) for name, fetch in chain if name != primary]


def read_pdf(path: Path, source: str | None = None) -> RawText:
    """Read a PDF report.

    Args:
        path: The PDF file.
        source: The name to use in errors.

    Returns:
        The report with ``format="pdf"``, the dropped chrome and notes on fallbacks.

    Raises:
        ReadError: ``encrypted_pdf``, ``corrupt_pdf``, ``scanned_pdf`` or ``garbled_pdf``.
    """
    source = source or str(path)
    pages, failed, primary, n_tables = _first_pages(path, source)
    notes: list[str] = [f"{n_tables} table(s) read as tables"] if n_tables else []
    if failed and len(failed) == len(pages):
        raise read_error(source, "corrupt_pdf", detail="no page could be read")
    if failed:
        notes.append("pages not readable: " + ", ".join(map(str, failed)))
    share = _garbage_share(pages)
    has_text = any(page for page in pages)
    if share > FALLBACK_GARBAGE_SHARE or not has_text:
        for name, fetch in _fallbacks(path, source, primary):
            alt = fetch()
            if alt is not None and any(page for page in alt):
                alt_share = _garbage_share(alt)
                if alt_share < share or not has_text:
                    notes.append(f"text from {name} ({primary}: {share:.0%} unreadable characters)")
                    pages, share, has_text, primary = alt, alt_share, True, name
            if share <= FALLBACK_GARBAGE_SHARE and has_text:
                break
    if not any(page for page in pages):
        raise read_error(source, "scanned_pdf")
    if share > MAX_GARBAGE_SHARE:
        raise read_error(source, "garbled_pdf", share=round(share * 100))
    if share > 0:
        notes.append(f"{share:.1%} of characters unreadable ((cid:N) or U+FFFD)")
    blank = [str(i) for i, page in enumerate(pages, start=1) if not page and i not in failed]
    if blank:
        notes.append("pages without a text layer (scanned?): " + ", ".join(blank))
    kept, dropped = strip_chrome(pages)
    paragraphs, imprint = drop_imprint(reflow(kept))
    dropped.extend(imprint)
    text = "\n".join(paragraphs)
    if not text.strip():
        raise read_error(source, "scanned_pdf")
    return RawText(text=text, format="pdf", encoding=None, dropped=tuple(dropped), notes=tuple(notes))
