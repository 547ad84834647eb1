"""Analysis and printing for ``speed.py``: least-squares fits, growth exponents, the tables and the targets."""

from __future__ import annotations

import math
import os
import statistics
import sys

TARGET_ONE = 3.0
TARGET_HUNDRED = 15.0
TARGET_RSS_MB = 300.0
# Engine time (read + score) of a layout is called superlinear when a quadratic fit explains it better than a
# straight line and its squared term makes up more than this share of the time at the longest length.
MAX_QUAD_SHARE = 0.20
MIN_R2_GAIN = 0.005



def lstsq(xs: list[float], ys: list[float], degree: int) -> tuple[list[float], float]:
    """Polynomial least squares by the normal equations; coefficients (constant first) and R²."""
    n = degree + 1
    scale = max(xs)  # keeps the normal equations well conditioned
    us = [x / scale for x in xs]
    a = [[sum(u ** (i + j) for u in us) for j in range(n)] + [sum(y * u ** i for u, y in zip(us, ys, strict=True))]
         for i in range(n)]
    for col in range(n):  # Gauss-Jordan with partial pivoting
        pivot = max(range(col, n), key=lambda r, c=col: abs(a[r][c]))
        a[col], a[pivot] = a[pivot], a[col]
        for row in range(n):
            if row != col and a[col][col]:
                factor = a[row][col] / a[col][col]
                a[row] = [v - factor * w for v, w in zip(a[row], a[col], strict=True)]
    coef = [a[i][n] / a[i][i] / scale ** i if a[i][i] else 0.0 for i in range(n)]
    mean = statistics.fmean(ys)
    fitted = [sum(c * x ** i for i, c in enumerate(coef)) for x in xs]
    total = sum((y - mean) ** 2 for y in ys)
    resid = sum((y - f) ** 2 for y, f in zip(ys, fitted, strict=True))
    return coef, 1 - resid / total if total else 1.0


def exponent(points: list[tuple[int, float]], low: int = 20000, high: int = 60000) -> float:
    """Growth exponent between two lengths: log(t_high / t_low) / log(high / low)."""
    t_low = statistics.median(t for n, t in points if n == low)
    t_high = statistics.median(t for n, t in points if n == high)
    return math.log(t_high / t_low) / math.log(high / low) if t_low > 0 and t_high > 0 else float("nan")


def fit_summary(points: list[tuple[float, float]]) -> dict:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    (a, b), r2_lin = lstsq(xs, ys, 1)
    quad, r2_quad = lstsq(xs, ys, 2)
    top = max(xs)
    quad_share = quad[2] * top ** 2 / sum(c * top ** i for i, c in enumerate(quad)) if quad[2] > 0 else 0.0
    return {"intercept": a, "per_10k": b * 10000, "r2_linear": r2_lin, "r2_quadratic": r2_quad,
            "quad_share_at_max": quad_share}


def analyse_lengths(rows: list[dict]) -> dict:
    out: dict = {"stages": {}, "layouts": {}}
    for stage in ("read", "score", "write", "total"):
        points = [(r["chars"], r[stage]) for r in rows]
        out["stages"][stage] = fit_summary(points) | {
            "exponent": statistics.median(exponent([(r["target"], r[stage]) for r in rows if r["layout"] == lay])
                                          for lay in {r["layout"] for r in rows})}
    for layout in sorted({r["layout"] for r in rows}):
        mine = [r for r in rows if r["layout"] == layout]
        fit = fit_summary([(r["chars"], r["read"] + r["score"]) for r in mine])
        superlinear = fit["quad_share_at_max"] > MAX_QUAD_SHARE and fit["r2_quadratic"] - fit["r2_linear"] > MIN_R2_GAIN
        out["layouts"][layout] = fit | {
            "superlinear": superlinear,
            "exponent": exponent([(r["target"], r["read"] + r["score"]) for r in mine]),
            "times": {r["target"]: r["total"] for r in mine},
            "engine": {r["target"]: r["read"] + r["score"] for r in mine}}
    return out


