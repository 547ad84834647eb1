"""Layouts and publication accidents for the benchmark generator: content → report text.

Layouts: ``yunyang`` (letter form, （一） area headings, points 1.–N. running across areas), ``slogan``
(slogan headings, plain or run-in paragraphs), ``merged`` (A+B, E+F, G+H under one heading), ``points``
(numbered points only), ``prose`` (在…方面，一是…二是… paragraphs), ``runin`` (第一部分; 1、 / （1）
restarting per area), ``noheadings`` (paragraphs only). Accidents: portal chrome or PDF page numbers,
half-width punctuation, copy-paste damage.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from benchmarks import templates as T  # noqa: N812 - a short name for a module of constants
from benchmarks.content import fill

LAYOUTS = ("yunyang", "slogan", "merged", "points", "prose", "runin", "noheadings")
LAYOUT_WEIGHTS = (30, 20, 10, 10, 15, 10, 5)
CN = "一二三四五六七八九十"


@dataclass(frozen=True)
class Style:
    """The layout and publication accidents of one report."""

    layout: str
    chrome: str  # none | web | pdf
    halfwidth: bool
    damaged: bool
    letter: bool
    selfcheck_first: bool
    reordered: bool
    blank_lines: bool
    has_k: bool
    tail_enum: str  # paren | yishi | plain
    encoding: str  # utf-8 | gb18030
    crlf: bool
    roles: str = ""  # "" | keywork_sub | combined | nextsteps (benchmarks/heldout.py --roles)



def pick_style(rng: random.Random, layout: str | None = None) -> Style:
    """Draw a layout and publication accidents."""
    layout = layout or rng.choices(LAYOUTS, weights=LAYOUT_WEIGHTS)[0]
    chrome = rng.choices(("none", "web", "pdf"), weights=(50, 35, 15))[0]
    return Style(
        layout=layout, chrome=chrome, halfwidth=rng.random() < (0.6 if chrome == "web" else 0.1),
        damaged=rng.random() < 0.15, letter=layout in {"yunyang", "merged"} or rng.random() < 0.3,
        selfcheck_first=layout != "noheadings" and rng.random() < 0.25,
        reordered=layout != "yunyang" and rng.random() < 0.1, blank_lines=rng.random() < 0.6,
        has_k=rng.random() < 0.7, tail_enum=rng.choice(("paren", "yishi", "plain")),
        encoding="gb18030" if rng.random() < 0.05 else "utf-8", crlf=rng.random() < 0.2)



# ---------------------------------------------------------------- layout


def _text(paragraph: list[str]) -> str:
    return "".join(paragraph)


def _enumerate(clauses: list[str]) -> str:
    """一是…；二是…。 (clauses lose connectors and their final 。, inner 。 become ，)."""
    items = [c.removeprefix(_connector(c)).rstrip("。").replace("。", "，") for c in clauses]
    return "；".join(f"{CN[i % 10]}是{item}" for i, item in enumerate(items)) + "。"


def _connector(sentence: str) -> str:
    return next((c for c in T.CONNECTORS if sentence.startswith(c)), "")


def _points(area: str, paragraphs: list[list[str]], rng: random.Random, start: int, sep: str) -> list[str]:
    subs = list(T.SUBHEADINGS[area])
    rng.shuffle(subs)
    return [f"{start + i}{sep}{subs[i % len(subs)]}。{_text(p)}" for i, p in enumerate(paragraphs)]


def body_yunyang(content: dict, order: list[str], rng: random.Random, groups=None) -> list[str]:
    """（一） formal headings, points numbered across areas."""
    groups = groups or [((a,), T.FORMAL[a]) for a in order]
    lines, number = [], 1
    period = "。" if rng.random() < 0.7 else ""
    for i, (areas, heading) in enumerate(groups):
        lines.append(f"（{CN[i]}）{heading}{period}")
        for area in areas:
            points = _points(area, content[area], rng, number, rng.choice((". ", ".", "．")))
            number += len(points)
            lines.extend(points)
    return lines


def body_slogan(content: dict, order: list[str], rng: random.Random) -> list[str]:
    """Slogan headings; sometimes the first paragraph runs in after the heading."""
    lines = []
    run_in = rng.random() < 0.5
    for i, area in enumerate(order):
        heading = f"（{CN[i]}）{rng.choice(T.SLOGANS[area])}"
        paragraphs = [_text(p) for p in content[area]]
        if run_in:
            lines.append(f"{heading}。{paragraphs[0]}")
            lines.extend(paragraphs[1:])
        else:
            lines.append(heading)
            lines.extend(paragraphs)
    return lines


def body_points(content: dict, order: list[str], rng: random.Random) -> list[str]:
    """Numbered points only, no area headings."""
    paragraphs = [_text(p) for area in order for p in content[area]]
    sep = rng.choice((".", "．", "、"))
    return [f"{i}{sep}{p}" for i, p in enumerate(paragraphs, 1)]


def body_prose(content: dict, order: list[str], rng: random.Random) -> list[str]:
    """在…方面，一是…二是… paragraphs (several per area in long reports)."""
    lines = []
    for area in order:
        clauses = [sentence for paragraph in content[area] for sentence in paragraph]
        first = True
        while clauses:
            size = rng.randint(3, 6)
            lead = f"在{T.PHRASE[area]}方面，" if first else rng.choice(("同时，", "此外，", "另外，"))
            lines.append(lead + _enumerate(clauses[:size]))
            clauses, first = clauses[size:], False
    return lines


def body_runin(content: dict, order: list[str], rng: random.Random) -> list[str]:
    """一、 area headings without 。; 1、 run-in points or （1） paragraphs, numbering restarting per area."""
    lines = []
    for i, area in enumerate(order):
        lines.append(f"{CN[i]}、{T.FORMAL[area].removesuffix('情况')}")
        subs = T.SUBHEADINGS[area]
        for n, paragraph in enumerate(content[area], 1):
            if rng.random() < 0.5:
                lines.append(f"{n}、{subs[(n - 1) % len(subs)]}。{_text(paragraph)}")
            else:
                lines.append(f"（{n}）{_text(paragraph)}")
    return lines


def body_plain(content: dict, order: list[str], _rng: random.Random) -> list[str]:
    """Paragraphs only."""
    return [_text(p) for area in order for p in content[area]]


BODIES = {"yunyang": body_yunyang, "slogan": body_slogan, "points": body_points, "prose": body_prose,
          "runin": body_runin, "noheadings": body_plain,
          "merged": lambda c, o, r: body_yunyang(c, o, r, groups=list(T.MERGED))}


def tail_part(paragraphs: list[list[str]], style: Style) -> list[str]:
    """Problems or measures: （一）… items, one 一是…二是… paragraph, or plain paragraphs."""
    texts = [_text(p) for p in paragraphs]
    if style.tail_enum == "yishi" and style.layout != "noheadings":
        return [_enumerate(texts)]
    if style.tail_enum == "paren" and style.layout not in {"noheadings", "runin"}:
        return [f"（{CN[i % 10]}）{t}" for i, t in enumerate(texts)]
    return texts


def key_work_sub_heading(index: int, style: Style, rng: random.Random) -> str:
    """The key work as a sub-heading numbered after the area headings (or points) of the body part."""
    title = rng.choice(T.KEY_WORK_SUB)
    if style.layout == "runin":
        return f"{CN[index]}、{title}"
    return f"（{CN[index]}）{title}"


def combined_part(content: dict, style: Style, rng: random.Random) -> tuple[str, list[str]]:
    """Problems and measures in one part: under two sub-headings, or paragraphs only (problems first)."""
    problems, measures = [_text(p) for p in content["P"]], [_text(p) for p in content["R"]]
    title = rng.choice(T.COMBINED)
    if style.layout != "noheadings" and rng.random() < 0.5:
        return title, [f"（一）{rng.choice(T.COMBINED_P)}", *problems, f"（二）{rng.choice(T.COMBINED_R)}", *measures]
    return title, [*problems, *measures]


def part_heading(index: int, title: str, style: Style) -> str:
    if style.layout == "runin":
        return f"第{CN[index]}部分 {title}"
    return f"{CN[index]}、{title}"


def front_matter(rng: random.Random, ctx: dict[str, str], style: Style) -> list[str]:
    county = ctx["C"] + ctx["U"]
    if style.layout == "noheadings":
        return []
    if style.letter:
        return [f"{ctx['C'][0]}府办函〔2022〕{rng.randint(20, 160)}号", f"{county}人民政府办公室",
                "关于报送履行教育职责自评情况的函", "市政府教育督导室："]
    period = rng.choice(("2021年以来", "2021年度"))
    return [f"{county}人民政府关于{period}履行教育职责情况的自评报告", "市政府教育督导室："]


def back_matter(rng: random.Random, ctx: dict[str, str], style: Style) -> list[str]:
    county = ctx["C"] + ctx["U"]
    date = f"2022年{rng.randint(9, 11)}月{rng.randint(1, 28)}日"
    if style.layout == "noheadings":
        return [date]
    if style.letter:
        return [rng.choice(("此函。", "特此函告。")), f"{county}人民政府办公室", date]
    return ["特此报告。", f"{county}人民政府", date]


def compose(content: dict, ctx: dict[str, str], style: Style, seed: float) -> list[str]:
    """All lines of the report body, from title to date, before chrome and punctuation accidents."""
    rng = random.Random(seed)  # the same layout decisions however often the report is re-rendered
    order = list(T.AREAS)
    if style.reordered:
        rng.shuffle(order)
    lines = [*front_matter(rng, ctx, style), fill(T.OPENING, rng, ctx)]
    parts: list[tuple[str, list[str]]] = []
    self_check = [_text(p) for p in content["S"]]
    if style.selfcheck_first:
        parts.append(("基本情况", [fill(T.BASIC, rng, ctx)]))
        parts.append(("自查工作开展情况", self_check))
    else:
        lines.extend(self_check)
    body_title = rng.choice(("2021年履行教育职责情况", "2021年以来履行教育职责情况", "主要做法及成效"))
    body = BODIES[style.layout](content, order, rng)
    if style.roles == "keywork_sub":  # the year's key work as the last sub-heading of the body part
        body += [key_work_sub_heading(len(order), style, rng), *(_text(p) for p in content["K"])]
    parts.append((body_title, body))
    if style.has_k and style.roles != "keywork_sub":
        parts.append(("2022年重点教育工作落实情况", [_text(p) for p in content["K"]]))
    if style.roles == "combined":
        parts.append(combined_part(content, style, rng))
    else:
        parts.append((rng.choice(("存在的主要问题", "存在的问题", "存在的不足")), tail_part(content["P"], style)))
        titles = T.NEXT_STEPS if style.roles == "nextsteps" else ("整改措施", "下一步工作打算", "整改措施及下一步打算")
        parts.append((rng.choice(titles), tail_part(content["R"], style)))
    for i, (title, part_lines) in enumerate(parts):
        if style.layout != "noheadings":
            lines.append(part_heading(i, title, style))
        lines.extend(part_lines)
    return lines + back_matter(rng, ctx, style)


# ---------------------------------------------------------------- accidents of publication

HALF = str.maketrans({"（": "(", "）": ")", "：": ":", "；": ";", "，": ","})
DAMAGE = (
    (re.compile(r"发〔(\d{4})〕(\d+)号"), r"\1\2号"),
    (re.compile(r"函〔(\d{4})〕(\d+)号"), r"函\1\2"),
    (re.compile(r"(\d+)元、(\d+)元"), r"\1\2元"),
    (re.compile(r"(\d{4})—(\d{4})年"), r"\1\2年"),
    (re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日"), r"\1\2\3日"),
    (re.compile(r"(\d{4})年(履行|以来)"), r"\1\2"),
    (re.compile(r"[“”]"), ""),
)


def damage(text: str, rng: random.Random) -> str:
    """Copy-paste damage: each candidate spot is damaged with probability 0.6."""
    for pattern, repl in DAMAGE:
        text = pattern.sub(lambda m, r=repl: m.expand(r) if rng.random() < 0.6 else m.group(0), text)
    return text


def web_chrome(rng: random.Random, ctx: dict[str, str]) -> tuple[list[str], list[str]]:
    office = f"{ctx['C']}{ctx['U']}人民政府办公室"
    head = ["登录 注册 无障碍 长者模式 繁体版",
            f"当前位置：首页 > 政务公开 > {rng.choice(('通知公告', '政策文件', '重点领域信息'))}",
            f"发布机构：{office}  发布日期：2022-11-{rng.randint(1, 28):02d}", "字号：大 中 小", "打印本页 关闭窗口"]
    foot = [f"主办：{office}", f"网站标识码：5002{rng.randint(0, 999999):06d}",
            f"渝ICP备{rng.randint(10**7, 10**8 - 1)}号-1", f"渝公网安备 500{rng.randint(10**10, 10**11 - 1)}号"]
    return head, foot


def page_numbers(lines: list[str], rng: random.Random) -> list[str]:
    """Insert PDF page-number lines every ~1,100–1,500 characters, sometimes inside a paragraph."""
    form = rng.choice(("- {} -", "— {} —", "{}"))
    out, used, page, size = [], 0, 1, rng.randint(1100, 1500)
    for line in lines:
        cut = line.find("。", len(line) // 2) + 1
        if used + len(line) > size and 0 < cut < len(line) and rng.random() < 0.5:
            out.extend([line[:cut], form.format(page), line[cut:]])
            page, used = page + 1, len(line) - cut
            continue
        out.append(line)
        used += len(line)
        if used > size:
            out.append(form.format(page))
            page, used = page + 1, 0
    return out


def render(content: dict, ctx: dict[str, str], style: Style, seed: float) -> str:
    """The report text (LF line ends) with chrome, punctuation and damage applied."""
    rng = random.Random(seed + 1)
    lines = compose(content, ctx, style, seed)
    if style.chrome == "pdf":
        lines = page_numbers(lines, rng)
    if style.chrome == "web":
        head, foot = web_chrome(rng, ctx)
        lines = head + lines + foot
    text = ("\n\n" if style.blank_lines else "\n").join(lines) + "\n"
    if style.halfwidth:
        text = text.translate(HALF)
    if style.damaged:
        text = damage(text, rng)
    return text
