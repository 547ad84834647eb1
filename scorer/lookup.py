"""Per-section lookups for matching: which rubric terms a section holds, and how alike its heading is to names.

Matching asks every section about each of the 12 areas and 46 items in turn. Asking term by term and name by
name costs (sections × owners × terms); here a section's term counts are taken once and dealt out to the areas
and items that list each term, and a heading's bigrams are looked up in an inverted index of every name's
bigrams. The answers are exactly those of ``TermIndex.count_distinct`` and ``match.likeness`` (same counts,
same order of terms, same floating-point arithmetic); ``tests/scorer/test_lookup.py`` checks that.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Hashable, Sequence
from functools import lru_cache
from itertools import chain

from scorer.normalize import fold
from scorer.spans import merge
from scorer.terms import TermIndex


@lru_cache(maxsize=8192)
def bigrams(text: str) -> frozenset[str]:
    """Character bigrams of the Han characters and letters in ``text`` (cached: rubric names repeat)."""
    chars = re.sub(r"[^\u4e00-\u9fffA-Za-z0-9]", "", fold(text))
    return frozenset(chars[i:i + 2] for i in range(len(chars) - 1))


def likeness(heading: str, names: tuple[str, ...]) -> float:
    """Best Dice coefficient of character bigrams between ``heading`` and any of ``names``."""
    head = bigrams(heading)
    if not head:
        return 0.0
    best = 0.0
    for name in names:
        other = bigrams(name)
        if other:
            best = max(best, 2 * len(head & other) / (len(head) + len(other)))
    return best


class OwnerLookup:
    """Terms and names of a fixed list of owners (areas or items), queried per section."""

    def __init__(self, owners: Sequence[tuple[Hashable, Sequence[str], Sequence[str]]], index: TermIndex) -> None:
        """Index ``(key, terms, names)`` of each owner against one document's :class:`TermIndex`."""
        self.index = index
        self.keys = [key for key, _terms, _names in owners]
        self.terms = [tuple(terms) for _key, terms, _names in owners]
        self._by_term: dict[str, list[int]] = {}
        self._rank: list[dict[str, int]] = []  # each owner's terms by first place in its list
        for i, terms in enumerate(self.terms):
            rank: dict[str, int] = {}
            for place, term in enumerate(terms):
                rank.setdefault(term, place)
            self._rank.append(rank)
            for term in rank:
                self._by_term.setdefault(term, []).append(i)
        self._found: dict[tuple[tuple[int, int], ...], list[dict[str, int]]] = {}
        self._likes: dict[str, list[float]] = {}
        self._outside = sorted(t for t in self._by_term if t not in index.vocabulary)
        self._names: list[tuple[int, int]] = []  # (owner, bigram count) per non-empty name
        self._by_bigram: dict[str, list[int]] = {}
        for i, (_key, _terms, names) in enumerate(owners):
            for name in names:
                grams = bigrams(name)
                if grams:
                    for gram in grams:
                        self._by_bigram.setdefault(gram, []).append(len(self._names))
                    self._names.append((i, len(grams)))

    def found(self, spans: list[tuple[int, int]]) -> dict[int, dict[str, int]]:
        """Per owner index, ``count_distinct(owner terms, spans)``: each term found in ``spans`` with its count.

        Owners with no term in ``spans`` are left out (most are, for any one section). Cached per span set (a
        section is asked again when a run of points is labelled); do not modify the answer.
        """
        merged = merge(spans)
        key = tuple(merged)
        cached = self._found.get(key)
        if cached is not None:
            return cached
        known = {**self.index.span_counts(tuple(merged)), **self.index.count_distinct(self._outside, merged)}
        hits: dict[int, list[str]] = {}
        for term in known:
            for owner in self._by_term.get(term, ()):
                hits.setdefault(owner, []).append(term)
        out: dict[int, dict[str, int]] = {}
        for owner, terms in hits.items():
            if len(terms) > 1:
                terms.sort(key=self._rank[owner].__getitem__)  # the order count_distinct walks the owner's terms
            out[owner] = {t: known[t] for t in terms}
        self._found[key] = out
        return out

    def likeness(self, heading: str) -> dict[int, float]:
        """Per owner index, ``likeness(heading, owner names)`` where it is above 0.

        Cached per heading; do not modify the answer.
        """
        cached = self._likes.get(heading)
        if cached is not None:
            return cached
        best: dict[int, float] = {}
        self._likes[heading] = best
        head = bigrams(heading)
        if not head:
            return best
        by_bigram = self._by_bigram
        # bigrams each name shares with the heading, counted in C (names in the order a loop over grams meets them)
        shared = Counter(chain.from_iterable([by_bigram[gram] for gram in head if gram in by_bigram]))
        size = len(head)
        for name, count in shared.items():
            owner, other = self._names[name]
            best[owner] = max(best.get(owner, 0.0), 2 * count / (size + other))
        return best
