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
                           can be a section, with its own structures), damaged figures
                           :data:`MAX_DAMAGED` (each is a warning in every output)
.docx (zip)                members :data:`MAX_ZIP_MEMBERS`, one part unpacked :data:`MAX_PART_BYTES`
                           (an XML part :data:`MAX_XML_PART_BYTES`),
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

The scans and the child process that apply these limits are in :mod:`scorer.limit_checks`.

Figures in the engine that are quadratic in the worst case are kept linear by construction rather
than capped (damage overlap removal, sentence starts); see :mod:`scorer.damage`.
"""

from __future__ import annotations

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

#: Figures that look damaged in copy-paste (a real report has a few dozen); each is a warning in every output.
MAX_DAMAGED = 5_000

#: Members of a zip container (.docx, .xlsx); Word writes about 20, with pictures a few hundred.
MAX_ZIP_MEMBERS = 10_000
#: One part of a zip container, unpacked (document.xml of a real report is under 10 MB).
MAX_PART_BYTES = 200 * MiB
#: One XML part of a .docx, unpacked: its parsed tree takes about 16 times its size (190 MB of short
#: paragraphs took 3 GB and 100 s); a real report's document.xml is under 10 MB.
MAX_XML_PART_BYTES = 20 * MiB
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


def check_damage(count: int, path: str) -> None:
    """Refuse a report in which more than :data:`MAX_DAMAGED` figures look damaged (it is not a usable text).

    Args:
        count: Damaged spans found.
        path: The file, for the message.

    Raises:
        ReadError: ``too_complex``.
    """
    if count > MAX_DAMAGED:
        raise too_complex(path, "疑似复制损坏的数字个数", "figures that look damaged in copy-paste", f"{count:,}",
                          f"{MAX_DAMAGED:,}")


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
