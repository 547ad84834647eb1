"""Coded values of a scored report and their labels, in one place.

Every status, requirement outcome, reason and warning kind is a string enum (``class X(str, Enum)``):
a member equals its plain code (``Status.MET == "met"``), is written to JSON as that code, and carries
its Chinese and English labels (``Status.MET.zh``). Outputs take the labels from here and nowhere else
(after spaCy's coded messages and python-docx's enumerations).

Example:
    >>> Status("partial").zh
    '部分达标'
    >>> Reason.BELOW_THRESHOLD == "below_threshold"
    True
"""

from __future__ import annotations

from enum import Enum

__all__ = ["Coded", "Reason", "ReportSignal", "RequirementOutcome", "Status", "WarningKind"]


class Coded(str, Enum):
    """A code with a Chinese and an English label; equal to, and serialised as, the plain code."""

    zh: str
    en: str

    def __new__(cls, code: str, zh: str, en: str) -> Coded:
        """A member whose value is ``code`` (so ``Status("met")`` looks it up), with its labels."""
        member = str.__new__(cls, code)
        member._value_ = code
        member.zh = zh
        member.en = en
        return member

    def __str__(self) -> str:
        """The plain code (also what f-strings and ``format`` give)."""
        return self.value

    @property
    def label(self) -> str:
        """Both labels, ``中文 / English``."""
        return f"{self.zh} / {self.en}"


class Status(Coded):
    """The status of an item (评价要点)."""

    MET = "met", "达标", "met"
    PARTIAL = "partial", "部分达标", "partly met"
    MISSING = "missing", "缺少证据", "evidence missing"
    REVIEW = "review", "需人工核实", "needs review"
    ERROR = "error", "分析出错", "analysis error"
    # An item of a 0-point area (S 自查工作): recorded, never 缺少证据, not red, not in the missing tally.
    INFO = "info", "仅记录（不计分）", "recorded only (not scored)"
    # A 加分项 the report shows nothing for: optional, so not 缺少证据, no 待补材料, not red.
    NO_BONUS = "no_bonus", "未申报加分", "no bonus claimed"


class RequirementOutcome(Coded):
    """What a check made of one requirement (or of one piece of evidence)."""

    PASS = "pass", "通过", "pass"
    FAIL = "fail", "未通过", "fail"
    NOT_FOUND = "not_found", "未找到", "not found"
    REVIEW = "review", "需核实", "review"
    ERROR = "error", "出错", "error"


