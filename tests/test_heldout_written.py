"""The held-out written reports' labels are well-formed and point at real lines (no accuracy threshold here).

benchmarks/heldout_written.py measures lvzhi on benchmarks/written/ by hand; these tests only keep the labels
honest: one segment per non-empty line (paragraph of the .docx) with its first 12 characters, valid areas, the
cited scheme, the county and the damaged spans present, every report labelled, and every labelled line findable
in order in the text lvzhi reads (so the benchmark measures all of them).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WRITTEN = ROOT / "benchmarks" / "written"
LABELS = WRITTEN / "labels.yaml"
AREAS = {"A", "B", "C", "D", "E", "F", "G", "H", "K", "P", "R", "S", None}
STYLES = {"prose", "noheadings"}
ENTRIES = yaml.safe_load(LABELS.read_text(encoding="utf-8"))["files"]


def raw_lines(path: Path) -> list[str]:
    """Non-empty lines of a .txt report, or paragraphs of a .docx, stripped."""
    if path.suffix == ".docx":
        from docx import Document

        lines = [p.text for p in Document(str(path)).paragraphs]
    else:
        raw = path.read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw, f"{path.name}: BOM or CR present"
        lines = raw.decode("utf-8").split("\n")
    return [line.strip() for line in lines if line.strip()]


def test_every_report_is_labelled_once() -> None:
    """Each report file in benchmarks/written/ has exactly one entry, and each entry's file exists."""
    listed = [entry["file"] for entry in ENTRIES]
    assert len(listed) == len(set(listed))
    on_disk = {f"benchmarks/written/{p.name}" for p in WRITTEN.iterdir() if p.suffix in {".txt", ".docx"}}
    assert set(listed) == on_disk


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["file"].rsplit("/", 1)[1] for e in ENTRIES])
def test_segments_match_lines_one_to_one(entry: dict) -> None:
    """first_chars are the first 12 characters of the non-empty lines, in order; areas are valid."""
    lines = raw_lines(ROOT / entry["file"])
    segments = entry["segments"]
    assert [line[:12] for line in lines] == [str(s["first_chars"]) for s in segments]
    assert entry["style"] in STYLES
    for segment in segments:
        assert set(segment) <= {"first_chars", "area", "covers"}, segment
        assert segment["area"] in AREAS, segment
        assert set(segment.get("covers", [])) <= AREAS - {None}, segment
    text = "\n".join(lines)
    assert 4000 <= sum(not ch.isspace() for ch in text) <= 12000
    assert entry["county"] in text and entry["scheme_cited"] in text
    assert all(d in text for d in entry.get("damaged", []))


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["file"].rsplit("/", 1)[1] for e in ENTRIES])
def test_segments_found_in_order_in_text_read(entry: dict) -> None:
    """Each first_chars starts a line of the text lvzhi reads, in label order (what the benchmark looks up)."""
    from scorer.read import read_report

    text = read_report(ROOT / entry["file"]).text
    cursor = 0
    for segment in entry["segments"]:
        pos = text.find(str(segment["first_chars"]), cursor)
        assert pos >= 0, segment
        assert text[:pos].rstrip(" \t\u3000").endswith("\n") or not text[:pos].strip(), segment
        cursor = pos + 1
