"""Never lose a file: racing writers, special files, inputs as outputs, and honest I/O errors."""

from __future__ import annotations

import errno
import multiprocessing
import os
import shutil
import stat
from pathlib import Path

import pytest

import reports.files
from reports.cli import main
from reports.cli.common import EXIT_UNREADABLE, EXIT_USAGE
from reports.files import TEMP_SUFFIX, OutputError, atomic_write

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = [ROOT / "examples" / "青溪县-2022自评报告.txt", ROOT / "examples" / "云岭县-2022自评报告.txt"]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    assert "内部错误" not in captured.err, captured.err
    return code, captured.out, captured.err


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(TEMP_SUFFIX)]


def _race(path: str, data: bytes, barrier, results) -> None:
    barrier.wait()
    try:
        atomic_write(path, data)
    except OutputError as error:
        results.put((data, "refused", str(error)))
    else:
        results.put((data, "written", ""))


def test_racing_writers_exactly_one_wins(tmp_path: Path) -> None:
    """Several processes create the same new output at once: one writes it, every other one is told it exists."""
    context = multiprocessing.get_context("fork")
    target = tmp_path / "结果.json"
    writers = 6
    barrier, results = context.Barrier(writers), context.Queue()
    processes = [context.Process(target=_race, args=(str(target), f"writer {n}".encode() * 50_000, barrier,
                                                                      results)) for n in range(writers)]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=30) for _ in processes]
    for process in processes:
        process.join(30)
    won = [data for data, how, _ in outcomes if how == "written"]
    assert len(won) == 1, outcomes
    assert target.read_bytes() == won[0]
    assert all("已存在" in message and "exists" in message for _, how, message in outcomes if how == "refused")
    assert _leftovers(tmp_path) == []


def test_cli_racing_the_same_new_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file that appears after the early check is still not overwritten: the write itself is exclusive."""
    target = tmp_path / "a.json"
    real = reports.files._fill

    def other_writer_first(handle: int, data: bytes) -> None:
        real(handle, data)
        target.write_text("another run's result", encoding="utf-8")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(reports.files, "_fill", other_writer_first)
        code, out, err = run(capsys, "score", str(EXAMPLES[0]), "-o", str(target))
    assert code == EXIT_USAGE
    assert "已存在" in err and "已写入" not in out
    assert target.read_text(encoding="utf-8") == "another run's result"
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("kind", ["fifo", "folder", "device_link"])
def test_special_targets_refused_even_with_force(kind: str, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out.json"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "folder":
        target = tmp_path / "out.csv"
        target.mkdir()
    else:
        target.symlink_to("/dev/full")  # stat follows the link: a character device
    before = target.stat().st_mode
    if kind == "folder":
        code, _, err = run(capsys, "compare", str(EXAMPLES[0]), "-o", str(target), "--force")
        assert "目录" in err
    else:
        code, _, err = run(capsys, "score", str(EXAMPLES[0]), "-o", str(target), "--force")
        assert "不是普通文件" in err and "not a regular file" in err
    assert code == EXIT_USAGE
    assert target.stat().st_mode == before and not stat.S_ISREG(before)
    if kind == "device_link":
        assert target.is_symlink()
    with pytest.raises(OutputError):
        atomic_write(target, b"x", replace=True)


def test_input_folder_as_output_folder_keeps_every_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    for n, source in enumerate(EXAMPLES):
        shutil.copy(source, folder / f"{'ab'[n]}.txt")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    code, _, err = run(capsys, "score", f"{folder}/", "-o", f"{folder}/", "--format", "text", "--force")
    assert code == EXIT_USAGE
    assert "输出文件不能是输入文件" in err and "a.txt" in err
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_text_summaries_one_file_per_report_in_a_new_folder(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    out_dir = tmp_path / "new" / "summaries"
    code, _, _ = run(capsys, "score", *map(str, EXAMPLES), "-o", f"{out_dir}/", "--format", "text")
    assert code == 0
    texts = {p.name: p.read_text(encoding="utf-8") for p in out_dir.iterdir()}
    assert sorted(texts) == sorted(p.stem + ".txt" for p in EXAMPLES)
    for source in EXAMPLES:
        county = source.name.split("-")[0]
        assert texts[source.stem + ".txt"].startswith(f"【{county}】"), texts[source.stem + ".txt"][:40]
        # one report per file: one 【county】 header line (explanation lines quote places in 【…】 too)
        assert sum(line.startswith("【") for line in texts[source.stem + ".txt"].splitlines()) == 1


def test_unsupported_files_in_a_folder_are_listed_as_skipped(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    shutil.copy(EXAMPLES[0], folder / "a.txt")
    (folder / "scan.jpg").write_bytes(b"\xff\xd8\xff")
    (folder / ".hidden.xyz").write_bytes(b"")
    code, _, err = run(capsys, "score", str(folder))
    assert code == 0
    assert "跳过 skipped" in err and "scan.jpg" in err and ".jpg" in err
    assert ".hidden.xyz" not in err


@pytest.mark.parametrize(("code", "words"), [(errno.ENOSPC, "磁盘已满"), (errno.EROFS, "只读"),
                                             (errno.EACCES, "权限")])
def test_write_failures_are_user_messages(code: int, words: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """Disk full, read-only, permission: exit 1 with a bilingual message naming the file; nothing partial left."""
    def fail(handle: int, _data: bytes) -> None:
        os.close(handle)
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(reports.files, "_fill", fail)
    target = tmp_path / "a.xlsx"
    exit_code, _, err = run(capsys, "score", str(EXAMPLES[0]), "-o", str(target))
    assert exit_code == EXIT_UNREADABLE
    assert words in err and str(target) in err and "Cannot write" in err
    assert not target.exists() and _leftovers(tmp_path) == []


def test_batch_write_failure_is_not_labelled_unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    def full(handle: int, _data: bytes) -> None:
        os.close(handle)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(reports.files, "_fill", full)  # forked workers inherit it
    out_dir = tmp_path / "out"
    code, _, err = run(capsys, "score", *map(str, EXAMPLES), "-o", f"{out_dir}/", "--format", "json", "-j", "2")
    assert code == EXIT_UNREADABLE
    assert err.count("未写入 not written:") == 2 and "磁盘已满" in err
    assert "无法读取 unreadable:" not in err
    assert list(out_dir.iterdir()) == []


def test_output_under_a_file_or_a_folder_named_like_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    afile = tmp_path / "a.txt"
    afile.write_text("x", encoding="utf-8")
    code, _, err = run(capsys, "score", str(EXAMPLES[0]), "-o", str(afile / "r.json"))
    assert code in {EXIT_UNREADABLE, EXIT_USAGE}
    assert "不是目录" in err or "not a folder" in err
    code, _, err = run(capsys, "score", *map(str, EXAMPLES), "-o", f"{afile}/", "--format", "json")
    assert code == EXIT_USAGE and "不是目录" in err
