"""The semantic pass over a rubric that already fits the schema.

Checks what a schema cannot: ids unique and nested under their parents, references resolve, points
add up, patterns compile and can fail, thresholds are sensible. All problems are collected.
"""

from __future__ import annotations

import re
from typing import Any

from scheme.mechanics_check import check_mechanics
from scheme.problems import Locator, Problem, path_text
from scheme.safety import MAX_PATTERN_LENGTH, backtracking_risk

UNIT_WORDS = frozenset({"%", "元", "万元", "亿元", "个", "所", "名", "人", "次", "个百分点", "百分点"})
_EPS = 1e-6


class _Collector:
    def __init__(self, locator: Locator, file: str) -> None:
        self.locator, self.file = locator, file
        self.problems: list[Problem] = []

    def add(self, path: tuple[object, ...], zh: str, en: str, allowed: str = "") -> None:
        line, col = self.locator.position(path)
        self.problems.append(Problem(self.file, line, col, zh, en, allowed, path_text(path)))


def semantic_problems(data: dict[str, Any], locator: Locator, file: str) -> list[Problem]:
    """Return every semantic problem of a schema-valid rubric mapping."""
    out = _Collector(locator, file)
    _check_ids(data, out)
    _check_points(data, out)
    _check_terms_and_patterns(data, out)
    _check_thresholds(data, out)
    _check_grading(data, out)
    _check_roles(data, out)
    check_mechanics(data, out)
    return out.problems


def _check_ids(data: dict[str, Any], out: _Collector) -> None:
    seen: dict[str, int] = {}

    def claim(ident: str, path: tuple[object, ...]) -> None:
        line = out.locator.position(path)[0]
        if ident in seen:
            out.add(path, f"编号 {ident} 重复（第 {seen[ident]} 行已用）",
                    f"duplicate id {ident} (already used on line {seen[ident]})", "a unique id")
        else:
            seen[ident] = line

    indicators = {ind["id"] for ind in data["indicators"]}
    for i, ind in enumerate(data["indicators"]):
        claim(ind["id"], ("indicators", i, "id"))
    for a, area in enumerate(data["areas"]):
        claim(area["id"], ("areas", a, "id"))
        for i, item in enumerate(area["items"]):
            ipath = ("areas", a, "items", i, "id")
            claim(item["id"], ipath)
            if not item["id"].startswith(area["id"]):
                out.add(ipath, f"要点 {item['id']} 不属于所在领域 {area['id']}",
                        f"item {item['id']} is not under its area {area['id']}", f"{area['id']}1, {area['id']}2, ...")
            for r, req in enumerate(item["requirements"]):
                rpath = ("areas", a, "items", i, "requirements", r)
                claim(req["id"], (*rpath, "id"))
                if req["id"].split(".")[0] != item["id"]:
                    out.add((*rpath, "id"), f"要求 {req['id']} 不属于所在要点 {item['id']}",
                            f"requirement {req['id']} is not under its item {item['id']}",
                            f"{item['id']}.1, {item['id']}.2, ...")
                for key in ("indicator", "left", "right"):
                    ref = req.get(key)
                    if ref is not None and ref not in indicators:
                        out.add((*rpath, key), f"指标 {ref} 未定义", f"unknown indicator {ref}",
                                ", ".join(sorted(indicators)))
    requirement_ids = {req["id"] for area in data["areas"] for item in area["items"]
                       for req in item["requirements"]}
    for d, down in enumerate(data["grading"].get("downgrades", ())):
        ref = down["when"].get("requirement")
        if ref is not None and ref not in requirement_ids:
            out.add(("grading", "downgrades", d, "when", "requirement"), f"降等条件引用的要求 {ref} 不存在",
                    f"downgrade refers to unknown requirement {ref}", "an existing requirement id")


