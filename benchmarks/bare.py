"""Reports stripped to their headings, to measure what headings alone earn (issue 13: never evidence).

``bare_headings`` keeps a report's title line, every heading line (一、 (一) 1. …, without the body that runs
in after a heading) and its last lines (signature and date), and drops all body text.
"""

from __future__ import annotations

from scorer.document import Document


def bare_headings(document: Document, tail_lines: int = 2) -> str:
    """The report's title, heading lines and closing lines only."""
    text = document.text
    lines = [line for line in text.split("\n") if line.strip()]
    kept: list[tuple[int, str]] = []
    for section in document.walk():
        if section.kind in {"part", "heading"}:
            line_start = text.rfind("\n", 0, section.heading_start) + 1
            kept.append((line_start, text[line_start:section.heading_end]))
    heads = [line for _, line in sorted(set(kept))]
    return "\n\n".join([*lines[:1], *heads, *lines[-tail_lines:]]) + "\n"
