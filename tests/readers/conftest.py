"""Builders for reader fixtures: every .docx, .pdf and .html is made here, in the test, by the libraries.

The real sample report is never copied into the repository; tests that need it read it from
``../shared/data/reports/`` (relative to the repository root) and skip when it is absent.
"""

from __future__ import annotations

import stat
import sys
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLE_REPORT = REPO_ROOT.parent / "shared" / "data" / "reports" / "yunyang-2022.txt"
CJK_FONT = "STSong-Light"


@pytest.fixture
def sample_text() -> str:
    """The real Yunyang 2022 self-evaluation report (UTF-8, LF), read from outside the repo."""
    if not SAMPLE_REPORT.is_file():
        pytest.skip(f"real sample report not available at {SAMPLE_REPORT} (it is never copied into the repo)")
    return SAMPLE_REPORT.read_text(encoding="utf-8")


@pytest.fixture
def no_libreoffice(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend LibreOffice is not installed, whatever the machine has."""
    from scorer.readers import libreoffice

    monkeypatch.setattr(libreoffice.shutil, "which", lambda _name: None)
    monkeypatch.setattr(libreoffice, "_KNOWN_LOCATIONS", ())


def _register_cjk_font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))


def wrap_cjk(text: str, width: float, font_size: float, first_indent: float = 0.0) -> list[str]:
    """Greedy character wrap, as Word does for Chinese text: any character may end a line."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines: list[str] = []
    current = ""
    limit = width - first_indent
    for ch in text:
        if current and stringWidth(current + ch, CJK_FONT, font_size) > limit:
            lines.append(current)
            current, limit = ch, width
        else:
            current += ch
    lines.append(current)
    return lines


def build_pdf(
    path: Path,
    paragraphs: Sequence[str],
    *,
    header: str | None = None,
    page_number: Callable[[int, int], str] | None = None,
    font_size: float = 12,
    indent_chars: int = 2,
    encrypt: str | None = None,
) -> list[list[str]]:
    """Write an A4 PDF in STSong-Light: paragraphs wrapped at the margins, first lines indented.

    Returns:
        The lines drawn on each page (body only), to compare with what the reader finds.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    _register_cjk_font()
    page_w, page_h = A4
    margin, leading = 72.0, font_size * 1.6
    usable = page_w - 2 * margin
    pdf = canvas.Canvas(str(path), pagesize=A4, encrypt=encrypt)
    pages: list[list[str]] = [[]]
    y = page_h - margin

    def finish_page() -> None:
        n = len(pages)
        pdf.setFont(CJK_FONT, 9)
        if header:
            pdf.drawCentredString(page_w / 2, page_h - 40, header)
        if page_number:
            pdf.drawCentredString(page_w / 2, 30, page_number(n, 0))
        pdf.showPage()

    for para in paragraphs:
        indent = indent_chars * font_size
        for i, line in enumerate(wrap_cjk(para, usable, font_size, indent)):
            if y < margin:
                finish_page()
                pages.append([])
                y = page_h - margin
            pdf.setFont(CJK_FONT, font_size)
            pdf.drawString(margin + (indent if i == 0 else 0), y, line)
            pages[-1].append(line)
            y -= leading
    finish_page()
    pdf.save()
    return pages


@pytest.fixture
def make_pdf(tmp_path: Path) -> Callable[..., Path]:
    """``make_pdf(name, paragraphs, **options)`` writes a CJK PDF with :func:`build_pdf`."""

    def make(name: str, paragraphs: Sequence[str], **options: object) -> Path:
        path = tmp_path / name
        build_pdf(path, paragraphs, **options)  # type: ignore[arg-type]
        return path

    return make


@pytest.fixture
def blank_pdf(tmp_path: Path) -> Callable[..., object]:
    """``blank_pdf(name, encrypt=None)`` gives a reportlab A4 canvas with STSong-Light registered."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    _register_cjk_font()

    def make(name: str, encrypt: str | None = None) -> canvas.Canvas:
        return canvas.Canvas(str(tmp_path / name), pagesize=A4, encrypt=encrypt)

    return make


@pytest.fixture
def make_docx(tmp_path: Path) -> Callable[[str, Sequence[str]], Path]:
    """``make_docx(name, paragraphs)`` writes a .docx with one plain paragraph per string."""

    def make(name: str, paragraphs: Sequence[str]) -> Path:
        import docx

        document = docx.Document()
        for para in paragraphs:
            document.add_paragraph(para)
        path = tmp_path / name
        document.save(str(path))
        return path

    return make


@pytest.fixture
def fake_soffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], Path]:
    """Install a stand-in ``soffice`` script with a given behaviour and point the reader at it.

    Behaviours: ``convert`` copies ``$FAKE_DOCX`` to ``<outdir>/<input stem>.docx`` and records its
    arguments in ``$FAKE_ARGS``; ``no_output`` exits 0 without writing; ``fail`` exits 1;
    ``hang`` sleeps for a minute.
    """
    from scorer.readers import libreoffice

    def install(behaviour: str) -> Path:
        script = tmp_path / f"soffice-{behaviour}"
        script.write_text(
            f"#!{sys.executable}\n"
            + textwrap.dedent(
                f"""
                import os, shutil, sys, time
                args = sys.argv[1:]
                with open(os.environ["FAKE_ARGS"], "w", encoding="utf-8") as fh:
                    fh.write("\\n".join(args))
                behaviour = {behaviour!r}
                if behaviour == "hang":
                    time.sleep(60)
                if behaviour == "fail":
                    sys.stderr.write("source file could not be loaded")
                    sys.exit(1)
                if behaviour == "convert":
                    outdir = args[args.index("--outdir") + 1]
                    stem = os.path.splitext(os.path.basename(args[-1]))[0]
                    shutil.copyfile(os.environ["FAKE_DOCX"], os.path.join(outdir, stem + ".docx"))
                """
            ),
            encoding="utf-8",
        )
        script.chmod(script.stat().st_mode | stat.S_IEXEC)
        monkeypatch.setenv("FAKE_ARGS", str(tmp_path / "soffice-args.txt"))
        monkeypatch.setattr(libreoffice.shutil, "which", lambda name: str(script) if name == "soffice" else None)
        return script

    return install
