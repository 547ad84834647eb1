"""Rubric selection (``--scheme auto``) and report metadata on the fixtures in tests/fixtures/selection.

Each fixture is named after what it holds; ``cases.yml`` says which rubric must be chosen, how, and what the
metadata must read. Scoring goes through the rubric chosen, so a report citing a scheme is scored against it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from scheme.registry import Registry
from scorer.api import score_report
from scorer.read import read_report
from scorer.result_json import result_to_dict

HERE = Path(__file__).resolve().parent.parent / "fixtures" / "selection"
CASES = yaml.safe_load((HERE / "cases.yml").read_text(encoding="utf-8"))
REGISTRY = Registry(use_env=False)


def test_every_fixture_has_a_case() -> None:
    assert {p.name for p in HERE.glob("*.txt")} == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_rubric_chosen_and_scored_against(name: str) -> None:
    case = CASES[name]
    result = score_report(HERE / name, registry=REGISTRY)
    choice = result.scheme_choice
    assert choice is not None
    assert (choice.id, choice.method, choice.warning) == (case["scheme"], case["method"], case["warning"]), choice
    assert result.scheme.id == case["scheme"]  # scored against the rubric chosen
    assert result.max_total == REGISTRY.get(case["scheme"]).total_points
    assert {item.id for item in result.items} == {item.id for item in REGISTRY.get(case["scheme"]).items}
    data = result_to_dict(result)
    assert data["scheme_choice"]["id"] == case["scheme"]
    assert data["scheme_choice"]["sha256"] == REGISTRY.get(case["scheme"]).sha256
    if case["warning"]:
        reason_zh, reason_en = choice.reason.split(" / ")  # each language in its own half of the warning
        assert any(reason_zh in w.message_zh and reason_en in w.message_en for w in result.warnings), result.warnings


@pytest.mark.parametrize("name", sorted(CASES))
def test_county_and_cited_scheme(name: str) -> None:
    case = CASES[name]
    meta = read_report(HERE / name).meta
    assert meta.county == case["county"]
    cited = meta.cited_scheme
    assert (cited.normalised if cited else None) == case["cited"]


def test_given_scheme_overrides_the_citation() -> None:
    result = score_report(HERE / "cites_2023_clean.txt", "cq-2022", registry=REGISTRY)
    assert (result.scheme.id, result.scheme_choice.method) == ("cq-2022", "given")
    assert [w.code for w in result.warnings][:1] == ["scheme_mismatch"]


def test_rubric_identity_is_id_version_and_file_hash() -> None:
    import hashlib

    for rubric in REGISTRY.rubrics:
        assert rubric.sha256 == hashlib.sha256(Path(rubric.path).read_bytes()).hexdigest()
        assert rubric.scheme.version
