"""Held-out layouts with tables and as 公文 PDFs (issue 14), for ``benchmarks/heldout.py``.

``tables``: a generated report in a layout with headings (yunyang, slogan, merged, runin) whose per-stage
spending (B) and preschool indicators (F) stand in tables drawn with tabs instead of sentences; half the
reports (by their seed) leave out table 1's growth column, so the growth comes from the two year columns.
``tables_span``: such a report as a web page whose tables merge cells the way pages do (学段 spanning
two header rows, 生均支出 spanning both years, 学前教育 spanning its three indicator rows), read back.
``gongwen_pdf``: such a report (yunyang layout) written as a 公文 .docx (``benchmarks/gongwen.py``),
converted to PDF by LibreOffice and read back. ``ruleless_pdf``: the same with tables drawn without rules
(Word tables with every border removed, or tab-stop tables; one or the other per report).

Besides area accuracy (as for every layout) each report is compared with a reference reading of the same
facts: for ``tables`` and ``tables_span`` the report with those facts in sentences, for ``gongwen_pdf`` the
.txt it was made from. Figure recall counts the expected figures found with value, unit and change (every
table cell, and the changes two periods give: each stage's increase in 元, its growth in % where the table
states none, each preschool rate's change in 个百分点; for the PDF every figure of the .txt, table cells and
derived changes included); a false "met" is an item met here but not in the reference; a lost "met" the
reverse.
"""

from __future__ import annotations

import dataclasses
import html
import random
import re
import tempfile
from collections import Counter
from pathlib import Path

from benchmarks.content import core_content, county_context, pad
from benchmarks.generate import AVG_PARAGRAPH, target_length
from benchmarks.gongwen import blocks, soffice, to_pdf, write_docx
from benchmarks.heldout import area_hits
from benchmarks.layout import pick_style, render
from scorer.read import read_report, read_text
from scorer.score import score_document
from scorer.tables import find_tables

# One random stream: a new layout goes last.
EXTRA_LAYOUTS = ("tables", "gongwen_pdf", "tables_span", "ruleless_pdf")
_PDF_LAYOUTS = ("gongwen_pdf", "ruleless_pdf")
HEADED_LAYOUTS = ("yunyang", "slogan", "merged", "runin")
# The sentences benchmarks/content.py writes for per-stage spending and the preschool rates.
_STAGE = re.compile(r"(幼儿|普通小学|普通初中|普通高中|中等职业学校)生均([\d.]+)元，"
                    r"比上年(增加|减少)([\d.]+)元，(?:增长|下降)([\d.]+)%")
_PRESCHOOL = re.compile(r"全.学前三年毛入园率达([\d.]+)%，普惠性幼儿园覆盖率达([\d.]+)%，"
                        r"公办园在园幼儿占比达([\d.]+)%。")
_STAGE_NAMES = {"幼儿": "幼儿园", "普通小学": "小学", "普通初中": "初中", "普通高中": "普通高中",
                "中等职业学校": "中职"}
LEAD_B = "分学段生均一般公共预算教育经费情况见表1。"
LEAD_F = "学前教育普及普惠主要指标见表2。"


# One of the generator's leads for per-stage spending names no budget words; a caption does. The reference
# reading gets the generator's other lead for the same facts, so both state what the figures are.
_BARE_LEAD = ("分学段看，", "按在校生人数平均的一般公共预算教育经费均有增长，其中")


def fair_reference(content: dict) -> dict:
    """The content with per-stage spending introduced by budget words, as the table caption introduces it."""
    return {area: [[s.replace(*_BARE_LEAD) for s in p] for p in paragraphs] for area, paragraphs in content.items()}


def _places(*cells: str) -> int:
    return max(len(c.split(".", 1)[1]) if "." in c else 0 for c in cells)


