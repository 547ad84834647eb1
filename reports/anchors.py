"""Where a workbook link lands in the HTML evidence view.

Kept apart from ``reports.html_view`` so that the workbook writer, which only needs the fragment, does not
import the whole view (its body and panel renderers) when no HTML is written.
"""

from __future__ import annotations

__all__ = ["anchor"]


def anchor(item_id: str) -> str:
    """The id of an item's entry in the panel, and the fragment links use (``item-B2``)."""
    return f"item-{item_id}"
