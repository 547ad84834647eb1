"""Section→area accuracy on the held-out reports written by hand in benchmarks/written/ (run by hand).

The six reports there ("prose": area paragraphs without sub-headings; "noheadings": no headings at all) were
written and labelled apart from everything lvzhi's matching rules are tuned on (see the header of
benchmarks/written/labels.yaml). This script scores each with the cq-2022 rubric, as benchmarks/accuracy.py
does, and prints per report, per style and in total the share of labelled lines whose section lvzhi assigns
to the labelled area (over all labelled lines, and over the lines labelled with an area, leaving out the easy
title, salutation, umbrella headings and signature), then every miss. A labelled line whose first characters
cannot be found in the text lvzhi read counts as a miss ("not found"), so a reader change cannot raise the
figure by dropping lines.

    python benchmarks/heldout_written.py                 # word boundaries on, the default
    python benchmarks/heldout_written.py --no-boundaries # plain substring matching

Do not tune matching rules on these reports; write new ones instead once they have been looked at closely.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.accuracy import evaluate  # noqa: E402
from scheme import load_rubric  # noqa: E402

LABELS = ROOT / "benchmarks" / "written" / "labels.yaml"


def entries() -> list[dict]:
    """The labelled entries of benchmarks/written/labels.yaml, in file order."""
    return yaml.safe_load(LABELS.read_text(encoding="utf-8"))["files"]


def measure(entry: dict, rubric: object, *, boundaries: bool) -> dict:
    """Score one written report; right/labelled counts every labelled line, found or not."""
    row = evaluate(ROOT / entry["file"], entry, rubric, boundaries=boundaries)
    labelled = len(entry["segments"])
    # Title, salutation, umbrella headings and signature (area null) are easy; count area lines apart as well.
    areas = sum(1 for s in entry["segments"] if s["area"] is not None)
    area_wrong = sum(1 for line in row["wrong"] if not line.rsplit(": want ", 1)[1].startswith("None "))
    return {"file": row["file"], "style": entry.get("style", "?"), "right": row["right"], "labelled": labelled,
            "not_found": labelled - row["total"], "wrong": row["wrong"], "areas": areas,
            "areas_right": areas - area_wrong - (labelled - row["total"])}


def confusion(rows: list[dict]) -> Counter:
    """(wanted, got) pairs over all misses, most common first."""
    pairs: Counter = Counter()
    for row in rows:
        for line in row["wrong"]:
            want, got = line.rsplit(": want ", 1)[1].split(" got ")
            pairs[(want, got)] += 1
    return pairs


def main() -> int:
    """Run the benchmark and print the table and the misses."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-boundaries", action="store_true", help="plain substring term matching")
    args = parser.parse_args()
    rubric = load_rubric()
    started = time.perf_counter()
    rows = [measure(entry, rubric, boundaries=not args.no_boundaries) for entry in entries()]
    elapsed = time.perf_counter() - started
    print(f"{'report':<32}{'style':<12}{'all lines':>10}{'':>8}{'area lines':>12}{'':>8}{'not found':>11}")
    for row in rows:
        share = row["right"] / max(row["labelled"], 1)
        area_share = row["areas_right"] / max(row["areas"], 1)
        print(f"{row['file']:<32}{row['style']:<12}{row['right']:>5}/{row['labelled']:<4}{share:>8.1%}"
              f"{row['areas_right']:>7}/{row['areas']:<4}{area_share:>8.1%}{row['not_found']:>11}")
    print()
    for style in sorted({row["style"] for row in rows}):
        right = sum(r["right"] for r in rows if r["style"] == style)
        labelled = sum(r["labelled"] for r in rows if r["style"] == style)
        areas_right = sum(r["areas_right"] for r in rows if r["style"] == style)
        areas = sum(r["areas"] for r in rows if r["style"] == style)
        print(f"{style:<12} section→area accuracy {right}/{labelled} = {right / max(labelled, 1):.1%}; "
              f"on area lines {areas_right}/{areas} = {areas_right / max(areas, 1):.1%}")
    right, labelled = sum(r["right"] for r in rows), sum(r["labelled"] for r in rows)
    areas_right, areas = sum(r["areas_right"] for r in rows), sum(r["areas"] for r in rows)
    print(f"total        section→area accuracy {right}/{labelled} = {right / max(labelled, 1):.1%}; "
          f"on area lines {areas_right}/{areas} = {areas_right / max(areas, 1):.1%}; "
          f"{len(rows)} reports in {elapsed:.1f} s (boundaries {'off' if args.no_boundaries else 'on'})")
    print("\nmisses (first chars: want X got Y):")
    for row in rows:
        for line in row["wrong"]:
            print(f"    {row['file']}  {line}")
        if row["not_found"]:
            print(f"    {row['file']}  {row['not_found']} labelled line(s) not found in the text read")
    pairs = confusion(rows)
    if pairs:
        print("\nmost common confusions: " + ", ".join(f"{w}→{g} {n}" for (w, g), n in pairs.most_common(10)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
