"""The detail sheets of the scored workbook: 评分明细, 证据, 待补材料 and 原文分段.

Layout shared by every sheet: row 1 title, row 2 a note, row 3 the header (frozen, repeated when
printed, with an autofilter), data from row 4. The columns are the tables declared in ``reports.tables``
(rows from ``reports.table_rows``); ``reports.review`` finds columns by their headers, never by position.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from reports import tables
from reports.anchors import anchor
from reports.records import CountyScores
from reports.table_rows import ask_rows, detail_rows, evidence_rows, section_rows
from reports.xlsx_common import (
    BOLD,
    INPUT_FILL,
    NOTE,
    STATUS_FILLS,
    TITLE,
    TOTAL_FILL,
    fit_columns,
    fit_rows,
    header_row,
    put,
    put_formula,
    put_link,
    put_row,
)
from scheme.model import Rubric
from scorer.result import ReportResult

DETAIL, EVIDENCE, ASKS, SECTIONS = (t.title for t in (tables.DETAIL, tables.EVIDENCE, tables.ASKS, tables.SECTIONS))
HEADER_ROW = 3
INVALID_FILL = "FFC7CE"
FIRST_ROW = 4
SUBTOTAL, TOTAL = "小计", "合计"

# Headers of 评分明细 by their historic names (the declaration in ``reports.tables`` is the source).
(ID, POINTS, PROVENANCE, AUTO, STATUS, QUOTE, MISSING, REVIEWED, OPINION, FINAL, COUNTY,
 EVIDENCED) = (tables.DETAIL.column(key).header_zh for key in (
    "id", "points", "provenance", "auto", "status", "quote", "missing", "reviewed",
    "opinion", "final", "county", "evidenced"))
DETAIL_HEADERS = tuple(tables.DETAIL.headers)
COL = {name: n for n, name in enumerate(DETAIL_HEADERS, 1)}  # header -> column, derived from the declaration
_HEADER_KEYS = {c.header_zh: c.key for c in tables.DETAIL.columns}


@dataclass(frozen=True)
class DetailLayout:
    """Where 评分明细 put things, for the formulas of 总览."""

    first: int
    last: int
    subtotal: dict[tuple[str, str], int]
    total: dict[str, int]
    bonus: dict[str, int] = field(default_factory=dict)  # the 加分 row per report, under a rubric with 加分项


def letter(column: str) -> str:
    """Column letter of a 评分明细 column, by key (``reviewed``) or header (``核定得分``)."""
    return get_column_letter(tables.DETAIL.index(_HEADER_KEYS.get(column, column)))


def _title(ws: Worksheet, title: str, note: str) -> None:
    put(ws, 1, 1, title, font=TITLE, align=None)
    put(ws, 2, 1, note, font=NOTE, align=None)


def write_rows(ws: Worksheet, table: tables.Table, rows: Iterable[tables.Row], *,
               formulas: Mapping[str, Callable[[int], str]] | None = None) -> int:
    """Write a declared table from ``HEADER_ROW`` on; return the last data row.

    Editable columns get the input fill; ``formulas`` gives, by column key, the formula of a row (the
    workbook computes it instead of holding the row's value).
    """
    header_row(ws, HEADER_ROW, table.headers)
    formats = {n: c.number_format for n, c in enumerate(table.columns, 1) if c.number_format}
    editable = [(n, c) for n, c in enumerate(table.columns, 1) if c.editable]
    computed = [(table.index(key), make) for key, make in (formulas or {}).items()]
    row = FIRST_ROW
    for values in rows:
        put_row(ws, row, table.values(values), border=True, formats=formats)
        for col, column in editable:
            put(ws, row, col, values.get(column.key), fill=INPUT_FILL, border=True,
                number_format=column.number_format)
        for col, make in computed:
            put_formula(ws, row, col, make(row), border=True)
        row += 1
    return row - 1


def set_widths(ws: Worksheet, table: tables.Table) -> None:
    """Declared column widths, and widths fitted to the content for the others."""
    fit_columns(ws, HEADER_ROW, exact={n: c.width for n, c in enumerate(table.columns, 1) if c.width is not None})


def write_detail(ws: Worksheet, pairs: Sequence[tuple[CountyScores, ReportResult]], rubric: Rubric,
                 review: Mapping[tuple[str, str], tuple[float | None, str]],
                 links: Sequence[str | None] = ()) -> DetailLayout:
    """Fill 评分明细: one row per item and county, then formula subtotals per area and a total.

    ``links`` gives, per pair, the HTML evidence view beside the workbook: each 依据摘录 cell links to its item.
    """
    _title(ws, "评分明细（自动得分为建议分，核定得分由督学填写）",
           # one short line: a longer one would widen the printed page (LibreOffice prints text that overflows)
           f"“{REVIEWED}”填 0 至分值的数，留空按自动得分，填错的标红并按自动得分计；勿改“{ID}”“{COUNTY}”；"
           "折叠的列点上方“+”展开。")
    rows = (row for record, result in pairs for row in detail_rows(record.key, result, rubric, review))
    last = write_rows(ws, tables.DETAIL, rows, formulas={"final": final_formula, "review_valid": valid_formula})
    first = FIRST_ROW
    _link_quotes(ws, pairs, links)
    _validation_and_colours(ws, first, last)
    ws.freeze_panes = f"B{FIRST_ROW}"
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(tables.DETAIL.columns))}{last}"
    subtotal, total, bonus = _totals(ws, pairs, first, last, last + 2)
    set_widths(ws, tables.DETAIL)
    fit_rows(ws, HEADER_ROW)  # the header too: a long header in a narrow column (区县自评) wraps
    fold_unprinted(ws, tables.DETAIL, keep={"county"} if len(pairs) > 1 else set())
    return DetailLayout(first, last, subtotal, total, bonus)


def _link_quotes(ws: Worksheet, pairs: Sequence[tuple[CountyScores, ReportResult]],
                 links: Sequence[str | None]) -> None:
    """Link each 依据摘录 cell to its item in the county's HTML evidence view (rows as ``detail_rows`` wrote them)."""
    column, row = tables.DETAIL.index("quote"), FIRST_ROW
    for number, (_record, result) in enumerate(pairs):
        view = links[number] if number < len(links) else None
        for item in result.items:
            if view:
                put_link(ws, row, column, view, anchor(item.id), "在依据视图中查看 / open in the evidence view")
            row += 1


def _valid(r: int) -> str:
    """Formula (without ``=``): row ``r``'s 核定得分 is a number, or a number written as text, from 0 to 分值.

    ``reports.review`` accepts the same entries; anything else (``4分``, 5 where 分值 is 2, -1) counts as not
    reviewed: 采用得分 takes the automatic score and the cell is marked red.
    """
    k, p = f"{letter('reviewed')}{r}", f"{letter('points')}{r}"
    text = f"VALUE(TRIM({k}))"
    return f"IF(ISNUMBER({k}),AND({k}>=0,{k}<={p}),IFERROR(AND({text}>=0,{text}<={p}),FALSE))"


def final_formula(r: int) -> str:
    """采用得分 of row ``r``: the valid 核定得分, else the automatic score."""
    k = f"{letter('reviewed')}{r}"
    return f"=IF({_valid(r)},IF(ISNUMBER({k}),{k},VALUE(TRIM({k}))),{letter('auto')}{r})"


def valid_formula(r: int) -> str:
    """核定有效 of row ``r``: 1 when its 核定得分 counts, else 0."""
    return f"=IF({_valid(r)},1,0)"


def fold_unprinted(ws: Worksheet, table: tables.Table, keep: set[str]) -> None:
    """Fold the columns not printed into an outline group (hidden; the “+” above the sheet shows them)."""
    for n, column in enumerate(table.columns, 1):
        if not column.printed and column.key not in keep:
            dim = ws.column_dimensions[get_column_letter(n)]
            dim.outlineLevel = 1
            dim.hidden = True


def _validation_and_colours(ws: Worksheet, first: int, last: int) -> None:
    # The upper bound is the same row's 分值 cell (relative reference), so it still holds after sorting.
    points = f"{letter('points')}{first}"
    dv = DataValidation(type="decimal", operator="between", formula1="0", formula2=points, allow_blank=True,
                        showErrorMessage=True, showInputMessage=True, errorStyle="stop",
                        errorTitle="核定得分超出范围", promptTitle="核定得分",
                        error="请填写 0 至该项分值之间的数字（可含小数），或留空采用自动得分。Enter a number from 0 "
                              "to the item's points, or leave it empty.",
                        prompt="0 至分值，可含小数；留空＝采用自动得分")
    dv.add(f"{letter('reviewed')}{first}:{letter('reviewed')}{last}")
    ws.add_data_validation(dv)
    reviewed = f"{letter('reviewed')}{first}"
    ws.conditional_formatting.add(f"{reviewed}:{letter('reviewed')}{last}", FormulaRule(
        formula=[f"AND(LEN(TRIM({reviewed}))>0,NOT({_valid(first)}))"], stopIfTrue=False,
        fill=PatternFill("solid", bgColor=INVALID_FILL), font=Font(color="9C0006", b=True)))
    status = f"${letter('status')}{first}"
    target = f"{letter('id')}{first}:{letter('id')}{last} {letter('status')}{first}:{letter('status')}{last}"
    for label, colour in STATUS_FILLS.items():
        ws.conditional_formatting.add(target, FormulaRule(formula=[f'{status}="{label}"'], stopIfTrue=False,
                                                          fill=PatternFill("solid", bgColor=colour)))


def _totals(ws: Worksheet, pairs: Sequence[tuple[CountyScores, ReportResult]], first: int, last: int,
            row: int) -> tuple[dict[tuple[str, str], int], dict[str, int], dict[str, int]]:
    def span(name: str) -> str:
        return f"${letter(name)}${first}:${letter(name)}${last}"

    put(ws, row, 1, "小计与合计（公式：核定得分已填时取核定得分，否则取自动得分）", font=BOLD, align=None)
    row += 1
    subtotal: dict[tuple[str, str], int] = {}
    total: dict[str, int] = {}
    bonus: dict[str, int] = {}
    for record, _result in pairs:
        # Under a rubric with 加分项 the subtotals and the total leave them out; one 加分 row adds them, capped.
        base = f',{span("bonus")},"<>是"' if record.bonus_cap else ""
        for area_id, area_title, _points in record.areas:
            subtotal[(record.key, area_id)] = row
            _total_row(ws, row, SUBTOTAL, area_id, area_title, record.key,
                       f"{span('area')},${letter('area')}{row},{span('county')},${letter('county')}{row}{base}", span,
                       record.self_area(area_id))
            row += 1
        bonus_row = None
        if record.bonus_cap:
            bonus_row = bonus[record.key] = row
            _bonus_row(ws, row, record.key, record.bonus_cap, span)
            row += 1
        total[record.key] = row
        _total_row(ws, row, TOTAL, "", "全部领域", record.key, f"{span('county')},${letter('county')}{row}{base}", span,
                   record.self_total, plus_row=bonus_row)
        row += 1
    return subtotal, total, bonus


BONUS = "加分"


def _bonus_row(ws: Worksheet, row: int, key: str, cap: float, span) -> None:
    """The 加分 row: the bonus items' scores of one county, at most the rubric's cap (分值 shows the cap)."""
    for name, value in (("id", BONUS), ("area_title", f"加分项（上限 {cap:g} 分）"), ("county", key)):
        put(ws, row, tables.DETAIL.index(name), value, fill=TOTAL_FILL, border=True)
    criteria = f'{span("bonus")},"是",{span("county")},${letter("county")}{row}'
    put_formula(ws, row, tables.DETAIL.index("points"), f"={cap:g}", fill=TOTAL_FILL, border=True)
    for name in ("auto", "final"):
        put_formula(ws, row, tables.DETAIL.index(name), f"=MIN({cap:g},SUMIFS({span(name)},{criteria}))",
                    fill=TOTAL_FILL, border=True)


def _total_row(ws: Worksheet, row: int, label: str, area: str, title: str, key: str, criteria: str, span,
               own: float | None, plus_row: int | None = None) -> None:
    """A 小计 or 合计 row: formula sums of 分值/自动得分/采用得分, and the county's own score (``own``) beside them.

    Under a rubric with 加分项 the total's scores add the 加分 row (``plus_row``).
    """
    font = BOLD if label == TOTAL else None
    for name, value in (("id", label), ("area", area), ("area_title", title), ("county", key), ("self_score", own)):
        put(ws, row, tables.DETAIL.index(name), value, fill=TOTAL_FILL, border=True,
            number_format=tables.DETAIL.column(name).number_format, **({"font": font} if font else {}))
    for name in ("points", "auto", "final"):
        # 满分 stays the rubric's total; the scores add the 加分 row when there is one
        plus = f"+{letter(name)}{plus_row}" if plus_row is not None and name != "points" else ""
        put_formula(ws, row, tables.DETAIL.index(name), f"=SUMIFS({span(name)},{criteria}){plus}", fill=TOTAL_FILL,
                    border=True, **({"font": font} if font else {}))


def write_evidence(ws: Worksheet, pairs: Sequence[tuple[CountyScores, ReportResult]], texts: Mapping[str, str]) -> None:
    """Fill 证据: every figure and sentence a check gathered, with its location in the report."""
    _title(ws, "证据：自动评分找到的数据和表述（位置指原报告文本）",
           "“数值”为空的是文字表述；“疑似损坏”为“是”的数字疑似复制时丢失标点，不作为有效证据。")
    rows = (row for record, result in pairs
            for row in evidence_rows(record.key, result, texts.get(result.source.sha256)))
    _finish(ws, tables.EVIDENCE, write_rows(ws, tables.EVIDENCE, rows))


def write_asks(ws: Worksheet, pairs: Sequence[tuple[CountyScores, ReportResult]], rubric: Rubric) -> None:
    """Fill 待补材料: the list of materials to ask each county for."""
    _title(ws, "待补材料（发回区县补充的清单）",
           "自动评分未找到或未通过的要求；督学核实后可删去不需要的行。")
    rows = (row for record, result in pairs for row in ask_rows(record.key, result, rubric))
    _finish(ws, tables.ASKS, write_rows(ws, tables.ASKS, rows))


def write_sections(ws: Worksheet, pairs: Sequence[tuple[CountyScores, ReportResult]],
                   texts: Mapping[str, str]) -> None:
    """Fill 原文分段: the heading tree with each section's own text, area and items."""
    missing_text = any(result.source.sha256 not in texts for _record, result in pairs)
    note = "“正文”为该段自身文字（不含下级段落）。"
    if missing_text:
        note += "部分报告的原文未随结果提供，“正文”为空：用 lvzhi score 直接从报告生成评分表即可包含原文。"
    _title(ws, "原文分段：报告的标题结构及各段对应的领域和要点", note)
    rows = (row for record, result in pairs
            for row in section_rows(record.key, result, texts.get(result.source.sha256)))
    _finish(ws, tables.SECTIONS, write_rows(ws, tables.SECTIONS, rows))


def _finish(ws: Worksheet, table: tables.Table, last: int) -> None:
    ws.freeze_panes = f"A{FIRST_ROW}"
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(table.columns))}{max(last, HEADER_ROW)}"
    set_widths(ws, table)
    fit_rows(ws, HEADER_ROW)  # the header too: a long header in a narrow column (区县自评) wraps
