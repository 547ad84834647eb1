"""One check per rubric kind, in an explicit registry that must equal ``scheme.kinds.KINDS``.

A check takes a requirement, its item and the report's ``Context`` and returns a
``RequirementResult``: pass, fail, not_found or review, with reason codes and evidence. A check that
raises is caught by the scorer and reported as ``error`` (an analysis failure, never "missing").
"""

from __future__ import annotations

from collections.abc import Callable

from scheme.model import Item, Requirement
from scorer.checks.arithmetic import check_arithmetic
from scorer.checks.change import check_change
from scorer.checks.compare import check_compare
from scorer.checks.count import check_count
from scorer.checks.mention import check_mention
from scorer.checks.threshold import check_threshold
from scorer.checks.zero_event import check_zero_event
from scorer.evidence import Context
from scorer.result import RequirementResult

Check = Callable[[Requirement, Item, Context], RequirementResult]

CHECKS: dict[str, Check] = {
    "mention": check_mention,
    "threshold": check_threshold,
    "change": check_change,
    "zero_event": check_zero_event,
    "arithmetic": check_arithmetic,
    "compare": check_compare,
    "count": check_count,
}

__all__ = ["CHECKS", "Check"]
