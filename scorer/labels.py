"""Label figures: the indicator words before each figure, its change direction and baseline.

The label is the noun phrase before the figure in its clause, fillers stripped (全县, 投入, 达到 ...). A
change figure with nothing of its own before it (比上年增加619万元, 增长0.31%) inherits the label of the
previous figure in its sentence; a bare 占比 becomes "<that label>占比"; members of a 、-list share or
distribute the label (小学、初中公用经费…分别达到700、900元).
"""

from __future__ import annotations

import bisect
import dataclasses
import re

from scorer.figure import Quantity, RawFigure
from scorer.lexicon import SENTENCE_MARKS, alternatives, lexicon, marks, words

WINDOW = 200  # how far back labels, brackets and quotes are looked for; keeps long runs linear
_CLAUSE_SEP = set(marks("clause_marks", *SENTENCE_MARKS) + "\n\r")
_OPEN, _CLOSE = set("(（《【["), set(")）》】]")
QUOTES = {"“": 1, "”": -1, "「": 1, "」": -1, "『": 1, "』": -1, "‘": 1, "’": -1}

_YEAR = r"(?:[0-9０-９]{4}|[〇零一二三四五六七八九]{4})年"


def _words(key: str) -> str:
    """The label vocabulary ``key`` of scorer/data/lexicon.yaml as an alternation (in the list's order)."""
    return alternatives("labels", key)


# Structure (separators, numbering, brackets, ranges, dates) is code; the words come from the lexicon.
_LEAD = re.compile(
    r"^(?:[\s、，,：:“”\"）)]+|[0-9０-９]+[.．、]\s*|[(（][一二三四五六七八九十]+[)）]"
    r"|[一二三四五六七八九十]+[是、]"
    rf"|[(（][^()（）]*[)）]|[0-9０-９.．]+[-—－~～至到]+|{_words('lead_joins')}"
    rf"|(?:{_words('lead_date_from')})?{_YEAR}(?:[0-9０-９]{{1,2}}月(?:[0-9０-９]{{1,2}}日)?)?"
    rf"(?:{_words('lead_dates')})?"
    r"|近[一二三两四五六七八九十0-9]+年来?|[0-9０-９]{4,}学年度?"
    rf"|{_words('lead')})"
)
_TRAIL = re.compile(rf"(?:[\s、，,：:]+|{_words('trail')})$")
_ADVERBS = re.compile(rf"(?:{_words('adverbs')})$")
_CHANGE = re.compile(
    rf"(?:(?<![{re.escape(lexicon()['labels']['increase_not_after'])}])(?P<inc>{_words('increase')})"
    rf"|(?P<dec>{_words('decrease')})|(?P<more>{_words('more_or_less')}))(?P<to>{_words('change_to')})?$"
)
_BASELINE_OF = lexicon()["labels"]["same_period"]  # 同比 -> 上年同期
_SAME_PERIOD = re.compile("(?P<word>" + "|".join(map(re.escape, _BASELINE_OF)) + ")$")
_BASE = (
    rf"(?:[0-9０-９]{{4}}年?(?:{_words('base_year_suffix')})?|[〇零一二三四五六七八九]{{4}}年(?:{_words('base_year_suffix')})?"
    rf"|{_words('base_words')})"
)
_COMPARE = re.compile(rf"(?:{_words('compare_before')})(?P<base>{_BASE})(?:{_words('compare_after')})?$")
_RELATIVE = frozenset(words("labels", "relative"))
_FOLLOW = re.compile(r"[\u4e00-\u9fff]{1,12}")
_FOLLOW_STOP = re.compile(_words("follow_stop"))
LIST_SEP = re.compile(r"\s*、\s*")
_STAGES = words("labels", "stages")
_PEERS = {stage: tuple(s for s in _STAGES if len(s) == len(stage) and s != stage) for stage in _STAGES}


def label_all(
    text: str, raws: list[RawFigure], starts: list[int], spans: list[tuple[int, int]], offset: int
) -> list[Quantity]:
    """Attach labels, change direction and baseline to the raw figures, in order."""
    out: list[Quantity] = []
    stops: set[int] = set()
    anchor: dict[int, Quantity] = {}  # sentence index -> last labelled figure outside brackets
    base_of: dict[int, str] = {}  # sentence index -> last stated baseline
    for raw in raws:
        index = bisect.bisect_right(starts, raw.start) - 1
        lo = max(starts[index], raw.start - WINDOW)
        region_start, opener = _walk_back(text, raw.start, lo, stops)
        label, change, baseline, fallback = _analyse(text[region_start : raw.start])
        if opener is not None and not label and not change:
            outer, _ = _walk_back(text, opener, lo, stops)
            label, _, _, fallback = _analyse(text[outer:opener])
        prior = anchor.get(index)
        listed = prior is not None and not label and LIST_SEP.fullmatch(text, prior.end - offset, raw.start)
        if (change or listed) and not label and prior is not None:
            label = prior.label
        elif prior is not None and LIST_SEP.match(text, prior.end - offset) and 0 < len(label) <= 4:
            # 按小学650元、初中850元: the second member names only what differs from the first.
            if prior.label.endswith(tuple(_PEERS.get(label, ()))):
                label = prior.label[: len(prior.label) - len(label)] + label
        elif label in _RELATIVE and prior is not None:
            label = prior.label + label
        noun_end = raw.end
        if raw.kind == "count":
            label, noun_end = _add_counted_noun(text, raw.after, label)
        if change and baseline is None:
            baseline = base_of.get(index)
        quantity = Quantity(
            value=raw.value, unit=raw.unit, kind=raw.kind, start=raw.start + offset, end=raw.end + offset,
            text=text[raw.start : raw.end], label=label or fallback, change=change, baseline=baseline,
            approx=raw.approx, sentence=(spans[index][0] + offset, spans[index][1] + offset),
            low=raw.low, bound=raw.bound, per=raw.per,
        )  # fmt: skip
        out.append(quantity)
        if baseline is not None:
            base_of[index] = baseline
        if raw.kind != "year":
            stops.add(noun_end)
            if opener is None:
                anchor[index] = quantity
    return _distribute(out)


