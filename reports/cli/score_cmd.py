"""``lvzhi score REPORT...``: score reports and write a text summary, the JSON result or the inspector's workbook."""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
from pathlib import Path

from reports.batch import WRITE_FAILED, BatchInterrupted, Outcome, run_batch, scan_inputs
from reports.cli.batch_view import interrupted_message, print_summary, progress_printer
from reports.cli.common import (
    EXIT_OK,
    EXIT_UNREADABLE,
    CliError,
    InputFiles,
    check_output,
    err,
    make_folder,
    out,
    source_date,
    write_text_output,
)
from reports.cli.scheme_cmd import add_scheme_options, registry_or_fail
from reports.excel import write_workbook
from reports.files import OutputError, remove_all_temporaries
from reports.resume import finished_output
from reports.review import ReviewError, merge_review, read_review, review_map
from reports.summary import render_summary
from scheme.model import Rubric
from scheme.registry import Registry
from scorer.readers import SUPPORTED_SUFFIXES
from scorer.result import ReportResult
from scorer.result_json import result_to_dict

SUFFIX_LIST = " ".join(SUPPORTED_SUFFIXES)  # the readers' list (scorer/data/lexicon.yaml)


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``score`` command."""
    cmd = sub.add_parser(
        "score", help="对照细则为报告评分 / score reports against the rubric",
        description="对照细则为报告评分。-o 评分表.xlsx 生成督学评分表（多份报告合为一个工作簿）；-o 目录/ "
                    "每份报告一个评分表（--format json 则每份一个 JSON）。\nScore reports; -o OUT.xlsx writes the "
                    "inspector's workbook, -o DIR/ one workbook (or JSON) per report.",
        formatter_class=argparse.RawTextHelpFormatter)
    cmd.add_argument("reports", nargs="+", metavar="REPORT",
                     help=f"报告文件或文件夹（文件夹内的 {SUFFIX_LIST} 全部评分）\nreport files or folders")
    cmd.add_argument("-j", "--jobs", type=int, default=None,
                     help="同时处理的进程数（默认：CPU 核数） / worker processes (default: one per core)")
    cmd.add_argument("--format", choices=["text", "json", "xlsx", "html"], default=None,
                     help="text：屏幕摘要；json：完整结果（-o 以 .json 结尾时默认）；xlsx：督学评分表（-o 以 .xlsx 结尾"
                          "或为目录时默认）；html：依据视图（-o 以 .html 结尾时默认）\ntext summary, full JSON result "
                          "(default for -o *.json), the inspector's workbook (default for -o *.xlsx and -o DIR/), or "
                          "the HTML evidence view (default for -o *.html)")
    cmd.add_argument("--html", action="store_true",
                     help="在每个输出文件旁另写一份 HTML 依据视图（同名 .html），评分表的依据摘录链接到它\nalso write "
                          "each report's HTML evidence view next to its output; the workbook links to it")
    cmd.add_argument("-o", "--output",
                     help="输出文件（一份报告，或合并的 .xlsx）或目录（每份报告一个文件） / output file or folder")
    cmd.add_argument("--merge-review", metavar="OLD.xlsx",
                     help="把旧评分表中督学填写的核定得分和意见带入新评分表 / carry an old workbook's review into "
                          "the new one")
    add_scheme_options(cmd)
    cmd.add_argument("--encoding", help="强制文本编码，如 gb18030 / force a text encoding")
    cmd.add_argument("--force", action="store_true",
                     help="覆盖已存在的输出文件（督学填写过的评分表除外） / overwrite existing output (never a "
                          "reviewed workbook)")
    cmd.add_argument("--resume", action="store_true",
                     help="续完被中断的批量评分：-o 目录/ 中已完成（记录的源文件 SHA-256 一致）的报告不再重做 / "
                          "finish an interrupted batch: outputs in -o DIR/ that record the same source SHA-256 are "
                          "kept")
    cmd.set_defaults(handler=_run)


def _render(result: ReportResult, fmt: str, rubric: Rubric | None = None) -> str:
    if fmt == "html":
        from reports.html_view import render_html

        return render_html(result, rubric)
    if fmt == "json":
        return json.dumps(result_to_dict(result), ensure_ascii=False, indent=2)
    return render_summary(result)


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return args.format
    if args.output and args.output.lower().endswith(".xlsx"):
        return "xlsx"
    if args.output and args.output.lower().endswith(".json"):
        return "json"  # -o result.json means the JSON result, not a text summary named .json
    if args.output and args.output.lower().endswith((".html", ".htm")):
        return "html"
    if args.output and _is_dir(args.output):
        return "xlsx"  # a folder of outputs: one workbook per report
    return "text"


def _is_dir(output: str) -> bool:
    return Path(output).is_dir() or output.endswith(("/", "\\"))


# A combined workbook is built in memory (results and every cell: about 2 MB per report, benchmarks/speed.py): 200
# reports are five rounds of 38 counties, about 0.5 GB; past that, per-report workbooks and `lvzhi compare` are the way.
MAX_COMBINED = 200


def _plan(args: argparse.Namespace, sources: list[Path], fmt: str) -> tuple[list[Path | None], Path | None]:
    """Per-report output paths (or None), and the one combined output when there is one."""
    many = len(sources) > 1
    if args.output is None:
        if fmt == "xlsx":
            raise CliError("评分表需要输出文件：请加 -o 评分表.xlsx（或 -o 目录/）。\nA workbook needs -o OUT.xlsx or "
                           "-o DIR/.")
        if fmt in {"json", "html"} and many:
            raise CliError(f"多份报告的 {fmt.upper()} 结果需要 -o 目录/。\n{fmt.upper()} for several reports needs -o "
                           "DIR/.")
        if fmt == "html":
            raise CliError("依据视图需要输出文件：请加 -o 报告.html。\nThe evidence view needs -o OUT.html.")
        return [None] * len(sources), None
    if not _is_dir(args.output) and fmt in {"json", "html"} and many:
        raise CliError(f"多份报告的 {fmt.upper()} 结果需要 -o 目录/（每份报告一个文件）。\n{fmt.upper()} for several "
                       "reports needs -o DIR/ (one file per report).")
    if not _is_dir(args.output) and (fmt == "xlsx" or not many):
        if fmt == "xlsx" and len(sources) > MAX_COMBINED:
            raise CliError(
                f"一个汇总评分表最多容纳 {MAX_COMBINED} 份报告，这次有 {len(sources)} 份（每份约占 2 MB 内存，"
                f"表格也难以在 Excel/WPS 中打开）。请用 -o 目录/ 为每份报告各写一个评分表，"
                f"再用 lvzhi compare 目录/*.xlsx -o 对比.xlsx 比较各区县。\n"
                f"One combined workbook holds at most {MAX_COMBINED} reports, got {len(sources)} (about 2 MB of "
                f"memory each). Write one workbook per report with -o DIR/ and compare them with lvzhi compare.")
        return [None] * len(sources), Path(args.output)
    folder = Path(args.output)
    make_folder(folder)
    suffix = {"json": "json", "xlsx": "xlsx", "html": "html"}.get(fmt, "txt")
    used: set[str] = set()
    targets: list[Path | None] = []
    for source in sources:
        name, n = f"{source.stem}.{suffix}", 1
        while name.casefold() in used:  # a.txt and a.docx (and a-2.txt) each get their own output
            n += 1
            name = f"{source.stem}-{n}.{suffix}"
        used.add(name.casefold())
        targets.append(folder / name)
    return targets, None


def _run(args: argparse.Namespace) -> int:
    if args.jobs is not None and args.jobs < 1:
        raise CliError(f"--jobs 应为正整数，收到 {args.jobs}。\n--jobs must be a positive whole number, got "
                       f"{args.jobs}.")
    registry = registry_or_fail(args)
    fmt = _format(args)
    if args.merge_review and fmt != "xlsx":
        raise CliError("--merge-review 需要输出评分表：请用 -o 新评分表.xlsx。\n--merge-review needs -o NEW.xlsx.")
    sources, skipped = scan_inputs(args.reports)
    for path, reason in skipped:
        err(f"跳过 skipped: {path}: {reason}")
    if not sources:
        raise CliError(f"没有找到可评分的报告文件（支持 {SUFFIX_LIST}）。\nNo report files found.")
    if args.resume and (fmt in {"text", "html"} or not (args.output and _is_dir(args.output))):
        raise CliError("--resume 用于 -o 目录/ 的批量评分（评分表或 JSON）。\n--resume continues a batch written with "
                       "-o DIR/ (workbooks or JSON).")
    targets, combined = _plan(args, sources, fmt)
    if args.merge_review and combined is None:
        raise CliError("--merge-review 需要一个输出评分表（-o 新评分表.xlsx）。\n--merge-review needs one -o NEW.xlsx.")
    # every file of the run, the files inside the folders given included: none is ever an output
    inputs = InputFiles([*args.reports, *sources, *([args.merge_review] if args.merge_review else [])])
    # an output is finished when scored against the rubric asked for (auto: any rubric lvzhi knows)
    schemes = (frozenset(r.scheme.id for r in registry.rubrics) if args.scheme == "auto"
               else frozenset({registry.resolve(args.scheme).scheme.id}))
    if args.resume:  # what a run killed outright (SIGKILL, power cut) may have left: never a finished output
        remove_all_temporaries(t for t in targets if t is not None)
    resumed = _resumed(sources, targets, fmt, schemes) if args.resume else {}
    views = _html_plan(args, sources, targets, combined, fmt)
    done_views = {view for view, target in zip(views, targets, strict=True) if target in resumed}
    for target in [*targets, combined, *views]:
        if target is not None and target not in resumed and target not in done_views:
            check_output(target, inputs=inputs, force=args.force)
            _guard_reviewed(target, args.force)
    todo = [i for i, target in enumerate(targets) if target not in resumed]
    outcomes = [resumed[t] for t in targets if t in resumed]
    if resumed:
        out(f"续完 resume: {len(resumed)} 份已完成，不再重做；还有 {len(todo)} 份。/ {len(resumed)} already done, "
            f"{len(todo)} to go.")
    order = {str(source): n for n, source in enumerate(sources)}
    try:
        outcomes += _score_all(args, [sources[i] for i in todo], [targets[i] for i in todo], fmt, registry, combined,
                               [views[i] for i in todo])
    except BatchInterrupted as stop:
        # a report whose worker finished writing as the signal came is done too: its output is whole (linked)
        known = {o.source for o in stop.outcomes}
        late = [o for i in todo if str(sources[i]) not in known and targets[i] is not None
                and targets[i].exists() and (o := finished_output(sources[i], targets[i], fmt, schemes))]
        done = sorted([*outcomes, *stop.outcomes, *(replace(o, resumed=False) for o in late)],
                      key=lambda o: order[o.source])
        print_summary(done, None, total=len(sources))
        err(interrupted_message(stop.signum, len(done), len(sources), resumable=combined is None and fmt != "text"))
        return 128 + int(stop.signum)
    print_summary(sorted(outcomes, key=lambda o: order[o.source]), combined)
    return _exit_code(outcomes, {str(Path(name)) for name in args.reports if not Path(name).is_dir()})


def _exit_code(outcomes: list[Outcome], named: set[str]) -> int:
    """The run's exit code: 1 when a file failed, a named file is not a report or nothing was scored; else 0.

    A file that is not a report and was found in a folder (a README beside the reports) is only listed, as
    files of unsupported types there are; named on the command line, it is the user's mistake to hear about.
    """
    if any(not o.ok and (not o.not_report or o.source in named) for o in outcomes):
        return EXIT_UNREADABLE
    if not any(o.ok for o in outcomes):
        err("没有找到可评分的自评报告（见上）。/ No self-evaluation report to score (see above).")
        return EXIT_UNREADABLE
    return EXIT_OK


def _resumed(sources: list[Path], targets: list[Path | None], fmt: str, schemes: frozenset[str]) -> dict[
        Path, Outcome]:
    """The outputs already finished for their source (``--resume``), by output path."""
    finished = {}
    for source, target in zip(sources, targets, strict=True):
        if target is not None:
            outcome = finished_output(source, target, fmt, schemes)
            if outcome is not None:
                finished[target] = outcome
    return finished


def _score_all(args: argparse.Namespace, sources: list[Path], targets: list[Path | None], fmt: str,
               registry: Registry, combined: Path | None, views: list[Path | None]) -> list[Outcome]:
    """Score, write each report's output (a text summary too) and HTML view (``views``), then the combined one."""
    created = source_date()
    keep = combined is not None or fmt == "text"
    worker_fmt = fmt if fmt in {"json", "xlsx", "html"} else None
    outcomes = run_batch(sources, rubric=args.scheme, outputs=targets if worker_fmt else None, fmt=worker_fmt,
                         jobs=args.jobs, encoding=args.encoding, created=created, keep_results=keep,
                         progress=progress_printer(len(sources)), replace=args.force, html_outputs=views,
                         scheme_dirs=args.scheme_dir or ())
    scored = [o.result for o in outcomes if o.ok and o.result is not None]
    if combined is not None and scored:
        links = [Path(o.html).name if o.html else None for o in outcomes if o.ok and o.result is not None]
        _write_combined(args, combined, scored, fmt, _one_rubric(registry, scored), created, links)
    elif fmt == "text":
        outcomes = _write_summaries(args, outcomes, targets)
    return outcomes


