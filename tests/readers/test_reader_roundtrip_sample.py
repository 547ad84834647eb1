"""Round trip of the real Yunyang 2022 report through every format the reader accepts.

The report is written as GB18030 with CRLF, as .docx (one paragraph per line), as a wrapped and
paginated PDF (running header, page numbers) and as a government web page, then read back. The
non-empty lines (whitespace stripped) must equal the original's.
"""

from __future__ import annotations

import html
from pathlib import Path

import docx

from scorer.readers import read_file


def _nonempty(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def test_sample_as_gb18030_crlf_text(tmp_path: Path, sample_text: str) -> None:
    path = tmp_path / "yunyang_gb18030_crlf.txt"
    path.write_bytes(sample_text.replace("\n", "\r\n").encode("gb18030"))
    raw = read_file(path)
    assert raw.encoding == "gb18030"
    assert raw.text == sample_text  # exact, not only line by line
    assert "CRLF line endings normalised" in raw.notes


def test_sample_as_docx_one_paragraph_per_line(tmp_path: Path, sample_text: str) -> None:
    document = docx.Document()
    for line in sample_text.split("\n"):
        document.add_paragraph(line)
    path = tmp_path / "yunyang_paragraph_per_line.docx"
    document.save(str(path))
    raw = read_file(path)
    assert _nonempty(raw.text) == _nonempty(sample_text)
    assert raw.text == sample_text  # python-docx keeps every space, so this holds too


def test_sample_as_wrapped_paginated_pdf(tmp_path: Path, sample_text: str, make_pdf) -> None:
    expected = _nonempty(sample_text)
    path = make_pdf(
        "yunyang_wrapped_paginated.pdf", expected, header="云阳县2022年履行教育职责自评报告",
        page_number=lambda n, _t: f"- {n} -",
    )
    raw = read_file(path)
    assert _nonempty(raw.text) == expected
    rules = {d.rule: d.count for d in raw.dropped}
    assert rules["pdf_page_number"] == rules["pdf_repeated_header"] >= 5


def test_sample_as_government_web_page(tmp_path: Path, sample_text: str) -> None:
    body = "\n".join(f"<p>{html.escape(line)}</p>" for line in sample_text.split("\n"))
    page = (
        '<html><head><meta charset="utf-8"><title>云阳县</title></head><body>'
        '<div class="nav"><a href="/">首页</a><a href="/a">政务公开</a><a href="/b">互动</a><a href="/c">服务</a></div>'
        '<div class="crumbs">当前位置：首页 &gt; 政务公开</div>'
        f'<div class="TRS_Editor">{body}</div>'
        '<div class="footer">版权所有：云阳县人民政府 网站标识码：5002350018</div></body></html>'
    )
    path = tmp_path / "yunyang_gov_page.html"
    path.write_text(page, encoding="utf-8")
    raw = read_file(path)
    assert _nonempty(raw.text) == _nonempty(sample_text)
