"""Item scoring rules beyond the weighted share: step deductions on a count's shortfall (每少1次扣0.2分，扣完为止).

A count requirement that falls short earns nothing by itself (``scorer.checks.count``); an item with a
``scoring.deduct`` rule earns instead its share of the item's points less ``points`` per ``per`` events short,
never below ``floor``. Only a count that was found is deducted from: a count not found earns nothing, as any
requirement without evidence.
"""

from __future__ import annotations

import math
from dataclasses import replace

from scheme.model import Deduct, Item, Requirement
from scorer.result import FAIL, RequirementResult

_EPS = 1e-9


def deducted(item: Item, results: tuple[RequirementResult, ...]) -> tuple[RequirementResult, ...]:
    """The results with the deducted count requirement's credit set by the item's rule (unchanged without one)."""
    rule = item.deduct
    total_weight = sum(req.weight for req in item.requirements)
    if rule is None or not total_weight:
        return results
    return tuple(_deduct(rule, item.points * req.weight / total_weight, req, res)
                 if req.id == rule.requirement and res.result == FAIL and res.evidence
                 and res.evidence[0].value is not None else res
                 for req, res in zip(item.requirements, results, strict=True))


def _deduct(rule: Deduct, share: float, req: Requirement, res: RequirementResult) -> RequirementResult:
    """A failed count's result earning its share less the steps short, never below the floor."""
    short = max(0.0, req.params.min - res.evidence[0].value)
    steps = math.ceil(short / rule.per - _EPS)
    left = max(min(rule.floor, share), share - steps * rule.points)
    credit = round(left / share, 6) if share else 0.0
    rule_text = (f"每少 {rule.per:g} 扣 {rule.points:g} 分，少 {short:g} 扣 {round(share - left, 2):g} 分，"
                 f"得 {round(left, 2):g}/{round(share, 2):g} 分")
    return replace(res, credit=credit, detail=f"{res.detail}；{rule_text}",
                   explain=f"{res.explain}；{rule_text}" if res.explain else rule_text)
