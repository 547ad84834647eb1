"""Chinese word boundaries from jieba's dictionary, unpacked lazily, one two-character prefix at a time.

This reproduces jieba's accurate mode without the HMM, ``jieba.Tokenizer().cut(text, HMM=False)`` after
``add_word(w, freq)`` for each user word: the same blocks, the same DAG of dictionary words, the same
maximum-probability route and tie-breaking, the same merging of single letters and digits
(``tests/scorer/test_segment.py`` compares the two token for token). What differs is the cost: jieba builds a
600,000-entry prefix dictionary in every process (0.6–0.8 s, its own disk cache does not make that faster);
here jieba's ``dict.txt`` is converted once into a table keyed by the first two characters of words, kept in
lvzhi's disk cache (``scheme.cache``: marshal, data only), and only the prefixes that occur in the blocks being
segmented are unpacked. jieba itself is never imported at run time; its dictionary file is read.

The HMM (jieba's guess at words missing from the dictionary) is left out on purpose: importing it costs
0.13 s per process, and for boundary checks it only ever removes boundaries between single characters.
"""

from __future__ import annotations

import hashlib
import importlib.util
import marshal
import re
import threading
from array import array
from collections.abc import Iterable
from math import log
from pathlib import Path
from typing import Any

from scheme.cache import cache_dir, read_entry, write_entry

FORMAT = "lvzhi-segdict-3"
RE_HAN = re.compile("[\u4e00-\u9fd5a-zA-Z0-9+#&._%\\-]+")  # jieba's re_han_default
RE_ENG = re.compile("[a-zA-Z0-9]")  # jieba's re_eng: single letters/digits merge into one token
_SETTLE_BACK = 16  # see Segmenter.splits_anyway
# The ASCII characters each pattern matches, for checks one character at a time
_ENG = frozenset(ch for ch in map(chr, range(128)) if RE_ENG.fullmatch(ch))
BLOCK_ASCII = frozenset(ch for ch in map(chr, range(128)) if RE_HAN.fullmatch(ch))
_LOCK = threading.Lock()
_TABLES: dict[str, DictTable] = {}


class SegmentError(RuntimeError):
    """jieba's dictionary could not be found or read."""


def jieba_dictionary() -> Path:
    """Path of jieba's main dictionary, found without importing jieba."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise SegmentError("jieba 未安装 / jieba is not installed: pip install jieba")
    path = Path(next(iter(spec.submodule_search_locations))) / "dict.txt"
    if not path.is_file():
        raise SegmentError(f"找不到 jieba 词典 / jieba's dictionary is missing: {path}")
    return path


class DictTable:
    """jieba's dictionary as single characters plus longer words grouped by their first two characters.

    ``singles`` is ``{char: freq}``; ``groups`` maps a first character to the marshalled triple (second
    characters as one string, the concatenated marshalled ``(longest length, {word: freq})`` of each, their end
    offsets as a uint32 array), so opening a first character creates three objects, not one per second. A block
    is segmented by looking up, at each position, the single character and the words of its two-character
    prefix, so only the prefixes that occur in the text are ever unpacked.
    """

    def __init__(self, total: int, singles: dict[str, int], groups: dict[str, bytes]) -> None:
        """Wrap a total frequency, the single characters and the packed groups (see :meth:`parse`)."""
        self.total = total
        self.singles = singles
        self._groups = groups
        self._firsts: dict[str, tuple[str, bytes, array]] = {}
        self._open: dict[str, tuple[int, dict[str, int]]] = {}

    def words_after(self, prefix: str) -> tuple[int, dict[str, int]]:
        """Longest length and ``{word: freq}`` of the words of two or more characters starting with ``prefix``."""
        entry = self._open.get(prefix)
        if entry is None:
            first = self._firsts.get(prefix[0])
            if first is None:
                packed = self._groups.get(prefix[0])
                # marshal builds data only, never runs code; the bytes are our own cache's
                seconds, blob, ends = marshal.loads(packed) if packed else ("", b"", b"")  # noqa: S302
                first = self._firsts[prefix[0]] = (seconds, blob, array("I", ends))
            seconds, blob, ends = first
            i = seconds.find(prefix[1])
            entry = marshal.loads(blob[ends[i - 1] if i else 0:ends[i]]) if i >= 0 else (0, {})  # noqa: S302
            self._open[prefix] = entry
        return entry

    @classmethod
    def parse(cls, data: bytes, name: str = "dict.txt") -> DictTable:
        """Build the table from a jieba dictionary's bytes (``word freq [tag]`` per line)."""
        singles: dict[str, int] = {}
        words: dict[str, dict[str, dict[str, int]]] = {}
        total = 0
        for lineno, raw in enumerate(data.splitlines(), 1):
            line = raw.strip().decode("utf-8")
            if not line:
                continue  # jieba would reject an empty line; the dictionary it ships has none
            try:
                word, freq_text = line.split(" ")[:2]
                freq = int(freq_text)
            except ValueError as exc:
                raise SegmentError(f"{name}:{lineno}: 词典行无效 / invalid dictionary entry: {line!r}") from exc
            if len(word) == 1:
                singles[word] = freq
            else:
                words.setdefault(word[0], {}).setdefault(word[1], {})[word] = freq
            total += freq
        return cls(total, singles, {first: _pack(seconds) for first, seconds in words.items()})

    def payload(self) -> tuple[int, dict[str, int], dict[str, bytes]]:
        """The table as plain data for the disk cache."""
        return self.total, self.singles, self._groups

    @classmethod
    def from_payload(cls, value: Any) -> DictTable | None:
        """The table from :meth:`payload` output, or None when the value is not one (a damaged cache)."""
        if not (isinstance(value, tuple) and len(value) == 3 and isinstance(value[0], int)
                and isinstance(value[1], dict) and isinstance(value[2], dict)):
            return None
        return cls(*value)


