"""Hostile inputs (issue 16), made small in the test: each ends in a bounded, named outcome, never a crash.

The same builders at full size go through ``benchmarks/hostile.py`` (by hand), which measures time and memory;
here only the outcome is asserted. A ``too_complex`` outcome names the limit it hit.
"""

from __future__ import annotations

import random
import re
import time
from pathlib import Path

import pytest

from benchmarks import hostile_cases as hc
from scheme.loader import check_rubric
from scheme.safety import MAX_ALIAS_NODES, backtracking_risk
from scorer import limit_checks, limits
from scorer.damage import _without_overlaps
from scorer.document import Damage, Document
from scorer.errors import ReadError
from scorer.read import read_report
from scorer.readers import read_file

CASES = {case.name: case for case in (*hc.CASES, *hc.RUBRIC_CASES)}

# case -> words the too_complex message must contain (Chinese and English names of the limit)
TOO_COMPLEX = {
    "docx_lvltext_repeat": ("文字字符数", "characters of text"),
    "docx_deep": ("嵌套", "nesting depth"),
    "docx_big_xml": ("word/document.xml 解压后的大小", "unpacked size of word/document.xml"),
    "docx_many_members": ("压缩包内的文件数", "files inside the zip"),
    "pdf_flate_bomb": ("解压后的大小", "inflated"),
    "pdf_huge_page": ("尺寸", "size of page 1"),
    "html_unclosed_divs": ("嵌套过深", "too deeply nested"),
    "html_many_attributes": ("属性数", "attributes of one <p> element"),
    "html_many_paragraphs": ("文字行数", "lines of text"),
    "html_nested_tables": ("嵌套过深", "too deeply nested"),
    "text_many_lines": ("文字行数", "lines of text"),
}


def _make(tmp_path: Path, name: str) -> Path:
    case = CASES[name]
    path = tmp_path / (name + case.suffix)
    case.build(path, case.small)
    return path


@pytest.mark.parametrize("name", sorted(TOO_COMPLEX))
def test_over_a_limit_is_too_complex_naming_it(tmp_path: Path, name: str) -> None:
    with pytest.raises(ReadError) as info:
        read_file(_make(tmp_path, name))
    assert info.value.code == "too_complex"
    zh, en = TOO_COMPLEX[name]
    assert zh in info.value.message and en in info.value.message
    assert "限制 limit" in info.value.message and "Cannot read: too complex" in info.value.message


@pytest.mark.parametrize(("name", "letter"), [("docx_numbering_start", "A"), ("docx_numbering_override", "a")])
def test_list_start_is_capped_as_word_does(tmp_path: Path, name: str, letter: str) -> None:
    text = read_file(_make(tmp_path, name)).text
    first = text.splitlines()[0]
    # Word caps the start at 32767: in a letter format (32767 - 1) % 26 = 6 -> the 7th letter, 1261 times.
    marker = first.split("推进")[0].rstrip(".) ")
    assert marker == chr(ord(letter) + 6) * 1261
    assert len(text) < 200 * 1400