class Reason(Coded):
    """Why a requirement or an item is not met."""

    NOT_FOUND = "not_found", "报告中未找到相应表述或数据", "no statement or figure found in the report"
    FIGURE_NOT_FOUND = "figure_not_found", "未找到该指标的数据", "no figure found for the indicator"
    CHANGE_NOT_FOUND = ("change_not_found", "有该指标数据，但未说明与上年相比的变化",
                        "the indicator is reported but not its change over the previous year")
    BELOW_THRESHOLD = "below_threshold", "数据未达到规定标准", "the figure is below the required level"
    BOUND_UNCLEAR = ("bound_unclear", "数据只给出范围或上下限（如“超过85%”），不能确定是否达到规定标准",
                     "the figure is a range or a bound that does not settle the required level")
    WRONG_DIRECTION = ("wrong_direction", "变化方向不符合要求（如出现下降）",
                       "the change goes the wrong way (e.g. a decrease)")
    COUNT_SHORT = "count_short", "次数（场次、人次）未达到规定要求", "fewer events than required"
    CHANGE_TOO_SMALL = "change_too_small", "变化幅度未达到规定要求", "the change is smaller than required"
    INCONSISTENT_ARITHMETIC = ("inconsistent_arithmetic", "金额、增加额与增长率之间计算不一致",
                               "amount, increase and growth rate do not agree")
    INCOMPLETE_ARITHMETIC = ("incomplete_arithmetic", "金额、增加额、增长率不全，无法核算",
                             "amount, increase or growth rate missing; cannot be checked")
    DAMAGED_FIGURE = ("damaged_figure", "相关数字疑似复制时丢失标点，不能作为有效证据",
                      "the figures probably lost punctuation in copy-paste; not clean evidence")
    CONFLICTING_FIGURES = "conflicting_figures", "同一指标出现相互矛盾的数据", "conflicting figures for one indicator"
    EVENT_REPORTED = ("event_reported", "报告称发生了相关事件或数量不为零",
                      "the report states the event happened or the count is not zero")
    PARTIAL_MENTION = "partial_mention", "只提到了部分要求的内容", "only part of what is required is mentioned"
    FOUND_OUTSIDE_AREA = "found_outside_area", "证据出现在其他领域的段落中", "evidence found in another area's sections"
    NO_SECTION_MATCHED = "no_section_matched", "没有段落与该要点对应", "no section matches the item"
    ANALYSIS_ERROR = "analysis_error", "分析过程出错（不是缺少证据）", "the analysis failed (not missing evidence)"
    BELOW_COMPARED = ("below_compared", "数据低于应对比的指标（如教师平均工资低于公务员）",
                      "the figure is below the one it is compared with (e.g. teacher pay below civil servants')")
    CLAIM_CONTRADICTED = ("claim_contradicted", "报告的表述与报告自身的数据矛盾",
                          "a claim in the report is contradicted by the report's own figures")
    DESCRIBED_ONLY = ("described_only", "只有标题或笼统表述，没有具体数据、文件或措施",
                      "only a heading or general wording; no figure, document or measure")
    FIGURE_MISSING = "figure_missing", "只有文字表述，没有该指标的数据", "words only; no figure for the indicator"
    # A requirement that failed or needs review without a more precise reason (none of the checks does so today).
    FAILED = "fail", "未通过检查", "the check failed"
    NEEDS_REVIEW = "review", "需人工核实", "needs review"

    @classmethod
    def of_outcome(cls, outcome: RequirementOutcome) -> Reason:
        """The reason standing for an outcome when a check gave none."""
        return {RequirementOutcome.NOT_FOUND: cls.NOT_FOUND, RequirementOutcome.ERROR: cls.ANALYSIS_ERROR,
                RequirementOutcome.REVIEW: cls.NEEDS_REVIEW}.get(outcome, cls.FAILED)


class WarningKind(Coded):
    """The kind of a report-level warning (``damaged`` warnings carry the damage code as their detail)."""

    SCHEME_NOT_CITED = "scheme_not_cited", "未注明评价方案", "no scheme cited"
    SCHEME_MISMATCH = "scheme_mismatch", "引用的方案与细则不一致", "cited scheme differs from the rubric"
    COUNTY_NOT_FOUND = "county_not_found", "未识别区县", "county not found"
    NO_HEADINGS = "no_headings", "无标题层级", "no headings"
    DAMAGED = "damaged", "疑似复制损坏", "damaged in copy-paste"
    READING = "reading", "文字读取有疑问", "text read with doubts"

    @property
    def is_damage(self) -> bool:
        """True for text damaged in copy-paste (listed apart from the other warnings)."""
        return self is WarningKind.DAMAGED

    @property
    def is_scheme(self) -> bool:
        """True for a warning about the scheme the report cites."""
        return self in {WarningKind.SCHEME_NOT_CITED, WarningKind.SCHEME_MISMATCH}


class ReportSignal(Coded):
    """A sign that a file is a county's self-evaluation report (``scorer.report_kind``); labels say it is absent."""

    COUNTY = "county", "未识别区县", "no county named"
    SCHEME = "scheme", "未引用评价方案文号", "no scheme number cited"
    HEADINGS = "headings", "没有可识别的评价重点（领域）标题", "no recognisable area headings"
    EVIDENCE = "evidence", "细则的要点在文中都没有实据", "no rubric item has concrete evidence in it"
