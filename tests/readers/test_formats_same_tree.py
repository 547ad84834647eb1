"""The real sample in every format yields the same heading tree and metadata (issue 3 'done when')."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

import pytest

from scorer.document import Document
from scorer.read import read_report


def _signature(doc: Document) -> list[tuple[int, str, str, str]]:
    return [(s.level, s.kind, s.marker, s.heading) for s in doc.walk() if s.kind not in {"chrome", "front", "back"}]


def _meta(doc: Document) -> tuple:
    meta = doc.meta
    return (meta.county, meta.title, meta.addressee, meta.cited_scheme.normalised if meta.cited_scheme else None,
            meta.doc_no.normalised if meta.doc_no else None, meta.date_candidates)


def _gb18030(tmp_path: Path, text: str, **_: object) -> Path:
    path = tmp_path / "yunyang.txt"
    path.write_bytes(text.replace("\n", "\r\n").encode("gb18030"))
    return path


def _html(tmp_path: Path, text: str, **_: object) -> Path:
    body = "\n".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n"))
    page = ('<html><head><meta charset="utf-8"><title>云阳县</title></head><body>'
            '<div class="crumbs">当前位置：首页 &gt; 政务公开</div>'
            f'<div class="TRS_Editor">{body}</div><div class="footer">版权所有：云阳县人民政府</div></body></html>')
    path = tmp_path / "yunyang.html"
    path.write_text(page, encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["gb18030_crlf", "docx", "pdf", "html"])
def test_same_tree_and_metadata_in_every_format(fmt: str, tmp_path: Path, sample_text: str,
                                                 make_docx: Callable, make_pdf: Callable) -> None:
    source = tmp_path / "yunyang-utf8.txt"
    source.write_text(sample_text, encoding="utf-8")
    reference = read_report(source)
    lines = [line for line in sample_text.split("\n") if line.strip()]
    if fmt == "gb18030_crlf":
        path = _gb18030(tmp_path, sample_text)
    elif fmt == "docx":
        path = make_docx("yunyang.docx", sample_text.split("\n"))
    elif fmt == "pdf":
        path = make_pdf("yunyang.pdf", lines, header="云阳县履行教育职责自评报告", page_number=lambda n, _t: f"- {n} -")
    else:
        path = _html(tmp_path, sample_text)
    other = read_report(path)
    assert _signature(other) == _signature(reference)
    assert _meta(other) == _meta(reference)
    assert len(other.parts()) == 4
    assert {d.text for d in other.damage} == {d.text for d in reference.damage}
