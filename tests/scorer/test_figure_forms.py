"""Ranges, bounds and per-unit amounts in the JSON result (issue 13, point 6): written only when a figure has them."""

from __future__ import annotations

import jsonschema

from scheme import load_rubric
from scorer.read import read_text
from scorer.result_json import result_from_dict, result_schema, result_to_dict
from scorer.score import score_document

TEXT = ("一、工作情况\n（一）学前教育\n义务教育阶段大班额56—65人之间，普惠性幼儿园覆盖率达80%以上，"
        "生均公用经费800元/生·年，学前三年毛入园率91.56%。\n")


def test_figure_forms_are_written_when_present_and_read_back() -> None:
    result = score_document(read_text(TEXT), load_rubric())
    data = result_to_dict(result)
    jsonschema.validate(data, result_schema())
    by_text = {f["text"]: f for f in data["figures"]}
    assert by_text["56—65人"]["low"] == 56 and by_text["56—65人"]["value"] == 65
    assert by_text["80%"]["bound"] == ">="
    assert by_text["800元/生·年"]["per"] == "生·年" and by_text["800元/生·年"]["unit"] == "元"
    plain = by_text["91.56%"]
    assert not {"low", "bound", "per"} & plain.keys()  # a plain figure's JSON is as before
    assert result_from_dict(data).figures == result.figures
