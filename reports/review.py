"""Read an inspector's reviewed workbook back, and carry a review over to a re-scored workbook.

Rows are found by item ID (and 区县) and columns by header name, never by position, so inspectors
may sort, filter, widen columns and add their own columns or note rows. Every invalid entry is
listed with its sheet and row and the others still count (pandera's lazy collection). The file is
opened read-only and never saved: openpyxl would drop Excel's extensions (ecosystem.md).
"""

from __future__ import annotations

import json
import math
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any
from zipfile import BadZipFile

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from reports import excel_sheets as sheets
from reports import tables
from reports.excel import META_SHEET, WORKBOOK_FORMAT, workbook_records
from reports.records import ITEM_ID, CountyScores
from reports.review_types import (  # re-exported: imported from reports.review throughout
    Orphan,
    ReviewEntry,
    ReviewError,
    ReviewProblem,
    ReviewResult,
)
from scheme.model import Rubric
from scorer.errors import ReadError
from scorer.limit_checks import check_zip_container
from scorer.result import ReportResult

__all__ = ["Orphan", "ReviewEntry", "ReviewError", "ReviewProblem", "ReviewResult", "merge_review", "read_review",
           "review_map", "workbook_meta"]

HEADER_SCAN_ROWS = 20


def _norm(value: Any) -> str:
    return "".join(unicodedata.normalize("NFKC", str(value)).split()) if value is not None else ""


# The 评分明细 columns read back, by key; their headers come from the workbook's own record of its layout
# (format 2), else from the declaration (format 1 wrote the same headers).
READ_KEYS = ("id", "reviewed", "opinion", "county")


def detail_headers(meta: Mapping[str, Any] | None = None) -> dict[str, str]:
    """Header of each read-back column by key: as the workbook recorded them, else as declared."""
    recorded = ((meta or {}).get("columns") or {}).get(tables.DETAIL.key) or {}
    return {key: recorded.get(key) or tables.DETAIL.column(key).header_zh for key in READ_KEYS}


def _find_columns(rows: list[tuple[Any, ...]], path: str, headers: Mapping[str, str] | None = None,
                  ) -> tuple[int, dict[str, int]]:
    """(header row number, column index by key), the header row being the first with 编号 and 核定得分."""
    headers = headers or detail_headers()
    for number, row in enumerate(rows[:HEADER_SCAN_ROWS], 1):
        found: dict[str, int] = {}
        for col, value in enumerate(row):
            text = _norm(value)
            for key, name in headers.items():
                if key not in found and (text == name or text.startswith((f"{name}(", f"{name}（"))):
                    found[key] = col
        if "id" in found and "reviewed" in found:
            return number, found
    raise ReviewError(f"{path}：“{sheets.DETAIL}”表中找不到“{sheets.ID}”和“{sheets.REVIEWED}”列标题，无法读回。"
                      f"请恢复这两列的标题（可移动位置，不要改名）。\n{path}: sheet {sheets.DETAIL} has no "
                      f"{sheets.ID}/{sheets.REVIEWED} header; restore the column titles (they may move, not be "
                      "renamed).")


def _detail_sheet(wb, path: str, headers: Mapping[str, str]) -> str:
    """The 评分明细 sheet, or the sheet an inspector renamed it to (found by its 编号/核定得分 headers)."""
    if sheets.DETAIL in wb.sheetnames:
        return sheets.DETAIL
    for name in wb.sheetnames:
        if name == META_SHEET:
            continue
        ws = wb[name]
        ws.reset_dimensions()
        head = list(ws.iter_rows(max_row=HEADER_SCAN_ROWS, values_only=True))
        try:
            _find_columns(head, path, headers)
        except ReviewError:
            continue
        return name
    raise ReviewError(f"{path} 中找不到“{sheets.DETAIL}”表（也没有含“{sheets.ID}”“{sheets.REVIEWED}”列标题的表）。"
                      f"请用 lvzhi score 生成的评分表，或恢复该表。\n{path}: no {sheets.DETAIL} sheet (nor any sheet "
                      f"with {sheets.ID}/{sheets.REVIEWED} headers).")


