"""Row heights from the lines wrapped text takes (reports.xlsx_rows), application by application.

The LibreOffice figures are checked against LibreOffice's PDF in test_row_heights_print.py; these cases pin
the line breaking (Chinese anywhere but before a closing mark, Latin words whole) and the sheet-level rules.
"""

from __future__ import annotations

import math

import pytest

from reports.xlsx_cells import cells_of, materialise
from reports.xlsx_common import new_workbook, put
from reports.xlsx_rows import MAX_ROW_HEIGHT, RENDERERS, fit_rows, lines_needed, text_height

EXCEL, LIBREOFFICE, LIBREOFFICE_NOTO = RENDERERS

# (case, text, column width, lines in Excel/WPS, lines in LibreOffice, lines in LibreOffice with Noto Sans CJK's
# digits). A 28-wide column holds 14 Chinese characters a line in Excel (8 px digits, 15 px characters), 17 in
# LibreOffice (7 pt a unit, 11 pt characters) and 15 with Noto Sans CJK (6.2 pt a unit).
CASES = [
    ("empty", "", 28, 1, 1, 1),
    ("fourteen_fit_excel", "党" * 14, 28, 1, 1, 1),
    ("fifteen_wrap_in_excel", "党" * 15, 28, 2, 1, 1),
    ("sixteen_wrap_with_noto", "党" * 16, 28, 2, 1, 2),
    ("seventeen_fit_libreoffice", "党" * 17, 28, 2, 1, 2),
    ("eighteen_wrap_everywhere", "党" * 18, 28, 2, 2, 2),
    ("comma_never_starts_a_line", "党" * 17 + "，", 28, 2, 2, 2),
    ("opening_quote_never_ends_a_line", "党" * 16 + "“县委", 28, 2, 2, 2),
    ("latin_word_moves_whole", "党" * 15 + "abcd", 28, 2, 2, 2),
    ("latin_word_that_fits", "党" * 15 + "ab", 28, 2, 1, 2),
    ("word_longer_than_a_line_is_broken", "a" * 60, 28, 3, 3, 3),
    ("each_paragraph_starts_a_line", "党\n党\n\n党", 28, 4, 4, 4),
    ("narrow_column", "加强党对教育工作的全面领导", 7, 5, 4, 5),
]


@pytest.mark.parametrize(("text", "width", "excel", "libreoffice", "noto"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_lines_in_each_application(text, width, excel, libreoffice, noto):
    lines = tuple(lines_needed(text, width, 11, r) for r in (EXCEL, LIBREOFFICE, LIBREOFFICE_NOTO))
    assert lines == (excel, libreoffice, noto)


def test_height_is_that_of_the_application_needing_most():
    text = "党" * 40  # Excel: 3 lines of 15 pt; LibreOffice: 3 lines of 16 pt
    assert text_height(text, 28) == 3 * 16 + 3
    assert text_height("党" * 80, 28, 9) < text_height("党" * 80, 28, 11)  # smaller type, fewer and closer lines


def _sheet(*texts: str, width: float = 28):
    wb = new_workbook()
    ws = wb.active
    ws.column_dimensions["A"].width = width
    for row, text in enumerate(texts, 1):
        put(ws, row, 1, text)
    return ws


def test_rows_of_one_line_get_no_height_and_others_the_tallest_cell():
    ws = _sheet("短", "党" * 40, "党" * 20)
    put(ws, 3, 2, "党" * 60)  # column B has openpyxl's default width: this cell is the tallest of row 3
    fit_rows(ws, 1)
    heights = cells_of(ws).heights
    assert 1 not in heights
    assert heights[2] == math.ceil(text_height("党" * 40, 28))  # whole points
    assert heights[3] == math.ceil(text_height("党" * 60, 9))


def test_rows_before_the_first_are_left_alone():
    ws = _sheet("党" * 40, "党" * 40)
    fit_rows(ws, 2)
    assert set(cells_of(ws).heights) == {2}


def test_text_too_long_for_a_row_gets_a_smaller_font_never_a_cut():
    text = "\n".join(["县委、县政府始终坚持党对教育工作的全面领导，主要领导深入学校专题调研" * 4] * 3)
    assert text_height(text, 28) > MAX_ROW_HEIGHT
    ws = _sheet(text, "党" * 40)
    fit_rows(ws, 1)
    assert cells_of(ws).heights[1] <= MAX_ROW_HEIGHT
    materialise(ws)
    assert ws["A1"].value == text and ws["A1"].font.sz < 11 and ws["A1"].alignment.wrap_text
    assert text_height(text, 28, ws["A1"].font.sz) <= MAX_ROW_HEIGHT
    assert ws["A2"].font.sz == 11
