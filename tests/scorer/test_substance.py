"""Substance: headings and slogans are described, never evidenced (issue 13, point 1)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.bare import bare_headings
from scheme import load_rubric
from scorer.lexicon import lexicon, lexicon_problems
from scorer.read import read_report, read_text
from scorer.result import MET
from scorer.score import score_document

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.txt"))
RUBRIC = load_rubric()
CLOSING = "\n（二）其他工作\n略。\n\n青溪县人民政府\n2022年5月20日\n"


def _score(text: str):
    return score_document(read_text(text), RUBRIC)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_bare_headings_of_an_example_earn_at_most_5_points_and_nothing_met(path: Path) -> None:
    document = read_report(path)
    full = score_document(document, RUBRIC)
    bare = _score(bare_headings(document))
    assert bare.total <= 5, [(i.id, i.score) for i in bare.items if i.score]
    assert bare.count(MET) == 0
    assert full.total > 70  # the same headings with their bodies keep a normal score
    assert full.count(MET) > 30


def test_bare_headings_of_the_sample_report(yunyang_path: Path) -> None:
    document = read_report(yunyang_path)
    bare = _score(bare_headings(document))
    assert bare.total <= 5
    assert bare.count(MET) == 0


def test_headings_with_slogans_are_described_not_evidenced() -> None:
    result = score_document(read_report(ROOT / "tests/fixtures/reports/headings_with_slogans_only.txt"), RUBRIC)
    assert result.count(MET) == 0
    assert result.total <= 5
    f2 = next(i for i in result.items if i.id == "F2")
    assert f2.described and not f2.evidenced
    assert f2.status == "partial"
    (req,) = f2.requirements
    assert req.result == "fail" and "described_only" in req.reasons
    assert "请补充具体数据、文件或措施" in req.ask


@pytest.mark.parametrize(("body", "evidenced"), [
    ("我县高度重视义务教育优质均衡发展，扎实推进，取得明显成效。", False),
    ("印发《青溪县义务教育优质均衡发展实施方案》，明确时间表和路线图。", True),  # a named document
    ("按青府办发〔2022〕8号文件推进义务教育优质均衡发展。", True),  # a 文号
    ("召开义务教育优质均衡发展专题会议3次。", True),  # a count
    ("建立义务教育优质均衡发展监测机制，逐校对标评估。", True),  # a named measure with its object
])
def test_a_body_sentence_is_evidence_only_when_concrete(body: str, evidenced: bool) -> None:
    text = f"一、履行教育职责情况\n（一）推进义务教育均衡发展\n{body}\n{CLOSING}"
    f2 = next(i for i in _score(text).items if i.id == "F2")
    assert f2.described
    assert f2.evidenced is evidenced
    assert (f2.status == MET) is evidenced


def test_an_evidenced_pass_quotes_the_concrete_sentence_not_the_heading() -> None:
    body = "我县高度重视。召开义务教育均衡发展专题会议3次。"
    text = f"一、履行教育职责情况\n（一）推进义务教育均衡发展\n{body}\n{CLOSING}"
    (req,) = next(i for i in _score(text).items if i.id == "F2").requirements
    assert req.result == "pass"
    assert req.evidence[0].text == "召开义务教育均衡发展专题会议3次。"


def test_a_quantitative_requirement_with_words_only_asks_for_the_figure() -> None:
    text = f"一、履行教育职责情况\n（一）学前教育\n我县学前三年毛入园率稳步提高，群众满意。\n{CLOSING}"
    f1 = next(i for i in _score(text).items if i.id == "F1")
    threshold = next(r for r in f1.requirements if r.kind == "threshold")
    assert threshold.result == "fail" and threshold.reasons == ("figure_missing",)
    assert threshold.described and not threshold.evidenced
    assert "具体数据" in threshold.ask


def test_shipped_lexicon_is_valid_and_a_broken_one_is_reported() -> None:
    data = lexicon()
    assert lexicon_problems(data) == []
    broken = {**data, "substance": {**data["substance"], "slogans": []}}
    assert any("slogans" in p for p in lexicon_problems(broken))
    bad_pattern = {**data, "substance": {**data["substance"], "document_patterns": ["《["]}}
    assert any("does not compile" in p for p in lexicon_problems(bad_pattern))


def test_json_carries_both_levels_and_fits_the_result_schema() -> None:
    import jsonschema

    from scorer.result_json import result_schema, result_to_dict

    data = result_to_dict(score_document(read_report(EXAMPLES[0]), RUBRIC))
    jsonschema.Draft202012Validator(result_schema()).validate(data)
    item = data["items"][0]
    assert {"described", "evidenced"} <= set(item)
    assert {"described", "evidenced", "explain"} <= set(item["requirements"][0])
    assert all(i["evidenced"] for i in data["items"] if i["status"] == "met")


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_no_passed_evidence_of_a_sentence_requirement_is_a_heading(path: Path) -> None:
    """A heading is never shown as what a passed sentence requirement rests on (issue 13: never a heading)."""
    document = read_report(path)
    result = score_document(document, RUBRIC)
    headings = [(s.heading_start, s.heading_end) for s in document.walk() if s.heading_end > s.heading_start]
    shown = [(req.id, ev.text) for item in result.items for req in item.requirements
             if req.kind in {"mention", "zero_event"} and req.result == "pass" for ev in req.evidence
             if any(start <= (ev.start + ev.end) // 2 < end for start, end in headings)]
    assert not shown
