"""Semantic checks of the scoring mechanics: step deductions, bonus items, trend downgrades and which way is better.

Called by ``scheme.semantics`` on a rubric that fits the schema; problems go to its collector (``out.add(path,
中文, English, allowed)``).
"""

from __future__ import annotations

from typing import Any

_EPS = 1e-6


def check_mechanics(data: dict[str, Any], out: Any) -> None:
    """Report every problem of the rubric's deductions, bonus items and trend downgrades."""
    _check_deductions(data, out)
    _check_bonus(data, out)
    _check_trend_downgrades(data, out)
    _check_directions(data, out)


def _check_deductions(data: dict[str, Any], out: Any) -> None:
    """A deduction rule names a count requirement of its own item and leaves a floor below the item's points."""
    for a, area in enumerate(data["areas"]):
        for i, item in enumerate(area["items"]):
            deduct = item.get("scoring", {}).get("deduct")
            if deduct is None:
                continue
            path = ("areas", a, "items", i, "scoring", "deduct")
            kinds = {req["id"]: req["kind"] for req in item["requirements"]}
            counts = sorted(ident for ident, kind in kinds.items() if kind == "count")
            ref = deduct["requirement"]
            if kinds.get(ref) != "count":
                what = "不是本要点的要求" if ref not in kinds else f"是 {kinds[ref]} 要求"
                out.add((*path, "requirement"),
                        f"扣分规则引用的 {ref} {what}；每少几次扣几分只适用于本要点的 count 要求",
                        f"the deduction refers to {ref}, which is not a count requirement of item {item['id']}; "
                        "step deductions apply to a count requirement of the same item",
                        ", ".join(counts) or "add a count requirement to the item")
            if deduct.get("floor", 0) >= item["points"] - _EPS and item["points"] > 0:
                out.add((*path, "floor"),
                        f"扣分下限 {deduct['floor']:g} 不低于要点分值 {item['points']:g}，扣分永不生效",
                        f"floor {deduct['floor']:g} is not below the item's {item['points']:g} points; "
                        "nothing would ever be deducted", f"0 <= floor < {item['points']:g}")


def _check_bonus(data: dict[str, Any], out: Any) -> None:
    """Bonus items need a cap and points; a cap needs bonus items."""
    bonus = [(a, i, item) for a, area in enumerate(data["areas"]) for i, item in enumerate(area["items"])
             if item.get("bonus")]
    if bonus and "bonus_cap" not in data:
        a, i, item = bonus[0]
        out.add(("areas", a, "items", i, "bonus"), f"要点 {item['id']} 是加分项，但细则没有 bonus_cap（加分上限）",
                f"item {item['id']} is a bonus item but the rubric has no bonus_cap", "bonus_cap: e.g. 5")
    if not bonus and "bonus_cap" in data:
        out.add(("bonus_cap",), "细则有 bonus_cap 却没有加分项（bonus: true 的要点）",
                "bonus_cap is given but no item is a bonus item", "bonus: true on the 加分项, or no bonus_cap")
    for a, i, item in bonus:
        if item["points"] <= 0:
            out.add(("areas", a, "items", i, "points"), f"加分项 {item['id']} 的分值须大于 0",
                    f"bonus item {item['id']} needs points above 0", "e.g. 2")


def _check_trend_downgrades(data: dict[str, Any], out: Any) -> None:
    """A consecutive-decline downgrade names a defined indicator."""
    indicators = {ind["id"] for ind in data["indicators"]}
    for d, down in enumerate(data["grading"].get("downgrades", ())):
        ref = down["when"].get("indicator")
        if ref is not None and ref not in indicators:
            out.add(("grading", "downgrades", d, "when", "indicator"), f"降等条件引用的指标 {ref} 未定义",
                    f"downgrade refers to unknown indicator {ref}", ", ".join(sorted(indicators)))


# The change directions that go the better way, by the indicator's direction (up: higher is better).
_BETTER_CHANGES = {"up": ("increase", "not_decrease"), "down": ("decrease", "not_increase")}


def _check_directions(data: dict[str, Any], out: Any) -> None:
    """A change requirement asks for the better way of its indicator (近视率, direction down: decrease)."""
    direction = {ind["id"]: ind.get("direction", "up") for ind in data["indicators"]}
    for a, area in enumerate(data["areas"]):
        for i, item in enumerate(area["items"]):
            for r, req in enumerate(item["requirements"]):
                way = direction.get(req.get("indicator", ""))
                if req["kind"] != "change" or way is None or req["direction"] in _BETTER_CHANGES[way]:
                    continue
                better, higher = ("越低越好", "lower") if way == "down" else ("越高越好", "higher")
                out.add(("areas", a, "items", i, "requirements", r, "direction"),
                        f"要求 {req['id']} 的方向 {req['direction']} 与指标 {req['indicator']} 相反：该指标{better}"
                        f"（direction: {way}）。请改正要求的方向或指标的 direction",
                        f"requirement {req['id']} asks for {req['direction']}, the worse way for {req['indicator']}, "
                        f"which is better {higher} (direction: {way}); fix the requirement or the indicator's "
                        "direction", ", ".join(_BETTER_CHANGES[way]))
