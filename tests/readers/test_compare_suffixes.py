"""`lvzhi compare` reads every report file `lvzhi score` reads: one list of suffixes (scorer/data/lexicon.yaml)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from reports.cli import main
from reports.compare import REPORT_SUFFIXES
from scorer.lexicon import lexicon
from scorer.readers import SUPPORTED_SUFFIXES

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "云岭县-2022自评报告.txt"
SUFFIXES = sorted(SUPPORTED_SUFFIXES)


def test_compare_and_score_share_the_lexicon_suffix_list():
    listed = [s for group in lexicon()["files"]["report_suffixes"].values() for s in group]
    assert sorted(listed) == sorted(SUPPORTED_SUFFIXES) == sorted(REPORT_SUFFIXES)
    assert ".shtml" in SUPPORTED_SUFFIXES  # the suffix compare used to refuse


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_compare_accepts_every_suffix_score_accepts(tmp_path, suffix, capsys, make_pdf, make_docx):
    paragraphs = [line for line in EXAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    if suffix == ".pdf":
        report = make_pdf(f"云岭县{suffix}", paragraphs)
    elif suffix == ".docx":
        report = make_docx(f"云岭县{suffix}", paragraphs)
    else:  # the readers sniff the content: plain text is read as text under the other names
        report = tmp_path / f"云岭县{suffix}"
        shutil.copyfile(EXAMPLE, report)
    assert main(["score", str(report), "--format", "json", "-o", str(tmp_path / "one.json")]) == 0
    out = tmp_path / "cmp.json"
    code = main(["compare", str(report), "-o", str(out)])
    err = capsys.readouterr().err
    assert "不支持的输入类型" not in err
    assert code == 0, err
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert "云岭县" in json.dumps(rows, ensure_ascii=False)