def _write_summaries(args: argparse.Namespace, outcomes: list[Outcome], targets: list[Path | None]) -> list[Outcome]:
    """Each report's text summary to its own file (-o DIR/), or all of them to the screen."""
    return [_summary_to(outcome, target, args.force, last=n == len(outcomes))
            for n, (outcome, target) in enumerate(zip(outcomes, targets, strict=True), 1)]


def _summary_to(outcome: Outcome, target: Path | None, force: bool, *, last: bool) -> Outcome:
    """Print or write one report's summary; a write failure becomes the outcome (not labelled unreadable)."""
    if not outcome.ok or outcome.result is None:
        return outcome
    text = render_summary(outcome.result)
    if target is None:
        write_text_output(text if last else text + "\n", None)
        return outcome
    try:
        write_text_output(text, str(target), force=force)
    except OutputError as error:
        return replace(outcome, error_code=WRITE_FAILED, error=str(error))
    return replace(outcome, output=str(target))


def _html_plan(args: argparse.Namespace, sources: list[Path], targets: list[Path | None], combined: Path | None,
               fmt: str) -> list[Path | None]:
    """Per report, where ``--html`` writes its evidence view: beside its own output, or beside the combined one."""
    if not args.html or fmt == "html":
        return [None] * len(sources)
    if fmt == "text":
        raise CliError("--html 需要输出文件：请加 -o 评分表.xlsx（或 -o 报告.html 只写依据视图）。\n"
                       "--html needs an output: -o OUT.xlsx (or -o OUT.html for the evidence view alone).")
    if combined is None:
        return [t.with_suffix(".html") if t is not None else None for t in targets]
    if len(sources) == 1:
        return [combined.with_suffix(".html")]
    used: set[str] = set()
    views: list[Path | None] = []
    for source in sources:
        name, n = f"{source.stem}.html", 1
        while name.casefold() in used:  # as _plan names per-report outputs
            n += 1
            name = f"{source.stem}-{n}.html"
        used.add(name.casefold())
        views.append(combined.parent / name)
    return views


