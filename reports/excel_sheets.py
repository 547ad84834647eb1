"""The detail sheets of the scored workbook: 评分明细, 证据, 待补材料 and 原文分段.

Layout shared by every sheet: row 1 title, row 2 a note, row 3 the header (frozen, repeated when
printed, with an autofilter), data from row 4. ``reports.review`` finds columns by these header
names, never by position, so the names below are part of the workbook format.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from reports.records import PROVENANCE_ZH, CountyScores
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
    put_row,
)
from scheme.model import Rubric
from scorer.result import FAIL, MET, PASS, REVIEW, ReportResult

DETAIL = "评分明细"
EVIDENCE = "证据"
ASKS = "待补材料"
SECTIONS = "原文分段"
HEADER_ROW = 3
FIRST_ROW = 4
SUBTOTAL, TOTAL = "小计", "合计"

# Column names of 评分明细 (the read-back keys), in order.
ID, AREA, AREA_TITLE, ITEM, POINTS, PROVENANCE = "编号", "领域", "评价重点", "评价要点", "分值", "细则来源"
AUTO, STATUS, QUOTE, MISSING = "自动得分", "状态", "依据摘录", "缺失证据/待补材料"
DESCRIBED, EVIDENCED = "已描述", "有实据"  # scorer.substance: talked about / concrete support found
REVIEWED, OPINION, FINAL, COUNTY = "核定得分", "督导意见", "采用得分", "区县"
# 已描述/有实据 come last so that the columns inspectors and formulas know keep their letters.
DETAIL_HEADERS = (ID, AREA, AREA_TITLE, ITEM, POINTS, PROVENANCE, AUTO, STATUS, QUOTE, MISSING, REVIEWED, OPINION,
                  FINAL, COUNTY, DESCRIBED, EVIDENCED)
COL = {name: n for n, name in enumerate(DETAIL_HEADERS, 1)}
_DETAIL_FORMATS = {COL[POINTS]: "0.00", COL[AUTO]: "0.00"}
MAX_QUOTES = 3


@dataclass(frozen=True)
class DetailLayout:
    """Where 评分明细 put things, for the formulas of 总览."""

    first: int
    last: int
    subtotal: dict[tuple[str, str], int]
    total: dict[str, int]


def letter(name: str) -> str:
    """Column letter of a 评分明细 column."""
    return get_column_letter(COL[name])


def _title(ws: Worksheet, title: str, note: str) -> None:
    put(ws, 1, 1, title, font=TITLE, align=None)
    put(ws, 2, 1, note, font=NOTE, align=None)


def _quotes(item, paths: Mapping[str, str]) -> str:
    seen: list[str] = []
    for ev in item.evidence:
        if ev.result not in {PASS, FAIL, REVIEW}:
            continue
        quote = f"【{paths.get(ev.section, ev.section)}】{ev.text.strip()}"
        if quote not in seen:
            seen.append(quote)
    text = "\n".join(seen[:MAX_QUOTES])
    if len(seen) > MAX_QUOTES:
        text += f"\n……另有 {len(seen) - MAX_QUOTES} 条，见“{EVIDENCE}”表"
    return text


def _yes(flag: bool) -> str:
    return "是" if flag else "否"


def _missing(item) -> str:
    lines = [reason.zh for reason in item.reasons] if item.status != MET else []
    asks = [m.ask for m in item.missing]
    if asks:
        lines.append("请补充：" + "；".join(asks))
    return "\n".join(lines)


def write_detail(ws: Worksheet, pairs: Sequence[tuple[CountyScores, ReportResult]], rubric: Rubric,
                 review: Mapping[tuple[str, str], tuple[float | None, str]]) -> DetailLayout:
    """Fill 评分明细: one row per item and county, then formula subtotals per area and a total."""
    _title(ws, "评分明细（自动得分为建议分，核定得分由督学填写）",
           f"填写说明：在“{REVIEWED}”列填 0 至该项分值之间的数（可含小数），留空即采用自动得分；“{OPINION}”可填文字。"
           f"可排序、筛选、加列，但请勿修改“{ID}”和“{COUNTY}”列。下方小计、合计为公式，会随核定得分自动重算。")
    header_row(ws, HEADER_ROW, DETAIL_HEADERS)
    row = FIRST_ROW
    for record, result in pairs:
        paths = result.section_paths
        for item in result.items:
            rubric_item = rubric.get(item.id)
            area = rubric.get(item.area)
            description = rubric_item.description if rubric_item is not None else ""
            # ID … MISSING: the first ten columns, in DETAIL_HEADERS order
            values = (item.id, item.area, area.title if area is not None else item.area,
                      f"{item.title}\n{description}".strip(), item.max_score,
                      PROVENANCE_ZH.get(item.provenance, item.provenance), item.score, item.status.zh,
                      _quotes(item, paths), _missing(item))
            put_row(ws, row, values, first_col=COL[ID], border=True, formats=_DETAIL_FORMATS)
            put_row(ws, row, (_yes(item.described), _yes(item.evidenced)), first_col=COL[DESCRIBED], border=True)
            put(ws, row, COL[COUNTY], record.key, border=True)
            score, opinion = review.get((record.key, item.id), (None, ""))
            put(ws, row, COL[REVIEWED], score, fill=INPUT_FILL, border=True, number_format="0.00")
            put(ws, row, COL[OPINION], opinion or None, fill=INPUT_FILL, border=True)
            put_formula(ws, row, COL[FINAL],
                        f'=IF({letter(REVIEWED)}{row}="",{letter(AUTO)}{row},{letter(REVIEWED)}{row})', border=True)
            row += 1
    first, last = FIRST_ROW, row - 1
    _validation_and_colours(ws, first, last)
    ws.freeze_panes = f"B{FIRST_ROW}"
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(DETAIL_HEADERS))}{last}"
    subtotal, total = _totals(ws, pairs, first, last, row + 1)
    fit_columns(ws, HEADER_ROW, fixed={COL[ID]: 8, COL[AREA]: 6, COL[ITEM]: 30, COL[QUOTE]: 50, COL[MISSING]: 30,
                                        COL[OPINION]: 24, COL[AREA_TITLE]: 16, COL[POINTS]: 8, COL[AUTO]: 10,
                                        COL[REVIEWED]: 10, COL[FINAL]: 10, COL[PROVENANCE]: 10, COL[STATUS]: 10,
                                        COL[DESCRIBED]: 8, COL[EVIDENCED]: 8})
    fit_rows(ws, FIRST_ROW)
    return DetailLayout(first, last, subtotal, total)


def _validation_and_colours(ws: Worksheet, first: int, last: int) -> None:
    # The upper bound is the same row's 分值 cell (relative reference), so it still holds after sorting.
    points = f"{letter(POINTS)}{first}"
    dv = DataValidation(type="decimal", operator="between", formula1="0", formula2=points, allow_blank=True,
                        showErrorMessage=True, showInputMessage=True, errorStyle="stop",
                        errorTitle="核定得分超出范围", promptTitle="核定得分",
                        error="请填写 0 至该项分值之间的数字（可含小数），或留空采用自动得分。Enter a number from 0 "
                              "to the item's points, or leave it empty.",
                        prompt="0 至分值，可含小数；留空＝采用自动得分")
    dv.add(f"{letter(REVIEWED)}{first}:{letter(REVIEWED)}{last}")
    ws.add_data_validation(dv)
    status = f"${letter(STATUS)}{first}"
    target = f"{letter(ID)}{first}:{letter(ID)}{last} {letter(STATUS)}{first}:{letter(STATUS)}{last}"
    for label, colour in STATUS_FILLS.items():
        ws.conditional_formatting.add(target, FormulaRule(formula=[f'{status}="{label}"'], stopIfTrue=False,
                                                          fill=PatternFill("solid", bgColor=colour)))


def _totals(ws: Worksheet, pairs: Sequence[tuple[CountyScores, ReportResult]], first: int, last: int,
            row: int) -> tuple[dict[tuple[str, str], int], dict[str, int]]:
    def span(name: str) -> str:
        return f"${letter(name)}${first}:${letter(name)}${last}"

    put(ws, row, 1, "小计与合计（公式：核定得分已填时取核定得分，否则取自动得分）", font=BOLD, align=None)
    row += 1
    subtotal: dict[tuple[str, str], int] = {}
    total: dict[str, int] = {}
    for record, _result in pairs:
        for area_id, area_title, _points in record.areas:
            subtotal[(record.key, area_id)] = row
            _total_row(ws, row, SUBTOTAL, area_id, area_title, record.key,
                       f"{span(AREA)},${letter(AREA)}{row},{span(COUNTY)},${letter(COUNTY)}{row}", span)
            row += 1
        total[record.key] = row
        _total_row(ws, row, TOTAL, "", "全部领域", record.key, f"{span(COUNTY)},${letter(COUNTY)}{row}", span)
        row += 1
    return subtotal, total


def _total_row(ws: Worksheet, row: int, label: str, area: str, title: str, key: str, criteria: str, span) -> None:
    font = BOLD if label == TOTAL else None
    for name, value in ((ID, label), (AREA, area), (AREA_TITLE, title), (COUNTY, key)):
        put(ws, row, COL[name], value, fill=TOTAL_FILL, border=True, **({"font": font} if font else {}))
    for name in (POINTS, AUTO, FINAL):
        put_formula(ws, row, COL[name], f"=SUMIFS({span(name)},{criteria})", fill=TOTAL_FILL, border=True,
                    **({"font": font} if font else {}))


def write_evidence(ws: Worksheet, pairs: Sequence[tuple[CountyScores, ReportResult]], texts: Mapping[str, str]) -> None:
    """Fill 证据: every figure and sentence a check gathered, with its location in the report."""
    headers = (COUNTY, ID, "要求", "指标/关键词", "数值", "单位", "变化", "检查结果", "疑似损坏", "所在段落", "行号",
               "字符位置", "原文")
    _title(ws, "证据：自动评分找到的数据和表述（位置指原报告文本）",
           "“数值”为空的是文字表述；“疑似损坏”为“是”的数字疑似复制时丢失标点，不作为有效证据。")
    header_row(ws, HEADER_ROW, headers)
    row = FIRST_ROW
    change_zh = {"increase": "增加", "decrease": "减少"}
    for record, result in pairs:
        paths = result.section_paths
        text = texts.get(result.source.sha256)
        for item in result.items:
            for req in item.requirements:
                for ev in req.evidence:
                    line = text.count("\n", 0, ev.start) + 1 if text is not None else None
                    values = (record.key, item.id, req.id, ev.label, ev.value, ev.unit,
                              change_zh.get(ev.change or "", ""), ev.result.zh,
                              "是" if ev.damaged else "", paths.get(ev.section, ev.section), line,
                              f"{ev.start}–{ev.end}", ev.text)
                    put_row(ws, row, values, border=True)
                    row += 1
    _finish(ws, len(headers), row - 1, fixed={13: 70, 10: 30, 4: 24})


def write_asks(ws: Worksheet, pairs: Sequence[tuple[CountyScores, ReportResult]], rubric: Rubric) -> None:
    """Fill 待补材料: the list of materials to ask each county for."""
    headers = ("序号", COUNTY, ID, ITEM, "要求", "检查结果", "原因", ASKS)
    _title(ws, "待补材料（发回区县补充的清单）",
           "自动评分未找到或未通过的要求；督学核实后可删去不需要的行。")
    header_row(ws, HEADER_ROW, headers)
    row = FIRST_ROW
    for record, result in pairs:
        number = 0
        for item in result.items:
            for req in item.requirements:
                if not req.ask:
                    continue
                number += 1
                requirement = rubric.get(req.id)
                why = "；".join(reason.zh for reason in req.reasons) or req.result.zh
                values = (number, record.key, item.id, item.title,
                          requirement.title if requirement is not None else req.id,
                          req.result.zh, why, req.ask)
                put_row(ws, row, values, border=True)
                row += 1
    _finish(ws, len(headers), row - 1, fixed={8: 60, 7: 30, 5: 30, 4: 24})


_SECTION_FORMATS = {6: "0.00"}  # 领域置信度


def write_sections(ws: Worksheet, pairs: Sequence[tuple[CountyScores, ReportResult]],
                   texts: Mapping[str, str]) -> None:
    """Fill 原文分段: the heading tree with each section's own text, area and items."""
    headers = (COUNTY, "段落编号", "层级", "标题路径", "领域", "领域置信度", "对应要点", "判断依据", "正文", "字符位置")
    missing_text = any(result.source.sha256 not in texts for _record, result in pairs)
    note = "“正文”为该段自身文字（不含下级段落）。"
    if missing_text:
        note += "部分报告的原文未随结果提供，“正文”为空：用 lvzhi score 直接从报告生成评分表即可包含原文。"
    _title(ws, "原文分段：报告的标题结构及各段对应的领域和要点", note)
    header_row(ws, HEADER_ROW, headers)
    row = FIRST_ROW
    for record, result in pairs:
        text = texts.get(result.source.sha256)
        sections = list(result.sections)
        for n, sec in enumerate(sections):
            own_end = sec.end
            nxt = sections[n + 1] if n + 1 < len(sections) else None
            if nxt is not None and sec.start <= nxt.start < sec.end:
                own_end = nxt.start  # a pre-order walk: the next nested section is the first child
            body = text[sec.start:own_end].strip() if text is not None else None
            values = (record.key, sec.id, sec.level, sec.path, sec.area or "",
                      sec.confidence, "、".join(sec.items), sec.reason, body,
                      f"{sec.start}–{sec.end}")
            put_row(ws, row, values, border=True, formats=_SECTION_FORMATS)
            row += 1
    _finish(ws, len(headers), row - 1, fixed={9: 80, 4: 40, 8: 30})


def _finish(ws: Worksheet, ncols: int, last: int, fixed: dict[int, int]) -> None:
    ws.freeze_panes = f"A{FIRST_ROW}"
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(ncols)}{max(last, HEADER_ROW)}"
    fit_columns(ws, HEADER_ROW, fixed=fixed)
    fit_rows(ws, FIRST_ROW)
