"""Report content for the benchmark generator: template filling, consistent figures, paragraphs per area.

Content is a dict from area (A–H, plus K 2022 work, P problems, R measures, S self-check) to a list of
paragraphs, each a list of sentences; ``layout.py`` turns it into text.
"""

from __future__ import annotations

import random
import re

from benchmarks import templates as T  # noqa: N812 - a short name for a module of constants

SLOT = re.compile(r"\{([^{}]*)\}")
RANGE = re.compile(r"(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)(?::(\d))?")
# Extra paragraphs go to the eight areas mostly, and a little to 2022 work, problems and measures.
FILL_WEIGHTS = {**dict.fromkeys(T.AREAS, 10), "K": 4, "P": 2, "R": 2}
LEVELS = (("幼儿", 7000, 10500), ("普通小学", 10000, 14500), ("普通初中", 13000, 17500),
          ("普通高中", 12000, 16500), ("中等职业学校", 13000, 18500))


def fill(template: str, rng: random.Random, ctx: dict[str, str]) -> str:
    """Fill ``{slot}``s of a template (see ``templates.py`` for the syntax)."""

    def sub(match: re.Match[str]) -> str:
        key = match.group(1)
        if key in ctx:
            return ctx[key]
        if key == "town":
            return rng.choice(T.TOWN_FIRST) + rng.choice(T.TOWN_SECOND) + rng.choice(("镇", "镇", "乡", "街道"))
        if "|" in key:
            return rng.choice(key.split("|"))
        bounds = RANGE.fullmatch(key)
        if bounds is None:
            raise KeyError(f"unknown template slot {{{key}}} in {template!r}")
        low, high, decimals = bounds.groups()
        if decimals:
            return f"{rng.uniform(float(low), float(high)):.{decimals}f}"
        return str(rng.randint(int(low), int(high)))

    return SLOT.sub(sub, template)


def county_context(rng: random.Random) -> dict[str, str]:
    """Name and the figures that must agree wherever a report repeats them."""
    unit = "区" if rng.random() < 0.3 else "县"
    short = rng.choice(T.NAME_FIRST) + rng.choice(T.NAME_SECOND)
    civil = rng.uniform(9.5, 13.5)
    good0, pass0 = rng.uniform(45, 60), rng.uniform(89, 94)
    return {
        "U": unit, "C": short, "towns": "乡镇（街道）" if unit == "县" else "镇街",
        "civil": f"{civil:.2f}", "teacher": f"{civil + rng.uniform(0.02, 0.5):.2f}",
        "good0": f"{good0:.1f}", "good1": f"{good0 + rng.uniform(0.3, 3):.1f}",
        "pass0": f"{pass0:.1f}", "pass1": f"{min(99.6, pass0 + rng.uniform(0.2, 2)):.1f}",
        "enrol": f"{rng.uniform(90, 97):.1f}", "inclusive": f"{rng.uniform(82, 95):.1f}",
        "public": f"{rng.uniform(50, 66):.1f}", "consol": f"{rng.uniform(95, 99.9):.2f}",
        "senior": f"{rng.uniform(92, 98):.1f}",
        "schools": str(rng.randint(60, 260)), "students": f"{rng.uniform(3, 15):.1f}",
        "staff": str(rng.randint(2500, 12000)),
        "according": rng.choice(("根据", "按照")), "we": rng.choice(("我", "全")),
        "care": rng.choice(("高度重视，", "认真组织，", "")), "report_verb": rng.choice(("报告", "函告")),
    }


def _change(rng: random.Random, amount: float, rate: float, decimals: int) -> tuple[str, str, str, bool]:
    """Amount, change and rate as printed, with rate = change ÷ last year × 100 (2 decimals)."""
    down = rate < 0
    change = round(abs(amount * rate / (100 + rate)), decimals)
    change = max(change, 10 ** -decimals)
    last = amount + change if down else amount - change
    pct = f"{change / last * 100:.2f}"
    fmt = f"{{:.{decimals}f}}"
    return fmt.format(amount), fmt.format(change), pct, down


