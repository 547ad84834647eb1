"""Sensitivity of ``scorer.match``'s weights, and how often each kind of area decision is right (run by hand).

    python benchmarks/weights.py               # each weight below, at and above its value
    python benchmarks/weights.py --precision   # right/located per kind of decision (what confidences rank)

Accuracy is measured on generated reports of seed 11 (the tuning seed: ``benchmarks/heldout.py`` reports
seed 7, which stays held out), three per layout and two per role layout, and on the labelled reports of
``benchmarks/accuracy.py``. The values in ``scorer/match_weights.py`` are the ones this prints as best or
tied; ``docs/matching-weights.md`` keeps a run.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import sys
from collections import Counter
from pathlib import Path

if __package__ in {None, ""}:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.accuracy import evaluate as evaluate_labelled
from benchmarks.accuracy import labelled
from benchmarks.heldout import LAYOUTS, ROLE_LAYOUTS, evaluate
from scheme import load_rubric
from scorer import match
from scorer.match_weights import WEIGHTS
from scorer.read import read_report
from scorer.score import score_document

SWEEP = {  # weight -> values tried besides the current one
    "heading_likeness": (3.0, 5.0),
    "term_in_heading": (1.0, 2.0),
    "parent_pull": (2.0, 3.0),
    "min_area_score": (0.75, 1.5),
    "switch_cost": (2.0, 3.0),
    "enum_pull": (2.5, 7.0),
    "register": (1.0, 3.0),
}
KINDS = (  # reason prefix -> the confidence that kind of decision gets
    ("属于上级部分", "conf_inside_part"), ("非评价内容", "conf_inside_part"), ("部分标题", "conf_part_heading"),
    ("标题与关键词", "terms (score ratio)"), ("标题", "conf_heading"), ("总述部分", "conf_heading"),
    ("问题与整改合并部分，", "conf_merged"), ("问题与整改合并部分", "conf_heading"), ("段首用语", "conf_opening"),
    ("总述标题", "conf_umbrella"), ("合并标题", "conf_merged"), ("问题部分之后", "conf_merged"),
    ("接续上文", "conf_continued"), ("与相邻各点连贯", "conf_smoothed"), ("沿用上级领域", "conf_inherited"),
    ("未匹配到", "conf_no_area"),
)


def accuracy(rubric: object, seed: int) -> tuple[int, int, int, int]:
    """(right, located) on generated reports of ``seed`` and (right, total) on the labelled reports."""
    rng = random.Random(seed)
    generated: Counter = Counter()
    for layout in LAYOUTS * 3:
        generated.update(evaluate(rng, layout, rubric)[0])
    for roles, bases in ROLE_LAYOUTS.items():
        for base in bases[:2]:
            generated.update(evaluate(rng, base, rubric, roles)[0])
    right = total = 0
    for path, labels in labelled():
        row = evaluate_labelled(path, labels, rubric, boundaries=True)
        right, total = right + row["right"], total + row["total"]
    return generated["right"], generated["right"] + generated["wrong"], right, total


def sweep(rubric: object, seed: int) -> None:
    """Print accuracy with each weight moved below and above its value, the others kept."""
    base = accuracy(rubric, seed)
    print(f"{'weight':<18}{'value':>7}{'generated':>20}{'labelled':>14}")
    print(f"{'(current)':<18}{'':>7}{base[0]:>11}/{base[1]:<6}{base[0] / base[1]:>6.1%}{base[2]:>6}/{base[3]:<4}")
    for name, values in SWEEP.items():
        for value in sorted((*values, getattr(WEIGHTS, name))):
            if value == getattr(WEIGHTS, name):
                row = base
            else:
                match.W = dataclasses.replace(WEIGHTS, **{name: value})
                try:
                    row = accuracy(rubric, seed)
                finally:
                    match.W = WEIGHTS
            print(f"{name:<18}{value:>7}{row[0]:>11}/{row[1]:<6}{row[0] / row[1]:>6.1%}{row[2]:>6}/{row[3]:<4}")


def _kind(reason: str) -> str:
    return next((k for prefix, k in KINDS if reason.startswith(prefix)), "other")


def precision(rubric: object, seed: int) -> None:
    """Right/located of each kind of decision over generated paragraphs (``seed``) and labelled lines."""
    counts: dict[str, Counter] = {}
    by_reason: dict[str, Counter] = {}
    rng = random.Random(seed)
    for layout in LAYOUTS * 3:
        evaluate(rng, layout, rubric, by_reason=by_reason)
    for roles, bases in ROLE_LAYOUTS.items():
        for base in bases[:2]:
            evaluate(rng, base, rubric, roles, by_reason=by_reason)
    for reason, c in by_reason.items():
        counts.setdefault(_kind(reason), Counter()).update(c)
    for path, labels in labelled():
        document = read_report(path)
        result = score_document(document, rubric)
        spans = sorted(result.sections, key=lambda s: (s.start, -s.end))
        cursor = 0
        for segment in labels.get("segments", []):
            pos = document.text.find(str(segment["first_chars"]), cursor)
            if pos < 0:
                continue
            cursor = pos + 1
            inner = [s for s in spans if s.start <= pos < s.end]
            if not inner:
                continue
            right = inner[-1].area == segment["area"]
            counts.setdefault(_kind(inner[-1].reason), Counter())["right" if right else "wrong"] += 1
    for kind, c in sorted(counts.items(), key=lambda kv: -getattr(WEIGHTS, kv[0], 0.0)):
        located = c["right"] + c["wrong"]
        print(f"{kind:<22}{getattr(WEIGHTS, kind, ''):>6}{c['right']:>7}/{located:<5}{c['right'] / located:>8.1%}")


def main() -> int:
    """Sweep the weights, or print the precision of each kind of decision."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--precision", action="store_true")
    args = parser.parse_args()
    rubric = load_rubric()
    if args.precision:
        precision(rubric, args.seed)
    else:
        sweep(rubric, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
