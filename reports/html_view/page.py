"""The page around the evidence view: document head, inline CSS and script, and the policy that forbids the rest."""

from __future__ import annotations

import base64
import hashlib
from html import escape

from scorer.codes import Status
from scorer.result import ReportResult

# Status colours: light backgrounds under near-black text (#1b1b1b), every pair above 10:1, well past WCAG AA's
# 4.5:1; the same colour marks an item's evidence in the text and its entry in the panel.
# An informational (0-point) item and an unclaimed bonus item (未申报加分) have no status colour: neutral grey.
STATUS_COLOURS = {Status.MET: "#c6ecd0", Status.PARTIAL: "#ffe49a", Status.MISSING: "#ffc7c7",
                  Status.REVIEW: "#cfe0ff", Status.ERROR: "#e3d3f7", Status.INFO: "#ececec",
                  Status.NO_BONUS: "#ececec"}
STATUS_EDGES = {Status.MET: "#1f7a3a", Status.PARTIAL: "#8a6100", Status.MISSING: "#b3261e",
                Status.REVIEW: "#1f4fa8", Status.ERROR: "#6a3fa0", Status.INFO: "#595959",
                Status.NO_BONUS: "#595959"}
NEUTRAL = ("#ececec", "#595959")  # for a status added later without its colours here

_STATUS_CSS = "".join(
    f".st-{s.value}{{background:{STATUS_COLOURS.get(s, NEUTRAL[0])};--edge:{STATUS_EDGES.get(s, NEUTRAL[1])}}}"
    for s in Status)

CSS = """
*{box-sizing:border-box}
html{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{margin:0;font:16px/1.75 "Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",sans-serif;
color:#1b1b1b;background:#fff}
.layout{display:grid;grid-template-columns:minmax(18rem,26rem) 1fr}
#panel{position:sticky;top:0;height:100vh;overflow:auto;border-right:1px solid #bbb;background:#f6f6f3;
padding:.75rem 1rem;font-size:14px;line-height:1.5}
#report{padding:1rem 2.5rem 40vh;max-width:52rem}
#report p{margin:.4rem 0}
#report h1,#report h2,#report h3,#report h4,#report h5,#report h6{line-height:1.4;margin:1.2rem 0 .4rem}
#report h1{font-size:1.5rem}#report h2{font-size:1.3rem}#report h3{font-size:1.15rem}
#report h4,#report h5,#report h6{font-size:1.05rem}
#report table{border-collapse:collapse;margin:.5rem 0}
#report td{border:1px solid #999;padding:.15rem .5rem;vertical-align:top}
.sep{display:none}
.chrome{color:#6b6b6b;background:#efefef;font-size:.9em}
.front,.back{color:#3d3d3d}
mark{color:#1b1b1b;border-bottom:2px solid var(--edge);padding:0 1px;border-radius:2px}
mark.first::before{content:attr(data-item);font-size:.7em;font-weight:700;color:#fff;background:var(--edge);
padding:0 .25em;margin-right:.15em;border-radius:2px;vertical-align:.1em}
mark mark.first::before{margin-left:.15em}
mark.damaged{text-decoration:underline wavy #b3261e;text-decoration-skip-ink:none}
.damage{text-decoration:underline wavy #b3261e;text-decoration-skip-ink:none;background:#fff0f0}
mark.current{outline:3px solid #1b1b1b;outline-offset:1px}
h1.title{font-size:1.1rem;margin:.2rem 0}
.meta,.note{color:#3d3d3d;margin:.2rem 0}
.total{font-size:1.05rem;font-weight:700}
.legend{display:flex;flex-wrap:wrap;gap:.3rem;padding:0;list-style:none;margin:.4rem 0}
.legend li,.badge{padding:0 .4rem;border-radius:3px;border-left:4px solid var(--edge)}
.warn{color:#8a1c14}
#nav{position:sticky;top:-.75rem;background:#f6f6f3;padding:.4rem 0;border-bottom:1px solid #ccc;z-index:1}
#nav button{font:inherit;padding:.15rem .6rem}
#nav-where{margin:0 .4rem}
#panel h2{font-size:1rem;margin:1rem 0 .3rem}
ul.items{list-style:none;padding:0;margin:0}
ul.items>li{margin:.35rem 0;padding-left:.2rem}
button.item{display:block;width:100%;text-align:left;font:inherit;color:#1b1b1b;border:1px solid #aaa;
border-left:6px solid var(--edge);border-radius:4px;padding:.25rem .45rem;cursor:pointer}
button.item[aria-pressed="true"]{outline:3px solid #1b1b1b}
button:focus-visible,a:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}
.score{float:right;font-variant-numeric:tabular-nums}
.why{margin:.15rem 0 0 .6rem;font-size:13px}
.why dt{font-weight:700;color:#3d3d3d}
.why dd{margin:0 0 .2rem .6rem;white-space:pre-line}
details.explain{margin:.1rem 0 0 .6rem;font-size:13px}
details.explain summary{cursor:pointer;color:#3d3d3d}
details.explain ul{margin:0;padding-left:1.2rem}
table.declared{border-collapse:collapse;font-size:12px;width:100%}
table.declared th,table.declared td{border:1px solid #aaa;padding:.1rem .25rem;vertical-align:top;text-align:left}
table.declared th{background:#e6e6e1}
td.wrap{white-space:pre-line}
td.nowrap{white-space:nowrap}
kbd{border:1px solid #888;border-radius:3px;padding:0 .25em;font-size:.85em;background:#fff}
""" + _STATUS_CSS + """
@media print{
.layout{display:block}
#panel{position:static;height:auto;overflow:visible;border:0;background:#fff;break-after:page}
#nav{display:none}
#report{padding:0;max-width:none}
mark.current{outline:0}
button.item{border:1px solid #999;border-left:6px solid var(--edge)}
}
"""

