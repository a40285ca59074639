"""The gate's history exports (`bench.gate.export`): checked against JSON Schemas transcribed
from each format's own definition (tests/bench/gate/schemas/, each says where from), and by
their concrete names, units, values and intervals."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from bench.gate import baseline, cli, measurement
from bench.gate.baseline import Entry, Instructions, Results, WallClock
from bench.gate.compare import INSTRUCTIONS, WALL_CLOCK, Row, Thresholds, Verdict, compare
from bench.gate.export import NothingToExport, bencher_bmf, github_action_benchmark

SCHEMAS = Path(__file__).parent / "schemas"

#: One realistic `check` run: every metric, an interval on the timings, a verdict of each kind,
#: and rows with nothing measured now.
ROWS = [
    Row("pure-naive", INSTRUCTIONS, 1_000, 221_843_117, 221_843_117, 0.0, 0.02, Verdict.OK),
    Row("rust-naive", INSTRUCTIONS, 5_000, 101_204_558, 106_900_002, 0.0563, 0.02,
        Verdict.REGRESSED),
    Row("rust-naive", WALL_CLOCK, 1_000, 0.0512, 0.0498, -0.0273, 0.5, Verdict.OK,
        low=0.0471, high=0.0562),
    Row("rust-naive", "time_vs_base", 1_000, None, 1.013, None, 0.1, Verdict.OK,
        low=0.982, high=1.051),
    Row("rust-naive", "scaling", 5_000, 1.72, 1.71, -0.0058, 0.05, Verdict.OK),
    Row("cython-naive", INSTRUCTIONS, 5_000, None, 123_456_789, None, 0.02, Verdict.NEW,
        "not in the baseline"),
    Row("cython-naive", WALL_CLOCK, 1_000, 0.061, None, None, 0.5, Verdict.NOT_COMPARED,
        "not measured in this run"),
    Row("pure-trial", INSTRUCTIONS, 1_000, 40_000_000, None, None, 0.02, Verdict.MISSING,
        "not measured in this run"),
]  # fmt: skip


def validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / name).read_text())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


BMF = "bencher-bmf.schema.json"
GAB = "github-action-benchmark-custom.schema.json"


def as_json(document: object) -> Any:
    """What a reader gets from the file: strict JSON, no NaN or infinity."""
    return json.loads(json.dumps(document, allow_nan=False))


def errors(schema: str, document: object) -> list[str]:
    return [error.message for error in validator(schema).iter_errors(document)]


# --- Bencher Metric Format -----------------------------------------------------------------


def test_bmf_of_a_realistic_run_is_valid() -> None:
    assert errors(BMF, as_json(bencher_bmf(ROWS))) == []


def test_bmf_has_one_benchmark_per_implementation_and_count() -> None:
    assert bencher_bmf(ROWS) == {
        "pure-naive first_n(1000)": {"instructions": {"value": 221_843_117}},
        "rust-naive first_n(5000)": {
            "instructions": {"value": 106_900_002},
            "scaling": {"value": 1.71},
        },
        "rust-naive first_n(1000)": {
            "time-vs-reference": {"value": 0.0498, "lower_value": 0.0471, "upper_value": 0.0562},
            "time-vs-base": {"value": 1.013, "lower_value": 0.982, "upper_value": 1.051},
        },
        # cython-naive's timing and pure-trial have no figure now: nothing to record.
        "cython-naive first_n(5000)": {"instructions": {"value": 123_456_789}},
    }


def test_bmf_schema_rejects_broken_documents() -> None:
    assert errors(BMF, {"rust-naive": {"instructions": {"value": "106900002"}}})
    assert errors(BMF, {"rust-naive": {"instructions": {"lower_value": 1.0}}})
    assert errors(BMF, {"rust-naive": {"instructions": 106_900_002}})
    assert errors(BMF, {"": {"instructions": {"value": 1.0}}})
    assert errors(BMF, [])


# --- github-action-benchmark customSmallerIsBetter ------------------------------------------


def test_github_action_benchmark_of_a_realistic_run_is_valid() -> None:
    assert errors(GAB, as_json(github_action_benchmark(ROWS))) == []


def test_github_action_benchmark_entries() -> None:
    entries = {entry["name"]: entry for entry in github_action_benchmark(ROWS)}
    assert list(entries) == [
        "pure-naive first_n(1000) - instructions",
        "rust-naive first_n(5000) - instructions",
        "rust-naive first_n(1000) - time-vs-reference",
        "rust-naive first_n(1000) - time-vs-base",
        "rust-naive first_n(5000) - scaling",
        "cython-naive first_n(5000) - instructions",
    ]
    assert entries["rust-naive first_n(5000) - instructions"] == {
        "name": "rust-naive first_n(5000) - instructions",
        "unit": "instructions",
        "value": 106_900_002,
        "extra": "count: 5000\nverdict: REGRESSED",
    }
    timing = entries["rust-naive first_n(1000) - time-vs-reference"]
    assert timing["unit"] == "time / reference"
    assert timing["value"] == 0.0498
    # The wider half of 0.0471..0.0562 around 0.0498, in the "±" form the action parses.
    assert timing["range"] == "± 0.0064"
    assert timing["extra"] == "count: 1000\ninterval: 0.0471 to 0.0562\nverdict: ok"
    assert entries["rust-naive first_n(1000) - time-vs-base"]["unit"] == "time / base"
    assert entries["rust-naive first_n(5000) - scaling"]["unit"] == "exponent"
    new = entries["cython-naive first_n(5000) - instructions"]
    assert new["extra"] == "count: 5000\nverdict: new (not in the baseline)"
    assert "range" not in new


def test_github_action_benchmark_schema_rejects_broken_documents() -> None:
    entry = {"name": "rust-naive first_n(5000) - instructions", "unit": "instructions"}
    assert errors(GAB, [{**entry, "value": 1.0}]) == []
    assert errors(GAB, [{**entry, "value": "106900002"}])
    assert errors(GAB, [{**entry, "value": 1.0, "range": 3}])
    assert errors(GAB, [entry])
    assert errors(GAB, {"name": "x", "unit": "y", "value": 1})
    # The action refuses a file with no results at all.
    assert errors(GAB, [])


# --- both ----------------------------------------------------------------------------------


def test_rows_without_a_figure_are_refused_not_exported_empty() -> None:
    # github-action-benchmark refuses `[]` ("No benchmark result was found"), and an empty
    # history entry would record a check that compared nothing as a pass.
    without_now = [row for row in ROWS if row.now is None]
    not_finite = [Row("rust-naive", WALL_CLOCK, 1_000, 0.05, math.inf, None, 0.5, Verdict.OK)]
    for export in (bencher_bmf, github_action_benchmark):
        with pytest.raises(NothingToExport, match=r"^nothing to export \(no rows\)$"):
            export([])
        with pytest.raises(NothingToExport, match="none of the 2 rows has a figure measured now"):
            export(without_now)
        with pytest.raises(NothingToExport, match="none of the 1 rows"):
            export(not_finite)


def test_the_cli_writes_no_empty_export_and_removes_a_stale_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A check that measured nothing leaves no export file behind, and says so on stderr."""
    env = {"python": "CPython 3.11.7", "commit": "0" * 40}
    count = Instructions(5_000, 100_000_000, (100_000_000,), 30_000_000)
    base = Results("pure-naive", {"rust-naive": Entry(count, None)}, env, "2026-01-01T00:00:00")
    nothing = Results("pure-naive", {}, env, "2026-01-01T00:00:00")
    monkeypatch.setattr(measurement, "measure", lambda *args, **kwargs: (nothing, "0 s"))
    baseline.save(base, tmp_path / "baseline.json")
    bmf, gab = tmp_path / "bmf.json", tmp_path / "gab.json"
    for stale in (bmf, gab):
        stale.write_text("an earlier run's file\n")
    options = ["--baseline", str(tmp_path / "baseline.json"), "--bmf", str(bmf)]
    code = cli.main(["check", "--impl", "rust-naive", *options, "--github-benchmark", str(gab)])
    assert code == cli.Exit.NOT_VERIFIED
    assert not bmf.exists()
    assert not gab.exists()
    said = capsys.readouterr().err.splitlines()
    assert (
        f"perf-check: {gab} not written: nothing to export (none of the 2 rows has a "
        "figure measured now)" in said
    )
    assert any(
        line.startswith(f"perf-check: {bmf} not written: nothing to export") for line in said
    )


