"""``lvzhi score REPORT...``: score reports against the rubric and write JSON or a text summary."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from reports.cli.common import EXIT_OK, EXIT_UNREADABLE, CliError, err, out, write_text_output
from reports.cli.scheme_cmd import load_or_fail
from scorer.errors import ReadError
from scorer.read import read_report
from scorer.result import REASONS, RESULT_ZH, STATUS_ZH, ReportResult
from scorer.result_json import result_to_dict
from scorer.score import score_document


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``score`` command."""
    cmd = sub.add_parser("score", help="对照细则为报告评分 / score reports against the rubric")
    cmd.add_argument("reports", nargs="+", metavar="REPORT", help="报告文件 / report files")
    cmd.add_argument("--format", choices=["text", "json"], default="text",
                     help="text：屏幕摘要；json：完整结果 / text summary or full JSON result")
    cmd.add_argument("-o", "--output", help="输出文件（一份报告）或目录（多份报告） / output file or folder")
    cmd.add_argument("--scheme", help="细则 YAML（默认内置 2022 细则） / rubric YAML (default: built-in)")
    cmd.add_argument("--encoding", help="强制文本编码，如 gb18030 / force a text encoding")
    cmd.add_argument("--force", action="store_true", help="覆盖已存在的输出文件 / overwrite existing output")
    cmd.set_defaults(handler=_run)


def _render(result: ReportResult, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(result_to_dict(result), ensure_ascii=False, indent=2)
    return render_summary(result)


def _target(output: str | None, report: Path, many: bool, fmt: str) -> str | None:
    if output is None:
        return None
    path = Path(output)
    if many or path.is_dir() or output.endswith(("/", "\\")):
        if not path.is_dir():
            raise CliError(f"输出目录不存在：{path}\nOutput folder does not exist: {path}")
        return str(path / f"{report.stem}.{'json' if fmt == 'json' else 'txt'}")
    return output


def _run(args: argparse.Namespace) -> int:
    rubric = load_or_fail(args.scheme)
    many = len(args.reports) > 1
    unreadable = 0
    for name in args.reports:
        try:
            document = read_report(name, args.encoding)
        except ReadError as error:
            unreadable += 1
            err(str(error))
            continue
        result = score_document(document, rubric)
        target = _target(args.output, Path(name), many, args.format)
        write_text_output(_render(result, args.format), target, force=args.force)
        if target is not None:
            out(f"已写入 written: {target}（{result.report['county'] or name}：{result.total:g}/{result.max_total:g}，"
                f"{result.grade}）")
    if unreadable:
        err(f"{unreadable} 份报告无法读取（见上）。/ {unreadable} report(s) could not be read (see above).")
        return EXIT_UNREADABLE
    return EXIT_OK


def render_summary(result: ReportResult) -> str:
    """A one-screen summary: warnings, total, grade, areas, items not met and what to ask for."""
    lines = [f"【{result.report['county'] or '未识别区县'}】{result.source['path']}"]
    lines.extend(f"⚠ {w.message}" for w in result.warnings if not w.code.startswith("damaged:"))
    damaged = [w for w in result.warnings if w.code.startswith("damaged:")]
    if damaged:
        lines.append(f"⚠ 疑似复制损坏的数字/文字 {len(damaged)} 处（不作为有效证据），详见 JSON 或 lvzhi sections。")
    lines.append(f"细则 rubric: {result.scheme['doc_no']}（重构版 reconstructed）  总分 total: {result.total:g}/"
                 f"{result.max_total:g}  等次 grade: {result.grade}（自动评分，待督学核定）")
    lines.extend(f"降等 downgrade: {down['title']}（{down['effect']}）" for down in result.downgrades)
    counts = result.counts
    lines.append("要点 items: " + "，".join(f"{STATUS_ZH[k]} {v}" for k, v in counts.items()))
    lines.append("领域 areas: " + "  ".join(f"{a['id']} {a['score']:g}/{a['max_score']:g}" for a in result.areas))
    for item in result.items:
        if item.status == "met":
            continue
        why = "；".join(REASONS.get(code, code) for code in item.reasons)
        lines.append(f"  {item.id} {item.title}：{STATUS_ZH[item.status]} {item.score:g}/{item.max_score:g}（{why}）")
        lines.extend(f"      {req.id} {RESULT_ZH[req.result]} {req.detail}".rstrip()
                     for req in item.requirements if req.result != "pass")
    asks = [(item.id, m["ask"]) for item in result.items for m in item.missing]
    if asks:
        lines.append("待补材料 to ask the county for:")
        lines.extend(f"  {i}. [{item_id}] {ask}" for i, (item_id, ask) in enumerate(asks, 1))
    return "\n".join(lines)
