"""PDF reports (made with reportlab in STSong-Light): chrome removal, reflow, scans, encryption."""

from __future__ import annotations

from pathlib import Path

import pytest

from scorer.errors import ReadError
from scorer.readers import pdf as pdf_reader
from scorer.readers import read_file
from scorer.readers.pdf import Line, reflow, strip_chrome

PARAGRAPHS = [
    f"{i}. 第{i}项工作。县委、县政府始终坚持党对教育工作的全面领导，专题研究教育工作{i}次，"
    "出台文件8个，严格落实年终述职必述教育工作制度，经费增长0.31%。"
    for i in range(1, 41)
]


def test_cjk_text_extracts_back(make_pdf) -> None:
    raw = read_file(make_pdf("cjk_one_line.pdf", ["一、2021年履行教育职责情况（渝府教督〔2022〕5号）“两个只增不减”"]))
    assert raw.text == "一、2021年履行教育职责情况（渝府教督〔2022〕5号）“两个只增不减”"
    assert (raw.format, raw.encoding) == ("pdf", None)


@pytest.mark.parametrize(
    ("style", "number"),
    [("dash", lambda n, _t: f"- {n} -"), ("di_ye", lambda n, _t: f"第 {n} 页"), ("slash", lambda n, _t: f"{n}/4"),
     ("bare", lambda n, _t: str(n))],
)
def test_running_header_and_page_numbers_dropped(make_pdf, style: str, number) -> None:
    path = make_pdf(
        f"multipage_header_{style}.pdf", PARAGRAPHS, header="云阳县履行教育职责自评报告", page_number=number
    )
    raw = read_file(path)
    assert raw.text.split("\n") == PARAGRAPHS
    rules = {d.rule: d for d in raw.dropped}
    assert set(rules) == {"pdf_repeated_header", "pdf_page_number"}
    n_pages = rules["pdf_page_number"].count
    assert n_pages >= 3
    assert rules["pdf_repeated_header"].count == n_pages
    assert rules["pdf_repeated_header"].text == "云阳县履行教育职责自评报告"
    assert rules["pdf_page_number"].text == number(1, 0)


def test_number_lines_inside_the_page_are_kept(make_pdf) -> None:
    paragraphs = ["一、总体情况", "2021", "正文。"]
    assert read_file(make_pdf("bare_number_mid_page.pdf", paragraphs, page_number=lambda n, _t: str(n))).text == (
        "一、总体情况\n2021\n正文。"
    )


def test_header_on_fewer_than_half_the_pages_is_kept() -> None:
    pages = [[Line("本页说明", 72, 200, 12), Line(f"正文{i}", 72, 200, 12)] for i in range(4)]
    pages[0][0] = Line("只在首页的标题", 72, 200, 12)
    kept, dropped = strip_chrome(pages)
    assert dropped == [] or {d.rule for d in dropped} == {"pdf_repeated_header"}
    assert any(line.text == "只在首页的标题" for line in kept[0])


def test_fake_bold_doubled_characters_are_deduplicated(blank_pdf) -> None:
    pdf = blank_pdf("fake_bold_double_draw.pdf")
    pdf.setFont("STSong-Light", 14)
    for dx in (0, 0.3):  # Word's "fake bold" draws each glyph twice, slightly shifted
        pdf.drawString(72 + dx, 700, "一、加强党的领导")
    pdf.save()
    assert read_file(pdf._filename).text == "一、加强党的领导"


def test_scanned_pdf_without_text_layer(blank_pdf) -> None:
    pdf = blank_pdf("scanned_image_only.pdf")
    pdf.rect(72, 72, 400, 600, fill=1)
    pdf.showPage()
    pdf.rect(100, 100, 300, 300, fill=0)
    pdf.save()
    with pytest.raises(ReadError) as info:
        read_file(pdf._filename)
    assert info.value.code == "scanned_pdf"
    assert "OCR" in info.value.message
    assert "扫描件" in info.value.message


def test_encrypted_pdf(blank_pdf) -> None:
    pdf = blank_pdf("encrypted_user_password.pdf", encrypt="pw")
    pdf.drawString(72, 700, "secret")
    pdf.save()
    with pytest.raises(ReadError) as info:
        read_file(pdf._filename)
    assert info.value.code == "encrypted_pdf"


def test_text_file_named_pdf(tmp_path: Path) -> None:
    path = tmp_path / "text_named.pdf"
    path.write_text("这不是 PDF", encoding="utf-8")
    with pytest.raises(ReadError) as info:
        read_file(path)
    assert info.value.code == "not_a_pdf"


