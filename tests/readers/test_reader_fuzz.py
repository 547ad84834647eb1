"""Property: whatever bytes a file holds and whatever its suffix, read_file returns RawText or raises ReadError."""

from __future__ import annotations

import tempfile
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scorer.errors import ReadError
from scorer.readers import SUPPORTED_SUFFIXES, libreoffice, read_file
from scorer.readers.base import RawText

# Prefixes that steer the bytes into each reader's sniffing branch, so the fuzz reaches
# pdfminer, the zip checks and python-docx, not only the text decoder.
PREFIXES = [b"", b"%PDF-1.4\n", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"{\\rtf1 ",
            b"<html><body>", b"\xef\xbb\xbf", b"\xff\xfe", "一、".encode("gb18030")]


def _mutated_docx() -> bytes:
    import io

    import docx

    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("一、总体情况")
    document.save(buffer)
    return buffer.getvalue()


VALID_DOCX = _mutated_docx()

contents = st.one_of(
    st.builds(lambda p, b: p + b, st.sampled_from(PREFIXES), st.binary(max_size=600)),
    st.text(max_size=200).map(lambda s: s.encode("utf-8", "surrogatepass")),
    # A real .docx with a few bytes overwritten: damaged zips and XML.
    st.tuples(st.integers(0, len(VALID_DOCX) - 1), st.binary(min_size=1, max_size=8)).map(
        lambda t: VALID_DOCX[: t[0]] + t[1] + VALID_DOCX[t[0] + len(t[1]):]
    ),
)


@pytest.mark.parametrize("suffix", SUPPORTED_SUFFIXES)
@settings(max_examples=50, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=contents)
def test_any_bytes_give_raw_text_or_read_error(suffix: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp, mock.patch.object(libreoffice, "find_soffice", return_value=None):
        path = Path(tmp) / f"fuzz{suffix}"
        path.write_bytes(data)
        try:
            raw = read_file(path)
        except ReadError as exc:
            assert exc.code
            assert " / " in exc.message
        else:
            assert isinstance(raw, RawText)
            assert raw.text.strip()
            for hint in raw.hints:
                assert 0 <= hint.start <= hint.end <= len(raw.text)
