"""The inspector's workbook: one scored report (or several) as an .xlsx for Excel, WPS and LibreOffice.

Sheets: 总览 (notices, warnings, totals, grade, area table and chart), 评分明细 (one row per item
with the inspector's 核定得分 and 督导意见 columns and formula subtotals), 证据, 待补材料 and 原文分段;
plus a hidden ``_lvzhi`` sheet holding the automatic result as JSON, which ``reports.review`` reads
back. One workbook per report is the usual case; several results in one call give one workbook in
which every detail sheet holds all of them, told apart by the 区县 column (one value column per
report on 总览). Apart from its timestamp the file is the same whatever machine or time wrote it.

Example:
    >>> from reports.excel import write_workbook  # doctest: +SKIP
    >>> write_workbook([result], "云阳县.xlsx", rubric=rubric)  # doctest: +SKIP
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from reports import excel_sheets as sheets
from reports import tables
from reports.records import CountyScores, grade_for, scores_from_result, unique_keys
from reports.table_rows import area_rows
from reports.xlsx_common import (
    BOLD,
    NOTE,
    TITLE,
    TOTAL_FILL,
    WARN,
    fit_columns,
    fit_rows,
    header_row,
    new_workbook,
    print_setup,
    put,
    put_formula,
    put_row,
    save_workbook,
    utc_naive,
)
from scheme import __version__, load_rubric
from scheme.model import Rubric
from scorer.codes import Status
from scorer.result import STATUSES, ReportResult

__all__ = ["META_SHEET", "OVERVIEW", "SHEETS", "WORKBOOK_FORMAT", "build_workbook", "workbook_records", "write",
           "write_workbook"]

OVERVIEW = "总览"
# Print order: what an inspector prints first (总览, 评分明细, 待补材料), then the long listings.
SHEETS = (OVERVIEW, sheets.DETAIL, sheets.ASKS, sheets.EVIDENCE, sheets.SECTIONS)
META_SHEET = "_lvzhi"
WORKBOOK_FORMAT = "lvzhi-workbook"
WORKBOOK_VERSION = 2  # 2 records the 评分明细 columns (key -> header); 1 did not
_CHUNK = 30000
EFFECT_ZH = {"lower_one_grade": "降一等", "not_top_grade": "不得评为最高等次", "lowest_grade": "定为最低等次"}
Review = Mapping[tuple[str, str], tuple[float | None, str]]


def _version() -> str:
    return __version__


def workbook_records(results: Sequence[ReportResult], rubric: Rubric) -> list[CountyScores]:
    """The records a workbook of these results holds, with the report keys its 区县 column uses."""
    return unique_keys([scores_from_result(result, rubric) for result in results])


def build_workbook(results: Sequence[ReportResult], *, rubric: Rubric | None = None,
                   texts: Mapping[str, str] | None = None, review: Review | None = None,
                   created: datetime | None = None, html_files: Sequence[str | None] | None = None) -> Workbook:
    """Build the workbook in memory (see ``write_workbook`` for the arguments)."""
    rubric = rubric or load_rubric()
    if not results:
        raise ValueError("没有可写入的评分结果。/ No results to write.")
    for result in results:
        if result.scheme.id != rubric.scheme.id:
            raise ValueError(f"评分结果的方案 {result.scheme.id} 与细则 {rubric.scheme.id} 不一致。/ Result scored "
                             f"against {result.scheme.id}, rubric is {rubric.scheme.id}: pass the same rubric.")
    when = utc_naive(created)
    records = workbook_records(results, rubric)
    pairs = list(zip(records, results, strict=True))
    texts = {**{r.source.sha256: r.text for r in results if r.text}, **(texts or {})}
    wb = new_workbook()
    overview = wb.active
    overview.title = OVERVIEW
    detail = wb.create_sheet(sheets.DETAIL)
    layout = sheets.write_detail(detail, pairs, rubric, review or {}, html_files or ())
    sheets.write_asks(wb.create_sheet(sheets.ASKS), pairs, rubric)
    sheets.write_evidence(wb.create_sheet(sheets.EVIDENCE), pairs, texts)
    sheets.write_sections(wb.create_sheet(sheets.SECTIONS), pairs, texts)
    _write_overview(overview, pairs, rubric, layout)
    _write_meta(wb.create_sheet(META_SHEET), records, rubric)
    place = "、".join(r.key for r in records) if len(records) <= 3 else f"{records[0].key} 等 {len(records)} 个区县"
    for ws in wb.worksheets[:len(SHEETS)]:
        print_setup(ws, footer=f"{place} · {ws.title} · lvzhi 自动评分建议",
                    title_rows=f"{sheets.HEADER_ROW}:{sheets.HEADER_ROW}" if ws.title != OVERVIEW else None)
    props = wb.properties
    props.title = f"{place} 履行教育职责自评报告评分表"
    props.subject = f"{rubric.scheme.title}（{rubric.scheme.doc_no}，重构版细则）"
    props.creator = props.lastModifiedBy = f"lvzhi {_version()}"
    props.keywords = "履行教育职责; 自评报告; 教育督导; lvzhi"
    props.description = "lvzhi 自动评分建议，须经督学核定；评分细则为重构版，并非官方原文。"
    props.category = "教育督导评分表"
    props.language = "zh-CN"
    props.created = props.modified = when
    wb.active = 0
    return wb


def write_workbook(results: Sequence[ReportResult], path: str | Path, *, rubric: Rubric | None = None,
                   texts: Mapping[str, str] | None = None, review: Review | None = None,
                   created: datetime | None = None, replace: bool = False,
                   html_files: Sequence[str | None] | None = None) -> None:
    """Write scored reports as an inspector's workbook, atomically (an existing file only with ``replace``).

    Args:
        results: Scored reports; one gives the usual one-county workbook, several give one workbook
            holding all of them (every detail row carries its 区县).
        path: The .xlsx file to write.
        rubric: The rubric the results were scored against (for titles, descriptions, bands);
            the built-in rubric when ``None``.
        texts: Original report text by source SHA-256, for 原文分段 and line numbers; without it
            those cells stay empty and the sheet says so.
        review: Inspector entries to pre-fill, ``(report key, item id) -> (核定得分, 督导意见)``
            (see ``reports.review.merge_review`` and ``workbook_records`` for the keys).
        created: Timestamp stored as created/modified (default: now); the only varying content.
        replace: Replace an existing regular file (else :class:`reports.files.OutputError` when it exists).
        html_files: Per result, its HTML evidence view (``reports.html_view``) as a path relative to the
            workbook, or ``None``: the 依据摘录 cells of its rows link to the item's place in that page.

    Raises:
        ValueError: When ``results`` is empty or scored against another scheme than ``rubric``.
        OutputError: When the file cannot be written (see ``reports.files.atomic_write``).
    """
    when = utc_naive(created)
    wb = build_workbook(results, rubric=rubric, texts=texts, review=review, created=when, html_files=html_files)
    save_workbook(wb, path, when, replace=replace)


def _grade_formula(cell: str, record: CountyScores) -> str:
    """Nested IF giving the grade of ``cell``'s total, with the fired 降等 conditions applied."""
    if not record.bands:
        return f'="{record.auto_grade}"'
    effects = [d.get("effect", "") for d in record.downgrades]
    formula = f'"{grade_for(float("-inf"), record.bands, effects)}"'
    for _grade, minimum in reversed(record.bands[:-1]):
        formula = f'IF({cell}>={minimum:g},"{grade_for(minimum, record.bands, effects)}",{formula})'
    return "=" + formula


