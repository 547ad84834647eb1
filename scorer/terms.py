"""Find rubric terms in report text, respecting Chinese word boundaries.

Plain substring search over Chinese finds terms across word boundaries (``保学`` in ``确保学校``). A hit counts
only when it starts or ends on a word boundary, as jieba's dictionary segmentation (``scorer.segment``, with the
rubric's own terms as user words) draws them. An offset that no dictionary word spans is a boundary on any
route; only the blocks where some word spans a candidate hit's offsets are segmented, each once.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import NamedTuple

from scheme.model import Rubric
from scorer.normalize import fold
from scorer.segment import BLOCK_ASCII, RE_HAN, Segmenter, load_table
from scorer.spans import inside, merge


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


def term_families(rubric: Rubric) -> dict[str, tuple[str, ...]]:
    """For each term, the longer terms of the same item that contain it.

    An item's terms are its keywords, its requirements' term groups and subjects, and the terms of the
    indicators its requirements check. With the rubric's terms as user words, jieba keeps a longer one whole
    (国家学生体质健康标准 in 国家学生体质健康标准测试合格率), so the shorter one inside it (体质健康) has no
    boundary of its own; inside a longer term of the same item it names the same thing and counts.
    """
    indicators = {indicator.id: indicator for indicator in rubric.indicators}
    families: dict[str, set[str]] = {}
    for area in rubric.areas:
        for item in area.items:
            words = set(item.keywords)
            for req in item.requirements:
                for group in getattr(req.params, "groups", ()):
                    words.update(group)
                words.update(getattr(req.params, "subject", ()))
                indicator = indicators.get(getattr(req.params, "indicator", None) or "")
                if indicator is not None:
                    words.update(indicator.terms)
            for short in words:
                longer = {w for w in words if len(w) > len(short) and short in w}
                if longer:
                    families.setdefault(short, set()).update(longer)
    return {term: tuple(sorted(longer)) for term, longer in families.items()}


@lru_cache(maxsize=4)
def _segmenter(words: tuple[str, ...]) -> Segmenter:
    return Segmenter(load_table(), words)


def segmenter_for(words: Iterable[str]) -> Segmenter:
    """The shared segmenter whose user words are ``words`` (built once per word set, per process)."""
    return _segmenter(tuple(sorted(set(words))))


def _block_char(ch: str) -> bool:
    """Whether ``ch`` belongs in a ``RE_HAN`` block (the segmenter's unit)."""
    return "\u4e00" <= ch <= "\u9fd5" or ch in BLOCK_ASCII


class _Heads(NamedTuple):
    """Folded terms of two or more characters by their first two characters, and where such a pair may start."""

    keys: dict[str, tuple[str, ...]]
    starts: re.Pattern[str]


def _char_class(chars: Iterable[str]) -> str:
    return "[" + "".join(re.escape(ch) for ch in sorted(chars)) + "]"


@lru_cache(maxsize=4)
def _heads(vocabulary: frozenset[str]) -> _Heads:
    """The vocabulary's terms of two or more characters (folded) by their first two characters."""
    heads: dict[str, list[str]] = {}
    for key in sorted({fold(term) for term in vocabulary}):
        if len(key) > 1:
            heads.setdefault(key[:2], []).append(key)
    # a pair's first character among the first characters and its second among the second ones: a superset of the
    # pairs, found by the regex engine; about a quarter of a report's positions pass it, against all for a loop
    starts = re.compile(f"(?={_char_class({h[0] for h in heads})}{_char_class({h[1] for h in heads})})"
                        if heads else r"(?!)")
    return _Heads({head: tuple(keys) for head, keys in heads.items()}, starts)


def _scan(folded: str, heads: _Heads) -> dict[str, list[int]]:
    """Every (overlapping) occurrence of every term in ``heads``, found in one pass over the text.

    The same offsets as a ``str.find`` loop per term, at about a third of the cost for the rubric's 660 terms.
    """
    found: dict[str, list[int]] = {}
    get = heads.keys.get
    for i in [match.start() for match in heads.starts.finditer(folded)]:
        keys = get(folded[i:i + 2])
        if keys:
            for key in keys:
                if folded.startswith(key, i):
                    found.setdefault(key, []).append(i)
    return found


class TermIndex:
    """Term occurrences in one document."""

    def __init__(self, text: str, words: Iterable[str] = (), *, boundaries: bool = True,
                 families: Mapping[str, tuple[str, ...]] | None = None) -> None:
        """Index ``text``; word boundaries are worked out lazily, block by block, when a hit needs them.

        Args:
            text: The original text.
            words: Terms to keep whole when segmenting (the rubric's); counted together by :meth:`count_distinct`.
            boundaries: False to accept every substring hit (used to measure what the boundary check adds).
            families: For a term, longer terms of the same item that contain it (:func:`term_families`): a hit
                without a boundary of its own counts when it lies inside a counted hit of one of them.
        """
        self.families = families or {}
        self.text = text
        self.folded = fold(text)
        self.vocabulary = frozenset(words)
        self.segmenter = segmenter_for(self.vocabulary) if boundaries else None
        self._blocks: list[tuple[int, int]] | None = None
        self._block_starts: list[int] = []
        self._cuts: dict[int, set[int]] = {}
        self._cache: dict[str, list[int]] = {}
        self._scanned: dict[str, list[int]] | None = None  # every vocabulary term's raw hits, from one pass
        self._hits: list[tuple[int, int, str]] | None = None
        self._hit_starts: list[int] = []
        self._span_counts: dict[tuple[tuple[int, int], ...], dict[str, int]] = {}
        self._merged: dict[tuple[tuple[int, int], ...], list[tuple[int, int]]] = {}
        self._raws: dict[str, list[int]] = {}

    def is_boundary(self, pos: int) -> bool:
        """Whether a word boundary falls at ``pos`` (always, without a segmenter)."""
        known = self._boundary_known(pos)
        return known if known is not None else self._cut_at(pos)

    def _boundary_known(self, pos: int) -> bool | None:
        """``is_boundary(pos)`` when it is known without cutting a block into words, else None."""
        block = self._block_at(pos)
        if block is None:
            return True
        start, end = block
        cuts = self._cuts.get(start)
        if cuts is not None:
            return pos in cuts
        # three offsets in four: no word spans the offset, so every route has a boundary there
        return True if self.segmenter.splits_anyway(self.folded, start, end, pos) else None

    def _cut_at(self, pos: int) -> bool:
        """Whether ``pos`` is a token end once its block is cut into words (each block is cut once)."""
        block = self._block_at(pos)
        if block is None:
            return True
        start, end = block
        cuts = self._cuts.get(start)
        if cuts is None:
            cuts = self._cuts[start] = self.segmenter.token_ends(self.folded[start:end], start)
        return pos in cuts

    def _block_at(self, pos: int) -> tuple[int, int] | None:
        """The segmentation block ``pos`` falls strictly inside, or None when a boundary is there anyway."""
        if self.segmenter is None:
            return None
        if self._blocks is None:
            self._blocks = [m.span() for m in RE_HAN.finditer(self.folded)]
            self._block_starts = [start for start, _ in self._blocks]
        i = bisect.bisect_right(self._block_starts, pos) - 1
        if i < 0:
            return None
        start, end = self._blocks[i]
        if pos >= end or pos == start:
            return None  # between blocks every character is its own token
        return start, end

    def _counts(self, start: int, end: int) -> bool:
        """Whether a hit ``[start, end)`` starts or ends on a word boundary.

        A block is a maximal run of ``RE_HAN`` characters: an offset between two of them is inside one and needs
        its block cut into words; any other offset is a boundary. Those are tried first, without cutting.
        """
        if self.segmenter is None:
            return True
        text = self.folded
        if start == 0 or end >= len(text):
            return True
        if not (_block_char(text[start - 1]) and _block_char(text[start])):
            return True
        if not (_block_char(text[end - 1]) and _block_char(text[end])):
            return True
        # both ends without cutting first: a block is cut only when neither end is settled otherwise
        if self._boundary_known(start) or self._boundary_known(end):
            return True
        return self._cut_at(start) or self._cut_at(end)

    def positions(self, term: str) -> list[int]:
        """Start offsets of ``term`` in the whole text that respect word boundaries."""
        cached = self._cache.get(term)
        if cached is None:
            key = fold(term)
            if term in self.vocabulary and len(key) > 1:
                if self._scanned is None:
                    self._scanned = _scan(self.folded, _heads(self.vocabulary))
                raw = self._scanned.get(key, ())
            else:
                raw = self._raw(term)
            size = len(key)
            cached = [start for start in raw if self._counts(start, start + size) or self._in_family(term, start, size)]
            self._cache[term] = cached
        return cached

    def _in_family(self, term: str, start: int, size: int) -> bool:
        """Whether ``[start, start + size)`` lies inside a counted hit of a longer term of the same item."""
        for longer in self.families.get(term, ()):
            length = len(fold(longer))
            hits = self.positions(longer)
            i = bisect.bisect_right(hits, start) - 1
            if i >= 0 and start + size <= hits[i] + length:
                return True
        return False

    def find(self, term: str, spans: Iterable[tuple[int, int]], exclude: Iterable[str] = ()) -> list[int]:
        """Starts of ``term`` inside any of ``spans``, skipping hits inside an ``exclude`` string."""
        size = len(term)
        key = tuple(spans)  # checks ask about each term of a group in the same spans: merge them once
        merged = self._merged.get(key)
        if merged is None:
            merged = self._merged[key] = merge(key)
        found = inside(self.positions(term), merged, size)
        blocked = [(s, s + len(fold(x))) for x in exclude for s in self._raw(x)]
        if not blocked:
            return found
        return [pos for pos in found if not any(bs <= pos < be or bs < pos + size <= be for bs, be in blocked)]

    def _raw(self, text: str) -> list[int]:
        """Every (overlapping) start of ``text`` in the folded text, boundaries aside (cached)."""
        found = self._raws.get(text)
        if found is None:
            key = fold(text)
            found, start = [], self.folded.find(key)
            while start >= 0:
                found.append(start)
                start = self.folded.find(key, start + 1)
            self._raws[text] = found
        return found

    def count_distinct(self, terms: Iterable[str], spans: Iterable[tuple[int, int]]) -> dict[str, int]:
        """Occurrences of each term found at least once in ``spans``.

        Terms of the vocabulary are counted for all at once per span set (sections are asked about every area's
        and every item's terms in turn); any other term is looked up on its own.
        """
        merged = merge(spans)
        known = self.span_counts(tuple(merged))
        counts = {}
        for term in terms:
            n = known.get(term) if term in self.vocabulary else len(inside(self.positions(term), merged, len(term)))
            if n:
                counts[term] = n
        return counts

    def span_counts(self, merged: tuple[tuple[int, int], ...]) -> dict[str, int]:
        """Every vocabulary term inside the merged ``spans`` (see ``spans.merge``) with its count (cached)."""
        counts = self._span_counts.get(merged)
        if counts is not None:
            return counts
        if self._hits is None:
            self._hits = sorted((pos, pos + len(t), t) for t in self.vocabulary for pos in self.positions(t))
            self._hit_starts = [hit[0] for hit in self._hits]
        counts = {}
        for start, end in merged:
            lo = bisect.bisect_left(self._hit_starts, start)
            hi = bisect.bisect_left(self._hit_starts, end)
            for _pos, stop, term in self._hits[lo:hi]:
                if stop <= end:
                    counts[term] = counts.get(term, 0) + 1
        self._span_counts[merged] = counts
        return counts
