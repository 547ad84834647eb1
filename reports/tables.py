"""The tables every view shows, declared once as data: columns with their headers, widths and formats.

A ``Table`` is a tuple of ``Column`` values; its rows are dicts keyed by column key, made by the row
builders of ``reports.table_rows`` from the typed result. The Excel writer, the CSV writers, the text
tables and an HTML writer render the same declarations; ``reports.review`` finds columns by key and
header, never by position. Adding a column is one ``Column`` here plus its value in the row builder.

Nothing here is Excel-specific but ``number_format`` (an Excel number format; other writers may map
``0.00`` to two decimals): ``width`` is in characters (a Chinese character counts 2), ``wrap`` says the
text may run over several lines, ``editable`` marks what an inspector fills in, ``printed`` what the
printed page keeps.

Example:
    >>> DETAIL.column("reviewed").header_zh
    '核定得分'
    >>> DETAIL.values({"id": "A1"})[:2]
    ['A1', None]
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from reports.neutral import csv_row

__all__ = ["ASKS", "COMPARE_LEAD", "COMPARE_SUMMARY", "COMPARE_TRAIL", "DETAIL", "EVIDENCE", "REVIEW_SUMMARY",
           "SECTIONS", "TABLES", "Column", "Row", "Table", "area_key", "comparison_areas_table", "comparison_printed",
           "comparison_table",
           "csv_text", "item_key", "overview_areas"]

Row = Mapping[str, Any]


@dataclass(frozen=True)
class Column:
    """One column of a table.

    Attributes:
        key: Stable identifier (what row dicts, read-back and stored layouts use).
        header_zh: The header shown to inspectors (also how ``review`` finds the column).
        header_en: The header in English.
        width: Width in characters (a Chinese character counts 2), or ``None`` to fit the content.
        number_format: Excel number format of the values (``0.00``), or ``None``.
        wrap: Text may wrap onto several lines.
        editable: An inspector fills it in (核定得分, 督导意见).
        printed: Kept on the printed page.
    """

    key: str
    header_zh: str
    header_en: str
    width: float | None = None
    number_format: str | None = None
    wrap: bool = True
    editable: bool = False
    printed: bool = True


@dataclass(frozen=True)
class Table:
    """A table: its key, sheet title, and columns in display order."""

    key: str
    title: str
    columns: tuple[Column, ...]

    def __post_init__(self) -> None:
        """Refuse repeated keys or headers (read-back goes by both)."""
        for attr in ("key", "header_zh"):
            names = [getattr(c, attr) for c in self.columns]
            if len(set(names)) != len(names):
                raise ValueError(f"table {self.key}: repeated column {attr} in {names}")

    @property
    def headers(self) -> list[str]:
        """Chinese headers in order."""
        return [c.header_zh for c in self.columns]

    def column(self, key: str) -> Column:
        """The column with this key (``KeyError`` when there is none)."""
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(f"table {self.key} has no column {key!r}")

    def index(self, key: str) -> int:
        """1-based position of a column in this declaration (for writers placing cells)."""
        return next(n for n, c in enumerate(self.columns, 1) if c.key == key)

    def values(self, row: Row) -> list[Any]:
        """A row's values in column order (a key the row lacks gives ``None``)."""
        return [row.get(c.key) for c in self.columns]

    def without(self, *keys: str) -> Table:
        """A copy without the columns of these keys."""
        return Table(self.key, self.title, tuple(c for c in self.columns if c.key not in keys))

    def printing(self, keys: Iterable[str]) -> Table:
        """A copy with the columns of ``keys`` first, in that order, and every other column after them unprinted.

        A sheet prints its leading printed columns (its print area); the others stay on screen.
        """
        keys = list(keys)
        first = [self.column(k) for k in keys]
        rest = [replace(c, printed=False) for c in self.columns if c.key not in keys]
        return Table(self.key, self.title, (*first, *rest))

    def with_columns(self, extra: Iterable[Column], *, before: str | None = None) -> Table:
        """A copy with ``extra`` columns inserted before column ``before`` (appended when ``None``)."""
        columns = list(self.columns)
        at = self.index(before) - 1 if before is not None else len(columns)
        return Table(self.key, self.title, (*columns[:at], *extra, *columns[at:]))


def _money(key: str, zh: str, en: str, width: float | None = 12, **kw: Any) -> Column:
    return Column(key, zh, en, width, "0.00", **kw)


