"""Term lookup respects Chinese word boundaries (why jieba is used at all)."""

from __future__ import annotations

from scorer.terms import TermIndex


def test_cross_word_hit_rejected_with_boundaries() -> None:
    text = "以群防群治确保学校安全万无一失。全面落实控辍保学责任。"
    with_jieba = TermIndex(text, ["保学", "控辍保学"])
    plain = TermIndex(text, boundaries=False)
    assert plain.positions("保学") == [text.index("确保学校") + 1, text.index("控辍保学") + 2]
    assert with_jieba.positions("保学") == [text.index("控辍保学") + 2]
    assert with_jieba.positions("控辍保学") == [text.index("控辍保学")]


def test_prefix_of_longer_word_still_found() -> None:
    text = "全县总体近视率下降0.63个百分点，近视防控成效明显。"
    index = TermIndex(text, ["近视", "近视率", "近视防控"])
    assert len(index.positions("近视")) == 2


def test_find_respects_spans_and_exclude() -> None:
    text = "确保学校安全。控辍保学。"
    index = TermIndex(text, ["保学"], boundaries=False)
    assert index.find("保学", [(0, len(text))], exclude=["确保学校"]) == [text.index("控辍保学") + 2]
    assert index.find("保学", [(0, 6)]) == [1]


def test_full_width_text_matches_half_width_terms() -> None:
    text = "义务教育巩固率达９５．２％。"
    index = TermIndex(text, ["巩固率"])
    assert index.positions("巩固率") == [4]


def test_one_pass_scan_finds_what_find_loops_find() -> None:
    """``_scan`` gives every overlapping occurrence, as a ``str.find`` loop per term does."""
    import random

    from scorer.terms import _heads, _scan

    terms = frozenset({"教育", "教育经费", "育经", "经费", "aa", "aaa", "学生", "生均", "学生资助"})
    rng = random.Random(3)  # noqa: S311 - test data
    for _ in range(200):
        text = "".join(rng.choices("教育经费学生均资助aa，", k=rng.randrange(0, 60)))
        expected = {}
        for term in terms:
            found, start = [], text.find(term)
            while start >= 0:
                found.append(start)
                start = text.find(term, start + 1)
            if found:
                expected[term] = found
        assert _scan(text, _heads(terms)) == expected, text


def test_hits_settled_without_cutting_are_those_cutting_gives(monkeypatch) -> None:
    """Skipping the cut where no word spans an offset changes no hit: the same positions as cutting every block."""
    from pathlib import Path

    from scheme import load_rubric
    from scorer.segment import Segmenter
    from scorer.terms import rubric_terms

    words = rubric_terms(load_rubric())
    root = Path(__file__).resolve().parents[2]
    texts = [p.read_text(encoding="utf-8") for p in sorted((root / "examples").glob("*.txt"))]
    quick = [{t: TermIndex(text, words).positions(t) for t in words} for text in texts]
    monkeypatch.setattr(Segmenter, "splits_anyway", lambda *_args: False)
    assert quick == [{t: TermIndex(text, words).positions(t) for t in words} for text in texts]


def test_term_inside_a_longer_term_of_the_same_item_counts() -> None:
    # 国家学生体质健康标准 is a C4 keyword, so jieba keeps it whole and 体质健康 has no boundary of its own.
    text = "全面实施国家学生体质健康标准测试，国家学生体质健康标准测试合格率为92.37%。"
    words = ["体质健康", "国家学生体质健康标准"]
    alone = TermIndex(text, words)
    assert alone.positions("体质健康") == []
    index = TermIndex(text, words, families={"体质健康": ("国家学生体质健康标准",)})
    assert index.positions("体质健康") == [text.index("体质健康"), text.rindex("体质健康")]


def test_family_does_not_lift_the_boundary_for_unrelated_longer_words() -> None:
    text = "以群防群治确保学校安全万无一失。全面落实控辍保学责任。"
    index = TermIndex(text, ["保学", "控辍保学"], families={"保学": ("控辍保学",)})
    assert index.positions("保学") == [text.index("控辍保学") + 2]


def test_rubric_families_hold_longer_terms_of_the_same_item_only() -> None:
    from scheme import load_rubric
    from scorer.terms import term_families

    families = term_families(load_rubric())
    assert "国家学生体质健康标准" in families["体质健康"]
    assert all(short in longer for short, group in families.items() for longer in group)
    assert "确保学校" not in {w for group in families.values() for w in group}