def _write_overview(ws: Worksheet, pairs: Sequence[tuple[CountyScores, ReportResult]], rubric: Rubric,
                    layout: sheets.DetailLayout) -> None:
    records = [record for record, _result in pairs]
    scheme = rubric.scheme
    put(ws, 1, 1, "履行教育职责自评报告评分表（lvzhi 自动评分）", font=TITLE, align=None)
    notices = [
        "⚠ 本表所有得分和等次均为 lvzhi 自动评分的建议，须经督学核定。“采用得分”＝核定得分（已填写且为 0 至分值的"
        "数字时）或自动得分。",
        f"⚠ 评分细则为 lvzhi 重构版，并非官方原文：《{scheme.title}》（{scheme.doc_no}）原文未公开，领域、要点、"
        "分值和等次线是依据公开材料的推断或借鉴，每项的“细则来源”标明“有公开依据”或“重构”。",
        "“评分明细”可排序、筛选、加列；小计、合计和本页的采用总分是公式，随核定得分自动重算；核定得分不是 0 至分值的"
        "数字时标红并按自动得分计。细则来源、区县等不打印的列已折叠（点表格上方的“+”展开）。",
    ]
    for record, result in pairs:
        notices.extend(f"⚠【{record.key}】{message}" for message in record.warnings)
        damaged = len(result.damage)
        if damaged:
            notices.append(f"⚠【{record.key}】疑似复制时丢失标点的数字或文字 {damaged} 处，不作为有效证据，"
                           "见本表下方。")
    row = 2
    for notice in notices:
        put(ws, row, 1, notice, font=WARN, align=None)
        row += 1
    row += 1
    card_top = row
    header_row(ws, row, ["项目", *[r.key for r in records]])
    detail = f"'{sheets.DETAIL}'!"
    valid = f"{detail}${sheets.letter('review_valid')}${layout.first}:${sheets.letter('review_valid')}${layout.last}"
    keys = f"{detail}${sheets.letter('county')}${layout.first}:${sheets.letter('county')}${layout.last}"
    bonus = any(record.bonus_cap for record in records)
    statuses = [s for s in STATUSES if bonus or s != Status.NO_BONUS]  # 未申报加分 only under a rubric with 加分项
    fields = ["区县", "报告标题", "来源文件", "文件 SHA-256", "引用方案", "评分细则", "年度", "满分", "自动总分",
              "采用总分（含核定）", "自动等次", "采用等次（按采用总分）", "已核定要点数",
              *[f"要点：{s.zh}" for s in statuses], "降等情形", "待补材料（条）", "区县自评（总分/等次）", "自评偏高"]
    if bonus:  # a rubric with 加分项: shown apart (the totals above include them, capped)
        fields.extend(["加分（自动，含于总分）", "基本分（自动，不含加分）"])
    for n, name in enumerate(fields, 1):
        put(ws, row + n, 1, name, font=BOLD, border=True)
    for col, (record, result) in enumerate(pairs, 2):
        cited = result.report.cited_scheme
        if cited is None:
            cited_text = "报告未写明所依据的方案文号"
        elif cited.scheme_id == scheme.id:
            cited_text = f"{cited.normalised}（与细则一致）"
        else:
            cited_text = f"⚠ {cited.normalised}（与本细则 {scheme.doc_no} 不一致）"
        total_cell = f"{detail}${sheets.letter('final')}${layout.total[record.key]}"
        downs = "；".join(f"{d['title']}（{EFFECT_ZH.get(d.get('effect', ''), d.get('effect', ''))}）"
                         for d in record.downgrades) or "无"
        values: list[object] = [
            record.county or "（未识别）", record.title, record.source, record.sha256, cited_text,
            _rubric_cell(scheme.title, scheme.doc_no, result), record.year, record.max_total, record.auto_total, None,
            record.auto_grade, None, None, *[result.count(s) for s in statuses], downs, record.missing_count,
            *_self_score_cells(result), *(_bonus_cells(record, result) if bonus else ())]
        for n, value in enumerate(values, 1):
            put(ws, row + n, col, value, border=True, number_format="0.00" if isinstance(value, float) else None)
        final_row, grade_row, reviewed_row = row + 10, row + 12, row + 13
        put_formula(ws, final_row, col, f"={total_cell}", font=BOLD, border=True)
        put_formula(ws, grade_row, col, _grade_formula(f"{get_column_letter(col)}{final_row}", record),
                    font=BOLD, border=True, number_format=None)
        key_cell = f"{get_column_letter(col)}{card_top}"  # the card's header holds the report key
        put_formula(ws, reviewed_row, col, f"=COUNTIFS({valid},1,{keys},{key_cell})", border=True,
                    number_format="0")
    row += len(fields) + 2
    row = _area_table(ws, row, pairs, rubric, layout) + 2  # a blank row after 合计
    row = _damage_table(ws, row, pairs)
    fit_columns(ws, card_top, minimum=10, maximum=48, fixed={1: 22})
    fit_rows(ws, card_top)


