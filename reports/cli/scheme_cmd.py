"""``lvzhi scheme validate|show``: check a rubric and print its item tree."""

from __future__ import annotations

import argparse
import json
from typing import Any

from reports.cli.common import EXIT_OK, EXIT_USAGE, CliError, err, out
from scheme import RubricError, check_rubric, default_rubric_path, load_rubric
from scheme.export import rubric_to_dict


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``scheme`` command group."""
    scheme = sub.add_parser("scheme", help="评分细则：校验与查看 / rubric: validate and show")
    ssub = scheme.add_subparsers(dest="scheme_command", metavar="ACTION")
    validate = ssub.add_parser("validate", help="校验细则文件 / validate a rubric file")
    validate.add_argument("file", nargs="?", help="细则 YAML（默认：内置 2022 细则） / rubric YAML (default: built-in)")
    validate.set_defaults(handler=_validate)
    show = ssub.add_parser("show", help="显示细则的要点树 / show the item tree")
    show.add_argument("file", nargs="?", help="细则 YAML（默认：内置 2022 细则）")
    show.add_argument("--format", choices=["text", "json"], default="text")
    show.set_defaults(handler=_show)
    scheme.set_defaults(handler=lambda _args: _usage(scheme))


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return EXIT_USAGE


def _validate(args: argparse.Namespace) -> int:
    path = args.file or default_rubric_path()
    problems = check_rubric(path)
    if not problems:
        rubric = load_rubric(path)
        out(f"细则有效 / rubric is valid: {path} — {len(rubric.areas)} 个领域 areas, {len(rubric.items)} 个要点 "
            f"items, {len(rubric.requirements)} 项要求 requirements, 总分 total {rubric.total_points:g}")
        return EXIT_OK
    for problem in problems:
        err(str(problem))
    err(f"细则无效：共 {len(problems)} 处错误。/ invalid rubric: {len(problems)} problem(s).")
    return EXIT_USAGE


def load_or_fail(path: str | None) -> Any:
    """Load a rubric for a command, turning problems into a usage error."""
    try:
        return load_rubric(path)
    except RubricError as error:
        raise CliError(str(error), EXIT_USAGE) from None


def _show(args: argparse.Namespace) -> int:
    rubric = load_or_fail(args.file)
    data = rubric_to_dict(rubric)
    if args.format == "json":
        out(json.dumps(data, ensure_ascii=False, indent=2))
        return EXIT_OK
    meta = data["scheme"]
    out(f"{meta['title']}（{meta['doc_no']}） — {meta['issuer']}")
    out(f"来源说明 provenance: {meta['provenance']['status']} — {meta['provenance']['note']}")
    out(f"总分 total: {data['total_points']:g}；等次 bands: "
        + "，".join(f"{b['grade']}≥{b['min']:g}" for b in data["grading"]["bands"]))
    for area in data["areas"]:
        out(f"\n{area['id']} {area['title']}（{area['points']:g} 分）")
        for item in area["items"]:
            mark = "" if item["provenance"]["status"] == "stated" else " [重构 reconstructed]"
            out(f"  {item['id']} {item['title']}（{item['points']:g} 分）{mark}")
            for req in item["requirements"]:
                out(f"      {req['id']} [{req['kind']}] {req['title']}")
    return EXIT_OK
