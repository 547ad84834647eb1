"""Write a ``Comparison`` as an xlsx workbook (heat map and charts), as CSV, or as JSON."""

from __future__ import annotations

import math
from dataclasses import replace as replaced
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl.chart import BarChart, Reference
from openpyxl.chart.data_source import StrRef
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.series import SeriesLabel
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from reports.compare import Comparison, YearOverYear
from reports.crosswalk_compare import UNCONFIRMED
from reports.table_rows import ORIGIN_ZH, comparison_rows, derived_text, year_over_year_rows
from reports.tables import (
    COMPARE_LEAD,
    Table,
    area_key,
    comparison_areas_table,
    comparison_printed,
    csv_text,
    item_key,
    year_over_year_table,
)
from reports.tables import comparison_table as comparison_table_columns
from reports.xlsx_common import (
    FONT_CHARSET,
    FONT_NAME,
    NOTE,
    TITLE,
    WARN,
    fit_columns,
    fit_rows,
    header_row,
    new_workbook,
    print_setup,
    put,
    save_workbook,
    utc_naive,
)

__all__ = ["COMPARISON_SHEETS", "comparison_table", "comparison_to_csv", "comparison_to_dict", "write_comparison"]

AREAS, MATRIX, YOY, NOTES = "领域对比", "对比", "同比", "说明"
COMPARISON_SHEETS = (AREAS, MATRIX, YOY, NOTES)
FIXED = tuple(c.header_zh for c in COMPARE_LEAD)
ROW_CM = 15 / 72 * 2.54  # a default row (15 pt) in centimetres, the unit of a chart's height
REVIEWED_FONT = Font(name=FONT_NAME, charset=FONT_CHARSET, family=2, b=True, color="1F4E79")


def comparison_columns(comparison: Comparison) -> Table:
    """The declared columns of this comparison (its areas and items included; carried items marked 未确认映射)."""
    table = comparison_table_columns(((a, t) for a, t, _p in comparison.areas), (i for i, *_ in comparison.items))
    marked = {item_key(i) for i in comparison.unconfirmed}
    if not marked:
        return table
    return replaced(table, columns=tuple(
        replaced(c, header_zh=f"{c.header_zh}（{UNCONFIRMED}）", header_en=f"{c.header_en} (unconfirmed mapping)")
        if c.key in marked else c for c in table.columns))


def comparison_table(comparison: Comparison) -> tuple[list[str], list[list[Any]]]:
    """The table as a header and rows of plain values (what CSV holds)."""
    table = comparison_columns(comparison)
    return table.headers, [table.values(row) for row in comparison_rows(comparison)]


def comparison_to_dict(comparison: Comparison) -> dict[str, Any]:
    """JSON-ready data: schemes, items, areas, rows (each score marked reviewed or automatic), year-over-year."""
    return {
        "note": "得分为自动评分建议，督学核定的要点标为 reviewed；评分细则为重构版。/ Automatic scores are "
                "suggestions; reviewed marks the inspector's scores; the rubric is a reconstruction.",
        "schemes": [{"id": s, "doc_no": d} for s, d in comparison.schemes],
        "notes": list(comparison.notes),
        "unconfirmed_items": sorted(comparison.unconfirmed),
        "areas": [{"id": a, "title": t, "max_score": p} for a, t, p in comparison.areas],
        "items": [{"id": i, "area": a, "title": t, "max_score": m} for i, a, t, m in comparison.items],
        "rows": [{"rank": r.rank, "county": r.record.key, "year": r.record.year, "grade": r.record.grade,
                  "total": r.record.total, "max_total": r.record.max_total, "auto_total": r.record.auto_total,
                  "reviewed_items": r.record.n_reviewed, "missing_evidence": r.record.missing_count,
                  "missing_items": r.missing_items, "scheme": r.record.scheme_id,
                  "scheme_choice": r.record.scheme_choice, "source": r.record.source,
                  "origin": r.record.origin, "areas": r.areas,
                  "scores": {i: {"score": s, "reviewed": rev} for i, (s, rev) in r.scores.items()}}
                 for r in comparison.rows],
        "year_over_year": [{"county": y.county, "years": list(y.years),
                            "rows": [_yoy_dict(y, n) for n in range(len(y.rows))]} for y in comparison.year_over_year],
    }


def _yoy_dict(block: YearOverYear, n: int) -> dict[str, Any]:
    """One 同比 row as JSON; ``derived`` (per year, marked, ``null`` when stated) only when lvzhi computed one."""
    label, unit, values = block.rows[n]
    data: dict[str, Any] = {"label": label, "unit": unit, "values": list(values)}
    hows = block.derived[n] if n < len(block.derived) else ()
    if any(hows):
        data["derived"] = [derived_text(how) if how else None for how in hows]
    return data


def comparison_to_csv(comparison: Comparison) -> str:
    """The table as CSV text (UTF-8 with BOM when written, so Excel and WPS read the Chinese)."""
    return csv_text(comparison_columns(comparison), comparison_rows(comparison))


