"""The values a reviewed workbook is read back into: entries, problems, orphans, and the whole review.

Kept apart from the reading and merging (``reports.review``, which re-exports them under their historic names).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reports.records import CountyScores

PROBLEM_ZH = {
    "not_a_number": "核定得分不是数字", "out_of_range": "核定得分超出 0 至分值的范围",
    "formula_without_value": "核定得分是没有计算结果的公式", "unknown_id": "编号不是本表的要点",
    "unknown_county": "区县不是本表的区县", "duplicate_id": "同一要点出现在多行", "missing_row": "要点的行已删除",
}


class ReviewError(Exception):
    """The workbook cannot be read back at all (not an lvzhi workbook, a key column removed...)."""


@dataclass(frozen=True)
class ReviewEntry:
    """What an inspector entered for one item.

    Attributes:
        report: Report key (the 区县 column).
        item: Item ID.
        score: 核定得分, or ``None`` when left empty.
        opinion: 督导意见 (may be empty).
        sheet: Sheet it was read from.
        row: Row it was read from.
    """

    report: str
    item: str
    score: float | None
    opinion: str
    sheet: str
    row: int


@dataclass(frozen=True)
class ReviewProblem:
    """An entry that could not be used, or an item whose row is gone; the automatic score stands."""

    sheet: str
    row: int | None
    report: str
    item: str
    code: str
    detail: str

    @property
    def message(self) -> str:
        """Bilingual text naming the place, the value and what to do."""
        where = f"{self.sheet}!第{self.row}行" if self.row else self.sheet
        return (f"{where} [{self.report} {self.item}] {PROBLEM_ZH.get(self.code, self.code)}："
                f"{self.detail}（已采用自动得分 / automatic score used; code {self.code}）")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data in a fixed key order."""
        return {"sheet": self.sheet, "row": self.row, "report": self.report, "item": self.item, "code": self.code,
                "message": self.message}


@dataclass(frozen=True)
class ReviewResult:
    """A reviewed workbook read back: final scores per county, the entries, and the problems."""

    path: str
    scheme: dict[str, Any]
    reports: tuple[CountyScores, ...]
    entries: tuple[ReviewEntry, ...]
    problems: tuple[ReviewProblem, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready totals and grades per county, item scores, and the problems."""
        return {
            "path": self.path, "scheme": self.scheme,
            "reports": [{
                "county": r.key, "year": r.year, "source": r.source, "max_total": r.max_total,
                "auto_total": r.auto_total, "total": r.total, "auto_grade": r.auto_grade, "grade": r.grade,
                "reviewed_items": r.n_reviewed,
                "items": [{"id": i.id, "max_score": i.max_score, "auto": i.auto, "reviewed": i.reviewed,
                           "final": i.final, "opinion": i.opinion} for i in r.items]} for r in self.reports],
            "problems": [p.to_dict() for p in self.problems],
        }


@dataclass(frozen=True)
class Orphan:
    """An inspector entry of the old workbook that could not be carried over, and why."""

    entry: ReviewEntry
    reason: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {"county": self.entry.report, "item": self.entry.item, "score": self.entry.score,
                "opinion": self.entry.opinion, "row": self.entry.row, "reason": self.reason}
