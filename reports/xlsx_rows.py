"""Row heights for wrapped text, from how Excel/WPS and LibreOffice lay the text out in each column.

Neither application grows a row openpyxl wrote (LibreOffice 7.4 does not fit rows without a height when it
opens an xlsx either: measured, every row then prints one line tall and clips), so lvzhi sets each height.
A height is the lines a cell's text takes at its column's width and its font size, times the line pitch,
for the application that needs the most; the other then has a little space below the text.

They differ: a column ``w`` characters wide is ``8w + 5`` pixels in Excel and WPS (等线's digits are
8 px at 11 pt, the "maximum digit width" of the OOXML column unit), and ``7w`` points in LibreOffice on a
machine without 等线, which measures the unit with its substitute's digits (DejaVu Sans, 0.636 em; 6.2 pt
where the substitute is Noto Sans CJK). A Chinese character is one em wide in all, so LibreOffice puts
about 17 characters on a line of a 28-wide column where Excel puts 14, and its lines are 16 pt apart (Noto
Sans CJK) where Excel's are 15.
``tests/reports/test_row_heights_print.py`` checks the LibreOffice figures in LibreOffice's own PDF.

Lines are broken as both applications do: Chinese between any two characters, but never before a closing
or after an opening punctuation mark; Latin words and numbers whole, at spaces. ``_tokens`` and ``_line_count``
define the layout a piece at a time; ``_fast_line_count`` gives the same counts a line at a time (stride sums of
byte widths, C code doing the per-character work) and is used wherever a column holds at least one character a
line; ``tests/reports/test_xlsx_rows_reference.py`` keeps the first version to check they agree.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from reports.xlsx_cells import TEXT, cells_of
from reports.xlsx_openpyxl import resized_style, wrapping_sizes

__all__ = ["MAX_ROW_HEIGHT", "RENDERERS", "Renderer", "fit_rows", "lines_needed", "text_height"]

MAX_ROW_HEIGHT = 409  # points; Excel's limit
ROW_PADDING = 3.0  # points above and below the text of a cell
DEFAULT_WIDTH = 9  # characters: a column without a declared width (openpyxl's default, about 8.43)
# Font sizes, largest first, for a text too long for a row at its own size (printed at about 80% on A4 landscape).
SMALLER = (10.0, 9.0, 8.0)


@dataclass(frozen=True)
class Renderer:
    """How an application lays out wrapped text in a cell.

    Attributes:
        name: The application (and the fonts it uses for 等线).
        unit: Points of column width per character of the column's declared width.
        pad: Points added to ``unit * width`` to give the width the text may use (margins taken off).
        wide: Advance of a Chinese character, in ems of the cell's font size.
        pitch: Distance between two lines, in ems of the cell's font size.
    """

    name: str
    unit: float
    pad: float
    wide: float
    pitch: float

    def room(self, width: float, size: float) -> float:
        """Ems of ``size``-point text a line of a column ``width`` characters wide holds."""
        return (self.unit * width + self.pad) / size


RENDERERS = (
    # 8w + 5 px, less 2 px of margin each side and the grid line: (8w - 1) px = 6w - 0.75 pt. A Chinese character
    # at 11 pt is 14.67 px, drawn on 15 (1.023 em); a wrapped line of 等线 is 19-20 px: 15 pt, the larger.
    Renderer("Excel / WPS（等线）", unit=6.0, pad=-0.75, wide=15 / (11 * 96 / 72), pitch=15 / 11),
    # Measured in LibreOffice 7.4's PDF: a column is 7w pt wide and holds (7w - 3) pt of text; lines 16 pt apart.
    Renderer("LibreOffice（DejaVu Sans, Noto Sans CJK）", unit=7.0, pad=-3.0, wide=1.0, pitch=16 / 11),
    # Where 等线 falls back to Noto Sans CJK (a Chinese locale): its digits make the unit 6.2 pt, measured likewise.
    Renderer("LibreOffice（Noto Sans CJK）", unit=6.2, pad=-3.0, wide=1.0, pitch=16 / 11),
)

# Latin widths in ems, as DejaVu Sans draws them (LibreOffice's substitute; 等线's Latin letters are narrower).
_NARROW = frozenset("il.,:;'|!`fjrt()[]{}/\\-\"")
_BROAD = frozenset("mwMW%@#&")
# Marks that never start a line (closing) and never end one (opening), in both applications.
_CLOSING = frozenset("，。、；：？！”’）》】」』〕〉…—·%,.;:!?)]}>")
_OPENING = frozenset("“‘（《【「『〔〈([{<")
# Pieces of a line: a Latin word or number (with the marks inside it that keep it whole: 1.5, 20%, K12-3, a/b), a
# space, a run of wide characters a line may break between (not marks), any other character.
_PIECE = re.compile("[A-Za-z0-9][A-Za-z0-9_.%/+\\-]*|\\s|[^\x00-\x7f\\s" + re.escape("".join(_CLOSING | _OPENING))
                    + "]+|.", re.DOTALL)
WORD, SPACE, RUN = 0, 1, 2  # kinds of piece: unbreakable, a space (a line may break there), breakable wide characters


def _em(ch: str) -> float:
    if not ch.isascii():
        return 1.0  # Chinese and full-width forms; quotes, dashes and ellipses are full-width in CJK fonts too
    if ch in _NARROW or ch == " ":
        return 0.4
    if ch in _BROAD:
        return 1.0
    return 0.8 if ch.isupper() else 0.65


_ASCII_EM = {chr(n): _em(chr(n)) for n in range(128)}


@lru_cache(maxsize=4096)
def _tokens(line: str) -> tuple[tuple[int, float, int], ...]:
    """A line as (wide characters, Latin ems, kind) pieces; a mark is joined to the character it may not leave.

    A ``RUN`` of wide characters may break between any two of them: a closing mark takes the run's last character
    with it into a ``WORD``, an opening mark the next run's first.
    """
    out: list[list] = []
    glue = False  # the previous piece was an opening mark: the next one joins it
    for piece in _PIECE.findall(line):
        if piece.isascii():
            if piece.isspace():
                out.append([0, _ASCII_EM[" "], SPACE])
                glue = False
                continue
            item = [0, sum(_ASCII_EM[ch] for ch in piece), WORD]
        elif piece.isspace():
            out.append([1, 0.0, SPACE])
            glue = False
            continue
        else:
            item = [len(piece), 0.0, RUN if len(piece) > 1 or piece not in _CLOSING | _OPENING else WORD]
        if glue and out and out[-1][2] == WORD:  # an opening mark before: take this piece's first character
            if item[2] == RUN and item[0] > 1:
                out[-1][0] += 1
                item[0] -= 1
            else:
                out[-1][0] += item[0]
                out[-1][1] += item[1]
                item = None
        elif len(piece) == 1 and piece in _CLOSING and out and out[-1][2] != SPACE:
            last = out[-1]
            if last[2] == RUN and last[0] > 1:  # the run's last character goes with the mark
                last[0] -= 1
                out.append([1, 0.0, WORD])
            elif last[2] == RUN:
                last[2] = WORD
            out[-1][0] += item[0]
            out[-1][1] += item[1]
            item = None
        if item is not None:
            out.append(item)
        glue = len(piece) == 1 and piece in _OPENING
    return tuple((wide, narrow, kind) for wide, narrow, kind in out)


def _line_count(line: str, room: float, wide: float) -> int:
    """Lines one paragraph takes at ``room`` ems a line (a Chinese character ``wide`` ems)."""
    lines, used = 1, 0.0
    for chars, narrow, kind in _tokens(line):
        size = chars * wide + narrow
        if used + size <= room + 1e-9:
            used += size
            continue
        if kind == SPACE:  # a space where the line is full breaks it and is not drawn
            lines, used = lines + 1, 0.0
            continue
        if kind == RUN:  # what fits on this line, then whole lines of characters
            size = (chars - int((room - used + 1e-9) // wide)) * wide
            used = 0.0
            lines += 1
        elif used > 0:
            lines, used = lines + 1, 0.0
        if size > room:  # longer than a line: broken inside, a character at a time (whole wide ones in a run)
            per = max(int((room + 1e-9) // wide), 1) * wide if kind == RUN else max(room, wide)
            extra = math.ceil(size / per - 1e-9) - 1
            lines, used = lines + extra, size - extra * per
        else:
            used = size
    return lines


# Widths in whole 220ths of an em (Excel's Chinese character is 45/44 em: 225; DejaVu Sans's 0.4, 0.65, 0.8 em: 88,
# 143, 176), so that a line's widths are exact integer sums built by C code: each character as one byte (every
# non-ASCII character as _WIDE_BYTE), translated to its width, summed over a slice.
_SCALE = 220
_WIDE_BYTE = 0x80
_LATIN = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.%/+-")  # in _PIECE's words
# Every character str.isspace() (and re's \s) takes for a space (tests/reports/test_xlsx_rows_reference.py checks).
_SPACES = frozenset("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000"
                    + "".join(map(chr, range(0x2000, 0x200B))))
_STICKY_BEFORE = _OPENING | _LATIN  # a line may not always end after these
_SPECIAL_AT = _CLOSING | _LATIN | _SPACES  # nor before these, and before a space it ends differently


@lru_cache(maxsize=8)
def _byte_widths(wide: float) -> tuple[bytes, bytes, int]:
    """Tables from a character's byte to its width in 220ths of an em (a Chinese character ``wide`` ems).

    The first for ``str.encode(..., "replace")``, whose "?" stands for any non-ASCII character; the second for a line
    with a real "?", each non-ASCII character written ``_WIDE_BYTE``. Then the widest width.
    """
    ems = [_ASCII_EM[" "] if chr(n).isspace() else _ASCII_EM[chr(n)] for n in range(128)]
    ems += [wide if n == _WIDE_BYTE else 0.0 for n in range(128, 256)]
    table = [round(em * _SCALE) for em in ems]
    if any(abs(whole - em * _SCALE) > 1e-6 for whole, em in zip(table, ems, strict=True)) or max(table) > 255:
        raise ValueError(f"字宽须为 1/{_SCALE} em 的整数倍 / character widths must be whole 1/{_SCALE} ems: {wide}")
    replaced = table.copy()
    replaced[ord("?")] = table[_WIDE_BYTE]
    return bytes(replaced), bytes(table), max(table)


def _line_widths(line: str, replaced: bytes, table: bytes) -> bytes:
    """The width of each character of ``line`` in 220ths of an em, one byte each (tables from ``_byte_widths``)."""
    if "?" in line:
        return bytes(ord(ch) if ch.isascii() else _WIDE_BYTE for ch in line).translate(table)
    return line.encode("ascii", "replace").translate(replaced)


def _may_break(line: str, p: int) -> bool:
    """Whether a line may end before ``line[p]`` (``0 < p < len(line)``): where ``_tokens`` puts two pieces apart.

    Not after an opening or before a closing mark unless a space is next to it, and not inside a Latin word
    (a run of ``_LATIN`` characters from its first letter or digit on).
    """
    before, ch = line[p - 1], line[p]
    if before.isspace() or ch.isspace():
        return True
    if before in _OPENING or ch in _CLOSING:
        return False
    if before in _LATIN and ch in _LATIN:
        while p > 0 and line[p - 1] in _LATIN:
            if line[p - 1].isalnum():
                return False
            p -= 1
    return True


def _fast_line_count(line: str, room: float, widths: bytes, most: int) -> int:
    """``_line_count`` where every character fits on an empty line (``room`` ems at least the widest): same result.

    The greedy layout a line at a time instead of a piece at a time, in 220ths of an em (``widths``: each
    character's, from ``_line_widths``; ``most``: the widest there may be): the characters that fit are counted in
    strides (as many as would fit were all the widest, summed by C code, again on what is left), the line ends at
    the last place before them where it may break, and only a unit longer than what is left (a Latin word, marks)
    is laid out as ``_line_count`` lays out a piece, broken inside when longer than a line.
    """
    end = len(line)
    full = math.floor((room + 1e-9) * _SCALE)  # widths are whole: to fit under the room is to fit under its floor
    lines, start, base, carried = 1, 0, full, False  # base: what is left of the line at start; carried: text before
    while True:
        stop = start + base // most
        if stop >= end:
            return lines
        left = base - sum(widths[start:stop])
        while True:  # line[start:stop] fits in the line: take more while they fit
            if left >= 3 * most:  # a stride; mostly there is room for a character or two: one at a time
                stride = left // most
                left -= sum(widths[stop:stop + stride])
                stop += stride
            elif widths[stop] <= left:
                left -= widths[stop]
                stop += 1
            else:
                break
            if stop >= end:
                return lines
        ch = line[stop]
        if ch in _SPECIAL_AT or line[stop - 1] in _STICKY_BEFORE:
            if ch in _SPACES:  # a space where the line is full breaks it and is not drawn
                lines, start, base, carried = lines + 1, stop + 1, full, False
                continue
            while stop > start and not _may_break(line, stop):
                stop -= 1
        if stop > start:
            lines, start, base, carried = lines + 1, stop, full, False
            continue
        stop, added, used = _unit(line, widths, start, room, carried=carried)
        lines += added
        start, base, carried = stop, max(math.floor((room + 1e-9 - used) * _SCALE), 0), used > 0


def _unit(line: str, widths: bytes, start: int, room: float, *, carried: bool) -> tuple[int, int, float]:
    """A unit too long for what is left of a line, laid out as ``_line_count`` lays out such a piece.

    Returns where it ends, the lines it adds (a new one when the line had text, ``carried``; more when it is longer
    than a line: broken inside) and the ems it leaves on the last.
    """
    stop = start + 1
    while stop < len(line) and not _may_break(line, stop):
        stop += 1
    size = sum(widths[start:stop]) / _SCALE
    if size <= room:
        return stop, int(carried), size
    extra = math.ceil(size / room - 1e-9) - 1
    return stop, int(carried) + extra, size - extra * room


def lines_needed(text: str, width: float, size: float, renderer: Renderer) -> int:
    """Lines ``text`` takes in ``renderer`` at ``size`` points in a column ``width`` characters wide."""
    widest = max(renderer.wide, 1.0)
    return _lines(text.split("\n"), renderer.room(width, size), renderer.wide, widest, *_byte_widths(renderer.wide))


def _lines(paragraphs: list[str], room: float, wide: float, widest: float, replaced: bytes, table: bytes,
           most: int) -> int:
    """``lines_needed`` at ``room`` ems a line; ``widest``: the widest character in ems; the rest from _byte_widths."""
    total = 0
    for line in paragraphs:
        if len(line) * widest <= room:  # every character is at most this wide: one line
            total += 1
        elif room >= widest:  # (_line_widths inline: this runs for every wrapped line)
            widths = (line.encode("ascii", "replace").translate(replaced) if "?" not in line
                      else _line_widths(line, replaced, table))
            total += _fast_line_count(line, room, widths, most)
        else:  # a column narrower than a character: the arithmetic of _line_count for such
            total += _line_count(line, room, wide)
    return total


def _dominated(renderer: Renderer) -> bool:
    """True when another renderer never needs less height: less room a line, characters as wide, lines as far apart."""
    return any(other is not renderer and other.unit <= renderer.unit and other.pad <= renderer.pad
               and other.wide >= renderer.wide and other.pitch >= renderer.pitch for other in RENDERERS)


_DECIDING = tuple(r for r in RENDERERS if not _dominated(r))  # the others are never the tallest: not counted
_LAYOUTS = tuple((r, (r.wide, max(r.wide, 1.0), *_byte_widths(r.wide))) for r in _DECIDING)


@lru_cache(maxsize=2048)  # a batch's workbooks repeat the rubric's texts (评价要点, requests) in every report
def text_height(text: str, width: float, size: float = 11.0) -> float:
    """Points a wrapped cell needs (text and padding) in the application that needs the most, uncapped."""
    paragraphs = text.split("\n")
    tallest = 0.0
    for renderer, layout in _LAYOUTS:  # lines_needed without its set-up: fit_rows calls this for every wrapped cell
        room = (renderer.unit * width + renderer.pad) / size  # as Renderer.room
        tallest = max(tallest, _lines(paragraphs, room, *layout) * renderer.pitch * size)
    return tallest + ROW_PADDING


def fit_rows(ws: Worksheet, first_row: int) -> None:
    """Set the height of every row from ``first_row`` on whose wrapped text takes more than one line.

    The height is the tallest of its wrapped text cells (``text_height``). A text that would need more than
    Excel's limit is given a smaller font (``SMALLER``) in which it fits, rather than be clipped on screen and
    on paper; it is never cut.
    """
    store = cells_of(ws)
    widths = {key: dim.width for key, dim in ws.column_dimensions.items() if dim.width}
    sizes = wrapping_sizes(ws.parent)
    widest = max(*(r.wide for r in RENDERERS), 1.0)  # no character is wider, in ems
    columns: dict[int, tuple[float, float]] = {}  # column -> (width, points of text a line holds everywhere)
    needed: dict[int, float] = {}
    one_line: dict[float, float] = {}  # size -> text_height of one line (of ""), as text_height computes it
    smaller: dict[tuple[int, int], int] = {}  # cell -> style with a smaller font
    for (row, col), (value, kind, style) in store.cells.items():
        if row < first_row or kind != TEXT:
            continue
        size = sizes.get(style)
        if size is None:
            continue
        known = columns.get(col)
        if known is None:
            width = widths.get(get_column_letter(col), DEFAULT_WIDTH)
            known = columns[col] = (width, min(r.unit * width + r.pad for r in RENDERERS))
        width, room = known
        if "\n" not in value and len(value) * widest * size <= room:
            continue  # one line in every application: the row needs no height
        height = text_height(value, width, size)
        if height > MAX_ROW_HEIGHT:
            fits = next((s for s in SMALLER if s < size and text_height(value, width, s) <= MAX_ROW_HEIGHT), None)
            if fits is not None:
                smaller[row, col] = resized_style(ws.parent, style, fits)
                height = text_height(value, width, fits)
        if size not in one_line:
            one_line[size] = text_height("", width, size)  # one line whatever the width
        if height > one_line[size] and height > needed.get(row, 0.0):
            needed[row] = height
    for cell, style in smaller.items():
        value, kind, _style = store.cells[cell]
        store.cells[cell] = (value, kind, style)
    for row, height in needed.items():
        store.heights[row] = min(math.ceil(height), MAX_ROW_HEIGHT)
