"""The side panel: totals and warnings, areas and their items, the evidence stepper and the 待补材料 list."""

from __future__ import annotations

from html import escape
from typing import Any

from reports import tables
from reports.anchors import anchor
from reports.html_view.page import attr
from reports.html_view.tables_html import cell_text, header_html, table_html
from reports.table_rows import ask_rows, detail_rows
from reports.tables import Row
from scorer.codes import RequirementOutcome, Status
from scorer.result import ItemResult, ReportResult

# The 评分明细 columns an item's entry shows (declared in reports.tables; headers and formats come from there):
# the score and its maximum, the status and the two substance flags on the item's button, the others below it.
SCORE, POINTS, STATUS = "auto", "points", "status"
FLAGS = ("described", "evidenced")
DETAILS = ("missing",)
# 待补材料 as the workbook's sheet, narrowed for the panel: one report (no county), the item named by its
# linked id (its title and status are in its entry above).
ASKS = tables.ASKS.without("county", "item", "result")


def _n(value: float) -> str:
    return f"{value:g}"


def render_panel(result: ReportResult, rubric: Any) -> str:
    """The panel's HTML (inside ``<aside id="panel">``); ``rubric`` gives titles (or a ``NoRubric``)."""
    parts = [_head(result), _nav()]
    rows = {row["id"]: row for row in detail_rows("", result, rubric, {})}
    by_area: dict[str, list[ItemResult]] = {}
    for item in result.items:
        by_area.setdefault(item.area, []).append(item)
    spans = _span_counts(result)
    for area in result.areas:
        parts.append(f'<section aria-labelledby="area-{attr(area.id)}"><h2 id="area-{attr(area.id)}">'
                     f'{escape(area.id)} {escape(area.title)}<span class="score">{_n(area.score)}/'
                     f'{_n(area.max_score)}</span></h2>\n<ul class="items">\n')
        parts.extend(_item(item, rows[item.id], spans.get(item.id, 0)) for item in by_area.pop(area.id, []))
        parts.append("</ul></section>\n")
    for area_id, items in by_area.items():  # items of an area without a subtotal (not in shipped rubrics)
        parts.append(f'<section><h2>{escape(area_id)}</h2>\n<ul class="items">\n')
        parts.extend(_item(item, rows[item.id], spans.get(item.id, 0)) for item in items)
        parts.append("</ul></section>\n")
    parts.append(_asks(result, rubric))
    return "".join(parts)


def _span_counts(result: ReportResult) -> dict[str, int]:
    return {item.id: len({(ev.start, ev.end) for ev in item.evidence if ev.end > ev.start}) for item in result.items}


def _head(result: ReportResult) -> str:
    county = result.report.county or "未识别区县"
    lines = [f'<h1 class="title">{escape(county)} 自评报告评分依据 <span lang="en">/ evidence view</span></h1>\n',
             f'<p class="meta">{escape(result.report.title)}<br>{escape(result.source.path)}<br>'
             f"细则 rubric: {escape(result.scheme.doc_no)}</p>\n",
             f'<p class="total">总分 total {_n(result.total)}/{_n(result.max_total)}'
             # 加分项 apart: the total includes them, capped
             + (f"（含加分 incl. bonus {_n(result.bonus)}，上限 cap {_n(result.max_bonus)}）"
                if result.max_bonus else "")
             + f"　等次 grade {escape(result.grade)}</p>\n",
             '<p class="note">自动评分，供督学核定。 / Automatic scores, for the inspector to confirm.</p>\n']
    warnings = [escape(w.message) for w in result.notices]
    if result.damage:
        warnings.append(f"疑似复制损坏的数字/文字 {len(result.damage)} 处（正文中以波浪线标出，不作为有效证据） / "
                        f"{len(result.damage)} stretches damaged in copy-paste (wavy underline; not evidence)")
    warnings.extend(f"降等 downgrade: {escape(d.title)}（{escape(d.effect)}）"
                    + (f"：{escape(d.detail)}" if d.detail else "") for d in result.downgrades)
    if warnings:
        lines.append('<ul class="warn">' + "".join(f"<li>{w}</li>" for w in warnings) + "</ul>\n")
    counts = result.counts
    lines.append('<ul class="legend" aria-label="状态图例 / status legend">' + "".join(
        f'<li class="st-{s.value}">{escape(s.zh)} {n}</li>' for s, n in counts.items()) + "</ul>\n")
    return "".join(lines)


