"""The 版记 at the end of a 公文 (抄送：…, …印发), dropped like page numbers.

Patterns live in ``scorer/data/furniture.yaml``; only a run of matching paragraphs at the very end of the
text is taken (after reflow: an imprint line may wrap), so a report that quotes 抄送 in its body keeps it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from scorer.readers.base import Dropped


@lru_cache(maxsize=1)
def imprint_patterns() -> tuple[re.Pattern[str], ...]:
    """The imprint line patterns (read once per process)."""
    import yaml

    source = resources.files("scorer").joinpath("data/furniture.yaml").read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(source, Loader=loader)  # noqa: S506 - a safe loader
    return tuple(re.compile(pattern) for pattern in data["imprint"])


def drop_imprint(paragraphs: list[str]) -> tuple[list[str], list[Dropped]]:
    """Drop the imprint paragraphs at the end of the text.

    Args:
        paragraphs: The report's paragraphs after reflow (an imprint line may wrap on the page).

    Returns:
        The paragraphs without the imprint, and what was dropped.
    """
    cut = len(paragraphs)
    while cut > 0 and any(p.match(re.sub(r"\s+", "", paragraphs[cut - 1])) for p in imprint_patterns()):
        cut -= 1
    dropped = [Dropped(rule="pdf_imprint", text=text.strip()[:200]) for text in paragraphs[cut:]]
    return paragraphs[:cut], dropped
