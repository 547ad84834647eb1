"""Plain text reports: encoding detection order, override, binary rejection, line endings."""

from __future__ import annotations

from pathlib import Path

import pytest

from scorer.errors import ReadError
from scorer.readers import read_file

REPORT = "一、2021年履行教育职责情况\n（一）加强党对教育工作全面领导。\n1. 健全长效机制，增长0.31%。\n"


def test_utf8_plain(tmp_path: Path) -> None:
    path = tmp_path / "utf8.txt"
    path.write_bytes(REPORT.encode("utf-8"))
    raw = read_file(path)
    assert (raw.text, raw.format, raw.encoding, raw.notes) == (REPORT, "txt", "utf-8", ())


def test_utf8_with_bom_is_recorded_as_utf8_sig_and_bom_dropped(tmp_path: Path) -> None:
    path = tmp_path / "utf8_bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + REPORT.encode("utf-8"))
    raw = read_file(path)
    assert raw.encoding == "utf-8-sig"
    assert raw.text == REPORT


def test_gb18030_with_crlf_is_decoded_and_normalised(tmp_path: Path) -> None:
    path = tmp_path / "gb18030_crlf.txt"
    path.write_bytes(REPORT.replace("\n", "\r\n").encode("gb18030"))
    raw = read_file(path)
    assert raw.encoding == "gb18030"
    assert raw.text == REPORT
    assert "CRLF line endings normalised" in raw.notes


def test_bare_cr_line_endings_normalised(tmp_path: Path) -> None:
    path = tmp_path / "old_mac_cr.txt"
    path.write_bytes(REPORT.replace("\n", "\r").encode("utf-8"))
    raw = read_file(path)
    assert raw.text == REPORT
    assert "CR line endings normalised" in raw.notes


def test_utf16_detected_by_bom(tmp_path: Path) -> None:
    path = tmp_path / "utf16_notepad_unicode.txt"
    path.write_bytes(REPORT.encode("utf-16"))  # Python writes the BOM, as Notepad's "Unicode" does
    raw = read_file(path)
    assert (raw.text, raw.encoding) == (REPORT, "utf-16")


def test_markdown_suffix_reads_as_text(tmp_path: Path) -> None:
    path = tmp_path / "report.md"
    path.write_text(REPORT, encoding="utf-8")
    assert read_file(path).format == "txt"


def test_encoding_override_wins_over_detection(tmp_path: Path) -> None:
    path = tmp_path / "big5_override.txt"
    traditional = "一、履行教育職責情況\n"
    path.write_bytes(traditional.encode("big5"))
    raw = read_file(path, encoding="big5")
    assert (raw.text, raw.encoding) == (traditional, "big5")


def test_override_gb2312_alias_is_recorded_by_codec_name(tmp_path: Path) -> None:
    path = tmp_path / "gbk_override.txt"
    path.write_bytes(REPORT.encode("gbk"))
    assert read_file(path, encoding="GBK").encoding == "gbk"


def test_bad_override_name_is_read_error(tmp_path: Path) -> None:
    path = tmp_path / "bad_override_name.txt"
    path.write_bytes(REPORT.encode("utf-8"))
    with pytest.raises(ReadError) as info:
        read_file(path, encoding="no-such-codec")
    assert info.value.code == "bad_encoding_name"
    assert "no-such-codec" in info.value.message


def test_non_text_codec_override_is_bad_name(tmp_path: Path) -> None:
    path = tmp_path / "rot13_override.txt"
    path.write_bytes(REPORT.encode("utf-8"))
    with pytest.raises(ReadError) as info:
        read_file(path, encoding="zlib")
    assert info.value.code in {"bad_encoding_name", "bad_encoding"}


def test_undecodable_with_override_is_read_error(tmp_path: Path) -> None:
    path = tmp_path / "gb18030_read_as_utf8.txt"
    path.write_bytes(REPORT.encode("gb18030"))
    with pytest.raises(ReadError) as info:
        read_file(path, encoding="utf-8")
    assert info.value.code == "bad_encoding"
    assert "utf-8" in info.value.message


def test_binary_named_txt_is_not_text(tmp_path: Path) -> None:
    path = tmp_path / "png_named.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    with pytest.raises(ReadError) as info:
        read_file(path)
    assert info.value.code == "not_text"


def test_control_characters_without_nul_are_not_text(tmp_path: Path) -> None:
    path = tmp_path / "controls.txt"
    path.write_bytes(b"abc\x01\x02\x03\x04\x05def\x06\x07" * 20)
    with pytest.raises(ReadError) as info:
        read_file(path)
    assert info.value.code == "not_text"


@pytest.mark.parametrize(("name", "content"), [("zero_bytes.txt", b""), ("only_whitespace.txt", b" \r\n\t\n ")])
def test_empty_file(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ReadError) as info:
        read_file(path)
    assert info.value.code == "empty"


def test_pdf_named_txt_is_read_as_pdf(tmp_path: Path, make_pdf) -> None:
    pdf = make_pdf("real.pdf", ["一、总体情况。"])
    path = tmp_path / "pdf_named.txt"
    path.write_bytes(pdf.read_bytes())
    raw = read_file(path)
    assert raw.format == "pdf"
    assert raw.text == "一、总体情况。"
    assert any("PDF" in note and ".txt" in note for note in raw.notes)


def test_html_named_txt_is_read_as_html(tmp_path: Path) -> None:
    path = tmp_path / "html_named.txt"
    path.write_text("<html><body><div class='TRS_Editor'><p>一、总体情况</p></div></body></html>", encoding="utf-8")
    raw = read_file(path)
    assert (raw.format, raw.text) == ("html", "一、总体情况")


def test_share_counters_count_what_their_per_character_definitions_say():
    """The regex and bytes counters match a plain reading of each rule over every code point and byte."""
    from scorer.readers import text as t

    def usual(ch: str) -> bool:
        return ch in t._ALLOWED_CONTROLS or any(lo <= ord(ch) <= hi for lo, hi in t._USUAL_RANGES)

    def control(ch: str) -> bool:
        return (ord(ch) < 0x20 and ch not in t._ALLOWED_CONTROLS) or 0x7F <= ord(ch) <= 0x9F

    everything = "".join(chr(c) for c in range(0x110000))
    assert t._control_share(everything) * len(everything) == pytest.approx(sum(map(control, everything)))
    assert t._odd_share(everything) * len(everything) == pytest.approx(sum(not usual(ch) for ch in everything))
    data = bytes(range(256)) * 3
    allowed = {9, 10, 11, 12, 13, 26}
    expected = sum(1 for b in data if (b < 0x20 and b not in allowed) or b == 0x7F)
    assert t._byte_control_share(data) * len(data) == pytest.approx(expected)
    assert t._control_share("") == t._odd_share("") == t._byte_control_share(b"") == 0.0
