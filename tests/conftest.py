"""Shared test helpers: where the fixtures and the real sample report live."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SHARED = ROOT.parent / "shared" / "data"
YUNYANG = SHARED / "reports" / "yunyang-2022.txt"
YUNYANG_GOLD = SHARED / "gold" / "yunyang-2022.yaml"


@pytest.fixture
def yunyang_path() -> Path:
    """Path of the real sample report; skips when ../shared is not beside the checkout."""
    if not YUNYANG.exists():
        pytest.skip(f"real sample report not found at {YUNYANG} (../shared/data/reports is laid beside the "
                    "checkout in CI; tests that need it skip elsewhere)")
    return YUNYANG


@pytest.fixture
def yunyang_gold() -> dict:
    """Labels of the real sample report; skips when absent."""
    import yaml

    if not YUNYANG_GOLD.exists():
        pytest.skip(f"gold labels not found at {YUNYANG_GOLD}")
    return yaml.safe_load(YUNYANG_GOLD.read_text(encoding="utf-8"))


def pytest_configure(config: pytest.Config) -> None:
    """Keep lvzhi's disk cache (validated rubrics, boundary dictionary) in a private temp dir, not ~/.cache."""
    import os
    import tempfile

    if "LVZHI_CACHE_DIR" not in os.environ:
        os.environ["LVZHI_CACHE_DIR"] = tempfile.mkdtemp(prefix="lvzhi-test-cache-")


@pytest.fixture
def collector_off():
    """The cyclic garbage collector off (after one full collection), as a batch runs each report; restored after."""
    import gc

    from reports.batch import _garbage_per_report

    gc.collect()
    with _garbage_per_report():
        yield
