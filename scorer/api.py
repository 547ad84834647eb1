"""Library entry points: score a report file or text against a rubric without the CLI."""

from __future__ import annotations

from pathlib import Path

from scheme import Rubric
from scheme.registry import Registry, default_registry
from scorer.choose import AUTO, choose_rubric
from scorer.read import read_report, read_text
from scorer.result import ReportResult
from scorer.score import score_document


def score_report(source: str | Path, rubric: Rubric | str | None = None, *, encoding: str | None = None,
                 is_text: bool = False, registry: Registry | None = None) -> ReportResult:
    """Read and score one report.

    Args:
        source: A report file path, or the report text itself with ``is_text=True``.
        rubric: A loaded rubric, a scheme id or rubric file, or ``None``/``"auto"``: the rubric whose 文号 the
            report cites, else the one of the year it covers, else the newest (``scorer.choose``).
        encoding: Force a text encoding for text files.
        is_text: Treat ``source`` as the text of a report.
        registry: The rubrics to choose from (default: shipped plus ``LVZHI_SCHEME_DIR``).

    Returns:
        The scored report; ``scheme_choice`` says which rubric and why.

    Raises:
        ReadError: When the file cannot be read at all.
        RubricError: When ``rubric`` names no valid rubric.
    """
    document = read_text(str(source)) if is_text else read_report(source, encoding)
    chosen, choice = choose_rubric(document, registry or default_registry(), rubric or AUTO)
    return score_document(document, chosen, choice=choice)
