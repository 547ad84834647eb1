"""read_file's own contract: suffixes, file-system errors, the message table, sniffing."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

from scorer.errors import ReadError
from scorer.readers import SUPPORTED_SUFFIXES, read_file, sniff
from scorer.readers.messages import MESSAGES, read_error


def test_supported_suffixes() -> None:
    assert set(SUPPORTED_SUFFIXES) == {".txt", ".md", ".docx", ".pdf", ".html", ".htm", ".shtml", ".doc", ".wps"}


@pytest.mark.parametrize("name", ["report.xlsx", "report", "report.odt"])
def test_unknown_suffix_is_unsupported_format(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("正文", encoding="utf-8")
    with pytest.raises(ReadError) as info:
        read_file(path)
    assert info.value.code == "unsupported_format"
    assert ".docx" in info.value.message


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ReadError) as info:
        read_file(tmp_path / "missing.txt")
    assert info.value.code == "not_found"
    assert info.value.path == str(tmp_path / "missing.txt")


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    with pytest.raises(ReadError) as info:
        read_file(folder)
    assert info.value.code == "is_directory"


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root reads any file; needs POSIX perms")
def test_permission_denied(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("正文", encoding="utf-8")
    path.chmod(0)
    with pytest.raises(ReadError) as info:
        read_file(path)
    assert info.value.code == "permission_denied"


def test_permission_error_from_open_is_wrapped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked_by_another_program.txt"
    path.write_text("正文", encoding="utf-8")

    def deny(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", deny)
    with pytest.raises(ReadError) as info:
        read_file(path)
    assert info.value.code == "permission_denied"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_is_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(ReadError) as info:
        read_file(fifo)
    assert info.value.code == "io_error"


def test_text_over_50_mb_is_too_large(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024 + 1)  # sparse: no 50 MB written to disk
    with pytest.raises(ReadError) as info:
        read_file(path)
    assert info.value.code == "too_large"


def test_unexpected_library_error_is_wrapped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from scorer.readers import text

    def boom(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("library bug")

    monkeypatch.setattr(text, "read_text", boom)
    path = tmp_path / "ok.txt"
    path.write_text("正文", encoding="utf-8")
    with pytest.raises(ReadError) as info:
        read_file(path)
    assert info.value.code == "reader_failed"
    assert "library bug" in info.value.message


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_message_is_chinese_then_english(code: str) -> None:
    zh, en = MESSAGES[code]
    fields = dict.fromkeys(re.findall(r"{(\w+)", zh + en), "X")
    message = read_error("a.txt", code, **fields).message
    chinese, english = message.split(" / ", 1)
    assert chinese.startswith("无法读取：")
    assert english.startswith("Cannot read: ")
    assert not re.search(r"[\u4e00-\u9fff]", english)


@pytest.mark.parametrize(
    ("head", "kind"),
    [(b"%PDF-1.7\n", "pdf"), (b"PK\x03\x04rest", "zip"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "cfb"),
     (b"{\\rtf1\\ansi", "rtf"), (b"\xef\xbb\xbf<!DOCTYPE html><html>", "html"), (b"  <HTML><body>", "html"),
     ("一、总体情况".encode(), None)],
)
def test_sniff(head: bytes, kind: str | None) -> None:
    assert sniff(head) == kind


@pytest.mark.parametrize("suffix", [".pdf", ".docx", ".doc", ".html", ".txt"])
def test_whitespace_only_file_is_empty_whatever_the_suffix(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"whitespace_only{suffix}"
    path.write_bytes(b" \r\n\t \n")
    with pytest.raises(ReadError) as info:
        read_file(path)
    assert info.value.code == "empty"


def test_pdf_with_junk_before_header(tmp_path: Path, make_pdf) -> None:
    path = tmp_path / "junk_before_header.pdf"
    path.write_bytes(b"\x00\x01junk\n" + make_pdf("clean.pdf", ["一、总体情况。"]).read_bytes())
    assert read_file(path).text == "一、总体情况。"


def test_text_mentioning_pdf_magic_stays_text(tmp_path: Path) -> None:
    path = tmp_path / "mentions_magic.txt"
    path.write_text("报告说明：PDF 文件以 %PDF-1.7 开头。", encoding="utf-8")
    assert read_file(path).format == "txt"
