"""Crafted hostile inputs (issue 16), each written by a function at any scale.

``benchmarks/hostile.py`` writes every case at full size (the sizes the issue measured) and runs it
through ``lvzhi score``; ``tests/test_hostile_inputs.py`` writes the same cases small and asserts the
outcome. A case is ``(file name, builder, full scale, small scale)``; the builder writes the file
``path`` at ``scale`` (a count of repetitions, elements or levels) and nothing is ever committed.
"""

from __future__ import annotations

import codecs
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
       'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
       'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
       '"/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
       'document.main+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.'
       'openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>')
_ROOT_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
              'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
              'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
_DOC_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
             'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
             'officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>')


def _docx(path: Path, body: str, numbering: str = "") -> None:
    """A minimal .docx: document body XML and an optional numbering.xml."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CT)
        zf.writestr("_rels/.rels", _ROOT_RELS)
        rels = _DOC_RELS if numbering else _DOC_RELS.split("<Relationship ", maxsplit=1)[0] + "</Relationships>"
        zf.writestr("word/_rels/document.xml.rels", rels)
        zf.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{_W_NS}" '
                    f'xmlns:r="{_R_NS}"><w:body>{body}</w:body></w:document>')
        if numbering:
            zf.writestr("word/numbering.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:numbering '
                        f'xmlns:w="{_W_NS}">{numbering}</w:numbering>')


def _numbered_paragraphs(count: int) -> str:
    para = ('<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>'
            '<w:r><w:t>推进义务教育优质均衡发展</w:t></w:r></w:p>')
    return para * count


def docx_numbering_start(path: Path, scale: int) -> None:
    """A letter-format list whose ``w:start`` is ``scale`` (a letter repeats value/26 times)."""
    numbering = (f'<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="{scale}"/>'
                 '<w:numFmt w:val="upperLetter"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
                 '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>')
    _docx(path, _numbered_paragraphs(200), numbering)


def docx_numbering_override(path: Path, scale: int) -> None:
    """As :func:`docx_numbering_start` through ``w:startOverride``."""
    numbering = ('<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
                 '<w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1)"/></w:lvl></w:abstractNum>'
                 f'<w:num w:numId="1"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0">'
                 f'<w:startOverride w:val="{scale}"/></w:lvlOverride></w:num>')
    _docx(path, _numbered_paragraphs(200), numbering)


def docx_lvltext_repeat(path: Path, scale: int) -> None:
    """``%1`` repeated ``scale`` times in one ``lvlText``, on many paragraphs."""
    numbering = ('<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
                 f'<w:numFmt w:val="upperLetter"/><w:lvlText w:val="{"%1" * scale}"/></w:lvl></w:abstractNum>'
                 '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>')
    _docx(path, _numbered_paragraphs(2000), numbering)


def docx_deep(path: Path, scale: int) -> None:
    """Content controls (``w:sdt``) nested ``scale`` deep around one paragraph."""
    body = ("<w:sdt><w:sdtContent>" * scale + "<w:p><w:r><w:t>深层嵌套</w:t></w:r></w:p>"
            + "</w:sdtContent></w:sdt>" * scale)
    _docx(path, body)


def docx_big_xml(path: Path, scale: int) -> None:
    """A .docx whose document.xml is ``scale`` MB of short paragraphs (compressed a hundredfold)."""
    para = "<w:p><w:r><w:t>经费</w:t></w:r></w:p>"
    _docx(path, para * (scale * 2**20 // len(para.encode())))


def docx_many_members(path: Path, scale: int) -> None:
    """A .docx with ``scale`` extra empty zip members."""
    _docx(path, "<w:p><w:r><w:t>正文</w:t></w:r></w:p>")
    with zipfile.ZipFile(path, "a") as zf:
        for i in range(scale):
            zf.writestr(f"customXml/item{i}.xml", "")


# PDFs are written by hand: the hostile ones are exactly what PDF libraries refuse to produce.
def _pdf(objects: list[bytes]) -> bytes:
    """Assemble numbered objects (1-based) into a PDF with a cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _page_objects(content: bytes, media: bytes = b"[0 0 595 842]", extra: bytes = b"") -> list[bytes]:
    return [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox " + media + b" /Resources << /Font << /F1 5 0 R >> >> "
            b"/Contents 4 0 R >>",
            content, _FONT, *([extra] if extra else [])]


