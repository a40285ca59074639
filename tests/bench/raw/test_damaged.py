"""Every reader of the raw directory, on a damaged copy of the committed files: a truncated file,
garbage, JSON of the wrong type, an empty file, a directory in its place. Each is refused with a
`RawFileError` whose message is one line that starts with the file's path."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from bench.paths import REPO
from bench.raw import correctness, environment, hyperfine, layout, pytest_benchmark
from bench.raw.manifest import Manifest
from bench.raw.records import RawFileError
from bench.raw.samples import SamplesFile

COMMITTED = REPO / "results" / "reference" / "raw"

pytestmark = pytest.mark.skipif(
    not (COMMITTED / layout.MANIFEST).exists(), reason="no committed results/raw yet"
)

#: file -> how the report reads it, given the raw directory.
READERS: dict[str, Callable[[Path], object]] = {
    layout.MANIFEST: Manifest.read,
    layout.ENVIRONMENT: environment.read,
    layout.CORRECTNESS: correctness.read,
    layout.SWEEP_JSON: lambda raw: pytest_benchmark.load(raw / layout.SWEEP_JSON),
    layout.THREADS_JSON: lambda raw: SamplesFile.read(raw / layout.THREADS_JSON),
    layout.BOUNDARY_JSON: lambda raw: SamplesFile.read(raw / layout.BOUNDARY_JSON),
    layout.TARGETS_JSON: lambda raw: SamplesFile.read(raw / layout.TARGETS_JSON),
    layout.hyperfine_json("talk-pure-vs-rust"): lambda raw: hyperfine.load(
        raw / layout.hyperfine_json("talk-pure-vs-rust")
    ),
}


def _truncated(path: Path) -> str:
    # Cut after a comma near the middle: a cut inside a number reads as a malformed number.
    data = path.read_bytes()
    path.write_bytes(data[: data.rindex(b",", 0, len(data) // 2) + 1])
    return "not JSON (Input data was truncated)"


def _garbage(path: Path) -> str:
    path.write_bytes(b"\x00\xff\x10 not JSON")
    return "not JSON (JSON is malformed: invalid character (byte 0))"


def _wrong_type(path: Path) -> str:
    path.write_text("[1, 2, 3]\n")
    return "Expected `object`, got `array`"


def _empty(path: Path) -> str:
    path.write_bytes(b"")
    return "empty, not JSON"


def _directory(path: Path) -> str:
    path.unlink()
    path.mkdir()
    return "is a directory"


DAMAGE = {
    "truncated": _truncated,
    "garbage": _garbage,
    "wrong type": _wrong_type,
    "empty": _empty,
    "directory": _directory,
}


@pytest.fixture(scope="module")
def committed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("committed") / "raw"
    shutil.copytree(COMMITTED, copy)
    return copy


@pytest.mark.parametrize("damage", DAMAGE)
@pytest.mark.parametrize("name", READERS)
def test_a_damaged_file_is_refused_in_one_line_naming_it(
    committed: Path, tmp_path: Path, name: str, damage: str
) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(committed, raw)
    READERS[name](raw)  # the committed file reads
    expected = DAMAGE[damage](raw / name)
    with pytest.raises(RawFileError) as caught:
        READERS[name](raw)
    assert str(caught.value) == f"{raw / name}: {expected}"


def test_a_hyperfine_file_the_manifest_lists_may_not_be_missing(tmp_path: Path) -> None:
    path = tmp_path / layout.hyperfine_json("talk")
    with pytest.raises(hyperfine.HyperfineFormatError) as caught:
        hyperfine.load(path)
    assert str(caught.value) == f"{path}: missing"


def test_a_hyperfine_log_that_is_not_utf8_still_gives_its_warnings(tmp_path: Path) -> None:
    log = tmp_path / "talk.log"
    log.write_bytes(b"Benchmark 1: x\n  Warning: caf\xe9 outliers\nBenchmark 2: y\n")
    assert hyperfine.read_warnings(log) == [["caf\ufffd outliers"], []]
    assert hyperfine.read_warnings(tmp_path / "absent.log") == []
    log.unlink()
    log.mkdir()
    with pytest.raises(RawFileError, match=r"talk\.log: is a directory$"):
        hyperfine.read_warnings(log)
