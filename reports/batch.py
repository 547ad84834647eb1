"""Score many reports at once: expand folders, use the cores, keep input order, never stop on a bad file.

``run_batch`` reads, scores and (when asked) writes each report's output in worker processes and
returns one ``Outcome`` per input, in input order whatever ``jobs`` is. An unreadable file is an
outcome with its reason, not an exception. Progress is reported through a callback; nothing prints.
"""

from __future__ import annotations

import gc
import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from scheme import Rubric, load_rubric
from scorer.errors import ReadError
from scorer.read import read_report
from scorer.readers import SUPPORTED_SUFFIXES
from scorer.result import REVIEW, ReportResult
from scorer.result_json import result_to_dict
from scorer.score import score_document

FORMATS = ("json", "xlsx")


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
        error_code: Reason code when the file could not be read (``None`` when scored).
        error: Bilingual message when the file could not be read.
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

    @property
    def ok(self) -> bool:
        """True when the report was read and scored."""
        return self.error_code is None


def expand_inputs(inputs: Iterable[str | Path]) -> list[Path]:
    """Files to score: files as given, folders expanded to their supported files (sorted, recursive).

    Hidden files and lvzhi's own outputs inside a folder are skipped; a named file is always kept,
    so that an unsupported or missing one is reported rather than silently dropped.
    """
    out: list[Path] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
                              and not any(part.startswith(".") for part in p.relative_to(path).parts)))
        else:
            out.append(path)
    return out


@lru_cache(maxsize=4)
def _rubric(path: str | None) -> Rubric:
    return load_rubric(path)


@dataclass(frozen=True)
class _Task:
    source: str
    rubric: str | None
    encoding: str | None
    output: str | None
    fmt: str | None
    created: datetime | None
    keep: bool


def _work(task: _Task) -> Outcome:
    """Read, score and write one report (runs in a worker process)."""
    rubric = _rubric(task.rubric)
    try:
        document = read_report(task.source, task.encoding)
    except ReadError as error:
        return Outcome(task.source, error_code=error.code, error=error.message)
    except Exception as error:  # noqa: BLE001 - one broken file must not end the batch
        return _failed(task.source, error)
    try:
        result = score_document(document, rubric)
        if task.output is not None:
            write_result(result, task.output, task.fmt or "json", rubric, task.created)
    except OSError as error:
        return Outcome(task.source, error_code="write_failed",
                       error=f"无法写入输出文件 {task.output}：{error.strerror or error}。请检查磁盘空间和写入权限。"
                             f" / Cannot write {task.output}: {error.strerror or error}.")
    except Exception as error:  # noqa: BLE001 - one broken file must not end the batch
        return _failed(task.source, error)
    review = result.count(REVIEW) + sum(1 for w in result.warnings if w.kind.is_scheme)
    return Outcome(task.source, task.output, result if task.keep else None, result.report.county, result.total,
                   result.max_total, result.grade, review)


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
                 created: datetime | None = None) -> None:
    """Write one scored report as JSON or as the inspector's workbook, atomically."""
    from reports.excel import write_workbook  # openpyxl is only needed when a workbook is written
    from reports.files import atomic_write

    if fmt == "xlsx":
        write_workbook([result], path, rubric=rubric, created=created)
    else:
        atomic_write(path, (json.dumps(result_to_dict(result), ensure_ascii=False, indent=2) + "\n").encode("utf-8"))


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
              progress: Callable[[int, int, Outcome], None] | None = None) -> list[Outcome]:
    """Score every source; return outcomes in input order.

    Args:
        sources: Report files.
        rubric: Rubric file (``None``: the shipped one). It is validated before any work starts.
        outputs: One output path (or ``None``) per source.
        fmt: ``json`` or ``xlsx`` for the outputs.
        jobs: Worker processes (default: one per core); 1 runs in this process.
        encoding: Forced text encoding.
        created: Timestamp for workbooks (default: now).
        keep_results: Return the full ``ReportResult`` of each report.
        progress: Called as ``progress(done, total, outcome)`` after each report, in completion order.

    Raises:
        RubricError: When the rubric is invalid (nothing is scored).
    """
    rubric_path = str(rubric) if rubric is not None else None
    loaded = _rubric(rubric_path)  # fail fast on a bad rubric, and warm the cache before forking
    targets = list(outputs) if outputs is not None else [None] * len(sources)
    tasks = [_Task(str(s), rubric_path, encoding, str(o) if o is not None else None, fmt, created, keep_results)
             for s, o in zip(sources, targets, strict=True)]
    workers = jobs or default_jobs(len(tasks))
    if workers > 1 and len(tasks) > 1:
        warm_up(loaded, fmt)
    results: list[Outcome | None] = [None] * len(tasks)
    if workers <= 1 or len(tasks) <= 1:
        with _garbage_per_report():
            for index, task in enumerate(tasks):
                results[index] = _collected(task)
                if progress:
                    progress(index + 1, len(tasks), results[index])
        return [r for r in results if r is not None]
    with ProcessPoolExecutor(max_workers=workers, initializer=_start_worker) as pool:
        futures = {pool.submit(_collected, tasks[index]): index for index in _largest_first(tasks)}
        for done, future in enumerate(as_completed(futures), 1):
            index = futures[future]
            try:
                results[index] = future.result()
            except Exception as error:  # noqa: BLE001 - a dead worker must not end the batch
                results[index] = _failed(tasks[index].source, error)
            if progress:
                progress(done, len(tasks), results[index])
    return [r for r in results if r is not None]


def _failed(source: str, error: BaseException) -> Outcome:
    return Outcome(source, error_code="internal_error",
                   error=f"lvzhi 处理该文件时出错（程序缺陷，不是报告的问题）：{type(error).__name__}: {error}。"
                         f"请反馈。/ lvzhi failed on this file (a bug, not the report): {type(error).__name__}: "
                         f"{error}.")