def _bonus_cells(record: CountyScores, result: ReportResult) -> tuple[str, float]:
    """加分 and 基本分: the automatic bonus with its items, and the automatic total without it."""
    return _bonus_cell(record, result), round(record.auto_total - record.bonus(final=False), 2)


def _bonus_cell(record: CountyScores, result: ReportResult) -> str:
    """加分: the automatic bonus in the total, its cap and each bonus item's score."""
    items = "；".join(f"{i.id} {i.title} " + (i.status.zh if i.status == Status.NO_BONUS else
                                               f"{i.score:g}/{i.max_score:g}") for i in result.items if i.bonus)
    return f"{record.bonus(final=False):g}（上限 {record.bonus_cap:g} 分）\n{items}"


def _self_score_cells(result: ReportResult) -> tuple[str, str]:
    """区县自评 beside lvzhi's score (scorer.self_score), and 自评偏高 with the items lacking evidence."""
    own = result.report.self_score
    if own is None:
        return "报告未写明", ""
    total = f"{own.total:g}" if own.total is not None else "未写明总分"
    areas = "；".join(f"{area} {value:g}" for area, value in own.areas.items())
    text = total + (f"（{own.grade}）" if own.grade else "") + (f"\n分领域：{areas}" if areas else "")
    if own.overrated_by is None:
        return text, "否"
    lacking = "、".join(item.id for item in result.items if item.max_score > 0 and not item.evidenced
                       and item.status != Status.NO_BONUS)  # an unclaimed 加分项 is not a claim without evidence
    return text, f"⚠ 高出 {own.overrated_by:g} 分；无实据：{lacking or '无'}"