def test_truncated_pdf(tmp_path: Path, make_pdf) -> None:
    good = make_pdf("good.pdf", PARAGRAPHS[:3]).read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(good[:200])
    with pytest.raises(ReadError) as info:
        read_file(path)
    assert info.value.code in {"corrupt_pdf", "scanned_pdf"}


def _garbage_layout(text: str):
    return lambda _path: ([[Line(text, 72, 120, 12)]], [], 0)


def test_unmapped_glyphs_fall_back_to_pdfplumber(make_pdf, monkeypatch: pytest.MonkeyPatch) -> None:
    path = make_pdf("unmapped_glyphs_fallback.pdf", ["一、总体情况。"])
    monkeypatch.setattr(pdf_reader, "layout_pages", _garbage_layout("\ufffd\ufffd\ufffd"))
    raw = read_file(path)
    assert raw.text == "一、总体情况。"
    assert any("pdfplumber" in note for note in raw.notes)


def test_cid_garbage_falls_back_to_pypdfium2_text(make_pdf, monkeypatch: pytest.MonkeyPatch) -> None:
    path = make_pdf("cid_garbage_fallback.pdf", ["一、总体情况。"])
    monkeypatch.setattr(pdf_reader, "layout_pages", _garbage_layout("\ufffd\ufffd\ufffd"))
    monkeypatch.setattr(pdf_reader, "_page_lines", lambda _page: [Line("(cid:12)(cid:34)(cid:56)", 72, 120, 12)])
    raw = read_file(path)
    assert raw.text == "一、总体情况。"
    assert any("pypdfium2 text" in note for note in raw.notes)


def test_cid_garbage_everywhere_is_garbled(make_pdf, monkeypatch: pytest.MonkeyPatch) -> None:
    path = make_pdf("cid_garbage_no_fallback.pdf", ["一、总体情况。"])
    monkeypatch.setattr(pdf_reader, "layout_pages", _garbage_layout("\ufffd\ufffd"))
    monkeypatch.setattr(pdf_reader, "_page_lines", lambda _page: [Line("(cid:12)(cid:34)", 72, 120, 12)])
    monkeypatch.setattr(pdf_reader, "_pdfium_pages", lambda _path: None)
    with pytest.raises(ReadError) as info:
        read_file(path)
    assert info.value.code == "garbled_pdf"


def _lines(*specs: tuple[str, float, float]) -> list[list[Line]]:
    return [[Line(text, x0, x1, 10) for text, x0, x1 in specs]]


def test_reflow_joins_full_width_lines_not_ending_a_sentence() -> None:
    pages = _lines(
        ("一、总体情况", 100, 160),
        ("按照要求，我县认真开展自评工作，现将", 100, 500),
        ("有关情况报告如下：", 100, 190),
        ("第一段完整结束。", 100, 499),
        ("第二段", 100, 130),
        ("（一）加强领导", 100, 500),
        ("1. 健全机制，全年投入", 100, 500),
        ("2. 强化党建", 100, 200),
    )
    assert reflow(pages) == [
        "一、总体情况", "按照要求，我县认真开展自评工作，现将有关情况报告如下：", "第一段完整结束。",
        "第二段", "（一）加强领导", "1. 健全机制，全年投入", "2. 强化党建",
    ]


def test_reflow_indent_mode_ignores_sentence_end_at_line_end() -> None:
    pages = _lines(
        ("第一段开头缩进，写满一整行。", 120, 500), ("接着写完。", 100, 150),
        ("第二段开头缩进，写满一整行", 120, 500), ("继续", 100, 500), ("写完。", 100, 130),
        ("第三段开头缩进，句号恰在行尾。", 120, 500), ("段落还没有结束。", 100, 180),
        ("第四段开头缩进，写满一整行", 120, 500), ("写完。", 100, 130),
    )
    assert reflow(pages) == ["第一段开头缩进，写满一整行。接着写完。", "第二段开头缩进，写满一整行继续写完。",
                             "第三段开头缩进，句号恰在行尾。段落还没有结束。", "第四段开头缩进，写满一整行写完。"]


def test_reflow_joins_across_pages_and_keeps_english_words_apart() -> None:
    pages = [[Line("跨页的段落", 100, 500, 10), Line("写满一行", 100, 500, 10), Line("the annual", 100, 500, 10)],
             [Line("report。", 100, 140, 10)]]
    assert reflow(pages) == ["跨页的段落写满一行the annual report。"]


def test_reflow_without_a_shared_right_edge_joins_nothing() -> None:
    assert reflow(_lines(("很长的一行没有句号", 100, 500), ("短行", 100, 150))) == ["很长的一行没有句号", "短行"]
