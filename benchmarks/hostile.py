"""Hostile inputs at full size through ``lvzhi score`` (issue 16; run by hand, not in CI).

Each case of :mod:`benchmarks.hostile_cases` (and the rubric cases below) is written at the size the issue
measured into a temporary folder and scored by the ``lvzhi score`` command in a child process. Printed per
case: wall time, peak RSS of the command and of any process it waited for (``RUSAGE_CHILDREN`` of a
one-child wrapper, so a reader's own child process counts too), exit code and the first line of what
it said. Target: every case ≤ 30 s and ≤ 1 GB. A case still running after ``--timeout`` seconds is
killed and shown as TIMEOUT.

    python benchmarks/hostile.py                # all cases, full size
    python benchmarks/hostile.py --small        # the sizes the tests use
    python benchmarks/hostile.py -k pdf         # cases whose name contains "pdf"
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.hostile_cases import CASES, RUBRIC_CASES  # noqa: E402

LIMIT_SECONDS = 30
LIMIT_MB = 1024

def _run(argv: list[str], timeout: float) -> tuple[float, float, int | None, str]:
    """Run ``argv``; return (seconds, peak RSS MB of it and the descendants it waited for, exit code, output)."""
    code = ("import json, resource, subprocess, sys\n"
            "p = subprocess.run(sys.argv[1:], capture_output=True, text=True, errors='replace')\n"
            "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
            "print(json.dumps({'rc': p.returncode, 'rss_kb': rss, 'out': (p.stdout + p.stderr)[-4000:]}))\n")
    start = time.perf_counter()
    # Its own session, so that a timeout kills the command and whatever it started, not just the wrapper.
    with subprocess.Popen([sys.executable, "-c", code, *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, start_new_session=True) as proc:
        try:
            stdout, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            return time.perf_counter() - start, float("nan"), None, "TIMEOUT"
    seconds = time.perf_counter() - start
    try:
        info = json.loads(stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        return seconds, float("nan"), proc.returncode, stderr[-300:]
    return seconds, info["rss_kb"] / 1024, info["rc"], info["out"]


def _summary(output: str) -> str:
    """The line that says what happened: an error's first line, else the total score line."""
    lines = [ln.strip() for ln in output.splitlines() if ln.strip()]
    for ln in lines:  # a rubric problem: its file:line:col line
        if ".yaml:" in ln:
            return ln[ln.index(".yaml:") + 1:][:150]
    for ln in lines:
        if any(word in ln for word in ("无法读取", "过于复杂", "细则", "内部错误", "Traceback", "错误", "TIMEOUT")):
            return ln[:150]
    for ln in lines:
        if "总分" in ln:
            return ln[:150]
    return (lines[0] if lines else "")[:150]


EXAMPLE = sorted((ROOT / "examples").glob("*.txt"))[0]


def _argv(name: str, suffix: str, path: Path, folder: Path) -> list[str]:
    lvzhi = [sys.executable, "-m", "reports.cli", "score"]
    out = ["-o", str(folder / (name + ".json"))]
    if suffix == ".yaml":
        return [*lvzhi, str(EXAMPLE), "--scheme", str(path), *out]
    return [*lvzhi, str(path), *out]


def main(argv: list[str] | None = None) -> int:
    """Write, run and tabulate every case; exit 0 whatever the figures (a report, not a test)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="the tests' sizes instead of full size")
    parser.add_argument("-k", default="", help="only cases whose name contains this")
    parser.add_argument("--timeout", type=float, default=120.0, help="kill a case after this many seconds")
    args = parser.parse_args(argv)
    env_dir = tempfile.mkdtemp(prefix="lvzhi-hostile-cache-")
    os.environ.setdefault("LVZHI_CACHE_DIR", env_dir)
    rows = []
    with tempfile.TemporaryDirectory(prefix="lvzhi-hostile-") as tmp:
        folder = Path(tmp)
        # One warm-up so the dictionary and rubric caches do not count against the first case.
        _run(_argv("warm-up", ".txt", EXAMPLE, folder), args.timeout)
        for case in (*CASES, *RUBRIC_CASES):
            if args.k not in case.name:
                continue
            path = folder / (case.name + case.suffix)
            case.build(path, case.small if args.small else case.full)
            size = path.stat().st_size
            seconds, rss, rc, out = _run(_argv(case.name, case.suffix, path, folder), args.timeout)
            ok = seconds <= LIMIT_SECONDS and rss <= LIMIT_MB and rc in (0, 1, 2)
            rows.append((case.name, size, seconds, rss, rc, "ok" if ok else "FAIL", _summary(out)))
            path.unlink()
            print(f"{case.name:28} {size / 2**20:8.2f} MB {seconds:7.2f} s {rss:8.0f} MB  exit {rc}  "
                  f"{rows[-1][5]:4}  {rows[-1][6]}", flush=True)
    failed = [r for r in rows if r[5] != "ok"]
    print(f"\n{len(rows) - len(failed)}/{len(rows)} cases within {LIMIT_SECONDS} s and {LIMIT_MB} MB, "
          "exit 0-2 with a message")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
