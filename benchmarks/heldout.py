"""Section→area accuracy on generated reports the matching rules were never tuned on (run by hand).

``benchmarks/generate.py`` knows which area every body paragraph was written for. Each paragraph's
first sentence is looked up in the rendered report (after punctuation accidents; sentences that occur
twice, or were garbled so they can no longer be found, are skipped) and the area lvzhi gives the
innermost section holding it is compared with the area it was written for.

    python benchmarks/heldout.py -n 70 --seed 7

Role layouts follow (``--roles`` reports each, from their own random stream): ``keywork_sub`` (the year's
key work as the last sub-heading of the body part), ``combined`` (problems and measures in one part, under
two sub-headings or as paragraphs only) and ``nextsteps`` (the measures part headed 下步工作计划, 今后努力方向…),
each on a base layout drawn from those with headings. Their headings are worded apart from the test fixtures'.

Four more layouts follow (``--extra`` reports each, from their own random stream so the seven above are
unchanged): ``tables`` (spending per stage and preschool rates in tables), ``gongwen_pdf`` (a 公文 .docx
converted to PDF by LibreOffice), ``tables_span`` (the tables as a web page with merged cells) and
``ruleless_pdf`` (the 公文 PDF with tables drawn without rules), each with figure recall and false "met"
against a reference reading of the same facts (see ``benchmarks/heldout_tables.py``).
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

if __package__ in {None, ""}:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.content import core_content, county_context, pad
from benchmarks.generate import AVG_PARAGRAPH, target_length
from benchmarks.layout import pick_style, render
from scheme import load_rubric
from scorer.normalize import fold
from scorer.read import read_text
from scorer.score import score_document

LAYOUTS = ("yunyang", "slogan", "merged", "points", "prose", "runin", "noheadings")
SCORED = ("A", "B", "C", "D", "E", "F", "G", "H", "K", "P", "R")
ROLE_LAYOUTS = {  # role layout -> the base layouts it is drawn on
    "keywork_sub": ("yunyang", "slogan", "runin"),
    "combined": ("yunyang", "slogan", "points", "prose", "runin"),
    "nextsteps": ("yunyang", "slogan", "merged", "points", "prose", "runin"),
}


def _probe(paragraph: list[str]) -> str:
    first = re.split(r"[。；;]", paragraph[0])[0]
    return fold(first)[:40]


def area_hits(document, result, content: dict, has_k: bool):
    """Each generated paragraph of a scored area, found back in the report: ``(area, probe, inner)``.

    ``inner`` lists ``(area, reason)`` of the sections holding the paragraph, innermost last; it is ``None``
    when the paragraph cannot be found back exactly once (too short, or repeated), which counts as skipped.
    """
    spans = sorted(((s.start, s.end, s.area, s.reason) for s in result.sections), key=lambda t: (t[0], -t[1]))
    folded = fold(document.text)
    for area in SCORED:
        if area == "K" and not has_k:
            continue
        for paragraph in content.get(area, []):
            probe = _probe(paragraph)
            if len(probe) < 8 or folded.count(probe) != 1:
                yield area, probe, None
                continue
            pos = folded.index(probe)
            yield area, probe, [(a, why) for s, e, a, why in spans if s <= pos < e]


def evaluate(rng: random.Random, layout: str, rubric: object, roles: str = "",
             by_reason: dict[str, Counter] | None = None) -> tuple[Counter, list[str]]:
    """Generate one report in ``layout`` (and role layout ``roles``), score it, and count right/wrong per area.

    ``by_reason`` (when given) counts right/wrong by the reason of the section that decided each paragraph.
    """
    ctx = county_context(rng)
    style = pick_style(rng, layout)
    if roles:
        style = dataclasses.replace(style, roles=roles, has_k=style.has_k or roles == "keywork_sub")
    content = core_content(rng, ctx)
    seed = rng.random()
    target = target_length(rng, 5000, 30000)
    text = render(content, ctx, style, seed)
    while len(text) < target:
        pad(content, rng, ctx, max(1, int((target - len(text)) * 0.8 / AVG_PARAGRAPH)))
        text = render(content, ctx, style, seed)
    document = read_text(text)
    result = score_document(document, rubric)
    counts: Counter = Counter()
    wrong: list[str] = []
    for area, probe, inner in area_hits(document, result, content, style.has_k):
        if inner is None:
            counts["skipped"] += 1
            continue
        got = inner[-1][0] if inner else None
        counts["right" if got == area else "wrong"] += 1
        if by_reason is not None and inner:
            by_reason.setdefault(inner[-1][1], Counter())["right" if got == area else "wrong"] += 1
        if got != area:
            wrong.append(f"{roles or layout}: want {area} got {got}: {probe[:20]}")
    return counts, wrong


def _role_layouts(args: argparse.Namespace, rubric: object, misses: list[str]) -> dict[str, Counter]:
    """Key work as a sub-heading, combined problems and measures, next-steps parts: area accuracy per layout."""
    rng = random.Random(args.seed + 2)  # its own stream: the layouts above draw what they always drew
    out: dict[str, Counter] = {}
    for roles, bases in ROLE_LAYOUTS.items():
        counts: Counter = Counter()
        for i in range(args.roles):
            got, wrong = evaluate(rng, bases[i % len(bases)], rubric, roles)
            counts.update(got)
            misses.extend(wrong)
        located = counts["right"] + counts["wrong"]
        print(f"{roles:<12}{counts['right']:>8}/{located:<7}{counts['right'] / max(located, 1):>10.1%}"
              f"{counts['skipped']:>9}   ({args.roles} reports on {', '.join(bases)})")
        out[roles] = counts
    return out


def _extra_layouts(args: argparse.Namespace, rubric: object) -> dict[str, Counter]:
    """Table-heavy and 公文-PDF reports (benchmarks/heldout_tables.py): area accuracy, figure recall, false met."""
    from benchmarks.heldout_tables import EXTRA_LAYOUTS, available, evaluate_extra

    rng = random.Random(args.seed + 1)  # its own stream: the seven layouts above draw what they always drew
    out: dict[str, Counter] = {}
    for layout in EXTRA_LAYOUTS:
        why = available(layout)
        if why is not None or args.extra <= 0:
            print(f"{layout:<12}skipped: {why or '--extra 0'}")
            continue
        counts: Counter = Counter()
        for _ in range(args.extra):
            counts.update(evaluate_extra(rng, layout, rubric))
        located = counts["right"] + counts["wrong"]
        print(f"{layout:<12}{counts['right']:>8}/{located:<7}{counts['right'] / max(located, 1):>10.1%}"
              f"{counts['skipped']:>9}   figures {counts['figures_found']}/{counts['figures']}"
              f" = {counts['figures_found'] / max(counts['figures'], 1):.1%}, false met {counts['false_met']},"
              f" lost met {counts['lost_met']}, met from table cells {counts['met_from_tables']}"
              f" ({args.extra} reports)")
        out[layout] = counts
    return out


def main() -> int:
    """Generate, score and print accuracy per layout."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=70, help="reports (spread evenly over the layouts)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--roles", type=int, default=12,
                        help="reports per role layout (keywork_sub, combined, nextsteps), from their own random stream")
    parser.add_argument("--extra", type=int, default=4,
                        help="reports per extra layout (tables, gongwen_pdf, tables_span, ruleless_pdf), own stream")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    rubric = load_rubric()
    per_layout: dict[str, Counter] = {layout: Counter() for layout in LAYOUTS}
    misses: list[str] = []
    started = time.perf_counter()
    for i in range(args.n):
        layout = LAYOUTS[i % len(LAYOUTS)]
        counts, wrong = evaluate(rng, layout, rubric)
        per_layout[layout].update(counts)
        misses.extend(wrong)
    print(f"{'layout':<12}{'right/located':>16}{'accuracy':>10}{'skipped':>9}")
    total = Counter()
    for layout, counts in per_layout.items():
        located = counts["right"] + counts["wrong"]
        total.update(counts)
        print(f"{layout:<12}{counts['right']:>8}/{located:<7}{counts['right'] / max(located, 1):>10.1%}"
              f"{counts['skipped']:>9}")
    extra = {**_role_layouts(args, rubric, misses), **_extra_layouts(args, rubric)}
    for counts in extra.values():
        total.update({k: counts[k] for k in ("right", "wrong", "skipped")})
    located = total["right"] + total["wrong"]
    print(f"\nheld-out section→area accuracy {total['right']}/{located} = {total['right'] / max(located, 1):.1%} "
          f"({total['skipped']} paragraphs skipped) over {args.n} generated reports, seed {args.seed}, "
          f"{time.perf_counter() - started:.0f} s")
    if args.verbose:
        for line in Counter(m.split(": ")[0] + ": " + m.split(": ")[1] for m in misses).most_common(20):
            print("   ", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