def _load_meta(wb, path: str) -> dict[str, Any]:
    if META_SHEET not in wb.sheetnames:
        raise ReviewError(f"{path} 不是 lvzhi 生成的评分表（缺少“{sheets.DETAIL}”表或隐藏的 {META_SHEET} 表）。请用 "
                          f"lvzhi score 生成的 .xlsx。\n{path} is not an lvzhi workbook (no {sheets.DETAIL} or hidden "
                          f"{META_SHEET} sheet); use a workbook written by lvzhi score.")
    cells = [row[0] for row in wb[META_SHEET].iter_rows(values_only=True) if row and row[0] is not None]
    try:
        data = json.loads("".join(str(c) for c in cells[1:])) if cells and cells[0] == WORKBOOK_FORMAT else None
    except ValueError as bad:
        data, why = None, str(bad)
    else:
        why = f"first cell is {cells[0]!r}" if cells else "empty"
    if not isinstance(data, dict) or data.get("format") != WORKBOOK_FORMAT:
        raise ReviewError(f"{path}：隐藏的 {META_SHEET} 表已损坏，无法读回；请用 lvzhi score "
                          f"重新生成并把核定得分抄过去。\n{path}: the hidden {META_SHEET} sheet is damaged ({why}); "
                          "re-create the workbook.")
    return data


def workbook_meta(path: str | Path) -> dict[str, Any]:
    """What the hidden sheet of a workbook lvzhi wrote records (scheme, reports and their sources' SHA-256), alone."""
    wb = load_workbook(path, read_only=True)
    try:
        return _load_meta(wb, str(path))
    finally:
        wb.close()


def _score(raw: Any, cached: Any) -> tuple[float | None, str | None]:
    """Parse a 核定得分 cell: (value, None) or (None, problem code)."""
    if isinstance(raw, str) and raw.startswith("="):
        if cached is None:
            return None, "formula_without_value"
        raw = cached
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, None
    if isinstance(raw, bool):
        return None, "not_a_number"
    if isinstance(raw, int | float):
        value = float(raw)
    else:
        try:
            value = float(unicodedata.normalize("NFKC", str(raw)).strip())
        except ValueError:
            return None, "not_a_number"
    return (value, None) if math.isfinite(value) else (None, "not_a_number")


def read_review(path: str | Path) -> ReviewResult:
    """Read the 核定得分 and 督导意见 an inspector entered in a workbook lvzhi wrote.

    Args:
        path: The reviewed .xlsx (opened read-only, never modified).

    Returns:
        Final scores per county (reviewed where given and valid, automatic otherwise), grades from
        the rubric's bands stored in the workbook, the entries, and every problem found.

    Raises:
        ReviewError: When the file is not a readable lvzhi workbook, its key columns are gone, or it is
            damaged or tampered with in any way (the message names the file and the fault).
    """
    try:
        return _read_review(path)
    except ReviewError:
        raise
    except MemoryError:
        raise
    except Exception as bad:  # noqa: BLE001 - whatever a damaged file breaks in openpyxl, it is that file's fault
        raise ReviewError(f"无法读回评分表 {path}：文件已损坏或被改动（{type(bad).__name__}: {bad}）。请用 lvzhi "
                          f"score 重新生成评分表，再把核定得分抄过去。\nCannot read {path} back: it is damaged or "
                          f"was tampered with ({type(bad).__name__}: {bad}).") from None


