"""Tables declared in ``reports.tables`` as HTML: headers, formats and wrapping from the declaration.

The panel's 待补材料 table and its item details take their columns, headers and number formats from the
same ``Column`` values the workbook and CSV writers use, so the views cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from html import escape
from typing import Any

from reports.tables import Column, Row, Table


class NoRubric:
    """Stands for the rubric when none is given: every lookup misses, so rows fall back to the result's own ids."""

    def get(self, _key: str) -> None:
        """Nothing is known."""


def cell_text(column: Column, value: Any) -> str:
    """A value as its column shows it (``0.00`` numbers with two decimals), unescaped."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and column.number_format == "0.00":
        return f"{value:.2f}"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def header_html(column: Column) -> str:
    """A column's Chinese header, with the English one for screen readers and as a tooltip."""
    return f'<span title="{escape(column.header_en, quote=True)}">{escape(column.header_zh)}</span>'


def table_html(table: Table, rows: Iterable[Row], *, printed_only: bool = True, caption: str = "",
               cells: Mapping[str, Callable[[Row], str]] | None = None) -> str:
    """A declared table as an HTML table.

    Args:
        table: The declaration (columns in order).
        rows: Row dicts keyed by column key.
        printed_only: Leave out the columns the declaration does not print.
        caption: An optional caption, already HTML.
        cells: HTML for particular columns by key (e.g. a link), instead of their escaped text.

    Returns:
        The ``<table>`` element, every value escaped.
    """
    columns = [c for c in table.columns if c.printed or not printed_only]
    special = cells or {}
    head = "".join(f'<th scope="col">{header_html(c)}</th>' for c in columns)
    body = []
    for row in rows:
        tds = []
        for c in columns:
            inner = special[c.key](row) if c.key in special else escape(cell_text(c, row.get(c.key)))
            tds.append(f'<td class="{"wrap" if c.wrap else "nowrap"}">{inner}</td>')
        body.append(f"<tr>{''.join(tds)}</tr>")
    caption_html = f"<caption>{caption}</caption>" if caption else ""
    return (f'<table class="declared" data-table="{escape(table.key, quote=True)}">{caption_html}<thead><tr>{head}'
            f"</tr></thead><tbody>{''.join(body)}</tbody></table>\n")
