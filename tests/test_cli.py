"""The lvzhi command line: exit codes, bilingual messages, no tracebacks, no overwriting."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reports.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "青溪县-2022自评报告.txt"
RUBRICS = ROOT / "tests" / "fixtures" / "rubrics"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return code, captured.out, captured.err


def test_scheme_validate_shipped_and_bad(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "scheme", "validate")
    assert code == 0
    assert "rubric is valid" in out
    code, _, err = run(capsys, "scheme", "validate", str(RUBRICS / "bad_unknown_key.yaml"))
    assert code == 2
    assert "bad_unknown_key.yaml:50:9: 未知的键 wieght / unknown key wieght" in err


def test_scheme_show_json_lists_items(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "scheme", "show", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert [a["id"] for a in data["areas"]] == list("ABCDEFGHKPRS")
    item = data["areas"][1]["items"][1]
    assert {"id", "title", "points", "provenance", "requirements"} <= set(item)
    assert item["requirements"][0]["kind"] in {"mention", "threshold", "change", "zero_event", "arithmetic"}
    assert "params" in item["requirements"][0]


def test_scheme_show_second_rubric(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "scheme", "show", str(RUBRICS / "mini_valid.yaml"))
    assert code == 0
    assert "测督〔2099〕1号" in out


def test_scheme_show_mechanics(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "scheme", "show", str(RUBRICS / "mechanics.yaml"))
    assert code == 0
    assert "加分上限 bonus cap 2" in out
    assert "B9 教师培训（加分项）（3 分） [加分项 bonus]" in out
    assert "扣分 deduct: A1.1 每少 1 扣 0.2 分，最低 0 分" in out
    assert "fitness_rate 连续 2 年下降" in out
    code, out, _ = run(capsys, "scheme", "show", str(RUBRICS / "mechanics.yaml"), "--format", "json")
    data = json.loads(out)
    assert data["bonus_cap"] == 2
    assert data["areas"][0]["items"][0]["scoring"] == {"deduct": {"requirement": "A1.1", "per": 1, "points": 0.2,
                                                                  "floor": 0}}
    assert data["grading"]["downgrades"][0]["declines"] == 2


def test_sections_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "sections", str(EXAMPLE))
    assert code == 0
    assert "青溪县" in out
    code, out, _ = run(capsys, "sections", str(EXAMPLE), "--format", "json")
    data = json.loads(out)
    assert data["meta"]["county"] == "青溪县"
    assert data["summary"]["parts"] == 4


def test_score_json_with_second_rubric(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "r.json"
    code, _out, _ = run(capsys, "score", str(EXAMPLE), "--format", "json", "-o", str(target),
                       "--scheme", str(RUBRICS / "mini_valid.yaml"))
    assert code == 0
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["scheme"]["id"] == "mini-test"
    assert data["max_total"] == 20
    assert next(w["code"] for w in data["warnings"]) == "scheme_mismatch"


def test_score_never_overwrites(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "r.json"
    target.write_text("inspector's file", encoding="utf-8")
    code, _, err = run(capsys, "score", str(EXAMPLE), "--format", "json", "-o", str(target))
    assert code == 2
    assert "--force" in err
    assert target.read_text(encoding="utf-8") == "inspector's file"


def test_unreadable_report_exit_1_bilingual(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "报告.docx"
    bad.write_bytes(b"not a zip at all")
    code, _, err = run(capsys, "score", str(bad), str(EXAMPLE), "--format", "json", "-o", str(tmp_path))
    assert code == 1
    assert "报告.docx" in err
    assert (tmp_path / "青溪县-2022自评报告.json").exists()


def test_bad_rubric_for_score_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "score", str(EXAMPLE), "--scheme", str(RUBRICS / "bad_regex.yaml"))
    assert code == 2
    assert "invalid rubric" in err


def test_usage_error_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["sections"])
    assert exit_info.value.code == 2
    assert "Usage error" in capsys.readouterr().err


def test_missing_file_is_clear(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "sections", str(tmp_path / "nope.txt"))
    assert code == 1
    assert "nope.txt" in err


def test_jobs_must_be_positive(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "score", str(EXAMPLE), "--jobs", "0")
    assert code == 2
    assert "--jobs" in err


def test_too_many_reports_for_one_combined_workbook(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from reports.cli.score_cmd import MAX_COMBINED

    folder = tmp_path / "reports"
    folder.mkdir()
    for n in range(MAX_COMBINED + 1):
        (folder / f"{n:03d}.txt").write_text("一、履职情况\n1.县委常委会研究教育工作。\n", encoding="utf-8")
    code, _, err = run(capsys, "score", str(folder), "-o", str(tmp_path / "all.xlsx"))
    assert code == 2
    assert f"最多容纳 {MAX_COMBINED} 份" in err and "-o DIR/" in err
    assert not (tmp_path / "all.xlsx").exists()


def test_console_entry_point_exits_with_mains_code(tmp_path: Path) -> None:
    """``lvzhi`` leaves through os._exit after flushing: the code and the last line of output must survive."""
    import subprocess
    import sys

    out = tmp_path / "out.json"
    proc = subprocess.run([sys.executable, "-m", "reports.cli", "score", str(EXAMPLE), "-o", str(out)],
                          capture_output=True, text=True, check=False, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["total"] > 0
    assert "written" in proc.stdout
    missing = subprocess.run([sys.executable, "-m", "reports.cli", "score", str(tmp_path / "nope.txt"), "-o",
                              str(tmp_path / "x.json")], capture_output=True, text=True, check=False, cwd=ROOT)
    assert missing.returncode == 1
    assert "nope.txt" in missing.stderr
