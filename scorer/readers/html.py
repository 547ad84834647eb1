"""Government web pages saved as .html: the article text without the site's chrome.

The content container is picked by known CMS selectors (:data:`CONTENT_SELECTORS`, TRS and the
政府信息公开 templates first). Only when none matches do we fall back to ``<body>`` and drop
elements that look like navigation, breadcrumbs (当前位置), footers, share bars and the
metadata table (索引号/发布机构/发布日期); see :mod:`scorer.readers.html_chrome`. Everything dropped is
reported as :class:`Dropped`. A table row becomes one line of cells joined by `` | ``, a cell with
``colspan``/``rowspan`` written in every column and row it covers so the columns stay aligned.
``<h1>``-``<h6>`` inside the content become heading hints, the ``<title>`` goes into the notes and
attachment links are kept as ``附件：name (href)`` lines.
"""

from __future__ import annotations

import codecs
import re
from typing import Any

from scorer import limit_checks
from scorer.errors import ReadError
from scorer.readers.base import Dropped, HeadingHint, RawText
from scorer.readers.html_chrome import (
    attachment_line,
    chrome_rule,
    collapse,
    in_chrome,
    is_attachment,
)
from scorer.readers.messages import read_error
from scorer.readers.text import WARNING, decode_bytes

#: CMS content containers, most specific first; ``<body>`` is the fallback.
CONTENT_SELECTORS: tuple[str, ...] = (
    "div.TRS_Editor", "#zoom", ".zfxxgk_zw_content", ".trs_editor_view", ".view", "article",
)
#: Never text: removed before anything else, without a Dropped record (nothing visible is lost).
INVISIBLE_TAGS = ("script", "style", "noscript", "template", "iframe", "svg", "select", "button",
                  "textarea", "object", "embed", "canvas", "head")
_BLOCK_TAGS = frozenset({
    "p", "div", "br", "hr", "li", "ul", "ol", "dl", "dt", "dd", "tr", "table", "tbody", "thead",
    "tfoot", "caption", "section", "article", "main", "blockquote", "center", "form", "address",
    "figure", "figcaption", "header", "footer", "nav", "aside", "h1", "h2", "h3", "h4", "h5", "h6",
})
_HEADINGS = {f"h{i}": i for i in range(1, 7)}
#: Most columns and rows one merged cell is repeated into, and most columns a row is given (browsers cap
#: colspan at 1000; a table in a report has a few dozen columns, and a crafted page must not make rows of a
#: million cells).
MAX_COLSPAN, MAX_ROWSPAN, MAX_COLUMNS = 64, 1000, 256
#: Longest text a row-spanned cell may have for a row with one cell of its own to count as a table row.
MAX_SPANNED_LABEL = 60
_META_CHARSET = re.compile(
    rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_\-:.]{2,40})", re.IGNORECASE
)
_GB_FAMILY = frozenset({"gb2312", "gbk", "cp936", "x-gbk", "gb_2312-80", "euc-cn", "hz-gb-2312"})


def decode_html(data: bytes, path: str, encoding: str | None = None) -> tuple[str, str, tuple[str, ...]]:
    """Decode an HTML page: override, BOM, ``<meta charset>``, then UTF-8 and GB18030.

    Args:
        data: The raw page.
        path: The file name, for errors.
        encoding: An explicit encoding that overrides everything.

    Returns:
        ``(text, encoding, notes)`` as :func:`scorer.readers.text.decode_bytes` returns them.

    Raises:
        ReadError: When the bytes are not text in any plausible encoding.
    """
    if encoding or data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_bytes(data, path, encoding)
    match = _META_CHARSET.search(data[:8192])
    if match:
        declared = match.group(1).decode("ascii").lower()
        # Pages declaring GB2312/GBK routinely contain characters only GB18030 has.
        name = "gb18030" if declared in _GB_FAMILY else declared
        try:
            text, used, notes = decode_bytes(data, path, name)
        except ReadError as exc:
            if exc.code not in ("bad_encoding", "bad_encoding_name"):
                raise
            # The declaration lies or names nothing usable: detect as for plain text.
            return _with_note(decode_bytes(data, path), f"declared charset {declared!r} not used")
        if _mojibake(text, declared):
            detected, found, detected_notes = decode_bytes(data, path)
            if _han(detected) > max(_han(text), 10):
                warning = (f"{WARNING}网页声明的编码 {declared} 解出的是乱码，已按 {found} 读取，请核对原文。/ the "
                           f"declared charset {declared} gives mojibake; read as {found}, check the text.")
                return detected, found, (*detected_notes, warning)
        return text, used, (*notes, f"charset from <meta>: {declared}")
    return decode_bytes(data, path)


