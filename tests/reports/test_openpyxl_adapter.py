"""openpyxl behind one adapter: fails loudly when an openpyxl release changes what lvzhi relies on.

``reports/xlsx_openpyxl.py`` holds every use of openpyxl's private API. These tests check that the
installed openpyxl is a release the adapter was checked against (and that pyproject.toml bounds it so),
that every private name it uses exists, that its in-memory writer gives openpyxl's own bytes, and that no
other module reaches into openpyxl's private names.
"""

from __future__ import annotations

import re
import zipfile
from io import BytesIO
from pathlib import Path

import openpyxl
import pytest
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.writer.excel import ExcelWriter

from reports import xlsx_openpyxl
from reports.excel import build_workbook
from reports.xlsx_common import workbook_bytes

ROOT = Path(__file__).resolve().parents[2]
# Private openpyxl attributes and modules: allowed in the adapter only.
PRIVATE_USE = re.compile(r"openpyxl(\.\w+)*\._\w+|\.(_fonts|_alignments|_cell_styles|_cells|_charts|_images|_path|"
                         r"_style|_rels|_archive|_drawing)\b")


def test_installed_openpyxl_is_the_release_checked_and_pyproject_bounds_it() -> None:
    assert ".".join(openpyxl.__version__.split(".")[:2]) == xlsx_openpyxl.SUPPORTED, (
        f"openpyxl {openpyxl.__version__} is installed but reports/xlsx_openpyxl.py was checked against "
        f"{xlsx_openpyxl.SUPPORTED}: re-check every name in PRIVATE_NAMES, then move SUPPORTED and pyproject's bound")
    major, minor = (int(part) for part in xlsx_openpyxl.SUPPORTED.split("."))
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert f'"openpyxl>={major}.{minor},<{major}.{minor + 1}"' in pyproject


def _instances() -> dict[str, object]:
    wb = Workbook()
    ws = wb.active
    from openpyxl.worksheet._writer import WorksheetWriter

    return {"Workbook()": wb, "Worksheet": type(ws), "Worksheet()": ws, "Cell()": Cell(ws),
            "openpyxl.worksheet._writer": __import__("openpyxl.worksheet._writer", fromlist=["_"]),
            "WorksheetWriter()": WorksheetWriter(ws, BytesIO()),
            "ExcelWriter()": ExcelWriter(wb, zipfile.ZipFile(BytesIO(), "w"))}


@pytest.mark.parametrize(("owner", "name"), xlsx_openpyxl.PRIVATE_NAMES)
def test_every_private_name_the_adapter_uses_exists(owner: str, name: str) -> None:
    assert hasattr(_instances()[owner], name), f"openpyxl {openpyxl.__version__}: {owner} has no {name}"


def test_memory_writer_gives_openpyxl_bytes(scored, rubric, created) -> None:
    """The adapter puts each sheet's XML in memory, not a temporary file: the bytes are openpyxl's own."""
    results = [scored["凤栖县"].result, scored["青溪县"].result]  # the overview holds a chart: a drawing and its rels
    ours = workbook_bytes(build_workbook(results, rubric=rubric, created=created), created)
    stock = workbook_bytes(build_workbook(results, rubric=rubric, created=created), created, writer=ExcelWriter)
    assert ours == stock


def test_only_the_adapter_uses_private_openpyxl_names() -> None:
    adapter = ROOT / "reports" / "xlsx_openpyxl.py"
    offenders = [f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
                 for path in sorted((ROOT / "reports").rglob("*.py")) if path != adapter
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if PRIVATE_USE.search(line)]
    assert offenders == []
