"""Speed and memory of lvzhi against issue 6's targets (run by hand; figures go in the closing note).

Measures, each in fresh child processes so that runs do not pollute each other:

(a) baseline: a bare ``python -c`` that imports openpyxl and saves an empty workbook (median of 5);
(b) one report end-to-end (import → read → score → workbook, or JSON while ``reports.excel`` is
    missing) as a ratio to the baseline, with lvzhi's dictionary cache warm and cold (the word-boundary
    dictionary converted from jieba's, kept in ``$LVZHI_CACHE_DIR``; a cold run gets an empty one), plus the
    ``lvzhi score`` command itself;
(c) 100 and 1,000 generated reports in one process: reports per second and peak RSS; then the
    ``lvzhi score`` command on the same files (a workbook per report, and at 100 reports one combined
    workbook), with the peak RSS of the command and of its largest worker;
(d) time against report length (5k–60k characters, one report per layout at each length, the same
    report padded longer): least-squares linear and quadratic fits with R², the share of the time at
    60k that the quadratic term accounts for, and the growth exponent between 20k and 60k characters
    (1 is linear, 2 quadratic), per stage and per layout. A layout whose engine time (read + score) is
    better fitted by the quadratic, with that term above 20% at 60k, is flagged superlinear.

Targets: one report ≤ 3× baseline; 100 reports ≤ 15× one report; peak RSS ≤ 300 MB at 1,000
reports; time linear in length. Prints a table with PASS/FAIL and exits 0 whatever the figures (a
report, not a test); 1 only when a measurement itself crashes. The code's commit is printed, with a
warning when it changed during the run.

    python benchmarks/speed.py              # everything (about 25 minutes on 2 cores)
    python benchmarks/speed.py --parts one  # just the one-report ratio (about a minute)
    python benchmarks/speed.py --quick      # 3 repeats, 100 reports, fewer lengths (about three minutes)
    python benchmarks/speed.py --parts pdf  # a 20-page 公文 PDF read (needs LibreOffice to make it)

(e) ``pdf``: a generated report written as a 公文 .docx (``benchmarks/gongwen.py``), converted to PDF by
LibreOffice (about 20 pages), then read: a fresh process that imports the reader and reads it (wall), and
the read alone in one process (median). Target: ≤ 1.5 s.

(f) ``html``: the HTML evidence view rendered for the examples, the real sample and the longest generated
report (``benchmarks/speed_html.py``). Target: ≤ 0.1 s a report.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import LAYOUTS, generate_report, write_corpus  # noqa: E402
from benchmarks.speed_html import measure_html, print_html  # noqa: E402
from benchmarks.speed_report import analyse_lengths, print_all  # noqa: E402

CHILD = Path(__file__).resolve().parent / "speed_child.py"
BASELINE = "import sys, openpyxl; openpyxl.Workbook().save(sys.argv[1])"
LENGTHS = (5000, 10000, 20000, 40000, 60000)


def revision() -> str:
    """The commit of the code measured, marked when the engine has local changes (others may commit meanwhile)."""
    try:
        head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--", "scheme", "scorer", "reports"],
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + (" + local changes to scheme/scorer/reports" if dirty else "")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def child_env(tmpdir: Path | None = None) -> dict[str, str]:
    env = dict(os.environ)
    # An installed lvzhi has its bytecode compiled by pip; from the source tree, let the warm-up run write it
    # (with PYTHONDONTWRITEBYTECODE set, every run would compile ~50 modules again, ~0.05 s).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    if tmpdir is not None:
        env["TMPDIR"] = str(tmpdir)
        env["LVZHI_CACHE_DIR"] = str(tmpdir / "lvzhi-cache")
    return env


def run(args: list[str], env: dict[str, str]) -> tuple[float, str]:
    """Wall time of one child process and its last stdout line."""
    start = time.perf_counter()
    proc = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    return wall, _last_line(args, proc.returncode, proc.stdout, proc.stderr)


def _last_line(args: list[str], code: int, stdout: str, stderr: str) -> str:
    """A finished child's last line of output; its error output when it failed."""
    if code != 0:
        raise RuntimeError(f"{' '.join(args[:4])} … failed ({code}):\n{stderr[-2000:]}")
    lines = stdout.strip().splitlines()
    return lines[-1] if lines else ""


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants right now (Linux /proc; 0 where unavailable)."""
    pages, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            pages += int(Path(f"/proc/{current}/statm").read_text().split()[1])
            for task in Path(f"/proc/{current}/task").iterdir():
                stack.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, ValueError, IndexError):
            continue  # a process that just ended, or no /proc
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def run_sampled(args: list[str], env: dict[str, str], every: float = 0.05) -> tuple[float, str, float]:
    """``run``, also sampling the memory of the whole process tree: (wall, last line, peak tree RSS in MB).

    Parent and workers are summed at the same moment; pages a forked worker still shares with the parent are
    counted in both, so the figure is on the high side, but never adds peaks that did not coincide.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(args, env=env, stdout=out, stderr=err)  # files, not pipes: nothing to drain
        peak = 0.0
        while proc.poll() is None:
            peak = max(peak, tree_rss_mb(proc.pid))
            time.sleep(every)
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    return wall, _last_line(args, proc.returncode, stdout, stderr), peak


