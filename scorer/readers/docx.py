"""Word .docx reports: body text in document order, heading hints, synthesised list numbers.

Each paragraph becomes one line; a table becomes one line per row with cells joined by `` | ``, a
merged cell's text written in every grid position it covers so the columns stay aligned.
Headers, footers, footnotes, comments and text boxes are not part of the text. Automatic list
numbers are prepended to their paragraphs because that is what the reader of the document sees
(see :mod:`scorer.readers.numbering`). A paragraph gets at most one heading hint: its outline level
or Heading/标题 style when it has one, else its automatic numbering. The body is walked as XML
(not ``iter_inner_content()``) so paragraphs inside content controls (``w:sdt``) are not lost.

Before python-docx touches the file we check it is a zip with a Word main part and that no part
would inflate past :data:`MAX_PART_BYTES` (a zip bomb) and that it has at most
:data:`scorer.limits.MAX_ZIP_MEMBERS` members, using the sizes in the zip directory.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from scorer import limits
from scorer.readers.base import HeadingHint, RawText
from scorer.readers.messages import read_error, short
from scorer.readers.numbering import Numbering, W, shape_level

#: Largest uncompressed part, and all parts together (python-docx loads every related part).
MAX_PART_BYTES, MAX_TOTAL_BYTES = limits.MAX_PART_BYTES, limits.MAX_UNPACKED_BYTES
#: Most grid columns one merged cell is repeated into (Word allows 63 columns; a crafted file may claim more).
MAX_GRID_SPAN = 63

_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# Subtrees whose text Word does not show in the paragraph flow: deleted or moved-away revisions,
# text boxes (floating, read separately if ever needed) and the duplicate Fallback of
# mc:AlternateContent.
_SKIP_TAGS = frozenset({W + "del", W + "moveFrom", W + "txbxContent", _MC + "Fallback", W + "pPr", W + "rPr"})
_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
_BLOCK_WRAPPERS = frozenset({W + "sdt", W + "customXml"})


def _check_zip(path: Path, source: str) -> None:
    """Refuse non-zips, non-Word zips and zip bombs before python-docx opens the file."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            mimetype = zf.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
        raise read_error(source, "not_a_docx", reason_zh=".docx 应为 zip 压缩包",
                         reason_en="not a zip archive") from exc
    except (OSError, RuntimeError, NotImplementedError) as exc:
        raise read_error(source, "corrupt_docx", detail=short(exc)) from exc
    kinds = (("xl/workbook.xml", "这是 Excel 表格", "it is an Excel workbook"),
             ("ppt/presentation.xml", "这是 PowerPoint 演示文稿", "it is a PowerPoint file"))
    for part, zh, en in kinds:
        if part in names:
            raise read_error(source, "not_a_docx", reason_zh=zh, reason_en=en)
    if b"opendocument" in mimetype:
        raise read_error(source, "not_a_docx", reason_zh="这是 ODF/WPS 开放文档格式",
                         reason_en="it is an OpenDocument file")
    if "[Content_Types].xml" not in names:
        raise read_error(source, "not_a_docx", reason_zh="是 zip 压缩包但不是 Office 文档",
                         reason_en="a zip archive but not an Office document")
    if len(infos) > limits.MAX_ZIP_MEMBERS:
        raise limits.too_complex(source, "压缩包内的文件数", "files inside the zip", f"{len(infos):,}",
                                 f"{limits.MAX_ZIP_MEMBERS:,}")
    for info in infos:
        if info.file_size > MAX_PART_BYTES:
            raise read_error(source, "too_large", what=f"文档内部的 {info.filename}",
                             what_en=f"the part {info.filename}", size_mb=info.file_size // 2**20,
                             limit_mb=MAX_PART_BYTES // 2**20)
        if info.filename.endswith((".xml", ".rels")) and info.file_size > limits.MAX_XML_PART_BYTES:
            raise limits.too_complex(source, f"文档内部的 {info.filename} 解压后的大小", f"the unpacked size of "
                                     f"{info.filename}", f"{info.file_size // 2**20:,} MB",
                                     f"{limits.MAX_XML_PART_BYTES // 2**20:,} MB")
    total = sum(i.file_size for i in infos)
    if total > MAX_TOTAL_BYTES:
        raise read_error(source, "too_large", what="文档解压后", what_en="the unpacked document",
                         size_mb=total // 2**20, limit_mb=MAX_TOTAL_BYTES // 2**20)


def _walk(el: Any, out: list[str]) -> None:
    """Collect displayed text of a paragraph subtree (iteratively: crafted files nest deeply)."""
    stack = [el]
    while stack:
        node = stack.pop()
        tag = node.tag
        if not isinstance(tag, str) or tag in _SKIP_TAGS:
            continue
        if tag == W + "r" and _hidden(node):
            continue
        if tag == W + "t" and node.text:
            out.append(node.text)
        elif tag == W + "tab":
            out.append("\t")
        elif tag in (W + "br", W + "cr"):
            if node.get(W + "type") not in ("page", "column"):
                out.append("\n")
        elif tag == W + "noBreakHyphen":
            out.append("-")
        stack.extend(reversed(list(node)))


def _hidden(run: Any) -> bool:
    rpr = run.find(W + "rPr")
    vanish = rpr.find(W + "vanish") if rpr is not None else None
    return vanish is not None and vanish.get(W + "val") not in ("0", "false", "off")


def _blocks(container: Any) -> Iterator[Any]:
    """Yield ``w:p`` and ``w:tbl`` children in order, looking through content controls."""
    for child in container:
        if child.tag in (W + "p", W + "tbl"):
            yield child
        elif child.tag in _BLOCK_WRAPPERS:
            content = child.find(W + "sdtContent") if child.tag == W + "sdt" else child
            if content is not None:
                yield from _blocks(content)


class _Styles:
    """Paragraph style lookups: names, based-on chains, outline levels, style numbering."""

    def __init__(self, styles_el: Any) -> None:
        self.by_id: dict[str, Any] = {}
        self.default: str | None = None
        for style in styles_el.findall(W + "style") if styles_el is not None else ():
            sid = style.get(W + "styleId")
            if sid is None or style.get(W + "type") not in (None, "paragraph"):
                continue
            self.by_id[sid] = style
            if style.get(W + "default") in ("1", "true", "on"):
                self.default = sid

    def chain(self, sid: str | None) -> Iterator[tuple[str, Any]]:
        seen: set[str] = set()
        sid = sid or self.default
        while sid and sid in self.by_id and sid not in seen:
            seen.add(sid)
            style = self.by_id[sid]
            yield sid, style
            based = style.find(W + "basedOn")
            sid = based.get(W + "val") if based is not None else None

    def num_ids(self) -> dict[str, str]:
        out = {}
        for sid, style in self.by_id.items():
            num = style.find(f"{W}pPr/{W}numPr/{W}numId")
            if num is not None and num.get(W + "val"):
                out[sid] = num.get(W + "val")
        return out


class _Reader:
    def __init__(self, styles: _Styles, numbering: Numbering) -> None:
        self.styles = styles
        self.numbering = numbering

    def heading(self, p: Any) -> tuple[int, str] | None:
        """Level and source from outline level or a Heading style, nearest definition first."""
        own = p.find(f"{W}pPr/{W}outlineLvl")
        if own is not None:
            return _outline(own.get(W + "val"))
        for _sid, style in self.styles.chain(_style_id(p)):
            name_el = style.find(W + "name")
            name = name_el.get(W + "val", "") if name_el is not None else ""
            match = _HEADING_NAME.match(name.strip())
            if match:
                return int(match.group(1)), f"style:{name.strip().title()}"
            lvl = style.find(f"{W}pPr/{W}outlineLvl")
            if lvl is not None:
                return _outline(lvl.get(W + "val"))
        return None

    def marker(self, p: Any) -> tuple[str, str, str, int] | None:
        """``(marker, separator, numFmt, level)`` for an automatically numbered paragraph."""
        num_id: str | None = None
        ilvl: int | None = None
        numpr = p.find(f"{W}pPr/{W}numPr")
        if numpr is not None:
            num_id = _child_val(numpr, "numId")
            ilvl = _to_int(_child_val(numpr, "ilvl"))
        sid = _style_id(p)
        if num_id is None:
            for style_id, style in self.styles.chain(sid):
                snum = style.find(f"{W}pPr/{W}numPr")
                if snum is not None and _child_val(snum, "numId") is not None:
                    num_id = _child_val(snum, "numId")
                    if ilvl is None:
                        ilvl = _to_int(_child_val(snum, "ilvl"))
                    if ilvl is None and num_id is not None:
                        ilvl = self.numbering.level_for_style(num_id, style_id)
                    break
        if num_id is None:
            return None
        ilvl = ilvl or 0
        rendered = self.numbering.next_marker(num_id, ilvl)
        if rendered is None:
            return None
        marker, sep, fmt = rendered
        return marker, sep, fmt, shape_level(marker, ilvl)

    def paragraph(self, p: Any) -> tuple[str, tuple[int, str] | None]:
        """The paragraph as displayed (marker + text) and its heading hint, if any."""
        parts: list[str] = []
        _walk(p, parts)
        text = "".join(parts)
        numbered = self.marker(p)
        hint = self.heading(p)
        if numbered is not None:
            marker, sep, fmt, level = numbered
            text = marker + sep + text
            hint = hint or (level, f"numbering:{fmt}")
        return text, hint

    def table_rows(self, tbl: Any) -> Iterator[str]:
        """One line per row, a merged cell's text repeated in every grid column and row it covers.

        A cell spanning columns (``w:gridSpan``) or continuing the cell above (``w:vMerge`` without
        ``restart``) stands in each position it covers, so every row has a cell per grid column and a
        header or row label labels every cell under or beside it. A row that is one cell across the
        whole table (a title inside the table) stays one line, as Word shows it.
        """
        above: dict[int, str] = {}  # grid column -> text of the cell there in the row before
        for tr in tbl.findall(W + "tr"):
            cells: list[str] = []
            sources = 0
            trpr = tr.find(W + "trPr")
            before = _to_int(_child_val(trpr, "gridBefore")) if trpr is not None else None
            cells.extend([""] * min(max(before or 0, 0), MAX_GRID_SPAN))
            for tc in tr.findall(W + "tc"):
                tcpr = tc.find(W + "tcPr")
                span = _to_int(_child_val(tcpr, "gridSpan")) if tcpr is not None else None
                span = min(max(span or 1, 1), MAX_GRID_SPAN)
                merge = tcpr.find(W + "vMerge") if tcpr is not None else None
                if merge is not None and merge.get(W + "val", "continue") == "continue":
                    text = above.get(len(cells), "")  # the restart cell's text, carried down
                else:
                    text = self.cell_text(tc)
                sources += 1
                cells.extend([text] * span)
            above = dict(enumerate(cells))
            if any(cells):
                yield next(c for c in cells if c) if sources == 1 else " | ".join(cells)

    def cell_text(self, tc: Any) -> str:
        pieces: list[str] = []
        for block in _blocks(tc):
            if block.tag == W + "p":
                pieces.append(self.paragraph(block)[0])
            else:
                pieces.extend(self.table_rows(block))
        return " ".join(" ".join(pieces).split())


def _style_id(p: Any) -> str | None:
    el = p.find(f"{W}pPr/{W}pStyle")
    return el.get(W + "val") if el is not None else None


def _child_val(el: Any, tag: str) -> str | None:
    child = el.find(W + tag)
    return child.get(W + "val") if child is not None else None


def _to_int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _outline(value: str | None) -> tuple[int, str] | None:
    level = _to_int(value)
    # Outline level 9 means "body text"; 0-8 are heading levels 1-9.
    if level is None or not 0 <= level <= 8:
        return None
    return level + 1, f"outline:{level + 1}"


def _open(path: Path, source: str) -> Any:
    import docx

    try:
        return docx.Document(str(path))
    except ValueError as exc:
        if "not a Word file" not in str(exc):
            raise read_error(source, "corrupt_docx", detail=short(exc)) from exc
        # python-docx says "file ... is not a Word file, content type is ..." for other Office zips.
        raise read_error(source, "not_a_docx", reason_zh="主文档类型不是 Word 文档",
                         reason_en="the main part is not a Word document") from exc
    except Exception as exc:  # zip, XML and OPC errors all mean "damaged file"
        if "Excessive depth" in str(exc):  # libxml2 refuses elements nested deeper than 256
            raise limits.too_complex(source, "XML 元素嵌套层数", "XML element nesting depth", "> 256", 256) from exc
        raise read_error(source, "corrupt_docx", detail=short(exc)) from exc


def read_docx(path: Path, source: str | None = None) -> RawText:
    """Read a .docx report.

    Args:
        path: The .docx file.
        source: The name to use in errors (the original file when ``path`` is a conversion).

    Returns:
        The report with ``format="docx"``, heading hints and the list of what was skipped.

    Raises:
        ReadError: ``not_a_docx``, ``corrupt_docx``, ``too_large`` or ``empty``.
    """
    source = source or str(path)
    _check_zip(path, source)
    document = _open(path, source)
    try:
        styles = _Styles(document.styles.element)
        part = document.part
        numbering_el = part.numbering_part.element if _has_numbering(part) else None
        reader = _Reader(styles, Numbering(numbering_el, styles.num_ids()))
        body = document.element.body
        lines: list[str] = []
        hint_at: dict[int, tuple[int, str]] = {}
        for block in _blocks(body):
            if block.tag == W + "p":
                text, hint = reader.paragraph(block)
                if hint is not None and text.strip():
                    hint_at[len(lines)] = hint
                lines.append(text)
            else:
                lines.extend(reader.table_rows(block))
        n_boxes = len(body.findall(f".//{W}txbxContent"))
    except Exception as exc:  # malformed XML inside a valid zip
        raise read_error(source, "corrupt_docx", detail=short(exc)) from exc
    text = "\n".join(lines)
    if not text.strip():
        raise read_error(source, "empty")
    hints: list[HeadingHint] = []
    offset = 0
    for i, line in enumerate(lines):
        if i in hint_at:
            level, src = hint_at[i]
            hints.append(HeadingHint(start=offset, end=offset + len(line), level=level, source=src))
        offset += len(line) + 1
    notes = (f"{n_boxes} text box(es) not read",) if n_boxes else ()
    return RawText(text=text, format="docx", encoding=None, hints=tuple(hints), notes=notes)


def _has_numbering(part: Any) -> bool:
    """Whether the document has a numbering part (python-docx would otherwise create one)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    return any(rel.reltype == RT.NUMBERING for rel in part.rels.values())