def _check_points(data: dict[str, Any], out: _Collector) -> None:
    area_sum = 0.0
    for a, area in enumerate(data["areas"]):
        area_sum += area["points"]
        item_sum = sum(item["points"] for item in area["items"] if not item.get("bonus"))  # 加分项 are outside
        if abs(item_sum - area["points"]) > _EPS:
            out.add(("areas", a, "points"),
                    f"领域 {area['id']} 分值为 {area['points']}，但其要点合计 {item_sum:g}",
                    f"area {area['id']} has {area['points']} points but its items add up to {item_sum:g}",
                    "item points that add up to the area's points")
    if abs(area_sum - data["total_points"]) > _EPS:
        out.add(("total_points",), f"总分为 {data['total_points']}，但各领域合计 {area_sum:g}",
                f"total_points is {data['total_points']} but the areas add up to {area_sum:g}",
                "area points that add up to total_points")


def _check_terms_and_patterns(data: dict[str, Any], out: _Collector) -> None:
    def check_term(term: str, path: tuple[object, ...]) -> None:
        if term.strip() in UNIT_WORDS or len(term.strip()) < 2:
            out.add(path, f"匹配词 {term!r} 太短或只是单位，会到处匹配",
                    f"term {term!r} is too short or a bare unit and would match everywhere",
                    "a term of 2 or more characters naming the topic")

    for i, ind in enumerate(data["indicators"]):
        for key in ("terms", "context"):
            for t, term in enumerate(ind.get(key, ())):
                check_term(term, ("indicators", i, key, t))
    for a, area in enumerate(data["areas"]):
        for k, term in enumerate(area.get("keywords", ())):
            check_term(term, ("areas", a, "keywords", k))
        for i, item in enumerate(area["items"]):
            for k, term in enumerate(item["keywords"]):
                check_term(term, ("areas", a, "items", i, "keywords", k))
            for r, req in enumerate(item["requirements"]):
                rpath = ("areas", a, "items", i, "requirements", r)
                for g, group in enumerate(req.get("groups", ())):
                    for t, term in enumerate(group):
                        check_term(term, (*rpath, "groups", g, t))
                for p, pattern in enumerate(req.get("patterns", ())):
                    _check_pattern(pattern, (*rpath, "patterns", p), out)


def _check_pattern(pattern: str, path: tuple[object, ...], out: _Collector) -> None:
    try:
        compiled = re.compile(pattern)
    except re.error as err:
        out.add(path, f"正则表达式无法编译：{err}", f"regular expression does not compile: {err}",
                "a valid Python regular expression")
        return
    risk = backtracking_risk(pattern)
    if risk == "length":
        out.add(path, f"正则表达式过长（{len(pattern)} 个字符）", f"regular expression too long ({len(pattern)} "
                "characters)", f"at most {MAX_PATTERN_LENGTH} characters")
    elif risk == "nested":
        out.add(path, "正则中重复的部分本身又可长可短（如 (\\S+\\s?)+），在长段落上会耗时极长（灾难性回溯）",
                "a repeated group that itself matches varying lengths (like (\\S+\\s?)+) can take exponential time "
                "(catastrophic backtracking)",
                "no quantifier on a group that contains one, or a bounded one like {1,10}")
    if "\\b" in pattern:
        out.add(path, "正则中的 \\b 不能分隔汉字，永远匹配不到中文词", "\\b does not separate Han characters, so "
                "the pattern never matches Chinese text", "a pattern without \\b")
    if compiled.fullmatch("") is not None:
        out.add(path, "正则能匹配空文本，会让检查永远通过", "pattern matches empty text, so the check would always "
                "pass", "a pattern that needs at least one character")


def _check_thresholds(data: dict[str, Any], out: _Collector) -> None:
    units = {ind["id"]: ind["units"] for ind in data["indicators"]}
    for a, area in enumerate(data["areas"]):
        for i, item in enumerate(area["items"]):
            for r, req in enumerate(item["requirements"]):
                rpath = ("areas", a, "items", i, "requirements", r)
                unit = req.get("unit")
                ref = req.get("indicator")
                if unit is not None and ref in units and unit not in units[ref]:
                    out.add((*rpath, "unit"), f"单位 {unit} 不是指标 {ref} 的单位",
                            f"unit {unit} is not a unit of indicator {ref}", ", ".join(units[ref]))
                value = req.get("value")
                if req["kind"] == "threshold" and unit == "%" and not 0 <= value <= 100:
                    out.add((*rpath, "value"), f"百分比阈值 {value} 不在 0–100 之间",
                            f"percentage threshold {value} is outside 0-100", "0 to 100")
                if req["kind"] == "change" and req.get("min") is not None and req.get("unit") is None:
                    out.add((*rpath, "min"), "给了最小变化量却没有单位", "min is given without a unit",
                            "add unit, e.g. 个百分点 or %")
                _check_substance(req, rpath, out)
                _check_compare(req, rpath, units, out)