def timed(args: list[str], env_for_run, repeat: int, warmup: bool = True) -> tuple[list[float], list[dict]]:
    """Wall times (and the child's JSON, when it prints one) of ``repeat`` runs after an untimed warm-up."""
    if warmup:
        run(args, env_for_run(-1))
    walls, figures = [], []
    for i in range(repeat):
        wall, last = run(args, env_for_run(i))
        walls.append(wall)
        figures.append(json.loads(last) if last.startswith("{") else {})
    return walls, figures


# ---------------------------------------------------------------- baseline and one report


def measure_baseline(work: Path, repeat: int) -> dict:
    walls, _ = timed([sys.executable, "-c", BASELINE, str(work / "empty.xlsx")], lambda _i: child_env(), repeat)
    return {"median": statistics.median(walls), "walls": walls}


def measure_one(report: Path, work: Path, repeat: int) -> dict:
    out = work / "one"
    out.mkdir(exist_ok=True)
    args = [sys.executable, str(CHILD), "one", str(report), str(out)]
    warm_tmp = work / "tmp-warm"
    warm_tmp.mkdir(exist_ok=True)
    warm, warm_figures = timed(args, lambda _i: child_env(warm_tmp), repeat)

    def cold_env(i: int) -> dict[str, str]:
        fresh = work / f"tmp-cold-{i}"
        shutil.rmtree(fresh, ignore_errors=True)
        fresh.mkdir()
        return child_env(fresh)

    cold, _ = timed(args, cold_env, repeat, warmup=False)
    cached = sorted(p.name for p in (warm_tmp / "lvzhi-cache").glob("*"))
    return {"warm": warm, "cold": cold, "figures": warm_figures[len(warm_figures) // 2], "cache_files": cached}


def measure_cli(report: Path, work: Path, output: str, repeat: int) -> dict:
    """``lvzhi score REPORT -o OUT`` itself (warm dictionary cache), the way an inspector runs it."""
    target = work / ("cli.xlsx" if output == "workbook" else "cli.json")
    fmt = ["-o", str(target)] if output == "workbook" else ["--format", "json", "-o", str(target)]
    args = [sys.executable, "-m", "reports.cli", "score", str(report), *fmt, "--force"]
    try:
        walls, _ = timed(args, lambda _i: child_env(work / "tmp-warm"), repeat)
    except RuntimeError as failure:
        return {"error": str(failure).splitlines()[0]}
    return {"median": statistics.median(walls), "walls": walls}


# ---------------------------------------------------------------- batches


def measure_batch(files: list[Path], work: Path) -> dict:
    out = work / f"batch-{len(files)}"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    listing = work / f"batch-{len(files)}.txt"
    listing.write_text("\n".join(map(str, files)), encoding="utf-8")
    wall, last = run([sys.executable, str(CHILD), "batch", str(listing), str(out)], child_env(work / "tmp-warm"))
    figures = json.loads(last)
    figures["wall"] = wall
    shutil.rmtree(out, ignore_errors=True)  # 1,000 workbooks are ~70 MB
    return figures


# The lvzhi command run through this wrapper reports its own peak RSS and that of its largest worker.
CLI_WRAPPER = """
import json, resource, sys
from reports.cli import main
code = main(sys.argv[1:])  # main() returns; the console script would then exit without teardown
mb = lambda who: resource.getrusage(who).ru_maxrss / 1024
print(json.dumps({"parent_rss_mb": mb(resource.RUSAGE_SELF), "worker_rss_mb": mb(resource.RUSAGE_CHILDREN)}))
sys.exit(code)
"""


def measure_cli_batch(files: list[Path], work: Path, combined: bool) -> dict:
    """``lvzhi score FILES -o DIR/ --format xlsx`` (a workbook per report) or ``-o ALL.xlsx`` (one workbook)."""
    out = work / f"cli-{len(files)}"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    target = ["-o", str(out / "all.xlsx")] if combined else ["-o", f"{out}/", "--format", "xlsx"]
    args = [sys.executable, "-c", CLI_WRAPPER, "score", *map(str, files), *target, "--force"]
    try:
        wall, last, tree = run_sampled(args, child_env(work / "tmp-warm"))
    except RuntimeError as failure:
        return {"n": len(files), "combined": combined, "error": str(failure).splitlines()[0]}
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return {"n": len(files), "combined": combined, "wall": wall, "tree_rss_mb": tree, **json.loads(last)}


# ---------------------------------------------------------------- length


def measure_lengths(work: Path, seed: int, layouts: tuple[str, ...], lengths: tuple[int, ...], passes: int) -> dict:
    """Time each stage for one report per layout at each length; the same report grows with the target."""
    folder = work / "lengths"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    files, meta = [], {}
    for j, layout in enumerate(layouts):
        for target in lengths:
            report = generate_report(random.Random(seed * 7919 + j), target, layout=layout, index=target)
            path = folder / f"{layout}-{target}.txt"
            path.write_bytes(report.data)
            files.append(path)
            meta[str(path)] = (layout, target)
    warmup = folder / "warmup.txt"
    warmup.write_bytes(generate_report(random.Random(seed), 10000).data)
    listing = work / "lengths.txt"
    out = work / "lengths-out"
    out.mkdir(exist_ok=True)
    best: dict[str, dict] = {}
    for _ in range(passes):  # the fastest of the passes per report: noise only ever adds time
        listing.write_text("\n".join(map(str, [warmup, *files])), encoding="utf-8")
        _wall, last = run([sys.executable, str(CHILD), "lengths", str(listing), str(out)], child_env(work / "tmp-warm"))
        figures = json.loads(last)
        for rec in figures["reports"]:
            if rec["path"] not in best or rec["total"] < best[rec["path"]]["total"]:
                best[rec["path"]] = rec
    rows = [{"layout": meta[p][0], "target": meta[p][1], **rec} for p, rec in best.items()]
    return {"output": figures["output"], "rows": rows}


# ---------------------------------------------------------------- main


def pick_one(reports: list, chars: int) -> object:
    """The corpus report closest to ``chars`` characters."""
    return min(reports, key=lambda r: abs(len(r.text) - chars))


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="3 repeats, 100 reports, 3 layouts × 3 lengths")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, help="runs per subprocess measurement (default 5; 3 with --quick)")
    parser.add_argument("--batches", help="comma-separated batch sizes (default 100,1000; 100 with --quick)")
    parser.add_argument("--work", type=Path, help="working folder (default: a new temporary folder, removed after)")
    parser.add_argument("--parts", default="one,batch,cli,lengths,html",
                        help="comma-separated subset of one,batch,cli,lengths,pdf,html (the baseline always runs)")
    parser.add_argument("--combined-max", type=int, default=100,
                        help="largest batch also scored into one combined workbook by lvzhi score (default 100)")
    parser.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    args = parser.parse_args(argv)
    args.parts = set(args.parts.split(","))
    if not args.parts <= {"one", "batch", "cli", "lengths", "pdf", "html"}:
        parser.error("--parts takes one, batch, cli, lengths, pdf and html")
    args.repeat = args.repeat or (3 if args.quick else 5)
    args.batches = [int(n) for n in (args.batches or ("100" if args.quick else "100,1000")).split(",")]
    args.layouts = ("yunyang", "slogan", "prose") if args.quick else LAYOUTS
    args.lengths = (5000, 20000, 60000) if args.quick else LENGTHS
    return args