def write_comparison(comparison: Comparison, path: str | Path, *, created: datetime | None = None,
                     replace: bool = False) -> None:
    """Write the comparison workbook atomically: 领域对比 (areas, charts), 对比 (items), 同比 when any, 说明.

    领域对比 prints on A4 landscape; 对比 prints 区县 and every item on A3 landscape with its header row and
    the county column repeated on every page.
    """
    when = utc_naive(created)
    wb = new_workbook()
    ws = wb.active
    ws.title = AREAS
    _areas(ws, comparison)
    _matrix(wb.create_sheet(MATRIX), comparison)
    if comparison.year_over_year:
        _yoy(wb.create_sheet(YOY), comparison)
    _notes(wb.create_sheet(NOTES), comparison)
    for sheet in wb.worksheets:
        print_setup(sheet, footer=f"区县履行教育职责评价对比 · {sheet.title} · lvzhi",
                    title_rows="3:3" if sheet.title in (AREAS, MATRIX) else None)
    matrix = wb[MATRIX]
    matrix.page_setup.paperSize = matrix.PAPERSIZE_A3
    matrix.print_title_cols = "A:A"
    wb.properties.title = "区县履行教育职责自评报告评分对比"
    wb.properties.creator = wb.properties.lastModifiedBy = "lvzhi"
    wb.properties.description = "自动评分建议与督学核定得分的对比；评分细则为重构版。"
    wb.properties.language = "zh-CN"
    save_workbook(wb, path, when, replace=replace)


def _matrix(ws: Worksheet, comparison: Comparison) -> None:
    """对比: 区县 and the items first (what prints, on A3), then the comparison's other columns, on screen."""
    table = comparison_columns(comparison).printing(comparison_printed(i for i, *_ in comparison.items))
    put(ws, 1, 1, "区县履行教育职责自评报告评分对比（lvzhi）", font=TITLE, align=None)
    put(ws, 2, 1, "⚠ 得分为自动评分建议；蓝色粗体为督学核定得分，其余为自动得分。评分细则为重构版，并非官方原文："
        + "、".join(d for _s, d in comparison.schemes)
        + "".join(f"　⚠ {note.split(' / ')[0]}" for note in comparison.notes), font=WARN, align=None)
    header_row(ws, 3, table.headers)
    formats = {n: c.number_format for n, c in enumerate(table.columns, 1) if c.number_format}
    item_cols = {table.index(item_key(i)): i for i, *_ in comparison.items}
    for r, (row, values) in enumerate(zip(comparison.rows, comparison_rows(comparison), strict=True), 4):
        for c, value in enumerate(table.values(values), 1):
            item = item_cols.get(c)
            reviewed = item is not None and row.scores.get(item, (0, False))[1]
            number_format = formats.get(c) if isinstance(value, float) else None
            put(ws, r, c, value, border=True, number_format=number_format,
                **({"font": REVIEWED_FONT} if reviewed else {}))
    last = 3 + len(comparison.rows)
    _heat_map(ws, comparison, table, last, items=True)
    ws.freeze_panes = "B4"
    ws.auto_filter.ref = f"A3:{get_column_letter(len(table.columns))}{last}"
    fit_columns(ws, 3, maximum=30, exact={n: c.width for n, c in enumerate(table.columns, 1) if c.width})
    ws.print_area = f"A1:{get_column_letter(sum(c.printed for c in table.columns))}{last}"


def _areas(ws: Worksheet, comparison: Comparison) -> None:
    """领域对比: total, grade and area subtotals per report (declared widths, A4), the charts below the table."""
    table = comparison_areas_table(((a, t) for a, t, _p in comparison.areas),
                                   self_score=any(r.record.self_total is not None for r in comparison.rows))
    put(ws, 1, 1, "区县履行教育职责评价：各领域得分对比（lvzhi）", font=TITLE, align=None)
    put(ws, 2, 1, "⚠ 得分为自动评分建议（督学核定过的要点取核定得分）；各要点得分见“对比”表。"
        "评分细则为重构版，并非官方原文。", font=WARN, align=None)
    header_row(ws, 3, table.headers)
    formats = {n: c.number_format for n, c in enumerate(table.columns, 1) if c.number_format}
    for r, values in enumerate(comparison_rows(comparison), 4):
        for c, value in enumerate(table.values(values), 1):
            put(ws, r, c, value, border=True, number_format=formats.get(c) if isinstance(value, float) else None)
    last = 3 + len(comparison.rows)
    _heat_map(ws, comparison, table, last, items=False)
    ws.freeze_panes = "B4"
    fit_columns(ws, 3, exact={n: c.width for n, c in enumerate(table.columns, 1) if c.width is not None})
    fit_rows(ws, 3)
    _charts(ws, comparison, table, last)


