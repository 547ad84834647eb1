"""Find rubric terms in report text, respecting Chinese word boundaries.

Plain substring search over Chinese finds terms across word boundaries (``保学`` in ``确保学校``).
Each document is segmented once with jieba, using a private tokenizer whose user dictionary holds the
rubric's own terms; a hit counts only when it starts or ends on a token boundary. jieba is loaded
lazily, once per process, with its log silenced (the engine never prints).
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable
from functools import lru_cache

from scheme.model import Rubric
from scorer.normalize import fold
from scorer.spans import inside, merge

_LOCK = threading.Lock()


@lru_cache(maxsize=4)
def _tokenizer(words: tuple[str, ...]):
    import jieba  # heavy: ~1 s to build its dictionary, cached by jieba in the temp dir

    jieba.setLogLevel(logging.WARNING)
    logging.getLogger("jieba").setLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    with _LOCK:
        tokenizer.initialize()
    for word in words:
        tokenizer.add_word(word, freq=20000)
    return tokenizer


def rubric_terms(rubric: Rubric) -> tuple[str, ...]:
    """Every matching term of a rubric (keywords, aliases, indicator terms, mention groups)."""
    terms: set[str] = set()
    for indicator in rubric.indicators:
        terms.update(indicator.terms)
        terms.update(indicator.context)
    for area in rubric.areas:
        terms.update(area.keywords)
        for item in area.items:
            terms.update(item.keywords)
            for req in item.requirements:
                for group in getattr(req.params, "groups", ()):
                    terms.update(group)
                terms.update(getattr(req.params, "subject", ()))
    return tuple(sorted(t for t in terms if re.fullmatch(r"[\u4e00-\u9fffA-Za-z0-9]+", t)))


def tokenizer_for(words: Iterable[str]):
    """The shared jieba tokenizer whose user dictionary holds ``words`` (built once per word set)."""
    return _tokenizer(tuple(sorted(set(words))))


class TermIndex:
    """Term occurrences in one document."""

    def __init__(self, text: str, words: Iterable[str] = (), *, boundaries: bool = True) -> None:
        """Segment ``text`` once (when ``boundaries``) so that lookups can check word edges.

        Args:
            text: The original text.
            words: Terms to keep whole when segmenting (the rubric's).
            boundaries: False to accept every substring hit (used to measure what jieba adds).
        """
        self.text = text
        self.folded = fold(text)
        self.boundaries: set[int] | None = None
        if boundaries:
            tokenizer = tokenizer_for(words)
            cuts = {0, len(text)}
            for _word, start, end in tokenizer.tokenize(self.folded, HMM=True):
                cuts.add(start)
                cuts.add(end)
            self.boundaries = cuts
        self._cache: dict[str, list[int]] = {}

    def positions(self, term: str) -> list[int]:
        """Start offsets of ``term`` in the whole text that respect word boundaries."""
        cached = self._cache.get(term)
        if cached is None:
            key = fold(term)
            cached = []
            start = self.folded.find(key)
            while start >= 0:
                end = start + len(key)
                if self.boundaries is None or start in self.boundaries or end in self.boundaries:
                    cached.append(start)
                start = self.folded.find(key, start + 1)
            self._cache[term] = cached
        return cached

    def find(self, term: str, spans: Iterable[tuple[int, int]], exclude: Iterable[str] = ()) -> list[int]:
        """Starts of ``term`` inside any of ``spans``, skipping hits inside an ``exclude`` string."""
        size = len(term)
        found = inside(self.positions(term), merge(spans), size)
        blocked = [(s, s + len(fold(x))) for x in exclude for s in self._raw(x)]
        if not blocked:
            return found
        return [pos for pos in found if not any(bs <= pos < be or bs < pos + size <= be for bs, be in blocked)]

    def _raw(self, text: str) -> list[int]:
        key = fold(text)
        found, start = [], self.folded.find(key)
        while start >= 0:
            found.append(start)
            start = self.folded.find(key, start + 1)
        return found

    def count_distinct(self, terms: Iterable[str], spans: Iterable[tuple[int, int]]) -> dict[str, int]:
        """Occurrences of each term found at least once in ``spans``."""
        merged = merge(spans)
        counts = {}
        for term in terms:
            hits = inside(self.positions(term), merged, len(term))
            if hits:
                counts[term] = len(hits)
        return counts