def _pack(seconds: dict[str, dict[str, int]]) -> bytes:
    parts = [marshal.dumps((max(map(len, group)), group)) for group in seconds.values()]
    ends = array("I")
    offset = 0
    for part in parts:
        offset += len(part)
        ends.append(offset)
    return marshal.dumps(("".join(seconds), b"".join(parts), ends.tobytes()))


def load_table(path: Path | None = None, cache: Path | None = None) -> DictTable:
    """Load jieba's dictionary as a :class:`DictTable`, from the disk cache when it is current (once per process).

    The cache file is named after the dictionary's path, size and modification time; it is written atomically
    and silently skipped when the cache directory is not writable (the table is then rebuilt next time).
    """
    path = path or jieba_dictionary()
    stat = path.stat()
    key = hashlib.sha256(f"{FORMAT}|{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}".encode()).hexdigest()[:16]
    with _LOCK:
        table = _TABLES.get(key)
        if table is not None:
            return table
        cached = (cache if cache is not None else cache_dir()) / f"jieba-dict-{key}.marshal"
        table = DictTable.from_payload(read_entry(cached, FORMAT))
        if table is None:
            table = DictTable.parse(path.read_bytes(), str(path))
            write_entry(cached, FORMAT, table.payload(), keep=1, family="jieba-dict-")
        _TABLES[key] = table
        return table


