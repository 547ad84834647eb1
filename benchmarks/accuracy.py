"""Accuracy of lvzhi's scorer on labelled reports (run by hand; figures go in the closing note).

Labelled reports: ../shared/data/gold/yunyang-2022.yaml (the real sample, when present) and
tests/fixtures/reports/labels.yaml (synthetic reports in several layouts). Prints, per report and in
total: section→area accuracy over the labelled lines, figure recall (value, unit and an overlapping
span), damaged-span recall, and false "met" (an item the labels say is not evidenced, scored met). Also
(issue 13): items described only (talked about, no concrete support), each report's score with only its
headings left (benchmarks/bare.py; must stay <= 5 with nothing met), and contradicted claims caught on the
reports written for it in benchmarks/claims/ (claims.yaml), with false alarms on its clean report.

    python benchmarks/accuracy.py                 # word boundaries (jieba's dictionary) on, the default
    python benchmarks/accuracy.py --no-boundaries # plain substring matching, to measure what boundaries add
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bare import bare_headings  # noqa: E402
from scheme import load_rubric  # noqa: E402
from scorer.read import read_report, read_text  # noqa: E402
from scorer.score import score_document  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
# Requirement names used in the labels -> rubric items that must not be "met" when the report lacks them.
MISSING_ITEMS = {
    "义务教育教师平均工资不低于当地公务员": ["B5"],
    "教师平均工资不低于当地公务员": ["B5"],
    "学生体质健康": ["C4"],
    "控辍保学/义务教育巩固率": ["F3"],
    "随迁子女/留守儿童": ["F4"],
    "学生欺凌防治": ["G2"],
    "五项管理": ["H5"],
    "近视防控": ["C3"],
    "普惠性幼儿园覆盖率": ["F1"],
    "大班额": ["H3"],
    "校园安全事故": ["G4"],
    "意识形态": ["G5"],
    "双减": ["D1"],
    "两个只增不减": ["B2", "B3"],
}


def labelled() -> list[tuple[Path, dict]]:
    """(report path, labels) for every labelled report available."""
    out = []
    gold = SHARED / "gold" / "yunyang-2022.yaml"
    if gold.exists():
        out.append((SHARED / "reports" / "yunyang-2022.txt", yaml.safe_load(gold.read_text(encoding="utf-8"))))
    labels = ROOT / "tests" / "fixtures" / "reports" / "labels.yaml"
    out.extend((ROOT / entry["file"], entry) for entry in yaml.safe_load(labels.read_text(encoding="utf-8"))["files"])
    return out


def evaluate(path: Path, labels: dict, rubric: object, *, boundaries: bool) -> dict:
    """Score one report and compare it with its labels."""
    document = read_report(path)
    result = score_document(document, rubric, boundaries=boundaries)
    text = document.text
    area_of = {s.id: s.area for s in result.sections}
    spans = sorted(((s.start, s.end, s.id) for s in result.sections), key=lambda t: (t[0], -t[1]))
    right = total = 0
    wrong: list[str] = []
    cursor = 0
    for segment in labels.get("segments", []):
        pos = text.find(str(segment["first_chars"]), cursor)
        if pos < 0:
            continue
        cursor = pos + 1
        inner = [sid for start, end, sid in spans if start <= pos < end]
        predicted = area_of.get(inner[-1]) if inner else None
        total += 1
        if predicted == segment["area"]:
            right += 1
        else:
            wrong.append(f"{segment['first_chars']}: want {segment['area']} got {predicted}")
    figures = labels.get("figures", [])
    found = 0
    for figure in figures:
        at = text.find(str(figure["text"]))
        hit = any(f.value == float(figure["value"]) and f.unit == str(figure["unit"])
                  and at <= f.start < at + len(str(figure["text"])) for f in result.figures) if at >= 0 else False
        found += hit
    damaged = [str(d) for d in labels.get("damaged", [])]
    damaged_found = sum(1 for d in damaged if (at := text.find(d)) >= 0 and document.is_damaged(at, at + len(d)))
    status = {item.id: item.status for item in result.items}
    false_met = []
    for missing in labels.get("missing", []):
        name = missing["requirement"] if isinstance(missing, dict) else str(missing)
        false_met += [f"{name}→{i}" for i in MISSING_ITEMS.get(name, []) if status.get(i) == "met"]
    if "area_deleted" in path.name:
        false_met += [f"deleted G→{i}" for i, s in status.items() if i.startswith("G") and s == "met"]
    bare = score_document(read_text(bare_headings(document)), rubric, boundaries=boundaries)
    described_only = [i.id for i in result.items if i.described and not i.evidenced]
    return {"file": path.name, "right": right, "total": total, "wrong": wrong, "figures": len(figures),
            "figures_found": found, "damaged": len(damaged), "damaged_found": damaged_found, "false_met": false_met,
            "score": result.total, "grade": result.grade, "described_only": described_only, "bare": bare.total,
            "bare_met": bare.count("met")}


def claims(rubric: object) -> tuple[int, int, list[str], list[str]]:
    """(caught, total, extra flags on contradicted reports, false alarms on clean ones) over benchmarks/claims/."""
    folder = ROOT / "benchmarks" / "claims"
    spec = yaml.safe_load((folder / "claims.yaml").read_text(encoding="utf-8"))

    def flagged(name: str) -> set[str]:
        result = score_document(read_report(folder / name), rubric)
        return {r.id for i in result.items for r in i.requirements if "claim_contradicted" in r.reasons}

    caught = total = 0
    extra: list[str] = []
    for name, wanted in spec["contradicted"].items():
        got = flagged(name)
        total += len(wanted)
        caught += len(set(wanted) & got)
        extra += [f"{name}:{r}" for r in sorted(got - set(wanted))]
    alarms = [f"{name}:{r}" for name in spec["clean"] for r in sorted(flagged(name))]
    return caught, total, extra, alarms


def main() -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-boundaries", action="store_true", help="plain substring term matching")
    parser.add_argument("--verbose", action="store_true", help="list every wrong area")
    args = parser.parse_args()
    rubric = load_rubric()
    rows = []
    started = time.perf_counter()
    for path, labels in labelled():
        rows.append(evaluate(path, labels, rubric, boundaries=not args.no_boundaries))
    elapsed = time.perf_counter() - started
    print(f"{'report':<34}{'area acc':>12}{'figures':>10}{'damaged':>10}{'false met':>10}{'score':>8}"
          f"{'desc.only':>10}{'bare':>7}")
    for row in rows:
        acc = f"{row['right']}/{row['total']}"
        print(f"{row['file'][:33]:<34}{acc:>12}{row['figures_found']:>5}/{row['figures']:<4}"
              f"{row['damaged_found']:>5}/{row['damaged']:<4}{len(row['false_met']):>10}{row['score']:>8.1f}"
              f"{len(row['described_only']):>10}{row['bare']:>7.1f}")
        if args.verbose:
            for line in row["wrong"]:
                print(f"    {line}")
            for line in row["false_met"]:
                print(f"    FALSE MET {line}")
    right, total = sum(r["right"] for r in rows), sum(r["total"] for r in rows)
    figs, figs_found = sum(r["figures"] for r in rows), sum(r["figures_found"] for r in rows)
    dmg, dmg_found = sum(r["damaged"] for r in rows), sum(r["damaged_found"] for r in rows)
    false_met = sum(len(r["false_met"]) for r in rows)
    print(f"\nsection→area accuracy {right}/{total} = {right / max(total, 1):.1%}; figure recall {figs_found}/{figs} = "
          f"{figs_found / max(figs, 1):.1%}; damaged recall {dmg_found}/{dmg}; false met {false_met}; "
          f"{len(rows)} reports in {elapsed:.1f} s (boundaries {'off' if args.no_boundaries else 'on'})")
    described = sum(len(r["described_only"]) for r in rows)
    worst_bare = max(rows, key=lambda r: r["bare"])
    caught, total_claims, extra, alarms = claims(rubric)
    print(f"described-only items {described}; bare-heading score max {worst_bare['bare']:.2f} ({worst_bare['file']}), "
          f"items met on bare headings {sum(r['bare_met'] for r in rows)}; contradicted claims caught "
          f"{caught}/{total_claims}, other requirements flagged {len(extra)}, false alarms on clean reports "
          f"{len(alarms)}")
    if args.verbose:
        for row in rows:
            if row["described_only"]:
                print(f"    described only {row['file']}: {', '.join(row['described_only'])}")
        for line in extra + alarms:
            print(f"    claim flag {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
