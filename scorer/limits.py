"""Every bound on what one input may cost, in one place (issue 16: crafted files must not hang lvzhi).

A real report is 10k-100k characters, a few hundred lines, a .docx under 10 MB, a PDF of under 200
pages; each limit below is one to two orders of magnitude above that, so only a damaged or crafted
file reaches one. A file that does is refused with :func:`too_complex` (a :class:`ReadError`, code
``too_complex``) whose bilingual message names the limit and says what to do; the rest of a batch is
scored as usual.

========================  ==========================================================================
Input                      Bounds (constant)
========================  ==========================================================================
any report file            bytes on disk: :data:`MAX_TEXT_BYTES` (.txt/.html), :data:`MAX_BINARY_BYTES`
decoded report text        characters :data:`MAX_TEXT_CHARS`, lines :data:`MAX_LINES` (each line
                           costs the later stages a few hundred bytes of structures)
.docx (zip)                members :data:`MAX_ZIP_MEMBERS`, one part unpacked :data:`MAX_PART_BYTES`,
                           all parts :data:`MAX_UNPACKED_BYTES`; XML nesting :data:`MAX_DEPTH`
Word numbering             counter values :data:`MAX_LIST_NUMBER` (Word's own cap), ``lvlText``
                           length :data:`MAX_LEVEL_TEXT` (so ``%1`` cannot repeat without bound)
HTML                       elements :data:`MAX_HTML_ELEMENTS`, attributes on one element
                           :data:`MAX_HTML_ATTRIBUTES`, nesting :data:`MAX_DEPTH`
PDF                        pages :data:`MAX_PDF_PAGES`, page side :data:`MAX_PDF_PAGE_POINTS`, streams
                           inflated :data:`MAX_PDF_INFLATED_BYTES` (the Flate bomb); read
                           in a child process with :data:`PDF_SECONDS` and :data:`PDF_MEMORY_BYTES`
                           (pdfminer can loop on a ``/Length`` reference cycle and inflates Flate
                           streams whole, so in-process checks cannot bound it)
workbooks (review)         members :data:`MAX_ZIP_MEMBERS`, parts as for .docx, shared strings
                           :data:`MAX_SHARED_STRINGS`
rubric YAML                see :mod:`scheme.safety` (the rubric layer cannot import this one):
                           alias expansion, regular expressions, numbers
a report in a batch        :data:`BATCH_REPORT_SECONDS`, :data:`BATCH_REPORT_MEMORY` (see below)
========================  ==========================================================================

Batch allowances: in a batch each report runs in a worker process; one that takes longer than
``BATCH_REPORT_SECONDS`` or grows its worker's address space by more than ``BATCH_REPORT_MEMORY`` bytes is
stopped and listed as unreadable with the limit it hit, and the batch goes on.

Figures in the engine that are quadratic in the worst case are kept linear by construction rather
than capped (damage overlap removal, sentence starts); see :mod:`scorer.damage`.
"""

from __future__ import annotations

import mmap
import os
import pickle
import re
import select
import signal
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

try:
    import resource
except ImportError:  # pragma: no cover - Windows: no setrlimit, readers run in-process
    resource = None  # type: ignore[assignment]

from scheme.safety import MAX_ALIAS_NODES, MAX_PATTERN_LENGTH, MAX_RUBRIC_BYTES  # noqa: F401 - listed here too
from scorer.errors import ReadError

MiB = 2**20

# A report normally takes under a second (benchmarks/speed.py); three minutes is far past any honest file, and
# longer than a LibreOffice conversion may take (readers/libreoffice.py, 120 s), whose own message is clearer.
BATCH_REPORT_SECONDS = 180.0
# Address space a worker may add while reading and scoring one report (a normal report needs ~150 MB).
BATCH_REPORT_MEMORY = 1536 * 1024 * 1024
# After asking a worker to stop (SIGTERM), how long to wait before killing it outright.
WORKER_STOP_GRACE_SECONDS = 2.0

#: Largest text or HTML file read (a long report is well under 1 MB).
MAX_TEXT_BYTES = 50 * MiB
#: Largest .docx, .pdf or .doc file read (pictures make these larger than the text alone).
MAX_BINARY_BYTES = 500 * MiB
#: Characters of report text after reading (the longest real report is about 100k; 2M score in ~20 s).
MAX_TEXT_CHARS = 2_000_000
#: Lines of report text (a 200-page report has about 5,000; each line can be a section, and 50k sections
#: score in ~20 s and 400 MB).
MAX_LINES = 50_000

