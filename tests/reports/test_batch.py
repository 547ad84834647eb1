"""Batches: folders of mixed files, broken files among them, parallel workers, stable output."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from reports.batch import expand_inputs, run_batch
from reports.cli import main
from reports.cli.common import EXIT_OK, EXIT_UNREADABLE, EXIT_USAGE

ROOT = Path(__file__).resolve().parents[2]
GOOD = [ROOT / "examples" / "青溪县-2022自评报告.txt", ROOT / "tests" / "fixtures" / "reports" / "no_headings.txt",
        ROOT / "tests" / "fixtures" / "reports" / "layout_reordered.txt"]


def _zip_bomb(path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (210 * 1024 * 1024))
    path.write_bytes(buffer.getvalue())


@pytest.fixture(scope="module")
def mixed_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("mixed")
    for source in GOOD:
        shutil.copy(source, folder / source.name)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "random.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "not-a-zip.docx").write_bytes(b"PK? this is not really a zip")
    (folder / "random.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 8)
    _zip_bomb(folder / "bomb.docx")
    (folder / "notes.xyz").write_text("not a report", encoding="utf-8")
    (folder / ".hidden.txt").write_text("hidden", encoding="utf-8")
    return folder


def test_expand_inputs_keeps_supported_files_sorted(mixed_folder: Path) -> None:
    names = [p.name for p in expand_inputs([mixed_folder])]
    assert names == sorted(names)
    assert "notes.xyz" not in names and ".hidden.txt" not in names
    assert {"bomb.docx", "empty.txt", "random.txt"} <= set(names)


def test_batch_continues_past_broken_files(mixed_folder: Path) -> None:
    sources = expand_inputs([mixed_folder])
    outcomes = run_batch(sources, jobs=2)
    assert [o.source for o in outcomes] == [str(s) for s in sources]
    by_name = {Path(o.source).name: o for o in outcomes}
    for good in GOOD:
        assert by_name[good.name].ok, by_name[good.name].error
    for bad in ("empty.txt", "random.txt", "not-a-zip.docx", "random.pdf", "bomb.docx"):
        outcome = by_name[bad]
        assert not outcome.ok
        assert outcome.error_code and outcome.error
        assert any("\u4e00" <= ch <= "\u9fff" for ch in outcome.error), outcome.error  # Chinese first


def test_output_does_not_depend_on_jobs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    sources = [str(p) for p in GOOD]
    assert main(["score", *sources, "-o", str(one), "--format", "json", "--jobs", "1"]) == EXIT_OK
    assert main(["score", *sources, "-o", str(two), "--format", "json", "--jobs", "2"]) == EXIT_OK
    for name in (p.stem + ".json" for p in GOOD):
        assert json.loads((one / name).read_text(encoding="utf-8")) == json.loads((two / name).read_text(
            encoding="utf-8"))
    assert main(["score", *sources, "-o", str(two), "--format", "xlsx", "--jobs", "2"]) == EXIT_OK
    assert main(["score", *sources, "-o", str(one), "--format", "xlsx", "--jobs", "1"]) == EXIT_OK
    for name in (p.stem + ".xlsx" for p in GOOD):
        assert (one / name).read_bytes() == (two / name).read_bytes()
    assert main(["score", *sources, "-o", str(one), "--format", "xlsx"]) == EXIT_USAGE  # exists: needs --force


def test_cli_batch_exit_1_with_summary(mixed_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    code = main(["score", str(mixed_folder), "-o", str(out)])
    captured = capsys.readouterr()
    assert code == EXIT_UNREADABLE
    assert "Traceback" not in captured.err
    assert "已评分 scored 3" in captured.err
    assert "无法读取 unreadable 5" in captured.err
    assert "bomb.docx" in captured.err
    assert sorted(p.name for p in out.iterdir()) == sorted(p.stem + ".xlsx" for p in GOOD)


def test_bad_rubric_stops_before_any_work(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = ROOT / "tests" / "fixtures" / "rubrics" / "bad_yaml_syntax.yaml"
    out = tmp_path / "out"
    out.mkdir()
    assert main(["score", str(GOOD[0]), "-o", str(out), "--scheme", str(bad)]) == EXIT_USAGE
    assert not list(out.iterdir())
    assert "YAML" in capsys.readouterr().err


@pytest.mark.parametrize("enabled", [True, False])
def test_in_process_batch_leaves_the_collector_as_it_found_it(enabled):
    """The collector is off during a batch (garbage is collected once per report) and restored after."""
    import gc

    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        outcomes = run_batch(GOOD[:2], jobs=1, isolate=False)
        assert [o.ok for o in outcomes] == [True, True]
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
