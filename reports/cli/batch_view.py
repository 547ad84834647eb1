"""What the ``score`` command shows while a batch runs and when it ends."""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from reports.batch import WRITE_FAILED, Outcome
from reports.cli.common import err, out


def progress_printer(total: int) -> Callable[[int, int, Outcome], None] | None:
    """A one-line progress bar on a terminal (stderr); ``None`` when not a terminal or for one report."""
    if total < 2 or not sys.stderr.isatty():
        return None

    def show(done: int, count: int, outcome: Outcome) -> None:
        width = 30
        filled = width * done // count
        name = Path(outcome.source).name[:24]
        scheme = _choice(outcome)[:18]
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{count} {name:<24} {scheme:<18}")
        if done == count:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show


def _choice(outcome: Outcome) -> str:
    """``cq-2023 按引用文号``: the rubric a report was scored against and how it was chosen."""
    return outcome.choice.label if outcome.choice is not None else ""


def print_summary(outcomes: Sequence[Outcome], combined: Path | None, total: int | None = None) -> None:
    """Per-file lines for outputs, files that are not reports and failures, then the counts.

    ``total`` is the batch's size when it was interrupted before all ``outcomes`` were in.
    """
    scored = [o for o in outcomes if o.ok]
    others = [o for o in outcomes if o.not_report]
    failed = [o for o in outcomes if not o.ok and not o.not_report]
    for outcome in scored:
        if outcome.output:
            label = "已完成（此前） already done" if outcome.resumed else "已写入 written"
            out(f"{label}: {outcome.output}（{outcome.county or Path(outcome.source).stem}："
                f"{outcome.total:g}/{outcome.max_total:g}，{outcome.grade}；细则 {_choice(outcome)}；自动评分建议，"
                "待督学核定）")
        if outcome.html:
            out(f"已写入 written: {outcome.html}（依据视图 evidence view）")
    if combined is not None and scored:
        counties = "、".join(o.county or Path(o.source).stem for o in scored)
        out(f"已写入 written: {combined}（{counties}；自动评分建议，待督学核定）")
    for outcome in others:
        err(f"跳过 skipped: {outcome.source}: {outcome.error}")
    unwritten = [o for o in failed if o.error_code == WRITE_FAILED]
    for outcome in failed:
        label = "未写入 not written" if outcome in unwritten else "无法读取 unreadable"
        err(f"{label}: {outcome.source}: {outcome.error}")
    if len(outcomes) > 1 or failed or total is not None:
        review = sum(1 for o in scored if o.needs_review)
        unwritten_part = f"，未写入 not written {len(unwritten)}" if unwritten else ""
        others_part = f"，不是自评报告 not a report {len(others)}" if others else ""
        err(f"完成 done: 已评分 scored {len(scored)}，需人工核实 needs review {review}，无法读取 unreadable "
            f"{len(failed) - len(unwritten)}{unwritten_part}{others_part}" + (
                f"（共 {len(outcomes)} 份 of {len(outcomes)}）" if total is None else
                f"（共 {total} 份中的 {len(outcomes)} 份 {len(outcomes)} of {total}）"))


def interrupted_message(signum: int, done: int, total: int, *, resumable: bool = True) -> str:
    """What an interrupted batch did and how to finish it (``--resume`` only for one output per report)."""
    name = "SIGINT" if signum == signal.SIGINT else "SIGTERM" if signum == signal.SIGTERM else str(signum)
    if not resumable:
        return (f"已中断（{name}）：完成 {done} 份，共 {total} 份；没有写入汇总文件，也没有留下半成品。请重新运行。"
                f"\nInterrupted ({name}) after {done} of {total} reports; nothing was written and nothing partial "
                "is left. Run the command again.")
    return (f"已中断（{name}）：完成 {done} 份，共 {total} 份；已写入的文件完整保留，未完成的没有留下半成品。"
            f"用同样的命令加 --resume 可续完其余 {total - done} 份。\nInterrupted ({name}) after {done} of {total} "
            f"reports; finished outputs are kept, nothing partial is left. Run the same command with --resume to "
            f"finish the other {total - done}.")
