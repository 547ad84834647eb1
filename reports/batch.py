"""Score many reports at once: expand folders, use the cores, keep input order, never stop on a bad file.

``run_batch`` reads, scores and (when asked) writes each report's output in worker processes and
returns one ``Outcome`` per input, in input order whatever ``jobs`` is. An unreadable file, or a file
that is not a self-evaluation report (``scorer.report_kind``: no output is written for it), is an
outcome with its reason, not an exception. Progress is reported through a callback; nothing prints.
"""

from __future__ import annotations

import gc
import json
import os
import signal
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from reports.files import OutputError, remove_temporaries
from reports.pool import LimitHit, Terminated, run_pool
from scheme import Rubric
from scheme.registry import Registry, SchemeChoice
from scorer.choose import AUTO, choose_rubric
from scorer.errors import ReadError
from scorer.limits import BATCH_REPORT_MEMORY, BATCH_REPORT_SECONDS
from scorer.read import read_report
from scorer.readers import SUPPORTED_SUFFIXES
from scorer.report_kind import not_a_report
from scorer.result import REVIEW, ReportResult
from scorer.result_json import result_to_dict
from scorer.score import score_document


@dataclass(frozen=True)
class Outcome:
    """What became of one input.

    Attributes:
        source: The input file.
        output: The file written for it, if any.
        result: The scored report when kept (``keep_results``), else ``None``.
        county: County found in the report.
        total: Automatic total.
        max_total: Maximum total.
        grade: Automatic grade.
        needs_review: Items to verify by hand (status review) plus scheme warnings.
        error_code: Reason code when the file could not be read, written or is not a report (``None`` when
            scored).
        error: Bilingual message when the file could not be read, written or is not a report.
        resumed: The output was already finished by an earlier, interrupted run (``--resume``).
        html: The HTML evidence view written beside the output, if any.
        choice: Which rubric the report was scored against and why.
    """

    source: str
    output: str | None = None
    result: ReportResult | None = None
    county: str = ""
    total: float = 0.0
    max_total: float = 0.0
    grade: str = ""
    needs_review: int = 0
    error_code: str | None = None
    error: str = ""
    resumed: bool = False
    html: str | None = None
    choice: SchemeChoice | None = None

    @property
    def ok(self) -> bool:
        """True when the report was read and scored."""
        return self.error_code is None

    @property
    def not_report(self) -> bool:
        """True when the file was read but is not a self-evaluation report (``scorer.report_kind``): no output."""
        return self.error_code == NOT_A_REPORT


def expand_inputs(inputs: Iterable[str | Path]) -> list[Path]:
    """Files to score: files as given, folders expanded to their supported files (sorted, recursive).

    Hidden files and lvzhi's own outputs inside a folder are skipped; a named file is always kept,
    so that an unsupported or missing one is reported rather than silently dropped.
    """
    return scan_inputs(inputs)[0]


