"""Row builders of the tables declared in ``reports.tables``: dicts keyed by column key, from the typed result.

Every view (workbook, CSV, text, HTML) takes its rows from here, so a quote, a reason or an ask reads
the same everywhere.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reports.records import PROVENANCE_ZH, CountyScores
from reports.tables import EVIDENCE, Row, area_key, item_key, year_key
from scheme.model import Rubric
from scorer.explain import sentence_around
from scorer.result import FAIL, MET, PASS, REVIEW, Evidence, ItemResult, ReportResult

if TYPE_CHECKING:
    from reports.compare import Comparison, YearOverYear
    from reports.review import ReviewResult

__all__ = ["MAX_QUOTES", "NOT_STATED_ZH", "area_rows", "ask_rows", "comparison_rows", "derived_text", "detail_rows",
           "evidence_rows", "item_missing",
           "item_quotes", "overrated_text", "review_rows", "section_rows", "year_over_year_rows"]

MAX_QUOTES = 3
ORIGIN_ZH = {"workbook": "评分表", "json": "JSON 结果", "result": "报告（即时评分）"}
CHANGE_ZH = {"increase": "增加", "decrease": "减少"}
# A figure lvzhi computed (Quantity.derived): every view says so in these words, after how it was computed.
NOT_STATED_ZH = "报告未直接列出 derived"
Review = Mapping[tuple[str, str], tuple[float | None, str]]


def _yes(flag: bool) -> str:
    return "是" if flag else "否"


def short_path(path: str, keep: int = 2) -> str:
    """The last ``keep`` headings of a section path (the full path is on the 证据 sheet)."""
    parts = path.split(" > ")
    return path if len(parts) <= keep else "…> " + " > ".join(parts[-keep:])


_RANK = {PASS: 0, FAIL: 1, REVIEW: 2}


def item_quotes(item: ItemResult, paths: Mapping[str, str]) -> str:
    """依据摘录: explanation lines of the requirements with evidence, best first, up to three, never cut.

    Passes come first, then fails, then those to review; how many more there are is said on the last line.

    A result read back from JSON written before explanation lines existed falls back to the quotes.
    """
    lines = [r.explain for r in sorted((r for r in item.requirements if r.evidence and r.result in _RANK),
                                       key=lambda r: _RANK[r.result]) if r.explain]
    if lines:
        text = "\n".join(lines[:MAX_QUOTES])
        if len(lines) > MAX_QUOTES:
            text += f"\n……另有 {len(lines) - MAX_QUOTES} 条，见“{EVIDENCE.title}”表"
        return text
    return _plain_quotes(item, paths)


def _plain_quotes(item: ItemResult, paths: Mapping[str, str]) -> str:
    seen: list[str] = []
    for ev in item.evidence:
        if ev.result not in {PASS, FAIL, REVIEW}:
            continue
        quote = f"【{short_path(paths.get(ev.section, ev.section))}】{ev.text.strip()}"
        if quote not in seen:
            seen.append(quote)
    text = "\n".join(seen[:MAX_QUOTES])
    if len(seen) > MAX_QUOTES:
        text += f"\n……另有 {len(seen) - MAX_QUOTES} 条，见“{EVIDENCE.title}”表"
    return text


def item_missing(item: ItemResult) -> str:
    """缺失证据/待补材料: the reasons of an item not met, then what to ask for (建议补充 for an unscored item)."""
    lines = [reason.zh for reason in item.reasons] if item.status != MET else []
    asks = [m.ask for m in item.missing]
    if asks:
        lines.append("请补充：" + "；".join(asks))
    suggestions = [m.ask for m in item.suggestions]
    if suggestions:
        lines.append("建议补充（不计分）：" + "；".join(suggestions))
    return "\n".join(lines)


def detail_rows(key: str, result: ReportResult, rubric: Rubric, review: Review) -> Iterator[Row]:
    """评分明细: one row per item; ``final`` is the reviewed score when given, else the automatic one."""
    paths = result.section_paths
    for item in result.items:
        rubric_item = rubric.get(item.id)
        area = rubric.get(item.area)
        description = rubric_item.description if rubric_item is not None else ""
        reviewed, opinion = review.get((key, item.id), (None, ""))
        yield {"id": item.id, "area": item.area, "area_title": area.title if area is not None else item.area,
               "item": f"{item.title}\n{description}".strip(), "points": item.max_score,
               "provenance": PROVENANCE_ZH.get(item.provenance, item.provenance), "auto": item.score,
               "status": item.status.zh, "quote": item_quotes(item, paths), "missing": item_missing(item),
               "reviewed": reviewed, "opinion": opinion or None,
               "final": item.score if reviewed is None else reviewed, "county": key,
               "described": _yes(item.described), "evidenced": _yes(item.evidenced),
               "review_valid": 0 if reviewed is None else 1, "self_score": None,
               "bonus": "是" if item.bonus else None}


def _sentence(text: str | None, ev) -> str:
    """原文: the sentence a figure stands in (the figure's own span is in 字符位置), or the quoted sentence."""
    if text is None or ev.value is None or ev.end > len(text) or text[ev.start:ev.end] != ev.text:
        return ev.text
    return text[slice(*sentence_around(text, ev.start, ev.end))]


def area_rows(records: Sequence[CountyScores], rubric: Rubric) -> Iterator[Row]:
    """总览's area table (``tables.overview_areas``): per area the automatic and the used subtotal of each report."""
    for area_id, title, points in records[0].areas:
        area = rubric.get(area_id)
        row: dict[str, Any] = {"area": area_id, "title": title, "points": points,
                               "provenance": PROVENANCE_ZH.get(area.provenance.status, "") if area is not None else ""}
        for record in records:
            row[f"auto:{record.key}"] = record.area_total(area_id, final=False)
            row[f"final:{record.key}"] = record.area_total(area_id)
        yield row


def evidence_rows(key: str, result: ReportResult, text: str | None) -> Iterator[Row]:
    """证据: every figure and sentence a check gathered, with its place in the report."""
    paths = result.section_paths
    for item in result.items:
        for req in item.requirements:
            for ev in req.evidence:
                yield {"county": key, "id": item.id, "requirement": req.id, "label": ev.label, "value": ev.value,
                       "unit": ev.unit, "change": _change(ev), "result": ev.result.zh,
                       "damaged": "是" if ev.damaged else "", "section": paths.get(ev.section, ev.section),
                       "line": text.count("\n", 0, ev.start) + 1 if text is not None else None,
                       "offsets": f"{ev.start}–{ev.end}", "text": _sentence(text, ev)}


def _change(ev: Evidence) -> str:
    """增加/减少, and for a figure the report does not state, how it was computed (报告未直接列出)."""
    change = CHANGE_ZH.get(ev.change or "", "")
    return f"{change}（{derived_text(ev.derived)}）" if ev.derived else change


def derived_text(how: str) -> str:
    """``由表中2020年、2021年两列计算，报告未直接列出 derived``: a computed figure's mark, in every view."""
    return f"{how}，{NOT_STATED_ZH}"


def year_over_year_rows(block: YearOverYear) -> Iterator[Row]:
    """同比 (``tables.year_over_year_table``): per row its values by year, last minus first, and which were computed."""
    for n, (label, unit, values) in enumerate(block.rows):
        row: dict[str, Any] = {"county": block.county, "label": label, "unit": unit,
                               "change": values[-1] - values[0] if all(isinstance(v, int | float) for v in values)
                               else None}
        row.update((year_key(y), v) for y, v in zip(block.years, values, strict=True))
        hows = block.derived[n] if n < len(block.derived) else ()
        row["derived"] = "；".join(f"{y}年：{derived_text(how)}" for y, how in zip(block.years, hows, strict=True)
                                  if how) or None
        yield row


def ask_rows(key: str, result: ReportResult, rubric: Rubric) -> Iterator[Row]:
    """待补材料: each requirement not found or failed, with why and what to ask the county for."""
    number = 0
    for item in result.items:
        for req in item.requirements:
            if not req.ask:
                continue
            number += 1
            requirement = rubric.get(req.id)
            yield {"number": number, "county": key, "id": item.id, "item": item.title,
                   "requirement": requirement.title if requirement is not None else req.id,
                   "result": req.result.zh, "why": "；".join(reason.zh for reason in req.reasons) or req.result.zh,
                   "ask": req.ask}


def section_rows(key: str, result: ReportResult, text: str | None) -> Iterator[Row]:
    """原文分段: the heading tree with each section's own text (without its subsections), area and items."""
    sections = result.sections
    for n, sec in enumerate(sections):
        own_end = sec.end
        nxt = sections[n + 1] if n + 1 < len(sections) else None
        if nxt is not None and sec.start <= nxt.start < sec.end:
            own_end = nxt.start  # a pre-order walk: the next nested section is the first child
        yield {"county": key, "section": sec.id, "level": sec.level, "path": sec.path, "area": sec.area or "",
               "confidence": sec.confidence, "items": "、".join(sec.items), "reason": sec.reason,
               "body": text[sec.start:own_end].strip() if text is not None else None,
               "offsets": f"{sec.start}–{sec.end}"}


def review_rows(reviews: list[ReviewResult]) -> Iterator[dict[str, Any]]:
    """``lvzhi review``: one row per county of each workbook read back."""
    for review in reviews:
        for r in review.reports:
            yield {"county": r.key, "year": r.year, "auto_total": r.auto_total, "total": r.total,
                   "max_total": r.max_total, "auto_grade": r.auto_grade, "grade": r.grade,
                   "reviewed_items": r.n_reviewed, "problems": sum(1 for p in review.problems if p.report == r.key),
                   "workbook": Path(review.path).name,
                   "opinions": "\n".join(f"{e.item}：{e.opinion}" for e in review.entries
                                         if e.report == r.key and e.opinion)}


def overrated_text(by: float | None) -> str:
    """自评偏高 as the comparison shows it: ``是（高出 N 分）`` or ``否``."""
    return "否" if by is None else f"是（高出 {by:g} 分）"


def comparison_rows(comparison: Comparison) -> Iterator[dict[str, Any]]:
    """``lvzhi compare``: one row per report (final scores: reviewed where given, else automatic)."""
    for row in comparison.rows:
        rec = row.record
        values = {"rank": row.rank, "county": rec.key, "year": rec.year, "grade": rec.grade, "total": rec.total,
                  "max_total": rec.max_total, "reviewed_items": rec.n_reviewed, "asks": rec.missing_count,
                  "missing_items": row.missing_items, "self_total": rec.self_total,
                  "overrated": overrated_text(rec.overrated_by) if rec.self_total is not None else None,
                  "reviewed_ids": " ".join(i for i, (_s, reviewed) in row.scores.items() if reviewed),
                  "scheme": f"{rec.scheme_doc_no}（{rec.scheme_choice}）" if rec.scheme_choice else rec.scheme_doc_no,
                  "source": rec.source, "origin": ORIGIN_ZH.get(rec.origin, rec.origin)}
        values.update((area_key(a), row.areas.get(a)) for a, _t, _p in comparison.areas)
        values.update((item_key(i), row.scores[i][0] if i in row.scores else None)
                      for i, _a, _t, _m in comparison.items)
        yield values