_HAN = re.compile("[\u4e00-\u9fff]")
_SINGLE_BYTE_GARBLE = re.compile("[\u0080-\u00ff]")


def _han(text: str) -> int:
    return len(_HAN.findall(text))


def _mojibake(text: str, declared: str) -> bool:
    """Whether a page decoded by its declared charset looks like Chinese read as Latin-1 or alike."""
    if declared in _GB_FAMILY or declared.replace("-", "").replace("_", "") in ("utf8", "gb18030"):
        return False
    return len(_SINGLE_BYTE_GARBLE.findall(text)) > max(_han(text), 10)


def _with_note(result: tuple[str, str, tuple[str, ...]], note: str) -> tuple[str, str, tuple[str, ...]]:
    text, used, notes = result
    return text, used, (*notes, note)


class _Lines:
    """Accumulates inline text into lines; block boundaries flush the current line."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.current: list[str] = []
        self.hints: list[tuple[int, int, int]] = []  # (first line, end line, level)
        # Row group (tbody/thead/tfoot or table) -> grid column -> (rows still covered, text) of rowspan cells.
        self.spans: dict[int, dict[int, tuple[int, str]]] = {}

    def add(self, text: str) -> None:
        self.current.append(text)

    def flush(self) -> None:
        line = re.sub(r" {2,}", " ", "".join(self.current)).strip()
        if line:
            self.lines.append(line)
        self.current = []


def _walk(root: Any, out: _Lines, skip: set[int], attachments: set[str]) -> None:
    """Turn an element tree into lines: blocks break lines, tables give one line per row."""
    stack: list[tuple[Any, bool, int]] = [(root, True, 0)]
    while stack:
        node, entering, mark = stack.pop()
        tag = node.tag
        if not entering:
            if tag in _BLOCK_TAGS:
                out.flush()
            if tag in _HEADINGS and len(out.lines) > mark:
                out.hints.append((mark, len(out.lines), _HEADINGS[tag]))
            continue
        if tag == "-text":
            out.add(collapse(node.text(deep=False) or "", keep_nbsp=True))
            continue
        if not isinstance(tag, str) or tag.startswith("-") or node.mem_id in skip:
            continue
        if tag in _BLOCK_TAGS:
            out.flush()
        if tag == "pre":
            out.flush()
            out.lines.extend(ln.strip() for ln in (node.text(deep=True) or "").splitlines() if ln.strip())
            continue
        if tag == "a" and is_attachment(node):
            out.flush()
            line, href = attachment_line(node)
            out.lines.append(line)
            attachments.add(href)
            continue
        if tag == "tr":
            row = _grid_row(node, out, skip, attachments)
            if row is not None:
                if any(row):
                    out.lines.append(" | ".join(row))
                continue
        stack.append((node, False, len(out.lines)))
        stack.extend((child, True, 0) for child in reversed(list(node.iter(include_text=True))))


def _span(cell: Any, name: str, most: int) -> int:
    """A cell's colspan or rowspan: 1 when absent or unreadable, ``most`` for 0 (to the end) or more."""
    try:
        value = int((cell.attributes.get(name) or "1").strip())
    except ValueError:
        return 1
    return most if value == 0 or value > most else max(value, 1)


def _grid_row(tr: Any, out: _Lines, skip: set[int], attachments: set[str]) -> list[str] | None:
    """A table row as one text per grid column, or None when the row is no table row (a layout cell).

    A cell with ``colspan`` stands in each column it covers and one with ``rowspan`` in the rows below
    it (within its row group, as browsers draw it), so every row has a cell per column and a header or
    row label labels every cell it spans. A row with one cell of its own is a table row only when
    cells spanned from above make it two and all are short (a row label, not a page's layout column).
    """
    pending = out.spans.setdefault(tr.parent.mem_id if tr.parent is not None else 0, {})
    own = [c for c in tr.iter() if c.tag in ("td", "th")]
    if len(own) < 2 and not pending:
        return None  # a layout row: walked as blocks, its text read once
    row: list[str] = []
    below: dict[int, tuple[int, str]] = {}  # what spans into the next row
    carried = 0

    def carry() -> None:
        nonlocal carried
        while len(row) in pending:
            col = len(row)
            left, text = pending.pop(col)
            row.append(text)
            carried += 1
            if left > 1:
                below[col] = (left - 1, text)

    texts = [_cell_text(c, skip, attachments) for c in own] if own else []
    for cell, text in zip(own, texts, strict=True):
        carry()
        width, height = _span(cell, "colspan", MAX_COLSPAN), _span(cell, "rowspan", MAX_ROWSPAN)
        for _ in range(min(width, MAX_COLUMNS - len(row))):
            if height > 1:
                below[len(row)] = (height - 1, text)
            row.append(text)
    carry()
    for col in sorted(pending):  # spans standing right of this row's last cell
        left, text = pending[col]
        row.extend([""] * (col - len(row)))
        row.append(text)
        carried += 1
        if left > 1:
            below[col] = (left - 1, text)
    pending.clear()
    pending.update(below)
    if len(own) >= 2 or (own and carried and all(len(t) <= MAX_SPANNED_LABEL for t in row)):
        return row
    return None


