"""The performance gate (`python -m bench.gate`): its verdicts on synthetic result files, its
baseline validation and exit statuses, and end to end under callgrind with doctored baselines."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from gate_command import gate as run_gate

import optional_tools
from bench.gate import baseline, cli, environment, instructions, options, policy, report, wallclock
from bench.gate.baseline import BaselineError, Entry, Instructions, Results, WallClock
from bench.gate.compare import (
    INSTRUCTIONS,
    WALL_CLOCK,
    Row,
    Thresholds,
    Verdict,
    compare,
    judge,
    regressions,
    tally,
)
from bench.paths import REPO
from bench.timers.errors import MeasurementError

ENV = {"python": "CPython 3.11.7 (GCC 12.2.0)", "machine": "x86_64", "cpu": "AMD EPYC"}


def entry(instructions: int, ratio: float | None = 0.05, count: int = 5_000) -> Entry:
    wall = None if ratio is None else WallClock(1_000, ratio, ratio * 0.9, ratio * 1.1, 31)
    return Entry(Instructions(count, instructions, (instructions,)), wall)


def results(**entries: Entry) -> Results:
    names = {name.replace("_", "-"): e for name, e in entries.items()}
    return Results("pure-naive", names, dict(ENV), "2026-01-01T00:00:00+00:00")


BASE = results(
    pure_naive=entry(200_000_000, ratio=None, count=1_000),
    rust_naive=entry(100_000_000, ratio=0.05),
    cython_naive=entry(120_000_000, ratio=0.06),
)


def rows_for(rows: list[Row], name: str, metric: str) -> Row:
    (row,) = [r for r in rows if r.implementation == name and r.metric == metric]
    return row


def now_with(**changes: Entry) -> Results:
    entries = dict(BASE.entries)
    entries.update({name.replace("_", "-"): e for name, e in changes.items()})
    return Results("pure-naive", entries, dict(ENV))


# --- verdicts -------------------------------------------------------------------------------


def test_judge_classifies_by_relative_change() -> None:
    assert judge(100, 110, 0.02) == pytest.approx((0.10, Verdict.REGRESSED))
    assert judge(100, 90, 0.02) == pytest.approx((-0.10, Verdict.IMPROVED))
    assert judge(100, 101, 0.02) == pytest.approx((0.01, Verdict.OK))
    assert judge(100, 102, 0.02)[1] is Verdict.OK  # the threshold itself is tolerated
    assert judge(100, 102.1, 0.02)[1] is Verdict.REGRESSED


def test_unchanged_results_are_all_ok() -> None:
    rows = compare(BASE, now_with(), Thresholds())
    assert {row.verdict for row in rows} == {Verdict.OK}
    # Two metrics for each compiled implementation, instructions only for the reference.
    assert len(rows) == 5
    assert regressions(rows) == []


def test_a_five_percent_slowdown_in_instructions_is_a_regression() -> None:
    rows = compare(BASE, now_with(rust_naive=entry(105_000_000)), Thresholds())
    row = rows_for(rows, "rust-naive", INSTRUCTIONS)
    assert row.verdict is Verdict.REGRESSED
    assert row.change == pytest.approx(0.05)
    assert [r.implementation for r in regressions(rows)] == ["rust-naive"]
    assert rows_for(rows, "cython-naive", INSTRUCTIONS).verdict is Verdict.OK


def test_fewer_instructions_are_an_improvement_not_a_failure() -> None:
    rows = compare(BASE, now_with(rust_naive=entry(90_000_000)), Thresholds())
    assert rows_for(rows, "rust-naive", INSTRUCTIONS).verdict is Verdict.IMPROVED
    assert regressions(rows) == []


def test_noise_within_the_thresholds_passes() -> None:
    noisy = now_with(
        pure_naive=entry(201_000_000, ratio=None, count=1_000),  # +0.5%
        rust_naive=entry(99_200_000, ratio=0.06),  # -0.8% instructions, +20% wall clock
    )
    rows = compare(BASE, noisy, Thresholds())
    assert {row.verdict for row in rows} == {Verdict.OK}


def test_a_wall_clock_regression_is_reported_as_such() -> None:
    rows = compare(BASE, now_with(cython_naive=entry(120_000_000, ratio=0.12)), Thresholds())
    assert rows_for(rows, "cython-naive", INSTRUCTIONS).verdict is Verdict.OK
    wall = rows_for(rows, "cython-naive", WALL_CLOCK)
    assert wall.verdict is Verdict.REGRESSED
    assert report.summary(rows, "pure-naive", tally(rows), allow_uncompared=False) == (
        "perf-check: REGRESSED (compared 5 of 5 figures): "
        "cython-naive (time / pure-naive +100.00%, threshold ±50.0%)"
    )


def test_a_missing_implementation_is_reported_not_failed() -> None:
    now = Results("pure-naive", {k: v for k, v in BASE.entries.items() if k != "cython-naive"})
    rows = compare(BASE, now, Thresholds())
    missing = [row for row in rows if row.implementation == "cython-naive"]
    assert [row.verdict for row in missing] == [Verdict.MISSING, Verdict.MISSING]
    assert all(row.now is None and row.baseline is not None for row in missing)
    assert regressions(rows) == []


def test_a_new_implementation_is_reported_not_failed() -> None:
    rows = compare(BASE, now_with(rust_sieve=entry(1_000_000, ratio=0.001)), Thresholds())
    new = [row for row in rows if row.implementation == "rust-sieve"]
    assert [row.verdict for row in new] == [Verdict.NEW, Verdict.NEW]
    assert all(row.baseline is None and row.now is not None for row in new)
    assert regressions(rows) == []


def test_selection_keeps_other_baseline_entries_out_of_the_report() -> None:
    only_rust = Results("pure-naive", {"rust-naive": entry(110_000_000)})
    rows = compare(BASE, only_rust, Thresholds(), selected={"rust-naive"})
    assert {row.implementation for row in rows} == {"rust-naive"}
    assert [r.implementation for r in regressions(rows)] == ["rust-naive"]


def test_figures_from_another_environment_are_not_compared() -> None:
    slower = now_with(rust_naive=entry(150_000_000, ratio=0.5))
    rows = compare(
        BASE,
        slower,
        Thresholds(),
        instructions_unreliable="baseline from another rustc",
        wall_clock_unreliable="baseline from another cpu",
    )
    assert rows_for(rows, "rust-naive", INSTRUCTIONS).verdict is Verdict.NOT_COMPARED
    assert rows_for(rows, "rust-naive", WALL_CLOCK).note == "baseline from another cpu"
    assert regressions(rows) == []


def test_a_different_count_is_not_compared() -> None:
    rows = compare(BASE, now_with(rust_naive=entry(50_000_000, count=2_500)), Thresholds())
    row = rows_for(rows, "rust-naive", INSTRUCTIONS)
    assert row.verdict is Verdict.NOT_COMPARED
    assert row.note == "baseline count is 5,000"


def test_environment_differences_name_the_keys_that_changed() -> None:
    before = {"python": "CPython 3.11.7", "rustc": "1.94", "commit": "a"}
    now = {"python": "CPython 3.11.7", "rustc": "1.95", "commit": "b", "cc": "gcc 12"}
    assert environment.differences(before, now, environment.INSTRUCTION_KEYS) == {
        "rustc": ("1.94", "1.95"),
        "cc": ("?", "gcc 12"),
    }


def test_a_baseline_keeps_the_median_wall_clock_run() -> None:
    def run(ratio: float) -> dict[str, wallclock.TimeRatio]:
        return {
            "rust-naive": wallclock.TimeRatio("rust-naive", "pure-naive", 1000, ratio, 0, 1, 31)
        }

    assert wallclock.median_of([run(0.09), run(0.03), run(0.05)])["rust-naive"].ratio == 0.05
    assert wallclock.median_of([run(0.09), run(0.03)])["rust-naive"].ratio == 0.03


def test_thresholds_apply_per_implementation() -> None:
    now = now_with(rust_naive=entry(103_000_000), cython_naive=entry(123_600_000, ratio=0.06))
    thresholds = Thresholds(instructions=0.02, per_implementation={"rust-naive": 0.04})
    rows = compare(BASE, now, thresholds)
    assert rows_for(rows, "rust-naive", INSTRUCTIONS).verdict is Verdict.OK
    assert rows_for(rows, "cython-naive", INSTRUCTIONS).verdict is Verdict.REGRESSED


def test_the_table_names_every_column_and_the_regressed_implementation() -> None:
    rows = compare(BASE, now_with(rust_naive=entry(110_000_000)), Thresholds())
    lines = report.table(rows, "pure-naive").splitlines()
    assert lines[0].split() == list(report.HEADERS)
    (rust,) = [line for line in lines if line.startswith("rust-naive") and "instructions" in line]
    assert rust.split() == [
        "rust-naive", "5,000", "instructions", "100,000,000", "110,000,000", "+10.00%",
        "REGRESSED", "(±1.0%)",
    ]  # fmt: skip


def test_the_json_report_names_the_failed_implementation_and_metric() -> None:
    rows = compare(BASE, now_with(rust_naive=entry(110_000_000)), Thresholds())
    document = report.check_json(
        rows,
        reference="pure-naive",
        baseline_path="b.json",
        exit_code=1,
        tally=tally(rows),
        environment=ENV,
        environment_differences={"rustc": ("1.94", "1.95")},
    )
    assert document["regressed"] == ["rust-naive"]
    assert document["failed_metrics"] == [{"implementation": "rust-naive", "metric": INSTRUCTIONS}]
    assert document["environment_differences"] == {"rustc": {"baseline": "1.94", "now": "1.95"}}
    assert json.loads(json.dumps(document)) == document


# --- baseline files -------------------------------------------------------------------------


def test_a_saved_baseline_loads_back_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "baseline.json"
    baseline.save(BASE, path)
    assert baseline.load(path) == BASE


def write(path: Path, data: object) -> Path:
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return path


def valid_json() -> dict[str, Any]:
    return baseline.to_json(BASE)


@pytest.mark.parametrize(
    ("mangle", "message"),
    [
        (lambda d: d.update(schema="primes-perf-baseline/0"), "schema is 'primes-perf-baseline/0'"),
        (lambda d: d.pop("schema"), "schema is None"),
        (
            lambda d: d.update(implementations=[]),
            "Expected `object`, got `array` - at `$.implementations`",
        ),
        (
            lambda d: d["implementations"]["rust-naive"]["instructions"].update(value="many"),
            "Expected `int`, got `str` - at `$.implementations['rust-naive'].instructions.value`",
        ),
        (
            lambda d: d["implementations"]["rust-naive"]["instructions"].update(value=0),
            "Expected `int` >= 1 - at `$.implementations['rust-naive'].instructions.value`",
        ),
        (
            lambda d: d["implementations"]["rust-naive"]["instructions"].update(count=True),
            "Expected `int`, got `bool` - at `$.implementations['rust-naive'].instructions.count`",
        ),
        (
            lambda d: d["implementations"]["rust-naive"]["time_vs_reference"].update(ratio=-1),
            "Expected `float` > 0.0 - at `$.implementations['rust-naive'].time_vs_reference.ratio`",
        ),
        (
            lambda d: d["implementations"]["rust-naive"].update(seconds=1),
            "Object contains unknown field `seconds` - at `$.implementations['rust-naive']`",
        ),
        (lambda d: d["implementations"].update(c=[]), "got `array` - at `$.implementations['c']`"),
        (
            lambda d: d.update(environment={"cpu": 1}),
            "Expected `str`, got `int` - at `$.environment[...]`",
        ),
        (lambda d: d.pop("recorded"), "Object missing required field `recorded`"),
    ],
)
def test_a_wrong_schema_is_a_clear_error(tmp_path: Path, mangle: Any, message: str) -> None:
    data = valid_json()
    mangle(data)
    path = write(tmp_path / "b.json", data)
    with pytest.raises(BaselineError) as caught:
        baseline.load(path)
    assert message in str(caught.value)
    assert str(path) in str(caught.value)


def test_corrupt_or_absent_baselines_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(BaselineError, match="not valid JSON"):
        baseline.load(write(tmp_path / "cut.json", json.dumps(valid_json())[:-20]))
    with pytest.raises(BaselineError, match=r"list\.json: Expected `object`, got `array`$"):
        baseline.load(write(tmp_path / "list.json", "[]"))
    with pytest.raises(BaselineError, match="make perf-baseline"):
        baseline.load(tmp_path / "absent.json")


def test_the_committed_baseline_is_valid_and_covers_the_talks_implementations() -> None:
    committed = baseline.load(REPO / baseline.DEFAULT_PATH)
    assert committed.reference == policy.REFERENCE
    for name in ("pure-naive", "cython-naive", "rust-naive"):
        ins = committed.entries[name].instructions
        assert ins is not None
        assert ins.count == policy.default_count(name)
        assert len(ins.runs) >= 2
        assert instructions.spread(ins.runs) <= policy.NOT_REPEATABLE
    assert {"python", "cpu", "rustc", "cc", "valgrind", "commit"} <= set(committed.environment)


# --- the command's exit statuses ------------------------------------------------------------


def test_exit_statuses_are_distinct() -> None:
    assert len({int(code) for code in cli.Exit}) == len(cli.Exit)
    assert int(cli.Exit.OK) == 0
    assert int(cli.Exit.REGRESSED) == 1


def test_a_corrupt_baseline_exits_with_its_own_status(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "b.json", "{not json")
    assert cli.main(["check", "--baseline", str(path)]) == cli.Exit.BAD_BASELINE
    assert "not valid JSON" in capsys.readouterr().err
    wrong = write(tmp_path / "w.json", {**valid_json(), "schema": "other/9"})
    assert cli.main(["check", "--baseline", str(wrong)]) == cli.Exit.BAD_BASELINE
    assert "schema is 'other/9'" in capsys.readouterr().err


def test_missing_valgrind_exits_with_install_instructions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "b.json"
    baseline.save(BASE, path)
    monkeypatch.setenv("PATH", str(tmp_path))  # nothing to find there
    assert cli.main(["check", "--baseline", str(path)]) == cli.Exit.NO_VALGRIND
    assert "apt-get install -y valgrind" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["check", "baseline"])
def test_help_describes_every_option(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        cli.main([command, "--help"])
    assert caught.value.code == 0
    text = capsys.readouterr().out
    for option in ("--baseline", "--impl", "--jobs", "--rounds"):
        assert option in text
    assert "3 missing/corrupt/wrong-schema baseline, 4 valgrind not installed" in " ".join(
        text.split()
    )
    if command == "check":
        assert "(default: 1%)" in text
        assert "(default: 50%)" in text


def test_an_unknown_implementation_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        cli.main(["check", "--impl", "fortran-naive"])
    assert caught.value.code == cli.Exit.USAGE
    assert "unknown implementation 'fortran-naive'" in capsys.readouterr().err


def test_thresholds_parse_as_percentages() -> None:
    args = options.parser().parse_args(
        ["check", "--threshold", "3", "--threshold", "rust-naive=1.5%", "--wall-threshold", "50"]
    )
    assert args.threshold == [(None, pytest.approx(0.03)), ("rust-naive", pytest.approx(0.015))]
    assert args.wall_threshold == pytest.approx(0.5)


def test_callgrind_summary_is_parsed(tmp_path: Path) -> None:
    out = write(tmp_path / "callgrind.out.1", "events: Ir\nsummary: 123456\n\nfn=main\n")
    assert instructions._summary(out) == 123_456
    with pytest.raises(MeasurementError):
        instructions._summary(write(tmp_path / "empty.out", "events: Ir\n"))


# --- end to end, under callgrind -------------------------------------------------------------

needs_valgrind = optional_tools.needs("valgrind", optional_tools.valgrind())


def gate(*args: str) -> subprocess.CompletedProcess[str]:
    return run_gate(*args, timeout=300)


#: The one implementation the doctored baselines are about: a sieve counts 0.8 million
#: instructions at the gate's count, so a run costs little more than callgrind's start-up.
COUNTED = "rust-wheel"
#: Few wall-clock rounds: these tests are about instruction counts (the time threshold is lifted
#: below), yet the time figure is still taken and compared.
ROUNDS = ("--rounds", "5")


@pytest.fixture(scope="module")
def rust_baseline(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    path = tmp_path_factory.mktemp("gate") / "baseline.json"
    done = gate("baseline", "--impl", COUNTED, "--repeat", "1", *ROUNDS, "--baseline", str(path))
    assert done.returncode == 0, done.stderr
    data: dict[str, Any] = json.loads(path.read_text())
    return data


def doctored(data: dict[str, Any], factor: float, path: Path) -> tuple[Path, int]:
    data = json.loads(json.dumps(data))
    ins = data["implementations"][COUNTED]["instructions"]
    measured: int = ins["value"]
    ins["value"] = round(measured * factor)
    ins["runs"] = [ins["value"]]
    # The count at half scaled alike: the growth exponent stays, only the count changes.
    ins["half_count_value"] = round(ins["half_count_value"] * factor)
    return write(path, data), measured


def check_doctored(
    data: dict[str, Any], factor: float, tmp_path: Path
) -> tuple[subprocess.CompletedProcess[str], dict[str, Any], int]:
    """COUNTED checked against `data` with its count scaled by `factor`: the gate's run,
    its --json document and the count measured when `data` was recorded."""
    path, measured = doctored(data, factor, tmp_path / f"doctored-{factor}.json")
    out = tmp_path / "check.json"
    # The wall-clock threshold is lifted: these tests are about instruction counts, and must
    # not depend on what the neighbours do to timings meanwhile.
    done = gate("check", "--impl", COUNTED, "--baseline", str(path), "--json", str(out),
                "--wall-threshold", "500", *ROUNDS)  # fmt: skip
    document = json.loads(out.read_text()) if out.exists() else {}
    return done, document, measured


@pytest.mark.slow
@needs_valgrind
def test_a_baseline_claiming_ten_percent_fewer_instructions_fails_naming_it(
    rust_baseline: dict[str, Any], tmp_path: Path
) -> None:
    done, document, measured = check_doctored(rust_baseline, 0.9, tmp_path)
    assert done.returncode == cli.Exit.REGRESSED, done.stdout + done.stderr
    assert f"perf-check: REGRESSED (compared 3 of 3 figures): {COUNTED} (instructions +11.11%" in (
        done.stdout
    )
    assert document["regressed"] == [COUNTED]
    assert document["failed_metrics"] == [{"implementation": COUNTED, "metric": INSTRUCTIONS}]
    (row,) = [r for r in document["rows"] if r["metric"] == INSTRUCTIONS]
    assert row["now"] == pytest.approx(measured, rel=1e-4)  # counts repeat between processes


@pytest.mark.slow
@needs_valgrind
def test_a_baseline_claiming_ten_percent_more_instructions_passes_as_an_improvement(
    rust_baseline: dict[str, Any], tmp_path: Path
) -> None:
    done, document, measured = check_doctored(rust_baseline, 1.1, tmp_path)
    assert done.returncode == cli.Exit.OK, done.stdout + done.stderr
    (row,) = [r for r in document["rows"] if r["metric"] == INSTRUCTIONS]
    assert row["verdict"] == "improved"
    assert row["change"] == pytest.approx(1 / 1.1 - 1, abs=1e-3)
    assert row["now"] == pytest.approx(measured, rel=1e-4)


def test_a_narrow_terminal_gets_one_block_per_implementation() -> None:
    rows = compare(BASE, now_with(rust_naive=entry(110_000_000)), Thresholds())
    wide = report.table(rows, "pure-naive").splitlines()
    assert wide[0].split() == [*" ".join(report.HEADERS).split()]
    assert max(map(len, wide)) > 80  # the full table does not fit 80 columns...
    narrow = report.table(rows, "pure-naive", width=80).splitlines()
    assert max(map(len, narrow)) <= 80  # ...one block per implementation does
    assert narrow[0] == "pure-naive (count 1,000)"
    headed = [line for line in narrow if not line.startswith("  ")]
    assert headed == [
        "pure-naive (count 1,000)",
        "rust-naive (count 5,000)",
        "rust-naive (count 1,000)",
        "cython-naive (count 5,000)",
        "cython-naive (count 1,000)",
    ]
    assert any("REGRESSED" in line and "+10.00%" in line for line in narrow)
