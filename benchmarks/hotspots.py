"""Where lvzhi spends time and memory (run by hand; figures go in the closing note).

Profiles, in this process, after a warm-up report (so the boundary dictionary and lazy imports are not
counted), read → score → output for generated reports, then:

* the functions with the most own time and the most cumulative time (cProfile);
* the same for one long report of a chosen layout (to see what grows with length);
* start-up: import, rubric load and the boundary dictionary, each timed once in a fresh interpreter;
* memory: tracemalloc peak per stage for one long report, and the top allocation sites.

    python benchmarks/hotspots.py                       # 50 reports, then a 60k-character prose report
    python benchmarks/hotspots.py -n 20 --long-layout runin --long-chars 40000
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import random
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import LAYOUTS, corpus, generate_report  # noqa: E402
from benchmarks.speed_child import setup  # noqa: E402

STARTUP = """
import time
t0 = time.perf_counter()
import scheme, scorer.read, scorer.score
t1 = time.perf_counter()
rubric = scheme.load_rubric()
t2 = time.perf_counter()
from scorer.segment import load_table
table = load_table()
t3 = time.perf_counter()
from scorer.terms import rubric_terms, segmenter_for
segmenter_for(rubric_terms(rubric))
t4 = time.perf_counter()
try:
    import reports.excel
except ImportError:
    pass
t5 = time.perf_counter()
print(f"import scheme+scorer {t1 - t0:.3f} s, load_rubric {t2 - t1:.3f} s, boundary dictionary {t3 - t2:.3f} s, "
      f"add {len(rubric_terms(rubric))} rubric words {t4 - t3:.3f} s, import reports.excel {t5 - t4:.3f} s")
"""


def top(profile: cProfile.Profile, key: str, limit: int) -> str:
    stream = io.StringIO()
    stats = pstats.Stats(profile, stream=stream)
    stats.strip_dirs().sort_stats(key).print_stats(limit)
    lines = stream.getvalue().splitlines()
    start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls"))
    return "\n".join(lines[start - 2:start + limit + 1])


def profile_reports(env: dict, paths: list[Path], outdir: Path) -> cProfile.Profile:
    profile = cProfile.Profile()
    for path in paths:
        profile.enable()
        document = env["read"](str(path))
        result = env["score"](document, env["rubric"])
        env["write"](result, document, env["rubric"], outdir)
        profile.disable()
    return profile


def memory(env: dict, path: Path, outdir: Path, limit: int) -> None:
    tracemalloc.start(10)
    stages = []
    tracemalloc.reset_peak()
    document = env["read"](str(path))
    stages.append(("read", tracemalloc.get_traced_memory()))
    tracemalloc.reset_peak()
    result = env["score"](document, env["rubric"])
    stages.append(("score", tracemalloc.get_traced_memory()))
    snapshot = tracemalloc.take_snapshot()
    tracemalloc.reset_peak()
    env["write"](result, document, env["rubric"], outdir)
    stages.append(("write", tracemalloc.get_traced_memory()))
    tracemalloc.stop()
    print("  " + "; ".join(f"{name}: peak {peak / 2**20:.1f} MiB, held after {now / 2**20:.1f} MiB"
                           for name, (now, peak) in stages))
    print(f"  largest live allocations after scoring (traceback depth 10, top {limit} by line):")
    for stat in snapshot.statistics("lineno")[:limit]:
        frame = stat.traceback[0]
        print(f"    {stat.size / 2**20:7.2f} MiB {stat.count:>8} blocks  {Path(frame.filename).name}:{frame.lineno}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=50, help="reports to profile (default 50)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--limit", type=int, default=25, help="rows per table")
    parser.add_argument("--long-layout", choices=LAYOUTS, default="prose")
    parser.add_argument("--long-chars", type=int, default=60000)
    args = parser.parse_args(argv)

    print("start-up, fresh interpreter (dictionary cache as found in $LVZHI_CACHE_DIR or ~/.cache/lvzhi):")
    proc = subprocess.run([sys.executable, "-c", STARTUP], capture_output=True, text=True, check=False,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    print("  " + (proc.stdout.strip() or proc.stderr.strip().splitlines()[-1]))

    with tempfile.TemporaryDirectory(prefix="lvzhi-hotspots-") as tmp:
        work = Path(tmp)
        paths = []
        for report in corpus(args.n + 1, args.seed, 5000, 60000):
            paths.append(work / report.name)
            paths[-1].write_bytes(report.data)
        long_report = generate_report(random.Random(args.seed), args.long_chars, layout=args.long_layout)
        long_path = work / f"long-{args.long_layout}.txt"
        long_path.write_bytes(long_report.data)
        out = work / "out"
        out.mkdir()
        env = setup()
        print(f"output step: {env['output']}")
        profile_reports(env, paths[:1], out)  # warm-up

        started = time.perf_counter()
        profile = profile_reports(env, paths[1:], out)
        chars = sum(len(p.read_bytes()) for p in paths[1:])
        print(f"\n{args.n} reports ({chars / 2**20:.1f} MB of files) under cProfile: "
              f"{time.perf_counter() - started:.1f} s")
        print("\nby own time:")
        print(top(profile, "tottime", args.limit))
        print("\nby cumulative time:")
        print(top(profile, "cumulative", args.limit))

        started = time.perf_counter()
        profile = profile_reports(env, [long_path], out)
        print(f"\none {args.long_layout} report of {len(long_report.text):,} characters under cProfile: "
              f"{time.perf_counter() - started:.2f} s")
        print(top(profile, "tottime", args.limit))

        print(f"\nmemory for the same {args.long_layout} report (tracemalloc):")
        memory(env, long_path, out, args.limit // 2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
