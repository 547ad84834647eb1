"""The one-screen text summary of a scored report (``lvzhi score REPORT`` prints it)."""

from __future__ import annotations

from scorer.codes import Status
from scorer.result import MET, PASS, ReportResult

__all__ = ["render_summary"]


def render_summary(result: ReportResult) -> str:
    """A one-screen summary: warnings, total, grade, areas, items not met and what to ask for."""
    lines = [f"【{result.report.county or '未识别区县'}】{result.source.path}"]
    lines.extend(f"⚠ {w.message}" for w in result.notices)
    damaged = result.damage
    if damaged:
        lines.append(f"⚠ 疑似复制损坏的数字/文字 {len(damaged)} 处（不作为有效证据），详见 JSON 或 lvzhi sections。")
    lines.append(f"细则 rubric: {result.scheme.id} {result.scheme.doc_no}（重构版 reconstructed）  总分 total: "
                 f"{result.total:g}/{result.max_total:g}  等次 grade: {result.grade}（自动评分，待督学核定）")
    if result.scheme_choice is not None:
        lines.append(f"细则选择 scheme choice: {result.scheme_choice.reason}")
    if result.max_bonus:  # 加分项: shown apart, the total above includes them
        bonus_items = "，".join(f"{i.id} " + (i.status.zh if i.status == Status.NO_BONUS else
                                              f"{i.score:g}/{i.max_score:g}") for i in result.items if i.bonus)
        lines.append(f"加分 bonus: {result.bonus:g}（上限 cap {result.max_bonus:g}；{bonus_items}）  "
                     f"基本分 base: {result.total - result.bonus:g}/{result.max_total:g}")
    lines.extend(f"降等 downgrade: {down.title}（{down.effect}）{'：' + down.detail if down.detail else ''}"
                 for down in result.downgrades)
    lines.extend(_self_score_lines(result))
    lines.append("要点 items: " + "，".join(f"{status.zh} {n}" for status, n in result.counts.items()))
    lines.append("领域 areas: " + "  ".join(f"{a.id} {a.score:g}/{a.max_score:g}" for a in result.areas))
    for item in result.items:
        if item.status in {MET, Status.INFO, Status.NO_BONUS}:  # 未申报加分 is on the 加分 line above
            continue
        why = "；".join(reason.zh for reason in item.reasons)
        lines.append(f"  {item.id} {item.title}：{item.status.zh} {item.score:g}/{item.max_score:g}（{why}）")
        lines.extend(f"      {req.id} {req.result.zh} {req.explain or req.detail}".rstrip()
                     for req in item.requirements if req.result != PASS)
    asks = [(item.id, ask.ask) for item in result.items for ask in item.missing]
    if asks:
        lines.append("待补材料 to ask the county for:")
        lines.extend(f"  {i}. [{item_id}] {ask}" for i, (item_id, ask) in enumerate(asks, 1))
    suggestions = [(item.id, ask.ask) for item in result.items for ask in item.suggestions]
    if suggestions:
        lines.append("建议补充 suggested (不计分 not scored):")
        lines.extend(f"  - [{item_id}] {ask}" for item_id, ask in suggestions)
    return "\n".join(lines)


def _self_score_lines(result: ReportResult) -> list[str]:
    """区县自评 beside lvzhi's score, per area, and 自评偏高 with the items lacking evidence."""
    own = result.report.self_score
    if own is None:
        return []
    total = f"{own.total:g}" if own.total is not None else "未写明"
    lines = [f"区县自评 self-score: {total}" + (f"（{own.grade}）" if own.grade else "")
             + f"；lvzhi 自动评分 {result.total:g}（{result.grade}）"]
    if own.areas:
        auto = {a.id: a.score for a in result.areas}
        lines.append("  分领域 自评/lvzhi: " + "  ".join(f"{area} {value:g}/{auto.get(area, 0):g}"
                                                     for area, value in own.areas.items()))
    if own.overrated_by is not None:
        lacking = [item.id for item in result.items if item.max_score > 0 and not item.evidenced
                   and item.status != Status.NO_BONUS]
        lines.append(f"⚠ 自评偏高 self-score too high: 高出 {own.overrated_by:g} 分；无实据的要点 items without "
                     f"evidence: {'、'.join(lacking) or '无'}")
    return lines