# The printed columns of 评分明细 add up to about 136 characters: A4 landscape, fitted to the page width, then
# prints at 9 pt or more even where a character is as wide as in LibreOffice's Noto Sans CJK (measured by
# tests/reports/test_libreoffice.py). The area letter is the id's first letter, so 领域 is not printed.
DETAIL = Table("detail", "评分明细", (
    Column("id", "编号", "ID", 6),
    Column("area", "领域", "Area", 6, printed=False),
    Column("area_title", "评价重点", "Area title", 7),
    Column("item", "评价要点", "Item", 22),
    _money("points", "分值", "Points", 6),
    Column("provenance", "细则来源", "Rubric source", 12, printed=False),
    _money("auto", "自动得分", "Automatic score", 7),
    Column("status", "状态", "Status", 8),
    Column("quote", "依据摘录", "Evidence quoted", 28),
    Column("missing", "缺失证据/待补材料", "Missing evidence / to ask for", 19),  # 22 before 区县自评 took 6
    _money("reviewed", "核定得分", "Reviewed score", 7, editable=True),
    Column("opinion", "督导意见", "Inspector's opinion", 13, editable=True),
    _money("final", "采用得分", "Score used", 7),
    Column("county", "区县", "County", printed=False),
    # scorer.substance: talked about / concrete support found; last, so the columns above keep their letters
    Column("described", "已描述", "Described", 10, printed=False),
    Column("evidenced", "有实据", "Evidenced", 10, printed=False),
    # 1 when 核定得分 is a number from 0 to 分值 (what 采用得分 takes), else 0; 总览 counts these
    Column("review_valid", "核定有效", "Valid review", 10, "0", printed=False),
    # scorer.self_score: the county's own score on the 小计/合计 rows (empty on item rows). Last, so the columns
    # above keep their letters; the folded columns before it leave it beside 采用得分 on screen and on paper.
    _money("self_score", "区县自评", "County's self-score", 6),
    # 是 on a 加分项: subtotals and the total leave it out and add the bonus items up to the rubric's cap
    Column("bonus", "加分项", "Bonus item", 8, printed=False),
))

EVIDENCE = Table("evidence", "证据", (
    Column("county", "区县", "County"),
    Column("id", "编号", "Item"),
    Column("requirement", "要求", "Requirement"),
    Column("label", "指标/关键词", "Indicator / term", 26),
    Column("value", "数值", "Value"),
    Column("unit", "单位", "Unit"),
    Column("change", "变化", "Change"),
    Column("result", "检查结果", "Check result"),
    Column("damaged", "疑似损坏", "Damaged"),
    Column("section", "所在段落", "Section", 32),
    Column("line", "行号", "Line"),
    Column("offsets", "字符位置", "Characters"),
    Column("text", "原文", "Text", 60),
))

ASKS = Table("asks", "待补材料", (
    Column("number", "序号", "No."),
    Column("county", "区县", "County"),
    Column("id", "编号", "Item"),
    Column("item", "评价要点", "Item title", 26),
    Column("requirement", "要求", "Requirement", 32),
    Column("result", "检查结果", "Check result"),
    Column("why", "原因", "Reason", 32),
    Column("ask", "待补材料", "To ask for", 60),
))

SECTIONS = Table("sections", "原文分段", (
    Column("county", "区县", "County"),
    Column("section", "段落编号", "Section"),
    Column("level", "层级", "Level"),
    Column("path", "标题路径", "Heading path", 42),
    Column("area", "领域", "Area"),
    Column("confidence", "领域置信度", "Area confidence", None, "0.00"),
    Column("items", "对应要点", "Items"),
    Column("reason", "判断依据", "Why", 32),
    Column("body", "正文", "Text", 60),
    Column("offsets", "字符位置", "Characters"),
))

# ``lvzhi review``: one row per county of every workbook read back.
REVIEW_SUMMARY = Table("review", "核定结果", (
    Column("county", "区县", "County"),
    Column("year", "年度", "Year"),
    Column("auto_total", "自动总分", "Automatic total"),
    Column("total", "核定后总分", "Reviewed total"),
    Column("max_total", "满分", "Maximum"),
    Column("auto_grade", "自动等次", "Automatic grade"),
    Column("grade", "核定后等次", "Reviewed grade"),
    Column("reviewed_items", "已核定要点", "Items reviewed"),
    Column("problems", "问题数", "Problems"),
    Column("workbook", "评分表", "Workbook"),
    # each 督导意见 as a line ``编号：意见``; the CSV is the only file that carries them (not the screen table)
    Column("opinions", "督导意见", "Opinions", printed=False),
))

# ``lvzhi compare``: one row per report; an area column and an item column each are added per comparison
# (``comparison_table``) between the leading and the trailing columns.
COMPARE_LEAD = (
    Column("rank", "排名", "Rank"),
    Column("county", "区县", "County"),
    Column("year", "年度", "Year"),
    Column("grade", "等次", "Grade"),
    Column("total", "总分", "Total", None, "0.00"),
    Column("self_total", "区县自评", "County's self-score", None, "0.00"),
    Column("overrated", "自评偏高", "Self-score too high"),
    Column("max_total", "满分", "Maximum", None, "0.00"),
    Column("reviewed_items", "已核定要点", "Items reviewed"),
    Column("asks", "待补材料（条）", "Requests"),
    Column("missing_items", "缺少证据要点", "Items without evidence"),
)
COMPARE_TRAIL = (
    Column("reviewed_ids", "已核定要点编号", "Items reviewed (ids)"),
    Column("scheme", "评分方案", "Scheme"),
    Column("source", "来源文件", "Source file"),
    Column("origin", "来源类型", "Source type"),
)