def _rubric_cell(title: str, doc_no: str, result: ReportResult) -> str:
    """The rubric, and how it was chosen for this report (``scorer.choose``)."""
    text = f"{title}（{doc_no}，重构版）"
    choice = result.scheme_choice
    if choice is not None:
        text += f"\n{'⚠ ' if choice.warning else ''}选用 chosen: {choice.label}（{choice.id} v{choice.version}）"
    return text


def _area_table(ws: Worksheet, row: int, pairs: Sequence[tuple[CountyScores, ReportResult]], rubric: Rubric,
                layout: sheets.DetailLayout) -> int:
    records = [record for record, _result in pairs]
    put(ws, row, 1, "各领域得分（采用得分为公式，随核定得分重算）", font=BOLD, align=None)
    row += 1
    table = tables.overview_areas(record.key for record in records)
    header_row(ws, row, table.headers)
    top = row
    detail = f"'{sheets.DETAIL}'!${sheets.letter('final')}$"
    formats = {n: c.number_format for n, c in enumerate(table.columns, 1) if c.number_format}
    used = {table.index(f"final:{record.key}"): record.key for record in records}
    for n, values in enumerate(area_rows(records, rubric), row + 1):
        put_row(ws, n, table.values(values), border=True, formats=formats)
        for col, key in used.items():  # the used subtotal is the 评分明细 subtotal, recomputed with the review
            put_formula(ws, n, col, f"={detail}{layout.subtotal[(key, values['area'])]}", border=True)
    last = row + len(records[0].areas)
    end = _area_bonus_row(ws, last + 1, records, table, layout) if any(r.bonus_cap for r in records) else last
    put(ws, end + 1, 1, "合计（含加分）" if end > last else "合计", font=BOLD, fill=TOTAL_FILL, border=True)
    for col, column in enumerate(table.columns[1:], 2):
        if column.number_format is None:  # text columns have no total
            put(ws, end + 1, col, None, fill=TOTAL_FILL, border=True)
            continue
        letter = get_column_letter(col)
        # the 加分 row's 分值 is empty: 合计's 分值 stays the rubric's total points, as 满分 above
        put_formula(ws, end + 1, col, f"=SUM({letter}{top + 1}:{letter}{end})", font=BOLD, fill=TOTAL_FILL,
                    border=True)
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "clustered"
    chart.title = "各领域：分值与采用得分"
    chart.y_axis.title = "分"
    chart.x_axis.title = "领域"
    chart.height, chart.width = 9, 18
    cats = Reference(ws, min_col=table.index("area"), min_row=top + 1, max_row=last)
    chart.add_data(Reference(ws, min_col=table.index("points"), min_row=top, max_row=last), titles_from_data=True)
    for col in used:
        chart.add_data(Reference(ws, min_col=col, min_row=top, max_row=last), titles_from_data=True)
    chart.set_categories(cats)
    ws.add_chart(chart, f"{get_column_letter(len(table.columns) + 2)}{top}")
    return end + 1


