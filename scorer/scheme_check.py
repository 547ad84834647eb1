"""Report-level warnings: the scheme the report cites versus the rubric, damaged text, thin structure."""

from __future__ import annotations

from scheme.model import Rubric
from scheme.registry import SchemeChoice
from scorer.codes import WarningKind
from scorer.document import Document
from scorer.meta import find_doc_numbers
from scorer.readers.text import WARNING
from scorer.result import ReportWarning


def rubric_doc_numbers(rubric: Rubric) -> set[tuple[str, int, int]]:
    """(prefix, year, number) of the rubric's 文号 and its variants, normalised."""
    keys = set()
    for text in (rubric.scheme.doc_no, *rubric.scheme.doc_no_variants):
        for cited in find_doc_numbers(text):
            keys.add((cited.prefix, cited.year, cited.number))
    return keys


def scheme_warnings(document: Document, rubric: Rubric, choice: SchemeChoice | None = None) -> tuple[
        ReportWarning, ...]:
    """Warnings shown at the top of every output for this report (a guessed rubric choice says why)."""
    # The reader's own warnings first (undecodable bytes replaced, a declared charset overruled): they say
    # how far the text itself can be trusted.
    out: list[ReportWarning] = [ReportWarning(WarningKind.READING, *note.removeprefix(WARNING).split(" / ", 1))
                                for note in document.notes if note.startswith(WARNING)]
    cited = document.meta.cited_scheme
    # A guessed rubric (chosen by year, or the newest) says why in the scheme warning; its reason is "中文。/ English."
    guessed_zh, _sep, guessed_en = (choice.reason.partition(" / ") if choice is not None and choice.warning
                                    else ("", "", ""))
    if cited is None:
        out.append(ReportWarning(WarningKind.SCHEME_NOT_CITED,
                                 guessed_zh or f"报告未注明依据的评价方案文号，按《{rubric.scheme.title}》"
                                               f"（{rubric.scheme.doc_no}）评分。",
                                 guessed_en or f"The report cites no scheme number; scored against "
                                               f"{rubric.scheme.doc_no}."))
    elif (cited.prefix, cited.year, cited.number) not in rubric_doc_numbers(rubric):
        known = f"（已知方案 {cited.scheme_id}）" if cited.scheme_id else ""
        out.append(ReportWarning(WarningKind.SCHEME_MISMATCH,
                                 f"报告引用的是 {cited.normalised}{known}，而本次评分使用的细则是 "
                                 f"{rubric.scheme.doc_no}《{rubric.scheme.title}》，请确认是否用错方案。{guessed_zh}",
                                 f"The report cites {cited.normalised} but is scored against {rubric.scheme.doc_no}."
                                 f"{' ' + guessed_en if guessed_en else ''}",
                                 cited.start, cited.end))
    if not document.meta.county:
        out.append(ReportWarning(WarningKind.COUNTY_NOT_FOUND, "未能识别报告所属区县。", "County name not found."))
    if not any(s.kind == "part" for s in document.sections):
        out.append(ReportWarning(WarningKind.NO_HEADINGS, "报告没有可识别的标题层级，按段落匹配。",
                                 "No headings found; matched paragraph by paragraph."))
    out.extend(ReportWarning(WarningKind.DAMAGED, d.message_zh, d.message_en, d.start, d.end, d.code)
               for d in document.damage)
    return tuple(out)