def area_key(area: str) -> str:
    """Column key of an area's subtotal in the comparison."""
    return f"area:{area}"


def item_key(item: str) -> str:
    """Column key of an item's score in the comparison."""
    return f"item:{item}"


def comparison_table(areas: Iterable[tuple[str, str]], items: Iterable[str]) -> Table:
    """The comparison's columns for these (area id, title) pairs and item ids."""
    return Table("compare", "对比", (
        *COMPARE_LEAD,
        *(Column(area_key(a), f"{a} {t}", f"Area {a}", None, "0.00") for a, t in areas),
        # 5 characters hold an item's score (0.00 to 6.00): 区县 and 47 items print on one A3 width at 7 pt
        *(Column(item_key(i), i, f"Item {i}", 5, "0.00") for i in items),
        *COMPARE_TRAIL))


def comparison_areas_table(areas: Iterable[tuple[str, str]], *, self_score: bool) -> Table:
    """领域对比: one row per report with its total, grade and area subtotals (区县自评 when any report has one).

    The widths add up to about 34 characters plus 8 per area: with the twelve areas of the shipped rubrics,
    A4 landscape fitted to the page width prints at 9 pt or more (tests/reports/test_compare_print.py); an
    area's title wraps in its header.
    """
    return Table("compare_areas", "领域对比", (
        Column("county", "区县", "County", 14),
        Column("total", "总分", "Total", 7, "0.00"),
        Column("grade", "等次", "Grade", 6),
        *(Column(area_key(a), f"{a} {t}", f"Area {a}", 8, "0.00") for a, t in areas),
        *((Column("self_total", "区县自评", "County's self-score", 7, "0.00"),) if self_score else ())))


def year_key(year: int) -> str:
    """Column key of one year's values in 同比."""
    return f"year:{year}"


def year_over_year_table(years: Iterable[int]) -> Table:
    """同比: one county's totals, areas and key figures by year, the change, and which figures lvzhi computed."""
    return Table("year_over_year", "同比", (
        Column("county", "区县", "County"),
        Column("label", "项目", "Item"),
        Column("unit", "单位", "Unit"),
        *(Column(year_key(y), f"{y}年", f"{y}") for y in years),
        Column("change", "变化", "Change"),
        # a figure the report does not state but lvzhi computed from a table (Figure.derived)
        Column("derived", "数据说明", "Computed figures"),
    ))


def comparison_printed(items: Iterable[str]) -> tuple[str, ...]:
    """The keys 对比 prints (区县 and every item's score, on A3); its other columns are on screen and in 领域对比."""
    return ("county", *(item_key(i) for i in items))


# The summary ``lvzhi compare`` prints (the same row dicts as the comparison).
COMPARE_SUMMARY = Table("compare_summary", "对比摘要", (
    Column("rank", "排名", "Rank"),
    Column("county", "区县", "County"),
    Column("year", "年度", "Year"),
    Column("total", "总分", "Total"),
    Column("self_total", "区县自评", "Self-score"),
    Column("overrated", "自评偏高", "Too high"),
    Column("grade", "等次", "Grade"),
    Column("reviewed_items", "已核定", "Reviewed"),
    Column("asks", "待补材料", "Requests"),
    Column("source", "来源", "Source"),
))

def overview_areas(keys: Iterable[str]) -> Table:
    """总览's area table: the area, its points and source, then the automatic and the used subtotal per report.

    With one report the score headers are plain (自动得分, 采用得分); with several each names its report.
    """
    keys = list(keys)
    many = len(keys) > 1

    def named(header: str, key: str) -> str:
        return f"{header}（{key}）" if many else header

    scores = [column for key in keys for column in (
        Column(f"auto:{key}", named("自动得分", key), f"Automatic ({key})", None, "0.00"),
        Column(f"final:{key}", named("采用得分", key), f"Score used ({key})", None, "0.00"))]
    return Table("overview_areas", "各领域得分", (
        Column("area", "领域", "Area"),
        Column("title", "评价重点", "Area title"),
        Column("points", "分值", "Points", None, "0.00"),
        Column("provenance", "细则来源", "Rubric source"),
        *scores))


TABLES = {table.key: table for table in (DETAIL, EVIDENCE, ASKS, SECTIONS, REVIEW_SUMMARY, COMPARE_SUMMARY)}

def csv_text(table: Table, rows: Iterable[Row]) -> str:
    """A table as CSV text with its Chinese headers (UTF-8 with BOM when written, for Excel and WPS).

    Every field, headers included, goes through ``reports.neutral.csv_row``: text a spreadsheet would run
    as a formula is made inert.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(csv_row(table.headers))
    writer.writerows(csv_row(table.values(row)) for row in rows)
    return buffer.getvalue()