def _write_combined(args: argparse.Namespace, path: Path, results: list[ReportResult], fmt: str, rubric: Rubric,
                    created: object, links: list[str | None]) -> None:
    if fmt == "xlsx":
        review = _merge(args.merge_review, results, rubric) if args.merge_review else None
        write_workbook(results, path, rubric=rubric, review=review, created=created, replace=args.force,
                       html_files=links if any(links) else None)
    else:
        write_text_output(_render(results[0], fmt, rubric), str(path), force=args.force)


def _one_rubric(registry: Registry, results: list[ReportResult]) -> Rubric:
    """The one rubric a combined output's results were scored against; refuse results of several."""
    ids = list(dict.fromkeys(r.scheme.id for r in results))
    if len(ids) > 1:
        by_scheme = "；".join(f"{sid}: " + "、".join(Path(r.source.path).name for r in results
                                                    if r.scheme.id == sid) for sid in ids)
        raise CliError(f"这些报告依据不同的评价方案（{by_scheme}），不能合在一个评分表里。请用 -o 目录/ 为每份报告各"
                       f"写一个评分表（再用 lvzhi compare 比较），或用 --scheme 指定同一细则。\nThese reports were "
                       f"scored against different rubrics ({', '.join(ids)}) and cannot share one workbook: use "
                       f"-o DIR/ or --scheme ID.")
    choice = results[0].scheme_choice
    if choice is not None and choice.method == "given":
        return registry.resolve(choice.file)  # a file may carry a shipped rubric's id: take the file itself
    return registry.resolve(ids[0])


