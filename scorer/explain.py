"""One explanation line for every requirement result, passes included.

The line says what an inspector needs to trust the verdict without re-reading the report: the
indicator, its value with unit and year, the requirement (要求 ≥ 85%), and the sentence it rests on,
quoted and trimmed around the figure (at most ``MAX_QUOTE`` characters), with its heading path and line:

    学前三年毛入园率 91.56%（2021年），要求 ≥ 85%：“…全县学前三年毛入园率达91.56%…”【一、… > 18.…，第 64 行】

``sentence_around`` is also used by the workbook, so the 证据 sheet's 原文 is the sentence, not the bare number.
"""

from __future__ import annotations

import bisect
import re

from scheme.model import Requirement
from scorer.evidence import Context
from scorer.export import section_paths
from scorer.figure import stated
from scorer.lexicon import SENTENCE_MARKS, marks
from scorer.per_report import per_report
from scorer.result import NOT_FOUND, PASS, Evidence, RequirementResult

MAX_QUOTE = 120
MAX_SENTENCE = 2000  # characters; a real sentence is far shorter
OPS_ZH = {">=": "≥", ">": "＞", "<=": "≤", "<": "＜", "==": "＝"}
DIRECTION_ZH = {"increase": "比上年增加", "decrease": "比上年下降", "not_decrease": "只增不减（不低于上年）",
                "not_increase": "不高于上年"}
_SENTENCE_END = marks(*SENTENCE_MARKS) + "\n"
_YEAR = re.compile(r"(20[0-9]{2})\s*年")


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence holding ``text[start:end]`` (between 。；!? or line breaks), trailing mark included."""
    # A sentence is looked for at most MAX_SENTENCE characters either side: a walk to the text's start for
    # every figure was quadratic on text without punctuation (minutes on a crafted report).
    lo, floor = start, max(start - MAX_SENTENCE, 0)
    while lo > floor and text[lo - 1] not in _SENTENCE_END:
        lo -= 1
    hi = end
    if hi > start and text[hi - 1] in _SENTENCE_END:  # the span is already a whole sentence
        return lo + len(text[lo:hi]) - len(text[lo:hi].lstrip()), hi
    ceiling = min(end + MAX_SENTENCE, len(text))
    while hi < ceiling and text[hi] not in _SENTENCE_END:
        hi += 1
    if hi < len(text) and text[hi] != "\n":
        hi += 1
    while lo < hi and text[lo].isspace():
        lo += 1
    return lo, hi


def trimmed(text: str, start: int, end: int, focus: int, limit: int = MAX_QUOTE) -> str:
    """``text[start:end]`` cut to ``limit`` characters around ``focus``, with … where it was cut."""
    if end - start <= limit:
        return text[start:end].strip()
    lo = max(start, min(focus - limit // 3, end - limit))
    hi = min(end, lo + limit)
    return ("…" if lo > start else "") + text[lo:hi].strip() + ("…" if hi < end else "")


class _Places:
    """Per-report heading paths and line starts (built once per context)."""

    def __init__(self, context: Context) -> None:
        self.paths = section_paths(context.document)
        text = context.text
        self.line_starts = [0, *(m.end() for m in re.finditer("\n", text))]
        # figures stated as a range or a bound, by span: their line shows 56—65人 or 不少于90%, not one end
        self.shaped = {(f.quantity.start, f.quantity.end): f.quantity for f in context.figures
                       if f.quantity.low is not None or f.quantity.bound is not None}

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self.line_starts, offset)


_places = per_report(_Places)


def requirement_text(req: Requirement, context: Context) -> str:
    """What the requirement asks, in a few words (要求 ≥ 85%, 要求 只增不减, 要求 未发生)."""
    params = req.params
    if req.kind == "threshold":
        return f"要求 {OPS_ZH.get(params.op, params.op)} {params.value:g}{params.unit}"
    if req.kind == "change":
        minimum = f" ≥ {params.min:g}{params.unit or ''}" if params.min is not None else ""
        return f"要求 {DIRECTION_ZH.get(params.direction, params.direction)}{minimum}"
    fixed = {"zero_event": "要求 未发生（为零）", "arithmetic": "要求 金额、增加额与增长率相符",
             "count": f"要求 不少于 {getattr(params, 'min', 0):g}"}
    if req.kind in fixed:
        return fixed[req.kind]
    if req.kind == "compare":
        left, right = context.rubric.get(params.left), context.rubric.get(params.right)
        return f"要求 {left.label if left else params.left} {OPS_ZH.get(params.op, params.op)} " \
               f"{right.label if right else params.right}"
    return ""  # a sentence requirement: its title says what is wanted


def _year_before(context: Context, sentence_start: int, pos: int) -> str:
    years = _YEAR.findall(context.text, sentence_start, pos)
    return years[-1] if years else ""


def quote_line(context: Context, ev: Evidence) -> str:
    """“sentence, trimmed around the evidence”【heading path，第 N 行】."""
    places = _places(context)
    start, end = sentence_around(context.text, ev.start, ev.end)
    quote = trimmed(context.text, start, end, ev.start)
    path = places.paths.get(ev.section, ev.section)
    return f"“{quote}”【{path}，第 {places.line(ev.start)} 行】"


def _figure_part(context: Context, ev: Evidence) -> str:
    start, _end = sentence_around(context.text, ev.start, ev.end)
    year = _year_before(context, start, ev.start)
    change = {"increase": "增加", "decrease": "减少"}.get(ev.change or "", "")
    shaped = _places(context).shaped.get((ev.start, ev.end))
    number = stated(shaped) if shaped is not None else f"{ev.value:g}"
    value = f"{change}{number}{ev.unit}" if ev.value is not None else ev.text
    derived = f"（{ev.derived}）" if ev.derived else ""  # not stated in the report: say where it comes from
    return f"{ev.label or '数据'} {value}{derived}" + (f"（{year}年）" if year else "")


def explain(req: Requirement, context: Context, res: RequirementResult) -> str:
    """The explanation line of one requirement result (every result gets one)."""
    wanted = requirement_text(req, context)
    if res.result == NOT_FOUND or not res.evidence:
        why = "；".join(reason.zh for reason in res.reasons) or res.result.zh
        return f"{req.title}：{why}" + (f"，{wanted}" if wanted else "")
    ev = next((e for e in res.evidence if e.result == res.result), res.evidence[0])
    verdict = "" if res.result == PASS else f"（{res.result.zh}）"
    head = _figure_part(context, ev) if ev.value is not None else req.title
    return f"{head}" + (f"，{wanted}" if wanted else "") + f"{verdict}：{quote_line(context, ev)}"


__all__ = ["MAX_QUOTE", "explain", "quote_line", "requirement_text", "sentence_around", "trimmed"]
