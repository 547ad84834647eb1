"""Which files are county self-evaluation reports (scorer/report_kind.py): the cases of tests/fixtures/not_reports,
and every real or invented report lvzhi ships or tests with, which must never be taken for something else."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
import yaml

from scorer.api import score_report
from scorer.codes import ReportSignal
from scorer.report_kind import NotAReport, is_documentation, not_a_report
from scorer.result import ReportResult

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
CASES_DIR = FIXTURES / "not_reports"
CASES = yaml.safe_load((CASES_DIR / "cases.yml").read_text(encoding="utf-8"))
# Every report the project ships or tests with (invented counties, and the real yunyang sample when present).
REPORTS = sorted([*(ROOT / "examples").glob("*.txt"), *(FIXTURES / "reports").glob("*.txt"),
                  *(FIXTURES / "selection").glob("*.txt"), *(FIXTURES / "compare_years").glob("*.txt"),
                  *(FIXTURES / "html").glob("*.txt"), *(ROOT / "tests" / "reports" / "fixtures").glob("*.txt"),
                  *(ROOT / "benchmarks" / "claims").glob("*.txt")])


@cache
def _scored(path: Path) -> ReportResult:
    return score_report(path)


def test_every_fixture_has_a_case():
    assert sorted(case["file"] for case in CASES) == sorted(
        p.name for p in CASES_DIR.iterdir() if p.name != "cases.yml")


@pytest.mark.parametrize("case", CASES, ids=[case["file"] for case in CASES])
def test_case(case):
    verdict = not_a_report(_scored(CASES_DIR / case["file"]))
    if case.get("report"):
        assert verdict is None
        return
    assert verdict == NotAReport(tuple(ReportSignal(code) for code in case["lacking"]), case["documentation"])
    for sign in verdict.lacking:  # the reason names what is missing, in both languages
        assert sign.zh in verdict.message_zh and sign.en in verdict.message_en
    assert verdict.message.startswith("不是自评报告：") and " / Not a self-evaluation report: " in verdict.message


@pytest.mark.parametrize("path", REPORTS, ids=[str(p.relative_to(ROOT)) for p in REPORTS])
def test_no_report_is_taken_for_something_else(path):
    assert not_a_report(_scored(path)) is None


def test_the_real_sample_is_a_report(yunyang_path):
    assert not_a_report(_scored(yunyang_path)) is None


@pytest.mark.parametrize("path", [ROOT / "examples" / "README.md", ROOT / "README.md"], ids=["examples", "project"])
def test_the_projects_own_readmes_are_not_reports(path):
    """The project README cites the 2022 scheme and quotes concrete report sentences; neither makes it a report."""
    verdict = not_a_report(_scored(path))
    assert verdict is not None and verdict.documentation


def test_documentation_by_name_or_suffix():
    assert is_documentation("a/README.txt") and is_documentation("ReadMe.docx") and is_documentation("x/报告.md")
    assert not is_documentation("examples/青溪县-2022自评报告.txt") and not is_documentation("readme-2022.txt")


def test_reports_listed_exist():
    """The list above is not vacuous (a moved folder would otherwise pass with nothing checked)."""
    assert len(REPORTS) >= 40
