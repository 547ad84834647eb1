"""Recognising the chrome of Chinese government web pages (navigation, breadcrumbs, footers...).

Used by :mod:`scorer.readers.html` when no known content container exists and the whole
``<body>`` has to be cleaned. Rules look at the tag, at class/id tokens and at tell-tale text
(当前位置, 索引号 + 发布机构, 版权所有 / ICP备). An element holding more than half of the page's text
is never chrome, so a content ``<div class="main-top">`` survives a careless class name.
"""

from __future__ import annotations

import re
from typing import Any

from scorer.lexicon import alternatives, words

#: Tag -> rule for HTML5 sectioning elements that are chrome by definition.
CHROME_TAGS = {"nav": "html_nav", "footer": "html_footer", "aside": "html_aside", "header": "html_header"}
#: Inside a picked content container only these are dropped (an article's <header> holds its title).
CONTAINER_CHROME_TAGS = frozenset({"nav", "footer", "aside"})

# rule -> (tokens that must match exactly, fragments that may occur inside a token)
_TOKEN_RULES: tuple[tuple[str, frozenset[str], tuple[str, ...]], ...] = (
    ("html_breadcrumb", frozenset({"wz", "dqwz", "crumbs"}),
     ("breadcrumb", "crumb", "position", "location", "curpos", "weizhi")),
    ("html_nav", frozenset({"nav", "dh", "menu"}), ("navbar", "navigation", "daohang", "menu")),
    ("html_footer", frozenset({"foot", "ft", "bottom"}), ("footer", "copyright", "banquan")),
    ("html_share", frozenset({"bdshare"}), ("share", "fenxiang")),
    ("html_header", frozenset({"head", "top", "hd"}), ("header", "banner", "logo", "topbar")),
    ("html_search", frozenset(), ("search", "sousuo")),
    ("html_sidebar", frozenset({"side"}), ("sidebar", "related", "xgxx", "xglj")),
    ("html_toolbar", frozenset(), ("toolbar", "fontsize", "print")),
)
# The words are data (scorer/data/lexicon.yaml chrome/); the element sizes below are code.
_BREADCRUMB_TEXT = re.compile(rf"^(?:{alternatives('chrome', 'breadcrumbs')})")
_METADATA_MARKER = words("chrome", "html_metadata_marker")
_METADATA_WORDS = words("chrome", "html_metadata")
_FOOTER_WORDS = words("chrome", "html_footer")
_SHARE = words("chrome", "html_share")
_TOOLBAR_WORDS = words("chrome", "html_toolbar")
_DOC_EXT = re.compile(r"\.(?:docx?|wps|pdf|xlsx?|et|pptx?|zip|rar|7z|ofd|txt)$", re.IGNORECASE)


def collapse(text: str, *, keep_nbsp: bool = False) -> str:
    """Collapse whitespace runs to one space.

    Args:
        text: Any text.
        keep_nbsp: Collapse only HTML whitespace (space, tab, CR, LF, FF), keeping U+00A0 and
            U+3000 as the browser does.

    Returns:
        The collapsed text (not stripped when ``keep_nbsp`` is set).
    """
    if keep_nbsp:
        return re.sub(r"[ \t\n\r\f]+", " ", text)
    return " ".join(text.split())


def _tokens(node: Any) -> list[str]:
    attrs = node.attributes or {}
    raw = f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower()
    return [t for t in re.split(r"[\s_\-]+", raw) if t]


def token_rule(node: Any) -> str | None:
    """The chrome rule its class and id suggest, e.g. ``html_nav`` for ``class="nav-main"``."""
    tokens = _tokens(node)
    for rule, exact, fragments in _TOKEN_RULES:
        if any(t in exact or any(f in t for f in fragments) for t in tokens):
            return rule
    return None


def _text_rule(node: Any, text: str) -> str | None:
    n = len(text)
    checks = (
        (n < 300 and bool(_BREADCRUMB_TEXT.match(text)), "html_breadcrumb"),
        (n < 600 and any(w in text for w in _METADATA_MARKER) and any(w in text for w in _METADATA_WORDS),
         "html_metadata"),
        (n < 500 and any(w in text for w in _FOOTER_WORDS), "html_footer"),
        (n < 120 and any(w in text[:10] or f"{w}：" in text or f"{w}:" in text for w in _SHARE), "html_share"),
        (n < 120 and any(w in text for w in _TOOLBAR_WORDS), "html_toolbar"),
    )
    for matched, rule in checks:
        if matched:
            return rule
    links = node.css("a") if n < 1500 else []
    if len(links) >= 4:
        link_chars = sum(len(collapse(a.text(deep=True) or "").replace(" ", "")) for a in links)
        if link_chars >= 0.7 * len(text.replace(" ", "")):
            return "html_nav"
    return None


def chrome_rule(node: Any, body_len: int, *, tags_only: bool) -> str | None:
    """Decide whether an element is page chrome.

    Args:
        node: A selectolax element.
        body_len: Characters of text in the whole body (the "more than half" guard).
        tags_only: Only apply the tag rules that are safe inside a content container.

    Returns:
        The rule code (``html_nav``, ``html_breadcrumb``, ``html_metadata``, ``html_footer``...)
        or ``None``.
    """
    tag = node.tag
    if tags_only:
        return CHROME_TAGS[tag] if tag in CONTAINER_CHROME_TAGS else None
    if tag in ("html", "body"):
        return None
    text = collapse(node.text(deep=True, separator=" ") or "")
    if len(text) > 0.5 * body_len:
        return None
    if tag in CHROME_TAGS:
        return CHROME_TAGS[tag]
    return token_rule(node) or _text_rule(node, text)


def in_chrome(node: Any) -> bool:
    """Whether an element sits inside something that looks like navigation, header or footer."""
    parent = node.parent
    while parent is not None and parent.tag not in ("body", "html"):
        if parent.tag in CHROME_TAGS or token_rule(parent):
            return True
        parent = parent.parent
    return False


def is_attachment(node: Any) -> bool:
    """Whether a link is an attachment (a document file, or link text starting with 附件)."""
    href = ((node.attributes or {}).get("href") or "").strip()
    if not href or href.lower().startswith(("javascript:", "mailto:", "#")):
        return False
    name = collapse(node.text(deep=True) or "")
    path = re.split(r"[?#]", href, maxsplit=1)[0]
    return bool(_DOC_EXT.search(path) or _DOC_EXT.search(name) or name.startswith("附件"))


def attachment_line(node: Any) -> tuple[str, str]:
    """Render an attachment link as ``附件：name (href)``.

    Args:
        node: An ``<a>`` element for which :func:`is_attachment` is true.

    Returns:
        The line and the href. Names already starting with 附件 are not prefixed again.
    """
    href = ((node.attributes or {}).get("href") or "").strip()
    name = collapse(node.text(deep=True) or "") or re.split(r"[?#]", href, maxsplit=1)[0].rsplit("/", 1)[-1]
    line = name if name.startswith("附件") else f"附件：{name}"
    return f"{line} ({href})", href
