"""count_store and the counting plan: a count is kept by the contents of the files its process
loaded, read back for byte-identical files wherever they are installed, never for a file that
differs by one byte; one side's count serves the other when their files are the same."""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from bench.gate import count_store, instructions
from bench.gate.instructions import InstructionCount

COUNTED = InstructionCount("rust-naive", 5_000, 140_436_761, (140_436_761,), 33_802_114)


def install(venv: Path, files: dict[str, bytes]) -> list[str]:
    """Files written into a made-up venv, as the probe lists them (absolute paths)."""
    listed = []
    for name, content in files.items():
        path = venv / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        listed.append(str(path))
    return listed


def profiles(folder: Path, name: str, text: str) -> None:
    """The two profile parts a count keeps, made up."""
    kept = instructions.kept_profiles(folder, name)
    folder.mkdir(parents=True, exist_ok=True)
    for path, part in ((kept.full, "count"), (kept.empty, "zero")):
        path.write_text(f"{text} {part}\n")


@pytest.fixture
def store(tmp_path: Path) -> count_store.Store:
    # `valgrind --version` is all the store asks of valgrind: sh's echo answers it.
    stand_in = tmp_path / "valgrind"
    stand_in.write_text("#!/bin/sh\necho valgrind-3.19.0\n")
    stand_in.chmod(0o755)
    return count_store.Store(str(stand_in), tmp_path / "counts")


FILES = {"lib/site-packages/primes/_lib.abi3.so": b"\x7fELF rust", "lib/primes/naive.py": b"x=1"}


def test_the_same_files_in_two_venvs_have_one_key(tmp_path: Path, store: count_store.Store) -> None:
    base, head = tmp_path / "base" / ".venv", tmp_path / "a much longer checkout" / ".venv"
    one = store.key("rust-naive", 5_000, install(base, FILES), {base: "venv"})
    assert one == store.key("rust-naive", 5_000, install(head, FILES), {head: "venv"})
    # Another implementation, count, or a file outside the venvs, is another count.
    assert one != store.key("rust-sieve", 5_000, install(head, FILES), {head: "venv"})
    assert one != store.key("rust-naive", 4_000, install(head, FILES), {head: "venv"})
    assert one != store.key("rust-naive", 5_000, install(head, FILES), {tmp_path: "venv"})


def test_the_probe_staged_in_two_folders_has_one_key(
    tmp_path: Path, store: count_store.Store
) -> None:
    one, two = tmp_path / "perf-gate-aaaaaaaa", tmp_path / "perf-gate-bbbbbbbb"
    probe = {"probe.py": b"import primes"}
    first = store.key("rust-naive", 5_000, install(one, probe), {one: "stage"})
    assert first == store.key("rust-naive", 5_000, install(two, probe), {two: "stage"})


@pytest.mark.parametrize("name", list(FILES))
def test_one_byte_changed_in_any_file_is_another_key(
    tmp_path: Path, store: count_store.Store, name: str
) -> None:
    venv = tmp_path / ".venv"
    before = store.key("rust-naive", 5_000, install(venv, FILES), {venv: "venv"})
    changed = {**FILES, name: FILES[name][:-1] + b"!"}
    # Same size, and a later mtime: only the contents tell.
    assert store.key("rust-naive", 5_000, install(venv, changed), {venv: "venv"}) != before


def test_a_mapped_device_is_named_not_read(store: count_store.Store) -> None:
    # libffi maps /dev/zero: reading it to its end would never end.
    assert store.key("numpy-sieve", 5_000, ["/dev/zero"], {}) != store.key(
        "numpy-sieve", 5_000, [], {}
    )


def test_a_kept_count_comes_back_with_its_profiles(
    tmp_path: Path, store: count_store.Store
) -> None:
    measured = tmp_path / "artifacts" / "head"
    profiles(measured, "rust-naive", "rust-naive's")
    store.save("k" * 40, COUNTED, measured)
    later = tmp_path / "later" / "base"
    assert store.load("k" * 40, "rust-naive", later) == COUNTED
    kept = instructions.kept_profiles(later, "rust-naive")
    assert kept.full.read_text() == "rust-naive's count\n"
    assert kept.empty.read_text() == "rust-naive's zero\n"
    assert store.load("j" * 40, "rust-naive", later) is None


