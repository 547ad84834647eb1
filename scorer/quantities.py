"""Extract figures with their units and indicator labels from report text.

A figure is a number with a recognised unit (万元, %, 个百分点, 所, 平方米 ...) or a year (2021年). Its
span slices the input exactly, so a later stage can refuse damaged spans (700600500元 is kept as written).
The label is the noun phrase before the figure in its clause, fillers stripped (全县, 投入, 达到 ...). A
change figure with nothing of its own before it (比上年增加619万元, 增长0.31%) inherits the label of the
previous figure in its sentence; a bare 占比 becomes "<that label>占比". Chinese numerals in quotes,
non-year figures in 《》 titles, ordinals (第一) and plan names (十四五) are skipped.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from dataclasses import dataclass

from scorer.numerals import (
    CN_NUMERAL_CHARS,
    is_digit_sequence,
    parse_arabic,
    parse_chinese,
    parse_chinese_scaled,
    parse_digit_sequence,
)

__all__ = ["Quantity", "extract_quantities"]


@dataclass(frozen=True)
class Quantity:
    """One figure found in the text.

    Attributes:
        value: Numeric value in the stated unit (197830 for 197830万元, 10000 for 近万名).
        unit: Normalised unit as written: 万元, 元, 亿元, %, 个百分点, 个, 所, 名, 万人, 平方米, 年 ...
        kind: ``amount``, ``percent``, ``points``, ``count``, ``area`` or ``year``.
        start: Start of the number+unit span, plus the ``offset`` given.
        end: End of the span, plus the ``offset`` given.
        text: The exact slice of the input for the span (before adding the offset).
        label: Indicator words the figure belongs to, e.g. 一般公共预算教育经费, 幼儿生均; may be "".
        change: ``None`` for a level, ``"increase"`` or ``"decrease"`` for a change figure.
        baseline: What a change is measured against when stated (上年, 2020年), else ``None``.
        approx: True for 近/约/余/多/左右 figures (20余次, 近万名, 约104亿元).
        sentence: Span of the sentence holding the figure (split at 。；;！？!? and newlines), offset.
    """

    value: float
    unit: str
    kind: str
    start: int
    end: int
    text: str
    label: str
    change: str | None
    baseline: str | None
    approx: bool
    sentence: tuple[int, int]


@dataclass(frozen=True)
class _Raw:
    """A figure before labelling: span, value and unit only."""

    start: int
    end: int
    value: float
    unit: str
    kind: str
    approx: bool
    after: int  # first index after the unit and any 左右, where a counted noun may follow


_Read = tuple[float, str, int]  # value, unit, end of the span
_Match = re.Match[str]
_DEC = r"(?:[.．][0-9０-９]+)?"
_AR = rf"[0-9０-９]{{1,3}}(?:,[0-9０-９]{{3}}(?![0-9０-９]))+{_DEC}|[0-9０-９]+{_DEC}"
_CN = rf"[{CN_NUMERAL_CHARS}]+(?:点[〇零一二三四五六七八九]+[万亿]*)?"
_TOKEN = re.compile(rf"(?P<pct>百分之)?(?:(?P<ar>{_AR})|(?P<cn>{_CN}))")

_COUNT_UNITS = "个所名人次间枚件家项册份条场台套辆位户处座支本种类门张篇部首幅节届"
_TAIL = re.compile(
    r"(?P<ap1>[多余])?(?P<mag>万亿|千万|百万|亿|万|千)?(?P<ap2>[多余])?"
    r"(?:(?P<skip>个月|个工作日|个小时|个学时|个课时|个星期|周岁|岁)"
    r"|(?P<base>个百分点|百分点|平方公里|平方千米|平方米|平米|㎡|公顷|人次|家次"
    rf"|[%％‰元亩年{_COUNT_UNITS}]))?"
    r"(?P<about>左右)?"
)
_UNIT_NAMES = {"％": "%", "百分点": "个百分点", "平米": "平方米", "㎡": "平方米"}
_KINDS = {"%": "percent", "‰": "percent", "个百分点": "points", "年": "year"}
_AREA = ("平方公里", "平方千米", "平方米", "公顷", "亩")
# A count unit followed by these characters starts a word instead (一部分, 3处于, 一次性).
_NOT_UNIT = (
    " 人民 名单 位于 位居 位置 部门 部署 部分 条件 条例 场地 场所 场景 台账 台阶 处理 处罚 处置"
    " 处于 支持 支撑 本科 本地 本县 本市 本区 种植 类型 类别 门户 次性 个性 所有 所属 所在 家长"
    " 家庭 家属 户籍 班子 节约 节日 节能 届时 首批 首先 张贴 间隔 座谈 次要 条款 套餐 "
)
_CN_BAD_PREV = set("第初星周")  # 第一 (ordinal), 初三 (grade), 周一, 星期一
_CN_BAD_PREV_ONE = set("统唯之逐万")  # 统一, 唯一, 之一, 逐一, 万一: words, not the number one
_APPROX_BEFORE = re.compile(r"(?:约|近|将近|接近|逾)$")

_WINDOW = 200  # how far back labels, brackets and quotes are looked for; keeps long runs linear
_SENTENCE_END = re.compile(r"[。；;！？!?\n\r]")
_CLAUSE_SEP = set("，,；;。！？!?：:\n\r")
_OPEN, _CLOSE = set("(（《【["), set(")）》】]")
_QUOTES = {"“": 1, "”": -1, "「": 1, "」": -1, "『": 1, "』": -1, "‘": 1, "’": -1}

_YEAR = r"(?:[0-9０-９]{4}|[〇零一二三四五六七八九]{4})年"
_LEAD = re.compile(
    r"^(?:[\s、，,：:“”\"）)]+|[0-9０-９]+[.．、]\s*|[(（][一二三四五六七八九十]+[)）]"
    r"|[一二三四五六七八九十]+[是、]"
    r"|[(（][^()（）]*[)）]|[0-9０-９.．]+[-—－~～至到]+|和|及|以及|与|或"
    rf"|(?:截至|截止|到)?{_YEAR}(?:[0-9０-９]{{1,2}}月(?:[0-9０-９]{{1,2}}日)?)?"
    r"(?:初|底|末|以来|秋季|春季|上半年|下半年|全年|度)?"
    r"|近[一二三两四五六七八九十0-9]+年来?|[0-9０-９]{4,}学年度?"
    r"|其中|全县|全市|全区|全镇|全省|全国|我县|我区|我市|本县|共计|合计|总计|累计|共(?![建享同])|分别"
    r"|投入(?!使用|运行)|另外|另|同时|此外|并且|并(?!入)|均(?!衡)|为|目前|现有|当年|年内|已经|已)"
)
_TRAIL = re.compile(
    r"(?:[\s、，,：:]+|分别达到|分别为|分别达|分别是|均达到|均达|均为|达到了|达到|(?<![表传下送抵直])达"
    r"|(?<![行作认成因])为|(?<![但就于总正还也只凡])是|共计|合计|总计|累计|共有|共|约为|大约|约|将近|接近"
    r"|近|逾|了|已|有|不少于|不低于|不超过|不高于|超过|少于|低于|高于|不足)$"
)
_ADVERBS = re.compile(r"(?:大幅|进一步|逐年|逐步|稳步|明显|显著|持续|分别|均|再|又|有所|略有|小幅|累计)$")
_CHANGE = re.compile(
    r"(?:(?<!新)(?P<inc>增加|增长率|增长|提高|提升|上升|上涨|增幅|递增|增)"
    r"|(?P<dec>下降|降低|减少|下滑|回落|压减|缩减|削减|降幅|递减|降|减)|(?P<more>多|少))(?P<to>到|至)?$"
)
_SAME_PERIOD = re.compile(r"(?P<word>同比|环比)$")
_BASE = (
    r"(?:[0-9０-９]{4}年?(?:同期|底|末|度)?|[〇零一二三四五六七八九]{4}年(?:同期|底|末|度)?"
    r"|上一?年(?:同期|度|末)?|去年(?:同期)?|前一?年|上学年|上期|同期)"
)
_COMPARE = re.compile(rf"(?:相比于?|相较于?|较之?|对比|比|与)(?P<base>{_BASE})(?:相比|相较|比较|对比)?$")
_RELATIVE = {"占比", "比例", "占", "比重", "比率"}
_FOLLOW = re.compile(r"[\u4e00-\u9fff]{1,12}")
_FOLLOW_STOP = re.compile(
    r"的|和|与|及|被|均|已|等|是|为|获|用于|建成|参加|全部|入选|成为|纳入|实现|开展|进行|通过|达到"
    r"|转型|结对|参与|完成|接受|享受|得到|组成|设有|分别|共|上|以"
)


def extract_quantities(text: str, offset: int = 0) -> list[Quantity]:
    """Find every figure in ``text`` with its unit, kind, label and change direction.

    Args:
        text: Report text (a whole report or one section of it).
        offset: Added to every span, so spans of a section can point into the whole report.

    Returns:
        The figures in text order; spans never overlap and ``text[q.start - offset:q.end - offset]``
        equals ``q.text``.
    """
    starts, spans = _sentences(text)
    raws: list[_Raw] = []
    pos = 0
    while (match := _TOKEN.search(text, pos)) is not None:
        sentence = spans[bisect.bisect_right(starts, match.start()) - 1]
        raw = _read(text, match, sentence) or _listed(text, match, sentence)
        if raw is not None:
            raws.append(raw)
        pos = raw.end if raw is not None else match.end()
    return _label_all(text, raws, starts, spans, offset)


_LIST_SEP = re.compile(r"\s*、\s*")
_STAGES = ("幼儿园", "学前", "小学", "初中", "高中", "中职", "普高", "特教")
_PEERS = {stage: tuple(s for s in _STAGES if len(s) == len(stage) and s != stage) for stage in _STAGES}


def _listed(text: str, match: _Match, sentence: tuple[int, int]) -> _Raw | None:
    """A bare Arabic number in a 、-list takes the unit of the list's last member (700、600、500元)."""
    if not match.group("ar") or match.group("pct"):
        return None
    pos, hops = match.end(), 0
    while hops < 12 and (sep := _LIST_SEP.match(text, pos)) is not None:
        nxt = _TOKEN.match(text, sep.end())
        if nxt is None or not nxt.group("ar"):
            return None
        last = _read(text, nxt, sentence)
        if last is not None:
            if last.kind not in {"amount", "count", "percent", "area"}:
                return None
            return _Raw(match.start(), match.end(), parse_arabic(match.group("ar")), last.unit, last.kind,
                         False, match.end())
        pos, hops = nxt.end(), hops + 1
    return None


