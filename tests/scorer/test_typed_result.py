"""The typed result: coded values with their labels in one place, and the JSON read back into the same values.

The fixtures ``tests/fixtures/results/v1_*`` were written by lvzhi before the JSON's schema version 2 (a
result citing another scheme, a result with text damaged in copy-paste, and that report's workbook); the
current reader must still read them.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from scorer.codes import Reason, RequirementOutcome, Status, WarningKind
from scorer.result import ReportResult, SectionRow, Source
from scorer.result_json import (
    RESULT_SCHEMA_VERSION,
    ResultFormatError,
    result_from_dict,
    result_schema,
    result_to_dict,
)

RESULTS = Path(__file__).resolve().parents[1] / "fixtures" / "results"
V1_MISMATCH = RESULTS / "v1_result_scheme_mismatch.json"
V1_DAMAGED = RESULTS / "v1_result_damaged_text.json"
WARNING_KEYS_V2 = ("kind", "message_zh", "message_en")


@pytest.mark.parametrize("enum", [Status, RequirementOutcome, Reason, WarningKind])
def test_every_code_has_both_labels_and_equals_its_plain_code(enum) -> None:
    for member in enum:
        assert member.zh and member.en, member
        assert member == member.value and enum(member.value) is member
        assert f"{member}" == str(member) == member.value  # what f-strings and JSON get
        assert json.loads(json.dumps({member: member})) == {member.value: member.value}


def test_unknown_codes_are_refused_not_passed_through() -> None:
    from scorer.result import RequirementResult

    with pytest.raises(ValueError, match="no_such_reason"):
        RequirementResult("A1.1", "mention", "fail", ("no_such_reason",))
    with pytest.raises(ValueError, match="maybe"):
        RequirementResult("A1.1", "mention", "maybe")
    converted = RequirementResult("A1.1", "mention", "fail", ("partial_mention",))
    assert converted.result is RequirementOutcome.FAIL and converted.reasons == (Reason.PARTIAL_MENTION,)


def _without_v2_additions(data: dict) -> dict:
    data = {**data, "schema_version": 1}
    data["warnings"] = [{k: v for k, v in w.items() if k not in WARNING_KEYS_V2} for w in data["warnings"]]
    # described/evidenced/explain (scorer.substance, issue 13): unknown in a v1 result, written as false/empty;
    # the count of unscored items (info) and their suggestions did not exist either
    data["counts"] = {k: v for k, v in data["counts"].items() if k != "info"}
    data["items"] = [{**{k: v for k, v in item.items() if k not in {"described", "evidenced", "suggestions"}},
                      "requirements": [{k: v for k, v in r.items() if k not in {"described", "evidenced", "explain"}}
                                       for r in item["requirements"]]}
                     for item in data["items"]]
    return data


def test_v1_result_reads_back_into_typed_values_and_writes_the_same_data() -> None:
    old = json.loads(V1_DAMAGED.read_text(encoding="utf-8"))
    assert old["schema_version"] == 1
    result = result_from_dict(old)
    assert isinstance(result.source, Source) and isinstance(result.sections[0], SectionRow)
    assert all(type(item.status) is Status for item in result.items)
    damage = result.damage
    assert len(damage) == len(old["warnings"]) and all(w.kind is WarningKind.DAMAGED for w in damage)
    assert {w.detail for w in damage} >= {"glued_list", "unit_lost"}
    assert all(w.message_zh.startswith("疑似复制时丢失标点") and w.message_en.startswith("Punctuation")
               for w in damage)
    new = result_to_dict(result)
    assert new["schema_version"] == RESULT_SCHEMA_VERSION == 2
    jsonschema.Draft202012Validator(result_schema()).validate(new)
    assert _without_v2_additions(new) == old


def test_v1_warning_message_is_split_into_its_languages() -> None:
    result = result_from_dict(json.loads(V1_MISMATCH.read_text(encoding="utf-8")))
    (warning,) = result.warnings
    assert warning.kind is WarningKind.SCHEME_MISMATCH and warning.kind.is_scheme and not warning.is_damage
    assert warning.message_zh.startswith("报告引用的是") and warning.message_zh.endswith("请确认是否用错方案。")
    assert warning.message_en.startswith("The report cites")
    assert result.notices == (warning,) and result.damage == ()


def test_current_result_round_trips(scored_example: ReportResult) -> None:
    data = result_to_dict(scored_example)
    jsonschema.Draft202012Validator(result_schema()).validate(data)
    assert result_to_dict(result_from_dict(json.loads(json.dumps(data)))) == data
    assert result_from_dict(data).items == scored_example.items


@pytest.mark.parametrize("data", [{}, {"schema_version": 99}, {"schema_version": 2, "items": []}, []])
def test_unreadable_results_are_a_bilingual_error(data) -> None:
    with pytest.raises(ResultFormatError, match=r"lvzhi score.*/ "):
        result_from_dict(data)


@pytest.fixture(scope="module")
def scored_example() -> ReportResult:
    """An example report scored now."""
    from scorer.api import score_report

    return score_report(Path(__file__).resolve().parents[2] / "examples" / "青溪县-2022自评报告.txt")
