"""The installed distribution holds every package and data file of the source tree."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_installed_distribution_is_complete() -> None:
    try:
        files = metadata.files("lvzhi")
    except metadata.PackageNotFoundError:
        pytest.skip("lvzhi is not installed (pip install .); CI installs it")
    if files is None:
        pytest.skip("the installed distribution lists no files")
    installed = {str(f).replace("\\\\", "/") for f in files}
    if any(name.endswith(".pth") or "__editable__" in name for name in installed):
        pytest.skip("editable install: files are served from the source tree")
    wanted = []
    for top in ("scheme", "scorer", "reports"):
        wanted += [p.relative_to(ROOT).as_posix() for p in (ROOT / top).rglob("*")
                   if p.is_file() and p.suffix in {".py", ".yaml", ".json"} and "__pycache__" not in p.parts]
    missing = sorted(set(wanted) - installed)
    assert not missing, f"not installed: {missing}"