def _read_review(path: str | Path) -> ReviewResult:
    name = str(path)
    try:
        check_zip_container(name)  # members, unpacked sizes and shared strings before openpyxl loads them
    except ReadError as too_complex:
        raise ReviewError(str(too_complex)) from None
    try:
        wb = load_workbook(path, read_only=True, data_only=False)
    except (OSError, BadZipFile, InvalidFileException, KeyError) as bad:
        raise ReviewError(f"无法打开评分表 {name}：{bad}。请确认它是 .xlsx 文件且未被其他程序占用。\nCannot open "
                          f"workbook {name}: {bad}. Check it is an .xlsx file.") from None
    try:
        meta = _load_meta(wb, name)
        headers = detail_headers(meta)
        detail = _detail_sheet(wb, name, headers)
        ws = wb[detail]
        ws.reset_dimensions()
        rows = list(ws.iter_rows(values_only=True))
    finally:
        wb.close()
    header, cols = _find_columns(rows, name, headers)
    if "county" not in cols and len(meta["reports"]) > 1:
        raise ReviewError(f"{name}：“{sheets.DETAIL}”表中找不到“{sheets.COUNTY}”列，本表含多个区县，无法区分各行。"
                          f"请恢复该列。\n{name}: the {sheets.COUNTY} column is gone and the workbook holds several "
                          "counties.")
    records = {r["key"]: CountyScores.from_dict(r, origin="workbook") for r in meta["reports"]}
    formulas = any(isinstance(row[cols["reviewed"]], str) and str(row[cols["reviewed"]]).startswith("=")
                   for row in rows[header:] if len(row) > cols["reviewed"])
    cached = _cached_scores(path, detail, header, cols) if formulas else {}
    entries, problems = _read_rows(rows, header, cols, records, cached, detail)
    by_report: dict[str, dict[str, tuple[float | None, str]]] = {}
    for entry in entries:
        by_report.setdefault(entry.report, {})[entry.item] = (entry.score, entry.opinion)
    reports = tuple(record.with_review(by_report.get(key, {}), origin="workbook") for key, record in records.items())
    return ReviewResult(name, meta["scheme"], reports, tuple(entries), tuple(problems))


def _cached_scores(path: str | Path, detail: str, header: int, cols: Mapping[str, int]) -> dict[int, Any]:
    """Values Excel/WPS computed for formula cells in 核定得分, by row (None when never computed)."""
    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        ws = wb[detail]
        ws.reset_dimensions()
        return {n: row[cols["reviewed"]] if len(row) > cols["reviewed"] else None
                for n, row in enumerate(ws.iter_rows(values_only=True), 1) if n > header}
    finally:
        wb.close()


def _read_rows(rows: list[tuple[Any, ...]], header: int, cols: Mapping[str, int],
               records: Mapping[str, CountyScores], cached: Mapping[int, Any], sheet: str = sheets.DETAIL,
               ) -> tuple[list[ReviewEntry], list[ReviewProblem]]:
    only = next(iter(records)) if len(records) == 1 else ""
    # Keys may hold full-width brackets (云岭县（2023）); compare them the way cells are normalised.
    keys = {_norm(key): key for key in records}
    maxima = {(key, item.id): item.max_score for key, rec in records.items() for item in rec.items}
    seen: dict[tuple[str, str], list[int]] = {}
    found: dict[tuple[str, str], ReviewEntry] = {}
    problems: list[ReviewProblem] = []

    def cell(row: tuple[Any, ...], key: str) -> Any:
        col = cols.get(key)
        return row[col] if col is not None and col < len(row) else None

    for number, row in enumerate(rows[header:], header + 1):
        item = _norm(cell(row, "id")).upper()
        raw_county = _norm(cell(row, "county"))
        county = keys.get(raw_county, raw_county) or only
        raw, opinion_raw = cell(row, "reviewed"), cell(row, "opinion")
        opinion = str(opinion_raw).strip() if opinion_raw is not None else ""
        entered = (raw is not None and str(raw).strip() != "") or bool(opinion)
        if item in {sheets.SUBTOTAL, sheets.TOTAL} and not entered:
            continue
        key = (county, item)
        if key not in maxima:
            if entered or ITEM_ID.match(item):
                code = "unknown_county" if ITEM_ID.match(item) and county not in records else "unknown_id"
                problems.append(ReviewProblem(sheet, number, county, item or "（空）", code,
                                              f"编号“{item or '空'}”、区县“{county or '空'}”在本表的要点中找不到，"
                                              "该行未读入；请恢复原编号 / unknown item ID or county, row ignored"))
            continue
        seen.setdefault(key, []).append(number)
        score, code = _score(raw, cached.get(number))
        if code is None and score is not None and not 0 <= score <= maxima[key]:
            code = "out_of_range"
        if code is not None:
            problems.append(ReviewProblem(sheet, number, county, item, code,
                                          f"填写的是“{raw}”，应为 0 至 {maxima[key]:g} 之间的数字，或留空 / value "
                                          f"{raw!r}, expected a number from 0 to {maxima[key]:g} or empty"))
            score = None
        if score is not None or opinion:
            found[key] = ReviewEntry(county, item, score, opinion, sheet, number)
    entries = []
    for key, numbers in seen.items():
        if len(numbers) > 1:
            lines = "、".join(str(n) for n in numbers)
            problems.extend(ReviewProblem(sheet, n, key[0], key[1], "duplicate_id",
                                          f"第 {lines} 行编号相同，均未读入；请删去多余的行 / the same item in rows "
                                          f"{lines}; none used, delete the extra rows") for n in numbers)
        elif key in found:
            entries.append(found[key])
    problems.extend(ReviewProblem(sheet, None, key[0], key[1], "missing_row",
                                  "表中找不到该要点的行（可能被删除或编号被改动） / the item's row is missing")
                    for key in maxima if key not in seen)
    problems.sort(key=lambda p: (p.row is None, p.row or 0, p.report, p.item))
    order = {key: n for n, key in enumerate(maxima)}
    entries.sort(key=lambda e: order[(e.report, e.item)])  # rubric order, whatever the sheet's sort
    return entries, problems