def scan_inputs(inputs: Iterable[str | Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """``expand_inputs``, and the files inside folders that were skipped, each with its bilingual reason.

    Hidden files (and lvzhi's temporary files, which are hidden) are not listed.
    """
    out: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    supported = " ".join(sorted(SUPPORTED_SUFFIXES))
    for item in inputs:
        path = Path(item)
        if not path.is_dir():
            out.append(path)
            continue
        for found in sorted(p for p in path.rglob("*") if p.is_file()
                            and not any(part.startswith(".") for part in p.relative_to(path).parts)):
            if found.suffix.lower() in SUPPORTED_SUFFIXES:
                out.append(found)
            else:
                kind = found.suffix or "（无扩展名 none）"
                skipped.append((found, f"不支持的文件类型 {kind}，未评分（支持 {supported}）/ unsupported type, "
                                       "not scored"))
    return out, skipped


@lru_cache(maxsize=4)
def _registry(scheme_dirs: tuple[str, ...]) -> Registry:
    return Registry(scheme_dirs)


@dataclass(frozen=True)
class _Task:
    source: str
    rubric: str | None  # auto, a scheme id or a rubric file
    scheme_dirs: tuple[str, ...]
    encoding: str | None
    output: str | None
    fmt: str | None
    created: datetime | None
    keep: bool
    replace: bool = False
    html: str | None = None


class BatchInterrupted(Exception):  # noqa: N818 - it carries the outcomes, the signal is its cause
    """SIGINT or SIGTERM stopped a batch: workers are gone, nothing partial is left, finished outputs are kept.

    Attributes:
        outcomes: The reports finished before the signal, in input order.
        signum: ``signal.SIGINT`` or ``signal.SIGTERM``.
        total: How many reports the batch had.
    """

    def __init__(self, outcomes: list[Outcome], signum: int, total: int) -> None:
        """Keep what was done and which signal stopped the rest."""
        super().__init__(f"interrupted by signal {signum} after {len(outcomes)} of {total}")
        self.outcomes, self.signum, self.total = outcomes, signum, total


def _work(task: _Task) -> Outcome:
    """Read, score and write one report (runs in a worker process)."""
    try:
        document = read_report(task.source, task.encoding)
    except ReadError as error:
        return Outcome(task.source, error_code=error.code, error=error.message)
    except MemoryError:
        raise  # the worker reports its memory allowance
    except Exception as error:  # noqa: BLE001 - one broken file must not end the batch
        return _failed(task.source, error)
    try:
        rubric, choice = choose_rubric(document, _registry(task.scheme_dirs), task.rubric or AUTO)
        result = score_document(document, rubric, choice=choice)
        if (other := not_a_report(result)) is not None:  # a README beside the reports: listed, never a 0 score
            return Outcome(task.source, error_code=NOT_A_REPORT, choice=choice,
                           error=f"{other.message_zh}。未评分，不写评分表。/ {other.message_en}; not scored, nothing "
                                 "written.")
        if task.output is not None:
            write_result(result, task.output, task.fmt or "json", rubric, task.created, replace=task.replace,
                         html=Path(task.html).name if task.html else None)
        if task.html is not None:
            write_result(result, task.html, "html", rubric, replace=task.replace)
    except OutputError as error:
        return Outcome(task.source, error_code=WRITE_FAILED, error=str(error))
    except MemoryError:
        raise
    except Exception as error:  # noqa: BLE001 - one broken file must not end the batch
        return _failed(task.source, error)
    review = result.count(REVIEW) + sum(1 for w in result.warnings if w.kind.is_scheme)
    return Outcome(task.source, task.output, result if task.keep else None, result.report.county, result.total,
                   result.max_total, result.grade, review, html=task.html, choice=choice)


def _in_process(task: _Task) -> Outcome:
    """``_collected`` in this process, where running out of memory is this report's failure."""
    try:
        return _collected(task)
    except MemoryError as error:
        return _failed(task.source, error)


def _collected(task: _Task) -> Outcome:
    """``_work``, then the cyclic garbage of that one report collected (the collector is off meanwhile)."""
    try:
        return _work(task)
    finally:
        gc.collect(1)  # objects of this report only: whatever survives moves to the oldest generation


@contextmanager
def _garbage_per_report() -> Iterator[None]:
    """Collect cyclic garbage once per report instead of after every 700 new objects.

    A report allocates some hundred thousand objects; the automatic collector runs hundreds of times over them
    and over everything alive (rubric, dictionary, kept results): about 7% of a batch's CPU.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _start_worker() -> None:
    """Worker start: what the parent loaded (rubric, dictionary) moves out of the collector's sight, which is off."""
    gc.freeze()
    gc.disable()


def warm_up(rubric: Rubric, fmt: str | None = None) -> None:
    """Load the word-boundary dictionary (and the workbook writer) once in this process, so forked workers share it."""
    from scorer.terms import rubric_terms, segmenter_for

    segmenter_for(rubric_terms(rubric))
    if fmt == "xlsx":
        import reports.excel  # noqa: F401 - openpyxl's import, paid once instead of once per worker


def _largest_first(tasks: Sequence[_Task]) -> list[int]:
    """Task indexes, biggest file first: the last reports to finish are then small, so no core idles long at the end."""
    def size(index: int) -> int:
        try:
            return os.stat(tasks[index].source).st_size  # noqa: PTH116 - a str path, many calls
        except OSError:
            return 0

    return sorted(range(len(tasks)), key=lambda i: (-size(i), i))


def write_result(result: ReportResult, path: str | Path, fmt: str, rubric: Rubric,
                 created: datetime | None = None, *, replace: bool = False, html: str | None = None) -> None:
    """Write one scored report as JSON, the inspector's workbook or the HTML evidence view, atomically.

    See ``atomic_write`` for ``replace``. ``html`` names the report's HTML view relative to a workbook, whose
    依据摘录 cells then link to it.
    """
    from reports.files import atomic_write

    if fmt == "xlsx":
        from reports.excel import write_workbook  # openpyxl is only needed when a workbook is written

        write_workbook([result], path, rubric=rubric, created=created, replace=replace,
                       html_files=[html] if html else None)
    elif fmt == "html":
        from reports.html_view import render_html

        atomic_write(path, render_html(result, rubric).encode("utf-8"), replace=replace)
    else:
        atomic_write(path, (json.dumps(result_to_dict(result), ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
                     replace=replace)


def default_jobs(count: int) -> int:
    """Worker processes for ``count`` reports: one per available core, never more than reports."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, count))


def run_batch(sources: Sequence[str | Path], *, rubric: str | Path | None = None, outputs: Sequence[
        str | Path | None] | None = None, fmt: str | None = None, jobs: int | None = None,
              encoding: str | None = None, created: datetime | None = None, keep_results: bool = False,
              progress: Callable[[int, int, Outcome], None] | None = None, replace: bool = False,
              isolate: bool = True, seconds: float | None = BATCH_REPORT_SECONDS,
              memory: int | None = BATCH_REPORT_MEMORY,
              html_outputs: Sequence[str | Path | None] | None = None,
              scheme_dirs: Sequence[str | Path] = ()) -> list[Outcome]:
    """Score every source; return outcomes in input order.

    Args:
        sources: Report files.
        rubric: ``auto`` or ``None`` (each report's rubric chosen by ``scorer.choose``), a scheme id or a rubric
            file. Every rubric is validated before any work starts.
        outputs: One output path (or ``None``) per source.
        fmt: ``json``, ``xlsx`` or ``html`` for the outputs.
        jobs: Worker processes (default: one per core).
        encoding: Forced text encoding.
        created: Timestamp for workbooks (default: now).
        keep_results: Return the full ``ReportResult`` of each report.
        progress: Called as ``progress(done, total, outcome)`` after each report, in completion order.
        replace: Replace existing regular output files (else an existing one is a write failure).
        isolate: Run several reports in worker processes, each under ``seconds`` and ``memory`` (bytes of
            address space); a report over its allowance is stopped and listed, and the batch goes on.
            ``False`` with ``jobs=1`` scores in this process, without allowances.
        seconds: Time allowance per report in a worker (``None``: none).
        memory: Memory allowance per report in a worker (``None``: none).
        html_outputs: One path (or ``None``) per source for its HTML evidence view, written beside the output
            (a workbook written for the same report links to it).
        scheme_dirs: Extra folders of rubrics (``--scheme-dir``), besides the shipped ones and ``LVZHI_SCHEME_DIR``.

    Raises:
        RubricError: When a rubric is invalid or ``rubric`` names none (nothing is scored).
        BatchInterrupted: On SIGINT (KeyboardInterrupt) or SIGTERM (:class:`reports.pool.Terminated`): the
            workers are stopped and joined and no temporary file is left; it holds the finished outcomes.
    """
    spec = str(rubric) if rubric is not None else AUTO
    dirs = tuple(str(d) for d in scheme_dirs)
    registry = _registry(dirs)
    # fail fast on a bad rubric, and warm the caches before forking
    loaded = list(registry.rubrics) if spec == AUTO else [registry.resolve(spec)]
    targets = list(outputs) if outputs is not None else [None] * len(sources)
    views = list(html_outputs) if html_outputs is not None else [None] * len(sources)
    tasks = [_Task(str(s), spec, dirs, encoding, str(o) if o is not None else None, fmt, created, keep_results,
                   replace, str(h) if h is not None else None)
             for s, o, h in zip(sources, targets, views, strict=True)]
    workers = jobs or default_jobs(len(tasks))
    results: list[Outcome | None] = [None] * len(tasks)
    finished = 0

    def done(index: int, outcome: Outcome | LimitHit | None) -> None:
        nonlocal finished
        if isinstance(outcome, LimitHit) or outcome is None:
            outcome = _stopped(tasks[index].source, outcome or LimitHit("crash", 0))
        results[index] = outcome
        finished += 1
        if progress:
            progress(finished, len(tasks), outcome)

    def clean(indexes: list[int]) -> None:
        for index in indexes:
            for path in (tasks[index].output, tasks[index].html):
                if path is not None:
                    remove_temporaries(path)

    try:
        if len(tasks) <= 1 or (workers <= 1 and not isolate):
            with _garbage_per_report():
                for index, task in enumerate(tasks):
                    done(index, _in_process(task))
        else:
            for one in loaded:
                warm_up(one, fmt)
            run_pool(tasks, _largest_first(tasks), _collected, workers=workers, seconds=seconds, memory=memory,
                     done=done, start=_start_worker, in_flight=clean)
    except (KeyboardInterrupt, Terminated) as stop:
        signum = stop.signum if isinstance(stop, Terminated) else signal.SIGINT
        raise BatchInterrupted([r for r in results if r is not None], signum, len(tasks)) from stop
    return [r for r in results if r is not None]


def _failed(source: str, error: BaseException) -> Outcome:
    return Outcome(source, error_code="internal_error",
                   error=f"lvzhi 处理该文件时出错（程序缺陷，不是报告的问题）：{type(error).__name__}: {error}。"
                         f"请反馈。/ lvzhi failed on this file (a bug, not the report): {type(error).__name__}: "
                         f"{error}.")


WRITE_FAILED = "write_failed"
NOT_A_REPORT = "not_a_report"
_LIMIT_CODES = {"time": "too_slow", "memory": "too_large", "crash": "worker_died"}


def _stopped(source: str, hit: LimitHit) -> Outcome:
    """The outcome of a report stopped by its allowance in a batch (the batch goes on)."""
    if hit.kind == "time":
        zh = f"处理超过 {hit.limit:g} 秒仍未完成，已停止（文件过于复杂或已损坏）"
        en = f"still running after {hit.limit:g} s and stopped (too complex or damaged)"
    elif hit.kind == "memory":
        zh = f"处理所需内存超过 {hit.limit / 2**20:.0f} MB，已停止（文件过于复杂或已损坏）"
        en = f"needed more than {hit.limit / 2**20:.0f} MB of memory and was stopped (too complex or damaged)"
    else:
        zh, en = "处理该文件的进程意外退出", "the process reading it died"
    return Outcome(source, error_code=_LIMIT_CODES[hit.kind],
                   error=f"{zh}。请检查该文件，或另存为 .txt 后重试。/ The report {en}; check the file or save it "
                         "as .txt and retry.")
