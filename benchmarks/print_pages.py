"""Pages each sheet of a scored workbook prints on in LibreOffice (run by hand; needs soffice and poppler-utils).

    python benchmarks/print_pages.py                 # the examples and the real sample report, scored now
    python benchmarks/print_pages.py a.xlsx b.xlsx   # workbooks already written (by any lvzhi version)

Each workbook is exported to PDF by LibreOffice headless; a page belongs to the sheet its footer names (the
footer's right part is the sheet's name, ``xlsx_common.print_setup``).
"""

from __future__ import annotations

import argparse
import collections
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.gongwen import to_pdf  # noqa: E402 - after the path is set
from benchmarks.speed_html import YUNYANG  # noqa: E402


def sheet_pages(pdf: Path) -> dict[str, int]:
    """Pages per sheet of a PDF LibreOffice exported from a workbook, in print order."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    counts: collections.Counter[str] = collections.Counter()
    for number in range(1, pages + 1):
        text = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), "-layout", str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        lines = [line for line in text.splitlines() if line.strip()]
        counts[lines[-1].split()[-1] if lines else "?"] += 1
    return dict(counts)


def score_samples(folder: Path) -> list[Path]:
    """The examples and, when it is beside the checkout, the real sample report, scored into ``folder``."""
    from reports.excel import write_workbook
    from scheme import load_rubric
    from scorer.read import read_report
    from scorer.score import score_document

    rubric = load_rubric()
    out = []
    for path in [*sorted((ROOT / "examples").glob("*.txt")), *([YUNYANG] if YUNYANG.exists() else [])]:
        document = read_report(path)
        target = folder / f"{path.stem}.xlsx"
        result = score_document(document, rubric)
        write_workbook([result], target, rubric=rubric, texts={result.source.sha256: document.text})
        out.append(target)
    return out


def main() -> None:
    """Print the pages per sheet of each workbook."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workbooks", nargs="*", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lvzhi-pages-") as tmp:
        folder = Path(tmp)
        for workbook in args.workbooks or score_samples(folder):
            counts = sheet_pages(to_pdf(workbook, folder))
            print(f"{workbook.name}: {sum(counts.values())} pages; "
                  + ", ".join(f"{sheet} {n}" for sheet, n in counts.items()))


if __name__ == "__main__":
    main()
