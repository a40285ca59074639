"""A cached base's counts: read back exactly as kept, with their profiles, and never under
changed inputs (another build, valgrind or probe names another folder)."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from bench.gate import count_cache, count_store, instructions
from bench.gate.instructions import InstructionCount

STAMP = {
    "commit": "a" * 40,
    "python": "/opt/made-up/bin/python3",
    "rustc": "rustc 1.95.0",
    "cc": "gcc 14",
}


def fake_valgrind(folder: Path, version: str) -> str:
    script = folder / f"valgrind-{version}"
    script.write_text(f"#!/bin/sh\necho valgrind-{version}\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


def profiles(folder: Path, name: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    kept = instructions.kept_profiles(folder, name)
    kept.full.write_text(f"{text} count\n")
    kept.empty.write_text(f"{text} zero\n")


def test_counts_come_back_as_kept_with_their_profiles(tmp_path: Path) -> None:
    measured = tmp_path / "artifacts" / "base"
    profiles(measured, "rust-naive", "rust-naive's")
    counted = InstructionCount("rust-naive", 5_000, 140_436_761, (140_436_761,), 33_802_114)
    base = tmp_path / "base"
    count_cache.store(base, "k1", [counted], measured)

    later = tmp_path / "later" / "base"
    found = count_cache.load(base, "k1", {"rust-naive": 5_000, "pure-sieve": 1_000}, later)
    assert found == {"rust-naive": counted}
    kept = instructions.kept_profiles(later, "rust-naive")
    assert kept.full.read_text() == "rust-naive's count\n"
    assert kept.empty.read_text() == "rust-naive's zero\n"


def stored(tmp_path: Path, name: str, count: int, digest: str) -> tuple[Path, InstructionCount]:
    """A base folder holding one count under `digest`, and that count."""
    measured = tmp_path / "measured"
    profiles(measured, name, "x")
    counted = InstructionCount(name, count, 100, (100,), 40)
    base = tmp_path / "base"
    count_cache.store(base, digest, [counted], measured)
    return base, counted


def test_another_count_or_a_missing_profile_is_not_a_cached_count(tmp_path: Path) -> None:
    base, counted = stored(tmp_path, "rust-naive", 5_000, "k")
    assert count_cache.load(base, "other", {"rust-naive": 5_000}, tmp_path / "a") == {}
    assert count_cache.load(base, "k", {"rust-naive": 4_000}, tmp_path / "a") == {}
    assert count_cache.load(base, "k", {"rust-naive": 5_000}, tmp_path / "a") == {
        "rust-naive": counted
    }
    instructions.kept_profiles(base / count_cache.FOLDER / "k", "rust-naive").empty.unlink()
    assert count_cache.load(base, "k", {"rust-naive": 5_000}, tmp_path / "b") == {}


def test_storing_under_new_inputs_drops_the_counts_of_old_ones(tmp_path: Path) -> None:
    base, counted = stored(tmp_path, "pure-sieve", 1_000, "old")
    count_cache.store(base, "new", [counted], tmp_path / "measured")
    assert count_cache.load(base, "old", {"pure-sieve": 1_000}, tmp_path / "k") == {}
    assert not (base / count_cache.FOLDER / "old").exists()
    assert count_cache.load(base, "new", {"pure-sieve": 1_000}, tmp_path / "k") == {
        "pure-sieve": counted
    }
    assert (tmp_path / "measured").is_dir()  # only the cache's own folders go


@pytest.mark.parametrize(
    "change",
    [
        {"commit": "b" * 40},
        {"rustc": "rustc 1.96.0"},
        {"cc": "clang 19"},
        {"python": "/usr/local/bin/python3"},
    ],
)
def test_another_build_is_another_key(tmp_path: Path, change: dict[str, str]) -> None:
    valgrind = fake_valgrind(tmp_path, "3.24.0")
    assert count_cache.key({**STAMP, **change}, valgrind) != count_cache.key(STAMP, valgrind)


def test_another_valgrind_is_another_key_and_the_same_inputs_the_same(tmp_path: Path) -> None:
    one, other = fake_valgrind(tmp_path, "3.24.0"), fake_valgrind(tmp_path, "3.25.0")
    assert count_cache.key(STAMP, one) == count_cache.key(dict(STAMP), one)
    assert count_cache.key(STAMP, one) != count_cache.key(STAMP, other)
    # The list of implementations is what the build offers, not how it counts.
    assert count_cache.key({**STAMP, "implementations": ["pure-naive"]}, one) == count_cache.key(
        STAMP, one
    )


def test_a_changed_probe_is_another_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    valgrind = fake_valgrind(tmp_path, "3.24.0")
    before = count_cache.key(STAMP, valgrind)
    probe = tmp_path / "probe.py"
    probe.write_text(instructions.PROBE.read_text() + "\n# changed\n")
    monkeypatch.setattr(instructions, "PROBE", probe)
    assert count_cache.key(STAMP, valgrind) != before


def test_counting_from_the_start_is_another_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The tests count from the start too (test_switch): those counts must not be read back
    # for a switched one, in the per-build cache or in the store of counts by their files.
    valgrind = fake_valgrind(tmp_path, "3.24.0")
    monkeypatch.setattr(instructions, "SWITCHABLE", True)
    switched = count_cache.key(STAMP, valgrind), count_store.Store(valgrind, tmp_path).machine
    monkeypatch.setattr(instructions, "SWITCHABLE", False)
    from_start = count_cache.key(STAMP, valgrind), count_store.Store(valgrind, tmp_path).machine
    assert switched[0] != from_start[0]
    assert switched[1] != from_start[1]
