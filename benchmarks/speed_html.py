"""The HTML evidence view's cost per report (``python benchmarks/speed.py --parts html``; issue 17: ≤ 0.1 s).

Each report is scored once, then ``render_html`` is timed (median of ``repeat`` runs, in this process, after
one warm-up run): the shipped examples, the real sample report when ``../shared`` is beside the checkout, and
the longest generated report of the corpus (60k characters at most).
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# ../shared beside the checkout (as the tests look for it), or two levels up from a worktree in /work/wt/NAME.
YUNYANG = next((p for p in (ROOT.parent / "shared" / "data" / "reports" / "yunyang-2022.txt",
                            ROOT.parent.parent / "shared" / "data" / "reports" / "yunyang-2022.txt") if p.exists()),
               ROOT.parent / "shared" / "data" / "reports" / "yunyang-2022.txt")
HTML_TARGET_S = 0.1


def measure_html(files: list[Path], repeat: int) -> dict:
    """Median render time, page size and span count per report."""
    from reports.html_view import render_html
    from scheme import load_rubric
    from scorer.api import score_report

    rubric = load_rubric()
    rows = []
    for path in [*sorted((ROOT / "examples").glob("*.txt")), *([YUNYANG] if YUNYANG.exists() else []), *files]:
        result = score_report(path, rubric)
        render_html(result, rubric)  # warm-up: imports and the table finder's vocabulary
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            page = render_html(result, rubric).encode("utf-8")
            times.append(time.perf_counter() - start)
        spans = sum(len(item.evidence) for item in result.items)
        rows.append({"report": path.name, "chars": len(result.text), "spans": spans,
                     "seconds": statistics.median(times), "bytes": len(page)})
    return {"rows": rows, "target": HTML_TARGET_S}


def print_html(res: dict) -> None:
    """The figures and the verdict against the target."""
    html = res.get("html")
    if not html:
        return
    print(f"\nHTML evidence view (render_html, median, target ≤ {html['target']} s a report):")
    for row in html["rows"]:
        print(f"  {row['report']:<34} {row['chars']:>7,} chars {row['spans']:>4} spans  {row['seconds'] * 1000:6.1f} ms"
              f"  {row['bytes'] / 1024:6.0f} KB")
    worst = max(row["seconds"] for row in html["rows"])
    print(f"  worst {worst * 1000:.1f} ms: {'PASS' if worst <= html['target'] else 'FAIL'}")
