"""One county across years scored against different rubrics: compared through crosswalks, or totals only."""

from __future__ import annotations

from pathlib import Path

import pytest

from reports.compare import compare
from reports.compare_write import comparison_table, comparison_to_dict
from reports.records import scores_from_result
from scheme.registry import Registry
from scorer.api import score_report

HERE = Path(__file__).resolve().parent.parent / "fixtures" / "compare_years"
REGISTRY = Registry(use_env=False)


@pytest.fixture(scope="module")
def results():
    return [score_report(HERE / f"兰台县-{year}.txt", registry=REGISTRY) for year in (2022, 2024)]


def test_each_year_is_scored_against_its_own_rubric(results) -> None:
    assert [r.scheme.id for r in results] == ["cq-2022", "cq-2024"]


def test_crosswalked_comparison_follows_the_county(results) -> None:
    records = [scores_from_result(r, REGISTRY.get(r.scheme.id)) for r in results]
    table = compare(records, registry=REGISTRY)
    newest = REGISTRY.get("cq-2024")
    assert [i for i, *_ in table.items] == [i.id for i in newest.items]
    assert [r.record.total for r in table.rows] == [r.total for r in results]  # totals as scored, never carried
    assert table.unconfirmed == {i.id for i in newest.items}  # every shipped mapping is unconfirmed
    # K1 is the same item in every year: its share of points is carried, in 2024's points
    old = next(i for i in results[0].items if i.id == "K1")
    row_2022 = next(r for r in table.rows if r.record.year == 2022)
    assert row_2022.scores["K1"][0] == round(old.score / old.max_score * newest.get("K1").points, 2)
    (block,) = table.year_over_year
    assert block.county == "兰台县" and block.years == (2022, 2024)
    labels = [label for label, _unit, _values in block.rows]
    assert "总分（采用）" in labels and any("折算到 cq-2024" in label for label in labels)
    header, _rows = comparison_table(table)
    assert "A1（未确认映射）" in header
    assert comparison_to_dict(table)["notes"] == list(table.notes)


def test_missing_crosswalk_compares_totals_and_names_the_file(results, tmp_path: Path) -> None:
    text = (Path(REGISTRY.get("cq-2024").path)).read_text(encoding="utf-8")
    text = text.replace("id: cq-2024", "id: cq-2025").replace("year: 2024", "year: 2025")
    text = text.replace("渝教函〔2024〕113号", "渝教函〔2025〕9号")
    (tmp_path / "cq-2025.yaml").write_text(text, encoding="utf-8")
    registry = Registry([tmp_path], use_env=False)
    later = score_report(HERE / "兰台县-2024.txt", "cq-2025", registry=registry)
    records = [scores_from_result(results[0]), scores_from_result(later)]
    table = compare(records, registry=registry, scheme_dirs=[tmp_path])
    assert table.items == () and table.areas == ()
    assert "cq-2024__cq-2025.yaml" in table.notes[0]
    assert [r.record.total for r in table.rows] == [results[0].total, later.total]
    assert all(r.record.grade for r in table.rows)
