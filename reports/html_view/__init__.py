"""The HTML evidence view: one self-contained page showing a scored report as read, with its evidence marked.

``render_html(result)`` returns the page as a string; nothing is written here (the CLI writes it through
``reports.files``). The page has no external references at all: CSS and JavaScript are inline and a
Content-Security-Policy admits only those two blocks (by hash), so a hostile report can neither fetch
anything nor run script even if some text escaped escaping.

Example:
    >>> from scorer.api import score_report
    >>> page = render_html(score_report("examples/青溪县-2022自评报告.txt"))  # doctest: +SKIP
"""

from __future__ import annotations

from reports.anchors import anchor
from reports.html_view.body import render_body
from reports.html_view.page import render_page
from reports.html_view.panel import render_panel
from reports.html_view.tables_html import NoRubric
from scheme.model import Rubric
from scorer.result import ReportResult

__all__ = ["anchor", "render_html"]


def render_html(result: ReportResult, rubric: Rubric | None = None) -> str:
    """The evidence view of one scored report as a complete HTML document.

    Args:
        result: A scored report with its original text (a result read back from JSON has none, and the
            page then shows the panel with a note that the text is not available).
        rubric: The rubric it was scored against, for requirement titles in the 待补材料 table (without it
            the table names requirements by id).

    Returns:
        The page, UTF-8 text with no external reference.
    """
    panel = render_panel(result, rubric if rubric is not None else NoRubric())
    return render_page(result, panel=panel, body=render_body(result))
