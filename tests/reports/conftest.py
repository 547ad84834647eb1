"""Shared fixtures for the workbook, review and comparison tests: scored synthetic reports and their workbooks.

Scoring and writing are done once per session (they dominate the run time); tests that edit a
workbook copy it first.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from reports.excel import write_workbook
from scheme import Rubric, load_rubric
from scorer.read import read_report
from scorer.result import ReportResult
from scorer.score import score_document

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
CREATED = datetime(2024, 5, 6, 7, 8, 9)
# Synthetic reports (examples/ and tests/fixtures are invented counties): county -> file.
REPORTS = {
    "青溪县": ROOT / "examples" / "青溪县-2022自评报告.txt",
    "云岭县": ROOT / "examples" / "云岭县-2022自评报告.txt",
    "凤栖县": ROOT / "tests" / "fixtures" / "reports" / "damaged_copy_paste.txt",
    "兰台县": ROOT / "tests" / "fixtures" / "reports" / "cites_2023_scheme.txt",
    "云岭县2023": HERE / "fixtures" / "云岭县-2023自评报告.txt",
}


@dataclass(frozen=True)
class Scored:
    """A scored report with its source text."""

    path: Path
    result: ReportResult
    text: str

    @property
    def texts(self) -> dict[str, str]:
        """The ``texts`` argument of ``write_workbook``."""
        return {self.result.source.sha256: self.text}


@pytest.fixture(scope="session")
def rubric() -> Rubric:
    """The shipped rubric."""
    return load_rubric()


@pytest.fixture(scope="session")
def scored(rubric: Rubric) -> dict[str, Scored]:
    """Every synthetic report, scored once."""
    out = {}
    for key, path in REPORTS.items():
        document = read_report(path)
        out[key] = Scored(path, score_document(document, rubric), document.text)
    return out


@pytest.fixture(scope="session")
def workbook_dir(tmp_path_factory: pytest.TempPathFactory, scored: dict[str, Scored], rubric: Rubric) -> Path:
    """One workbook per report, written with a fixed timestamp (never edit these: copy them)."""
    folder = tmp_path_factory.mktemp("workbooks")
    for key, item in scored.items():
        write_workbook([item.result], folder / f"{key}.xlsx", rubric=rubric, texts=item.texts, created=CREATED)
    return folder


@pytest.fixture
def workbook_copy(workbook_dir: Path, tmp_path: Path):
    """Return a function copying a session workbook into this test's folder."""

    def copy(key: str, name: str | None = None) -> Path:
        target = tmp_path / (name or f"{key}.xlsx")
        shutil.copyfile(workbook_dir / f"{key}.xlsx", target)
        return target

    return copy


@pytest.fixture
def created() -> datetime:
    """The fixed timestamp the session workbooks carry."""
    return CREATED


@pytest.fixture(scope="session")
def convert(tmp_path_factory: pytest.TempPathFactory):
    """Return a function converting files with LibreOffice headless; skips when soffice is absent."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install --no-install-recommends "
                    "libreoffice-calc-nogui fonts-noto-cjk to run the recalculation and PDF tests")
    profile = tmp_path_factory.mktemp("lo-profile")

    def run(files: list[Path], target: str, outdir: Path) -> list[Path]:
        # A private profile avoids the lock of a user's running LibreOffice (docling #3819).
        subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
                        "--convert-to", target, "--outdir", str(outdir), *map(str, files)],
                       check=True, capture_output=True, timeout=180)
        suffix = target.split(":", maxsplit=1)[0]
        made = [outdir / f"{Path(f).stem}.{suffix}" for f in files]
        missing = [m for m in made if not m.exists()]
        assert not missing, f"LibreOffice exited 0 but wrote nothing for {missing}"
        return made

    return run
