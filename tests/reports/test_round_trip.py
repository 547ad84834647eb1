"""The inspector's round trip through the CLI: score, edit 核定得分, review, compare, re-score with merge."""

from __future__ import annotations

import json

from openpyxl import load_workbook

from reports import excel_sheets as sheets
from reports.cli import main
from reports.records import grade_for

COL = sheets.COL


def _edit(path, scores, *, sort_by_status=False):
    """Fill 核定得分 like an inspector (optionally after sorting the items by status)."""
    wb = load_workbook(path)
    ws = wb[sheets.DETAIL]
    item_rows = [r for r in range(sheets.FIRST_ROW, ws.max_row + 1) if ws.cell(r, COL[sheets.COUNTY]).value
                 and ws.cell(r, 1).value not in (sheets.SUBTOTAL, sheets.TOTAL)]
    if sort_by_status:
        values = [[ws.cell(r, c).value for c in range(1, len(sheets.DETAIL_HEADERS) + 1)] for r in item_rows]
        values.sort(key=lambda row: (row[COL[sheets.STATUS] - 1], row[0]))
        for r, row in zip(item_rows, values, strict=True):
            for c, value in enumerate(row, 1):
                ws.cell(r, c).value = value
    rows = {ws.cell(r, 1).value: r for r in item_rows}
    for item, value in scores.items():
        ws.cell(rows[item], COL[sheets.REVIEWED]).value = value
    wb.save(path)
    return rows


def test_score_edit_review_compare(tmp_path, scored, capsys):
    counties = ("青溪县", "云岭县", "凤栖县")
    out_dir = tmp_path / "评分表"
    out_dir.mkdir()
    assert main(["score", *(str(scored[c].path) for c in counties), "-o", f"{out_dir}/", "--format", "xlsx"]) == 0
    books = {c: out_dir / f"{scored[c].path.stem}.xlsx" for c in counties}
    assert all(p.exists() for p in books.values())

    edits = {"青溪县": {"A1": 0, "K1": 0, "B5": 0, "D1": 0.5, "E1": 1},
             "云岭县": {"B5": 2.5, "C1": "满分"},  # a bad value: the automatic score stays
             "凤栖县": {"D1": 0}}
    rows = {c: _edit(books[c], edits[c], sort_by_status=(c == "青溪县")) for c in counties}
    auto = {c: {i.id: i.score for i in scored[c].result.items} for c in counties}
    expected = {}
    for c in counties:
        good = {k: v for k, v in edits[c].items() if isinstance(v, int | float)}
        expected[c] = round(scored[c].result.total - sum(auto[c][k] for k in good) + sum(good.values()), 2)

    capsys.readouterr()
    review_json = tmp_path / "核定结果.json"
    assert main(["review", *map(str, books.values()), "-o", str(review_json)]) == 1  # one bad entry
    captured = capsys.readouterr()
    assert "满分" in captured.err and f"第{rows['云岭县']['C1']}行" in captured.err
    data = json.loads(review_json.read_text(encoding="utf-8"))
    totals = {r["county"]: r["total"] for wb in data["workbooks"] for r in wb["reports"]}
    assert totals == expected
    problems = [(p["report"], p["item"], p["code"], p["row"]) for wb in data["workbooks"] for p in wb["problems"]]
    assert problems == [("云岭县", "C1", "not_a_number", rows["云岭县"]["C1"])]
    grades = {r["county"]: r["grade"] for wb in data["workbooks"] for r in wb["reports"]}
    bands = ((b["grade"], b["min"]) for b in [{"grade": "优秀", "min": 90}, {"grade": "良好", "min": 80},
                                              {"grade": "合格", "min": 65}, {"grade": "不合格", "min": 0}])
    bands = tuple(bands)
    assert grades == {c: grade_for(expected[c], bands, []) for c in counties}

    comparison = tmp_path / "对比.json"
    # exit 1 as review: the invalid entry is listed, the automatic score counts, the comparison is still written
    assert main(["compare", *map(str, books.values()), "-o", str(comparison)]) == 1
    ranked = [(r["rank"], r["county"], r["total"]) for r in json.loads(comparison.read_text("utf-8"))["rows"]]
    order = sorted(counties, key=lambda c: -expected[c])
    assert ranked == [(n, c, expected[c]) for n, c in enumerate(order, 1)]
    assert ranked[0][1] != "青溪县"  # the review changed the ranking: 青溪县 led automatically
    assert main(["compare", *map(str, books.values()), "-o", str(tmp_path / "对比.xlsx")]) == 1  # as above

    # A re-score carries the review into a new workbook and leaves the reviewed one alone.
    before = books["云岭县"].read_bytes()
    new = tmp_path / "云岭县-新.xlsx"
    assert main(["score", str(scored["云岭县"].path), "--merge-review", str(books["云岭县"]), "-o", str(new)]) == 0
    assert books["云岭县"].read_bytes() == before
    assert main(["review", str(new)]) == 0
    assert f"{expected['云岭县']:g}" in capsys.readouterr().out


def test_real_sample_round_trip(yunyang_path, tmp_path, rubric):
    """The real Yunyang report (skipped when ../shared is absent)."""
    from reports.review import read_review
    from scorer.api import score_report

    book = tmp_path / "云阳县.xlsx"
    assert main(["score", str(yunyang_path), "-o", str(book)]) == 0
    _edit(book, {"C4": 1, "R1": 3.5, "F3": 99}, sort_by_status=True)
    review = read_review(book)
    result = score_report(yunyang_path, rubric)
    auto = {i.id: i.score for i in result.items}
    (record,) = review.reports
    assert record.key == "云阳县"
    assert record.total == round(result.total - auto["C4"] - auto["R1"] + 1 + 3.5, 2)
    assert [(p.item, p.code) for p in review.problems] == [("F3", "out_of_range")]
