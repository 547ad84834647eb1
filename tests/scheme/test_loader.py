"""Rubric loading: located, bilingual problems for every defect, all reported at once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheme import KINDS, RubricError, check_rubric, check_rubric_text, load_rubric
from scheme.schema_check import rubric_schema

RUBRICS = Path(__file__).resolve().parent.parent / "fixtures" / "rubrics"
BAD_CASES = yaml.safe_load((RUBRICS / "bad_cases.yml").read_text(encoding="utf-8"))
MINI = RUBRICS / "mini_valid.yaml"


@pytest.mark.parametrize("name", sorted(BAD_CASES))
def test_bad_rubric_reports_file_line_and_allowed(name: str) -> None:
    case = BAD_CASES[name]
    path = RUBRICS / name
    problems = check_rubric(path)
    assert problems, f"{name} should be rejected"
    first = problems[0]
    assert f"{first.line}:{first.column}" == case["at"], str(first)
    text = str(first)
    assert text.startswith(f"{path}:{case['at']}: ")
    assert case["says"] in text
    assert case["allowed"] in first.allowed
    # Chinese and English both present.
    assert any("\u4e00" <= ch <= "\u9fff" for ch in first.zh)
    with pytest.raises(RubricError, match="invalid rubric"):
        load_rubric(path)


def test_every_bad_fixture_has_a_case() -> None:
    assert {p.name for p in RUBRICS.glob("bad_*.yaml")} == set(BAD_CASES)


def test_all_problems_reported_at_once() -> None:
    text = MINI.read_text(encoding="utf-8")
    text = text.replace("total_points: 20", "total_points: 20\nfoo: 1").replace("kind: zero_event", "kind: nope")
    _, problems = check_rubric_text(text, "two.yaml")
    assert len(problems) == 2
    assert "unknown key foo" in str(problems[0])
    assert "nope" in str(problems[1])


def test_semantic_problems_all_at_once() -> None:
    text = MINI.read_text(encoding="utf-8")
    text = text.replace("total_points: 20", "total_points: 30").replace("id: G1.1", "id: G1.2")
    _, problems = check_rubric_text(text, "sem.yaml")
    messages = " | ".join(str(p) for p in problems)
    assert "duplicate id G1.2" in messages
    assert "total_points is 30 but the areas add up to 20" in messages


def test_mini_rubric_loads_as_second_rubric() -> None:
    rubric = load_rubric(MINI)
    assert rubric.scheme.id == "mini-test"
    assert [item.id for item in rubric.items] == ["B1", "G1"]
    assert rubric.get("G1.2").kind == "zero_event"
    assert rubric.grading.grade_for(15) == "好"
    assert rubric.grading.grade_for(3) == "差"


def test_missing_and_empty_and_non_utf8_files(tmp_path: Path) -> None:
    assert "cannot read the rubric file" in str(check_rubric(tmp_path / "nope.yaml")[0])
    empty = tmp_path / "empty.yaml"
    empty.write_text("", encoding="utf-8")
    assert "the file is empty" in str(check_rubric(empty)[0])
    gbk = tmp_path / "gbk.yaml"
    gbk.write_bytes("title: 测试\n".encode("gb18030"))
    assert "not UTF-8" in str(check_rubric(gbk)[0])


def test_yaml_is_never_executed(tmp_path: Path) -> None:
    evil = tmp_path / "evil.yaml"
    evil.write_text("schema_version: !!python/object/apply:os.system ['echo hi']\n", encoding="utf-8")
    problems = check_rubric(evil)
    assert problems
    assert "YAML" in str(problems[0])


def test_kind_registry_equals_schema_enum() -> None:
    enum = rubric_schema()["$defs"]["requirement_common"]["properties"]["kind"]["enum"]
    assert set(enum) == set(KINDS)


def test_area_roles_equal_the_schema_enum() -> None:
    """``scheme.model.ROLES`` (what the code dispatches on) is the schema's list of area roles, in its order."""
    from scheme.model import ROLES

    assert tuple(rubric_schema()["$defs"]["area"]["properties"]["role"]["enum"]) == ROLES
    for kind in KINDS:
        assert f"kind_{kind}" in rubric_schema()["$defs"]


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_is_documented(kind: str) -> None:
    doc = KINDS[kind].__doc__ or ""
    for part in ("What it checks:", "Options:", "Passing:", "Failing:"):
        assert part in doc, f"{kind} docstring lacks {part}"
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert f"`{kind}`" in readme, f"README does not list the check kind {kind}"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_rubric_gives_problems_never_crashes(data: st.DataObject) -> None:
    lines = MINI.read_text(encoding="utf-8").splitlines()
    index = data.draw(st.integers(0, len(lines) - 1))
    replacement = data.draw(st.sampled_from(
        ["", "  x: 1", "- ", "points: -3", "kind: foo", "groups: []", "patterns: ['(']", "op: '=>'",
         "value: abc", "    requirements: 5", ":", "id: Z9", "min: 1000"]))
    lines[index] = replacement
    try:
        _, problems = check_rubric_text("\n".join(lines), "m.yaml")
    except Exception as err:  # pragma: no cover - the assertion below names the failure
        pytest.fail(f"check_rubric_text raised {type(err).__name__}: {err}")
    for problem in problems:
        assert problem.line >= 1
        assert problem.column >= 1
        json.dumps(problem.to_dict(), ensure_ascii=False)
