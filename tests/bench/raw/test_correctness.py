"""correctness.json and environment.json: written, read back, refused when malformed."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from bench.raw import correctness, environment, layout
from bench.raw.correctness import Check
from bench.raw.records import RawFileError


def test_verdicts_read_back_as_written(tmp_path: Path) -> None:
    checks = [Check("rust-naive", 5000, True), Check("primes", 10, False, "element 4 is 9")]
    correctness.write(tmp_path, checks)
    assert correctness.read(tmp_path) == checks
    data = json.loads((tmp_path / layout.CORRECTNESS).read_text())
    assert data["oracle"] == correctness.ORACLE
    assert data["verdicts"][1] == {
        "subject": "primes", "count": 10, "ok": False, "detail": "element 4 is 9",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("name", "text", "read", "message"),
    [
        (
            layout.CORRECTNESS,
            '{"verdicts": [{"subject": "x", "count": 1}]}',
            correctness.read,
            "Object missing required field `ok` - at `$.verdicts[0]`",
        ),
        (layout.ENVIRONMENT, "[]", environment.read, "Expected `object`, got `array`"),
    ],
)
def test_a_malformed_file_is_named(
    tmp_path: Path, name: str, text: str, read: Callable[[Path], object], message: str
) -> None:
    (tmp_path / name).write_text(text)
    with pytest.raises(RawFileError) as caught:
        read(tmp_path)
    assert str(caught.value) == f"{tmp_path / name}: {message}"


def test_the_environment_reads_back_and_is_empty_when_absent(tmp_path: Path) -> None:
    assert environment.read(tmp_path) == {}
    found = {"cpu": {"model": "AMD EPYC", "flags_of_interest": ["avx2"]}, "load": [0.5, 0.25]}
    environment.write(tmp_path, found)
    assert environment.read(tmp_path) == found


@pytest.mark.parametrize(
    ("found", "message"),
    [
        ({"cpu": []}, "Expected `object`, got `array` - at `$.cpu`"),
        ({"os": None}, "Expected `object`, got `null` - at `$.os`"),
        (
            {"os": {"memory_bytes": "8 GB"}},
            "Expected `float | null`, got `str` - at `$.os.memory_bytes`",
        ),
        ({"build": {"rust": "release"}}, "Expected `object`, got `str` - at `$.build.rust`"),
        (
            {"load_average_at_end": ["high"]},
            "Expected `float`, got `str` - at `$.load_average_at_end[0]`",
        ),
    ],
)
def test_an_environment_part_the_report_reads_must_have_its_type(
    tmp_path: Path, found: dict[str, object], message: str
) -> None:
    environment.write(tmp_path, found)
    with pytest.raises(environment.EnvironmentFormatError) as caught:
        environment.read(tmp_path)
    assert str(caught.value) == f"{tmp_path / layout.ENVIRONMENT}: {message}"


def test_an_environment_keeps_what_the_report_does_not_read(tmp_path: Path) -> None:
    found = {"cpu": {"model": 7}, "os": {"memory_bytes": None}, "extra": [1, "x"]}
    environment.write(tmp_path, found)
    assert environment.read(tmp_path) == found