def _cell_text(cell: Any, skip: set[int], attachments: set[str]) -> str:
    sub = _Lines()
    _walk(cell, sub, skip, attachments)
    sub.flush()
    return " ".join(sub.lines)


def _pick_container(tree: Any) -> tuple[Any, str | None]:
    for selector in CONTENT_SELECTORS:
        best, best_len = None, 0
        for node in tree.css(selector):
            length = len((node.text(deep=True) or "").strip())
            if length > best_len:
                best, best_len = node, length
        if best is not None:
            return best, selector
    return tree.body, None


def _chrome_nodes(body: Any, body_len: int, *, tags_only: bool) -> list[tuple[Any, str]]:
    """Outermost elements under ``body`` that look like chrome, with their rule codes."""
    found: list[tuple[Any, str]] = []
    stack: list[tuple[Any, int]] = [(child, 1) for child in body.iter()]
    stack.reverse()
    while stack:
        node, depth = stack.pop()
        rule = chrome_rule(node, body_len, tags_only=tags_only) if depth <= 40 else None
        if rule:
            found.append((node, rule))
            continue
        stack.extend((child, depth + 1) for child in reversed(list(node.iter())))
    return found


def _outside_text(body: Any, container: Any) -> str:
    """Text of the page outside the content container, for the chrome report."""
    sub = _Lines()
    _walk(body, sub, {container.mem_id}, set())
    sub.flush()
    return " ".join(sub.lines)


def read_html(data: bytes, path: str, encoding: str | None = None) -> RawText:
    """Read a saved government web page.

    Args:
        data: The raw page.
        path: The file name, for errors.
        encoding: An explicit encoding that overrides the page's declaration.

    Returns:
        The report with ``format="html"``, heading hints, dropped chrome and notes (``title:...``,
        ``content:<selector>``).

    Raises:
        ReadError: When the bytes are not text, or the page has no text (``empty``).
    """
    from selectolax.lexbor import LexborHTMLParser

    source_text, used, decode_notes = decode_html(data, path, encoding)
    limit_checks.check_html(source_text, path)  # the parser is quadratic in unclosed nesting and attributes
    tree = LexborHTMLParser(source_text)
    notes = list(decode_notes)
    title = tree.css_first("title")
    title_text = collapse(title.text(deep=True) or "").strip() if title is not None else ""
    if title_text:
        notes.append(f"title:{title_text}")
    tree.strip_tags(list(INVISIBLE_TAGS))
    body = tree.body
    if body is None:
        raise read_error(path, "empty")
    container, selector = _pick_container(tree)
    dropped: list[Dropped] = []
    skip: set[int] = set()
    if selector is not None:
        notes.append(f"content:{selector}")
        outside = _outside_text(body, container)
        if outside:
            dropped.append(Dropped(rule="html_outside_content", text=outside[:200]))
        chrome = _chrome_nodes(container, 0, tags_only=True)
    else:
        body_len = len(collapse(body.text(deep=True) or "").strip())
        chrome = _chrome_nodes(body, body_len, tags_only=False)
    for node, rule in chrome:
        skip.add(node.mem_id)
        dropped.append(Dropped(rule=rule, text=collapse(node.text(deep=True, separator=" ") or "")[:200]))
    out = _Lines()
    attachments: set[str] = set()
    _walk(container, out, skip, attachments)
    out.flush()
    if selector is not None:
        # Attachment links often sit just below the article, outside the container.
        for node in body.css("a"):
            if is_attachment(node) and not in_chrome(node):
                line, href = attachment_line(node)
                if href not in attachments:
                    attachments.add(href)
                    out.lines.append(line)
    text = "\n".join(out.lines)
    if not text.strip():
        raise read_error(path, "empty")
    starts = [0]
    for line in out.lines:
        starts.append(starts[-1] + len(line) + 1)
    hints = tuple(
        HeadingHint(start=starts[first], end=starts[end] - 1, level=level, source=f"html:h{level}")
        for first, end, level in out.hints
    )
    return RawText(text=text, format="html", encoding=used, hints=hints, dropped=tuple(dropped),
                   notes=tuple(notes))