def _sentences(text: str) -> tuple[list[int], list[tuple[int, int]]]:
    """Return the start of each sentence and its span trimmed of surrounding whitespace."""
    bounds, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(text)))
    pieces = [(lo, text[lo:hi]) for lo, hi in bounds]
    trimmed = [(lo + len(p) - len(p.lstrip()), lo + len(p.rstrip())) for lo, p in pieces]
    return [lo for lo, _ in bounds], [(left, max(left, right)) for left, right in trimmed]


def _read(text: str, match: _Match, sentence: tuple[int, int]) -> _Raw | None:
    """Turn one number token and the unit after it into a raw figure, or reject it."""
    start = match.start()
    prev = text[start - 1] if start else ""
    if prev == "第" or (match.group("ar") and prev.isascii() and prev.isalpha()):
        return None
    tail = _TAIL.match(text, match.end())
    if tail is None or tail.group("skip"):
        return None
    base = tail.group("base")
    if base and f" {text[tail.start('base') : tail.end('base') + 1]} " in _NOT_UNIT:
        base = None
    lo = max(sentence[0], start - _WINDOW)
    reader = _read_chinese if match.group("cn") else _read_arabic
    read = reader(text, match, tail, base, lo)
    if read is None:
        return None
    value, unit, end = read
    kind = _kind(unit)
    if kind != "year" and _bracketed(text, lo, start, {"《": 1, "》": -1}):
        return None
    approx = bool(tail.group("ap1") or tail.group("ap2") or tail.group("about"))
    approx = approx or bool(_APPROX_BEFORE.search(text, max(0, start - 2), start))
    return _Raw(start, end, value, unit, kind, approx and kind != "year", tail.end())


