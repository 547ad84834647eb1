"""The lexicon (scorer/data/lexicon.yaml): validated with FILE:LINE:COL errors, each vocabulary defined once."""

from __future__ import annotations

from pathlib import Path

import pytest

from scorer.lexicon import alternatives, check_lexicon_text, lexicon, words

FIXTURES = Path(__file__).parent / "fixtures" / "lexicon"

# Each defective lexicon, with the line:column and a substring of the message of the problem it holds.
BAD = {
    "bad_unknown_vocabulary.yaml": ("11:3:", "'slogan'"),
    "bad_record_without_word.yaml": ("13:17:", "actions/1"),
    "bad_pattern.yaml": ("12:23:", "does not compile"),
    "bad_list_words_share_a_character.yaml": ("4:30:", "'各' shares '各' with '各自'; these words may share no"),
}


def test_shipped_lexicon_is_valid():
    text = (Path(__file__).parents[2] / "scorer" / "data" / "lexicon.yaml").read_text(encoding="utf-8")
    assert check_lexicon_text(text)[1] == []


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_lexicon_names_file_line_and_column(name):
    where, message = BAD[name]
    _, problems = check_lexicon_text((FIXTURES / name).read_text(encoding="utf-8"), f"fixtures/{name}")
    # A fixture holds only the sections its defect needs, so the missing ones are problems too.
    assert any(p.startswith(f"fixtures/{name}:{where}") and message in p for p in problems), problems


def test_records_compile_to_lookarounds_in_list_order():
    assert alternatives("files", "report_suffixes", "html") == r"\.html|\.htm|\.shtml"
    assert words("claims", "zero")[0] == lexicon()["claims"]["zero"][0]


# --- each vocabulary is defined once -------------------------------------------------------------------------

ROOT = Path(__file__).parents[2]
SOURCES = ("scorer", "reports", "scheme")
# The rubric layer may not import scorer (layers point one way), so its list of unit words a rubric term must
# not be (scheme/semantics.py UNIT_WORDS) stays its own; it checks rubric files, not reports.
EXEMPT = {"scheme/semantics.py"}


def _vocabularies(node, path=()):
    """Every list of plain words in the lexicon (records give their word), with its path."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _vocabularies(value, (*path, str(key)))
    elif isinstance(node, list) and not path[-1].endswith("patterns"):
        yield "/".join(path), [w if isinstance(w, str) else w["word"] for w in node]


def _word_lists_in(data, path=()):
    """Every list of strings in a parsed data file, with its path."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _word_lists_in(value, (*path, str(key)))
    elif isinstance(data, list):
        if data and all(isinstance(w, str) for w in data):
            yield "/".join(path), data
        for n, value in enumerate(data):
            yield from _word_lists_in(value, (*path, str(n)))


def _source_copies(root: Path, vocabularies: list[tuple[str, list[str]]]) -> list[str]:
    """Python string constants and literal collections under ``root`` that repeat three or more words of one
    lexicon vocabulary (as regex alternatives, space-separated words or collection members)."""
    import ast

    found = []
    for package in SOURCES:
        for path in sorted((root / package).rglob("*.py")) if (root / package).is_dir() else ():
            if path.relative_to(root).as_posix() in EXEMPT:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    pieces = set(node.value.replace("(?:", "|").replace("(", "|").replace(")", "|").split("|"))
                    pieces |= set(node.value.split())
                elif isinstance(node, ast.Tuple | ast.List | ast.Set):
                    pieces = {e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)}
                else:
                    continue
                for name, vocabulary in vocabularies:
                    shared = pieces & set(vocabulary)
                    if len(shared) >= 3:
                        found.append(f"{path.relative_to(root)}:{node.lineno}: {len(shared)} words of {name}")
    return found


def _all_vocabularies() -> list[tuple[str, list[str]]]:
    """The lexicon's vocabularies of three or more words, and the report suffixes as one list."""
    vocabularies = [(name, words) for name, words in _vocabularies(lexicon()) if len(words) >= 3]
    suffixes = [s for group in lexicon()["files"]["report_suffixes"].values() for s in group]
    return [*vocabularies, ("files/report_suffixes", suffixes)]


def test_no_module_keeps_its_own_copy_of_a_lexicon_vocabulary():
    assert _source_copies(ROOT, _all_vocabularies()) == []


def test_no_vocabulary_is_defined_twice_in_the_data_files():
    import yaml

    lists = [(f"lexicon.yaml:{name}", frozenset(words)) for name, words in _vocabularies(lexicon()) if len(words) >= 2]
    for data_file in sorted((ROOT / "scorer" / "data").glob("*.yaml")):
        if data_file.name != "lexicon.yaml":
            data = yaml.safe_load(data_file.read_text(encoding="utf-8"))
            lists += [(f"{data_file.name}:{name}", frozenset(words)) for name, words in _word_lists_in(data)
                      if len(words) >= 2]
    seen: dict[frozenset[str], str] = {}
    twice = []
    for name, vocab in lists:
        if vocab in seen:
            twice.append(f"{name} repeats {seen[vocab]}")
        seen.setdefault(vocab, name)
    assert twice == []


def test_the_copy_check_finds_copies(tmp_path):
    """The check above is not vacuous: modules with their own fillers or suffix list are caught."""
    (tmp_path / "scorer").mkdir()
    (tmp_path / "scorer" / "copy.py").write_text(
        'FILLERS = r"(?:其中|全县|全市|全区)"\nSUFFIXES = (".txt", ".md", ".docx")\nUNITS = "个 所 名 人"\n',
        encoding="utf-8")
    found = _source_copies(tmp_path, _all_vocabularies())
    assert {line.split(":")[1] for line in found} == {"1", "2", "3"}, found


@pytest.mark.parametrize("word", lexicon()["chrome"]["breadcrumbs"])
def test_text_and_html_chrome_share_the_breadcrumb_words(word):
    """chrome.yaml's breadcrumb rule reads lexicon chrome/breadcrumbs: every word the HTML reader knows is
    page chrome at the top of a plain-text report too (您现在的位置 and 所在位置 were HTML-only before)."""
    from scorer.chrome import find_chrome

    text = f"{word}：首页 > 教育督导\n关于云岭县2022年履行教育职责情况的自评报告\n正文。\n"
    found = find_chrome(text)
    assert any(c.start == 0 and text[c.start:c.end].startswith(word) for c in found), found