def _guard_reviewed(target: Path, force: bool) -> None:
    """Never replace a workbook an inspector has filled in, even with --force."""
    if not (target.exists() and force and target.suffix.lower() == ".xlsx"):
        return
    try:
        entries = read_review(target).entries
    except ReviewError:
        return
    if entries:
        raise CliError(f"{target} 中已有督学填写的核定得分或意见（{len(entries)} 项），即使加 --force 也不会覆盖。"
                       f"请另取文件名，并用 --merge-review {target} 带入这些内容。\n{target} holds {len(entries)} "
                       f"inspector entries and is never overwritten; write elsewhere with --merge-review {target}.")


def _merge(old: str, results: list[ReportResult], rubric: Rubric) -> dict:
    try:
        carried, orphans = merge_review(old, results, rubric)
    except ReviewError as error:
        raise CliError(str(error)) from None
    out(f"已从 {old} 带入督学填写内容 {len(carried)} 项 / carried {len(carried)} inspector entries.")
    for orphan in orphans:
        entry = orphan.entry
        what = f"核定得分 {entry.score:g}" if entry.score is not None else ""
        what += f" 意见“{entry.opinion}”" if entry.opinion else ""
        if what:
            err(f"未带入 not carried: {old} {entry.sheet}!第{entry.row}行 [{entry.report} {entry.item}] "
                f"{what.strip()} — {orphan.reason}")
        else:
            err(f"未带入 not carried: {old}: {orphan.reason}")
    if orphans:
        err(f"{len(orphans)} 项未能带入（见上），请在新评分表中手工处理。/ {len(orphans)} entries not carried (see "
            "above).")
    return review_map(carried)

