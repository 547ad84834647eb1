"""``lvzhi sections REPORT``: metadata, heading tree with offsets, removed chrome and warnings."""

from __future__ import annotations

import argparse
import json

from reports.cli.common import EXIT_OK, EXIT_UNREADABLE, CliError, write_text_output
from scorer.document import Document
from scorer.errors import ReadError
from scorer.export import document_to_dict, section_paths
from scorer.read import read_report
from scorer.readers import SUPPORTED_SUFFIXES


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``sections`` command."""
    cmd = sub.add_parser("sections", help="显示报告的结构、元数据和疑似损坏 / show a report's tree, metadata and "
                         "damaged spans")
    cmd.add_argument("report", help=f"报告文件 {' '.join(SUPPORTED_SUFFIXES)} / report file")
    cmd.add_argument("--format", choices=["text", "json"], default="text")
    cmd.add_argument("--encoding", help="强制文本编码，如 gb18030 / force a text encoding")
    cmd.add_argument("-o", "--output", help="写入文件而不是屏幕 / write to a file")
    cmd.add_argument("--force", action="store_true", help="覆盖已存在的输出文件 / overwrite the output file")
    cmd.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    try:
        document = read_report(args.report, args.encoding)
    except ReadError as error:
        raise CliError(str(error), EXIT_UNREADABLE) from None
    if args.format == "json":
        text = json.dumps(document_to_dict(document), ensure_ascii=False, indent=2)
    else:
        text = render_text(document)
    write_text_output(text, args.output, force=args.force)
    return EXIT_OK


def render_text(document: Document) -> str:
    """The tree and findings as indented text for a terminal."""
    meta = document.meta
    lines = [f"文件 file: {document.path}  格式 format: {document.format}  编码 encoding: {document.encoding or '-'}"]
    cited = meta.cited_scheme
    lines.append(f"区县 county: {meta.county or '（未识别 not found）'}")
    lines.append(f"标题 title: {meta.title or '-'}   主送 to: {meta.addressee or '-'}")
    if cited is not None:
        known = cited.scheme_id or "未知方案 unknown scheme"
        lines.append(f"引用方案 cited scheme: {cited.normalised}（原文 as written: {cited.raw}；{known}）")
    else:
        lines.append("引用方案 cited scheme: （未找到 not found）")
    if meta.doc_no is not None:
        lines.append(f"文号 doc no: {meta.doc_no.normalised}（原文 {meta.doc_no.raw}）")
    date = meta.date or (" 或 ".join(meta.date_candidates) if meta.date_candidates else "-")
    lines.append(f"日期 date: {date}（原文 {meta.date_text or '-'}）   期间 period: {meta.period or '-'}")
    lines.append("")
    lines.append("结构 tree（[起,止) 为原文字符位置 offsets into the original text）:")
    paths = section_paths(document)
    for section in document.walk():
        indent = "  " * max(section.level - 1, 0) if section.level else ""
        name = section.label if section.level else paths[section.id]
        lines.append(f"{indent}{section.id:<10} [{section.start},{section.end}) {name[:50]}")
    if document.chrome or document.dropped:
        lines.append("")
        lines.append(f"已忽略的网页框架 chrome left out ({len(document.chrome) + len(document.dropped)}):")
        lines.extend(f"  [{c.start},{c.end}) {c.rule}: {c.text.strip()[:60]}" for c in document.chrome)
        lines.extend(f"  {d.rule} ×{d.count}: {d.text[:60]}" for d in document.dropped)
    if document.damage:
        lines.append("")
        lines.append(f"警告 warnings ({len(document.damage)}):")
        lines.extend(f"  [{d.start},{d.end}) {d.code}: “{d.text}” → {d.suggestion}" for d in document.damage)
    lines.extend(f"注 note: {note}" for note in document.notes)
    return "\n".join(lines)
