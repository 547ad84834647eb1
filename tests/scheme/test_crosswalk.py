"""Crosswalks between rubrics: the shipped ones are valid, bad ones are located, drafts agree with the shipped ones."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from scheme.crosswalk import check_crosswalk, draft_crosswalk, load_crosswalk, shipped_crosswalk_paths
from scheme.registry import Registry

HERE = Path(__file__).resolve().parent.parent / "fixtures" / "crosswalks"
CASES = yaml.safe_load((HERE / "cases.yml").read_text(encoding="utf-8"))
REGISTRY = Registry(use_env=False)


def _key(mapping: dict) -> tuple:
    return mapping["relation"], tuple(mapping["from"]), tuple(mapping["to"])


@pytest.mark.parametrize("path", shipped_crosswalk_paths(), ids=lambda p: p.stem)
def test_shipped_crosswalk_is_valid_and_covers_both_rubrics(path: Path) -> None:
    crosswalk = load_crosswalk(path, REGISTRY)
    old, new = REGISTRY.get(crosswalk.from_id), REGISTRY.get(crosswalk.to_id)
    assert sorted(i for m in crosswalk.mappings for i in m.from_ids) == sorted(i.id for i in old.items)
    assert sorted(i for m in crosswalk.mappings for i in m.to_ids) == sorted(i.id for i in new.items)
    assert not any(m.confirmed for m in crosswalk.mappings)  # reconstructions: nobody has confirmed them


@pytest.mark.parametrize("path", shipped_crosswalk_paths(), ids=lambda p: p.stem)
def test_draft_by_likeness_agrees_with_the_shipped_crosswalk(path: Path, tmp_path: Path) -> None:
    shipped = yaml.safe_load(path.read_text(encoding="utf-8"))
    draft = draft_crosswalk(REGISTRY.get(shipped["from"]), REGISTRY.get(shipped["to"]))
    assert {_key(m) for m in draft["mappings"]} == {_key(m) for m in shipped["mappings"]}
    drafted = tmp_path / path.name
    drafted.write_text(yaml.safe_dump(draft, allow_unicode=True), encoding="utf-8")
    assert check_crosswalk(drafted, REGISTRY)[1] == []


def test_every_bad_fixture_has_a_case() -> None:
    assert {p.name for p in HERE.glob("bad_*.yaml")} == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_crosswalk_reports_file_line_and_what(name: str) -> None:
    crosswalk, problems = check_crosswalk(HERE / name, REGISTRY)
    assert crosswalk is None and problems
    first = problems[0]
    assert f"{first.line}:{first.column}" == CASES[name]["at"], str(first)
    assert CASES[name]["says"] in str(first)
