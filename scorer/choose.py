"""Choose the rubric a report is scored against (``--scheme auto``).

1. The rubric whose 文号 the report cites, in any form the rubric declares (brackets lost, 发 or 函 dropped).
2. Otherwise the rubric of the year the report covers: the year in a cited scheme title (《2023年对区县…评价方案》),
   in the report's own title, its period (``2021年以来`` equals a rubric's ``period``) or its date.
3. Otherwise the newest rubric, with a warning saying why.

A given rubric (``--scheme ID|FILE``) is always used as given. Every choice carries its reason (``SchemeChoice``),
shown in the JSON, the text summary, the workbook, batch progress and compare.
"""

from __future__ import annotations

import re

from scheme.model import Rubric
from scheme.registry import Registry, SchemeChoice
from scorer.document import Document
from scorer.meta import SCHEME_TITLE_YEAR, find_doc_numbers
from scorer.normalize import fold

AUTO = "auto"
HEAD_CHARS = 3000  # reports name their scheme in the letter head or the first paragraph
_TITLE_YEAR = re.compile(r"(20\d\d)年(?:度)?(?!以来)")
_SINCE = re.compile(r"(20\d\d)年(?:度)?以来")


def choose_rubric(document: Document, registry: Registry, scheme: str | Rubric | None = AUTO) -> tuple[
        Rubric, SchemeChoice]:
    """Return the rubric for ``document`` and why it was chosen.

    Args:
        document: The report, read.
        registry: The rubrics to choose from.
        scheme: ``auto`` (or ``None``), a scheme id of the registry, a rubric file, or a loaded rubric.

    Raises:
        RubricError: When ``scheme`` names no rubric, or a rubric of the registry is not valid.
    """
    if isinstance(scheme, Rubric):
        return scheme, SchemeChoice.given(scheme, f"调用方指定的细则 given by the caller: {scheme.scheme.id}")
    if scheme and scheme != AUTO:
        rubric = registry.resolve(scheme)
        return rubric, SchemeChoice.given(rubric, f"命令行指定的细则 --scheme {scheme}（{rubric.scheme.id}） / Given "
                                                  f"on the command line")
    return _by_citation(document, registry) or _by_year(document, registry) or _newest(document, registry)


def _choice(rubric: Rubric, method: str, reason: str, warning: bool) -> tuple[Rubric, SchemeChoice]:
    meta = rubric.scheme
    return rubric, SchemeChoice(meta.id, meta.version, rubric.sha256, rubric.path, meta.doc_no, method, reason, warning)


def _by_citation(document: Document, registry: Registry) -> tuple[Rubric, SchemeChoice] | None:
    """The rubric whose 文号 (or a declared damaged form) the report's head cites first."""
    head = min(len(document.text), max(HEAD_CHARS, _front_end(document)))
    cited = [c for c in find_doc_numbers(document.text, 0, head, registry) if c.scheme_id]
    if not cited:
        return None
    first = cited[0]
    rubric = registry.get(first.scheme_id or "")
    if rubric is None:
        return None
    raw = first.raw.strip()
    # Name the canonical number only when the report wrote another form of it (damaged or variant).
    cited_as = f"{raw}（损坏形式 damaged form），即 {rubric.scheme.doc_no}" if raw != rubric.scheme.doc_no else raw
    return _choice(rubric, "cited", f"报告引用了 {cited_as}，按细则 "
                                    f"{rubric.scheme.id} 评分 / The report cites {rubric.scheme.doc_no}", False)


def _front_end(document: Document) -> int:
    front = next((s for s in document.sections if s.kind == "front"), None)
    return front.end if front is not None else 0


def _report_years(document: Document) -> list[tuple[int | str, str]]:
    """What the report says about the year it covers, strongest first: (year or period text, where)."""
    head = fold(document.text[:HEAD_CHARS])
    out: list[tuple[int | str, str]] = []
    for m in re.finditer(r"《([^》]{4,120})》", head):
        title_year = SCHEME_TITLE_YEAR.search(m.group(1))
        if title_year:
            out.append((int(title_year.group(1)), f"引用的方案标题 cited scheme title《{m.group(1)}》"))
    title = document.meta.title
    if title and (m := _TITLE_YEAR.search(title)):
        out.append((int(m.group(1)), f"报告标题 report title: {title}"))
    since = _SINCE.search(fold(title)) or _SINCE.search(head)
    if since:
        out.append((since.group(0), f"评价时段 period: {since.group(0)}"))
    if document.meta.date:
        out.append((int(document.meta.date[:4]), f"报告日期 report date: {document.meta.date}"))
    return out


def _by_year(document: Document, registry: Registry) -> tuple[Rubric, SchemeChoice] | None:
    """The rubric of the first year (or period) the report states that some rubric covers."""
    for value, where in _report_years(document):
        if isinstance(value, str):
            rubric = next((r for r in registry.rubrics if r.scheme.period == value), None)
        else:
            rubric = next((r for r in registry.rubrics if r.scheme.year == value), None)
        if rubric is not None:
            return _choice(rubric, "period", f"报告未引用已知方案的文号，按{where}选用 {rubric.scheme.id}"
                                             f"（{rubric.scheme.doc_no}），请核实。 / The report cites no known scheme "
                                             f"number; chosen by the year it covers ({value}).", True)
    return None


def _newest(document: Document, registry: Registry) -> tuple[Rubric, SchemeChoice]:
    rubric = registry.newest()
    said = _report_years(document)
    why = (f"报告所述年度（{said[0][1]}）没有对应的细则" if said else "报告既未引用已知方案的文号，也看不出评价年度")
    why_en = ("No rubric covers the year the report states" if said else
              "The report cites no known scheme number and states no year")
    return _choice(rubric, "newest", f"{why}，按最新细则 {rubric.scheme.id}（{rubric.scheme.doc_no}）评分，请核实。 / "
                                     f"{why_en}; scored against the newest rubric.", True)