def test_a_count_without_its_profiles_is_not_kept_nor_read(
    tmp_path: Path, store: count_store.Store
) -> None:
    store.save("k" * 40, COUNTED, tmp_path / "no profiles here")
    assert store.load("k" * 40, "rust-naive", tmp_path / "a") is None
    profiles(tmp_path / "m", "rust-naive", "x")
    store.save("k" * 40, COUNTED, tmp_path / "m")
    instructions.kept_profiles(store.folder / ("k" * 40), "kept").empty.unlink()
    assert store.load("k" * 40, "rust-naive", tmp_path / "b") is None


def test_the_least_recently_used_counts_go_first(
    tmp_path: Path, store: count_store.Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(count_store, "KEEP", 2)
    profiles(tmp_path / "m", "rust-naive", "x")
    for key in ("a", "b"):
        store.save(key * 40, COUNTED, tmp_path / "m")
    assert store.load("a" * 40, "rust-naive", tmp_path / "k") is not None  # now the newest
    store.save("c" * 40, COUNTED, tmp_path / "m")
    assert sorted(p.name[0] for p in store.folder.iterdir()) == ["a", "c"]


class FakeReuse:
    """Keys by the files alone; holds what the test puts in `kept`."""

    def __init__(self, kept: dict[str, InstructionCount]) -> None:
        self.kept = kept
        self.saved: list[str] = []

    def key(self, name: str, count: int, files: Sequence[str], roots: Mapping[Path, str]) -> str:
        return f"{name} {count} {' '.join(files)}"

    def load(self, key: str, name: str, keep: Path) -> InstructionCount | None:
        return self.kept.get(key)

    def save(self, key: str, counted: InstructionCount, profiles: Path) -> None:
        self.saved.append(key)


def warm(files: str, seconds: float) -> instructions._WarmUp:
    return instructions._WarmUp([files], seconds)


def test_the_plan_counts_each_set_of_files_once_longest_first(tmp_path: Path) -> None:
    sides = [
        instructions.Side(sys.executable, {"a": 1, "b": 2, "c": 3}, tmp_path / "base"),
        instructions.Side(sys.executable, {"a": 1, "b": 2, "c": 3}, tmp_path / "head"),
    ]
    stages = [(sys.executable, "probe.py", tmp_path / side) for side in ("s0", "s1")]
    warmed = {
        (0, "a"): warm("same-a", 0.1), (1, "a"): warm("same-a", 0.1),
        (0, "b"): warm("base-b", 0.2), (1, "b"): warm("head-b", 0.9),
        (0, "c"): warm("same-c", 0.5), (1, "c"): warm("same-c", 0.5),
    }  # fmt: skip
    reuse = FakeReuse({"c 3 same-c": InstructionCount("c", 3, 30, (30,), 10)})
    plan = instructions._plan(sides, stages, warmed, reuse)
    # c was counted before; a is the same on both sides: counted once, for the base.
    assert plan.reused == [{"c": instructions.KEPT}, {"a": instructions.SHARED, "c": "kept"}]
    assert plan.to_count == [(1, "b", 2), (0, "b", 2), (0, "a", 1)]
    assert plan.counter["a 1 same-a"] == (0, "a")


def test_without_reuse_everything_is_counted(tmp_path: Path) -> None:
    sides = [instructions.Side(sys.executable, {"a": 1, "b": 2}, tmp_path / "head")]
    warmed = {(0, "a"): warm("a", 0.1), (0, "b"): warm("b", 0.3)}
    plan = instructions._plan(sides, [(sys.executable, "p", tmp_path)], warmed, None)
    assert plan.to_count == [(0, "b", 2), (0, "a", 1)]
    assert plan.reused == [{}]


def test_the_probe_and_the_gate_agree_on_the_switch_status() -> None:
    from bench.gate import probe  # imports primes: run only where it is installed

    assert probe.SWITCH_UNAVAILABLE == instructions.SWITCH_UNAVAILABLE
