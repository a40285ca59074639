"""pytest-benchmark's JSON: the fields the report reads, and refusals naming the field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bench.paths import REPO
from bench.raw import layout, pytest_benchmark


def export() -> dict[str, Any]:
    return {
        "machine_info": {},
        "benchmarks": [
            {
                "group": "first_n(100)",
                "name": "test_first_n[rust-naive-100]",
                "params": {"name": "rust-naive", "count": 100},
                "extra_info": {"language": "rust", "algorithm": "naive"},
                "stats": {"min": 1e-6, "median": 2e-6, "mean": 2e-6, "data": [2e-6, 1e-6]},
            }
        ],
        "version": "5.1.0",
    }


def load(tmp_path: Path, data: object) -> pytest_benchmark.PytestBenchmarkRun:
    path = tmp_path / "run.json"
    path.write_text(json.dumps(data))
    return pytest_benchmark.load(path)


def test_the_fields_the_report_reads(tmp_path: Path) -> None:
    run = load(tmp_path, export())
    result = run.get("rust-naive", 100)
    assert result is not None
    assert (result.implementation, result.count, result.median, result.min) == (
        "rust-naive", 100, 2e-6, 1e-6,
    )  # fmt: skip
    assert result.data == (2e-6, 1e-6)
    assert result.extra_info == {"language": "rust", "algorithm": "naive"}
    assert run.implementations() == ["rust-naive"] and run.counts() == [100]


def test_the_committed_run_reads() -> None:
    run = pytest_benchmark.load(REPO / "results" / "reference" / "raw" / layout.SWEEP_JSON)
    assert "rust-naive" in run.implementations()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("benchmarks"), "Object missing required field `benchmarks`"),
        (
            lambda d: d["benchmarks"][0]["stats"].pop("median"),
            "Object missing required field `median` - at `$.benchmarks[0].stats`",
        ),
        (
            lambda d: d["benchmarks"][0]["params"].update(count="many"),
            "Expected `int`, got `str` - at `$.benchmarks[0].params.count`",
        ),
    ],
)
def test_malformed_exports_name_the_file_and_field(
    tmp_path: Path, change: Any, message: str
) -> None:
    data = export()
    change(data)
    with pytest.raises(pytest_benchmark.PytestBenchmarkFormatError) as caught:
        load(tmp_path, data)
    assert message in str(caught.value)
    assert str(tmp_path / "run.json") in str(caught.value)