def _distribute(figures: list[Quantity]) -> list[Quantity]:
    """小学、初中公用经费…分别达到700、900元: give each member of a list its own stage in the label."""
    out = list(figures)
    i = 0
    while i < len(out):
        j = i
        while j + 1 < len(out) and out[j + 1].label == out[i].label and out[j + 1].sentence == out[i].sentence:
            j += 1
        parts = out[i].label.split("、")
        size = j - i + 1
        if size >= 2 and len(parts) == size and all(p in _STAGES for p in parts[:-1]):
            head = next((s for s in _STAGES if parts[-1].startswith(s)), None)
            if head is not None:
                suffix = parts[-1][len(head):]
                names = [*parts[:-1], head]
                for k in range(size):
                    out[i + k] = dataclasses.replace(out[i + k], label=names[k] + suffix)
        i = j + 1
    return out


def _walk_back(text: str, pos: int, lo: int, stops: set[int]) -> tuple[int, int | None]:
    """Return where the figure's clause starts (skipping bracketed asides) and any unclosed opener."""
    depth, i = 0, pos
    while i > lo:
        if depth == 0 and i in stops:
            return i, None
        ch = text[i - 1]
        if ch in _CLOSE:
            depth += 1
        elif ch in _OPEN:
            if depth == 0:
                return i, i - 1
            depth -= 1
        elif depth == 0 and ch in _CLAUSE_SEP:
            return i, None
        i -= 1
    return lo, None


def _analyse(region: str) -> tuple[str, str | None, str | None, str]:
    """Split the words before a figure into label, change direction and baseline.

    Returns:
        ``(label, change, baseline, fallback)``; ``fallback`` is the last non-empty stage of
        stripping (e.g. 投入) for when the stripped label comes out empty.
    """
    words = _strip(region, _TRAIL)
    found = _ending(_CHANGE, words)
    if found is None:
        return _clean(words)
    before = _strip(words[: found.start()], _ADVERBS)
    if found.group("to"):
        return _clean(before)
    baseline = None
    same = _ending(_SAME_PERIOD, before)
    if same is not None:
        baseline = _BASELINE_OF[same.group("word")]
        before = _strip(before[: same.start()], _ADVERBS)
    compare = _COMPARE.search(before)
    if compare is not None:
        baseline = compare.group("base")
        before = before[: compare.start()]
    elif found.group("more") and baseline is None:
        return _clean(words)
    change = "increase" if found.group("inc") or found.group("more") == "多" else "decrease"
    label, _, _, fallback = _clean(before)
    return label, change, baseline, fallback


# _TRAIL's and _ADVERBS' words are at most 4 characters; only _TRAIL's run of separators is longer. Searching the
# last _TAIL characters finds the same match, or the end of a long separator run, whose rest the next round takes.
# _CHANGE (at most 增长率到) and _SAME_PERIOD match at most 4 characters, all at the end: the same match.
_TAIL = 8


def _ending(pattern: re.Pattern[str], words: str) -> re.Match[str] | None:
    """``pattern.search(words)`` for ``_CHANGE`` or ``_SAME_PERIOD``, searched in the tail only."""
    return pattern.search(words, max(0, len(words) - _TAIL))


def _strip(words: str, pattern: re.Pattern[str]) -> str:
    """Remove matches of an end-anchored pattern (``_TRAIL`` or ``_ADVERBS``) until none is left."""
    while words and (found := pattern.search(words, max(0, len(words) - _TAIL))) is not None \
            and found.start() < len(words):
        words = words[: found.start()]
    return words


_WORD = re.compile(r"\w")


def _clean(words: str) -> tuple[str, None, None, str]:
    """Strip leading and trailing fillers from a label; keep the last non-empty stage as fallback."""
    fallback = words.strip() if _WORD.search(words) else ""
    while True:
        lead = _LEAD.match(words)
        if lead is not None and lead.end() > 0:
            words = words[lead.end() :]
        else:
            stripped = _strip(words, _TRAIL)
            if stripped == words:
                return words, None, None, fallback
            words = stripped
        if words.strip():
            fallback = words.strip()


def _add_counted_noun(text: str, after: int, label: str) -> tuple[str, int]:
    """Append the counted noun after the unit (新建2所公办园 -> 新建公办园); also return where it ends."""
    follow = _FOLLOW.match(text, after)
    if follow is None:
        return label, after
    noun = follow.group()
    stop = _FOLLOW_STOP.search(noun)
    noun = noun[: stop.start()] if stop is not None else noun
    return (label if label.endswith(noun) else label + noun), after + len(noun)