def _heat_map(ws: Worksheet, comparison: Comparison, table: Table, last: int, *, items: bool) -> None:
    """Colour the total and the area (and item) scores from red at 0 to green at full marks."""
    maxima = [(table.index("total"), max(r.record.max_total for r in comparison.rows))]
    maxima += [(table.index(area_key(a)), p) for a, _t, p in comparison.areas]
    if items:
        maxima += [(table.index(item_key(i)), m) for i, _a, _t, m in comparison.items]
    for col, top in maxima:
        letter = get_column_letter(col)
        ws.conditional_formatting.add(f"{letter}4:{letter}{last}", ColorScaleRule(
            start_type="num", start_value=0, start_color="F8696B", mid_type="num", mid_value=top / 2,
            mid_color="FFEB84", end_type="num", end_value=top, end_color="63BE7B"))


def _labels(number_format: str) -> DataLabelList:
    """Values written on the bars."""
    return DataLabelList(showVal=True, showSerName=False, showCatName=False, showLegendKey=False,
                         numFmt=number_format)


def chart_rows(height_cm: float) -> int:
    """Sheet rows a chart of this height covers (rows of the default 15 pt, 0.53 cm), rounded up."""
    return math.ceil(height_cm / ROW_CM)


def _charts(ws: Worksheet, comparison: Comparison, table: Table, last: int) -> None:
    """The totals (rank 1 on top) and, below them, the areas by county: below the table, never overlapping."""
    anchor = last + 3
    totals = BarChart()
    totals.type = "bar"
    totals.title = "各区县总分"
    totals.height, totals.width = max(6, 0.7 * len(comparison.rows) + 3), 16
    totals.add_data(Reference(ws, min_col=table.index("total"), min_row=3, max_row=last), titles_from_data=True)
    totals.set_categories(Reference(ws, min_col=table.index("county"), min_row=4, max_row=last))
    totals.legend = None
    # Rows are in rank order; a bar chart draws its first category at the bottom unless the axis is reversed.
    totals.x_axis.scaling.orientation = "maxMin"
    totals.y_axis.crosses = "max"  # with the categories reversed, keep the value axis at the bottom
    totals.dataLabels = _labels("0.00")
    ws.add_chart(totals, f"A{anchor}")
    anchor += chart_rows(totals.height) + 2
    areas = BarChart()
    areas.type = "col"
    areas.grouping = "clustered"
    areas.title = "各领域得分（按区县）"
    areas.height, areas.width = 9, 24
    first_area = table.index(area_key(comparison.areas[0][0]))
    last_area = table.index(area_key(comparison.areas[-1][0]))
    for row in range(4, last + 1):
        areas.add_data(Reference(ws, min_col=first_area, max_col=last_area, min_row=row), from_rows=True,
                       titles_from_data=False)
    for n, series in enumerate(areas.series):
        county = get_column_letter(table.index("county"))
        series.tx = SeriesLabel(strRef=StrRef(f"'{ws.title}'!${county}${4 + n}"))
    areas.set_categories(Reference(ws, min_col=first_area, max_col=last_area, min_row=3))
    areas.dataLabels = _labels("0.0")
    ws.add_chart(areas, f"A{anchor}")


def _yoy(ws: Worksheet, comparison: Comparison) -> None:
    put(ws, 1, 1, "同比：同一区县不同年度的得分和关键数据", font=TITLE, align=None)
    put(ws, 2, 1, "关键数据取自动评分找到的第一处数字；“变化”为最后一年减第一年。", font=NOTE, align=None)
    row = 4
    for block in comparison.year_over_year:
        table = year_over_year_table(block.years)
        header_row(ws, row, table.headers)
        for values in year_over_year_rows(block):
            row += 1
            for c, value in enumerate(table.values(values), 1):
                put(ws, row, c, value, border=True, number_format="0.00" if isinstance(value, float) else None)
        row += 2
    fit_columns(ws, 4, maximum=40)


def _notes(ws: Worksheet, comparison: Comparison) -> None:
    put(ws, 1, 1, "说明", font=TITLE, align=None)
    lines = [
        "本表由 lvzhi 生成：得分为自动评分建议，督学核定过的要点取核定得分（“对比”表中蓝色粗体），其余取自动得分。",
        "评分细则为 lvzhi 重构版，领域、要点、分值和等次线并非官方原文，仅供督导参考。",
        "排名按同一年度的总分从高到低，并列同名次；“待补材料”为需区县补充的材料条数，“缺少证据要点”为完全未找到证据的要点数。",
        *(f"评分方案：{s}（{d}）" for s, d in comparison.schemes),
        *comparison.notes,
    ]
    lines += [f"来源：{r.record.key} ← {r.record.source}（{ORIGIN_ZH.get(r.record.origin, r.record.origin)}，已核定 "
              f"{r.record.n_reviewed} 项）" for r in comparison.rows]
    for n, line in enumerate(lines, 3):
        put(ws, n, 1, line, align=None)
    ws.column_dimensions["A"].width = 100