def _kind(unit: str) -> str:
    """Kind of figure a normalised unit stands for."""
    if unit.endswith("元"):
        return "amount"
    if unit.endswith(_AREA):
        return "area"
    return _KINDS.get(unit, "count")


def _unit(mag: str, base: str) -> str:
    """Join a magnitude and a base unit, with the base in its normal spelling."""
    return mag + _UNIT_NAMES.get(base, base)


def _read_arabic(_text: str, match: _Match, tail: _Match, base: str | None, _lo: int) -> _Read | None:
    """Value, unit and span end of an Arabic token; years need four or more bare digits before 年."""
    token = match.group("ar")
    mag = tail.group("mag") or ""
    if match.group("pct"):
        return parse_arabic(token), "%", match.end()
    if base == "年":
        plain = token.isdigit() and not mag and not tail.group("ap1") and not tail.group("ap2")
        return (parse_arabic(token), "年", tail.end("base")) if plain and len(token) >= 4 else None
    if base is None:
        # A bare magnitude is a unit of its own (1.5万); 千/百万 alone are too often 千米, 百万级...
        if mag in ("万", "亿", "万亿"):
            return parse_arabic(token), mag, tail.end("mag")
        return None
    return parse_arabic(token), _unit(mag, base), tail.end("base")


def _read_chinese(text: str, match: _Match, tail: _Match, base: str | None, lo: int) -> _Read | None:
    """Value, unit and span end of a Chinese token, rejecting slogans, ordinals and digit lists."""
    token, start = match.group("cn"), match.start()
    if match.group("pct"):
        percent = parse_chinese(token)
        return None if percent is None else (float(percent), "%", match.end())
    if base is None or _not_a_number(text, token, start, tail.end("base"), lo, base):
        return None
    if is_digit_sequence(token):
        year = parse_digit_sequence(token)
        ok = base == "年" and len(token) == 4 and year is not None
        return (float(year or 0), "年", tail.end("base")) if ok else None
    scaled = parse_chinese_scaled(token)
    if scaled is None or base == "年":
        return None
    return float(scaled[0]), _unit(scaled[1] + (tail.group("mag") or ""), base), tail.end("base")


