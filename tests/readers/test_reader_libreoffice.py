"""Old .doc/.wps reports through LibreOffice (a stand-in ``soffice`` script; the real one is optional)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scorer.errors import ReadError
from scorer.readers import libreoffice, read_file

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _word97(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    path.write_bytes(OLE_MAGIC + b"\x00" * 4096)
    return path


@pytest.mark.parametrize("name", ["old_word97.doc", "kingsoft.wps"])
def test_doc_without_libreoffice_needs_conversion(tmp_path: Path, no_libreoffice: None, name: str) -> None:
    with pytest.raises(ReadError) as info:
        read_file(_word97(tmp_path, name))
    assert info.value.code == "needs_conversion"
    assert "另存为 .docx" in info.value.message
    assert "save it as .docx" in info.value.message
    assert "LibreOffice" in info.value.message


def test_doc_converted_by_libreoffice(tmp_path: Path, fake_soffice, make_docx, monkeypatch) -> None:
    monkeypatch.setenv("FAKE_DOCX", str(make_docx("converted.docx", ["一、总体情况", "正文。"])))
    fake_soffice("convert")
    raw = read_file(_word97(tmp_path, "年度 自评报告.wps"))
    assert (raw.text, raw.format) == ("一、总体情况\n正文。", "doc")
    assert "converted with LibreOffice" in raw.notes
    args = (tmp_path / "soffice-args.txt").read_text(encoding="utf-8").split("\n")
    assert args[:2] == ["--headless", "--norestore"]
    assert any(a.startswith("-env:UserInstallation=file://") for a in args)
    assert args[args.index("--convert-to") + 1] == "docx"
    assert args[-1].endswith("input.doc")  # a renamed private copy, never the inspector's file


def test_exit_zero_without_output_is_failure(tmp_path: Path, fake_soffice) -> None:
    fake_soffice("no_output")
    with pytest.raises(ReadError) as info:
        read_file(_word97(tmp_path, "no_output.doc"))
    assert info.value.code == "conversion_failed"
    assert "no output file" in info.value.message


def test_nonzero_exit_is_failure_with_stderr(tmp_path: Path, fake_soffice) -> None:
    fake_soffice("fail")
    with pytest.raises(ReadError) as info:
        read_file(_word97(tmp_path, "broken.doc"))
    assert info.value.code == "conversion_failed"
    assert "could not be loaded" in info.value.message


def test_hanging_conversion_times_out(tmp_path: Path, fake_soffice, monkeypatch) -> None:
    fake_soffice("hang")
    monkeypatch.setattr(libreoffice, "TIMEOUT_SECONDS", 1)
    with pytest.raises(ReadError) as info:
        read_file(_word97(tmp_path, "hangs.doc"))
    assert info.value.code == "conversion_timeout"


def test_rtf_named_doc_goes_to_libreoffice(tmp_path: Path, no_libreoffice: None) -> None:
    path = tmp_path / "rtf_named.doc"
    path.write_bytes(b"{\\rtf1\\ansi hello}")
    with pytest.raises(ReadError) as info:
        read_file(path)
    assert info.value.code == "needs_conversion"


def test_web_page_saved_as_doc_reads_as_html(tmp_path: Path) -> None:
    path = tmp_path / "html_named.doc"
    path.write_text("<html><body><p>一、总体情况</p><p>正文。</p></body></html>", encoding="utf-8")
    raw = read_file(path)
    assert (raw.format, raw.text) == ("html", "一、总体情况\n正文。")


def test_docx_named_doc_reads_as_docx(tmp_path: Path, make_docx) -> None:
    path = tmp_path / "docx_named.doc"
    path.write_bytes(make_docx("real.docx", ["正文。"]).read_bytes())
    raw = read_file(path)
    assert (raw.format, raw.text) == ("docx", "正文。")
    assert any(".doc" in note for note in raw.notes)


def test_plain_text_named_doc(tmp_path: Path) -> None:
    path = tmp_path / "text_named.doc"
    path.write_text("一、总体情况", encoding="utf-8")
    raw = read_file(path)
    assert (raw.format, raw.text) == ("txt", "一、总体情况")


def test_garbage_named_doc(tmp_path: Path) -> None:
    path = tmp_path / "garbage.doc"
    path.write_bytes(bytes(range(256)))
    with pytest.raises(ReadError) as info:
        read_file(path)
    assert info.value.code == "not_a_doc"


@pytest.mark.skipif(libreoffice.find_soffice() is None, reason="LibreOffice (soffice) is not installed; .ci/run "
                    "installs libreoffice-writer-nogui")
def test_real_doc_through_real_libreoffice(tmp_path: Path, make_docx) -> None:
    import subprocess

    lines = ["云岭县人民政府办公室", "一、2021年履行教育职责情况", "（一）加强党对教育工作全面领导情况",
             "1. 健全机制。全年专题研究教育工作12次。"]
    source = make_docx("报告.docx", lines)
    profile = tmp_path / "profile"
    subprocess.run([libreoffice.find_soffice(), "--headless", f"-env:UserInstallation=file://{profile}",
                    "--convert-to", "doc", "--outdir", str(tmp_path / "out"), str(source)],
                   check=True, capture_output=True, timeout=180)
    raw = read_file(tmp_path / "out" / "报告.doc")
    assert raw.format == "doc"
    assert "1. 健全机制。全年专题研究教育工作12次。" in raw.text.split("\n")
    assert "converted with LibreOffice" in raw.notes
