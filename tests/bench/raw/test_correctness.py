"""correctness.json and environment.json: written, read back, refused when malformed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.raw import correctness, environment, layout
from bench.raw.correctness import Check


def test_verdicts_read_back_as_written(tmp_path: Path) -> None:
    checks = [Check("rust-naive", 5000, True), Check("primes", 10, False, "element 4 is 9")]
    correctness.write(tmp_path, checks)
    assert correctness.read(tmp_path) == checks
    data = json.loads((tmp_path / layout.CORRECTNESS).read_text())
    assert data["oracle"] == correctness.ORACLE
    assert data["verdicts"][1] == {
        "subject": "primes", "count": 10, "ok": False, "detail": "element 4 is 9",
    }  # fmt: skip


def test_a_malformed_verdict_is_named(tmp_path: Path) -> None:
    (tmp_path / layout.CORRECTNESS).write_text('{"verdicts": [{"subject": "x", "count": 1}]}')
    with pytest.raises(
        correctness.CorrectnessFormatError,
        match=r"correctness\.json: Object missing required field `ok` - at `\$\.verdicts\[0\]`",
    ):
        correctness.read(tmp_path)


def test_the_environment_reads_back_and_is_empty_when_absent(tmp_path: Path) -> None:
    assert environment.read(tmp_path) == {}
    found = {"cpu": {"model": "AMD EPYC", "flags_of_interest": ["avx2"]}, "load": [0.5, 0.25]}
    environment.write(tmp_path, found)
    assert environment.read(tmp_path) == found


def test_an_environment_that_is_not_an_object_is_refused(tmp_path: Path) -> None:
    (tmp_path / layout.ENVIRONMENT).write_text("[]")
    with pytest.raises(
        environment.EnvironmentFormatError,
        match=r"environment\.json: Expected `object`, got `array`$",
    ):
        environment.read(tmp_path)


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
