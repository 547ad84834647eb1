"""What the ``score`` command shows while a batch runs and when it ends."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from reports.batch import Outcome
from reports.cli.common import err, out


def progress_printer(total: int) -> Callable[[int, int, Outcome], None] | None:
    """A one-line progress bar on a terminal (stderr); ``None`` when not a terminal or for one report."""
    if total < 2 or not sys.stderr.isatty():
        return None

    def show(done: int, count: int, outcome: Outcome) -> None:
        width = 30
        filled = width * done // count
        name = Path(outcome.source).name[:24]
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{count} {name:<24}")
        if done == count:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show


def print_summary(outcomes: Sequence[Outcome], combined: Path | None) -> None:
    """Per-file lines for outputs and failures, then the counts (scored, needs review, unreadable)."""
    scored = [o for o in outcomes if o.ok]
    failed = [o for o in outcomes if not o.ok]
    for outcome in scored:
        if outcome.output:
            out(f"已写入 written: {outcome.output}（{outcome.county or Path(outcome.source).stem}："
                f"{outcome.total:g}/{outcome.max_total:g}，{outcome.grade}；自动评分建议，待督学核定）")
    if combined is not None and scored:
        counties = "、".join(o.county or Path(o.source).stem for o in scored)
        out(f"已写入 written: {combined}（{counties}；自动评分建议，待督学核定）")
    for outcome in failed:
        err(f"无法读取 unreadable: {outcome.source}: {outcome.error}")
    if len(outcomes) > 1 or failed:
        review = sum(1 for o in scored if o.needs_review)
        err(f"完成 done: 已评分 scored {len(scored)}，需人工核实 needs review {review}，无法读取 unreadable "
            f"{len(failed)}（共 {len(outcomes)} 份 of {len(outcomes)}）")
