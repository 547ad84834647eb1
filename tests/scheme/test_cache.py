"""The validated-rubric cache: a hit skips validation, any change to the bytes misses, problems are never cached."""

from __future__ import annotations

from pathlib import Path

import pytest

import scheme.schema_check
from scheme import RubricError, default_rubric_path, load_rubric
from scheme.cache import read_entry, write_entry


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("LVZHI_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def rubric_copy(tmp_path: Path) -> Path:
    path = tmp_path / "rubric.yaml"
    path.write_bytes(default_rubric_path().read_bytes())
    return path


def _no_validation(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*_args, **_kwargs):
        raise AssertionError("validated again")

    monkeypatch.setattr(scheme.schema_check, "schema_problems", fail)


def test_second_load_comes_from_cache_and_equals_the_first(cache, rubric_copy, monkeypatch) -> None:
    first = load_rubric(rubric_copy)
    assert len(list(cache.glob("rubric-*.marshal"))) == 1
    _no_validation(monkeypatch)
    assert load_rubric(rubric_copy) == first


def test_changed_bytes_are_validated_again(cache, rubric_copy) -> None:
    load_rubric(rubric_copy)
    text = rubric_copy.read_text(encoding="utf-8")
    rubric_copy.write_text(text.replace("total_points: 100", "total_points: 90", 1), encoding="utf-8")
    with pytest.raises(RubricError, match=r"total_points|满分|points"):
        load_rubric(rubric_copy)
    assert len(list(cache.glob("rubric-*.marshal"))) == 1  # the bad version is not cached


def test_damaged_entry_falls_back_to_validation(cache, rubric_copy) -> None:
    first = load_rubric(rubric_copy)
    (entry,) = cache.glob("rubric-*.marshal")
    entry.write_bytes(b"\x00garbage")
    assert load_rubric(rubric_copy) == first


def test_unwritable_cache_directory_still_loads(tmp_path, rubric_copy, monkeypatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("LVZHI_CACHE_DIR", str(blocker / "cache"))
    assert load_rubric(rubric_copy).total_points == 100


def test_entries_of_another_tag_or_type_are_ignored(tmp_path) -> None:
    entry = tmp_path / "e"
    assert write_entry(entry, "tag-a", {"x": [1, 2.5, None, True]})
    assert read_entry(entry, "tag-a") == {"x": [1, 2.5, None, True]}
    assert read_entry(entry, "tag-b") is None
    assert not write_entry(tmp_path / "f", "tag-a", {"when": object()})  # not plain data: not cached


def test_old_versions_of_an_entry_are_pruned(tmp_path) -> None:
    import os

    for n in range(5):
        assert write_entry(tmp_path / f"fam-{n}.marshal", "t", n, keep=2, family="fam-")
        os.utime(tmp_path / f"fam-{n}.marshal", ns=(n * 10**9, n * 10**9))
    (tmp_path / "other.marshal").write_bytes(b"x")
    assert write_entry(tmp_path / "fam-9.marshal", "t", 9, keep=2, family="fam-")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fam-4.marshal", "fam-9.marshal", "other.marshal"]


def test_derived_builds_once_per_source(cache) -> None:
    from scheme.cache import derived

    calls = []

    def build():
        calls.append(1)
        return ["rule", 1]

    assert derived("fam-", "tag-1", b"source", build) == ["rule", 1]
    assert derived("fam-", "tag-1", b"source", build) == ["rule", 1]
    assert len(calls) == 1
    derived("fam-", "tag-1", b"changed source", build)
    assert len(calls) == 2
    assert len(list(cache.glob("fam-*.marshal"))) == 1  # keep=1: the stale entry is gone


def test_cache_dir_without_home(monkeypatch) -> None:
    from scheme.cache import cache_dir

    monkeypatch.delenv("LVZHI_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    def no_home(self):
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "expanduser", no_home)
    assert cache_dir().name.startswith("lvzhi-cache-")
    monkeypatch.setenv("XDG_CACHE_HOME", "/somewhere")
    assert cache_dir() == Path("/somewhere/lvzhi")


def test_a_flipped_bit_makes_the_entry_absent(tmp_path) -> None:
    entry = tmp_path / "e.marshal"
    assert write_entry(entry, "t", {"threshold": 80, "unit": "%"})
    data = bytearray(entry.read_bytes())
    spot = data.rindex(bytes([80]))  # the small int 80 inside the value
    data[spot] ^= 0x01
    entry.write_bytes(bytes(data))
    assert read_entry(entry, "t") is None
