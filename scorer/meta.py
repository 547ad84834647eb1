"""Report metadata: title, addressee, county, the scheme it cites, period, document number, date.

Document numbers are normalised across 〔〕﹝﹞[]() and garbled forms (``渝府教督20225号`` is
渝府教督〔2022〕5号). Known Chongqing schemes are recognised so a report that cites another year's
scheme can be flagged (scheme-notes §5); when the signals disagree the scheme stays unknown.
"""

from __future__ import annotations

import re
from datetime import date

from scorer.damage import iso_date
from scorer.document import Cited, Metadata, Section
from scorer.normalize import fold

# (prefix without 发, year, number) -> scheme id; scheme-notes §5.
KNOWN_SCHEMES: dict[tuple[str, int, int], str] = {
    ("渝府教督", 2020, 1): "cq-2020",
    ("渝府教督", 2022, 5): "cq-2022",
    ("渝教函", 2023, 464): "cq-2023",
    ("渝教函", 2024, 113): "cq-2024",
}
SCHEME_TITLE_YEAR = re.compile(r"(20\d\d)年(?:度)?对区县(?:人民)?政府履行教育职责(?:评价|督导)")

_DOC_NO = re.compile(
    r"([\u4e00-\u9fff]{1,10}?(?:教督发|教督|教函|教发|府办函|府办发|府发|府函|办函|办发|发|函|字))"
    r"[ ]*[\[(]?[ ]*(20\d\d)[ ]*[\])]?[ ]*(\d{1,4})[ ]*(号?)")
_COUNTY = re.compile(r"(?:重庆市|[\u4e00-\u9fff]{2,3}市(?=[\u4e00-\u9fff]{2,}(?:县|区)))?"
                     r"([\u4e00-\u9fff]{2,12}?(?:自治县|县|区))(?:人民政府|委员会|教育委员会|教委|政府|人大)")
_ADDRESSEE = re.compile(r"^([\u4e00-\u9fff]{2,30})[:]\s*$")
_DATE = re.compile(r"(20\d\d)年(\d{1,2})月(\d{1,2})日")
_GARBLED_DATE = re.compile(r"^\s*(20\d\d)(\d{2,4})\s*$")
_TITLE = re.compile(r"^(关于.{4,60}(函|报告|情况)|.{2,30}(自评报告|自查报告|自评情况报告))$")
_PERIOD = re.compile(r"(20\d\d)年(?:度)?以来|(20\d\d)年?(?:度)?(?:履行教育职责|重点)")


def normalise_doc_no(prefix: str, year: int, number: int) -> str:
    """Return the canonical form ``渝府教督〔2022〕5号``."""
    return f"{prefix}〔{year}〕{number}号"


def find_doc_numbers(text: str, start: int = 0, end: int | None = None) -> list[Cited]:
    """Return every document number in ``text[start:end]`` with its cited 《title》 when adjacent."""
    folded = fold(text)
    stop = len(text) if end is None else end
    out = []
    for m in _DOC_NO.finditer(folded, start, stop):
        raw_prefix = m.group(1)
        if not m.group(4) and "函" not in raw_prefix and "[" not in m.group(0):
            continue
        prefix = raw_prefix.replace("教督发", "教督")
        year, number = int(m.group(2)), int(m.group(3))
        before = folded[max(0, m.start() - 150):m.start()]
        titles = re.findall(r"《([^》]{4,120})》", before)
        title = titles[-1] if titles else ""
        scheme_id = KNOWN_SCHEMES.get((prefix, year, number))
        title_year = SCHEME_TITLE_YEAR.search(title)
        if scheme_id and title_year and int(title_year.group(1)) != int(scheme_id[3:]):
            scheme_id = None  # number and title disagree: do not guess
        out.append(Cited(text[m.start():m.end()], normalise_doc_no(raw_prefix, year, number), prefix, year,
                         number, m.start(), m.end(), title, scheme_id))
    return out


def _lines(text: str, section: Section | None) -> list[tuple[int, str]]:
    if section is None:
        return []
    out, pos = [], section.start
    for line in text[section.start:section.end].split("\n"):
        if line.strip():
            out.append((pos, line.strip()))
        pos += len(line) + 1
    return out


def extract_metadata(text: str, sections: tuple[Section, ...]) -> Metadata:
    """Return what the report says about itself, from its front and back matter."""
    folded = fold(text)
    front = next((s for s in sections if s.kind == "front"), None)
    back = next((s for s in sections if s.kind == "back"), None)
    front_lines = _lines(folded, front)
    title = next((line for _, line in front_lines if _TITLE.match(line)), "")
    addressee = next((m.group(1) for _, line in front_lines if (m := _ADDRESSEE.match(line))), "")
    head_end = front.end if front is not None else min(len(text), 1500)
    cited_all = find_doc_numbers(text, 0, max(head_end, min(len(text), 1500)))
    cited = next((c for c in cited_all if c.title or c.scheme_id), None)
    own = next((c for c in cited_all if c is not cited and c.start < (cited.start if cited else head_end)), None)
    county = _county(folded, front_lines, back)
    date_text, iso, candidates = _date(folded, _lines(folded, back))
    parts = [s.heading for s in sections if s.kind == "part"]
    period = _period(folded[:head_end], parts)
    return Metadata(title=title, addressee=addressee, county=county, cited_scheme=cited, period=period,
                    doc_no=own, date=iso, date_text=date_text, date_candidates=candidates)


def _county(folded: str, front_lines: list[tuple[int, str]], back: Section | None) -> str:
    places = [*(line for _, line in front_lines), *(line for _, line in _lines(folded, back))]
    for line in places:
        m = _COUNTY.search(line)
        if m:
            return m.group(1)
    counts: dict[str, int] = {}
    for m in _COUNTY.finditer(folded):
        counts[m.group(1)] = counts.get(m.group(1), 0) + 1
    return max(counts, key=counts.__getitem__) if counts else ""


def _date(folded: str, back_lines: list[tuple[int, str]]) -> tuple[str, str | None, tuple[str, ...]]:
    for _, line in reversed(back_lines):
        m = _DATE.search(line)
        if m:
            try:
                return m.group(0), date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat(), ()
            except ValueError:
                return m.group(0), None, ()
        g = _GARBLED_DATE.match(line)
        if g:
            rest = g.group(2)
            options = [iso for cut in range(1, len(rest)) if (iso := iso_date(g.group(1), rest[:cut], rest[cut:]))]
            return line, (options[0] if len(options) == 1 else None), tuple(options)
    return "", None, ()


def _period(head: str, part_headings: list[str]) -> str:
    m = re.search(r"(20\d\d)年(?:度)?以来", head)
    if m:
        return m.group(0)
    years = []
    for heading in part_headings:
        y = re.match(r"\s*(20\d\d)", heading)
        if y and y.group(1) not in years:
            years.append(y.group(1))
    return "、".join(years)