def test_level_text_keeps_only_its_head() -> None:
    from lxml import etree

    from scorer.readers.numbering import Numbering, W

    xml = (f'<w:numbering xmlns:w="{W[1:-1]}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0">'
           f'<w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="{"%1" * 5000}"/></w:lvl>'
           '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>')
    marker, _sep, _fmt = Numbering(etree.fromstring(xml)).next_marker("1", 0)
    assert marker == "1" * (limits.MAX_LEVEL_TEXT // 2)


def test_damaged_figures_everywhere_are_refused_in_linear_time(tmp_path: Path) -> None:
    with pytest.raises(ReadError) as info:
        read_report(_make(tmp_path, "text_damaged_figures"))
    assert info.value.code == "too_complex" and "疑似复制损坏的数字个数" in info.value.message


def test_overlap_removal_keeps_what_the_pairwise_rule_keeps() -> None:
    rng = random.Random(16)  # noqa: S311 - test data, not secrets
    for _ in range(200):
        found = []
        for _ in range(rng.randint(0, 40)):
            start = rng.randint(0, 120)
            found.append(Damage("glued_list", start, start + rng.randint(1, 15), "x", "y"))
        kept: list[Damage] = []
        for damage in found:  # the former quadratic rule, as the reference
            if all(damage.end <= other.start or other.end <= damage.start for other in kept):
                kept.append(damage)
        assert _without_overlaps(found) == tuple(sorted(kept, key=lambda d: d.start))


def test_damage_lookup_by_bisection_equals_the_scan() -> None:
    rng = random.Random(7)  # noqa: S311 - test data, not secrets
    spans, pos = [], 0
    for _ in range(60):
        pos += rng.randint(0, 6)
        end = pos + rng.randint(1, 5)
        spans.append(Damage("glued_list", pos, end, "x", "y"))
        pos = end
    doc = Document(path="p", text="x" * (pos + 10), format="txt", encoding=None, sha256="", sections=(),
                   damage=tuple(spans))
    for _ in range(500):
        start = rng.randint(0, pos + 5)
        end = start + rng.randint(1, 12)
        assert doc.damage_in(start, end) == [d for d in spans if d.start < end and start < d.end]


def test_pdf_with_a_length_reference_loop_ends(tmp_path: Path) -> None:
    # pdfminer looped forever on it; whichever library reads it now, it is read or refused, in bounded time.
    try:
        raw = read_file(_make(tmp_path, "pdf_length_loop"))
    except ReadError as err:
        assert err.code in {"too_complex", "corrupt_pdf", "scanned_pdf"}
    else:
        assert raw.format == "pdf"


def _forever() -> None:
    while True:
        pass


def _allocate() -> bytes:
    return b"x" * (2 * 2**30)


def _refuse() -> None:
    raise ReadError("r.pdf", "encrypted_pdf", "无法读取：加密 / Cannot read: encrypted")


def _fail() -> None:
    raise KeyError("broken")


def test_bounded_child_is_stopped_at_its_time_limit() -> None:
    start = time.monotonic()
    with pytest.raises(ReadError) as info:
        limit_checks.run_bounded(_forever, (), path="loop.pdf", seconds=1, memory=2**30)
    assert info.value.code == "too_complex" and "reading time" in info.value.message
    assert time.monotonic() - start < 20  # stopped, not left to run (a generous margin for a loaded machine)


def test_bounded_child_cannot_grow_past_its_memory_limit() -> None:
    with pytest.raises(ReadError) as info:
        limit_checks.run_bounded(_allocate, (), path="bomb.pdf", seconds=60, memory=512 * 2**20)
    assert info.value.code == "too_complex" and "memory" in info.value.message


def test_bounded_child_passes_errors_and_results_back() -> None:
    with pytest.raises(ReadError) as info:
        limit_checks.run_bounded(_refuse, (), path="r.pdf", seconds=30, memory=2**30)
    assert (info.value.path, info.value.code) == ("r.pdf", "encrypted_pdf")
    with pytest.raises(RuntimeError, match="KeyError"):
        limit_checks.run_bounded(_fail, (), path="r.pdf", seconds=30, memory=2**30)
    assert limit_checks.run_bounded(sorted, ([3, 1, 2],), path="r.pdf", seconds=30, memory=2**30) == [1, 2, 3]


def test_charset_declaration_giving_mojibake_is_overruled_with_a_warning(tmp_path: Path) -> None:
    raw = read_file(_make(tmp_path, "html_charset_lie"))
    assert raw.encoding == "gb18030" and "义务教育均衡发展" in raw.text
    assert any("iso-8859-1" in note and "mojibake" in note for note in raw.notes)


@pytest.mark.parametrize(("name", "encoding", "lines"), [
    ("text_utf16_lone_surrogate", "utf-16", "51、101、151"), ("text_one_nul", "utf-8", "51")])
def test_undecodable_bytes_are_replaced_and_their_lines_named(tmp_path: Path, name: str, encoding: str,
                                                               lines: str) -> None:
    raw = read_file(_make(tmp_path, name))
    assert raw.encoding == encoding and "\x00" not in raw.text
    assert "义务教育均衡发展" in raw.text
    (warning,) = [note for note in raw.notes if note.startswith("警告 warning: ")]
    assert f"第 {lines} 行" in warning


def test_reading_warning_reaches_the_report_warnings(tmp_path: Path) -> None:
    from scheme import load_rubric
    from scorer.api import score_report

    result = score_report(_make(tmp_path, "text_one_nul"), load_rubric())
    assert any(w.kind.value == "reading" and "NUL" in w.message for w in result.warnings)


def test_big5_text_is_detected(tmp_path: Path) -> None:
    raw = read_file(_make(tmp_path, "text_big5"))
    assert raw.encoding == "big5" and "義務教育均衡發展" in raw.text


def test_binary_file_is_still_not_text(tmp_path: Path) -> None:
    with pytest.raises(ReadError) as info:
        read_file(_make(tmp_path, "binary_png"))
    assert info.value.code == "not_text"


RUBRIC_PROBLEMS = {
    "rubric_alias_bomb": f"more than {MAX_ALIAS_NODES:,} nodes",
    "rubric_backtracking": "catastrophic backtracking",
    "rubric_nan": ".nan is not a finite number",
    "rubric_infinity": ".inf is not a finite number",
    "rubric_date": "unsupported YAML type timestamp",
    "rubric_huge_int": "integer too long (5000 digits)",
}


@pytest.mark.parametrize("name", sorted(RUBRIC_PROBLEMS))
def test_hostile_rubric_is_a_located_problem(tmp_path: Path, name: str) -> None:
    path = _make(tmp_path, name)
    problems = check_rubric(path)
    assert len(problems) == 1
    (problem,) = problems
    assert RUBRIC_PROBLEMS[name] in problem.en
    lines = path.read_text(encoding="utf-8").splitlines()
    line = lines[problem.line - 1]
    expected = {"rubric_alias_bomb": "&a0", "rubric_backtracking": "(\\S+\\s?)+", "rubric_nan": ".nan",
                "rubric_infinity": ".inf", "rubric_date": "2021-01-01", "rubric_huge_int": "99999"}[name]
    assert expected in line


def test_a_few_aliases_are_still_fine(tmp_path: Path) -> None:
    text = (Path(hc.__file__).parent.parent / "scheme" / "cq-2022.yaml").read_text(encoding="utf-8")
    text = text.replace("total_points: 100\n", "hundred: &h 100\ntotal_points: *h\n", 1)
    path = tmp_path / "aliases.yaml"
    path.write_text(text, encoding="utf-8")
    # The only problem is the extra key (the schema's), not the alias.
    assert [p.en.split(" ")[0:2] for p in check_rubric(path)] == [["unknown", "key"]]


@pytest.mark.parametrize(("pattern", "risk"), [
    (r"(\S+\s?)+不存在的词语", "nested"), (r"(a*)*b", "nested"), (r"(a|ab)+c", "nested"), (r"(\d+、)+", "nested"),
    (r"\d+", None), (r"(?:一|二)+", None), (r"[^。]*经费", None), (r"(\d{4})+", None), (r"(\d+、){1,10}", None),
    ("x" * 501, "length")])
def test_backtracking_risk(pattern: str, risk: str | None) -> None:
    assert backtracking_risk(pattern) == risk


def test_html_scan_skips_scripts_and_comments() -> None:
    page = ("<html><body><script>" + "<div>" * 1000 + "</script><!--" + "<div>" * 1000
            + "--><p>正文</p></body></html>")
    limit_checks.check_html(page, "page.html")  # nothing raised: those are not elements


def test_workbook_with_too_many_shared_strings_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import zipfile

    from reports.review import ReviewError, read_review

    monkeypatch.setattr(limit_checks, "MAX_SHARED_STRINGS", 100)
    path = tmp_path / "评分表.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/sharedStrings.xml", "<sst>" + "<si><t>x</t></si>" * 101 + "</sst>")
    with pytest.raises(ReviewError, match=re.escape("shared strings")):
        read_review(path)
