"""``lvzhi scheme list|validate|show``: the rubrics lvzhi knows, checking one, printing its item tree.

Also the ``--scheme``/``--scheme-dir`` options every scoring command shares.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from reports.cli.common import EXIT_OK, EXIT_USAGE, CliError, err, out, render_table, write_text_output
from scheme import RubricError, check_rubric, load_rubric
from scheme.crosswalk import check_crosswalk, crosswalk_name, shipped_crosswalk_paths
from scheme.export import rubric_to_dict
from scheme.registry import SCHEME_DIR_ENV, Registry

SCHEME_HELP = ("评分细则：auto（默认：按报告引用的文号，其次按报告年度，否则用最新细则并提示）、细则编号（如 cq-2023）"
               "或细则 YAML 文件\nrubric: auto (default: the one whose 文号 the report cites, else the year it covers, "
               "else the newest, with a warning), a scheme id (cq-2023) or a rubric YAML file")
DIR_HELP = (f"另外的细则目录（可多次给出；也可用环境变量 {SCHEME_DIR_ENV}） / another folder of rubric YAML files "
            f"(repeatable; also {SCHEME_DIR_ENV})")


def add_scheme_options(cmd: argparse.ArgumentParser) -> None:
    """Add ``--scheme`` (auto, id or file) and ``--scheme-dir`` to a command."""
    cmd.add_argument("--scheme", default="auto", help=SCHEME_HELP)
    cmd.add_argument("--scheme-dir", action="append", metavar="DIR", help=DIR_HELP)


def registry_or_fail(args: argparse.Namespace) -> Registry:
    """The registry of a command's ``--scheme-dir`` folders, every rubric valid and ``--scheme`` resolvable."""
    registry = Registry(getattr(args, "scheme_dir", None) or ())
    try:
        registry.rubrics  # noqa: B018 - loads and validates every rubric
        spec = getattr(args, "scheme", "auto") or "auto"
        if spec != "auto":
            registry.resolve(spec)
    except RubricError as error:
        raise CliError(str(error), EXIT_USAGE) from None
    return registry


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``scheme`` command group."""
    scheme = sub.add_parser("scheme", help="评分细则：列出、校验与查看 / rubrics: list, validate and show")
    ssub = scheme.add_subparsers(dest="scheme_command", metavar="ACTION")
    listing = ssub.add_parser("list", help="列出 lvzhi 已知的细则 / list the rubrics lvzhi knows")
    listing.add_argument("--scheme-dir", action="append", metavar="DIR", help=DIR_HELP)
    listing.add_argument("--format", choices=["text", "json"], default="text")
    listing.set_defaults(handler=_list)
    validate = ssub.add_parser("validate", help="校验细则文件 / validate a rubric file")
    validate.add_argument("file", nargs="?", help="细则 YAML（默认：全部已知细则） / rubric YAML (default: every "
                                                  "known rubric)")
    validate.add_argument("--scheme-dir", action="append", metavar="DIR", help=DIR_HELP)
    validate.set_defaults(handler=_validate)
    show = ssub.add_parser("show", help="显示细则的要点树 / show the item tree")
    show.add_argument("file", nargs="?", help="细则编号或 YAML（默认：内置 2022 细则） / scheme id or rubric YAML")
    show.add_argument("--scheme-dir", action="append", metavar="DIR", help=DIR_HELP)
    show.add_argument("--format", choices=["text", "json"], default="text")
    show.set_defaults(handler=_show)
    draft = ssub.add_parser("crosswalk", help="起草两份细则之间的要点对照表 / draft a crosswalk between two rubrics")
    draft.add_argument("old", metavar="A", help="较早的细则编号或文件 / earlier rubric (id or file)")
    draft.add_argument("new", metavar="B", help="较晚的细则编号或文件 / later rubric (id or file)")
    draft.add_argument("-o", "--output", help="写入文件（默认屏幕） / write to this file (default: the screen)")
    draft.add_argument("--force", action="store_true", help="覆盖已存在的文件 / overwrite an existing file")
    draft.add_argument("--scheme-dir", action="append", metavar="DIR", help=DIR_HELP)
    draft.set_defaults(handler=_crosswalk)
    scheme.set_defaults(handler=lambda _args: _usage(scheme))


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return EXIT_USAGE


def _validate(args: argparse.Namespace) -> int:
    registry = Registry(args.scheme_dir or ())
    if args.file:
        paths = [Path(args.file)]
    else:
        try:
            paths = registry.paths
        except RubricError as error:
            raise CliError(str(error), EXIT_USAGE) from None
    crosswalks = [p for p in paths if _is_crosswalk(p)]
    if not args.file:
        crosswalks = [*shipped_crosswalk_paths(), *(p for d in registry.scheme_dirs for p in
                                                  [*Path(d).glob("*__*.yaml"), *Path(d).glob("crosswalks/*__*.yaml")])]
    problems = []
    for path in crosswalks:
        problems.extend(_check_crosswalk(path, registry))
    for path in (p for p in paths if p not in crosswalks):
        found = check_rubric(path)
        problems.extend(found)
        if not found:
            rubric = load_rubric(path)
            out(f"细则有效 / rubric is valid: {path} — {len(rubric.areas)} 个领域 areas, {len(rubric.items)} 个要点 "
                f"items, {len(rubric.requirements)} 项要求 requirements, 总分 total {rubric.total_points:g}")
    if not problems and not args.file:
        try:
            Registry(args.scheme_dir or ()).rubrics  # noqa: B018 - ids unique across files
        except RubricError as error:
            problems.extend(error.problems)
    if not problems:
        return EXIT_OK
    for problem in problems:
        err(str(problem))
    err(f"细则或对照表无效：共 {len(problems)} 处错误。/ invalid rubric or crosswalk: {len(problems)} problem(s).")
    return EXIT_USAGE


def _is_crosswalk(path: Path) -> bool:
    """A crosswalk is named ``A__B.yaml`` or has a top-level ``mappings:`` key (a rubric has ``areas:``)."""
    if "__" in path.name:
        return True
    try:
        with path.open(encoding="utf-8-sig", errors="replace") as handle:
            return any(line.startswith("mappings:") for line in handle)
    except OSError:
        return False


def _check_crosswalk(path: Path, registry: Registry) -> list:
    try:
        crosswalk, found = check_crosswalk(path, registry)
    except RubricError as error:  # a rubric of the registry is itself invalid
        return list(error.problems)
    if crosswalk is not None:
        unconfirmed = sum(1 for m in crosswalk.mappings if not m.confirmed)
        out(f"对照表有效 / crosswalk is valid: {path} — {crosswalk.from_id} → {crosswalk.to_id}，"
            f"{len(crosswalk.mappings)} 条对照 mappings，未确认 unconfirmed {unconfirmed}")
    return found


def _crosswalk(args: argparse.Namespace) -> int:
    from scheme.crosswalk import draft_crosswalk

    registry = Registry(args.scheme_dir or ())
    try:
        old, new = registry.resolve(args.old), registry.resolve(args.new)
    except RubricError as error:
        raise CliError(str(error), EXIT_USAGE) from None
    import yaml

    text = (f"# 草稿 draft: {old.scheme.id} → {new.scheme.id}. 逐条核对后把 confirmed 改为 true，再运行\n"
            f"# lvzhi scheme validate {crosswalk_name(old.scheme.id, new.scheme.id)}\n"
            + yaml.safe_dump(draft_crosswalk(old, new), allow_unicode=True, sort_keys=False, width=110))
    write_text_output(text, args.output, force=args.force)
    return EXIT_OK


def _list(args: argparse.Namespace) -> int:
    try:
        rubrics = Registry(args.scheme_dir or ()).rubrics
    except RubricError as error:
        raise CliError(str(error), EXIT_USAGE) from None
    rows = []
    for rubric in rubrics:
        meta = rubric.scheme
        scored = sum(1 for a in rubric.areas if a.role == "scored")
        rows.append({"id": meta.id, "version": meta.version, "year": meta.year, "doc_no": meta.doc_no,
                     "title": meta.title, "scored_areas": scored, "areas": len(rubric.areas),
                     "items": len(rubric.items), "reconstructed": round(rubric.reconstructed_share, 3),
                     "scheme_status": meta.provenance.status, "file": rubric.path, "sha256": rubric.sha256})
    if args.format == "json":
        out(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    out(render_table(["编号 id", "年度 year", "文号 doc no", "方案 title", "领域 areas", "要点 items",
                      "方案原文 scheme text", "重构要点 reconstructed", "文件 file"],
                     [[r["id"], r["year"] or "—", r["doc_no"], r["title"], f"{r['scored_areas']}+"
                       f"{r['areas'] - r['scored_areas']}", r["items"],
                       "未公开，重构 not public" if r["scheme_status"] == "reconstructed" else "已公开 stated",
                       f"{r['reconstructed']:.0%}", Path(r["file"]).name if _shipped(r["file"]) else r["file"]]
                      for r in rows]))
    out("领域 areas：评价重点数+其他部分数（当年重点工作、问题、整改、自查）/ scored + other parts. "
        "重构 reconstructed：依据公开材料推断的要点所占比例 / share of items reconstructed from public material, "
        "not taken from the scheme text.")
    return EXIT_OK


def _shipped(path: str) -> bool:
    from scheme.registry import shipped_rubric_paths

    return Path(path) in shipped_rubric_paths()


def load_or_fail(path: str | None) -> Any:
    """Load a rubric for a command, turning problems into a usage error."""
    try:
        return load_rubric(path)
    except RubricError as error:
        raise CliError(str(error), EXIT_USAGE) from None


def _show(args: argparse.Namespace) -> int:
    if args.file and not Path(args.file).is_file():
        try:
            rubric = Registry(args.scheme_dir or ()).resolve(args.file)
        except RubricError as error:
            raise CliError(str(error), EXIT_USAGE) from None
    else:
        rubric = load_or_fail(args.file)
    data = rubric_to_dict(rubric)
    if args.format == "json":
        out(json.dumps(data, ensure_ascii=False, indent=2))
        return EXIT_OK
    meta = data["scheme"]
    out(f"{meta['title']}（{meta['doc_no']}） — {meta['issuer']}")
    out(f"来源说明 provenance: {meta['provenance']['status']} — {meta['provenance']['note']}")
    out(f"总分 total: {data['total_points']:g}"
        + (f"（另有加分项，加分上限 bonus cap {data['bonus_cap']:g}）" if "bonus_cap" in data else "")
        + "；等次 bands: " + "，".join(f"{b['grade']}≥{b['min']:g}" for b in data["grading"]["bands"]))
    for down in data["grading"]["downgrades"]:
        when = (f"{down['indicator']} 连续 {down['declines']} 年下降" if "indicator" in down
                else f"{down['requirement']} {down['result']}")
        out(f"降等 downgrade: {down['title']}（{down['effect']}；{when}）")
    for area in data["areas"]:
        out(f"\n{area['id']} {area['title']}（{area['points']:g} 分）")
        for item in area["items"]:
            mark = "" if item["provenance"]["status"] == "stated" else " [重构 reconstructed]"
            bonus = " [加分项 bonus]" if item.get("bonus") else ""
            out(f"  {item['id']} {item['title']}（{item['points']:g} 分）{bonus}{mark}")
            if "scoring" in item:
                rule = item["scoring"]["deduct"]
                out(f"      扣分 deduct: {rule['requirement']} 每少 {rule['per']:g} 扣 {rule['points']:g} 分，"
                    f"最低 {rule['floor']:g} 分")
            for req in item["requirements"]:
                out(f"      {req['id']} [{req['kind']}] {req['title']}")
    return EXIT_OK
