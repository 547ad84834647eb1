"""The fast line counting of ``reports.xlsx_rows`` gives the number of lines of its first version, kept here.

Row heights and the smaller fonts of over-long cells follow from ``lines_needed`` alone, so equal line counts for
every renderer mean identical workbooks. Compared on every wrapped cell ``fit_rows`` measures in the workbooks of
examples/, tests/fixtures/reports/ and the real sample (skipped without ../shared), at the cell's own width and size
and at others, and on seeded random lines mixing Chinese, Latin words, numbers, spaces, marks and newlines.
"""

from __future__ import annotations

import math
import random
import re
from pathlib import Path

import pytest

import reports.xlsx_rows as rows
from reports.excel import write_workbook
from reports.xlsx_rows import _ASCII_EM, _CLOSING, _OPENING, Renderer
from scheme import Rubric, load_rubric
from scorer.read import read_report
from scorer.score import score_document

ROOT = Path(__file__).resolve().parents[2]
YUNYANG = ROOT.parent / "shared" / "data" / "reports" / "yunyang-2022.txt"

# The reference: xlsx_rows's line counting a piece at a time, as first landed (9a249ea), names aside.
_PIECE = re.compile("[A-Za-z0-9][A-Za-z0-9_.%/+\\-]*|\\s|[^\x00-\x7f\\s" + re.escape("".join(_CLOSING | _OPENING))
                    + "]+|.", re.DOTALL)
WORD, SPACE, RUN = 0, 1, 2  # kinds of piece


def _reference_tokens(line: str) -> tuple[tuple[int, float, int], ...]:
    """A line as (wide characters, Latin ems, kind) pieces; a mark is joined to the character it may not leave."""
    out: list[list] = []
    glue = False
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
        if glue and out and out[-1][2] == WORD:
            if item[2] == RUN and item[0] > 1:
                out[-1][0] += 1
                item[0] -= 1
            else:
                out[-1][0] += item[0]
                out[-1][1] += item[1]
                item = None
        elif len(piece) == 1 and piece in _CLOSING and out and out[-1][2] != SPACE:
            last = out[-1]
            if last[2] == RUN and last[0] > 1:
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


def _reference_line_count(line: str, room: float, wide: float) -> int:
    """Lines one paragraph takes at ``room`` ems a line (a Chinese character ``wide`` ems)."""
    lines, used = 1, 0.0
    for chars, narrow, kind in _reference_tokens(line):
        size = chars * wide + narrow
        if used + size <= room + 1e-9:
            used += size
            continue
        if kind == SPACE:
            lines, used = lines + 1, 0.0
            continue
        if kind == RUN:
            size = (chars - int((room - used + 1e-9) // wide)) * wide
            used = 0.0
            lines += 1
        elif used > 0:
            lines, used = lines + 1, 0.0
        if size > room:
            per = max(int((room + 1e-9) // wide), 1) * wide if kind == RUN else max(room, wide)
            extra = math.ceil(size / per - 1e-9) - 1
            lines, used = lines + extra, size - extra * per
        else:
            used = size
    return lines


def reference_lines_needed(text: str, width: float, size: float, renderer: Renderer) -> int:
    """Lines ``text`` takes in ``renderer`` at ``size`` points in a column ``width`` characters wide."""
    room = renderer.room(width, size)
    total = 0
    for line in text.split("\n"):
        if len(line) * max(renderer.wide, 1.0) <= room:
            total += 1
        else:
            total += _reference_line_count(line, room, renderer.wide)
    return total


SIZES = (11.0, 10.0, 9.0, 8.0)
WIDTHS = (7, 13, 28, 60)
REPORTS = sorted((ROOT / "examples").glob("*.txt")) + sorted((ROOT / "tests" / "fixtures" / "reports").glob("*.txt"))


def _differences(text: str, widths, sizes) -> list[tuple]:
    return [(text[:40], width, size, renderer.name, expected, got)
            for width in widths for size in sizes for renderer in rows.RENDERERS
            if (expected := reference_lines_needed(text, width, size, renderer))
            != (got := rows.lines_needed(text, width, size, renderer))]


@pytest.fixture(scope="module")
def shipped() -> Rubric:
    return load_rubric()


def _measured_cells(path: Path, rubric: Rubric, tmp_path: Path, monkeypatch) -> set[tuple[str, float, float]]:
    """(text, width, size) of every cell ``fit_rows`` measures in ``path``'s workbook."""
    seen: set[tuple[str, float, float]] = set()
    height = rows.text_height

    def recording(text: str, width: float, size: float = 11.0) -> float:
        seen.add((text, width, size))
        return height(text, width, size)

    monkeypatch.setattr(rows, "text_height", recording)
    document = read_report(path)
    result = score_document(document, rubric)
    write_workbook([result], tmp_path / "out.xlsx", rubric=rubric, texts={result.source.sha256: document.text})
    assert seen, "fit_rows measured no cell: the recording missed it"
    return seen


@pytest.mark.parametrize("path", [*REPORTS, YUNYANG], ids=[p.stem for p in [*REPORTS, YUNYANG]])
def test_every_wrapped_cell_of_the_workbooks(path, shipped, tmp_path, monkeypatch):
    if not path.exists():
        pytest.skip(f"{path} not found (the real sample lies in ../shared beside the checkout)")
    cells = _measured_cells(path, shipped, tmp_path, monkeypatch)
    assert any(reference_lines_needed(text, width, size, rows.RENDERERS[0]) > 3 for text, width, size in cells)
    wrong = []
    for text, width, size in cells:
        wrong += _differences(text, (width,), SIZES) + _differences(text, WIDTHS, (size,))
    assert not wrong, wrong[:5]


def test_spaces_are_every_character_python_takes_for_one():
    assert {ch for ch in map(chr, range(0x110000)) if ch.isspace()} == rows._SPACES


PARTS = {
    "chinese": "加强党对教育工作的全面领导县委政府始终坚持优先发展",
    "latin": ["STEAM", "K12-3", "a/b", "WPS", "Excel", "iiii", "MMMM", "wifi", "http://edu.cq.gov.cn/a_b"],
    "number": ["2022", "95.6%", "1.5", "100", "3", "12,000", "20%", "0.5"],
    "space": [" ", "  ", "\u3000", "\t"],
    "mark": [*sorted(rows._CLOSING | rows._OPENING), "#", "&", "*", "=", "_", "-", "+", "/", "~", "?"],
}


def _random_line(rng: random.Random) -> str:
    out = []
    for _ in range(rng.randint(1, 40)):
        kind = rng.choices(list(PARTS), weights=(6, 1, 1, 1, 3))[0]
        if kind == "chinese":
            start = rng.randrange(len(PARTS[kind]))
            out.append(PARTS[kind][start:start + rng.randint(1, 12)])
        else:
            out.append(rng.choice(PARTS[kind]))
        if rng.random() < 0.03:
            out.append("\n")
    return "".join(out)


@pytest.mark.parametrize("seed", range(4))
def test_random_lines(seed):
    rng = random.Random(seed)  # noqa: S311 - reproducible test data
    wrong = []
    for _ in range(1000):
        text = _random_line(rng)
        wrong += _differences(text, (rng.choice((1, 2, 3, 5)), rng.randint(6, 20), rng.randint(21, 70)),
                              (rng.choice(SIZES), 11.0))
    assert not wrong, wrong[:5]