# ---------------------------------------------------------------- printing


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def print_start(res: dict) -> None:
    base, one = res["baseline"]["median"], res["one"]
    warm, cold = statistics.median(one["warm"]), statistics.median(one["cold"])
    fig = one["figures"]
    print(f"\n(a)/(b) start-up and one report (median of {len(one['warm'])} runs; wall time of a fresh process); "
          f"output step: {fig['output']}")
    print(f"  {'baseline: python -c (import openpyxl, save empty workbook)':<57}{base:7.3f} s")
    print(f"  {'one report (' + format(one['chars'], ',') + ' chars), dictionary cache warm':<57}{warm:7.3f} s  = "
          f"{warm / base:5.1f}× baseline")
    print(f"  {'one report, dictionary cache cold (empty cache dir)':<57}{cold:7.3f} s  = {cold / base:5.1f}× baseline")
    cli = res.get("cli", {})
    if "median" in cli:
        print(f"  {'lvzhi score REPORT -o … (python -m reports.cli), warm':<57}{cli['median']:7.3f} s  = "
              f"{cli['median'] / base:5.1f}× baseline")
    elif cli:
        print(f"  lvzhi score: could not run ({cli['error']})")
    setup, rep = fig["setup"], fig["report"]
    print("  where the warm run's time goes (in-process):")
    print("    " + ", ".join(f"{k} {v:.3f}" for k, v in setup.items() if k != "interpreter")
          + f", read {rep['read']:.3f}, score {rep['score']:.3f} (incl. dictionary load), write {rep['write']:.3f};"
          + f" peak RSS {fig['peak_rss_mb']:.0f} MB")
    print(f"  dictionary cache files after the warm runs: {', '.join(one['cache_files']) or 'none'}")


def print_batches(res: dict) -> None:
    print("\n(c) batches in one process (warm dictionary cache)")
    print(f"  {'reports':>7} {'chars':>11} {'wall s':>8} {'steady rep/s':>12} {'overall rep/s':>13} "
          f"{'read s':>7} {'score s':>8} {'write s':>8} {'peak RSS':>9}")
    for b in res["batches"]:
        steady = (b["n"] - 1) / b["steady_seconds"] if b["n"] > 1 else float("nan")
        st = b["stage_totals"]
        print(f"  {b['n']:>7} {b['chars']:>11,} {b['wall']:>8.1f} {steady:>12.2f} {b['n'] / b['wall']:>13.2f} "
              f"{st['read']:>7.1f} {st['score']:>8.1f} {st['write']:>8.1f} {b['peak_rss_mb']:>6.0f} MB")
        marks = ", ".join(f"{i}: {t:.0f}s/{m:.0f}MB" for i, t, m in b["checkpoints"])
        print(f"          RSS over the run (report: elapsed/RSS): {marks}")


def print_cli_batches(res: dict) -> None:
    print(f"\n(c) the lvzhi command on the same files (default --jobs: {os.cpu_count()} worker processes)")
    print(f"  {'reports':>7}  {'output':<26} {'wall s':>7} {'rep/s':>6} {'parent RSS':>10} {'largest worker':>14} "
          f"{'all at once':>11} {'bound':>9}")
    for b in res["cli_batches"]:
        what = "one combined workbook" if b["combined"] else "a workbook per report"
        if "error" in b:
            print(f"  {b['n']:>7}  {what:<26} failed: {b['error']}")
            continue
        print(f"  {b['n']:>7}  {what:<26} {b['wall']:>7.1f} {b['n'] / b['wall']:>6.2f} {b['parent_rss_mb']:>7.0f} MB "
              f"{b['worker_rss_mb']:>11.0f} MB {_tree(b):>8.0f} MB {_bound(b):>6.0f} MB")
    print("  all at once: parent and workers summed at the same moment, sampled every 50 ms (pages a worker shares "
          "with the parent counted twice); bound: every process's own peak added as if simultaneous")


def _bound(b: dict) -> float:
    return b["parent_rss_mb"] + (os.cpu_count() or 1) * b["worker_rss_mb"]


def _tree(b: dict) -> float:
    """The sampled simultaneous peak; the bound where nothing could be sampled (no /proc: the sample is 0)."""
    return b.get("tree_rss_mb") or _bound(b)


def print_lengths(res: dict) -> None:
    ln = res["lengths"]
    print(f"\n(d) time against length ({len(ln['rows'])} reports, fastest of {res['passes']} passes). Per stage, "
          "pooled over layouts (layouts differ in cost per character, so pooled R² is low; exponent = median over "
          "layouts):")
    print(f"  {'stage':<6} {'s at 0':>7} {'s/10k chars':>11} {'R² lin':>7} {'R² quad':>8} {'quad share@60k':>14} "
          f"{'exp 20k→60k':>11}")
    for stage, s in ln["analysis"]["stages"].items():
        print(f"  {stage:<6} {s['intercept']:>7.3f} {s['per_10k']:>11.3f} {s['r2_linear']:>7.3f} "
              f"{s['r2_quadratic']:>8.3f} {s['quad_share_at_max']:>14.0%} {s['exponent']:>11.2f}")
    heads = "".join(f"{n // 1000:>6}k" for n in sorted(next(iter(ln["analysis"]["layouts"].values()))["times"]))
    print("  per layout: engine seconds (read + score) at each length, then fits of the engine time; total = with "
          "the output step")
    print(f"  {'layout':<11}{heads}  {'total@max':>9}  {'R² lin':>6} {'R² quad':>7} {'quad share':>10} {'exp':>5}")
    for layout, s in ln["analysis"]["layouts"].items():
        times = "".join(f"{s['engine'][n]:>7.2f}" for n in sorted(s["engine"]))
        flag = "  ← superlinear" if s["superlinear"] else ""
        print(f"  {layout:<11}{times}  {s['times'][max(s['times'])]:>9.2f}  {s['r2_linear']:>6.3f} "
              f"{s['r2_quadratic']:>7.3f} {s['quad_share_at_max']:>10.0%} {s['exponent']:>5.2f}{flag}")