def finance_sentences(rng: random.Random, ctx: dict[str, str]) -> list[str]:
    """Budget total and per-student spending per level, with consistent arithmetic."""
    total, inc, pct, _ = _change(rng, rng.randint(50000, 250000), rng.uniform(0.5, 6), 0)
    name = rng.choice(("一般公共预算教育经费", "一般公共预算教育支出"))
    if rng.random() < 0.5:
        first = f"2021年全{ctx['U']}{name}{total}万元，比上年增加{inc}万元，增长{pct}%。"
    else:
        first = f"2021年{name}{total}万元，较上年增长{pct}%，增加{inc}万元。"
    levels = LEVELS if rng.random() < 0.75 else LEVELS[:3]
    decline = rng.randrange(len(levels)) if rng.random() < 0.08 else -1
    parts, any_down = [], False
    for i, (label, low, high) in enumerate(levels):
        rate = -rng.uniform(0.2, 2) if i == decline else rng.uniform(0.1, 5)
        amount, change, level_pct, down = _change(rng, rng.uniform(low, high), rate, 2)
        any_down |= down
        verb = ("减少", "下降") if down else ("增加", "增长")
        parts.append(f"{label}生均{amount}元，比上年{verb[0]}{change}元，{verb[1]}{level_pct}%")
    lead = ("按在校生人数平均的一般公共预算教育经费情况为：" if any_down
            else rng.choice(("按在校生人数平均的一般公共预算教育经费均有增长，其中", "分学段看，")))
    second = lead + "；".join(parts) + ("。" if any_down or rng.random() < 0.5 else "，落实了“两个只增不减”要求。")
    return [first, second]


# ---------------------------------------------------------------- content


def composed_sentence(key: str, rng: random.Random, ctx: dict[str, str]) -> str:
    """Prefix + one of the area's actions + 1–3 results, e.g. 全年组织研学实践活动，覆盖学校35所。"""
    results = rng.sample(T.RESULTS, rng.randint(1, 3))
    return fill(rng.choice(T.PREFIXES) + rng.choice(T.ACTIONS[key]) + "，" + "，".join(results) + "。", rng, ctx)


def filler_paragraph(key: str, rng: random.Random, ctx: dict[str, str], used: str = "") -> list[str]:
    """2–5 sentences, half from the area's filler pool, half composed.

    Problems and measures get one statement (not yet in ``used`` when possible) and sometimes a tail.
    """
    pool = T.FILLER[key]
    if key in {"P", "R"}:
        tail = T.P_TAIL if key == "P" else T.R_TAIL
        fresh = [t for t in pool if t[:6] not in used] or list(pool)  # repeat a statement only when all are used
        out = [fill(rng.choice(fresh), rng, ctx)]
        if rng.random() < 0.6:
            out.append(fill(rng.choice(tail), rng, ctx))
        return out
    picked = rng.sample(pool, min(len(pool), rng.randint(2, 5)))
    out = []
    for i, template in enumerate(picked):
        composed = key in T.ACTIONS and rng.random() < 0.5
        sentence = composed_sentence(key, rng, ctx) if composed else fill(template, rng, ctx)
        if i and rng.random() < 0.2:
            sentence = rng.choice(T.CONNECTORS) + sentence
        out.append(sentence)
    return out


def core_content(rng: random.Random, ctx: dict[str, str]) -> dict[str, list[list[str]]]:
    """The compact skeleton: each rubric requirement with its probability, a few problems and measures."""
    content: dict[str, list[list[str]]] = {}
    for area in T.AREAS:
        sentences = [fill(t, rng, ctx) for p, t in T.CORE[area] if rng.random() < p]
        paragraphs = []
        while sentences:
            size = rng.randint(1, 2)
            paragraphs.append(sentences[:size])
            sentences = sentences[size:]
        if area == "B" and rng.random() < 0.92:
            paragraphs.insert(rng.randint(0, 1), finance_sentences(rng, ctx))
        content[area] = paragraphs or [filler_paragraph(area, rng, ctx)]
    content["S"] = [[fill(T.SELF_CHECK, rng, ctx)]]
    if rng.random() < 0.7:
        content["S"].append([fill(t, rng, ctx) for t in rng.sample(T.FILLER["S"], rng.randint(1, 3))])
    content["K"] = [[fill(t, rng, ctx) for t in rng.sample(T.FILLER["K"], 2)]]
    content["P"] = [[fill(t, rng, ctx)] for t in rng.sample(T.FILLER["P"], rng.randint(2, 4))]
    content["R"] = [[fill(t, rng, ctx)] for t in rng.sample(T.FILLER["R"], rng.randint(2, 4))]
    return content


def pad(content: dict[str, list[list[str]]], rng: random.Random, ctx: dict[str, str], count: int) -> None:
    """Add ``count`` filler paragraphs, spread over the areas by ``FILL_WEIGHTS``."""
    keys = list(FILL_WEIGHTS)
    for key in rng.choices(keys, weights=[FILL_WEIGHTS[k] for k in keys], k=count):
        used = "".join(p[0] for p in content[key]) if key in {"P", "R"} else ""
        content[key].append(filler_paragraph(key, rng, ctx, used))
