"""The HTML evidence view without a browser: the page holds the report's whole text once, marks nest, nothing external.

The browser test (test_html_browser.py) checks the same page as rendered; these run everywhere and cover
more reports (tables drawn in several ways, damaged text, a result without its text).
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from reports.html_view import anchor, render_html
from scorer.api import score_report
from scorer.result_json import result_from_dict, result_to_dict

ROOT = Path(__file__).resolve().parent.parent.parent
REPORTS = [ROOT / "tests" / "fixtures" / "html" / "hostile-markup-and-table.txt",
           ROOT / "tests" / "fixtures" / "reports" / "table_heavy_gongwen.txt",
           ROOT / "tests" / "fixtures" / "reports" / "damaged_copy_paste.txt",
           ROOT / "examples" / "青溪县-2022自评报告.txt"]
VOID = {"meta", "link", "br", "hr", "img", "input"}


class _Page(HTMLParser):
    """The text inside <main>, each mark's text by item and offsets, and every URL-bearing attribute."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.main: list[str] = []
        self.marks: dict[str, str] = {}
        self.urls: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.urls += [v for k, v in attrs.items() if k in {"src", "href", "action", "srcset"}]
        self.scripts += tag == "script"
        if tag not in VOID:
            self.stack.append((tag, attrs))

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1][0] == tag, f"</{tag}> closes <{self.stack[-1][0] if self.stack else ''}>"
        self.stack.pop()

    def handle_data(self, data):
        if any(tag == "main" for tag, _ in self.stack):
            self.main.append(data)
        for tag, attrs in self.stack:
            if tag == "mark":
                key = f"{attrs['data-item']}|{attrs['data-start']}-{attrs['data-end']}"
                self.marks[key] = self.marks.get(key, "") + data


def _parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    assert parser.stack == []
    return parser


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.stem)
def test_the_page_holds_the_text_once_and_marks_every_span(path):
    result = score_report(path)
    page = _parse(render_html(result))
    assert "".join(page.main) == result.text
    expected = {f"{item.id}|{ev.start}-{ev.end}": result.text[ev.start:ev.end]
                for item in result.items for ev in item.evidence if ev.end > ev.start}
    assert page.marks == expected
    assert page.scripts == 1
    assert all(url == "data:," or url.startswith("#") for url in page.urls)  # nothing fetched, links stay inside


def test_tables_found_in_the_text_are_tables():
    result = score_report(REPORTS[1])
    page = render_html(result)
    assert page.count("<table>") >= 2
    assert "<td>" in page


def test_hostile_markup_is_escaped_and_the_policy_forbids_remote_loads():
    page = render_html(score_report(REPORTS[0]))
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    policy = unescape(page.split('http-equiv="Content-Security-Policy" content="', 1)[1].split('"', 1)[0])
    assert "default-src 'none'" in policy
    assert "unsafe-inline" not in policy


def test_damaged_text_is_underlined():
    result = score_report(REPORTS[2])
    assert result.damage
    page = render_html(result)
    assert page.count('<span class="damage"') >= len(result.damage)


def test_each_item_has_its_anchor_and_asks_link_to_it():
    result = score_report(REPORTS[3])
    page = render_html(result)
    for item in result.items:
        assert f'<li id="{anchor(item.id)}">' in page
    for item in result.items:
        for ask in item.missing:
            assert f'href="#{anchor(item.id)}"' in page
            assert ask.ask.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") in page


def test_a_result_read_back_from_json_shows_the_panel_and_says_the_text_is_missing():
    result = result_from_dict(result_to_dict(score_report(REPORTS[0])))
    page = render_html(result)
    assert "无法显示依据位置" in page
    assert 'class="item st-' in page


def test_the_asks_table_and_item_details_use_the_declared_columns():
    from reports import tables
    from reports.html_view.panel import ASKS, DETAILS, FLAGS

    result = score_report(REPORTS[3])
    page = render_html(result)
    asks = page.split('data-table="asks"', 1)[1].split("</table>", 1)[0]
    assert [c.header_zh for c in ASKS.columns] == re.findall(r'<th scope="col"><span title="[^"]*">([^<]*)<', asks)
    # the rows are the workbook's 待补材料 rows (reports.table_rows), one per requirement with an ask
    assert asks.count("<tr>") == 1 + sum(1 for item in result.items for req in item.requirements if req.ask)
    for key in (*DETAILS, *FLAGS):
        assert tables.DETAIL.column(key).header_zh in page


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_text_on_every_status_colour_meets_wcag_aa():
    from reports.html_view.page import STATUS_COLOURS, STATUS_EDGES
    from scorer.codes import Status

    assert set(STATUS_COLOURS) == set(Status) == set(STATUS_EDGES)
    for status in Status:
        assert _contrast("#1b1b1b", STATUS_COLOURS[status]) >= 4.5, status  # text on the highlight
        assert _contrast("#ffffff", STATUS_EDGES[status]) >= 4.5, status  # the item tag, white on the edge colour
