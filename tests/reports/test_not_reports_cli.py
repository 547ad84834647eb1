"""A file that is not a self-evaluation report (a README beside the reports) is listed as skipped with its reason
and gets no output; named on the command line it is an error (exit 1, like an unreadable file)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reports.batch import scan_inputs
from reports.cli import main
from reports.cli.common import EXIT_OK, EXIT_UNREADABLE
from scorer.readers import SUPPORTED_SUFFIXES

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
README = EXAMPLES / "README.md"
REPORT = EXAMPLES / "青溪县-2022自评报告.txt"


def _skip_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("跳过 skipped:")]


def test_examples_folder_scores_the_reports_and_skips_its_readme(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["score", str(EXAMPLES), "-o", f"{out}/"]) == EXIT_OK
    assert sorted(p.name for p in out.iterdir()) == sorted(p.stem + ".xlsx" for p in EXAMPLES.glob("*.txt"))
    captured = capsys.readouterr()
    skipped = _skip_lines(captured.err)
    assert len(skipped) == 1 and str(README) in skipped[0]
    assert "不是自评报告：未识别区县" in skipped[0] and "Not a self-evaluation report: no county named" in skipped[0]
    assert "不是自评报告 not a report 1" in captured.err and "已评分 scored 2" in captured.err


def test_a_readme_named_alone_is_an_error(tmp_path, capsys):
    target = tmp_path / "readme.json"
    assert main(["score", str(README), "-o", str(target)]) == EXIT_UNREADABLE
    captured = capsys.readouterr()
    assert not target.exists() and captured.out == ""
    assert "不是自评报告" in captured.err and "not scored, nothing written" in captured.err


def test_a_readme_named_beside_a_report_fails_the_run_but_not_the_report(capsys):
    assert main(["score", str(README), str(REPORT)]) == EXIT_UNREADABLE
    captured = capsys.readouterr()
    assert "【青溪县】" in captured.out and "未识别区县】" not in captured.out  # no text summary for the README


def test_combined_workbook_leaves_the_readme_out(tmp_path, capsys):
    target = tmp_path / "all.xlsx"
    assert main(["score", str(EXAMPLES), "-o", str(target)]) == EXIT_OK
    written = [line for line in capsys.readouterr().out.splitlines() if str(target) in line]
    assert written and "青溪县" in written[0] and "云岭县" in written[0] and "README" not in written[0]


@pytest.fixture
def mixed_suffixes(tmp_path: Path) -> Path:
    """A report, a README.md, and files of types lvzhi does not read (its own JSON result, a CSV)."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(REPORT, folder / REPORT.name)
    shutil.copy(README, folder / "README.md")
    (folder / "notes.csv").write_text("区县,得分\n青溪县,95\n", encoding="utf-8")
    (folder / "result.json").write_text("{}", encoding="utf-8")
    return folder


def test_folder_walk_takes_the_readers_suffixes(mixed_suffixes):
    sources, skipped = scan_inputs([mixed_suffixes])
    assert [p.name for p in sources] == sorted(p.name for p in mixed_suffixes.iterdir()
                                               if p.suffix in SUPPORTED_SUFFIXES)
    assert ".md" in SUPPORTED_SUFFIXES and {p.name for p in sources} == {"README.md", REPORT.name}
    assert sorted(p.name for p, _ in skipped) == ["notes.csv", "result.json"]
    assert all("不支持的文件类型" in reason and "unsupported type" in reason for _, reason in skipped)


def test_mixed_folder_lists_every_skip_and_scores_the_report(mixed_suffixes, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["score", str(mixed_suffixes), "-o", f"{out}/", "--format", "json"]) == EXIT_OK
    assert [p.name for p in out.iterdir()] == [REPORT.stem + ".json"]
    skipped = _skip_lines(capsys.readouterr().err)
    assert [Path(line.split(": ")[1]).name for line in skipped] == ["notes.csv", "result.json", "README.md"]


def test_folder_with_no_report_at_all(tmp_path, capsys):
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(README, folder / "README.md")
    assert main(["score", str(folder), "-o", f"{tmp_path / 'out'}/"]) == EXIT_UNREADABLE
    assert "没有找到可评分的自评报告" in capsys.readouterr().err
    assert list((tmp_path / "out").iterdir()) == []


def test_compare_lists_a_readme_as_unusable(capsys):
    assert main(["compare", str(README), str(REPORT), "--format", "csv"]) == EXIT_UNREADABLE
    captured = capsys.readouterr()
    assert "青溪县" in captured.out and f"{README}: 不是自评报告" in captured.err
