"""The measured side of ``speed.py``: runs in a fresh interpreter and prints one JSON line of figures.

    python benchmarks/speed_child.py one REPORT OUTDIR          # one report end-to-end, as the CLI does it
    python benchmarks/speed_child.py batch LISTFILE OUTDIR      # every report listed, one process
    python benchmarks/speed_child.py lengths LISTFILE OUTDIR    # per-report stage times after a warm-up

lvzhi is imported inside the timed region (start-up is part of what a user waits for). The output
step is the inspector's workbook (``reports.excel.write_workbook``, with the report text, as ``lvzhi
score -o X.xlsx`` writes it) when that module exists, otherwise the JSON result.
"""

from __future__ import annotations

import gc
import json
import resource
import sys
import time
from pathlib import Path

T0 = time.perf_counter()


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    """Resident set size now (VmRSS), or NaN where /proc is missing."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def writer():
    """(name, write(result, document, rubric, outdir)) for the output step."""
    try:
        from reports.excel import write_workbook
    except ImportError as missing:
        note = f"json (reports.excel unavailable: {missing})"
    else:
        def write_xlsx(result, document, rubric, outdir: Path) -> None:
            write_workbook([result], outdir / (Path(document.path).stem + ".xlsx"), rubric=rubric,
                           texts={result.source.sha256: document.text}, replace=True)

        return "workbook", write_xlsx
    from scorer.result_json import result_to_dict

    def write_json(result, document, _rubric, outdir: Path) -> None:
        text = json.dumps(result_to_dict(result), ensure_ascii=False, indent=2)
        (outdir / (Path(document.path).stem + ".json")).write_text(text, encoding="utf-8")

    return note, write_json


def setup() -> dict:
    """Import lvzhi and load the rubric, timing each."""
    t = time.perf_counter()
    from scheme import load_rubric
    from scorer.read import read_report
    from scorer.score import score_document

    t_import = time.perf_counter()
    output, write = writer()
    t_writer = time.perf_counter()
    rubric = load_rubric()
    t_rubric = time.perf_counter()
    return {"read": read_report, "score": score_document, "write": write, "rubric": rubric, "output": output,
            "times": {"interpreter": t - T0, "import_engine": t_import - t, "import_writer": t_writer - t_import,
                      "load_rubric": t_rubric - t_writer}}


def process(env: dict, path: str, outdir: Path) -> dict:
    """Read, score and write one report; stage times in seconds."""
    t0 = time.perf_counter()
    document = env["read"](path)
    t1 = time.perf_counter()
    result = env["score"](document, env["rubric"])
    t2 = time.perf_counter()
    env["write"](result, document, env["rubric"], outdir)
    t3 = time.perf_counter()
    return {"chars": len(document.text), "read": t1 - t0, "score": t2 - t1, "write": t3 - t2, "total": t3 - t0}


def one(path: str, outdir: Path) -> dict:
    env = setup()
    stages = process(env, path, outdir)
    return {"output": env["output"], "setup": env["times"], "report": stages,
            "in_process": time.perf_counter() - T0, "peak_rss_mb": peak_rss_mb()}


def batch(paths: list[str], outdir: Path) -> dict:
    env = setup()
    started = time.perf_counter()
    first = process(env, paths[0], outdir)
    totals = dict.fromkeys(("read", "score", "write"), 0.0)
    checkpoints = []
    step = max(1, len(paths) // 10)
    steady = time.perf_counter()
    for i, path in enumerate(paths[1:], 2):
        stages = process(env, path, outdir)
        for key in totals:
            totals[key] += stages[key]
        if i % step == 0 or i == len(paths):
            checkpoints.append((i, round(time.perf_counter() - started, 2), round(current_rss_mb(), 1)))
    end = time.perf_counter()
    return {"output": env["output"], "setup": env["times"], "n": len(paths), "first_report": first,
            "steady_seconds": end - steady, "loop_seconds": end - started, "stage_totals": totals,
            "in_process": end - T0, "checkpoints": checkpoints, "peak_rss_mb": peak_rss_mb()}


def lengths(paths: list[str], outdir: Path) -> dict:
    env = setup()
    process(env, paths[0], outdir)  # warm-up: the boundary dictionary and every lazy import
    return {"output": env["output"], "reports": [{"path": p, **uncollected(env, p, outdir)} for p in paths[1:]],
            "peak_rss_mb": peak_rss_mb()}


def uncollected(env: dict, path: str, outdir: Path) -> dict:
    """``process`` with the garbage collected before and the collector off during it, as in lvzhi's batch workers.

    A full collection costs time in proportion to everything alive, not to the report, and lands wherever the
    allocation count says, the same report in every pass: in a length series it is noise that the fastest of
    several passes cannot remove.
    """
    gc.collect()
    gc.disable()
    try:
        return process(env, path, outdir)
    finally:
        gc.enable()


def main() -> None:
    mode, source, outdir = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    if mode == "one":
        figures = one(source, outdir)
    else:
        paths = Path(source).read_text(encoding="utf-8").splitlines()
        figures = batch(paths, outdir) if mode == "batch" else lengths(paths, outdir)
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