JS = r"""
(function(){
"use strict";
var spans=[],at=-1,chosen=null;
var where=document.getElementById("nav-where");
function marks(item){return document.querySelectorAll('#report mark.first[data-item="'+CSS.escape(item)+'"]');}
function show(){
  document.querySelectorAll("#report mark.current").forEach(function(m){m.classList.remove("current");});
  if(at<0||!spans.length){where.textContent=chosen?chosen+"：无证据摘录 / no evidence quoted":"";return;}
  var span=spans[at],pieces=document.querySelectorAll('#report mark[data-span="'+span.dataset.span+'"][data-item="'
    +CSS.escape(chosen)+'"]');
  pieces.forEach(function(m){m.classList.add("current");});
  span.scrollIntoView({block:"center"});
  where.textContent=chosen+"："+(at+1)+" / "+spans.length;
}
function choose(item,first){
  chosen=item;spans=Array.prototype.slice.call(marks(item));at=spans.length?0:-1;
  document.querySelectorAll("button.item").forEach(function(b){
    b.setAttribute("aria-pressed",b.dataset.item===item?"true":"false");});
  show();
}
function step(by){if(!spans.length){return;}at=(at+by+spans.length)%spans.length;show();}
document.addEventListener("click",function(e){
  var t=e.target.closest("button.item,a.goto,mark");
  if(!t){return;}
  if(t.matches("a.goto")){e.preventDefault();}
  if(t.matches("mark")){
    var item=t.dataset.item,list=Array.prototype.slice.call(marks(item)),span=t.dataset.span;
    choose(item);at=Math.max(0,list.findIndex(function(m){return m.dataset.span===span;}));show();return;}
  choose(t.dataset.item);
  if(t.matches("a.goto")){var b=document.querySelector('button.item[data-item="'+CSS.escape(t.dataset.item)+'"]');
    if(b){b.focus({preventScroll:true});}}
});
document.getElementById("nav-next").addEventListener("click",function(){step(1);});
document.getElementById("nav-prev").addEventListener("click",function(){step(-1);});
document.addEventListener("keydown",function(e){
  if(e.altKey||e.ctrlKey||e.metaKey||!chosen){return;}
  var tag=(e.target.tagName||"").toLowerCase();
  if(tag==="input"||tag==="textarea"){return;}
  if(e.key==="n"||e.key==="j"){step(1);e.preventDefault();}
  else if(e.key==="p"||e.key==="k"){step(-1);e.preventDefault();}
});
function fromHash(){
  var m=/^#item-(.+)$/.exec(decodeURIComponent(location.hash||""));
  if(m&&document.querySelector('button.item[data-item="'+CSS.escape(m[1])+'"]')){choose(m[1]);}
}
window.addEventListener("hashchange",fromHash);
window.addEventListener("beforeprint",function(){
  document.querySelectorAll("details").forEach(function(d){d.open=true;});});
fromHash();
})();
"""


def _digest(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


# Only the page's own style and script run (by hash): no network, no frames, no forms, no injected code.
POLICY = (f"default-src 'none'; style-src '{_digest(CSS)}'; script-src '{_digest(JS)}'; img-src data:; "
          "base-uri 'none'; form-action 'none'")


def attr(value: object) -> str:
    """An attribute value, escaped for double quotes."""
    return escape(str(value), quote=True)


def render_page(result: ReportResult, *, panel: str, body: str) -> str:
    """The whole document: head with policy, style and title, the panel, the report body, the script."""
    county = result.report.county or "未识别区县"
    title = f"{county} 评分依据 / evidence view — {result.report.title or result.source.path}"
    return "".join((
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n',
        f'<meta http-equiv="Content-Security-Policy" content="{attr(POLICY)}">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        '<meta name="referrer" content="no-referrer">\n<link rel="icon" href="data:,">\n',
        f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        '<div class="layout">\n<aside id="panel" aria-label="评分要点 / items">\n', panel, "</aside>\n",
        '<main id="report" aria-label="报告原文 / the report as read">', body, "</main>\n</div>\n",
        f"<script>{JS}</script>\n</body>\n</html>\n",
    ))
