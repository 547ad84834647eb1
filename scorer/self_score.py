"""The county's own score (自评得分/自评总分 96.5分, 自评等次 优秀), and whether it is too high (自评偏高).

Cue words are data (``scorer/data/lexicon.yaml``, section ``self_score``); numbers may be Arabic or
Chinese (九十六点五分). A score in a heading matched to an area is that area's self-score; elsewhere it is
the total. ``overrated`` compares the total with lvzhi's against the rubric's ``self_score_tolerance``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from scorer.lexicon import alternatives, lexicon
from scorer.normalize import fold
from scorer.numerals import CN_NUMERAL_CHARS, parse_chinese

DEFAULT_TOLERANCE = 5.0


@dataclass(frozen=True)
class SelfScore:
    """What the county scored itself.

    Attributes:
        total: The total it gives, or ``None``.
        areas: Area id -> the score it gives that area.
        grade: The grade it claims (优秀…), or empty.
        overrated_by: 自评偏高: how far the total exceeds lvzhi's beyond the rubric's tolerance, else ``None``.
    """

    total: float | None = None
    areas: dict[str, float] = field(default_factory=dict)
    grade: str = ""
    overrated_by: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {"total": self.total, "areas": dict(self.areas), "grade": self.grade, "overrated_by": self.overrated_by}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SelfScore:
        """Read back what ``to_dict`` wrote."""
        return cls(data.get("total"), {k: float(v) for k, v in data.get("areas", {}).items()}, data.get("grade", ""),
                   data.get("overrated_by"))


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    words = lexicon()["self_score"]
    score = "|".join(re.escape(fold(w)) for w in sorted(words["score"], key=len, reverse=True))
    grade = "|".join(re.escape(fold(w)) for w in sorted(words["grade"], key=len, reverse=True))
    number = rf"(?P<ar>[0-9]+(?:\.[0-9]+)?)|(?P<cn>[{CN_NUMERAL_CHARS}点]+)"
    copula = alternatives("self_score", "copulas")
    suffix = alternatives("self_score", "grade_suffixes")
    return (re.compile(rf"(?:{score})\s*(?:{copula}|[:：])?\s*(?:{number})\s*分"),
            re.compile(rf"(?:{grade})\s*(?:{copula}|[:：])?\s*[“\"]?(?P<grade>[\u4e00-\u9fff]{{1,4}}?)(?:{suffix})?[”\"]?"
                       r"(?:[。，,；;\s]|$)"))


def _value(match: re.Match[str]) -> float | None:
    if match.group("ar"):
        return float(match.group("ar"))
    value = parse_chinese(match.group("cn"))
    return float(value) if isinstance(value, Decimal) else None


def parse_self_score(text: str, headings: list[tuple[int, int, str | None]], grades: tuple[str, ...]) -> SelfScore:
    """The self-score a report states.

    Args:
        text: The report.
        headings: (start, end, area id or None) of each heading line; a score inside one is that area's.
        grades: The rubric's grade names (a claimed grade must be one of them).

    Returns:
        The parsed ``SelfScore`` (empty when the report states none).
    """
    folded = fold(text)
    score_re, grade_re = _patterns()
    total: float | None = None
    areas: dict[str, float] = {}
    for m in score_re.finditer(folded):
        value = _value(m)
        if value is None:
            continue
        area = next((a for s, e, a in headings if s <= m.start() < e), None)
        if area:
            areas.setdefault(area, value)
        elif total is None:
            total = value
    grade = ""
    for m in grade_re.finditer(folded):
        word = next((g for g in grades if m.group("grade").startswith(g)), "")
        if word:
            grade = word
            break
    return SelfScore(total, areas, grade)


def overrated(self_score: SelfScore | None, total: float, tolerance: float | None) -> float | None:
    """How far the self-score's total exceeds lvzhi's beyond the tolerance (自评偏高), else ``None``."""
    if self_score is None or self_score.total is None:
        return None
    gap = self_score.total - total
    return round(gap, 2) if gap > (DEFAULT_TOLERANCE if tolerance is None else tolerance) else None


__all__ = ["SelfScore", "overrated", "parse_self_score"]
