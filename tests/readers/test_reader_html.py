"""Government web pages: content container, chrome dropped and reported, charset, hints, attachments."""

from __future__ import annotations

from pathlib import Path

import pytest

from scorer.errors import ReadError
from scorer.readers import read_file
from scorer.readers.html_chrome import token_rule

CONTENT = """
<h2>一、2021年履行教育职责情况</h2>
<p>&nbsp;&nbsp;（一）加强党对教育工作全面领导情况。</p>
<p style="text-indent:2em">1. 健全长效机制。专题研究教育工作<span>28</span>次，增长0.31%。</p>
<div>2. 强化党建引领。<br>常态化开展“党史宣传讲座”。</div>
<table><tr><th>项目</th><th>2021年</th></tr><tr><td>生均经费</td><td>8881.53</td></tr></table>
"""
CONTENT_LINES = [
    "一、2021年履行教育职责情况",
    "（一）加强党对教育工作全面领导情况。",
    "1. 健全长效机制。专题研究教育工作28次，增长0.31%。",
    "2. 强化党建引领。",
    "常态化开展“党史宣传讲座”。",
    "项目 | 2021年",
    "生均经费 | 8881.53",
]


def gov_page(content: str, container: str = '<div class="TRS_Editor">{}</div>', charset: str = "utf-8") -> str:
    """A 政务公开 page: top links, breadcrumb, metadata table, the article, share bar, footer."""
    return f"""<!DOCTYPE html><html><head><meta charset="{charset}">
<title>关于报送履行教育职责自评情况的函_云阳县人民政府</title>
<script>var x = "登录";</script><style>.a{{color:red}}</style></head>
<body>
<div class="top-links"><a href="/login">登录</a> <a href="/reg">注册</a> <a href="/wza">无障碍</a>
  <a href="/old">适老化</a> <a href="/fan">繁体版</a></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zw">政务公开</a></li>
  <li><a href="/hd">政民互动</a></li><li><a href="/fw">政务服务</a></li></ul></div>
<div class="crumbs">当前位置：<a href="/">首页</a> &gt; <a href="/zw">政务公开</a> &gt; 重点信息公示</div>
<table class="xxgk_table"><tr><td>索引号：11500235009270001A/2022-00123</td><td>发布机构：云阳县人民政府办公室</td></tr>
  <tr><td>发布日期：2022-11-04</td><td>主题分类：教育</td></tr></table>
{container.format(content)}
<div class="fj"><a href="/files/自评报告附表.xlsx">自评报告附表.xlsx</a></div>
<div class="share">分享到：<a href="#">微信</a><a href="#">微博</a></div>
<div class="footer"><p>主办：云阳县人民政府办公室 版权所有：云阳县人民政府</p>
  <p>网站标识码：5002350018 ICP备案：渝ICP备12003733号-1</p></div>
</body></html>"""


def test_trs_editor_page_gives_only_content_text(tmp_path: Path) -> None:
    path = tmp_path / "gov_page_trs_editor.html"
    path.write_text(gov_page(CONTENT), encoding="utf-8")
    raw = read_file(path)
    assert raw.text.split("\n") == [*CONTENT_LINES, "附件：自评报告附表.xlsx (/files/自评报告附表.xlsx)"]
    assert (raw.format, raw.encoding) == ("html", "utf-8")
    assert "title:关于报送履行教育职责自评情况的函_云阳县人民政府" in raw.notes
    assert "content:div.TRS_Editor" in raw.notes
    [outside] = raw.dropped
    assert outside.rule == "html_outside_content"
    assert "当前位置" in outside.text
    assert len(outside.text) <= 200


def test_body_fallback_drops_and_reports_each_kind_of_chrome(tmp_path: Path) -> None:
    path = tmp_path / "gov_page_no_known_container.htm"
    path.write_text(gov_page(CONTENT, container='<div class="wenzhang">{}</div>'), encoding="utf-8")
    raw = read_file(path)
    assert raw.text.split("\n") == [*CONTENT_LINES, "附件：自评报告附表.xlsx (/files/自评报告附表.xlsx)"]
    rules = [d.rule for d in raw.dropped]
    assert rules == ["html_header", "html_nav", "html_breadcrumb", "html_metadata", "html_share", "html_footer"]
    texts = {d.rule: d.text for d in raw.dropped}
    assert texts["html_breadcrumb"].startswith("当前位置")
    assert "索引号" in texts["html_metadata"]
    assert "ICP" in texts["html_footer"]
    assert not any(note.startswith("content:") for note in raw.notes)


def test_headings_inside_content_become_hints(tmp_path: Path) -> None:
    path = tmp_path / "h2_heading.html"
    path.write_text(gov_page(CONTENT), encoding="utf-8")
    raw = read_file(path)
    assert [(raw.text[h.start:h.end], h.level, h.source) for h in raw.hints] == [
        ("一、2021年履行教育职责情况", 2, "html:h2")
    ]


@pytest.mark.parametrize("selector", ['<div id="zoom">{}</div>', '<div class="zfxxgk_zw_content">{}</div>',
                                      '<div class="trs_editor_view">{}</div>', '<article>{}</article>'])
def test_other_cms_containers(tmp_path: Path, selector: str) -> None:
    path = tmp_path / "other_cms.html"
    path.write_text(gov_page(CONTENT, container=selector), encoding="utf-8")
    assert read_file(path).text.split("\n")[: len(CONTENT_LINES)] == CONTENT_LINES


def test_gbk_page_decoded_by_meta_charset(tmp_path: Path) -> None:
    path = tmp_path / "gbk_meta_charset.shtml"
    path.write_bytes(gov_page(CONTENT, charset="gbk").encode("gbk"))
    raw = read_file(path)
    assert raw.encoding == "gb18030"
    assert raw.text.split("\n")[: len(CONTENT_LINES)] == CONTENT_LINES
    assert "charset from <meta>: gbk" in raw.notes


def test_lying_meta_charset_falls_back_to_detection(tmp_path: Path) -> None:
    path = tmp_path / "meta_says_utf8_but_gbk.html"
    path.write_bytes(gov_page(CONTENT, charset="utf-8").encode("gb18030"))
    raw = read_file(path)
    assert raw.encoding == "gb18030"
    assert raw.text.split("\n")[0] == CONTENT_LINES[0]


def test_attachment_link_inside_content(tmp_path: Path) -> None:
    path = tmp_path / "attachment_in_content.html"
    path.write_text(gov_page('<p>正文。</p><p>附件：<a href="P020221104.pdf">云阳县自评报告</a></p>'),
                    encoding="utf-8")
    lines = read_file(path).text.split("\n")
    assert lines[:3] == ["正文。", "附件：", "附件：云阳县自评报告 (P020221104.pdf)"]


def test_page_without_text_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "no_text.html"
    path.write_text("<html><body><script>alert(1)</script><img src='a.png'></body></html>", encoding="utf-8")
    with pytest.raises(ReadError) as info:
        read_file(path)
    assert info.value.code == "empty"


@pytest.mark.parametrize(
    ("attrs", "rule"),
    [('class="nav-main"', "html_nav"), ('id="breadcrumb"', "html_breadcrumb"), ('class="footer_wrap"', "html_footer"),
     ('class="bdshare_t"', "html_share"), ('class="main-content"', None), ('class="stop"', None)],
)
def test_class_and_id_tokens(attrs: str, rule: str | None) -> None:
    from selectolax.lexbor import LexborHTMLParser

    node = LexborHTMLParser(f"<div {attrs}>x</div>").css_first("div")
    assert token_rule(node) == rule