def pdf_length_loop(path: Path, scale: int) -> None:
    """A content stream whose ``/Length`` is a reference to itself through two objects."""
    objs = _page_objects(b"<< /Length 6 0 R >>\nstream\nBT /F1 12 Tf 72 720 Td (Hello) Tj ET\nendstream",
                         extra=b"7 0 R")
    objs.append(b"6 0 R")
    path.write_bytes(_pdf(objs))


def pdf_flate_bomb(path: Path, scale: int) -> None:
    """A content stream of ``scale`` MB of spaces, deflated (about a thousandth of that on disk)."""
    comp = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    data = b"".join(comp.compress(chunk) for _ in range(scale)) + comp.flush()
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    path.write_bytes(_pdf(_page_objects(stream)))


def pdf_huge_page(path: Path, scale: int) -> None:
    """One page of ``scale`` points square holding ``scale`` // 4 lines of text."""
    ops = [b"BT /F1 2 Tf"]
    ops.extend(b"1 0 0 1 %d %d Tm (Report line %d) Tj" % (10 + (i % 40) * 90, 10 + (i // 40) * 3, i)
               for i in range(scale // 4))
    ops.append(b"ET")
    body = b"\n".join(ops)
    stream = b"<< /Length %d >>\nstream\n" % len(body) + body + b"\nendstream"
    path.write_bytes(_pdf(_page_objects(stream, media=b"[0 0 %d %d]" % (scale, scale))))


def html_unclosed_divs(path: Path, scale: int) -> None:
    """``scale`` ``<div>`` tags never closed."""
    path.write_bytes(b"<html><body>" + b"<div>x" * scale + b"</body></html>")


def html_many_attributes(path: Path, scale: int) -> None:
    """One element with ``scale`` attributes."""
    attrs = b" ".join(b'a%d="1"' % i for i in range(scale))
    path.write_bytes(b"<html><body><p " + attrs + b">text</p></body></html>")


def html_many_paragraphs(path: Path, scale: int) -> None:
    """``scale`` short paragraphs."""
    path.write_bytes(b"<html><body>" + "<p>教育经费投入</p>".encode() * scale + b"</body></html>")


def html_many_spans(path: Path, scale: int) -> None:
    """``scale`` inline elements, ten to a paragraph (the element limit is 500,000)."""
    path.write_bytes(b"<html><body>" + ("<p>" + "<span>教育</span>" * 10 + "</p>").encode() * (scale // 11)
                     + b"</body></html>")


def html_nested_tables(path: Path, scale: int) -> None:
    """Tables nested ``scale`` deep, two cells a row."""
    html = "<table><tr><td>甲</td><td>" * scale + "乙" + "</td></tr></table>" * scale
    path.write_bytes(f"<html><body>{html}</body></html>".encode())


def html_charset_lie(path: Path, scale: int) -> None:
    """A GB18030 page that declares ``iso-8859-1``."""
    para = "<p>一、义务教育均衡发展。全县投入教育经费12亿元，比上年增长5.2%。</p>" * scale
    html = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
            f"<title>自评报告</title></head><body>{para}</body></html>")
    path.write_bytes(html.encode("gb18030"))


def text_damaged_figures(path: Path, scale: int) -> None:
    """``3100%700600500元20225号`` repeated ``scale`` times (1.25 MB at 50,000)."""
    path.write_text("3100%700600500元20225号" * scale, encoding="utf-8")


def text_many_lines(path: Path, scale: int) -> None:
    """``scale`` short lines (13 MB at 1,000,000)."""
    path.write_text("一、教育经费\n" * scale, encoding="utf-8")


def text_utf16_lone_surrogate(path: Path, scale: int) -> None:
    """UTF-16 text with a lone surrogate every ``scale`` characters."""
    unit = "一、义务教育均衡发展，投入经费12亿元。\n".encode("utf-16-le")
    path.write_bytes(codecs.BOM_UTF16_LE + (unit * scale + b"\x00\xd8") * 3 + unit)


def text_big5(path: Path, scale: int) -> None:
    """Traditional Chinese text in Big5."""
    path.write_bytes("一、義務教育均衡發展。全縣投入教育經費12億元，比上年增長5.2%。\n".encode("big5") * scale)


def text_one_nul(path: Path, scale: int) -> None:
    """UTF-8 report text with a single NUL byte in the middle."""
    line = "一、义务教育均衡发展，投入经费12亿元。\n".encode()
    path.write_bytes(line * scale + b"\x00" + line * scale)


def text_lines_at_limit(path: Path, scale: int) -> None:
    """``scale`` heading lines, each a section of its own (the line limit is 50,000)."""
    path.write_text("一、教育经费\n" * scale, encoding="utf-8")


def text_chars_at_limit(path: Path, scale: int) -> None:
    """A generated report repeated to ``scale`` characters (the character limit is 2,000,000)."""
    import random

    from benchmarks.generate import generate_report

    report = generate_report(random.Random(1), 60_000).text + "\n"
    path.write_text((report * (scale // len(report) + 1))[:scale], encoding="utf-8")


def text_damage_at_limit(path: Path, scale: int) -> None:
    """``scale`` damaged figures in one line (the limit is 5,000)."""
    path.write_text("3100%700600500元20225号" * (scale // 2), encoding="utf-8")


def binary_png(path: Path, scale: int) -> None:
    """A real binary file (PNG-like bytes) named .txt."""
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * scale)


def rubric_alias_bomb(path: Path, scale: int) -> None:
    """A rubric whose anchors double ``scale`` times (the billion-laughs shape)."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines.extend(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, scale + 1))
    lines.append(f"scheme: *a{scale}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@dataclass(frozen=True)
class Case:
    """One hostile input: how to make it and at what sizes."""

    name: str
    suffix: str
    build: Callable[[Path, int], None]
    full: int
    small: int
    what: str


CASES: tuple[Case, ...] = (
    Case("docx_numbering_start", ".docx", docx_numbering_start, 2_000_000_000, 10_000_000, "w:start huge, letters"),
    Case("docx_numbering_override", ".docx", docx_numbering_override, 2_000_000_000, 10_000_000,
         "w:startOverride huge"),
    Case("docx_lvltext_repeat", ".docx", docx_lvltext_repeat, 10_000, 2_000, "%1 repeated in lvlText"),
    Case("docx_deep", ".docx", docx_deep, 100_000, 2_000, "w:sdt nested deep"),
    Case("docx_big_xml", ".docx", docx_big_xml, 190, 40, "document.xml of short paragraphs"),
    Case("docx_xml_at_limit", ".docx", docx_big_xml, 19, 1, "document.xml just under its limit"),
    Case("docx_many_members", ".docx", docx_many_members, 100_000, 12_000, "zip members"),
    Case("pdf_length_loop", ".pdf", pdf_length_loop, 1, 1, "/Length reference loop"),
    Case("pdf_flate_bomb", ".pdf", pdf_flate_bomb, 10_000, 600, "Flate bomb"),
    Case("pdf_huge_page", ".pdf", pdf_huge_page, 200_000, 40_000, "one huge page"),
    Case("html_unclosed_divs", ".html", html_unclosed_divs, 200_000, 5_000, "unclosed <div>"),
    Case("html_many_attributes", ".html", html_many_attributes, 100_000, 5_000, "attributes on one element"),
    Case("html_many_paragraphs", ".html", html_many_paragraphs, 300_000, 60_000, "<p> elements"),
    Case("html_elements_at_limit", ".html", html_many_spans, 499_000, 1_100, "elements, at the limit"),
    Case("html_nested_tables", ".html", html_nested_tables, 400, 400, "tables nested"),
    Case("html_charset_lie", ".html", html_charset_lie, 40, 40, "GB18030 declared iso-8859-1"),
    Case("text_damaged_figures", ".txt", text_damaged_figures, 50_000, 3_000, "damaged figures repeated"),
    Case("text_many_lines", ".txt", text_many_lines, 1_000_000, 60_000, "short lines"),
    Case("text_utf16_lone_surrogate", ".txt", text_utf16_lone_surrogate, 50, 50, "UTF-16 lone surrogates"),
    Case("text_big5", ".txt", text_big5, 50, 50, "Big5 text"),
    Case("text_one_nul", ".txt", text_one_nul, 50, 50, "one NUL byte"),
    Case("binary_png", ".txt", binary_png, 64, 64, "binary named .txt"),
    # Just under the limits: the most a report may cost and still be scored.
    Case("text_lines_at_limit", ".txt", text_lines_at_limit, 49_999, 500, "heading lines, at the limit"),
    Case("text_chars_at_limit", ".txt", text_chars_at_limit, 1_999_999, 20_000, "characters, at the limit"),
    Case("text_damage_at_limit", ".txt", text_damage_at_limit, 4_998, 100, "damaged figures, at the limit"),
)


def _shipped_rubric() -> str:
    return (Path(__file__).resolve().parent.parent / "scheme" / "cq-2022.yaml").read_text(encoding="utf-8")


def _edit_rubric(path: Path, old: str, new: str) -> None:
    text = _shipped_rubric()
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def rubric_backtracking(path: Path, scale: int) -> None:
    """A mention pattern with nested quantifiers that backtracks catastrophically on any long line."""
    _edit_rubric(path, "            groups:\n              - - 党委教育工作领导小组\n",
                 "            patterns:\n              - '(\\S+\\s?)+不存在的词语'\n"
                 "            groups:\n              - - 党委教育工作领导小组\n")


def rubric_nan(path: Path, scale: int) -> None:
    """``total_points: .nan``."""
    _edit_rubric(path, "total_points: 100\n", "total_points: .nan\n")


def rubric_infinity(path: Path, scale: int) -> None:
    """``total_points: .inf``."""
    _edit_rubric(path, "total_points: 100\n", "total_points: .inf\n")


def rubric_date(path: Path, scale: int) -> None:
    """An unquoted date where text is expected (``period: 2021-01-01``)."""
    _edit_rubric(path, "  period: 2021年以来\n", "  period: 2021-01-01\n")


def rubric_huge_int(path: Path, scale: int) -> None:
    """``total_points`` of ``scale`` digits."""
    _edit_rubric(path, "total_points: 100\n", f"total_points: {'9' * scale}\n")


RUBRIC_CASES: tuple[Case, ...] = (
    Case("rubric_alias_bomb", ".yaml", rubric_alias_bomb, 9, 6, "YAML aliases 9^levels"),
    Case("rubric_backtracking", ".yaml", rubric_backtracking, 1, 1, "(\\S+\\s?)+ pattern"),
    Case("rubric_nan", ".yaml", rubric_nan, 1, 1, "total_points .nan"),
    Case("rubric_infinity", ".yaml", rubric_infinity, 1, 1, "total_points .inf"),
    Case("rubric_date", ".yaml", rubric_date, 1, 1, "unquoted date"),
    Case("rubric_huge_int", ".yaml", rubric_huge_int, 5000, 5000, "5,000-digit integer"),
)
