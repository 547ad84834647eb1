"""The closed set of check kinds a rubric requirement may use, with their typed parameters.

YAML chooses a kind and fills its parameters; it never holds code. The registry ``KINDS`` must equal
the ``kind`` enum in ``rubric.schema.json`` (a test checks it). The checks themselves live in
``scorer.checks``; this module only says what each kind takes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Mention:
    """The report mentions the topic.

    What it checks: each group is a list of alternative terms; with ``match: any`` one group found is
    enough, with ``match: all`` every group must be found (in the sections matched to the item, or
    anywhere in the report when none matched). Occurrences inside an ``exclude`` string do not count.

    Options: ``groups`` (list of term lists), ``patterns`` (regular expressions, each one more
    group), ``match`` (any|all, default all), ``exclude``,
    ``min_count`` (occurrences of the first group needed, default 1).

    Passing: groups [[双减], [校外培训]] match all, text "召开双减专题会议…校外培训机构全部转型".
    Failing: groups [[控辍, 辍学]] exclude [确保学校], text "确保学校安全" (no occurrence counts).
    """

    groups: tuple[tuple[str, ...], ...]
    match: str = "all"
    patterns: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    min_count: int = 1


@dataclass(frozen=True)
class Threshold:
    """A figure of an indicator compared against a threshold.

    What it checks: the indicator's figure in ``unit`` satisfies ``op value``.

    Options: ``indicator`` (id), ``op`` (>=, >, <=, <, ==), ``value``, ``unit``.

    Passing: 普惠性幼儿园覆盖率 >= 80 %, text "普惠性幼儿园覆盖率达97.14%".
    Failing: 公办园在园幼儿占比 >= 50 %, text "公办园在园幼儿占比达45.2%".
    """

    indicator: str
    op: str
    value: float
    unit: str


@dataclass(frozen=True)
class Change:
    """A year-over-year change with a direction and an optional minimum.

    What it checks: the indicator's change (比上年增加/增长/下降…) goes in ``direction``;
    ``not_decrease`` passes on an increase or no change. With ``min`` the size of the change must
    reach it, in ``unit`` when given.

    Options: ``indicator``, ``direction`` (increase, decrease, not_decrease, not_increase), ``min``,
    ``unit``.

    Passing: edu_budget_total not_decrease, text "比上年增加619万元,增长0.31%".
    Failing: myopia_rate decrease min 0.5 个百分点, text "总体近视率下降0.3个百分点".
    """

    indicator: str
    direction: str
    min: float | None = None
    unit: str | None = None


@dataclass(frozen=True)
class ZeroEvent:
    """An explicit statement that something did not happen or numbers zero.

    What it checks: a sentence negates one of the ``subject`` terms (未发生/无/没有/杜绝/零…), or the
    ``indicator``'s count is 0. A figure above zero fails.

    Options: ``subject`` (terms), ``indicator`` (optional count indicator).

    Passing: subject [重大校园安全责任事故], text "未发生重大校园安全责任事故".
    Failing: indicator super_large_class_count, text "超大班额3个".
    """

    subject: tuple[str, ...]
    indicator: str | None = None


@dataclass(frozen=True)
class Arithmetic:
    """An amount, its increase and its growth rate agree.

    What it checks: rate = increase / (amount - increase) x 100 within ``tolerance`` percentage
    points; on disagreement the recomputed rate is reported.

    Options: ``indicator``, ``tolerance`` (default 0.01).

    Passing: "197830万元,比上年增加619万元,增长0.31%" (619 / 197211 = 0.3139 %).
    Failing: "10000万元,比上年增加500万元,增长8%" (recomputed 5.26 %).
    """

    indicator: str
    tolerance: float = 0.01


@dataclass(frozen=True)
class Compare:
    """One indicator's figure compared with another's from the same report.

    What it checks: the first clean level figure of ``left`` satisfies ``op`` against the first clean level
    figure of ``right`` (money converted between 元/万元/亿元). Words alone ("基本持平", "不低于") are no
    figures: the requirement is then described only and asks for both figures.

    Options: ``left`` (indicator id), ``op`` (>=, >, <=, <, ==), ``right`` (indicator id).

    Passing: teacher_salary >= civil_servant_salary, text "教师年平均工资收入12.46万元，公务员年平均工资收入12.18万元".
    Failing: teacher_salary >= civil_servant_salary, text "教师年平均工资收入11.8万元，公务员年平均工资收入12.2万元".
    """

    left: str
    op: str
    right: str


@dataclass(frozen=True)
class Count:
    """A number of events (meetings, inspections, trainings) compared with a minimum.

    What it checks: a count figure (次, 场, 人次 …) whose label names one of the ``events`` (召开专题会议3次,
    开展督导检查12次, 培训教师1200人次) is found in the item's sections (else anywhere evaluative) and the
    largest such clean figure reaches ``min``. The figure extraction of ``scorer.quantities`` reads the number
    (Arabic or Chinese numerals); the event words are data. An item ``scoring.deduct`` rule may turn a
    shortfall into step deductions instead of no credit.

    Options: ``events`` (terms, any in the figure's label), ``min`` (N, the count needed), ``units`` (count
    units accepted, default 次 and 场), ``exclude`` (a label containing any of these is not the event).

    Passing: events [专题会议] min 2, text "县委常委会召开教育工作专题会议3次".
    Failing: events [督导检查] min 12, text "全年开展督导检查8次" (4 short).
    """

    events: tuple[str, ...]
    min: float
    units: tuple[str, ...] = ("次", "场")
    exclude: tuple[str, ...] = ()


KINDS: dict[str, type] = {
    "mention": Mention,
    "threshold": Threshold,
    "change": Change,
    "zero_event": ZeroEvent,
    "arithmetic": Arithmetic,
    "compare": Compare,
    "count": Count,
}

_COMMON_KEYS = frozenset({"id", "kind", "title", "ask", "weight", "rule", "provenance", "substance"})


def _freeze(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


def build_params(kind: str, data: dict[str, Any]) -> Any:
    """Build the frozen parameter object of ``kind`` from a validated requirement mapping.

    Args:
        kind: A key of ``KINDS``.
        data: The requirement's mapping, as validated by the schema.

    Returns:
        An instance of the kind's parameter dataclass.
    """
    params = {key: _freeze(value) for key, value in data.items() if key not in _COMMON_KEYS}
    return KINDS[kind](**params)


def indicator_of(params: Any) -> str | None:
    """Return the indicator id a requirement's parameters refer to, if any (the left one of a comparison)."""
    return getattr(params, "indicator", None) or getattr(params, "left", None)


def indicators_of(params: Any) -> tuple[str, ...]:
    """Every indicator id a requirement's parameters refer to."""
    return tuple(i for i in (getattr(params, "indicator", None), getattr(params, "left", None),
                             getattr(params, "right", None)) if i)
