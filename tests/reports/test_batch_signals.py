"""A batch stops cleanly on SIGINT/SIGTERM and --resume finishes it; a report over its allowance is stopped alone."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import reports.batch
from reports.batch import run_batch
from reports.cli import main
from reports.files import TEMP_SUFFIX

ROOT = Path(__file__).resolve().parents[2]
GOOD = ROOT / "tests" / "fixtures" / "reports" / "no_headings.txt"
REPORTS = 10


def _children(pid: int) -> set[int]:
    """Process ids whose parent is ``pid`` (Linux /proc)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _lvzhi(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "reports.cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)


@pytest.fixture
def batch_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    for n in range(REPORTS):
        shutil.copy(GOOD, folder / f"r{n:02d}.txt")
    return folder


def _started_batch(folder: Path, out: Path) -> subprocess.Popen[str]:
    """A real ``lvzhi score`` batch of ``folder`` into ``out/``, once its first output is written."""
    process = _lvzhi("score", str(folder), "-o", f"{out}/", "--format", "json", "-j", "2")
    deadline = time.monotonic() + 60
    while not (out.is_dir() and any(p.suffix == ".json" for p in out.iterdir())):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "no output appeared"
        time.sleep(0.01)
    return process


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads worker processes from /proc")
@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_signal_stops_batch_cleanly_and_resume_finishes_it(signum: int, code: int, batch_folder: Path,
                                                           tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    process = _started_batch(batch_folder, out)
    workers = _children(process.pid)
    assert workers, "the batch runs in worker processes"
    process.send_signal(signum)
    stdout, stderr = process.communicate(timeout=30)
    assert process.returncode == code, stderr
    assert "Traceback" not in stderr
    assert "已中断" in stderr and "--resume" in stderr and "完成 done" in stderr and "已写入 written" in stdout
    assert not [pid for pid in workers if _alive(pid)], "worker processes left behind"
    names = sorted(p.name for p in out.iterdir())
    assert not [n for n in names if n.endswith(TEMP_SUFFIX) or n.startswith(".")], names
    assert 0 < len(names) < REPORTS, "stopped promptly, finished outputs kept"
    for name in names:  # every output left is whole
        assert json.loads((out / name).read_text(encoding="utf-8"))["source"]["sha256"]
    if signum == signal.SIGTERM:
        return
    kept = {name: (out / name).stat().st_ino for name in names}
    assert main(["score", str(batch_folder), "-o", f"{out}/", "--format", "json", "-j", "2", "--resume"]) == 0
    assert f"续完 resume: {len(names)} 份已完成" in capsys.readouterr().out
    assert sorted(p.name for p in out.iterdir()) == [f"r{n:02d}.json" for n in range(REPORTS)]
    assert {name: (out / name).stat().st_ino for name in names} == kept  # not redone


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers die with their parent through prctl")
def test_workers_die_with_a_killed_parent_and_resume_clears_leftovers(batch_folder: Path, tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    process = _started_batch(batch_folder, out)
    workers = _children(process.pid)
    process.kill()  # SIGKILL: nothing in the parent runs
    process.communicate(timeout=30)
    deadline = time.monotonic() + 10
    while [pid for pid in workers if _alive(pid)] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [pid for pid in workers if _alive(pid)], "workers outlived a killed parent"
    (out / f".r00.json.0badf00d{TEMP_SUFFIX}").write_bytes(b"half")  # as a write cut short would leave
    assert main(["score", str(batch_folder), "-o", f"{out}/", "--format", "json", "--resume"]) == 0
    capsys.readouterr()
    assert sorted(p.name for p in out.iterdir()) == [f"r{n:02d}.json" for n in range(REPORTS)]


def test_resume_redoes_an_output_of_another_source(batch_folder: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """An output is finished only when it records this very source's SHA-256; else it is not overwritten."""
    sources = sorted(batch_folder.iterdir())[:2]
    out = tmp_path / "out"
    assert main(["score", *map(str, sources), "-o", f"{out}/", "--format", "json"]) == 0
    sources[1].write_text(GOOD.read_text(encoding="utf-8") + "\n补充。\n", encoding="utf-8")
    assert main(["score", *map(str, sources), "-o", f"{out}/", "--format", "json", "--resume"]) == 2
    assert "已存在" in capsys.readouterr().err
    assert main(["score", *map(str, sources), "-o", f"{out}/", "--format", "json", "--resume", "--force"]) == 0
    assert "续完 resume: 1 份已完成" in capsys.readouterr().out


def test_resume_recognises_finished_workbooks(batch_folder: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    sources = sorted(batch_folder.iterdir())[:3]
    out = tmp_path / "out"
    assert main(["score", *map(str, sources[:2]), "-o", f"{out}/"]) == 0
    kept = {p.name: p.stat().st_ino for p in out.iterdir()}
    capsys.readouterr()
    assert main(["score", *map(str, sources), "-o", f"{out}/", "--resume"]) == 0
    stdout = capsys.readouterr().out
    assert "续完 resume: 2 份已完成" in stdout and stdout.count("已完成（此前） already done") == 2
    assert {p.name: p.stat().st_ino for p in out.iterdir() if p.name in kept} == kept
    assert sorted(p.name for p in out.iterdir()) == sorted(s.stem + ".xlsx" for s in sources)


def _misbehaving(path: str, encoding: str | None = None):
    name = Path(path).name
    if name.startswith("hang"):
        time.sleep(120)
    if name.startswith("hog"):
        return bytearray(4 * 1024**3)
    return _REAL_READ(path, encoding)


_REAL_READ = reports.batch.read_report


def test_report_over_its_allowance_is_stopped_and_the_batch_goes_on(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("a.txt", "hang.txt", "hog.txt", "b.txt"):
        shutil.copy(GOOD, tmp_path / name)
    monkeypatch.setattr(reports.batch, "read_report", _misbehaving)  # forked workers inherit it
    sources = [tmp_path / n for n in ("a.txt", "hang.txt", "hog.txt", "b.txt")]
    outcomes = run_batch(sources, jobs=2, seconds=1.5, memory=512 * 1024**2, outputs=[tmp_path / f"{s.stem}.json"
                                                                                       for s in sources], fmt="json")
    by_name = {Path(o.source).name: o for o in outcomes}
    assert by_name["a.txt"].ok and by_name["b.txt"].ok
    assert by_name["hang.txt"].error_code == "too_slow" and "1.5 秒" in by_name["hang.txt"].error
    assert by_name["hog.txt"].error_code == "too_large" and "512 MB" in by_name["hog.txt"].error
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".json") == ["a.json", "b.json"]
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(TEMP_SUFFIX)]