def measure(args: argparse.Namespace, work: Path) -> dict:
    """Run the chosen measurements; every figure in one dict."""
    size = max(args.batches) if args.parts & {"batch", "cli"} else 101
    log(f"generating {size} reports in {work} …")
    reports = write_corpus(work / "corpus", size, args.seed)
    files = [work / "corpus" / r.name for r in reports]
    lengths_all = sorted(len(r.text) for r in reports)
    # The one report is the median-length one among the first 100, whatever the corpus size (report i of a
    # seed is always the same), so that runs with different --batches or --parts time the same file.
    one = pick_one(reports[:100], statistics.median(len(r.text) for r in reports[:100]))
    res: dict = {"seed": args.seed, "passes": 1 if args.quick else 2, "repeat": args.repeat, "revision": revision(),
                 "corpus": f"{len(reports)} reports, {sum(lengths_all):,} chars, median "
                           f"{statistics.median(lengths_all):,.0f}, 5k–60k log-uniform"}
    log("(a) baseline …")
    res["baseline"] = measure_baseline(work, args.repeat)
    if "one" in args.parts:
        log(f"(b) one report ({one.name}) warm and cold …")
        res["one"] = measure_one(work / "corpus" / one.name, work, args.repeat) | {"chars": len(one.text)}
        res["cli"] = measure_cli(work / "corpus" / one.name, work, res["one"]["figures"]["output"], args.repeat)
    if args.parts & {"batch", "cli"}:
        # Batches are timed with a warm cache: warm it here when the one-report part did not.
        (work / "one").mkdir(exist_ok=True)
        (work / "tmp-warm").mkdir(exist_ok=True)
        run([sys.executable, str(CHILD), "one", str(work / "corpus" / one.name), str(work / "one")],
            child_env(work / "tmp-warm"))
    for n in args.batches if "batch" in args.parts else []:
        log(f"(c) {n} reports in one process …")
        figures = measure_batch(files[:n], work)
        figures["chars"] = sum(len(r.text) for r in reports[:n])
        res.setdefault("batches", []).append(figures)
    for n in args.batches if "cli" in args.parts else []:
        for combined in (False, True) if n <= args.combined_max else (False,):
            log(f"(c) lvzhi score with {n} reports{' into one workbook' if combined else ''} …")
            res.setdefault("cli_batches", []).append(measure_cli_batch(files[:n], work, combined))
    if "lengths" in args.parts:
        log("(d) time against length …")
        res["lengths"] = measure_lengths(work, args.seed, args.layouts, args.lengths, res["passes"])
        res["lengths"]["analysis"] = analyse_lengths(res["lengths"]["rows"])
    if "pdf" in args.parts:
        log("(e) a 20-page 公文 PDF …")
        res["pdf"] = measure_pdf(work, args.seed, args.repeat)
    if "html" in args.parts:
        log("(f) the HTML evidence view …")
        res["html"] = measure_html([work / "corpus" / max(reports, key=lambda r: len(r.text)).name], args.repeat)
    res["revision_after"] = revision()
    return res