def _tabulate(content: dict, growth: bool = True,
              ) -> tuple[dict, list[tuple[str, str]], list[tuple[float, str, str | None]]]:
    """Move per-stage spending and preschool rates into tables: new content, table lines, expected figures.

    The expected figures are every cell's and the changes two periods give (lvzhi derives them): a stage's
    increase in 元 and, when the table has no growth column (``growth=False``), its growth in %; a rate's
    change in 个百分点.
    """
    out = {area: [list(p) for p in paragraphs] for area, paragraphs in content.items()}
    tables: list[tuple[str, str]] = []  # (the sentence announcing it, the table)
    cells: list[tuple[float, str, str | None]] = []
    for paragraph in out["B"]:
        for i, sentence in enumerate(paragraph):
            rows = _STAGE.findall(sentence)
            if len(rows) >= 3:
                paragraph[i] = LEAD_B
                table = ["表1 2020—2021年各学段生均一般公共预算教育经费（单位：元）",
                         "学段\t2020年\t2021年" + ("\t增长率（%）" if growth else "")]
                for stage, amount, verb, change, pct in rows:
                    down = verb == "减少"
                    last = float(amount) + (float(change) if down else -float(change))
                    table.append("\t".join([_STAGE_NAMES[stage], f"{last:.2f}", amount,
                                            *([("-" if down else "") + pct] if growth else [])]))
                    way = "decrease" if down else "increase"
                    diff = round(abs(float(amount) - round(last, 2)), _places(amount, f"{last:.2f}"))
                    cells += [(round(last, 2), "元", None), (float(amount), "元", None), (diff, "元", way),
                              (float(pct) if growth else round(diff / round(last, 2) * 100, 2), "%", way)]
                tables.append((LEAD_B, "\n".join(table)))
                break
    for paragraph in out["F"]:
        for i, sentence in enumerate(paragraph):
            found = _PRESCHOOL.search(sentence)
            if found:
                paragraph[i] = LEAD_F
                table = ["表2 学前教育主要指标", "指标\t上年\t本年"]
                for name, now in zip(("学前三年毛入园率（%）", "普惠性幼儿园覆盖率（%）", "公办园在园幼儿占比（%）"),
                                     found.groups(), strict=True):
                    before = f"{float(now) - 1.25:.1f}"
                    table.append("\t".join([name, before, now]))
                    diff = round(float(now) - float(before), _places(now, before))
                    cells += [(float(before), "%", None), (float(now), "%", None),
                              (abs(diff), "个百分点", "increase" if diff >= 0 else "decrease")]
                tables.append((LEAD_F, "\n".join(table)))
                break
    return out, tables, cells


def _insert(text: str, tables: list[tuple[str, str]]) -> str:
    """Put each table on the lines after the paragraph that announces it (layouts may end the lead with ；)."""
    for lead, table in tables:
        at = text.find(lead.rstrip("。"))
        if at >= 0:
            end = text.find("\n", at)
            end = len(text) if end < 0 else end
            text = text[:end] + "\n" + table + text[end:]
    return text


def _areas(document, result, content: dict, has_k: bool) -> Counter:
    counts: Counter = Counter()
    for area, _, inner in area_hits(document, result, content, has_k):
        if inner is None:
            counts["skipped"] += 1
            continue
        counts["right" if inner and inner[-1][0] == area else "wrong"] += 1
    return counts


def _met(result) -> set[str]:
    return {item.id for item in result.items if item.status == "met"}