def _not_a_number(text: str, token: str, start: int, unit_end: int, lo: int, base: str) -> bool:
    """Tell whether a Chinese numeral is part of a word, ordinal, quoted slogan or 一X一Y idiom."""
    prev = text[start - 1 : start]
    if prev in _CN_BAD_PREV or (token[0] == "一" and prev in _CN_BAD_PREV_ONE):
        return True
    # A bare 万/亿 is a number in running text before a head count (近万名), not in 单位:万元.
    if token in ("万", "亿") and (base == "元" or not "\u4e00" <= prev <= "\u9fff"):
        return True
    # 一校一案, 一人一档: a repeated single numeral is a slogan, not a count.
    twin = text[start - 2 : start - 1] if start >= 2 else ""
    if len(token) == 1 and token in (twin, text[unit_end : unit_end + 1]):
        return True
    return _bracketed(text, lo, start, _QUOTES)


def _bracketed(text: str, lo: int, pos: int, marks: dict[str, int]) -> bool:
    """Tell whether ``pos`` sits inside a pair of ``marks`` (opener 1, closer -1) opened after ``lo``."""
    depth = 0
    for ch in text[lo:pos]:
        step = marks.get(ch, 0)
        if ch == '"' and marks is _QUOTES:
            step = -1 if depth else 1
        depth = max(0, depth + step)
    return depth > 0


def _label_all(
    text: str, raws: list[_Raw], starts: list[int], spans: list[tuple[int, int]], offset: int
) -> list[Quantity]:
    """Attach labels, change direction and baseline to the raw figures, in order."""
    out: list[Quantity] = []
    stops: set[int] = set()
    anchor: dict[int, Quantity] = {}  # sentence index -> last labelled figure outside brackets
    base_of: dict[int, str] = {}  # sentence index -> last stated baseline
    for raw in raws:
        index = bisect.bisect_right(starts, raw.start) - 1
        lo = max(starts[index], raw.start - _WINDOW)
        region_start, opener = _walk_back(text, raw.start, lo, stops)
        label, change, baseline, fallback = _analyse(text[region_start : raw.start])
        if opener is not None and not label and not change:
            outer, _ = _walk_back(text, opener, lo, stops)
            label, _, _, fallback = _analyse(text[outer:opener])
        prior = anchor.get(index)
        listed = prior is not None and not label and _LIST_SEP.fullmatch(text, prior.end - offset, raw.start)
        if (change or listed) and not label and prior is not None:
            label = prior.label
        elif prior is not None and _LIST_SEP.match(text, prior.end - offset) and 0 < len(label) <= 4:
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
    found = _CHANGE.search(words)
    if found is None:
        return _clean(words)
    before = _strip(words[: found.start()], _ADVERBS)
    if found.group("to"):
        return _clean(before)
    baseline = None
    same = _SAME_PERIOD.search(before)
    if same is not None:
        baseline = "上年同期" if same.group("word") == "同比" else "上期"
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


def _strip(words: str, pattern: re.Pattern[str]) -> str:
    """Remove matches of an end-anchored pattern until none is left."""
    while words and (found := pattern.search(words)) is not None and found.start() < len(words):
        words = words[: found.start()]
    return words


def _clean(words: str) -> tuple[str, None, None, str]:
    """Strip leading and trailing fillers from a label; keep the last non-empty stage as fallback."""
    fallback = words.strip() if re.search(r"\w", words) else ""
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
