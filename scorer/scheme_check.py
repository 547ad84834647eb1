"""Report-level warnings: the scheme the report cites versus the rubric, damaged text, thin structure."""

from __future__ import annotations

from scheme.model import Rubric
from scorer.document import Document
from scorer.meta import find_doc_numbers
from scorer.result import ReportWarning


def rubric_doc_numbers(rubric: Rubric) -> set[tuple[str, int, int]]:
    """(prefix, year, number) of the rubric's 文号 and its variants, normalised."""
    keys = set()
    for text in (rubric.scheme.doc_no, *rubric.scheme.doc_no_variants):
        for cited in find_doc_numbers(text):
            keys.add((cited.prefix, cited.year, cited.number))
    return keys


def scheme_warnings(document: Document, rubric: Rubric) -> tuple[ReportWarning, ...]:
    """Warnings shown at the top of every output for this report."""
    out: list[ReportWarning] = []
    cited = document.meta.cited_scheme
    if cited is None:
        out.append(ReportWarning("scheme_not_cited", f"报告未注明依据的评价方案文号，按《{rubric.scheme.title}》"
                            f"（{rubric.scheme.doc_no}）评分。/ The report cites no scheme number; scored against "
                            f"{rubric.scheme.doc_no}."))
    elif (cited.prefix, cited.year, cited.number) not in rubric_doc_numbers(rubric):
        known = f"（已知方案 {cited.scheme_id}）" if cited.scheme_id else ""
        out.append(ReportWarning("scheme_mismatch", f"报告引用的是 {cited.normalised}{known}，而本次评分使用的细则是 "
                            f"{rubric.scheme.doc_no}《{rubric.scheme.title}》，请确认是否用错方案。/ The report cites "
                            f"{cited.normalised} but is scored against {rubric.scheme.doc_no}.",
                            cited.start, cited.end))
    if not document.meta.county:
        out.append(ReportWarning("county_not_found", "未能识别报告所属区县。/ County name not found."))
    if not any(s.kind == "part" for s in document.sections):
        out.append(ReportWarning("no_headings", "报告没有可识别的标题层级，按段落匹配。/ No headings found; matched "
                            "paragraph by paragraph."))
    out.extend(ReportWarning(f"damaged:{d.code}", d.message, d.start, d.end) for d in document.damage)
    return tuple(out)
