"""Tests for scorer.quantities (figure extraction) and scorer.numerals (numeral parsing)."""

from __future__ import annotations

import dataclasses
import math
import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from scorer import quantities
from scorer.figure import settles
from scorer.numerals import is_digit_sequence, parse_arabic, parse_chinese, parse_digit_sequence
from scorer.quantities import Quantity, extract_quantities

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "quantities.yml").read_text(encoding="utf-8"))

# Key words each gold figure's label must contain, keyed by the gold file's own label.
GOLD_KEYWORDS = {
    "一般公共预算教育经费": "一般公共预算教育经费",
    "一般公共预算教育经费增长率": "一般公共预算教育经费",
    "幼儿生均一般公共预算教育经费": "幼儿生均",
    "幼儿生均一般公共预算教育经费增长率": "幼儿生均",
    "普通小学生均一般公共预算教育经费": "普通小学生均",
    "普通小学生均一般公共预算教育经费增长率": "普通小学生均",
    "普通初中生均一般公共预算教育经费": "普通初中生均",
    "普通初中生均一般公共预算教育经费增长率": "普通初中生均",
    "普通高中生均一般公共预算教育经费": "普通高中生均",
    "普通高中生均一般公共预算教育经费增长率": "普通高中生均",
    "中等职业学校生均一般公共预算教育经费": "中等职业学校生均",
    "中等职业学校生均一般公共预算教育经费增长率": "中等职业学校生均",
    "总体近视率较2020年下降": "近视率",
    "学前三年毛入园率": "学前三年毛入园率",
    "普惠性幼儿园覆盖率": "普惠性幼儿园覆盖率",
    "公办园在园幼儿占比": "公办园在园幼儿占比",
    "义务教育阶段残疾学生安置数": "残疾学生",
    "学生资助资金": "资助资金",
    "学生资助惠及学生数": "惠及",
    "义务教育阶段大班额数": "义务教育阶段大班额",
    "义务教育阶段大班额占比": "义务教育阶段大班额",
    "高中阶段大班额数": "高中阶段大班额",
    "高中阶段大班额占比": "高中阶段大班额",
    "超大班额数": "超大班额",
    "2022年调整后教育投入": "教育投入",
}

# Characters that exercise every branch of the tokenizer: digits of both widths, Chinese numerals,
# units, brackets, quotes, change and filler words, separators.
_ALPHABET = (
    "0123456789０１２３.．,，、。；;：:!?！？\n ()（）《》【】“”\"'-—"
    "〇零一二两三四五六七八九十百千万亿点第是级分之"
    "元%％‰个所名人次间枚件家项册年月日号平方米亩万亿多余约近左右以上"
    "比上年增加长下降低减少提高到至较同占全县其中投入达为共新性部"
)


def _expected_change(gold_label: str) -> str | None:
    if gold_label.endswith("增长率"):
        return "increase"
    if "下降" in gold_label:
        return "decrease"
    return None


def _mismatch(q: Quantity, exp: dict) -> list[str]:
    """Differences between a figure and one expected entry of the case file."""
    problems = []
    if not math.isclose(q.value, float(exp["value"]), rel_tol=1e-12, abs_tol=1e-12):
        problems.append(f"value {q.value} != {exp['value']}")
    if q.unit != str(exp["unit"]):
        problems.append(f"unit {q.unit!r} != {exp['unit']!r}")
    if "label" in exp and q.label != exp["label"]:
        problems.append(f"label {q.label!r} != {exp['label']!r}")
    wanted = exp.get("label_contains", [])
    words = [wanted] if isinstance(wanted, str) else wanted
    problems.extend(f"label {q.label!r} lacks {word!r}" for word in words if word not in q.label)
    checked = [key for key in ("change", "kind", "approx", "baseline", "text", "low", "bound", "per") if key in exp]
    wrong = [key for key in checked if getattr(q, key) != exp[key]]
    problems.extend(f"{key} {getattr(q, key)!r} != {exp[key]!r}" for key in wrong)
    return problems


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_case(case: dict) -> None:
    found = extract_quantities(case["text"])
    summary = [(q.text, q.unit, q.label, q.change) for q in found]
    assert len(found) == len(case["expect"]), f"got {summary}"
    for index, (q, exp) in enumerate(zip(found, case["expect"], strict=True)):
        problems = _mismatch(q, exp)
        assert not problems, f"figure {index} {q.text!r}: {'; '.join(problems)} (all: {summary})"


