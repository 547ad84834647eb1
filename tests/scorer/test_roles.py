"""Area roles come from the rubric: renaming every area letter changes nothing but the names.

The shipped 2022 rubric is rewritten with other letters (the problems part becomes ``W`` and so on); every
fixture report must get the same total, the same item statuses and the same section areas, under the new names.
If any stage still knew an area by its letter, some part would be read differently.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from scheme import check_rubric_text, default_rubric_path
from scheme.loader import build_rubric, load_rubric
from scorer.read import read_report
from scorer.roles import role_cues
from scorer.score import score_document

ROOT = Path(__file__).resolve().parent.parent.parent
REPORTS = sorted((ROOT / "tests" / "fixtures" / "reports").glob("*.txt")) + sorted((ROOT / "examples").glob("*.txt"))
RENAME = dict(zip("ABCDEFGHKPRS", "MNOQTUVXWYZL", strict=True))


def _renamed(key: str) -> str:
    return re.sub(r"^[A-Z]", lambda m: RENAME[m.group()], key) if key else key


def _renamed_rubric():
    data = yaml.safe_load(default_rubric_path().read_text(encoding="utf-8"))
    for area in data["areas"]:
        area["id"] = _renamed(area["id"])
        for item in area["items"]:
            item["id"] = _renamed(item["id"])
            for req in item["requirements"]:
                req["id"] = _renamed(req["id"])
    for down in data["grading"].get("downgrades", ()):
        down["when"]["requirement"] = _renamed(down["when"]["requirement"])
    checked, problems = check_rubric_text(yaml.safe_dump(data, allow_unicode=True), "<renamed>")
    assert problems == []
    return build_rubric(checked, "<renamed>")


ORIGINAL = load_rubric()
RENAMED = _renamed_rubric()


def test_roles_resolve_to_the_renamed_areas() -> None:
    cues = role_cues(RENAMED)
    assert (cues.key_work, cues.problems) == ("W", "Y")
    assert cues.scored == frozenset(RENAME[a] for a in "ABCDEFGH")


@pytest.mark.parametrize("path", REPORTS, ids=[p.stem for p in REPORTS])
def test_renamed_letters_score_the_same(path: Path) -> None:
    document = read_report(path)
    before = score_document(document, ORIGINAL)
    after = score_document(document, RENAMED)
    assert after.total == before.total
    assert [(_renamed(i.id), i.status, i.score) for i in before.items] == [(i.id, i.status, i.score)
                                                                          for i in after.items]
    assert [_renamed(m.area or "") for m in before.matches] == [m.area or "" for m in after.matches]