def evaluate_extra(rng: random.Random, layout: str, rubric: object) -> Counter:
    """One generated report in an extra layout: area counts, figure recall, false and lost met."""
    ctx = county_context(rng)
    # Tables stand in formal reports with headings; heading-less layouts are measured (and weak) on their own.
    style = pick_style(rng, "yunyang" if layout in _PDF_LAYOUTS else rng.choice(HEADED_LAYOUTS))
    if layout in _PDF_LAYOUTS:  # a 公文 is no web page and was never copy-pasted
        style = dataclasses.replace(style, chrome="none", halfwidth=False, damaged=False, blank_lines=False)
    content = core_content(rng, ctx)
    seed = rng.random()
    target = target_length(rng, 5000, 20000)
    text = render(content, ctx, style, seed)
    while len(text) < target:
        pad(content, rng, ctx, max(1, int((target - len(text)) * 0.8 / AVG_PARAGRAPH)))
        text = render(content, ctx, style, seed)
    # Half the reports state no growth column (chosen by the seed, so the random stream is as before).
    tabled, tables, cells = _tabulate(content, growth=int(seed * 1e6) % 2 == 0)
    table_text = _insert(render(tabled, ctx, style, seed), tables)
    counts: Counter = Counter()
    if layout in ("tables", "tables_span"):
        reference = score_document(read_text(render(fair_reference(content), ctx, style, seed)), rubric)
        if layout == "tables":
            document = read_text(table_text)
        else:
            with tempfile.TemporaryDirectory(prefix="lvzhi-heldout-") as tmp:
                page = Path(tmp) / "report.html"
                page.write_text(merged_page(table_text), encoding="utf-8")
                document = read_report(page)
        result = score_document(document, rubric)
        expected = Counter(cells)
        rows = [span for table in find_tables(document.text) for span in table.lines]
        got = Counter((round(f.value, 2), f.unit, f.change) for f in result.figures
                      if any(start <= f.start < end for start, end in rows))
    else:
        reference = score_document(read_text(table_text), rubric)
        drawn = "grid" if layout == "gongwen_pdf" else rng.choice(("none", "tabs"))
        with tempfile.TemporaryDirectory(prefix="lvzhi-heldout-") as tmp:
            docx = write_docx(table_text.replace("\n\n", "\n"), Path(tmp) / "report.docx", title_lines=0,
                              tables=drawn)
            document = read_report(to_pdf(docx, Path(tmp)))
        result = score_document(document, rubric)
        expected = Counter((round(f.value, 2), f.unit, f.change) for f in reference.figures)
        got = Counter((round(f.value, 2), f.unit, f.change) for f in result.figures)
    counts.update(_areas(document, result, tabled, style.has_k))
    counts["figures"] += sum(expected.values())
    counts["figures_found"] += sum((expected & got).values())
    gained = _met(result) - _met(reference)
    if layout in ("tables", "tables_span"):
        rows = [span for table in find_tables(document.text) for span in table.lines]
        read = {item.id for item in result.items if item.id in gained and _from_cells(item, rows, expected)}
        counts["met_from_tables"] += len(read)
        gained -= read
    counts["false_met"] += len(gained)
    counts["lost_met"] += len(_met(reference) - _met(result))
    return counts


def _merged_table(rows: list[list[str]]) -> str:
    """A generated table as a web page draws it, merging the cells a county's page would merge."""
    def tds(cells: list[str]) -> str:
        return "".join(f"<td>{html.escape(c)}</td>" for c in cells)

    head, body = rows[0], rows[1:]
    if head[0] == "学段":  # 学段 over two header rows, 生均支出 over both years, the growth column over both
        growth = '<th rowspan="2">增长率（%）</th>' if len(head) == 4 else ""
        lines = [f'<tr><th rowspan="2">学段</th><th colspan="2">生均支出（元）</th>{growth}</tr>',
                 "<tr><th>2020年</th><th>2021年</th></tr>", *(f"<tr>{tds(r)}</tr>" for r in body)]
    else:  # 指标 over the label columns, 学前教育 down its indicator rows
        lines = ['<tr><th colspan="2">指标</th><th>上年</th><th>本年</th></tr>']
        for n, row in enumerate(body):
            stage = f'<td rowspan="{len(body)}">学前教育</td>' if n == 0 else ""
            lines.append(f"<tr>{stage}{tds(row)}</tr>")
    return '<table border="1">' + "".join(lines) + "</table>"


def merged_page(text: str) -> str:
    """The report as a web page: paragraphs as <p>, the generated tables with merged cells."""
    body = [_merged_table(block) if isinstance(block, list) else f"<p>{html.escape(block)}</p>"
            for block in blocks(text)]
    return ('<html><head><meta charset="utf-8"><title>自评报告</title></head><body>'
            f'<div class="TRS_Editor">{"".join(body)}</div></body></html>')


def _from_cells(item, rows: list[tuple[int, int]], cells: Counter) -> bool:
    """True when every piece of the item's evidence is a table cell read as the generator wrote it.

    Such an item may rightly be met here and not in the reference: prose per-stage spending split at ；
    loses its budget words (lvzhi's prose reading, unchanged by tables), a caption does not.
    """
    evidence = item.evidence
    return bool(evidence) and all(
        e.value is not None and any(s <= e.start < t for s, t in rows)
        and (round(e.value, 2), e.unit, e.change) in cells for e in evidence)


def available(layout: str) -> str | None:
    """Why ``layout`` cannot run here, or None."""
    if layout in _PDF_LAYOUTS and soffice() is None:
        return "LibreOffice (soffice) is not installed"
    return None
