"""scorer.segment cuts exactly as jieba's HMM-free accurate mode does, and its disk cache is safe to lose."""

from __future__ import annotations

import logging
import marshal
import random
from pathlib import Path

import pytest

from scheme import load_rubric
from scheme.cache import read_entry
from scorer.normalize import fold
from scorer.segment import FORMAT, RE_HAN, DictTable, Segmenter, SegmentError, jieba_dictionary, load_table
from scorer.terms import rubric_terms

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"

TEXTS = sorted((ROOT / "examples").glob("*.txt")) + sorted((FIXTURES / "reports").glob("*.txt"))
TINY = "中国 5\n中国人 3\n国人 4\n人 10\nab 2\n".encode()


@pytest.fixture(scope="module")
def words() -> tuple[str, ...]:
    return tuple(sorted(set(rubric_terms(load_rubric()))))


@pytest.fixture(scope="module")
def jieba_tokenizer(words):
    jieba = pytest.importorskip("jieba")
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for word in words:
        tokenizer.add_word(word, freq=20000)
    return tokenizer


@pytest.fixture(scope="module")
def ours(words, tmp_path_factory) -> Segmenter:
    return Segmenter(load_table(cache=tmp_path_factory.mktemp("cache")), words)


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_same_tokens_as_jieba_on_reports(path: Path, ours: Segmenter, jieba_tokenizer) -> None:
    text = fold(path.read_text(encoding="utf-8"))
    assert ours.cut(text) == list(jieba_tokenizer.cut(text, HMM=False))


def test_same_tokens_as_jieba_on_shuffled_text(ours: Segmenter, jieba_tokenizer) -> None:
    """Random re-mixes of report characters, punctuation, letters, digits and line breaks."""
    source = (ROOT / "examples" / "青溪县-2022自评报告.txt").read_text(encoding="utf-8")
    alphabet = sorted(set(source)) + list("AbZ09 .%-+#&_\r\n\t")
    rng = random.Random(20221)  # noqa: S311 reproducible test data
    for _ in range(200):
        start = rng.randrange(len(source))
        text = source[start:start + rng.randrange(1, 300)] + "".join(rng.choices(alphabet, k=rng.randrange(0, 40)))
        assert ours.cut(text) == list(jieba_tokenizer.cut(text, HMM=False)), text


def test_token_ends_are_where_cut_block_tokens_end(ours: Segmenter) -> None:
    """The boundary check's offsets, taken from the route without building tokens, are the tokens' ends."""
    source = fold((ROOT / "examples" / "青溪县-2022自评报告.txt").read_text(encoding="utf-8"))
    blocks = [m.group() for m in RE_HAN.finditer(source)]
    rng = random.Random(7)  # noqa: S311 reproducible test data
    blocks += ["".join(rng.choices("教育经费ab1Z9中国人民.%-_#", k=rng.randrange(1, 30))) for _ in range(300)]
    for block in blocks:
        ends, offset = set(), 100
        for token in ours.cut_block(block):
            offset += len(token)
            ends.add(offset)
        assert ours.token_ends(block, 100) == ends, block


def test_tiny_dictionary_route_and_merging(tmp_path: Path) -> None:
    dictionary = tmp_path / "dict.txt"
    dictionary.write_bytes(TINY)
    table = load_table(dictionary, cache=tmp_path / "cache")
    # expected values are what jieba 0.42.1 gives with this dictionary: "ab" is a word, so only "c1" merges;
    # "中" is not a word itself but starts words, so it cannot stand alone before the heavier "国人民"
    assert Segmenter(table).cut("中国人abc1，人") == ["中国人", "ab", "c1", "，", "人"]
    assert Segmenter(table, ["国人民"], user_freq=1000).cut("中国人民") == ["中国人", "民"]
    assert Segmenter(table, ["国人民"], user_freq=1000).cut("国人民") == ["国人民"]


def test_cache_written_then_reused_and_damaged_cache_rebuilt(tmp_path: Path) -> None:
    dictionary = tmp_path / "dict.txt"
    dictionary.write_bytes(TINY)
    cache = tmp_path / "cache"
    first = load_table(dictionary, cache=cache)
    files = list(cache.glob("jieba-dict-*.marshal"))
    assert len(files) == 1
    assert first.total == 24
    assert DictTable.from_payload(read_entry(files[0], FORMAT)).total == 24
    files[0].write_bytes(b"not marshal data")
    dictionary.write_bytes(TINY + "新词 7\n".encode())  # a changed dictionary gets a new cache key
    second = load_table(dictionary, cache=cache)
    assert second.total == 31
    assert second.words_after("新词") == (2, {"新词": 7})
    assert second.singles["人"] == 10


def test_unwritable_cache_directory_is_not_an_error(tmp_path: Path) -> None:
    dictionary = tmp_path / "dict.txt"
    dictionary.write_bytes(TINY)
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("x")
    assert load_table(dictionary, cache=blocker / "cache").total == 24


def test_bad_dictionary_line_named(tmp_path: Path) -> None:
    dictionary = tmp_path / "dict.txt"
    dictionary.write_bytes("中国 5\n坏行没有频率\n".encode())
    with pytest.raises(SegmentError, match=r"dict.txt:2: .*invalid dictionary entry"):
        load_table(dictionary, cache=tmp_path / "cache")


def test_damaged_cache_entries_are_not_a_table(tmp_path: Path) -> None:
    entry = tmp_path / "entry"
    for data in (b"", b"\x00\x01garbage", marshal.dumps(("other-format", (1, {}))), marshal.dumps(7)):
        entry.write_bytes(data)
        assert read_entry(entry, FORMAT) is None
    assert DictTable.from_payload(None) is None
    assert DictTable.from_payload(("x", {})) is None


def test_jieba_dictionary_found_without_import() -> None:
    assert jieba_dictionary().name == "dict.txt"


def test_an_offset_no_word_spans_is_a_boundary_of_the_route(ours: Segmenter) -> None:
    """``splits_anyway`` says yes only where the cut block has a token boundary, and says it for most offsets."""
    source = fold((ROOT / "examples" / "青溪县-2022自评报告.txt").read_text(encoding="utf-8"))
    blocks = [m.group() for m in RE_HAN.finditer(source)]
    rng = random.Random(11)  # noqa: S311 reproducible test data
    pieces = ["教育", "经费", "教育经费", "育经", "中国人民", "人民", "国人", "a", "b", "Z", "1", "9", "ab", ".", "%",
              "-", "确保", "学校", "保学", "义务教育", "巩固率", "控辍保学", "x" * 20, "教" * 20]
    blocks += ["".join(rng.choices(pieces, k=rng.randrange(1, 12))) for _ in range(400)]
    said = 0
    for block in blocks:
        text = "，" + block + "。"
        ends = ours.token_ends(block, 1)
        for pos in range(2, len(block) + 1):
            if ours.splits_anyway(text, 1, len(block) + 1, pos):
                said += 1
                assert pos in ends, (block, pos - 1)
    assert said > 1000  # the shortcut is taken, not only declined
