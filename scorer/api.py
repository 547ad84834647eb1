"""Library entry points: score a report file or text against a rubric without the CLI."""

from __future__ import annotations

from pathlib import Path

from scheme import Rubric, load_rubric
from scorer.read import read_report, read_text
from scorer.result import ReportResult
from scorer.score import score_document


def score_report(source: str | Path, rubric: Rubric | None = None, *, encoding: str | None = None,
                 is_text: bool = False) -> ReportResult:
    """Read and score one report.

    Args:
        source: A report file path, or the report text itself with ``is_text=True``.
        rubric: The rubric; the shipped 2022 rubric when ``None``.
        encoding: Force a text encoding for text files.
        is_text: Treat ``source`` as the text of a report.

    Returns:
        The scored report.

    Raises:
        ReadError: When the file cannot be read at all.
    """
    rubric = rubric or load_rubric()
    document = read_text(str(source)) if is_text else read_report(source, encoding)
    return score_document(document, rubric)
