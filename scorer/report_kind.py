"""Is a scored file a county's self-evaluation report at all? Decided from what scoring already found.

A folder handed to ``lvzhi score`` may hold a README or other notes beside the reports. Scored as a report such
a file gets 0 points, 不合格 and a page of 待补材料, which is noise, not a finding. A report shows at least one
of four signs the scorer computes anyway: the county it is from (``ReportMeta.county``), the scheme number it
answers (``ReportMeta.cited_scheme``), part headings matched to a rubric area, and a rubric item with concrete
evidence (``ItemResult.evidenced``). A file with none of them is not a report.

A documentation file (README, Markdown: ``files/documentation_*`` in ``scorer/data/lexicon.yaml``) quotes 文号
and report sentences as examples, so for it only the county and area headings count. A real report saved as
Markdown still names its county and is scored.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from scorer.codes import ReportSignal
from scorer.lexicon import words
from scorer.result import ReportResult

__all__ = ["NotAReport", "is_documentation", "not_a_report"]

# The signs a documentation file's examples cannot fake.
_OWN_SIGNS = (ReportSignal.COUNTY, ReportSignal.HEADINGS)


@dataclass(frozen=True)
class NotAReport:
    """Why a file is not a self-evaluation report.

    Attributes:
        lacking: The signs of a report that the file lacks, in the fixed order of ``ReportSignal``.
        documentation: The file is a README or Markdown file, whose cited numbers and sentences do not count.
    """

    lacking: tuple[ReportSignal, ...]
    documentation: bool = False

    @property
    def message_zh(self) -> str:
        """Why, in Chinese."""
        why = "、".join(sign.zh for sign in self.lacking)
        if self.documentation:
            why += "；这是说明文件（README/Markdown），其中引用的文号和例句不算"
        return f"不是自评报告：{why}"

    @property
    def message_en(self) -> str:
        """Why, in English."""
        why = ", ".join(sign.en for sign in self.lacking)
        if self.documentation:
            why += "; it is a README/Markdown file, whose quoted scheme numbers and sentences do not count"
        return f"Not a self-evaluation report: {why}"

    @property
    def message(self) -> str:
        """Both, ``中文 / English``."""
        return f"{self.message_zh} / {self.message_en}"


def is_documentation(path: str) -> bool:
    """True for a README or Markdown file by its name (``files/documentation_*`` in the lexicon)."""
    name = PurePath(path)
    return (name.suffix.lower() in words("files", "documentation_suffixes")
            or name.stem.casefold() in words("files", "documentation_names"))


def _signs(result: ReportResult) -> dict[ReportSignal, bool]:
    """Each sign of a report, present or not."""
    return {
        ReportSignal.COUNTY: bool(result.report.county),
        ReportSignal.SCHEME: result.report.cited_scheme is not None,
        ReportSignal.HEADINGS: any(row.kind == "part" and row.area for row in result.sections),
        ReportSignal.EVIDENCE: any(item.evidenced for item in result.items),
    }


def not_a_report(result: ReportResult) -> NotAReport | None:
    """``None`` for a self-evaluation report, else why the scored file is not one.

    Args:
        result: The file scored as a report.

    Returns:
        ``None`` when the file shows a sign of a report (for a documentation file: its county or area
        headings); otherwise the signs it lacks.
    """
    signs = _signs(result)
    documentation = is_documentation(result.source.path)
    counted = _OWN_SIGNS if documentation else tuple(signs)
    if any(signs[sign] for sign in counted):
        return None
    return NotAReport(tuple(sign for sign in counted if not signs[sign]), documentation)