def test_case_ids_are_unique() -> None:
    ids = [case["id"] for case in CASES]
    assert len(ids) == len(set(ids))


def test_offset_is_added_to_spans_but_not_to_text() -> None:
    text = "全区投入经费120万元，增长2.5%。"
    plain = extract_quantities(text)
    shifted = extract_quantities(text, offset=1000)
    assert [q.text for q in plain] == [q.text for q in shifted] == ["120万元", "2.5%"]
    for a, b in zip(plain, shifted, strict=True):
        assert (b.start, b.end) == (a.start + 1000, a.end + 1000)
        assert b.sentence == (a.sentence[0] + 1000, a.sentence[1] + 1000)
        assert text[b.start - 1000 : b.end - 1000] == b.text


def test_sentence_span_covers_the_figure_and_stops_at_terminators() -> None:
    text = "第一句话没有数字。\n  校舍面积2.1万平方米；运动场3个！"
    found = extract_quantities(text)
    assert [text[slice(*q.sentence)] for q in found] == ["校舍面积2.1万平方米", "运动场3个"]
    for q in found:
        assert q.sentence[0] <= q.start < q.end <= q.sentence[1]


def test_quantity_is_frozen() -> None:
    q = extract_quantities("新建2所学校")[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        q.value = 3  # type: ignore[misc]


def test_empty_and_number_free_text() -> None:
    assert extract_quantities("") == []
    assert extract_quantities("落实立德树人根本任务，坚持五育并举。") == []


@pytest.mark.parametrize(
    ("token", "value"),
    [
        ("十", 10), ("十二", 12), ("二十", 20), ("两百", 200), ("一百零五", 105), ("一千零五十", 1050),
        ("一千二百万", 12_000_000), ("一亿二千万", 120_000_000), ("一亿零五百万", 105_000_000),
        ("万", 10_000), ("一万亿", 10**12), ("十二点五", Decimal("12.5")), ("零点六三", Decimal("0.63")),
        ("三点五亿", 350_000_000), ("百", 100), ("零", 0),
    ],
)  # fmt: skip
def test_parse_chinese_valid(token: str, value: int | Decimal) -> None:
    assert parse_chinese(token) == Decimal(value)


@pytest.mark.parametrize(
    "token", ["十四五", "十三五", "一二三", "百千万", "二百五", "一万五", "亿亿", "", "点五", "三点"]
)
def test_parse_chinese_rejects_non_numbers(token: str) -> None:
    assert parse_chinese(token) is None


def test_digit_sequences_and_arabic() -> None:
    assert is_digit_sequence("二〇二二") and parse_digit_sequence("二〇二二") == 2022
    assert not is_digit_sequence("两〇") and parse_digit_sequence("两〇") is None
    assert parse_arabic("12,345.6") == 12345.6
    assert parse_arabic("１２３．５") == 123.5


@settings(max_examples=400, deadline=None)
@given(
    text=st.one_of(st.text(alphabet=_ALPHABET, max_size=80), st.text(max_size=80)),
    offset=st.integers(min_value=0, max_value=10**6),
)
def test_spans_slice_back_to_text(text: str, offset: int) -> None:
    found = extract_quantities(text, offset=offset)
    previous_end = offset
    for q in found:
        start, end = q.start - offset, q.end - offset
        assert 0 <= start < end <= len(text)
        assert text[start:end] == q.text
        assert q.start >= previous_end  # in order, never overlapping
        previous_end = q.end
        assert q.sentence[0] <= q.start and q.end <= q.sentence[1]
        assert q.kind in {"amount", "percent", "points", "count", "area", "year"}
        assert q.change in {None, "increase", "decrease"}



@settings(max_examples=400, deadline=None)
@given(text=st.one_of(st.text(alphabet=_ALPHABET, max_size=80), st.text(max_size=80)), start=st.integers(0, 80))
def test_token_prefilter_finds_what_the_plain_pattern_finds(text: str, start: int) -> None:
    """The number token's leading class only skips positions: every search gives the plain pattern's match."""
    plain = re.compile(quantities._TOKEN_BODY)
    ours, theirs = quantities._TOKEN.search(text, start), plain.search(text, start)
    assert (ours and (ours.span(), ours.groupdict())) == (theirs and (theirs.span(), theirs.groupdict()))


# --- the real sample report ----------------------------------------------------------------------


def test_gold_figures_are_extracted_with_labels(yunyang_path: Path, yunyang_gold: dict) -> None:
    found = extract_quantities(yunyang_path.read_text(encoding="utf-8"))
    missed = []
    for figure in yunyang_gold["figures"]:
        keyword = GOLD_KEYWORDS[figure["label"]]
        change = _expected_change(figure["label"])
        hits = [
            q for q in found
            if math.isclose(q.value, float(figure["value"]), abs_tol=1e-9)
            and q.unit == figure["unit"] and keyword in q.label and q.change == change
            and q.text in figure["text"]
        ]  # fmt: skip
        if not hits:
            missed.append(f"{figure['label']} {figure['value']}{figure['unit']}")
    recall = 1 - len(missed) / len(yunyang_gold["figures"])
    assert not missed, f"recall {recall:.0%}; missed: {missed}"


def test_gold_damaged_spans_are_reported_as_written(yunyang_path: Path, yunyang_gold: dict) -> None:
    text = yunyang_path.read_text(encoding="utf-8")
    found = extract_quantities(text)
    texts = {q.text for q in found}
    with_unit = [d for d in yunyang_gold["damaged"] if str(d)[-1] in "元%人年"]
    assert with_unit, "gold file lists no damaged figure with a unit"
    for damaged in with_unit:
        assert str(damaged) in texts, f"{damaged} not reported as one figure"
    # No figure may be cut out of the middle of a damaged run (渝府教督20225号, 2022930日 ...).
    for damaged in map(str, yunyang_gold["damaged"]):
        at = text.find(damaged)
        while at != -1:
            inside = [q.text for q in found if at <= q.start < at + len(damaged) and q.text != damaged]
            assert not inside, f"{damaged}: partial figures {inside}"
            at = text.find(damaged, at + 1)


def test_gold_plan_names_lists_and_enumerators_give_no_figures(yunyang_path: Path) -> None:
    text = yunyang_path.read_text(encoding="utf-8")
    found = extract_quantities(text)
    for marker in ("十四五", "一二三级", "一是", "二是", "三是", "两个全覆盖", "一校一案"):
        at = text.find(marker)
        assert at != -1, f"{marker} no longer in the sample; pick another marker"
        while at != -1:
            overlapping = [q.text for q in found if q.start < at + len(marker) and at < q.end]
            assert not overlapping, f"{marker} at {at} yielded {overlapping}"
            at = text.find(marker, at + 1)
    years = [q for q in found if q.kind == "year"]
    assert years and all(q.text.endswith("年") and q.change is None for q in years)


@pytest.mark.parametrize(("text", "op", "limit", "verdict"), [
    ("56—65人", "<=", 45, False),  # a class-size limit: the upper end decides
    ("40—45人", "<=", 45, True),
    ("56—65人", ">=", 60, False),  # a minimum: the lower end decides
    ("90%以上", ">=", 90, True),
    ("不足90%", ">=", 90, False),
    ("超过85%", ">=", 90, None),  # open: the figure may or may not reach 90
    ("超过90%", ">", 90, True),
    ("45人以内", "<=", 45, True),
    ("45人以内", "<=", 40, None),
    ("不足50%", "<", 50, True),
    ("91.56%", ">=", 85, True),
    ("84%", ">=", 85, False),
])
def test_a_check_on_a_range_or_bound_uses_the_end_its_operator_needs(text: str, op: str, limit: float,
                                                                    verdict: bool | None) -> None:
    (figure,) = extract_quantities(text)
    assert settles(figure, op, limit) is verdict
