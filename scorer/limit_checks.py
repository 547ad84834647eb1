"""The checks behind :mod:`scorer.limits`: scans that measure a file before a library parses it.

Also the child process for the library that cannot be bounded from inside (pdfminer).

Every limit they apply is a constant of :mod:`scorer.limits`; every refusal is its ``too_complex`` error.
"""

from __future__ import annotations

import mmap
import os
import pickle
import re
import select
import signal
import time
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

try:
    import resource
except ImportError:  # pragma: no cover - Windows: no setrlimit, readers run in-process
    resource = None  # type: ignore[assignment]

from scorer.errors import ReadError
from scorer.limits import (
    MAX_DEPTH,
    MAX_HTML_ATTRIBUTES,
    MAX_HTML_ELEMENTS,
    MAX_PART_BYTES,
    MAX_PDF_INFLATED_BYTES,
    MAX_PDF_PAGE_POINTS,
    MAX_PDF_PAGES,
    MAX_SHARED_STRINGS,
    MAX_UNPACKED_BYTES,
    MAX_ZIP_MEMBERS,
    MiB,
    too_complex,
)


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


def check_zip_container(path: str) -> None:
    """Refuse a zip container (a workbook read back by ``review``) past the zip and shared-string limits.

    Sizes come from the zip directory (a member never inflates past its recorded size: Python's zip reader
    stops there); shared strings are counted by inflating ``xl/sharedStrings.xml`` a megabyte at a time.
    A file that is not a zip is left to the caller, which says what it is.

    Args:
        path: The file.

    Raises:
        ReadError: ``too_complex`` naming :data:`MAX_ZIP_MEMBERS`, :data:`MAX_PART_BYTES`,
            :data:`MAX_UNPACKED_BYTES` or :data:`MAX_SHARED_STRINGS`.
    """
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_ZIP_MEMBERS:
                raise too_complex(path, "压缩包内的文件数", "files inside the zip", f"{len(infos):,}",
                                  f"{MAX_ZIP_MEMBERS:,}")
            for info in infos:
                if info.file_size > MAX_PART_BYTES:
                    raise too_complex(path, f"内部文件 {info.filename} 解压后的大小",
                                      f"the unpacked size of {info.filename}", f"{info.file_size // MiB:,} MB",
                                      f"{MAX_PART_BYTES // MiB:,} MB")
            total = sum(i.file_size for i in infos)
            if total > MAX_UNPACKED_BYTES:
                raise too_complex(path, "解压后的总大小", "the unpacked size", f"{total // MiB:,} MB",
                                  f"{MAX_UNPACKED_BYTES // MiB:,} MB")
            if "xl/sharedStrings.xml" in {i.filename for i in infos}:
                _check_shared_strings(zf, path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError):
        return


def _check_shared_strings(zf: zipfile.ZipFile, path: str) -> None:
    count, tail = 0, b""
    with zf.open("xl/sharedStrings.xml") as fh:
        while chunk := fh.read(1 << 20):
            data = tail + chunk
            count += data.count(b"<si>") + data.count(b"<si ")
            tail = data[-3:]  # a tag cut by the boundary is counted next round; 3 bytes never hold a whole one
            if count > MAX_SHARED_STRINGS:
                raise too_complex(path, "共享字符串个数", "shared strings", f"> {MAX_SHARED_STRINGS:,}",
                                  f"{MAX_SHARED_STRINGS:,}")