#: Members of a zip container (.docx, .xlsx); Word writes about 20, with pictures a few hundred.
MAX_ZIP_MEMBERS = 10_000
#: One part of a zip container, unpacked (document.xml of a real report is under 10 MB).
MAX_PART_BYTES = 200 * MiB
#: All parts of a zip container together, unpacked (python-docx loads every related part).
MAX_UNPACKED_BYTES = 600 * MiB
#: Nesting of elements: HTML tags, Word content controls and tables (real files stay under 50).
MAX_DEPTH = 200

#: Largest list counter value, as Word caps ``w:start`` and ``w:startOverride``.
MAX_LIST_NUMBER = 32767
#: Characters of a list level's ``w:lvlText`` used (Word's dialog allows far fewer).
MAX_LEVEL_TEXT = 64

#: Elements in one HTML page (a long government page has about 10,000).
MAX_HTML_ELEMENTS = 500_000
#: Attributes on one HTML element.
MAX_HTML_ATTRIBUTES = 1_000

#: Pages of a PDF.
MAX_PDF_PAGES = 2_000
#: Width or height of a PDF page in points (14,400 = 200 inches, Acrobat's own maximum).
MAX_PDF_PAGE_POINTS = 14_400
#: Bytes the compressed streams of a PDF inflate to, pictures aside (a real report's text: a few MB).
MAX_PDF_INFLATED_BYTES = 256 * MiB
#: Seconds a PDF may take to read (a 100-page report takes a few).
PDF_SECONDS = 25
#: Address space of the process reading a PDF (a 15-page report reads within 300 MB).
PDF_MEMORY_BYTES = 1024 * MiB

#: Shared strings of a workbook read back by ``review`` (one lvzhi workbook holds a few thousand).
MAX_SHARED_STRINGS = 1_000_000


def too_complex(path: str, what_zh: str, what_en: str, value: object, limit: object) -> ReadError:
    """The error for a file that exceeds one of the limits above.

    Args:
        path: The file, as the inspector named it.
        what_zh: What was measured, in Chinese (e.g. ``元素嵌套层数``).
        what_en: The same in English (e.g. ``element nesting depth``).
        value: What the file has (or ``"> limit"`` when counting stopped at the limit).
        limit: The limit.

    Returns:
        A ``ReadError`` with code ``too_complex``, ready to raise.
    """
    from scorer.readers.messages import read_error

    return read_error(path, "too_complex", what=what_zh, what_en=what_en, value=value, limit=limit)


def check_text(text: str, path: str) -> None:
    """Refuse decoded report text with more characters or lines than the later stages are bounded for.

    Args:
        text: The decoded report.
        path: The file, for the message.

    Raises:
        ReadError: ``too_complex`` naming :data:`MAX_TEXT_CHARS` or :data:`MAX_LINES`.
    """
    if len(text) > MAX_TEXT_CHARS:
        raise too_complex(path, "文字字符数", "characters of text", f"{len(text):,}", f"{MAX_TEXT_CHARS:,}")
    lines = text.count("\n") + 1
    if lines > MAX_LINES:
        raise too_complex(path, "文字行数", "lines of text", f"{lines:,}", f"{MAX_LINES:,}")


def check_pdf_shape(path: str, source: str) -> None:
    """Refuse a PDF with more than :data:`MAX_PDF_PAGES` pages or a page side over :data:`MAX_PDF_PAGE_POINTS`.

    Asked of pdfium (C, fast) before pdfplumber lays out any page; a file pdfium cannot open is left to
    the reader, which says what is wrong with it.

    Args:
        path: The PDF.
        source: The name for the message.

    Raises:
        ReadError: ``too_complex``.
    """
    try:
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(path)
    except Exception:  # noqa: BLE001 - not ours to diagnose
        return
    try:
        pages = len(pdf)
        if pages > MAX_PDF_PAGES:
            raise too_complex(source, "PDF 页数", "PDF pages", f"{pages:,}", f"{MAX_PDF_PAGES:,}")
        for index in range(pages):
            width, height = pdf.get_page_size(index)
            if max(width, height) > MAX_PDF_PAGE_POINTS:
                raise too_complex(source, f"第 {index + 1} 页的尺寸（点）", f"the size of page {index + 1} in points",
                                  f"{width:,.0f} × {height:,.0f}", f"{MAX_PDF_PAGE_POINTS:,}")
    finally:
        pdf.close()


