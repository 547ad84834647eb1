"""OwnerLookup answers exactly what term-by-term and name-by-name lookups answer (same counts, order, floats)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scheme import load_rubric
from scorer.lookup import OwnerLookup, likeness
from scorer.read import read_report
from scorer.terms import TermIndex, rubric_terms

ROOT = Path(__file__).resolve().parents[2]
REPORTS = sorted((ROOT / "examples").glob("*.txt")) + sorted((ROOT / "tests" / "fixtures" / "reports").glob("*.txt"))


@pytest.mark.parametrize("path", REPORTS[:6], ids=lambda p: p.name)
def test_same_as_count_distinct_and_likeness(path: Path) -> None:
    rubric = load_rubric()
    document = read_report(path)
    index = TermIndex(document.text, rubric_terms(rubric))
    owners = [(item.id, item.keywords, (item.title, *item.aliases)) for item in rubric.items]
    owners.append(("odd", ("三个100%", "教育", "教育", "学校"), ("",)))  # a term outside the vocabulary, a repeat
    lookup = OwnerLookup(owners, index)
    checked = 0
    for section in document.walk():
        spans = [*section.own_spans(), (section.start, section.end)]
        found = lookup.found(spans)
        likes = lookup.likeness(section.heading)
        assert set(found) <= set(range(len(owners))) and set(likes) <= set(range(len(owners)))
        for i, (key, terms, names) in enumerate(owners):
            expected = index.count_distinct(terms, spans)
            got = found.get(i, {})
            assert got == expected and list(got) == list(expected), (section.id, key)
            assert (i in found) == bool(expected), (section.id, key)  # sparse: an owner with no term is left out
            like = likeness(section.heading, names)
            assert likes.get(i, 0.0) == like and (i in likes) == (like > 0), (section.heading, key)
        checked += 1
    assert checked > 5
