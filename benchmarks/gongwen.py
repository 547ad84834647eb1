"""Write one report text as county offices send it: a 公文-layout .docx, its LibreOffice PDF, an .html page.

The source is plain text, one paragraph a line; a run of lines holding tabs is a table (cells between
tabs), drawn as a real table in every format. The .docx follows GB/T 9704 as offices apply it: A4,
margins 37/35/28/26 mm (top/bottom/left/right), body 16 pt CJK serif (FangSong where installed) with
28 pt exact line spacing and a two-character first-line indent, headings 一、 in a sans face, a
centred title at 22 pt, and "— N —" page numbers in the footer. Used by tests and by
``benchmarks/heldout.py``; the PDF needs LibreOffice (``soffice``).
"""

from __future__ import annotations

import html
import shutil
import subprocess
import tempfile
from pathlib import Path

SERIF = "FangSong"
EAST_ASIA_FALLBACK = "Noto Serif CJK SC"
SANS = "Noto Sans CJK SC"
_HEADING = ("一、", "二、", "三、", "四、", "五、", "六、", "七、", "八、", "九、", "十、")


def blocks(text: str) -> list[str | list[list[str]]]:
    """Paragraphs and tables of a source text: a run of lines with tabs is one table."""
    out: list[str | list[list[str]]] = []
    for line in text.split("\n"):
        if "\t" in line:
            row = [cell.strip() for cell in line.split("\t")]
            if out and isinstance(out[-1], list):
                out[-1].append(row)
            else:
                out.append([row])
        elif line.strip():
            out.append(line.strip())
    return out


def _font(run: object, name: str, size: float, *, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = name
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)


def _page_footer(section: object) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    para = section.footer.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(para.add_run("— "), SERIF, 14)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    para._p.append(field)
    _font(para.add_run(" —"), SERIF, 14)


def _page_header(section: object, text: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    para = section.header.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(para.add_run(text), SERIF, 10.5)


def borderless(table: object) -> None:
    """Set every border of a Word table to none (what offices do to make a table look like text)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "none")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _text_width(text: str, size: float) -> float:
    """Rough width of ``text`` in points: a CJK character is one em, anything else about half."""
    return sum(size if ord(ch) > 0x2E7F else 0.55 * size for ch in text)


def _tab_table(document: object, rows: list[list[str]], size: float = 14) -> None:
    """A table typeset as paragraphs with left tab stops, cells separated by tabs (no Word table at all)."""
    from docx.shared import Pt

    widths = [max(_text_width(row[c], size) for row in rows if c < len(row)) for c in range(max(map(len, rows)))]
    stops, at = [], 0.0
    for width in widths[:-1]:
        at += width + 2 * size
        stops.append(at)
    for row in rows:
        para = document.add_paragraph()
        fmt = para.paragraph_format
        fmt.space_before = fmt.space_after = Pt(0)
        for stop in stops:
            fmt.tab_stops.add_tab_stop(Pt(stop))
        _font(para.add_run("\t".join(row)), SERIF, size)


def write_docx(text: str, path: Path, *, title_lines: int = 1, justify: bool = True, header: str = "",
               tables: str = "grid") -> Path:
    """Write ``text`` as a 公文-layout .docx.

    Args:
        text: The source: one paragraph a line, tables as runs of tab-separated lines.
        path: Where to write.
        title_lines: How many first lines are the centred title.
        justify: Justified body text (Word's default for 公文); False leaves lines ragged on the right.
        header: A running head on every page, if any.
        tables: How tables are drawn: ``grid`` (Word tables with all borders), ``none`` (Word tables with
            every border removed) or ``tabs`` (paragraphs aligned by tab stops).
    """
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Mm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _page_footer(section)
    if header:
        _page_header(section, header)
    for index, block in enumerate(blocks(text)):
        if isinstance(block, list) and tables == "tabs":
            _tab_table(document, block)
            continue
        if isinstance(block, list):
            width = max(len(row) for row in block)
            table = document.add_table(rows=len(block), cols=width)
            if tables == "none":
                borderless(table)
            else:
                table.style = "Table Grid"
            for r, row in enumerate(block):
                for c, cell in enumerate(row):
                    para = table.cell(r, c).paragraphs[0]
                    _font(para.add_run(cell), SERIF, 12)
            continue
        para = document.add_paragraph()
        fmt = para.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(28)
        fmt.space_before = fmt.space_after = Pt(0)
        if index < title_lines:
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _font(para.add_run(block), EAST_ASIA_FALLBACK, 22, bold=True)
            continue
        fmt.first_line_indent = Pt(32)
        para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY if justify else WD_ALIGN_PARAGRAPH.LEFT
        _font(para.add_run(block), SANS if block.startswith(_HEADING) else SERIF, 16)
    document.save(str(path))
    return path


def soffice() -> str | None:
    """The LibreOffice command, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(docx_path: Path, out_dir: Path) -> Path:
    """Convert a .docx to PDF with LibreOffice (headless, private profile); returns the PDF's path."""
    command = soffice()
    if command is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    with tempfile.TemporaryDirectory(prefix="lvzhi-lo-") as profile:
        subprocess.run(
            [command, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(out_dir), str(docx_path)],
            check=True, capture_output=True, timeout=180)
    return out_dir / (docx_path.stem + ".pdf")


def write_html(text: str, path: Path) -> Path:
    """Write ``text`` as a government web page: paragraphs as <p>, tables as <table>, site chrome around."""
    body = []
    for block in blocks(text):
        if isinstance(block, list):
            rows = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in block)
            body.append(f"<table border=\"1\">{rows}</table>")
        else:
            body.append(f"<p>{html.escape(block)}</p>")
    page = ('<html><head><meta charset="utf-8"><title>自评报告</title></head><body>'
            '<div class="crumbs">当前位置：首页 &gt; 政务公开</div>'
            f'<div class="TRS_Editor">{"".join(body)}</div>'
            '<div class="footer">版权所有：人民政府办公室</div></body></html>')
    path.write_text(page, encoding="utf-8")
    return path