_STREAM = re.compile(rb"(?<!end)stream\r?\n")


def check_pdf_streams(path: str, source: str) -> None:
    """Refuse a PDF whose compressed streams, pictures aside, inflate past :data:`MAX_PDF_INFLATED_BYTES`.

    pdfminer inflates a content stream whole, so a 5 MB stream of zeros became 10 GB. Here each stream
    is inflated a megabyte at a time and only counted; a stream that is not zlib data stops at once.

    Args:
        path: The PDF.
        source: The name for the message.

    Raises:
        ReadError: ``too_complex``.
    """
    total = 0
    with Path(path).open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
        for match in _STREAM.finditer(data):
            if b"/Image" in data[max(match.start() - 400, 0):match.start()]:
                continue  # pictures are not inflated to read the text
            inflate = zlib.decompressobj()
            pos = match.end()
            try:
                while not inflate.eof and pos < len(data):
                    pending = data[pos:pos + (1 << 16)]
                    pos += len(pending)
                    while pending and not inflate.eof:
                        total += len(inflate.decompress(pending, 1 << 20))
                        pending = inflate.unconsumed_tail
                        if total > MAX_PDF_INFLATED_BYTES:
                            raise too_complex(source, "PDF 内容解压后的大小", "the PDF's content once inflated",
                                              f"> {MAX_PDF_INFLATED_BYTES // MiB:,} MB",
                                              f"{MAX_PDF_INFLATED_BYTES // MiB:,} MB")
            except zlib.error:
                continue


def _child_result(func: Callable[..., Any], args: tuple[Any, ...]) -> bytes:
    """Run ``func`` in the child and pickle what came of it (exceptions as plain data: not all unpickle)."""
    try:
        return pickle.dumps(("ok", func(*args)))
    except ReadError as exc:
        return pickle.dumps(("read_error", (exc.path, exc.code, exc.message)))
    except MemoryError:
        return pickle.dumps(("memory", None))
    except Exception as exc:  # noqa: BLE001 - passed on to the parent, which reports it
        return pickle.dumps(("error", f"{type(exc).__name__}: {exc}"))


def run_bounded(func: Callable[..., Any], args: tuple[Any, ...], *, path: str, seconds: float,  # noqa: PLR0912
                memory: int) -> Any:
    """Call ``func(*args)`` in a forked child limited to ``seconds`` of wall time and ``memory`` bytes.

    For libraries that cannot be bounded from inside (pdfminer loops forever on a ``/Length`` reference
    cycle and inflates a Flate bomb whole). The child's address space is capped with ``setrlimit``
    (``RLIMIT_AS``) and its CPU time too, in case this process dies first; the parent waits at most
    ``seconds`` and then kills it. Where ``fork`` is not available the call runs in this process.

    Args:
        func: A picklable-result function.
        args: Its arguments.
        path: The report, for the message.
        seconds: Wall-clock limit.
        memory: Address-space limit of the child, in bytes.

    Returns:
        What ``func`` returned.

    Raises:
        ReadError: ``func``'s own, or ``too_complex`` naming the time or memory limit.
        RuntimeError: When ``func`` raised anything else (its type and message).
    """
    if resource is None or not hasattr(os, "fork"):  # pragma: no cover - Windows
        return func(*args)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        status = 0
        try:
            os.close(read_end)
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
            cpu = int(seconds) + 5
            resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
            data = _child_result(func, args)
            with os.fdopen(write_end, "wb") as out:
                out.write(data)
        except BaseException:  # noqa: BLE001 - the parent sees the missing result
            status = 1
        finally:
            os._exit(status)
    os.close(write_end)
    chunks: list[bytes] = []
    deadline = time.monotonic() + seconds
    timed_out = False
    with os.fdopen(read_end, "rb", buffering=0) as pipe:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([pipe], [], [], left)[0]:
                timed_out = True
                break
            chunk = pipe.read(1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    if timed_out:
        os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    if timed_out:
        raise too_complex(path, "读取用时", "reading time", f"> {seconds:g} s", f"{seconds:g} s")
    try:
        kind, value = pickle.loads(b"".join(chunks))  # noqa: S301 - written by our own forked child
    except (EOFError, pickle.UnpicklingError, ValueError):
        kind, value = "memory", None  # killed or aborted with no result: allocation failed
    if kind == "ok":
        return value
    if kind == "read_error":
        raise ReadError(*value)
    if kind == "memory":
        raise too_complex(path, "读取所需内存", "memory needed to read it", f"> {memory // MiB:,} MB",
                          f"{memory // MiB:,} MB")
    raise RuntimeError(value)


# Elements whose end tag HTML lets an author leave out, and void elements: an unclosed one does not nest.
_HTML_NOT_NESTING = frozenset((
    "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody", "tfoot", "colgroup", "caption",
    "rb", "rt", "rp", "rtc", "html", "head", "body", "area", "base", "br", "col", "embed", "hr", "img", "input",
    "link", "meta", "param", "source", "track", "wbr", "basefont", "bgsound", "frame", "keygen", "image", "isindex",
    "nextid", "spacer"))
_HTML_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)|<!--")
_RAW_TEXT = ("script", "style", "textarea", "title", "xmp")
_QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")