def test_figures_json_cannot_hold_are_not_exported() -> None:
    rows = [
        Row("rust-naive", WALL_CLOCK, 1_000, 0.05, float("nan"), None, 0.5, Verdict.OK),
        Row("rust-sieve", WALL_CLOCK, 1_000, 0.01, 0.01, 0.0, 0.5, Verdict.OK,
            low=0.009, high=float("inf")),
    ]  # fmt: skip
    bmf = bencher_bmf(rows)
    assert bmf == {
        "rust-sieve first_n(1000)": {"time-vs-reference": {"value": 0.01, "lower_value": 0.009}}
    }
    (entry,) = github_action_benchmark(rows)
    assert entry["range"] == "± 0.001"
    assert errors(BMF, as_json(bmf)) == []
    assert errors(GAB, as_json([entry])) == []


def test_a_row_without_count_is_named_by_implementation_alone() -> None:
    row = Row("rust-naive", INSTRUCTIONS, None, None, 1e8, None, 0.02, Verdict.NEW)
    assert list(bencher_bmf([row])) == ["rust-naive"]
    assert github_action_benchmark([row])[0]["name"] == "rust-naive - instructions"
    assert github_action_benchmark([row])[0]["extra"] == "verdict: new"


def test_two_figures_for_one_series_are_refused() -> None:
    row = ROWS[1]
    with pytest.raises(ValueError, match="rust-naive first_n"):
        bencher_bmf([row, row])
    with pytest.raises(ValueError, match="rust-naive first_n"):
        github_action_benchmark([row, row])


def test_rows_straight_from_compare_export() -> None:
    def results(instructions: int, ratio: float) -> Results:
        wall = WallClock(1_000, ratio, ratio * 0.9, ratio * 1.1, 31)
        entries = {
            "pure-naive": Entry(Instructions(1_000, 220_000_000, (220_000_000,))),
            "rust-naive": Entry(Instructions(5_000, instructions, (instructions,)), wall),
        }
        return Results("pure-naive", entries)

    rows = compare(results(100_000_000, 0.05), results(101_000_000, 0.052), Thresholds())
    bmf = bencher_bmf(rows)
    assert bmf["rust-naive first_n(5000)"] == {"instructions": {"value": 101_000_000}}
    assert bmf["rust-naive first_n(1000)"]["time-vs-reference"]["value"] == 0.052
    assert errors(BMF, as_json(bmf)) == []
    assert errors(GAB, as_json(github_action_benchmark(rows))) == []
