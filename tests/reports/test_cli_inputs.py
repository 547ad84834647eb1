"""Outputs are checked against the inputs by file identity, once per input (not once per input and output)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reports.cli.common import CliError, InputFiles, check_output


def test_same_file_by_any_name(tmp_path, monkeypatch):
    report = tmp_path / "报告.txt"
    report.write_text("x", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(report)
    monkeypatch.chdir(tmp_path)
    inputs = InputFiles(["报告.txt"])
    assert report in inputs and link in inputs and Path("./sub/../报告.txt") in inputs
    assert tmp_path / "other.txt" not in inputs
    later = InputFiles(["new.xlsx"])  # an input that does not exist yet is compared by its resolved path
    assert tmp_path / "new.xlsx" in later
    with pytest.raises(CliError, match="one of the inputs"):
        check_output(link, inputs=["报告.txt"], force=True)


def test_many_outputs_look_inputs_up_once(tmp_path, monkeypatch):
    """1,000 reports to 1,000 workbooks took a million path resolutions (40 s) before the set."""
    names = []
    for n in range(200):
        path = tmp_path / f"r{n}.txt"
        path.write_text("x", encoding="utf-8")
        names.append(path)
    calls = {"resolve": 0}
    real = Path.resolve

    def counting(self, *args, **kwargs):
        calls["resolve"] += 1
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "resolve", counting)
    inputs = InputFiles(names)
    for path in names:
        check_output(path.with_suffix(".xlsx"), inputs=inputs, force=True)
    assert calls["resolve"] <= 2 * len(names)