def check_html(text: str, path: str) -> None:  # noqa: PLR0912 - one linear scan, one branch per token kind
    """Refuse a page whose elements are too many, too deeply nested or carry too many attributes.

    HTML parsers spend time quadratic in the nesting of unclosed elements and in the attributes of one
    element (200,000 unclosed ``<div>`` or 100,000 attributes took minutes), so the page is measured by
    one linear scan of its tags before it is parsed. Nesting counts elements opened and not yet closed,
    leaving out those HTML closes implicitly (``<p>``, ``<li>``, ``<td>``...) and void ones (``<br>``); it
    is therefore an upper bound of the parser's depth for well-formed parts.

    Args:
        text: The decoded page.
        path: The file, for the message.

    Raises:
        ReadError: ``too_complex`` naming :data:`MAX_HTML_ELEMENTS`, :data:`MAX_DEPTH` or
            :data:`MAX_HTML_ATTRIBUTES`.
    """
    elements = depth = 0
    pos = 0
    lower = None
    while True:
        match = _HTML_TAG.search(text, pos)
        if match is None:
            return
        if match.group(0) == "<!--":
            end = text.find("-->", match.end())
            if end < 0:
                return  # the rest of the page is one comment
            pos = end + 3
            continue
        close = text.find(">", match.end())
        if close < 0:
            return  # the rest of the page is one unterminated tag
        name = match.group(2).lower()
        pos = close + 1
        if match.group(1):
            depth = max(depth - 1, 0) if name not in _HTML_NOT_NESTING else depth
            continue
        elements += 1
        if elements > MAX_HTML_ELEMENTS:
            raise too_complex(path, "网页元素数", "HTML elements", f"> {MAX_HTML_ELEMENTS:,}", f"{MAX_HTML_ELEMENTS:,}")
        attributes = text[match.end():close]
        if len(attributes) > 4 * MAX_HTML_ATTRIBUTES:  # short tags cannot hold that many: only count long ones
            count = len(_QUOTED.sub(" ", attributes).replace("=", " = ").split()) - attributes.count("=")
            if count > MAX_HTML_ATTRIBUTES:
                raise too_complex(path, f"一个 <{name}> 元素的属性数", f"attributes of one <{name}> element",
                                  f"{count:,}", f"{MAX_HTML_ATTRIBUTES:,}")
        if name not in _HTML_NOT_NESTING and not attributes.rstrip().endswith("/"):
            depth += 1
            if depth > MAX_DEPTH:
                raise too_complex(path, "网页元素嵌套层数（嵌套过深 too deeply nested）", "HTML element nesting depth "
                                  "(too deeply nested)", f"> {MAX_DEPTH:,}", f"{MAX_DEPTH:,}")
        if name in _RAW_TEXT:  # its content is text, not tags
            lower = lower if lower is not None else text.lower()
            end = lower.find(f"</{name}", pos)
            if end < 0:
                return
            pos = end