PDF_TARGET_S = 1.5
_READ_PDF = ("import sys; from scorer.readers import read_file; "
             "raw = read_file(sys.argv[1]); print(len(raw.text))")


def measure_pdf(work: Path, seed: int, repeat: int) -> dict:
    """Read time of a ~20-page 公文 PDF made by LibreOffice: a fresh process (wall) and in-process (median)."""
    from benchmarks.gongwen import soffice, to_pdf, write_docx

    if soffice() is None:
        return {"skipped": "LibreOffice (soffice) is not installed"}
    import pypdfium2

    report = generate_report(random.Random(seed), 13000, layout="yunyang")
    pdf = to_pdf(write_docx(report.text.replace("\n\n", "\n"), work / "gongwen.docx", title_lines=0), work)
    pages = len(pypdfium2.PdfDocument(str(pdf)))
    walls, _ = timed([sys.executable, "-c", _READ_PDF, str(pdf)], lambda _i: child_env(), repeat)
    from scorer.readers import read_file

    read_file(pdf)
    reads = []
    for _ in range(repeat):
        started = time.perf_counter()
        read_file(pdf)
        reads.append(time.perf_counter() - started)
    return {"pages": pages, "process": statistics.median(walls), "read": statistics.median(reads)}


def print_pdf(res: dict) -> None:
    """The 公文 PDF line of the report."""
    pdf = res.get("pdf")
    if pdf is None:
        return
    if "skipped" in pdf:
        print(f"\n20-page 公文 PDF: skipped ({pdf['skipped']})")
        return
    ok = "PASS" if pdf["process"] <= PDF_TARGET_S else "FAIL"
    print(f"\n{pdf['pages']}-page 公文 PDF (LibreOffice): fresh process import+read {pdf['process']:.2f} s, "
          f"read alone {pdf['read']:.2f} s (target ≤ {PDF_TARGET_S} s) {ok}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="lvzhi-speed-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        res = measure(args, work)
        print_all(res)
        print_pdf(res)
        print_html(res)
        if args.json:
            args.json.write_text(json.dumps(res, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    except RuntimeError as failure:  # a measurement crashed: that is not a target result
        log(f"measurement failed: {failure}")
        return 1
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