def _nav() -> str:
    return ('<div id="nav" role="group" aria-label="依据导航 / evidence navigation">'
            '<button type="button" id="nav-prev" aria-label="上一处依据 / previous evidence">‹ 上一处</button>'
            '<span id="nav-where" aria-live="polite"></span>'
            '<button type="button" id="nav-next" aria-label="下一处依据 / next evidence">下一处 ›</button>'
            '<p class="note">选择要点后逐处查看依据；键盘：<kbd>Tab</kbd> 选要点，'
            "<kbd>Enter</kbd>/<kbd>空格</kbd> 打开，"
            "<kbd>N</kbd>/<kbd>P</kbd> 下一处/上一处。 / Choose an item to step through its evidence; keys N and P.</p>"
            "</div>\n")


def _value(key: str, row: Row) -> str:
    return escape(cell_text(tables.DETAIL.column(key), row.get(key)))


def _item(item: ItemResult, row: Row, spans: int) -> str:
    """An item's entry: a button (id, title, score, status, how many spans) and its details below."""
    status = item.status
    column = tables.DETAIL.column
    found = f"{spans} 处依据" if spans else "无依据摘录"
    button = (f'<button type="button" class="item st-{status.value}" data-item="{attr(item.id)}" aria-pressed="false">'
              f'<span class="score" title="{attr(column(SCORE).header_zh)}/{attr(column(POINTS).header_zh)}">'
              f"{_value(SCORE, row)}/{_value(POINTS, row)}</span>"
              f"<b>{escape(item.id)}</b> {escape(item.title)}<br>"
              f'<span class="badge st-{status.value}" title="{attr(column(STATUS).header_zh)}">{_value(STATUS, row)}'
              f"</span> <small>{found}"
              + "".join(f" · {escape(column(key).header_zh)} {_value(key, row)}" for key in FLAGS if row.get(key))
              + "</small></button>")
    details = [f"<dt>{header_html(column(key))}</dt><dd>{_value(key, row)}</dd>" for key in DETAILS if row.get(key)]
    explain = [f"<li>{escape(req.id)} {escape(req.explain)}</li>" if req.explain else
               f"<li>{escape(req.id)} {escape(req.result.zh)} {escape(req.detail)}</li>"
               for req in item.requirements if req.explain or (req.result != RequirementOutcome.PASS and req.detail)]
    body = f'<dl class="why">{"".join(details)}</dl>' if details else ""
    if explain:
        # Collapsed for items met (one line per requirement, quoting the sentence), open for the others.
        shut = status in {Status.MET, Status.INFO, Status.NO_BONUS}
        body += (f'<details class="explain"{"" if shut else " open"}><summary>判定说明 <span lang="en">/ why</span>'
                 f' ({len(explain)})</summary><ul>{"".join(explain)}</ul></details>')
    return f'<li id="{attr(anchor(item.id))}">{button}{body}</li>\n'


def _asks(result: ReportResult, rubric: Any) -> str:
    """待补材料 as a table of the declared columns, each item id a link to its entry."""
    title = f'<h2 id="asks">{escape(ASKS.title)} <span lang="en">/ to ask for</span></h2>\n'
    rows = list(ask_rows("", result, rubric))
    if not rows:
        return title + '<p class="note">无 / none</p>\n'
    link = {"id": lambda row: (f'<a class="goto" href="#{attr(anchor(row["id"]))}" data-item="{attr(row["id"])}">'
                               f'{escape(row["id"])}</a>')}
    return title + table_html(ASKS, rows, cells=link)
