"""Generate realistic synthetic county self-evaluation reports for lvzhi's speed benchmarks.

The reports are built from lvzhi's own sentence templates (``benchmarks/templates.py``) for fictional
counties, with figures that agree with each other (growth rate = increase ÷ (amount − increase) × 100,
rounded to 2 decimals; teacher salary vs civil servants; fitness rates that rise). Each report picks a
layout and a few accidents of publication:

* layouts: ``yunyang`` (letter form, （一） area headings, points 1.–N. running across areas),
  ``slogan`` (slogan headings, plain or run-in paragraphs), ``merged`` (A+B, E+F, G+H under one
  heading), ``points`` (numbered points only, no area headings), ``prose`` (one 在…方面，一是…二是…
  paragraph per area), ``runin`` (第一部分; 1、 / （1） sub-levels restarting per area) and
  ``noheadings`` (paragraphs only);
* optional self-check part first, reordered areas, omitted requirements;
* page chrome: none, a government portal's header and footer, or PDF page numbers (sometimes in the
  middle of a paragraph);
* half-width punctuation, copy-paste damage (lost 〔〕, 、, 年/月), GB18030 encoding, CRLF line ends.

Lengths are drawn log-uniformly between ``--min-chars`` and ``--max-chars`` (characters of the
decoded text, chrome included), so short and typical reports dominate while long ones still occur.
Output depends only on the seed:

    python benchmarks/generate.py OUTDIR -n 1000 --seed 1 --min-chars 5000 --max-chars 60000
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

if __package__ in {None, ""}:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.content import core_content, county_context, pad
from benchmarks.layout import LAYOUTS, Style, pick_style, render

__all__ = ["LAYOUTS", "Report", "corpus", "generate_report", "write_corpus"]

# Paragraphs are added in batches sized from the remaining deficit; this is a typical paragraph's length.
AVG_PARAGRAPH = 220


@dataclass(frozen=True)
class Report:
    """One generated report."""

    name: str
    county: str
    style: Style
    text: str  # LF line ends; ``data`` holds the encoded file content

    @property
    def data(self) -> bytes:
        text = self.text.replace("\n", "\r\n") if self.style.crlf else self.text
        return text.encode(self.style.encoding)


# ---------------------------------------------------------------- public API


def generate_report(rng: random.Random, target_chars: int, *, layout: str | None = None, index: int = 0) -> Report:
    """One report of at least ``target_chars`` characters (exceeding it by about a paragraph)."""
    ctx = county_context(rng)
    style = pick_style(rng, layout)
    content = core_content(rng, ctx)
    seed = rng.random()
    text = render(content, ctx, style, seed)
    while len(text) < target_chars:
        deficit = target_chars - len(text)
        pad(content, rng, ctx, max(1, int(deficit * 0.8 / AVG_PARAGRAPH)))
        text = render(content, ctx, style, seed)
    county = ctx["C"] + ctx["U"]
    return Report(f"{index:04d}-{county}-{style.layout}.txt", county, style, text)


def target_length(rng: random.Random, min_chars: int, max_chars: int) -> int:
    """A length drawn log-uniformly from [min_chars, max_chars]."""
    return round(math.exp(rng.uniform(math.log(min_chars), math.log(max_chars))))


def corpus(n: int, seed: int, min_chars: int, max_chars: int, layout: str | None = None):
    """Yield ``n`` reports; report ``i`` depends only on ``seed`` and ``i``."""
    for i in range(1, n + 1):
        rng = random.Random(seed * 1_000_003 + i)
        yield generate_report(rng, target_length(rng, min_chars, max_chars), layout=layout, index=i)


def write_corpus(outdir: Path, n: int, seed: int, min_chars: int = 5000, max_chars: int = 60000,
                 layout: str | None = None) -> list[Report]:
    """Write ``n`` reports to ``outdir`` (created if needed) and return them."""
    outdir.mkdir(parents=True, exist_ok=True)
    reports = []
    for report in corpus(n, seed, min_chars, max_chars, layout):
        (outdir / report.name).write_bytes(report.data)
        reports.append(report)
    return reports


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("-n", type=int, default=100, help="number of reports (default 100)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--min-chars", type=int, default=5000)
    parser.add_argument("--max-chars", type=int, default=60000)
    parser.add_argument("--layout", choices=LAYOUTS, help="force one layout")
    args = parser.parse_args(argv)
    if not 0 < args.min_chars <= args.max_chars:
        parser.error("need 0 < --min-chars <= --max-chars")
    reports = write_corpus(args.outdir, args.n, args.seed, args.min_chars, args.max_chars, args.layout)
    lengths = [len(r.text) for r in reports]
    print(f"wrote {len(reports)} reports to {args.outdir}: {sum(lengths):,} characters; "
          f"min {min(lengths):,}, median {statistics.median(lengths):,.0f}, max {max(lengths):,}")
    print("layouts: " + ", ".join(f"{k} {v}" for k, v in Counter(r.style.layout for r in reports).most_common()))
    styles = [r.style for r in reports]
    print("chrome: " + ", ".join(f"{k} {v}" for k, v in Counter(s.chrome for s in styles).most_common())
          + f"; damaged {sum(s.damaged for s in styles)}; half-width {sum(s.halfwidth for s in styles)}"
          + f"; gb18030 {sum(s.encoding == 'gb18030' for s in styles)}; crlf {sum(s.crlf for s in styles)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
