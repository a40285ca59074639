"""Every reader of the raw directory, on a damaged copy of the committed files: a truncated file,
garbage, JSON of the wrong type, an empty file, a directory in its place, a string that is not
UTF-8, values no measurement produces, a file the manifest lists deleted. Each is refused with a
`RawFileError` whose message is one line that starts with the file's path."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from committed_run import raw_dir

from bench.raw import correctness, costs, environment, hyperfine, layout, pytest_benchmark
from bench.raw.first_call import FirstCallFile
from bench.raw.manifest import Manifest
from bench.raw.records import RawFileError
from bench.raw.samples import SamplesFile
from bench.raw.threads import ThreadsFile

COMMITTED = raw_dir()

pytestmark = pytest.mark.skipif(
    not (COMMITTED / layout.MANIFEST).exists(), reason="no committed results/reference/raw yet"
)

#: file -> how the report reads it, given the raw directory.
READERS: dict[str, Callable[[Path], object]] = {
    layout.MANIFEST: Manifest.read,
    layout.ENVIRONMENT: environment.read,
    layout.CORRECTNESS: correctness.read,
    layout.SWEEP_JSON: lambda raw: pytest_benchmark.load(raw / layout.SWEEP_JSON),
    # The threads section reads it as a threads file, a generic samples reader as samples.
    layout.THREADS_JSON: lambda raw: (
        ThreadsFile.read(raw / layout.THREADS_JSON),
        SamplesFile.read(raw / layout.THREADS_JSON),
    ),
    layout.BOUNDARY_JSON: lambda raw: SamplesFile.read(raw / layout.BOUNDARY_JSON),
    layout.TARGETS_JSON: lambda raw: SamplesFile.read(raw / layout.TARGETS_JSON),
    layout.FIRST_CALL_JSON: FirstCallFile.read,
    layout.COSTS_JSON: lambda raw: costs.read(raw / layout.COSTS_JSON),
    **{
        layout.hyperfine_json(key): lambda raw, key=key: hyperfine.load(
            raw / layout.hyperfine_json(key)
        )
        for key in ("talk-pypy", "startup", "split")
    },
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


def _not_utf8(path: Path) -> str:
    # A byte that cannot start a UTF-8 character, inside the file's first string value.
    data = path.read_bytes()
    at = data.index(b'": "') + len(b'": "')
    path.write_bytes(data[:at] + b"\xff" + data[at:])
    return f"not UTF-8 (invalid start byte at byte {at})"


DAMAGE = {
    "truncated": _truncated,
    "garbage": _garbage,
    "wrong type": _wrong_type,
    "empty": _empty,
    "directory": _directory,
    "not UTF-8": _not_utf8,
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


def _every_float(path: Path, value: float) -> None:
    def replaced(node: object) -> object:
        if isinstance(node, dict):
            return {key: replaced(item) for key, item in node.items()}
        if isinstance(node, list):
            return [replaced(item) for item in node]
        return value if isinstance(node, float) else node

    path.write_text(json.dumps(replaced(json.loads(path.read_text()))))


#: Every file with floats: the reader refuses a float no measurement gives. The manifest's and
#: the environment's (a study's seconds, load averages) may be zero, and are never divided by.
WITH_FLOATS = [name for name in READERS if name != layout.CORRECTNESS]
NEVER_DIVIDED = {layout.MANIFEST, layout.ENVIRONMENT}


@pytest.mark.parametrize(
    ("name", "value"),
    [(name, value) for name in WITH_FLOATS for value in (1e308, -1.0)]
    + [(name, 5e-324) for name in WITH_FLOATS if name not in NEVER_DIVIDED],
)
def test_a_float_no_measurement_gives_is_refused_with_its_json_path(
    committed: Path, tmp_path: Path, name: str, value: float
) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(committed, raw)
    _every_float(raw / name, value)
    with pytest.raises(RawFileError) as caught:
        READERS[name](raw)
    bound = r"(<=|>=) [0-9.e+-]+"
    assert re.fullmatch(
        rf"{re.escape(str(raw / name))}: Expected `float` {bound} - at `\$[^`]+`", str(caught.value)
    ), str(caught.value)


def test_an_implementation_without_processes_is_refused(committed: Path, tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(committed, raw)
    path = raw / layout.FIRST_CALL_JSON
    data = json.loads(path.read_text())
    del data["implementations"]["pure-naive"]["processes"]
    path.write_text(json.dumps(data))
    with pytest.raises(RawFileError) as caught:
        FirstCallFile.read(raw)
    assert str(caught.value) == (
        f"{path}: Object missing required field `processes` - at `$.implementations[...]`"
    )


@pytest.mark.parametrize(
    ("name", "where", "value", "expected"),
    [
        (
            layout.FIRST_CALL_JSON,
            ("settings", "steady_min_seconds"),
            -0.1,
            "Expected `float` >= 0.0 - at `$.settings.steady_min_seconds`",
        ),
        (
            layout.FIRST_CALL_JSON,
            ("count",),
            10**30,
            "Expected `int` <= 10000000000 - at `$.count`",
        ),
        (
            layout.TARGETS_JSON,
            ("settings", "targets", "rust-vs-c", "max_ratio"),
            1e308,
            "Expected `float` <= 1000000.0 - at `$.settings.targets[...].max_ratio`",
        ),
        (
            layout.TARGETS_JSON,
            ("settings", "target"),
            1e308,
            "Expected `float` <= 1000000.0 - at `$.settings.target`",
        ),
        (
            layout.THREADS_JSON,
            ("settings", "load_before"),
            [1e308, 1.0, 1.0],
            "Expected `float` <= 1000000.0 - at `$.settings.load_before[0]`",
        ),
        (
            layout.ENVIRONMENT,
            ("cpu", "physical_cores"),
            -1,
            "Expected `int` >= 1 - at `$.cpu.physical_cores`",
        ),
        (
            layout.MANIFEST,
            ("studies", "talk", "seconds"),
            -5.0,
            "Expected `float` >= 0.0 - at `$.studies[...].seconds`",
        ),
    ],
)
def test_a_setting_no_run_writes_is_refused(
    committed: Path, tmp_path: Path, name: str, where: tuple[str, ...], value: object, expected: str
) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(committed, raw)
    data = json.loads((raw / name).read_text())
    node = data
    for key in where[:-1]:
        node = node[key]
    node[where[-1]] = value
    (raw / name).write_text(json.dumps(data))
    with pytest.raises(RawFileError) as caught:
        READERS[name](raw)
    assert str(caught.value) == f"{raw / name}: {expected}"


#: Files the committed manifest lists, and the run's own two: each one the report would read.
PROMISED = [
    layout.CORRECTNESS,
    layout.ENVIRONMENT,
    layout.FIRST_CALL_JSON,
    layout.BOUNDARY_JSON,
    layout.COSTS_JSON,
    layout.TARGETS_JSON,
    layout.THREADS_JSON,
    layout.SWEEP_JSON,
    layout.SWEEP_LOG,
    layout.hyperfine_json("split"),
    layout.hyperfine_log("startup"),
]


@pytest.mark.parametrize("name", PROMISED)
def test_a_deleted_file_the_manifest_promises_is_refused_as_missing(
    committed: Path, tmp_path: Path, name: str
) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(committed, raw)
    (raw / name).unlink()
    with pytest.raises(RawFileError) as caught:
        Manifest.read(raw)
    assert re.fullmatch(
        rf"{re.escape(str(raw / name))}: missing, though manifest\.json lists it "
        r"\((the run|the [a-z-]+ study)\)",
        str(caught.value),
    ), str(caught.value)
