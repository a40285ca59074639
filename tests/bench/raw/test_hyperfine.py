"""Reading hyperfine's --export-json files: the 1.x schema, and refusing what it is not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.raw import hyperfine

# Written by hyperfine 1.20.0 (`hyperfine -N --runs 3 --export-json ... /bin/true`), verbatim.
RECORDED = """{
  "results": [
    {
      "command": "/bin/true",
      "mean": 0.0006140783333333333,
      "stddev": 0.00003590095327637286,
      "median": 0.000603478,
      "user": 0.00047166666666666664,
      "system": 0.00003533333333333333,
      "min": 0.000584632,
      "max": 0.000654125,
      "times": [
        0.000654125,
        0.000603478,
        0.000584632
      ],
      "memory_usage_byte": [
        3022848,
        3022848,
        3026944
      ],
      "exit_codes": [
        0,
        0,
        0
      ]
    }
  ]
}
"""

# hyperfine 1.20.0 with --runs 1: no standard deviation.
SINGLE_RUN = {
    "results": [
        {
            "command": "/bin/true",
            "mean": 0.0007734980000000001,
            "stddev": None,
            "median": 0.0007734980000000001,
            "user": 0.000603,
            "system": 0.0,
            "min": 0.0007734980000000001,
            "max": 0.0007734980000000001,
            "times": [0.0007734980000000001],
            "memory_usage_byte": [3022848],
            "exit_codes": [0],
        }
    ]
}


def test_reads_a_recorded_export(tmp_path: Path) -> None:
    path = tmp_path / "run.json"
    path.write_text(RECORDED)
    (result,) = hyperfine.load(path)
    assert result.command == "/bin/true"
    assert result.times == (0.000654125, 0.000603478, 0.000584632)
    assert result.runs == 3
    assert result.median == 0.000603478
    assert result.min == 0.000584632 and result.max == 0.000654125
    assert result.mean == pytest.approx(sum(result.times) / 3)
    assert result.stddev == pytest.approx(3.590095327637286e-05)
    assert result.exit_codes == (0, 0, 0)
    assert result.memory_usage_byte == (3022848, 3022848, 3026944)
    assert result.parameters == {}


def test_a_single_run_has_no_stddev() -> None:
    (result,) = hyperfine.parse(SINGLE_RUN)
    assert result.stddev is None
    assert result.runs == 1


def test_parameter_scans_keep_their_parameters() -> None:
    data = json.loads(RECORDED)
    data["results"][0]["parameters"] = {"count": "5000"}
    (result,) = hyperfine.parse(data)
    assert result.parameters == {"count": "5000"}


@pytest.mark.parametrize("version", ["1", "1.0", "1.7.2", 1])
def test_a_declared_1x_schema_is_read(version: object) -> None:
    data = json.loads(RECORDED)
    data["schema_version"] = version
    assert hyperfine.parse(data)[0].median == 0.000603478


@pytest.mark.parametrize("version", ["2", "2.0.0", 2, "0.9"])
def test_another_schema_major_is_refused(version: object) -> None:
    data = json.loads(RECORDED)
    data["schema_version"] = version
    with pytest.raises(hyperfine.HyperfineFormatError, match="schema_version"):
        hyperfine.parse(data)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.pop("results"), "Object missing required field `results`"),
        (
            lambda d: d["results"][0].pop("command"),
            "Object missing required field `command` - at `$.results[0]`",
        ),
        (
            lambda d: d["results"][0].update(times=[]),
            "Expected `array` of length >= 1 - at `$.results[0].times`",
        ),
        (
            lambda d: d["results"][0].update(median="fast"),
            "Expected `float`, got `str` - at `$.results[0].median`",
        ),
        (
            lambda d: d["results"][0].update(mean=True),
            "Expected `float`, got `bool` - at `$.results[0].mean`",
        ),
    ],
)
def test_malformed_exports_are_refused(mutate: object, message: str) -> None:
    data = json.loads(RECORDED)
    mutate(data)  # type: ignore[operator]
    with pytest.raises(hyperfine.HyperfineFormatError) as caught:
        hyperfine.parse(data)
    assert str(caught.value) == f"hyperfine JSON: {message}"


def test_a_malformed_file_is_named(tmp_path: Path) -> None:
    data = json.loads(RECORDED)
    data["results"][0]["median"] = "fast"
    path = tmp_path / "run.json"
    path.write_text(json.dumps(data))
    with pytest.raises(hyperfine.HyperfineFormatError) as caught:
        hyperfine.load(path)
    assert str(caught.value) == f"{path}: Expected `float`, got `str` - at `$.results[0].median`"


def test_not_json_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "run.json"
    path.write_text("Benchmark 1: /bin/true\n")
    with pytest.raises(hyperfine.HyperfineFormatError, match="not JSON"):
        hyperfine.load(path)


# hyperfine 1.20.0's output, both streams through one pipe, for two commands where the first
# had a slow first run and outliers (warnings trimmed after their first sentence).
OUTPUT = "\n".join(
    [
        "Benchmark 1: /bin/true",
        "  Time (mean ± σ):     605.7 µs ± 191.0 µs    [User: 447.5 µs, System: 60.3 µs]",
        "  Range (min … max):   539.8 µs … 1409.9 µs    20 runs",
        " ",
        "  Warning: The first benchmarking run for this command was significantly slower than "
        "the rest (1.4 ms).",
        "  Warning: Statistical outliers were detected.",
        " ",
        "Benchmark 2: /bin/false --version",
        "  Time (mean ± σ):     590.1 µs ±  20.0 µs    [User: 440.0 µs, System: 58.0 µs]",
        "  Range (min … max):   560.0 µs … 640.0 µs    20 runs",
        " ",
        "Summary",
        "  /bin/false --version ran",
        "    1.03 ± 0.32 times faster than /bin/true",
    ]
)


def test_warnings_are_grouped_under_their_command() -> None:
    assert hyperfine.warnings_by_command(OUTPUT) == [
        [
            "The first benchmarking run for this command was significantly slower than the "
            "rest (1.4 ms).",
            "Statistical outliers were detected.",
        ],
        [],
    ]
    assert hyperfine.warnings_by_command(" \n") == []


def test_every_time_must_be_a_number() -> None:
    data = json.loads(RECORDED)
    data["results"][0]["times"][1] = "slow"
    with pytest.raises(
        hyperfine.HyperfineFormatError,
        match=r"Expected `float`, got `str` - at `\$\.results\[0\]\.times\[1\]`$",
    ):
        hyperfine.parse(data)