def _area_bonus_row(ws: Worksheet, row: int, records: Sequence[CountyScores], table: tables.Table,
                    layout: sheets.DetailLayout) -> int:
    """The 加分 line under the areas, so that 合计 includes the bonus as the card's total does; returns its row.

    The used bonus is 评分明细's 加分 row (capped, recomputed with the review); 分值 is left empty (the cap is in
    the title) so that the total points stay the rubric's.
    """
    cap = max(record.bonus_cap for record in records)
    put(ws, row, table.index("area"), sheets.BONUS, border=True)
    put(ws, row, table.index("title"), f"加分项（上限 {cap:g} 分，计入合计）", border=True)
    for name in ("points", "provenance"):
        put(ws, row, table.index(name), None, border=True)
    for record in records:
        put(ws, row, table.index(f"auto:{record.key}"), record.bonus(final=False), border=True, number_format="0.00")
        final = table.index(f"final:{record.key}")
        if record.key in layout.bonus:
            put_formula(ws, row, final, f"='{sheets.DETAIL}'!${sheets.letter('final')}${layout.bonus[record.key]}",
                        border=True)
        else:
            put(ws, row, final, 0.0, border=True, number_format="0.00")
    return row


def _damage_table(ws: Worksheet, row: int, pairs: Sequence[tuple[CountyScores, ReportResult]]) -> int:
    damaged = [(record.key, w) for record, result in pairs for w in result.damage]
    if not damaged:
        return row
    put(ws, row, 1, "疑似复制时丢失标点的数字或文字（不作为有效证据，请对照原件核实）", font=BOLD, align=None)
    header_row(ws, row + 1, ["区县", "说明", "字符位置"])
    for n, (key, warning) in enumerate(damaged, row + 2):
        put(ws, n, 1, key, border=True)
        put(ws, n, 2, warning.message_zh, border=True)
        put(ws, n, 3, f"{warning.start}–{warning.end}" if warning.start is not None else "", border=True)
    put(ws, row + len(damaged) + 2, 1, "以上仅为提示：lvzhi 不修改原文，核实后可在“评分明细”中调整核定得分。",
        font=NOTE, align=None)
    return row + len(damaged) + 3


def _write_meta(ws: Worksheet, records: Iterable[CountyScores], rubric: Rubric) -> None:
    """The hidden sheet ``reports.review`` reads: automatic scores, bands, figures, as JSON in chunks."""
    data = {"format": WORKBOOK_FORMAT, "version": WORKBOOK_VERSION,
            "scheme": {"id": rubric.scheme.id, "title": rubric.scheme.title, "doc_no": rubric.scheme.doc_no,
                       "rubric": Path(rubric.path).name},
            "detail_sheet": sheets.DETAIL,
            "columns": {tables.DETAIL.key: {c.key: c.header_zh for c in tables.DETAIL.columns}},
            "reports": [record.to_dict() for record in records]}
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    put(ws, 1, 1, WORKBOOK_FORMAT, align=None)
    put(ws, 1, 2, WORKBOOK_VERSION, align=None)
    put(ws, 1, 3, "lvzhi 读回核定结果所需的数据，请勿修改。/ Data lvzhi needs to read the review back; do not edit.",
        font=NOTE, align=None)
    for n, start in enumerate(range(0, len(text), _CHUNK), 2):
        put(ws, n, 1, text[start:start + _CHUNK], align=None)
    ws.sheet_state = "hidden"
    ws.protection.sheet = True


# The name the architecture notes use (``reports.excel.write(results, path)``).
write = write_workbook
