"""Chinese word boundaries from jieba's dictionary, unpacked lazily, one first character at a time.

This reproduces jieba's accurate mode without the HMM, ``jieba.Tokenizer().cut(text, HMM=False)`` after
``add_word(w, freq)`` for each user word: the same blocks, the same DAG of dictionary words, the same
maximum-probability route and tie-breaking, the same merging of single letters and digits
(``tests/scorer/test_segment.py`` compares the two token for token). What differs is the cost: jieba builds a
600,000-entry prefix dictionary in every process (0.6–0.8 s, its own disk cache does not make that faster);
here jieba's ``dict.txt`` is converted once into a table keyed by first character, kept in lvzhi's disk
cache (``scheme.cache``: marshal, data only), and a character's words are unpacked only when a block containing
it is segmented. jieba itself is never imported at run time; its dictionary file is read.

The HMM (jieba's guess at words missing from the dictionary) is left out on purpose: importing it costs
0.13 s per process, and for boundary checks it only ever removes boundaries between single characters.
"""

from __future__ import annotations

import hashlib
import importlib.util
import marshal
import re
import threading
from collections.abc import Iterable
from math import log
from pathlib import Path
from typing import Any

from scheme.cache import cache_dir, read_entry, write_entry

FORMAT = "lvzhi-segdict-1"
RE_HAN = re.compile("[\u4e00-\u9fd5a-zA-Z0-9+#&._%\\-]+")  # jieba's re_han_default
RE_ENG = re.compile("[a-zA-Z0-9]")  # jieba's re_eng: single letters/digits merge into one token
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
    """jieba's dictionary grouped by first character: ``{char: (longest word, marshalled {word: freq})}``."""

    def __init__(self, total: int, packed: dict[str, tuple[int, bytes]]) -> None:
        """Wrap a total frequency and the packed groups (see :meth:`parse`)."""
        self.total = total
        self._packed = packed
        self._open: dict[str, tuple[int, dict[str, int]]] = {}

    def words_from(self, char: str) -> tuple[int, dict[str, int]]:
        """Longest length and ``{word: freq}`` of the words starting with ``char`` ((0, {}) when none)."""
        entry = self._open.get(char)
        if entry is None:
            packed = self._packed.get(char)
            # marshal builds data only, never runs code; the bytes are our own cache's
            entry = (packed[0], marshal.loads(packed[1])) if packed else (0, {})  # noqa: S302
            self._open[char] = entry
        return entry

    @classmethod
    def parse(cls, data: bytes, name: str = "dict.txt") -> DictTable:
        """Build the table from a jieba dictionary's bytes (``word freq [tag]`` per line)."""
        groups: dict[str, dict[str, int]] = {}
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
            groups.setdefault(word[0], {})[word] = freq
            total += freq
        packed = {ch: (max(map(len, words)), marshal.dumps(words)) for ch, words in groups.items()}
        return cls(total, packed)

    def payload(self) -> tuple[int, dict[str, tuple[int, bytes]]]:
        """The table as plain data for the disk cache."""
        return self.total, self._packed

    @classmethod
    def from_payload(cls, value: Any) -> DictTable | None:
        """The table from :meth:`payload` output, or None when the value is not one (a damaged cache)."""
        if not (isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], int)
                and isinstance(value[1], dict)):
            return None
        return cls(*value)


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
            write_entry(cached, FORMAT, table.payload())
        _TABLES[key] = table
        return table


class Segmenter:
    """jieba's HMM-free accurate mode over :class:`DictTable` plus user words at a fixed frequency."""

    def __init__(self, table: DictTable, user_words: Iterable[str] = (), user_freq: int = 20000) -> None:
        """Segment with ``table`` plus ``user_words`` at ``user_freq``, as ``jieba.add_word(w, freq)`` would."""
        words = list(dict.fromkeys(user_words))
        self.table = table
        self.user_freq = user_freq
        self.user: dict[str, dict[str, int]] = {}
        for word in words:
            self.user.setdefault(word[0], {})[word] = user_freq
        # jieba's add_word adds to the total on every call, even for a word already in the dictionary
        self.logtotal = log(table.total + user_freq * len(words))
        self._merged: dict[str, tuple[int, dict[str, int]]] = {}

    def _words_from(self, char: str) -> tuple[int, dict[str, int]]:
        entry = self._merged.get(char)
        if entry is None:
            longest, base = self.table.words_from(char)
            extra = self.user.get(char)
            if extra:
                base = {**base, **extra}
                longest = max(longest, *map(len, extra))
            entry = self._merged[char] = (longest, base)
        return entry

    def cut_block(self, block: str) -> list[str]:
        """Tokens of one ``RE_HAN`` block, as jieba's ``__cut_DAG_NO_HMM`` yields them."""
        n = len(block)
        dag: list[list[tuple[int, int]]] = []
        for k in range(n):
            longest, freqs = self._words_from(block[k])
            ends = []
            for size in range(1, min(longest, n - k) + 1):
                freq = freqs.get(block[k:k + size])
                if freq:
                    ends.append((k + size - 1, freq))
            if not ends:
                ends.append((k, freqs.get(block[k]) or 1))  # freq 0 or absent counts as 1, as in jieba
            dag.append(ends)
        logtotal = self.logtotal
        route: list[tuple[float, int]] = [(0.0, 0)] * (n + 1)
        for idx in range(n - 1, -1, -1):
            route[idx] = max((log(freq) - logtotal + route[x + 1][0], x) for x, freq in dag[idx])
        tokens, buf, x = [], "", 0
        while x < n:
            y = route[x][1] + 1
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