def print_targets(res: dict) -> None:
    base = res["baseline"]["median"]
    warm = statistics.median(res["one"]["warm"]) if "one" in res else None
    batches = {b["n"]: b for b in res.get("batches", [])}
    print("\ntargets")
    rows: list[tuple[str, str, bool | None]] = []
    name = "one report ≤ 3× baseline (warm cache)"
    rows.append((name, f"{warm / base:.1f}×", warm / base <= TARGET_ONE) if warm else (name, "not run", None))
    name = "100 reports ≤ 15× one report"
    if warm and 100 in batches:
        ratio = batches[100]["wall"] / warm
        rows.append((name, f"{ratio:.1f}×", ratio <= TARGET_HUNDRED))
    else:
        rows.append((name, "not run", None))
    cli_one = res.get("cli", {}).get("median")
    cli_hundred = [b for b in res.get("cli_batches", []) if b["n"] == 100 and not b["combined"] and "error" not in b]
    if cli_one and cli_hundred:
        # The batch as an inspector runs it (lvzhi score DIR -o OUT/, one worker per core) against the same
        # command on one report.
        ratio = cli_hundred[0]["wall"] / cli_one
        rows.append((f"  same, lvzhi score ({os.cpu_count()} workers)", f"{ratio:.1f}×", ratio <= TARGET_HUNDRED))
    name = "peak RSS ≤ 300 MB at 1,000 reports"
    if 1000 in batches:
        rss = batches[1000]["peak_rss_mb"]
        rows.append((name, f"{rss:.0f} MB", rss <= TARGET_RSS_MB))
    else:
        rows.append((name, "not run", None))
    cli = [b for b in res.get("cli_batches", []) if "error" not in b]
    for combined, label in ((False, "a workbook each"), (True, "one combined workbook")):
        runs = [b for b in cli if b["combined"] == combined]
        if runs:
            big = max(runs, key=lambda b: b["n"])
            rss = _tree(big)
            # Memory only grows with the batch, so a smaller batch over the limit fails the 1,000 target too.
            ok = rss <= TARGET_RSS_MB if big["n"] >= 1000 or rss > TARGET_RSS_MB else None
            rows.append((f"  same, lvzhi score, {label}", f"{rss:.0f} MB at {big['n']:,} (all processes)", ok))
    name = f"time linear in length (quad share ≤ {MAX_QUAD_SHARE:.0%})"
    if "lengths" in res:
        layouts = res["lengths"]["analysis"]["layouts"]
        worst = max(layouts, key=lambda lay: layouts[lay]["quad_share_at_max"])
        bad = [lay for lay, s in layouts.items() if s["superlinear"]]
        rows.append((name, f"{len(bad)}/{len(layouts)} superlinear, worst {worst} "
                           f"{layouts[worst]['quad_share_at_max']:.0%}", not bad))
    else:
        rows.append((name, "not run", None))
    for name, value, ok in rows:
        print(f"  {name:<44} {value:>34}   {'—' if ok is None else verdict(ok)}")


def print_all(res: dict) -> None:
    print(f"\nlvzhi speed — code {res['revision']}; Python {sys.version.split()[0]}, {os.cpu_count()} CPU(s)")
    print(f"corpus: seed {res['seed']}, {res['corpus']}")
    if res["revision_after"] != res["revision"]:
        print(f"WARNING: the code changed during the run (now {res['revision_after']}); figures mix two versions")
    if "one" not in res:
        print(f"baseline: python -c (import openpyxl, save empty workbook), median of {res['repeat']}: "
              f"{res['baseline']['median']:.3f} s")
    for key, part in (("one", print_start), ("batches", print_batches), ("cli_batches", print_cli_batches),
                      ("lengths", print_lengths)):
        if key in res:
            part(res)
    print_targets(res)