def review_map(entries: Iterable[ReviewEntry]) -> dict[tuple[str, str], tuple[float | None, str]]:
    """Entries as ``write_workbook(review=...)`` takes them: (report key, item) -> (score, opinion)."""
    return {(e.report, e.item): (e.score, e.opinion) for e in entries}


def _pair(old: Sequence[CountyScores], new: Sequence[CountyScores]) -> dict[str, str]:
    """Old report key -> new report key: same file content, else same county and year.

    Two different counties never pair, so the wrong old workbook cannot leak entries into a county.
    """
    pairs: dict[str, str] = {}
    for rec in old:
        match = next((n for n in new if n.sha256 == rec.sha256), None) or next(
            (n for n in new if (n.county, n.year) == (rec.county, rec.year) and n.county), None)
        if match is not None:
            pairs[rec.key] = match.key
    if not pairs and len(old) == 1 and len(new) == 1 and not (old[0].county and new[0].county):
        pairs[old[0].key] = new[0].key  # a county name not recognised on one side: the single reports pair
    return pairs


def merge_review(old_workbook: str | Path, new_results: Sequence[ReportResult], rubric: Rubric) -> tuple[
        list[ReviewEntry], list[Orphan]]:
    """Carry every inspector entry of ``old_workbook`` over to the workbook of ``new_results``.

    Args:
        old_workbook: A reviewed workbook lvzhi wrote earlier.
        new_results: The re-scored reports (e.g. after a rubric fix).
        rubric: The rubric of ``new_results``.

    Returns:
        The entries to pre-fill, keyed for the new workbook (``review_map`` them for
        ``write_workbook``), and the orphans: entries whose county or item no longer exists, scores
        above the item's new points (the opinion is still carried), and invalid entries of the old
        workbook, each with the reason.

    Raises:
        ReviewError: When the old workbook cannot be read back.
    """
    old = read_review(old_workbook)
    new = workbook_records(new_results, rubric)
    pairs = _pair(old.reports, new)
    new_max = {(rec.key, item.id): item.max_score for rec in new for item in rec.items}
    carried: list[ReviewEntry] = []
    orphans: list[Orphan] = []
    for entry in old.entries:
        target = pairs.get(entry.report)
        if target is None:
            orphans.append(Orphan(entry, f"新结果中没有区县“{entry.report}”的报告 / no re-scored report for this "
                                         "county"))
            continue
        points = new_max.get((target, entry.item))
        if points is None:
            orphans.append(Orphan(entry, f"新细则中已没有要点 {entry.item} / item {entry.item} no longer exists"))
            continue
        moved = ReviewEntry(target, entry.item, entry.score, entry.opinion, entry.sheet, entry.row)
        if entry.score is not None and entry.score > points:
            orphans.append(Orphan(entry, f"该要点分值已改为 {points:g}，原核定得分 {entry.score:g} "
                                         f"未带入（督导意见已带入） / score above the new points {points:g}; opinion "
                                         "carried, score not"))
            moved = ReviewEntry(target, entry.item, None, entry.opinion, entry.sheet, entry.row)
            if not entry.opinion:
                continue
        carried.append(moved)
    orphans.extend(Orphan(ReviewEntry(p.report, p.item, None, "", p.sheet, p.row), p.message)
                   for p in old.problems if p.code != "missing_row" and p.row is not None)
    return carried, orphans
