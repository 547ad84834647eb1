"""The real sample report: the exact tree, metadata, chrome and damaged spans (issue 3 'done when')."""

from __future__ import annotations

from pathlib import Path

from scorer.read import read_report


def _tree(path: Path):
    return read_report(path)


def test_tree_shape(yunyang_path: Path) -> None:
    doc = _tree(yunyang_path)
    parts = doc.parts()
    assert [p.heading for p in parts] == ["2021履行教育职责情况", "2022重点教育工作落实情况", "存在的主要问题",
                                          "整改措施"]
    first = parts[0]
    areas = [c for c in first.children if c.kind == "heading"]
    assert len(areas) == 8
    assert all(a.level == 2 and a.heading.endswith("情况") for a in areas)
    points = [p for a in areas for p in a.children if p.kind == "heading"]
    assert [p.number for p in points] == list(range(1, 30))
    assert [len([p for p in a.children if p.kind == "heading"]) for a in areas] == [2, 3, 4, 6, 2, 4, 4, 4]
    assert [len([c for c in p.children if c.kind == "heading"]) for p in parts[1:]] == [4, 3, 4]
    assert parts[1].marker == ""  # the 二、 was lost in copy-paste; found by its words


def test_metadata(yunyang_path: Path) -> None:
    meta = _tree(yunyang_path).meta
    assert meta.county == "云阳县"
    assert meta.addressee == "市政府教育督导室"
    assert meta.title == "关于报送履行教育职责自评情况的函"
    assert meta.cited_scheme is not None
    assert meta.cited_scheme.raw == "渝府教督20225号"
    assert meta.cited_scheme.normalised == "渝府教督〔2022〕5号"
    assert meta.cited_scheme.scheme_id == "cq-2022"
    assert meta.doc_no is not None
    assert meta.doc_no.normalised == "云阳府办函〔2022〕32号"
    assert meta.date_text == "2022114"
    assert set(meta.date_candidates) == {"2022-11-04", "2022-01-14"}
    assert meta.date is None  # ambiguous: never guessed


def test_every_gold_damaged_span_is_flagged(yunyang_path: Path, yunyang_gold: dict) -> None:
    doc = _tree(yunyang_path)
    for label in yunyang_gold["damaged"]:
        damaged = str(label)
        start = doc.text.find(damaged)
        assert start >= 0, damaged
        while start >= 0:
            assert doc.is_damaged(start, start + len(damaged)), f"not flagged: {damaged} at {start}"
            start = doc.text.find(damaged, start + 1)


def test_clean_figures_are_not_flagged(yunyang_path: Path, yunyang_gold: dict) -> None:
    doc = _tree(yunyang_path)
    for figure in yunyang_gold["figures"]:
        if figure["text"].startswith("义务教育阶段大班额"):
            continue  # holds the damaged range (5666人) next to the clean count
        start = doc.text.find(figure["text"])
        assert start >= 0, figure["text"]
        assert not doc.is_damaged(start, start + len(figure["text"])), figure["text"]


def test_chrome_found_and_content_kept(yunyang_path: Path) -> None:
    doc = _tree(yunyang_path)
    rules = [c.rule for c in doc.chrome]
    assert rules[:2] == ["nav_login", "breadcrumb"]
    assert {"site_owner", "site_code", "icp"} <= set(rules)
    for chrome in doc.chrome:
        assert doc.text[chrome.start:chrome.end] == chrome.text
        assert "教育" not in chrome.text or "委员会" in chrome.text  # breadcrumb names the 教育委员会 only


def test_gold_segments_fall_in_expected_parts(yunyang_path: Path, yunyang_gold: dict) -> None:
    doc = _tree(yunyang_path)
    part_of_area = {"K": 1, "P": 2, "R": 3}
    parts = doc.parts()
    for segment in yunyang_gold["segments"]:
        start = doc.text.find(segment["first_chars"])
        area = segment["area"]
        if area in part_of_area:
            part = parts[part_of_area[area]]
            assert part.start <= start < part.end, segment["first_chars"]
        elif area is not None:
            assert parts[0].start <= start < parts[0].end, segment["first_chars"]