class Segmenter:
    """jieba's HMM-free accurate mode over :class:`DictTable` plus user words at a fixed frequency."""

    def __init__(self, table: DictTable, user_words: Iterable[str] = (), user_freq: int = 20000) -> None:
        """Segment with ``table`` plus ``user_words`` at ``user_freq``, as ``jieba.add_word(w, freq)`` would."""
        words = list(dict.fromkeys(user_words))
        self.table = table
        singles = {**table.singles, **{w: user_freq for w in words if len(w) == 1}}
        self.user: dict[str, dict[str, int]] = {}
        for word in words:
            if len(word) > 1:
                self.user.setdefault(word[:2], {})[word] = user_freq
        # jieba's add_word adds to the total on every call, even for a word already in the dictionary
        self.logtotal = log(table.total + user_freq * len(words))
        # jieba scores a word ``log(freq) - logtotal + route[x + 1]``, evaluated left to right: the first
        # difference is kept here per character and word, the same float it would compute each time
        self.single_weights = {ch: log(f) - self.logtotal for ch, f in singles.items() if f}
        self._merged: dict[str, tuple[tuple[int, ...], dict[str, float]]] = {}

    def _words_after(self, prefix: str) -> tuple[tuple[int, ...], dict[str, float]]:
        """Lengths (ascending) and ``{word: log(freq) - logtotal}`` of the words of 2+ characters after ``prefix``."""
        entry = self._merged.get(prefix)
        if entry is None:
            _longest, base = self.table.words_after(prefix)
            extra = self.user.get(prefix)
            if extra:
                base = {**base, **extra}
            # a word of frequency 0 is no candidate in jieba's DAG
            weights = {w: log(f) - self.logtotal for w, f in base.items() if f}
            entry = self._merged[prefix] = (tuple(sorted({len(w) for w in weights})), weights)
        return entry

    def _route(self, block: str) -> list[int]:
        """Where the best route's word starting at each position of ``block`` ends (inclusive), as jieba finds it.

        jieba builds the DAG, then takes, from the end, ``max((log(freq) - logtotal + route[x + 1][0], x))`` over
        the words starting at each position (the character alone, at frequency 1, when none does). The same
        arithmetic in the same order runs here in one backward pass; ``>=`` over candidates in increasing ``x``
        keeps jieba's tie-break (the larger ``x`` wins).
        """
        n = len(block)
        singles, words_after, merged = self.single_weights, self._words_after, self._merged
        alone = 0.0 - self.logtotal  # log(1) - logtotal
        score = [0.0] * (n + 1)
        end = list(range(n + 1))
        for idx in range(n - 1, -1, -1):
            after = score[idx + 1]
            weight = singles.get(block[idx])
            best = after + weight if weight is not None else None
            if idx + 1 < n:
                sizes, words = merged.get(block[idx:idx + 2]) or words_after(block[idx:idx + 2])
                room = n - idx
                for size in sizes:
                    if size > room:
                        break
                    weight = words.get(block[idx:idx + size])
                    if weight is not None:
                        candidate = weight + score[idx + size]
                        if best is None or candidate >= best:
                            best, end[idx] = candidate, idx + size - 1
            score[idx] = best if best is not None else alone + after
        return end

    def cut_block(self, block: str) -> list[str]:
        """Tokens of one ``RE_HAN`` block, as jieba's ``__cut_DAG_NO_HMM`` yields them."""
        n, end = len(block), self._route(block)
        tokens, buf, x = [], "", 0
        while x < n:
            y = end[x] + 1
            word = block[x:y]
            if y - x == 1 and RE_ENG.match(word):
                buf += word
            else:
                if buf:
                    tokens.append(buf)
                    buf = ""
                tokens.append(word)
            x = y
        if buf:
            tokens.append(buf)
        return tokens

    def token_ends(self, block: str, base: int = 0) -> set[int]:
        """``base`` plus the end offset of each of ``cut_block(block)``'s tokens, without building the tokens."""
        n, end = len(block), self._route(block)
        ends: set[int] = set()
        x, in_run = 0, False  # in_run: inside a run of single letters/digits, which jieba merges into one token
        while x < n:
            y = end[x] + 1
            if y - x == 1 and block[x] in _ENG:
                in_run = True
            else:
                if in_run:
                    ends.add(base + x)
                    in_run = False
                ends.add(base + y)
            x = y
        if in_run:
            ends.add(base + n)
        return ends

    def splits_anyway(self, text: str, start: int, end: int, pos: int) -> bool:
        """True when a word boundary falls at ``pos`` of the block ``text[start:end]`` whatever route is taken.

        Every token of a route is a dictionary word or a single character, and single letters and digits in a row
        are merged: when no word of the block spans ``pos`` and ``pos`` is not between two letters or digits, every
        route has a boundary there. False means "not known": cut the block. Only up to ``_SETTLE_BACK``
        characters of the block before ``pos`` are looked at, so a long block (punctuation lost) is cut instead.
        """
        if text[pos - 1] in _ENG and text[pos] in _ENG:
            return False
        if pos - start > _SETTLE_BACK:
            return False
        merged, words_after = self._merged, self._words_after
        for at in range(pos - 1, start - 1, -1):
            pair = text[at:at + 2]
            sizes, words = merged.get(pair) or words_after(pair)
            past, room = pos - at, end - at  # a word from ``at`` spans ``pos`` when longer than ``past``
            for size in reversed(sizes):
                if size <= past:
                    break
                if size <= room and text[at:at + size] in words:
                    return False
        return True

    def cut(self, text: str) -> list[str]:
        """All tokens of ``text`` as ``jieba.Tokenizer().cut(text, HMM=False)`` gives them."""
        tokens: list[str] = []
        pos = 0
        for match in RE_HAN.finditer(text):
            tokens.extend(_skip_tokens(text[pos:match.start()]))
            tokens.extend(self.cut_block(match.group()))
            pos = match.end()
        tokens.extend(_skip_tokens(text[pos:]))
        return tokens


def _skip_tokens(gap: str) -> list[str]:
    """Text between blocks: jieba yields CR LF as one token and every other character alone."""
    out: list[str] = []
    i = 0
    while i < len(gap):
        if gap.startswith("\r\n", i):
            out.append("\r\n")
            i += 2
        else:
            out.append(gap[i])
            i += 1
    return out
