"""Report metadata: title, addressee, county, the scheme it cites, period, document number, date.

Document numbers are normalised across 〔〕﹝﹞[]() and garbled forms (``渝府教督20225号`` is
渝府教督〔2022〕5号). The schemes lvzhi has rubrics for (``scheme.registry``) are recognised by their 文号
and the damaged forms each rubric declares (``渝教2023464号``), so the rubric a report cites can be chosen
(``scorer.choose``); when number and cited title disagree the scheme stays unknown. A county's own
documents (南川府教督发〔2023〕1号) are never taken for the municipal scheme: their prefix starts with a
county's short name (``scorer/data/places.yaml``).
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from scheme.problems import RubricError
from scheme.registry import DROPPED_CHARS, Registry, default_registry
from scorer.damage import iso_date
from scorer.data_files import validated_data
from scorer.document import Cited, Metadata, Section
from scorer.lexicon import alternatives, issuer_pattern, lexicon, words
from scorer.normalize import fold

_META = lexicon()["metadata"]  # the words are data (scorer/data/lexicon.yaml metadata/); years and names are code


def _words(key: str) -> str:
    return alternatives("metadata", key)


SCHEME_TITLE_YEAR = re.compile(r"(20\d\d)年(?:度)?(?:" + "|".join(_META["scheme_title_patterns"]) + ")")

_DOC_NO = re.compile(issuer_pattern(1) + r"[ ]*[\[(]?[ ]*(20\d\d)[ ]*[\])]?[ ]*(\d{1,4})[ ]*(号?)")
_NO_NUMBER_MARK = words("documents", "no_number_mark")  # 函 may be cited without 号
_SUFFIX = _words("county_suffixes")
_COUNTY = re.compile(rf"(?:{_words('municipality')}|[\u4e00-\u9fff]{{2,3}}市(?=[\u4e00-\u9fff]{{2,}}(?:{_SUFFIX})))?"
                     rf"([\u4e00-\u9fff]{{2,12}}?(?:{_SUFFIX}))(?:{_words('county_offices')})")
_ADDRESSEE = re.compile(r"^([\u4e00-\u9fff]{2,30})[:]\s*$")
_DATE = re.compile(r"(20\d\d)年(\d{1,2})月(\d{1,2})日")
_GARBLED_DATE = re.compile(r"^\s*(20\d\d)(\d{2,4})\s*$")
_TITLE = re.compile(rf"^((?:{_words('title_start')}).{{4,60}}({_words('title_endings')})"
                    rf"|.{{2,30}}({_words('report_words')}))$")
_SINCE = re.compile(rf"(20\d\d)年(?:度)?(?:{_words('period_since')})")
_PERIOD = re.compile(rf"{_SINCE.pattern}|(20\d\d)年?(?:度)?(?:{_words('period_topics')})")
_SUFFIX_END = re.compile(rf"({_SUFFIX})$")


def normalise_doc_no(prefix: str, year: int, number: int) -> str:
    """Return the canonical form ``渝府教督〔2022〕5号``."""
    return f"{prefix}〔{year}〕{number}号"


def _parse(m: re.Match[str]) -> tuple[str, str, int, int]:
    raw_prefix = m.group(1)
    return raw_prefix, raw_prefix.replace("教督发", "教督"), int(m.group(2)), int(m.group(3))


def registry_for_meta() -> Registry:
    """The registry whose 文号 metadata recognises: shipped plus ``LVZHI_SCHEME_DIR``, else shipped only.

    A broken rubric in ``LVZHI_SCHEME_DIR`` is reported when a rubric is chosen; reading a report never fails on it.
    """
    registry = default_registry()
    try:
        registry.rubrics  # noqa: B018 - loads and validates
    except RubricError:
        return _shipped_registry()
    return registry


@lru_cache(maxsize=1)
def _shipped_registry() -> Registry:
    return Registry(use_env=False)


@lru_cache(maxsize=4)
def known_doc_numbers(registry: Registry) -> tuple[dict[tuple[str, int, int], tuple[str, int | None]],
                                                   tuple[tuple[str, str, str], ...]]:
    """(prefix, year, number) -> (scheme id, year) of every rubric 文号 form, and (key, id, 文号) of each form."""
    numbers: dict[tuple[str, int, int], tuple[str, int | None]] = {}
    forms = []
    for key, rubric in registry.doc_no_forms():
        forms.append((key, rubric.scheme.id, rubric.scheme.doc_no))
        for text in (rubric.scheme.doc_no, *rubric.scheme.doc_no_variants):
            for m in _DOC_NO.finditer(fold(text)):
                numbers.setdefault(_parse(m)[1:], (rubric.scheme.id, rubric.scheme.year))
    return numbers, tuple(forms)


def _cited_title(folded: str, pos: int) -> str:
    titles = re.findall(r"《([^》]{4,120})》", folded[max(0, pos - 150):pos])
    return titles[-1] if titles else ""


def find_doc_numbers(text: str, start: int = 0, end: int | None = None,
                     registry: Registry | None = None) -> list[Cited]:
    """Return every document number in ``text[start:end]`` with its cited 《title》 when adjacent.

    Numbers of schemes in ``registry`` (default: ``registry_for_meta()``) carry their scheme id, including the
    damaged forms the rubrics declare that no general pattern reads (``渝教2023464号``).
    """
    known, forms = known_doc_numbers(registry or registry_for_meta())
    folded = fold(text)
    stop = len(text) if end is None else end
    out = []
    for m in _DOC_NO.finditer(folded, start, stop):
        raw_prefix, prefix, year, number = _parse(m)
        if not m.group(4) and not any(w in raw_prefix for w in _NO_NUMBER_MARK) and "[" not in m.group(0):
            continue
        title = _cited_title(folded, m.start())
        scheme_id, scheme_year = known.get((prefix, year, number), (None, None))
        title_year = SCHEME_TITLE_YEAR.search(title)
        if scheme_id and title_year and scheme_year is not None and int(title_year.group(1)) != scheme_year:
            scheme_id = None  # number and title disagree: do not guess
        out.append(Cited(text[m.start():m.end()], normalise_doc_no(raw_prefix, year, number), prefix, year,
                         number, m.start(), m.end(), title, scheme_id))
    return _declared_forms(text, folded, start, stop, forms, out)


def _declared_forms(text: str, folded: str, start: int, stop: int, forms: tuple[tuple[str, str, str], ...],
                    found: list[Cited]) -> list[Cited]:
    """Add the rubric-declared forms found in the text (brackets and spaces ignored) that the general pattern missed."""
    kept = [pos for pos in range(start, min(stop, len(folded))) if folded[pos] not in DROPPED_CHARS]
    stripped = "".join(folded[pos] for pos in kept)
    out = list(found)
    for key, scheme_id, doc_no in forms:
        for m in re.finditer(re.escape(key), stripped):
            s0, e0 = kept[m.start()], kept[m.end() - 1] + 1
            if any(c.start < e0 and s0 < c.end for c in out):
                continue  # read by the general pattern: its reading (and a title that disagrees) stands
            canonical = _DOC_NO.search(fold(doc_no))
            if canonical is None:
                continue
            raw_prefix, prefix, year, number = _parse(canonical)
            out.append(Cited(text[s0:e0], normalise_doc_no(raw_prefix, year, number), prefix, year, number, s0, e0,
                             _cited_title(folded, s0), scheme_id))
    return sorted(out, key=lambda c: c.start)


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
    county = _county(folded, title, front_lines, back, cited_all)
    cited = _cited_scheme(cited_all, county)
    own = next((c for c in cited_all if c is not cited and c.start < (cited.start if cited else head_end)), None)
    date_text, iso, candidates = _date(folded, _lines(folded, back))
    parts = [s.heading for s in sections if s.kind == "part"]
    period = _period(folded[:head_end], parts)
    return Metadata(title=title, addressee=addressee, county=county, cited_scheme=cited, period=period,
                    doc_no=own, date=iso, date_text=date_text, date_candidates=candidates)


@lru_cache(maxsize=1)
def _places() -> tuple[tuple[tuple[str, str], ...], frozenset[str]]:
    """((full name, short name), longest first) of the known counties, and the words that name no county."""
    data = validated_data("places")
    names = [(c["name"], c.get("short") or _SUFFIX_END.sub("", c["name"])) for c in data["counties"]]
    return tuple(sorted(names, key=lambda pair: -len(pair[0]))), frozenset(data["not_counties"])


_CITED_TITLE = re.compile(r"《[^》]*》")
_TITLE_COUNTY = re.compile(rf"^(?:{_words('title_start')})?(?:{_words('municipality')})?"
                           rf"([\u4e00-\u9fff]{{1,10}}?(?:{_SUFFIX}))(?=20\d\d|{_words('title_county_followers')})")


def _is_county(name: str) -> bool:
    """False for words ending in 区/县 that name no county (全区, 年对区县 from a scheme's title)."""
    _known, not_counties = _places()
    return (name not in not_counties and not any(w in name for w in _META["not_county_inside"])
            and not name.startswith(tuple(_META["not_county_starts"])))


def _county(folded: str, title: str, front_lines: list[tuple[int, str]], back: Section | None,
            cited: list[Cited]) -> str:
    """The county from the title, the letter head, the signature, a county's own 文号, else the most named.

    Text inside 《》 is never read for it: it names schemes and notices, not the reporting county.
    """
    known, _not_counties = _places()
    plain_title = _CITED_TITLE.sub("", title)
    for name, _short in known:
        if name in plain_title:
            return name
    m = _TITLE_COUNTY.search(plain_title)
    if m and _is_county(m.group(1)):
        return m.group(1)
    places = [*(line for _, line in front_lines), *(line for _, line in _lines(folded, back))]
    for line in places:
        for m in _COUNTY.finditer(_CITED_TITLE.sub(lambda t: "　" * len(t.group()), line)):
            if _is_county(m.group(1)):
                return m.group(1)
    for doc in cited:
        name = next((name for name, short in known if doc.prefix.startswith(short)), None)
        if name:
            return name
    counts: dict[str, int] = {}
    for m in _COUNTY.finditer(_CITED_TITLE.sub(lambda t: "　" * len(t.group()), folded)):
        if _is_county(m.group(1)):
            counts[m.group(1)] = counts.get(m.group(1), 0) + 1
    return max(counts, key=counts.__getitem__) if counts else ""


def _county_doc(doc: Cited, county: str) -> bool:
    """True for a county's own document: its prefix starts with a county's short name (or this report's county)."""
    known, _not_counties = _places()
    shorts = [short for _name, short in known]
    stem = _SUFFIX_END.sub("", county)
    if len(stem) >= 2:
        shorts.append(stem)
    return any(doc.prefix.startswith(short) for short in shorts)


def _cited_scheme(cited: list[Cited], county: str) -> Cited | None:
    """The cited scheme: a rubric's 文号 first, else a number with its 《title》; never the county's own."""
    candidates = [c for c in cited if not _county_doc(c, county)]
    return next((c for c in candidates if c.scheme_id), None) or next((c for c in candidates if c.title), None)


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
    m = _SINCE.search(head)
    if m:
        return m.group(0)
    years = []
    for heading in part_headings:
        y = re.match(r"\s*(20\d\d)", heading)
        if y and y.group(1) not in years:
            years.append(y.group(1))
    return "、".join(years)