def _check_compare(req: dict[str, Any], rpath: tuple[object, ...], units: dict[str, list[str]],
                   out: _Collector) -> None:
    """A comparison needs two different indicators whose figures can be put side by side (a shared unit)."""
    if req["kind"] != "compare" or req["left"] not in units or req["right"] not in units:
        return
    if req["left"] == req["right"]:
        out.add((*rpath, "right"), f"比较的两个指标相同（{req['right']}）",
                f"a comparison needs two different indicators, got {req['right']} twice", "another indicator")
        return
    money = {"元", "万元", "亿元"}
    left, right = set(units[req["left"]]), set(units[req["right"]])
    if not (left & right or (left & money and right & money)):
        out.add((*rpath, "right"), f"指标 {req['left']} 与 {req['right']} 没有可比的单位",
                f"indicators {req['left']} and {req['right']} share no comparable unit",
                f"an indicator with one of {', '.join(sorted(left))}")


# Kinds judged on sentences; the others are evidenced by the figure they judge, so only ``figure`` fits them.
_SENTENCE_KINDS = frozenset({"mention", "zero_event"})


def _check_substance(req: dict[str, Any], rpath: tuple[object, ...], out: _Collector) -> None:
    substance = req.get("substance")
    if substance is not None and req["kind"] not in _SENTENCE_KINDS and substance != "figure":
        out.add((*rpath, "substance"), f"{req['kind']} 要点以数据为证，substance 只能是 figure",
                f"a {req['kind']} requirement is evidenced by its figure; substance can only be figure", "figure")


def _check_grading(data: dict[str, Any], out: _Collector) -> None:
    bands = data["grading"]["bands"]
    mins = [band["min"] for band in bands]
    if mins != sorted(mins, reverse=True) or len(set(mins)) != len(mins):
        out.add(("grading", "bands"), "等次须按分数线从高到低排列且分数线互不相同",
                "bands must be ordered from the highest minimum down, without repeats", "e.g. 90, 80, 65, 0")
    if mins and mins[-1] != 0:
        out.add(("grading", "bands", len(bands) - 1, "min"), "最低等次的分数线必须是 0",
                "the lowest band must start at 0", "0")
    for b, band in enumerate(bands):
        if band["min"] > data["total_points"]:
            out.add(("grading", "bands", b, "min"), f"分数线 {band['min']} 高于总分",
                    f"band minimum {band['min']} is above total_points", f"<= {data['total_points']}")
    grades = [band["grade"] for band in bands]
    if len(set(grades)) != len(grades):
        out.add(("grading", "bands"), "等次名称重复", "duplicate grade names", "unique names")


# Roles a rubric may give to one area only: a report has one part for each.
SINGLE_ROLES = ("key_work", "problems", "rectification", "self_check")


def _check_roles(data: dict[str, Any], out: _Collector) -> None:
    first: dict[str, str] = {}
    for a, area in enumerate(data["areas"]):
        role = area["role"]
        if role in SINGLE_ROLES and role in first:
            out.add(("areas", a, "role"), f"领域 {area['id']} 与 {first[role]} 都是 {role}，一份细则只能有一个",
                    f"areas {first[role]} and {area['id']} both have role {role}; a rubric has at most one",
                    "scored, or another role no other area has")
        first.setdefault(role, area["id"])
    if "scored" not in first:
        out.add(("areas",), "细则没有 role: scored 的领域（评价重点）", "no area has role scored (no 评价重点)",
                "at least one area with role: scored")
