"""Cross-county comparison: a counties × items table of final scores, ranks, grades and evidence gaps.

``compare`` is a pure function over ``CountyScores`` records; ``load_inputs`` builds the records
from reviewed workbooks (``reports.review``), JSON results, or report files scored on the fly.
Writers for xlsx, CSV and JSON are in ``reports.compare_write``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reports.crosswalk_compare import Aligned, align
from reports.records import CountyScores, scores_from_dict, scores_from_result, unique_keys
from reports.review import ReviewError, read_review
from scheme.model import Rubric
from scorer.readers import SUPPORTED_SUFFIXES

if TYPE_CHECKING:
    from scheme.registry import Registry

__all__ = ["Comparison", "ComparisonRow", "InputProblem", "MixedSchemesError", "YearOverYear", "compare",
           "load_inputs"]

# The readers' own list (scorer/data/lexicon.yaml): compare reads every report score reads.
REPORT_SUFFIXES = SUPPORTED_SUFFIXES


class MixedSchemesError(ValueError):
    """Results scored against different schemes were given without allowing it."""


@dataclass(frozen=True)
class InputProblem:
    """An input that could not be used, or a note about one (invalid review entries)."""

    path: str
    message: str
    fatal: bool = True


@dataclass(frozen=True)
class ComparisonRow:
    """One county (one report) in the comparison.

    Attributes:
        record: The county's scores.
        rank: Rank by final total among reports of the same year (ties share a rank).
        scores: Final score per item id, with ``True`` when an inspector reviewed it.
        areas: Final subtotal per area id.
        missing_items: Items whose status is 缺少证据.
    """

    record: CountyScores
    rank: int
    scores: dict[str, tuple[float, bool]]
    areas: dict[str, float]
    missing_items: int


@dataclass(frozen=True)
class YearOverYear:
    """One county across years: totals, grades, area subtotals and key figures per year.

    Attributes:
        county: The county.
        years: The years compared, oldest first (one report per year; the last one when repeated).
        rows: (label, unit, values by year) for 总分, 等次, each area and each key figure.
        derived: Per row, per year how lvzhi computed the figure when the report does not state it
            (``Figure.derived``), else ``None`` (always for totals, grades and areas); empty when built without.
    """

    county: str
    years: tuple[int, ...]
    rows: tuple[tuple[str, str, tuple[Any, ...]], ...]
    derived: tuple[tuple[str | None, ...], ...] = ()


@dataclass(frozen=True)
class Comparison:
    """The comparison table."""

    schemes: tuple[tuple[str, str], ...]
    items: tuple[tuple[str, str, str, float], ...]
    areas: tuple[tuple[str, str, float], ...]
    rows: tuple[ComparisonRow, ...]
    year_over_year: tuple[YearOverYear, ...] = ()
    notes: tuple[str, ...] = ()  # how results of different rubrics were lined up (reports.crosswalk_compare)
    unconfirmed: frozenset[str] = frozenset()  # item columns carried through unconfirmed mappings (未确认映射)


def _check_schemes(records: Sequence[CountyScores], allow_mixed: bool) -> tuple[tuple[str, str], ...]:
    schemes: dict[str, list[CountyScores]] = {}
    for record in records:
        schemes.setdefault(record.scheme_id, []).append(record)
    if len(schemes) > 1 and not allow_mixed:
        detail = "；".join(f"{scheme}：{'、'.join(r.source for r in recs)}" for scheme, recs in schemes.items())
        raise MixedSchemesError(
            f"输入的结果依据不同的评分方案评出（{detail}），分值和要点不同，不能直接比较。请用同一细则重新评分；"
            "确需并列比较时加 --allow-mixed-schemes（库函数：allow_mixed_schemes=True）。\nResults were scored "
            f"against different schemes ({detail}); re-score them with one rubric, or pass --allow-mixed-schemes to "
            "compare anyway.")
    return tuple((scheme, recs[0].scheme_doc_no) for scheme, recs in schemes.items())


def _ranks(records: Sequence[CountyScores]) -> list[int]:
    """Competition ranking (1, 2, 2, 4) by final total within each year."""
    ranks = []
    for record in records:
        better = sum(1 for other in records if other.year == record.year and other.total > record.total)
        ranks.append(better + 1)
    return ranks


def _year_over_year(records: Sequence[CountyScores], aligned: Aligned | None = None) -> tuple[YearOverYear, ...]:
    """One block per county with several years; across rubrics, areas only through crosswalks (``aligned``)."""
    by_county: dict[str, dict[int, CountyScores]] = {}
    for record in records:
        if record.county and record.year is not None:
            by_county.setdefault(record.county, {})[record.year] = record
    out = []
    for county, years in by_county.items():
        if len(years) < 2:
            continue
        order = tuple(sorted(years))
        recs = [years[y] for y in order]
        rows: list[tuple[str, str, tuple[Any, ...]]] = [
            ("总分（采用）", "分", tuple(r.total for r in recs)),
            ("等次", "", tuple(r.grade for r in recs)),
            ("待补材料（条）", "条", tuple(r.missing_count for r in recs)),
        ]
        if aligned is None:
            area_ids = list(dict.fromkeys(a for r in recs for a, _t, _p in r.areas))
            titles = {a: t for r in recs for a, t, _p in r.areas}
            rows.extend((f"{a} {titles[a]}", "分", tuple(r.area_total(a) for r in recs)) for a in area_ids)
        else:  # areas of different rubrics are only comparable through the crosswalks (none when one is missing)
            rows.extend((f"{a} {t}（折算到 {aligned.target}）", "分",
                         tuple(aligned.areas_of.get(r.key, {}).get(a) for r in recs)) for a, t, _p in aligned.areas)
        figures: dict[str, tuple[str, str]] = {}
        for r in recs:
            for fig in r.figures:
                figures.setdefault(fig.key, (fig.label, fig.unit))
        derived: list[tuple[str | None, ...]] = [(None,) * len(recs)] * len(rows)
        for key, (label, unit) in figures.items():
            found = [next((f for f in r.figures if f.key == key), None) for r in recs]
            rows.append((label, unit, tuple(None if f is None else f.value for f in found)))
            derived.append(tuple(None if f is None else f.derived for f in found))
        out.append(YearOverYear(county, order, tuple(rows), tuple(derived)))
    return tuple(out)


def compare(records: Sequence[CountyScores], *, allow_mixed_schemes: bool = False, registry: Registry | None = None,
            scheme_dirs: Sequence[Path] = ()) -> Comparison:
    """Build the comparison table.

    Args:
        records: One record per report (reviewed or automatic).
        allow_mixed_schemes: Put results of different schemes side by side as they are (items are then the
            union of all schemes' items; a county without an item has no score for it).
        registry: The rubrics results of different schemes are lined up with (default: shipped plus
            ``LVZHI_SCHEME_DIR``); their crosswalks are found beside them and in ``scheme_dirs``.
        scheme_dirs: Extra folders of rubrics and crosswalks (``--scheme-dir``).

    Returns:
        Rows ordered by year, then rank, then county; items and areas in first-seen rubric order (across
        schemes: the newest rubric's, scores carried through crosswalks, or none when a crosswalk is missing,
        see ``notes``); a year-over-year block for every county present with several years.

    Raises:
        ValueError: When ``records`` is empty.
    """
    if not records:
        raise ValueError("没有可比较的结果。/ Nothing to compare.")
    schemes = _check_schemes(records, allow_mixed=True)
    records = unique_keys(list(records))
    if len(schemes) > 1 and not allow_mixed_schemes:
        from scheme.registry import default_registry

        return _across_schemes(records, schemes, align(records, registry or default_registry(), scheme_dirs))
    items = tuple({i.id: (i.id, i.area, i.title, i.max_score) for r in records for i in r.items}.values())
    areas = tuple({a: (a, t, p) for r in records for a, t, p in r.areas}.values())
    rows = [ComparisonRow(record, rank, {i.id: (i.final, i.reviewed is not None) for i in record.items},
                          {a: record.area_total(a) for a, _t, _p in record.areas},
                          sum(1 for i in record.items if i.status == "missing"))
            for record, rank in zip(records, _ranks(records), strict=True)]
    rows.sort(key=lambda row: (row.record.year or 0, row.rank, row.record.key))
    return Comparison(schemes, items, areas, tuple(rows), _year_over_year(records))


def _across_schemes(records: list[CountyScores], schemes: tuple[tuple[str, str], ...], aligned: Aligned) -> Comparison:
    """Totals and grades as they are; item and area columns as carried into the newest rubric (or none)."""
    rows = [ComparisonRow(record, rank, aligned.scores.get(record.key, {}), aligned.areas_of.get(record.key, {}),
                          sum(1 for i in record.items if i.status == "missing"))
            for record, rank in zip(records, _ranks(records), strict=True)]
    rows.sort(key=lambda row: (row.record.year or 0, row.rank, row.record.key))
    return Comparison(schemes, aligned.items, aligned.areas, tuple(rows), _year_over_year(records, aligned),
                      aligned.notes, aligned.unconfirmed)


def _from_json(path: Path, rubric_of: Callable[[str], Rubric | None]) -> list[CountyScores]:
    data = json.loads(path.read_text(encoding="utf-8-sig"))
    results = data if isinstance(data, list) else [data]
    if not all(isinstance(r, dict) and {"scheme", "items", "report"} <= r.keys() for r in results):
        raise ValueError("不是 lvzhi score --format json 的结果 / not an lvzhi JSON result")
    return [scores_from_dict(r, rubric_of(r["scheme"]["id"]), origin="json") for r in results]


def load_inputs(paths: Sequence[str | Path], rubric: Rubric | None, *, encoding: str | None = None,
                registry: Registry | None = None) -> tuple[list[CountyScores], list[InputProblem]]:
    """Turn workbooks, JSON results and report files into records; a bad input never stops the rest.

    Args:
        paths: ``.xlsx`` workbooks lvzhi wrote (reviewed or not), ``.json`` results, or reports.
        rubric: Rubric for reports scored on the fly (and for bands/indicators of JSON results); ``None``: each
            report's rubric chosen from ``registry`` (``scorer.choose``), each result's looked up there by id.
        encoding: Forced text encoding for reports.
        registry: The rubrics to choose from (default: shipped plus ``LVZHI_SCHEME_DIR``).

    Returns:
        The records, and the problems (unusable inputs, and invalid review entries as notes).
    """
    from scheme.registry import default_registry
    from scorer.api import score_report
    from scorer.errors import ReadError
    from scorer.report_kind import not_a_report

    registry = registry or default_registry()

    def rubric_of(scheme_id: str) -> Rubric | None:
        return rubric if rubric is not None else registry.get(scheme_id)

    records: list[CountyScores] = []
    problems: list[InputProblem] = []
    for name in paths:
        path = Path(name)
        suffix = path.suffix.lower()
        try:
            if suffix in {".xlsx", ".xlsm"}:
                review = read_review(path)
                records.extend(review.reports)
                problems.extend(InputProblem(str(path), p.message, fatal=False) for p in review.problems)
            elif suffix == ".json":
                records.extend(_from_json(path, rubric_of))
            elif suffix in REPORT_SUFFIXES:
                result = score_report(path, rubric, encoding=encoding, registry=registry)
                if (other := not_a_report(result)) is not None:  # a README is no county to rank
                    problems.append(InputProblem(str(path), other.message))
                    continue
                records.append(scores_from_result(result, rubric_of(result.scheme.id)))
            else:
                problems.append(InputProblem(str(path), f"不支持的输入类型 {suffix or '（无扩展名）'}：请给出 .xlsx "
                                                        "评分表、.json 结果或报告文件 / unsupported input type "
                                                        f"{suffix!r}"))
        except (ReviewError, ReadError) as bad:
            problems.append(InputProblem(str(path), str(bad)))
        except (OSError, ValueError, KeyError, TypeError) as bad:
            problems.append(InputProblem(str(path), f"无法读取 {path}：{bad} / cannot read {path}: {bad}"))
    return records, problems
