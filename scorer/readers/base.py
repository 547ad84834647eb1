"""The value every reader returns: the report's text plus what the reader knows about its layout."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class HeadingHint:
    """A paragraph the source format marks as a heading (Word style, HTML <h1>-<h6>, outline level).

    Attributes:
        start: Offset of the paragraph's first character in ``RawText.text``.
        end: Offset just past its last character.
        level: 1 for the top level (一、), 2 for (一), 3 for 1., 4 for (1), 5 for ①.
        source: Where the level came from, e.g. ``style:Heading 2`` or ``numbering:chineseCounting``.
    """

    start: int
    end: int
    level: int
    source: str


@dataclass(frozen=True)
class Dropped:
    """Something a reader left out of the text (page header, navigation block), for the chrome report.

    Attributes:
        rule: Short code naming why it was dropped, e.g. ``pdf_repeated_header`` or ``html_nav``.
        text: The dropped text (trimmed to 200 characters).
        count: How many times it occurred (pages a header repeated on).
    """

    rule: str
    text: str
    count: int = 1


@dataclass(frozen=True)
class RawText:
    """A decoded report: the ORIGINAL text every later offset indexes into.

    Attributes:
        text: The text, one paragraph per line. Never rewritten by later stages.
        format: ``txt``, ``docx``, ``pdf``, ``html`` or ``doc``.
        encoding: The byte encoding used (``utf-8``, ``utf-8-sig``, ``gb18030``), or ``None`` for
            formats that carry their own (docx, pdf).
        hints: Heading levels the format states explicitly.
        dropped: What the reader left out of ``text``.
        notes: Anything else worth telling the inspector (e.g. ``converted with LibreOffice``).
    """

    text: str
    format: str
    encoding: str | None = None
    hints: tuple[HeadingHint, ...] = field(default_factory=tuple)
    dropped: tuple[Dropped, ...] = field(default_factory=tuple)
    notes: tuple[str, ...] = field(default_factory=tuple)
