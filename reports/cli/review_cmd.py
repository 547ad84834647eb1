"""``lvzhi review WORKBOOK...``: read inspectors' 核定得分 and 督导意见 back and give final totals and grades."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from reports.cli.common import (
    EXIT_OK,
    EXIT_UNREADABLE,
    CliError,
    check_output,
    err,
    out,
    render_table,
)
from reports.files import atomic_write
from reports.review import ReviewError, ReviewResult, read_review
from reports.table_rows import review_rows
from reports.tables import REVIEW_SUMMARY, csv_text


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``review`` command."""
    cmd = sub.add_parser(
        "review", help="读回督学核定的评分表，给出最终得分和等次 / read reviewed workbooks back",
        description="读回督学在评分表中填写的核定得分和督导意见（按编号和列标题，不按位置），"
                    "给出各区县最终得分和等次。评分表本身不会被修改。\nRead reviewed workbooks back by item ID and "
                    "header name; the workbooks are never modified.",
        epilog="退出码 exit codes: 0 全部有效 all entries valid；1 有无法采用的填写或无法读取的评分表（已列出，"
               "其余照常计算） some entries or workbooks unusable (listed; the rest counted)；2 用法错误 usage error",
        formatter_class=argparse.RawTextHelpFormatter)
    cmd.add_argument("workbooks", nargs="+", metavar="WORKBOOK",
                     help="lvzhi 生成并经督学填写的 .xlsx / reviewed .xlsx")
    cmd.add_argument("-o", "--output", help="写入 JSON 或 CSV 文件（按扩展名） / write JSON or CSV (by suffix)")
    cmd.add_argument("--format", choices=["text", "json", "csv"], default=None,
                     help="输出格式（默认：屏幕为表格，-o 按扩展名） / output format")
    cmd.add_argument("--force", action="store_true", help="覆盖已存在的输出文件 / overwrite the output file")
    cmd.set_defaults(handler=_run)


def _render(reviews: list[ReviewResult], fmt: str) -> str:
    if fmt == "json":
        return json.dumps({"note": "最终得分：核定得分（有效时）或自动得分；评分细则为重构版。/ Final scores: "
                                "reviewed where valid, automatic otherwise; the rubric is a reconstruction.",
                           "workbooks": [review.to_dict() for review in reviews]}, ensure_ascii=False, indent=2)
    if fmt == "csv":
        return csv_text(REVIEW_SUMMARY, review_rows(reviews))
    screen = REVIEW_SUMMARY.without("opinions")
    return render_table(screen.headers, [screen.values(row) for row in review_rows(reviews)])


def _read(name: str) -> ReviewResult | None:
    try:
        return read_review(name)
    except ReviewError as error:
        err(str(error))
        return None


def _run(args: argparse.Namespace) -> int:
    fmt = args.format or (Path(args.output).suffix.lower().lstrip(".") if args.output else "text")
    if fmt not in {"text", "json", "csv"}:
        raise CliError(f"无法从文件名判断输出格式：{args.output}。请用 .json 或 .csv，或加 --format。\nCannot tell "
                       f"the format from {args.output}; use .json/.csv or --format.")
    if args.output:
        check_output(args.output, inputs=args.workbooks, force=args.force)
    reviews = [review for review in map(_read, args.workbooks) if review is not None]
    failed = len(args.workbooks) - len(reviews)
    problems = [p for review in reviews for p in review.problems]
    for review in reviews:
        for problem in review.problems:
            err(f"{review.path}: {problem.message}")
    if reviews and args.output:
        text = _render(reviews, fmt)
        atomic_write(args.output, ("\ufeff" + text if fmt == "csv" else text + "\n").encode("utf-8"),
                     replace=args.force)
        out(f"已写入 written: {args.output}")
        out(_render(reviews, "text"))
    elif reviews:
        out(_render(reviews, fmt))
    if problems:
        err(f"{len(problems)} 处填写无法采用（见上），相应要点按自动得分计。请在评分表中改正后重新运行。"
            f"\n{len(problems)} entries could not be used (see above); automatic scores count for them.")
    if failed:
        err(f"{failed} 个评分表无法读回（见上）。/ {failed} workbook(s) could not be read.")
    return EXIT_UNREADABLE if failed or problems else EXIT_OK
