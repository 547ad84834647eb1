"""``lvzhi compare INPUT... -o 对比.xlsx``: compare counties from workbooks, JSON results or reports."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from reports.cli.common import (
    EXIT_OK,
    EXIT_UNREADABLE,
    EXIT_USAGE,
    CliError,
    check_output,
    err,
    out,
    render_table,
    source_date,
)
from reports.cli.scheme_cmd import add_scheme_options, registry_or_fail
from reports.compare import Comparison, MixedSchemesError, compare, load_inputs
from reports.compare_write import comparison_to_csv, comparison_to_dict, write_comparison
from reports.files import atomic_write
from reports.table_rows import comparison_rows
from reports.tables import COMPARE_SUMMARY


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``compare`` command."""
    cmd = sub.add_parser(
        "compare", help="各区县得分对比表 / compare counties",
        description="把多个评分表（含督学核定）、JSON 结果或报告（即时评分）汇总成区县×要点对比表，含排名、等次、"
                    "待补材料数；同一区县不同年度另出同比表。\nCompare counties from workbooks, JSON results or "
                    "reports.",
        epilog="退出码 exit codes: 0 完成 done；1 有输入无法使用或有无法采用的填写（已列出，其余照常比较） some "
               "inputs or review entries unusable (listed; the rest compared)；2 "
               "用法错误或评分方案不一致 usage error or mixed schemes",
        formatter_class=argparse.RawTextHelpFormatter)
    cmd.add_argument("inputs", nargs="+", metavar="INPUT",
                     help=".xlsx 评分表、.json 结果或报告文件 / workbooks, JSON, reports")
    cmd.add_argument("-o", "--output", help="输出文件：.xlsx、.csv 或 .json / output file")
    cmd.add_argument("--format", choices=["xlsx", "csv", "json"], default=None,
                     help="输出格式（默认按扩展名） / format")
    cmd.add_argument("--allow-mixed-schemes", action="store_true",
                     help="依据不同评分方案的结果按原要点编号并列，不经要点对照表折算（默认按对照表折算到最新细则，"
                          "缺对照表时只比较总分和等次） / put results of different schemes side by side as they are "
                          "(default: items carried into the newest rubric through crosswalks)")
    add_scheme_options(cmd)
    cmd.add_argument("--encoding", help="报告的强制文本编码 / force a text encoding for reports")
    cmd.add_argument("--force", action="store_true", help="覆盖已存在的输出文件 / overwrite the output file")
    cmd.set_defaults(handler=_run)


def _write(comparison: Comparison, output: str | None, fmt: str | None, force: bool = False) -> None:
    """Write the comparison to ``output`` (atomically) or print it as CSV or JSON."""
    if output and fmt == "xlsx":
        write_comparison(comparison, output, created=source_date(), replace=force)
    elif fmt == "csv":
        text = comparison_to_csv(comparison)
        if output:
            atomic_write(output, ("\ufeff" + text).encode("utf-8"), replace=force)
        else:
            out(text.rstrip("\r\n"))
    elif fmt == "json":
        text = json.dumps(comparison_to_dict(comparison), ensure_ascii=False, indent=2)
        if output:
            atomic_write(output, (text + "\n").encode("utf-8"), replace=force)
        else:
            out(text)
    if output:
        out(f"已写入对比表 written: {output}")


def _run(args: argparse.Namespace) -> int:
    fmt = args.format or (Path(args.output).suffix.lower().lstrip(".") if args.output else None)
    if args.output and fmt not in {"xlsx", "csv", "json"}:
        raise CliError(f"无法从文件名判断输出格式：{args.output}。请用 .xlsx、.csv 或 .json，或加 --format。\nCannot "
                       f"tell the format from {args.output}; use .xlsx/.csv/.json or --format.")
    if args.output:
        check_output(args.output, inputs=args.inputs, force=args.force)
    registry = registry_or_fail(args)
    rubric = None if args.scheme == "auto" else registry.resolve(args.scheme)
    records, problems = load_inputs(args.inputs, rubric, encoding=args.encoding, registry=registry)
    for problem in problems:
        err(f"{problem.path}: {problem.message}")
    if not records:
        err("没有可比较的输入。/ Nothing could be compared.")
        return EXIT_UNREADABLE
    try:
        comparison = compare(records, allow_mixed_schemes=args.allow_mixed_schemes, registry=registry,
                             scheme_dirs=registry.scheme_dirs)
    except MixedSchemesError as error:
        raise CliError(str(error), EXIT_USAGE) from None
    for note in comparison.notes:
        err(f"⚠ {note}")
    _write(comparison, args.output, fmt, args.force)
    if args.output or fmt is None:  # keep stdout clean when CSV or JSON goes there
        out(render_table(COMPARE_SUMMARY.headers,
                         [COMPARE_SUMMARY.values(row) for row in comparison_rows(comparison)]))
    fatal = [p for p in problems if p.fatal]
    if fatal:
        err(f"{len(fatal)} 个输入无法使用（见上），其余已比较。/ {len(fatal)} input(s) could not be used.")
    if len(problems) > len(fatal):  # as review: an entry that could not be used is the inspector's to correct
        err(f"{len(problems) - len(fatal)} 处填写无法采用（见上），相应要点按自动得分计。请在评分表中改正后重新运行。"
            f"\n{len(problems) - len(fatal)} entries could not be used (see above); automatic scores count for them.")
    return EXIT_UNREADABLE if problems else EXIT_OK
