"""The cell store writes what openpyxl would write for the same cells (compared as canonical XML)."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from xml.etree.ElementTree import canonicalize

import pytest
from openpyxl import load_workbook

from reports.excel import build_workbook
from reports.xlsx_cells import cells_of, materialise, stored
from reports.xlsx_common import BOLD, CENTER, INPUT_FILL, new_workbook, put, put_formula, workbook_bytes

WHEN = datetime(2026, 1, 2, 3, 4, 5)


def _parts(data: bytes) -> dict[str, str]:
    """Every XML part of a workbook, canonicalised (character references and empty-element forms folded)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: canonicalize(archive.read(name).decode("utf-8")) for name in archive.namelist()
                if name.endswith((".xml", ".rels"))}


def _both_ways(build) -> tuple[dict[str, str], dict[str, str]]:
    """A workbook written from lvzhi's store, and the same workbook with its cells moved into openpyxl first.

    Built twice: openpyxl changes a sheet's properties as it writes it, so one workbook is written once.
    """
    fast = _parts(workbook_bytes(build(), WHEN))
    wb = build()
    for ws in wb.worksheets:
        materialise(ws)
        assert stored(ws) is None
    return fast, _parts(workbook_bytes(wb, WHEN))


def _awkward():
    wb = new_workbook()
    ws = wb.active
    values = ["plain", "", " leading space", "trailing\u3000", "a & b < c > d", "line\r\nbreak", "=SUM(A1)",
              "+1", "-x", "@home", "云阳县 2022 年", "生僻字𠀀𪚥 emoji😀 \x85 \u2028", "bad\ufffe\ud800", 0, -3, 1.5,
              1e-7, 123456789012345678, float("nan"), float("inf"), True, False, None]
    for n, value in enumerate(values, 1):
        put(ws, n, 1, value)
        put(ws, n, 2, value, font=BOLD, align=CENTER, fill=INPUT_FILL, border=True, number_format="0.00")
        put(ws, n, 3, value, align=None)  # unstyled: None is then no cell at all
    put_formula(ws, 1, 4, '=IF(A1="",B1,"x&y")')
    ws.row_dimensions[3].height = 33
    ws.row_dimensions[40].height = 20  # a row with only a height
    cells_of(ws).heights[5] = 48.0  # as fit_rows sets them
    cells_of(ws).heights[41] = 30.0
    return wb


def test_awkward_values_serialise_as_openpyxl_does():
    fast, slow = _both_ways(_awkward)
    assert fast == slow
    back = load_workbook(io.BytesIO(workbook_bytes(_awkward(), WHEN))).active
    assert back["A6"].value == "line\r\nbreak"
    assert back["A7"].value == "=SUM(A1)" and back["A7"].data_type == "s" and back["A7"].quotePrefix
    assert back.row_dimensions[5].height == 48 and back.row_dimensions[41].height == 30
    assert back["A13"].value == "bad\ufffd\ufffd"
    assert back["C23"].value is None and back["B23"].fill.fgColor.rgb == INPUT_FILL.fgColor.rgb


def test_scored_workbook_serialises_as_openpyxl_does(scored, rubric):
    results = [scored["青溪县"].result, scored["云岭县"].result]
    # with 依据摘录 links to one county's HTML view: stored links are written as openpyxl writes its cells' links
    fast, slow = _both_ways(lambda: build_workbook(results, rubric=rubric, created=WHEN,
                                                   html_files=["青溪县.html", None]))
    assert fast.keys() == slow.keys()
    assert "<hyperlinks>" in fast["xl/worksheets/sheet2.xml"]
    assert [name for name in fast if fast[name] != slow[name]] == []


def test_cells_in_both_places_are_refused():
    wb = new_workbook()
    ws = wb.active
    put(ws, 1, 1, "stored")
    ws.cell(2, 1).value = "openpyxl"
    with pytest.raises(RuntimeError, match="both"):
        workbook_bytes(wb, WHEN)


def test_unsupported_value_type_is_an_error():
    wb = new_workbook()
    with pytest.raises(TypeError, match="datetime"):
        put(wb.active, 1, 1, WHEN)
