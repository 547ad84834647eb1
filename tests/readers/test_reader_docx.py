"""Word .docx reports: document order, tables, heading hints, synthesised automatic numbering, bad files."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from scorer.errors import ReadError
from scorer.readers import read_file
from scorer.readers.numbering import chinese_counting, format_number

LINES = ["云阳县人民政府办公室", "关于报送履行教育职责自评情况的函", "", "一、2021年履行教育职责情况", "增长0.31%。"]


def _numbered_document(
    levels: list[tuple[str, str]], extra: str = "", suff: str = "nothing"
) -> tuple[docx.Document, str]:
    """A document whose numbering.xml has one abstractNum with the given (numFmt, lvlText) levels."""
    document = docx.Document()
    numbering = document.part.numbering_part.element
    suff_xml = f'<w:suff w:val="{suff}"/>' if suff != "tab" else ""  # tab is Word's default
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/>{suff_xml}</w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">{lvls}</w:abstractNum>')
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)  # schema order: every abstractNum before the first num
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="77"><w:abstractNumId w:val="90"/>{extra}</w:num>'))
    return document, "77"


def _add_numbered(document: docx.Document, text: str, num_id: str, ilvl: int) -> None:
    paragraph = document.add_paragraph(text)
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def test_plain_paragraphs_equal_the_txt_lines(tmp_path: Path, make_docx) -> None:
    txt = tmp_path / "same.txt"
    txt.write_text("\n".join(LINES), encoding="utf-8")
    raw = read_file(make_docx("plain_paragraphs.docx", LINES))
    assert raw.text == read_file(txt).text
    assert (raw.format, raw.encoding, raw.hints) == ("docx", None, ())


def test_heading_styles_give_hints(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("一、总体情况", level=1)
    document.add_paragraph("正文。")
    document.add_heading("（一）党的领导", level=2)
    cn_style = document.styles.add_style("标题 3", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("1. 健全长效机制", style=cn_style)
    outline = document.add_paragraph("（1）按大纲级别")
    outline._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="3"/>'))
    path = tmp_path / "heading_styles.docx"
    document.save(str(path))
    raw = read_file(path)
    got = [(raw.text[h.start:h.end], h.level, h.source) for h in raw.hints]
    assert got == [
        ("一、总体情况", 1, "style:Heading 1"),
        ("（一）党的领导", 2, "style:Heading 2"),
        ("1. 健全长效机制", 3, "style:标题 3"),
        ("（1）按大纲级别", 4, "outline:4"),
    ]


def test_chinese_counting_numbering_markers_are_synthesised(tmp_path: Path) -> None:
    document, num = _numbered_document(
        [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3."),
         ("decimalEnclosedCircle", "%4")]
    )
    for text, ilvl in [("2021年履行教育职责情况", 0), ("加强党的领导", 1), ("健全长效机制。", 2),
                       ("强化党建引领。", 2), ("落实优先发展", 1), ("规划优先。", 2), ("小项", 3),
                       ("问题和不足", 0)]:
        _add_numbered(document, text, num, ilvl)
    path = tmp_path / "auto_numbering_chinese_counting.docx"
    document.save(str(path))
    raw = read_file(path)
    assert raw.text.split("\n") == [
        "一、2021年履行教育职责情况", "（一）加强党的领导", "1.健全长效机制。", "2.强化党建引领。",
        "（二）落实优先发展", "1.规划优先。", "①小项", "二、问题和不足",
    ]
    assert [(h.level, h.source) for h in raw.hints] == [
        (1, "numbering:chineseCounting"), (2, "numbering:chineseCounting"), (3, "numbering:decimal"),
        (3, "numbering:decimal"), (2, "numbering:chineseCounting"), (3, "numbering:decimal"),
        (5, "numbering:decimalEnclosedCircle"), (1, "numbering:chineseCounting"),
    ]
    for hint, line in zip(raw.hints, raw.text.split("\n"), strict=True):
        assert raw.text[hint.start:hint.end] == line


def test_numbering_start_override_and_default_tab_separator(tmp_path: Path) -> None:
    override = '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride>'
    document, num = _numbered_document([("decimal", "%1.")], extra=override, suff="tab")
    _add_numbered(document, "第五项", num, 0)
    _add_numbered(document, "第六项", num, 0)
    path = tmp_path / "numbering_start_override.docx"
    document.save(str(path))
    assert read_file(path).text == "5. 第五项\n6. 第六项"


def test_bullets_get_no_marker_and_no_hint(tmp_path: Path) -> None:
    document, num = _numbered_document([("bullet", "\uf0b7")])
    _add_numbered(document, "要点", num, 0)
    path = tmp_path / "bullet_list.docx"
    document.save(str(path))
    raw = read_file(path)
    assert (raw.text, raw.hints) == ("要点", ())


@pytest.mark.parametrize(
    ("n", "fmt", "shown"),
    [(1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (11, "chineseCounting", "十一"),
     (20, "chineseCountingThousand", "二十"), (105, "chineseCounting", "一百零五"),
     (110, "chineseCounting", "一百一十"), (3, "decimalEnclosedCircle", "③"), (2, "chineseLegalSimplified", "贰"),
     (12, "decimalZero", "12"), (4, "lowerRoman", "iv"), (28, "upperLetter", "BB"), (7, "cardinalText", "7")],
)
def test_number_formats(n: int, fmt: str, shown: str) -> None:
    assert format_number(n, fmt) == shown


def test_chinese_counting_zero() -> None:
    assert chinese_counting(0) == "〇"


def test_table_becomes_one_line_per_row_in_document_order(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("表1 经费情况")
    table = document.add_table(rows=2, cols=3)
    for r, row in enumerate([("项目", "2020年", "2021年"), ("生均经费", "8492.72", "8881.53")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("表后正文。")
    path = tmp_path / "table.docx"
    document.save(str(path))
    assert read_file(path).text == "表1 经费情况\n项目 | 2020年 | 2021年\n生均经费 | 8492.72 | 8881.53\n表后正文。"


def test_headers_and_footers_are_not_text(tmp_path: Path) -> None:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "云阳县人民政府（页眉）"
    document.sections[0].footer.paragraphs[0].text = "第 1 页"
    document.add_paragraph("正文。")
    path = tmp_path / "header_footer.docx"
    document.save(str(path))
    assert read_file(path).text == "正文。"


def test_tracked_insertions_kept_deletions_and_hidden_text_dropped(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("保留")
    paragraph._p.append(parse_xml(
        f'<w:ins {nsdecls("w")} w:id="1" w:author="a"><w:r><w:t>插入</w:t></w:r></w:ins>'))
    paragraph._p.append(parse_xml(
        f'<w:del {nsdecls("w")} w:id="2" w:author="a"><w:r><w:delText>删除</w:delText></w:r></w:del>'))
    paragraph._p.append(parse_xml(
        f'<w:r {nsdecls("w")}><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>'))
    path = tmp_path / "tracked_changes.docx"
    document.save(str(path))
    assert read_file(path).text == "保留插入"


def test_not_a_zip_docx_has_bilingual_remedy(tmp_path: Path) -> None:
    path = tmp_path / "not_a_zip.docx"
    path.write_bytes("这其实是文本".encode())
    with pytest.raises(ReadError) as info:
        read_file(path)
    assert info.value.code == "not_a_docx"
    assert info.value.message == (
        "无法读取：文件不是有效的 Word 文档（.docx 应为 zip 压缩包）。请在 Word/WPS 中另存为 .docx 后重试。 / "
        "Cannot read: not a valid .docx (not a zip archive). Re-save it as .docx in Word or WPS and try again."
    )
    assert str(info.value).startswith(str(path))


def test_zip_bomb_refused_from_zip_directory_before_parsing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "zip_bomb.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            chunk = b" " * (1 << 20)
            for _ in range(201):
                fh.write(chunk)
    assert path.stat().st_size < 2 * 2**20

    def must_not_open(*_args: object) -> None:
        raise AssertionError("python-docx must not be called on a zip bomb")

    monkeypatch.setattr(docx, "Document", must_not_open)
    with pytest.raises(ReadError) as info:
        read_file(path)
    assert info.value.code == "too_large"
    assert "word/document.xml" in info.value.message


def test_excel_workbook_named_docx(tmp_path: Path) -> None:
    import openpyxl

    path = tmp_path / "xlsx_named.docx"
    openpyxl.Workbook().save(path)
    with pytest.raises(ReadError) as info:
        read_file(path)
    assert info.value.code == "not_a_docx"
    assert "Excel" in info.value.message


def test_damaged_document_xml(tmp_path: Path, make_docx) -> None:
    good = make_docx("good.docx", ["正文"])
    path = tmp_path / "damaged_document_xml.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = b"<w:document><unclosed" if item.filename == "word/document.xml" else src.read(item)
            dst.writestr(item, data)
    with pytest.raises(ReadError) as info:
        read_file(path)
    assert info.value.code == "corrupt_docx"


def test_password_protected_docx_is_an_ole_container(tmp_path: Path) -> None:
    path = tmp_path / "encrypted.docx"
    ole = io.BytesIO()
    ole.write(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1000)
    ole.write("EncryptedPackage".encode("utf-16-le") + b"\x00" * 100)
    path.write_bytes(ole.getvalue())
    with pytest.raises(ReadError) as info:
        read_file(path)
    assert info.value.code == "encrypted_docx"


def test_doc_named_docx_goes_to_libreoffice(tmp_path: Path, no_libreoffice: None) -> None:
    path = tmp_path / "word97_named.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000)
    with pytest.raises(ReadError) as info:
        read_file(path)
    assert info.value.code == "needs_conversion"


def test_empty_docx(make_docx) -> None:
    with pytest.raises(ReadError) as info:
        read_file(make_docx("no_text.docx", ["", "  "]))
    assert info.value.code == "empty"


def test_content_controls_are_read_in_document_order(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("前")
    after = document.add_paragraph("后")
    after._p.addprevious(parse_xml(
        f'<w:sdt {nsdecls("w")}><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>控件中的段落</w:t></w:r></w:p>'
        "</w:sdtContent></w:sdt>"
    ))
    path = tmp_path / "content_control_sdt.docx"
    document.save(str(path))
    assert read_file(path).text == "前\n控件中的段落\n后"
