"""Cells from outside (file names, county names, headings, comments) made inert for spreadsheets.

Excel, WPS and LibreOffice run a CSV field starting with ``= + - @`` as a formula (tab and carriage return
are stripped first, so a field starting with them is dangerous too: OWASP "CSV injection"). One test, used
by every writer: CSV fields get a leading apostrophe, workbook cells the apostrophe style (quotePrefix).
"""

from __future__ import annotations

from typing import Any

__all__ = ["FORMULA_STARTS", "csv_cell", "csv_row", "formula_like"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_like(text: str) -> bool:
    """True when a spreadsheet could read ``text`` as a formula."""
    return text.startswith(FORMULA_STARTS)


def csv_cell(value: Any) -> Any:
    """A CSV field: text that looks like a formula gets a leading apostrophe; ``None`` is empty; numbers stay."""
    if value is None:
        return ""
    if isinstance(value, str) and formula_like(value):
        return "'" + value
    return value


def csv_row(values: Any) -> list[Any]:
    """Every field of a CSV row (header rows too) through :func:`csv_cell`."""
    return [csv_cell(value) for value in values]
