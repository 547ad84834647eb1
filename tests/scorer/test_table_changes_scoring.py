"""Per-stage 生均只增不减 read from a table's two year columns alone (no growth column), end to end.

The source is tests/fixtures/reports/table_heavy_gongwen.txt with table 1's growth column taken away and the
小学 2021 figure lowered below 2020: B3 (每个学段只增不减) must be judged on the changes the two columns give,
each piece of evidence saying it was derived and pointing at the 2021 cell, in the JSON and the workbook.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from benchmarks.gongwen import write_docx
from reports.table_rows import evidence_rows
from scheme import load_rubric
from scorer.read import read_report, read_text
from scorer.result_json import result_to_dict
from scorer.score import score_document

SOURCE = Path(__file__).parents[1] / "fixtures" / "reports" / "table_heavy_gongwen.txt"
DERIVED = "由表中2020年、2021年两列计算"


def _without_growth_column(text: str) -> str:
    """Table 1 as a county writes it without a growth column; 小学 falls from 11820.50 to 11573.10."""
    text = text.replace("学段\t2020年\t2021年\t增长率（%）", "学段\t2020年\t2021年")
    text = re.sub(r"^((?:幼儿园|小学|初中|普通高中|中职)\t[\d.]+\t[\d.]+)\t-?[\d.]+$", r"\1", text, flags=re.M)
    return text.replace("小学\t11820.50\t12066.31", "小学\t11820.50\t11573.10")


@pytest.fixture(scope="module")
def rubric():
    """The shipped rubric, loaded once."""
    return load_rubric()


@pytest.mark.parametrize("fmt", ["txt", "docx"])
def test_stage_changes_come_from_two_year_columns(fmt: str, rubric, tmp_path: Path) -> None:
    text = _without_growth_column(SOURCE.read_text(encoding="utf-8"))
    assert "增长率（%）" not in text and "\t11573.10" in text
    document = read_text(text) if fmt == "txt" else read_report(write_docx(text, tmp_path / "report.docx"))
    result = score_document(document, rubric)
    b3 = {r.id: r for item in result.items if item.id == "B3" for r in item.requirements}
    assert b3["B3.1"].result == "pass" and b3["B3.2"].result == "fail"
    for res in b3.values():
        for ev in res.evidence:
            assert ev.derived == DERIVED and ev.change in ("increase", "decrease")
            assert document.text[ev.start:ev.end] == ev.text  # the 2021 cell
            line = document.text[document.text.rfind("\n", 0, ev.start) + 1:document.text.find("\n", ev.end)]
            assert line.split("|" if "|" in line else "\t")[-1].strip() == ev.text
    assert DERIVED in b3["B3.2"].explain  # the inspector's line says the change was computed
    fell = [ev for ev in b3["B3.2"].evidence if ev.result == "fail"]
    assert {(ev.value, ev.unit) for ev in fell} == {(247.4, "元"), (2.09, "%")}
    data = result_to_dict(result)
    assert any(f.get("derived") == DERIVED for f in data["figures"])
    assert all("derived" not in f for f in data["figures"] if f["change"] is None)  # levels are as stated
    rows = [row for row in evidence_rows("青岗县", result, document.text) if row["requirement"] == "B3.2"]
    assert rows and all(DERIVED in row["change"] for row in rows)
