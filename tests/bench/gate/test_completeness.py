"""The gate never passes on less than it was asked to compare: the tally of compared figures,
the summary line and exit status it leads to, the growth-exponent (scaling) metric, the
interval rules of `--against`'s wall-clock metric, and the Markdown summary.

Fast: `cli.main` runs end to end with `measurement.measure` replaced by synthetic results, so
nothing here needs valgrind (the one git call, resolving a ref that does not exist, is quick).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from bench.gate import (
    baseline,
    cli,
    environment,
    instructions,
    measurement,
    modes,
    policy,
    report,
)
from bench.gate.baseline import Entry, Instructions, Results, WallClock
from bench.gate.callgrind import EXTENSION, Function, Profile, breakdown
from bench.gate.compare import (
    INSTRUCTIONS,
    SCALING,
    TIME_VS_BASE,
    WALL_CLOCK,
    Row,
    Tally,
    Thresholds,
    Verdict,
    compare,
    growth_exponent,
    judge_interval,
    tally,
)
from bench.gate.versus import median_interval

#: Every key the gate compares environments on, so only the key a test changes differs.
ENV = {
    "python": "CPython 3.11.7 (GCC 12.2.0)",
    "machine": "x86_64",
    "os": "Linux-6.1-x86_64-with-glibc2.36",
    "cpu": "AMD EPYC",
    "cpu_flags": "sse4_2 avx avx2 bmi2",
    "cpus": "2",
    "rustc": "rustc 1.95.0 (59807616e 2026-04-14)",
    "cc": "cc (Debian 12.2.0-14+deb12u1) 12.2.0",
    "valgrind": "valgrind-3.19.0",
    "commit": "0123456789abcdef0123456789abcdef01234567",
}
REFERENCE = "pure-naive"
RECORDED = "2026-01-01T00:00:00+00:00"


def entry(
    value: int, *, half: int | None = None, ratio: float | None = 0.05, count: int = 5_000
) -> Entry:
    wall = None if ratio is None else WallClock(1_000, ratio, ratio * 0.9, ratio * 1.1, 31)
    return Entry(Instructions(count, value, (value,), half), wall)


def results(entries: dict[str, Entry], **env: str) -> Results:
    return Results(REFERENCE, entries, {**ENV, **env}, RECORDED)


def row(name: str, metric: str, verdict: Verdict, *, change: float | None = 0.0) -> Row:
    return Row(name, metric, 5_000, 100.0, 100.0, change, 0.02, verdict)


def last_line(rows: Sequence[Row], *, allow_uncompared: bool = False) -> str:
    return report.summary(rows, REFERENCE, tally(rows), allow_uncompared=allow_uncompared)


# --- the tally ------------------------------------------------------------------------------


def test_tally_counts_only_ok_regressed_and_improved_as_compared() -> None:
    rows = [
        row("a", INSTRUCTIONS, Verdict.OK),
        row("a", SCALING, Verdict.REGRESSED, change=0.5),
        row("a", WALL_CLOCK, Verdict.IMPROVED, change=-0.6),
        row("b", INSTRUCTIONS, Verdict.NOT_COMPARED, change=None),
        row("c", INSTRUCTIONS, Verdict.NEW, change=None),
        row("d", INSTRUCTIONS, Verdict.MISSING, change=None),
    ]
    counted = tally(rows)
    assert counted == Tally(compared=3, total=6)
    assert not counted.complete
    assert tally(rows[:3]) == Tally(3, 3)
    assert tally(rows[:3]).complete


def test_an_empty_tally_is_never_complete() -> None:
    assert tally([]) == Tally(0, 0)
    assert not tally([]).complete
    assert not Tally(0, 0).complete
    assert not Tally(0, 4).complete


# --- the summary line -----------------------------------------------------------------------

BASE = results(
    {
        "pure-naive": entry(200_000_000, half=60_000_000, ratio=None, count=1_000),
        "rust-naive": entry(100_000_000, half=30_000_000),
    }
)


def test_summary_when_everything_was_compared_and_nothing_regressed() -> None:
    rows = compare(BASE, BASE, Thresholds())
    # instructions and scaling for both, time for rust-naive (pure-naive is the reference).
    assert [(r.implementation, r.metric) for r in rows] == [
        ("pure-naive", INSTRUCTIONS),
        ("pure-naive", SCALING),
        ("rust-naive", INSTRUCTIONS),
        ("rust-naive", SCALING),
        ("rust-naive", WALL_CLOCK),
    ]
    assert last_line(rows) == "perf-check: OK, compared 5 of 5 figures, no implementation regressed"
    # --allow-uncompared changes nothing when everything was compared.
    assert last_line(rows, allow_uncompared=True) == last_line(rows)


def test_summary_of_a_regression_names_implementation_metric_change_and_threshold() -> None:
    slower = results({**BASE.entries, "rust-naive": entry(110_000_000, half=33_000_000)})
    rows = compare(BASE, slower, Thresholds())
    assert last_line(rows) == (
        "perf-check: REGRESSED (compared 5 of 5 figures): "
        "rust-naive (instructions +10.00%, threshold ±1.0%)"
    )


def test_summary_of_a_regression_also_says_how_much_was_compared() -> None:
    slower = results({"rust-naive": entry(110_000_000, half=33_000_000)})
    rows = compare(BASE, slower, Thresholds())
    # pure-naive is missing now: two of its figures not compared, and rust-naive regressed.
    assert last_line(rows) == (
        "perf-check: REGRESSED (compared 3 of 5 figures): "
        "rust-naive (instructions +10.00%, threshold ±1.0%)"
    )


def test_summary_says_not_verified_when_some_figures_were_not_compared() -> None:
    now = results(
        {
            "rust-naive": entry(100_000_000, half=30_000_000),
            "rust-sieve": entry(500_000, half=240_000, ratio=0.001),
        }
    )
    rows = compare(BASE, now, Thresholds(), instructions_unreliable="baseline from another rustc")
    verdicts = sorted(str(r.verdict) for r in rows)
    assert verdicts == ["missing", "missing", "new", "new", "new"] + ["not compared"] * 2 + ["ok"]
    assert tally(rows) == Tally(1, 8)
    assert last_line(rows) == (
        "perf-check: NOT VERIFIED: compared 1 of 8 figures (2 missing, 3 new, 2 not compared); "
        "see the table, or pass --allow-uncompared to accept that"
    )
    assert last_line(rows, allow_uncompared=True) == (
        "perf-check: OK as far as it compared: compared 1 of 8 figures "
        "(2 missing, 3 new, 2 not compared; --allow-uncompared)"
    )


def test_summary_when_no_figure_was_compared_is_not_ok_even_if_uncompared_are_allowed() -> None:
    rows = compare(results({}), BASE, Thresholds())
    assert tally(rows) == Tally(0, 5)
    for allow in (False, True):
        assert last_line(rows, allow_uncompared=allow).startswith(
            "perf-check: NOT VERIFIED: compared 0 of 5 figures (5 new)"
        )


def test_summary_of_nothing_to_compare_is_never_ok() -> None:
    expected = "perf-check: NOT VERIFIED: there was nothing to compare"
    assert last_line([]) == expected
    assert last_line([], allow_uncompared=True) == expected


# --- the growth exponent ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cost", "exponent"),
    [
        (lambda n: n, 1.0),
        (lambda n: n**2, 2.0),
        (lambda n: n**1.5, 1.5),
        (lambda n: 7 * n**2, 2.0),  # a constant factor cancels out
    ],
)
def test_growth_exponent_of_exact_powers(cost: Callable[[int], float], exponent: float) -> None:
    assert growth_exponent(1_000, cost(500), cost(1_000)) == pytest.approx(exponent, abs=1e-12)


def test_growth_exponent_uses_the_half_count_the_probe_used_for_an_odd_count() -> None:
    # The probe calls first_n(count // 2): 500 for 1001, not 500.5.
    assert growth_exponent(1_001, 500**2, 1_001**2) == pytest.approx(2.0, abs=1e-12)
    assert growth_exponent(1_000, 500, 1_000) == 1.0


def test_a_changed_exponent_regresses_though_the_count_moved_less_than_its_threshold() -> None:
    linear = results({"rust-naive": entry(100_000_000, half=50_000_000, ratio=None)})
    # +1% at count 5,000, but first_n(2,500) now costs a quarter of it: quadratic growth.
    quadratic = results({"rust-naive": entry(101_000_000, half=25_250_000, ratio=None)})
    rows = compare(linear, quadratic, Thresholds())
    by_metric = {r.metric: r for r in rows}
    assert set(by_metric) == {INSTRUCTIONS, SCALING}
    assert by_metric[INSTRUCTIONS].verdict is Verdict.OK
    assert by_metric[INSTRUCTIONS].change == pytest.approx(0.01)
    scaling = by_metric[SCALING]
    assert scaling.verdict is Verdict.REGRESSED
    assert scaling.baseline == pytest.approx(1.0)
    assert scaling.now == pytest.approx(2.0)
    assert scaling.change == pytest.approx(1.0)  # an exponent changes by difference, not ratio
    assert scaling.threshold == 0.1
    assert last_line(rows) == (
        "perf-check: REGRESSED (compared 2 of 2 figures): "
        "rust-naive (algorithmic: grows as count^2.00, was count^1.00)"
    )


def test_an_exponent_change_at_the_threshold_is_tolerated() -> None:
    count = 1_000

    def half_for(exponent: float, full: int) -> int:
        return round(full / 2**exponent)

    full = 1_000_000_000
    base = results({"x": entry(full, half=half_for(1.5, full), ratio=None, count=count)})
    within = results({"x": entry(full, half=half_for(1.59, full), ratio=None, count=count)})
    beyond = results({"x": entry(full, half=half_for(1.62, full), ratio=None, count=count)})
    scaling = {r.metric: r for r in compare(base, within, Thresholds())}[SCALING]
    assert scaling.verdict is Verdict.OK
    scaling = {r.metric: r for r in compare(base, beyond, Thresholds())}[SCALING]
    assert scaling.verdict is Verdict.REGRESSED
    assert scaling.change == pytest.approx(0.12, abs=1e-6)


def test_a_baseline_without_half_counts_has_no_scaling_figure_to_compare() -> None:
    old = results({"rust-naive": entry(100_000_000, half=None, ratio=None)})
    now = results({"rust-naive": entry(100_000_000, half=30_000_000, ratio=None)})
    rows = compare(old, now, Thresholds())
    scaling = {r.metric: r for r in rows}[SCALING]
    assert scaling.verdict is Verdict.NOT_COMPARED
    assert scaling.note == "not in the baseline"
    assert tally(rows) == Tally(1, 2)


# --- judging a ratio by its interval ----------------------------------------------------------


@pytest.mark.parametrize(
    ("low", "high", "verdict"),
    [
        # The low end on the threshold: not a regression, nor able to rule one out.
        (1.04, 1.30, Verdict.TOO_NOISY),
        (1.0401, 1.30, Verdict.REGRESSED),
        (0.70, 0.96, Verdict.TOO_NOISY),
        (0.70, 0.9599, Verdict.IMPROVED),
        (0.98, 1.03, Verdict.OK),
        (0.96, 1.04, Verdict.OK),  # both ends on the threshold: tolerated
        (0.90, 1.50, Verdict.TOO_NOISY),  # wide: the median alone would be a regression
        (0.547, 1.811, Verdict.TOO_NOISY),  # seen under load, where it printed ok
        (0.99, 1.0401, Verdict.TOO_NOISY),  # cannot rule out a 4% slowdown
    ],
)
def test_judge_interval_needs_the_whole_interval_beyond_the_threshold(
    low: float, high: float, verdict: Verdict
) -> None:
    ratio = (low + high) / 2
    assert judge_interval(ratio, low, high, 0.04) is verdict


def test_judge_interval_ignores_the_median_itself() -> None:
    assert judge_interval(1.02, 0.99, 1.03, 0.04) is Verdict.OK
    assert judge_interval(1.5, 1.01, 2.0, 0.04) is Verdict.TOO_NOISY
    assert judge_interval(1.05, 1.05, 1.05, 0.04) is Verdict.REGRESSED
    assert judge_interval(0.5, 0.4, 0.95, 0.04) is Verdict.IMPROVED


# --- the median's interval ------------------------------------------------------------------


def binomial_rank(n: int, confidence: float = 0.95) -> int:
    """The documented rule, computed independently: the largest k >= 1 with
    P(Binomial(n, 1/2) < k) <= (1 - confidence) / 2, at most n // 2 (1 when none qualifies)."""
    tail = (1 - confidence) / 2
    best = 1
    for k in range(1, n // 2 + 1):
        if sum(math.comb(n, i) for i in range(k)) / 2**n <= tail:
            best = k
    return best


def test_median_interval_of_ten_values_is_ranks_two_and_nine() -> None:
    values = [10.0, 3.0, 7.0, 1.0, 9.0, 5.0, 2.0, 8.0, 4.0, 6.0]  # 1..10, shuffled
    # P(B(10, 1/2) <= 1) = 11/1024 = 0.011 <= 0.025 < P(B <= 2) = 56/1024 = 0.055.
    assert median_interval(values) == (2.0, 9.0)


def test_median_interval_of_thirty_values_is_ranks_ten_and_twenty_one() -> None:
    values = [float(v) for v in reversed(range(1, 31))]
    # P(B(30, 1/2) <= 9) = 0.0214 <= 0.025 < P(B <= 10) = 0.0494.
    assert median_interval(values) == (10.0, 21.0)


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5])
def test_median_interval_of_fewer_than_six_values_is_the_whole_range(n: int) -> None:
    values = [float(v) for v in range(n, 0, -1)]
    assert median_interval(values) == (1.0, float(n))


@pytest.mark.parametrize("n", range(1, 80))
def test_median_interval_follows_its_documented_rule(n: int) -> None:
    values = [float(v) for v in range(1, n + 1)]
    k = binomial_rank(n)
    assert median_interval(values) == (float(k), float(n + 1 - k))


def test_median_interval_holds_the_median() -> None:
    values = [1.02, 0.97, 1.10, 0.99, 1.01, 1.00, 1.05, 0.95, 1.03, 0.98, 1.04]
    low, high = median_interval(values)
    assert low <= sorted(values)[5] <= high
    assert (low, high) == (0.97, 1.05)  # n = 11: k = 2, ranks 2 and 10


# --- Markdown -------------------------------------------------------------------------------


def markdown_cells(line: str) -> list[str]:
    """A table line's cells, split at the pipes Markdown reads as separators (not `\\|`)."""
    assert line.startswith("| ") and line.endswith(" |")
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]]


def test_markdown_has_a_table_row_per_row_and_the_summary_in_bold() -> None:
    slower = results({**BASE.entries, "rust-naive": entry(110_000_000, half=33_000_000)})
    rows = [
        *compare(BASE, slower, Thresholds()),
        Row("rust-naive", TIME_VS_BASE, 1_000, 1.0, 1.25, 0.25, 0.04, Verdict.REGRESSED,
            low=1.1, high=1.4),
        Row("cython|naive", INSTRUCTIONS, 5_000, 1.0, 2.0, None, 0.02, Verdict.NOT_COMPARED,
            "baseline from another cc|rustc"),
    ]  # fmt: skip
    last = last_line(rows)
    ext = "/v/site-packages/primes/_lib.abi3.so"
    where = breakdown(
        Profile({Function(ext, "0x1"): 1_000}), Profile({Function(ext, "0x1"): 1_100})
    )
    text = report.markdown(
        rows, REFERENCE, title="Gate | test", last_line=last, breakdowns={"rust-naive": where}
    )
    lines = text.splitlines()
    assert text.endswith("\n")
    assert lines[0] == "## Gate \\| test"
    assert lines[2] == "**" + last.removeprefix("perf-check: ") + "**"
    assert lines[2].startswith("**REGRESSED (compared 6 of 7 figures): rust-naive (")
    header = lines.index("| " + " | ".join(report.HEADERS) + " |")
    assert lines[header + 1] == "|---|--:|---|--:|--:|--:|---|"
    body = lines[header + 2 : header + 2 + len(rows)]
    assert len(body) == len(rows) == 7
    assert all(len(markdown_cells(line)) == len(report.HEADERS) for line in body)
    assert lines[header + 2 + len(rows)] == ""  # the table ends there
    cells = {(c[0], c[2]): c for c in map(markdown_cells, body)}
    assert cells["rust-naive", "instructions"] == [
        "rust-naive", "5,000", "instructions", "100,000,000", "110,000,000", "+10.00%",
        "REGRESSED (±1.0%)",
    ]  # fmt: skip
    assert cells["rust-naive", "growth exponent"][3:6] == ["1.737", "1.737", "+0.000"]
    assert cells["rust-naive", "time / base"][4] == "1.250 (1.100-1.400)"
    # Pipes in a cell are escaped, so they do not split it.
    assert cells["cython\\|naive", "instructions"][6] == (
        "not compared: baseline from another cc\\|rustc"
    )
    assert "### Where rust-naive's instructions went" in lines
    assert f"| {EXTENSION} | 1,000 | 1,100 | +100 | 100% |" in lines


def test_markdown_of_no_rows_still_says_nothing_was_compared() -> None:
    text = report.markdown([], REFERENCE, title="t", last_line=last_line([]), breakdowns={})
    assert "**NOT VERIFIED: there was nothing to compare**" in text.splitlines()
    assert text.count("\n|") == 2  # the header and its rule, no body


# --- cli.main end to end, with synthetic measurements -----------------------------------------

NOW = results({"rust-naive": entry(110_000_000, half=33_000_000)})


class FakeMeasure:
    """Stands in for `measurement.measure`: returns `NOW` and remembers what it was asked."""

    def __init__(self, current: Results = NOW) -> None:
        self.current = current
        self.calls: list[tuple[list[str], dict[str, int], dict[str, Any]]] = []

    def __call__(
        self, names: Sequence[str], counts: dict[str, int], **options: Any
    ) -> tuple[Results, str]:
        self.calls.append((list(names), dict(counts), options))
        return self.current, "0 s"


@pytest.fixture
def fake_measure(monkeypatch: pytest.MonkeyPatch) -> FakeMeasure:
    fake = FakeMeasure()
    monkeypatch.setattr(measurement, "measure", fake)

    def no_valgrind(*args: object, **kwargs: object) -> object:
        raise AssertionError("this test must not measure for real")

    monkeypatch.setattr(instructions, "measure", no_valgrind)
    return fake


def check(
    tmp_path: Path, base: Results, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, list[str], dict[str, Any]]:
    path = tmp_path / "baseline.json"
    baseline.save(base, path)
    out = tmp_path / "check.json"
    code = cli.main(
        ["check", "--impl", "rust-naive", "--baseline", str(path), "--json", str(out), *args]
    )
    lines = capsys.readouterr().out.splitlines()
    document: dict[str, Any] = json.loads(out.read_text())
    return code, lines, document


def ten_percent_fewer(**env: str) -> Results:
    """A baseline claiming rust-naive took 10% fewer instructions than `NOW` says."""
    return results({"rust-naive": entry(99_000_000, half=29_700_000)}, **env)


def test_cli_regresses_when_the_environment_matches(
    tmp_path: Path,
    fake_measure: FakeMeasure,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The control for the next test: the same figures from the same environment fail, after
    # being measured again (here: the same figure again) in every attempt.
    again: list[dict[str, int]] = []

    def remeasure(counts: dict[str, int], **options: object) -> dict[str, Any]:
        again.append(dict(counts))
        value, half = 110_000_000, 33_000_000
        return {
            name: instructions.InstructionCount(name, count, value, (value,), half)
            for name, count in counts.items()
        }

    monkeypatch.setattr(instructions, "measure", remeasure)
    monkeypatch.setattr(instructions, "find_valgrind", lambda: "/usr/bin/valgrind")
    code, lines, document = check(tmp_path, ten_percent_fewer(), capsys)
    assert code == cli.Exit.REGRESSED
    assert lines[-1] == (
        "perf-check: REGRESSED (compared 3 of 3 figures): "
        "rust-naive (instructions +11.11%, threshold ±1.0%)"
    )
    assert again == [{"rust-naive": 5_000}] * (measurement.ATTEMPTS - 1)
    assert document["exit_code"] == 1
    # The count measured is the baseline's, and wall-clock at the baseline's count.
    ((names, counts, options),) = fake_measure.calls
    assert (names, counts) == (["rust-naive"], {"rust-naive": 5_000})
    assert options["wall_clock_count"] == 1_000
    assert options["reference"] == REFERENCE


def test_cli_another_rustc_is_not_verified_even_when_it_would_regress(
    tmp_path: Path, fake_measure: FakeMeasure, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ten_percent_fewer(rustc="rustc 1.94.0 (4a4ef493e 2026-03-02)")
    code, lines, document = check(tmp_path, base, capsys)
    assert code == cli.Exit.NOT_VERIFIED
    assert int(cli.Exit.NOT_VERIFIED) == 6
    assert lines[-1] == (
        "perf-check: NOT VERIFIED: compared 1 of 3 figures (2 not compared); see the table, or "
        "pass --allow-uncompared to accept that"
    )
    assert (
        "perf-gate: warning: rustc differs: baseline 'rustc 1.94.0 (4a4ef493e 2026-03-02)', "
        "now 'rustc 1.95.0 (59807616e 2026-04-14)'"
    ) in lines
    assert document["exit_code"] == 6
    assert (document["compared"], document["figures"]) == (1, 3)
    assert document["regressed"] == []
    assert document["environment_differences"] == {
        "rustc": {
            "baseline": "rustc 1.94.0 (4a4ef493e 2026-03-02)",
            "now": "rustc 1.95.0 (59807616e 2026-04-14)",
        }
    }
    verdicts = {r["metric"]: (r["verdict"], r["note"]) for r in document["rows"]}
    assert verdicts == {
        INSTRUCTIONS: ("not compared", "baseline from another rustc"),
        SCALING: ("not compared", "baseline from another rustc"),
        WALL_CLOCK: ("ok", ""),
    }


def test_cli_allow_uncompared_accepts_another_rustc(
    tmp_path: Path, fake_measure: FakeMeasure, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ten_percent_fewer(rustc="rustc 1.94.0 (4a4ef493e 2026-03-02)")
    code, lines, document = check(tmp_path, base, capsys, "--allow-uncompared")
    assert code == cli.Exit.OK
    assert lines[-1] == (
        "perf-check: OK as far as it compared: compared 1 of 3 figures "
        "(2 not compared; --allow-uncompared)"
    )
    assert document["exit_code"] == 0


# Identical figures, not comparable: rust-naive-simd and numpy pick code paths by CPU
# feature; a baseline recorded before the probe's uncounted calls counted calloc's clearing
# only in part. Neither concerns one language only: every implementation's figures go.
@pytest.mark.parametrize(
    ("key", "value"), [("cpu_flags", "sse4_2"), ("method", "probe 1")], ids=["cpu", "method"]
)
def test_cli_a_baseline_from_another_cpu_or_method_is_not_verified(
    tmp_path: Path,
    fake_measure: FakeMeasure,
    capsys: pytest.CaptureFixture[str],
    key: str,
    value: str,
) -> None:
    same = results(dict(NOW.entries), **{key: value})
    code, lines, document = check(tmp_path, same, capsys)
    assert code == cli.Exit.NOT_VERIFIED
    assert lines[-1].startswith(
        "perf-check: NOT VERIFIED: compared 1 of 3 figures (2 not compared)"
    )
    assert document["exit_code"] == 6
    notes = {r["note"] for r in document["rows"] if r["verdict"] == "not compared"}
    assert notes == {f"baseline from another {key}"}
    assert environment.collect("valgrind-3.19.0", tmp_path)["method"] == instructions.METHOD
    # --ignore-environment compares them anyway: identical figures, so OK.
    code, lines, document = check(tmp_path, same, capsys, "--ignore-environment")
    assert code == cli.Exit.OK
    assert lines[-1] == "perf-check: OK, compared 3 of 3 figures, no implementation regressed"


def test_cli_an_empty_baseline_is_not_verified(
    tmp_path: Path, fake_measure: FakeMeasure, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = results({})
    code, lines, document = check(tmp_path, empty, capsys)
    assert json.loads((tmp_path / "baseline.json").read_text())["implementations"] == {}
    assert code == cli.Exit.NOT_VERIFIED
    assert lines[-1] == (
        "perf-check: NOT VERIFIED: compared 0 of 3 figures (3 new); compare with another "
        "commit measured here (--against REF) or re-record the baseline (make perf-baseline)"
    )
    assert (document["exit_code"], document["compared"], document["figures"]) == (6, 0, 3)
    # Nothing to take the count from: the default count.
    ((_, counts, _),) = fake_measure.calls
    assert counts == {"rust-naive": policy.default_count("rust-naive")}


def test_cli_an_empty_baseline_never_passes_even_with_allow_uncompared(
    tmp_path: Path, fake_measure: FakeMeasure, capsys: pytest.CaptureFixture[str]
) -> None:
    # --allow-uncompared accepts some figures uncompared, not all of them: 0 of 3 is no check.
    code, lines, document = check(tmp_path, results({}), capsys, "--allow-uncompared")
    assert lines[-1].startswith("perf-check: NOT VERIFIED: compared 0 of 3 figures (3 new)")
    assert code == cli.Exit.NOT_VERIFIED
    assert document["exit_code"] == 6


def test_cli_against_with_baseline_is_a_usage_error(
    tmp_path: Path, fake_measure: FakeMeasure, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as caught:
        cli.main(["check", "--against", "HEAD", "--baseline", str(tmp_path / "b.json")])
    assert caught.value.code == cli.Exit.USAGE
    assert int(cli.Exit.USAGE) == 2
    assert "--against compares with REF's build; it reads no --baseline" in (
        capsys.readouterr().err
    )
    assert fake_measure.calls == []


def test_cli_against_an_unknown_ref_exits_7_naming_it(
    fake_measure: FakeMeasure, capsys: pytest.CaptureFixture[str]
) -> None:
    code = cli.main(["check", "--against", "no-such-ref", "--impl", "rust-naive"])
    assert code == cli.Exit.BASE_BUILD_FAILED
    assert int(cli.Exit.BASE_BUILD_FAILED) == 7
    captured = capsys.readouterr()
    assert captured.err.endswith("\n")
    assert captured.err.splitlines() == [
        "perf-gate: cannot build the base: 'no-such-ref' is not a commit in this repository"
    ]
    assert "Traceback" not in captured.out + captured.err
    assert fake_measure.calls == []


# --- time figures too noisy to judge ----------------------------------------------------------


def noisy_rows(instructions_verdict: Verdict) -> list[Row]:
    return [
        Row("rust-naive", INSTRUCTIONS, 5_000, 1e6, 1e6, 0.0, 0.02, instructions_verdict),
        Row("rust-naive", SCALING, 5_000, 1.5, 1.5, 0.0, 0.1, Verdict.OK),
        Row(
            "rust-naive",
            TIME_VS_BASE,
            5_000,
            1.0,
            1.0,
            0.0,
            0.04,
            Verdict.TOO_NOISY,
            "its 95% interval cannot tell ±4.0%",
            low=0.547,
            high=1.811,
        ),
    ]


def test_a_noisy_time_beside_compared_instructions_is_said_not_failed() -> None:
    rows = noisy_rows(Verdict.OK)
    counted = tally(rows)
    assert (counted.compared, counted.total, counted.noisy) == (2, 3, 1)
    assert counted.complete
    assert report.summary(rows, "base", counted, allow_uncompared=False) == (
        "perf-check: OK, compared 2 of 3 figures, 1 too noisy to judge, no implementation regressed"
    )
    assert "too noisy to judge: its 95% interval cannot tell ±4.0%" in report.table(rows, "base")


def test_a_noisy_time_without_compared_instructions_is_not_verified() -> None:
    rows = noisy_rows(Verdict.NOT_COMPARED)
    counted = tally(rows)
    assert not counted.complete
    assert report.summary(rows, "base", counted, allow_uncompared=False) == (
        "perf-check: NOT VERIFIED: compared 1 of 3 figures (1 not compared, 1 too noisy to "
        "judge); see the table, or pass --allow-uncompared to accept that"
    )


# --- which environment key voids which implementation's counts ---------------------------------


def test_cli_another_jit_voids_numba_only(
    tmp_path: Path, fake_measure: FakeMeasure, capsys: pytest.CaptureFixture[str]
) -> None:
    # numba's LLVM host CPU differs: rust-naive's identical counts are compared all the same.
    same = results(dict(NOW.entries), jit="numba 0.61.2, llvmlite 0.44.0, LLVM host CPU znver3")
    code, lines, document = check(tmp_path, same, capsys)
    assert lines[-1] == "perf-check: OK, compared 3 of 3 figures, no implementation regressed"
    assert code == cli.Exit.OK
    assert document["environment_differences"]["jit"]["baseline"].endswith("znver3")


def test_each_uncompared_row_names_only_the_keys_that_concern_it() -> None:
    env = policy.EnvironmentCheck(
        instructions={"jit": ("a", "b"), "rustc": ("1.94", "1.95")},
        wall_clock={},
        ignored=False,
    )
    reasons = env.instructions_unreliable_for(
        ["pure-naive", "rust-naive", "numba-naive", "cython-naive", "retired-impl"]
    )
    assert reasons == {
        "pure-naive": None,
        "rust-naive": "baseline from another rustc",
        "numba-naive": "baseline from another jit",
        "cython-naive": None,
        "retired-impl": "baseline from another jit, rustc",  # unknown here: every key
    }
    base = results({"pure-naive": entry(1_000_000), "numba-naive": entry(1_000_000)})
    rows = compare(base, base, Thresholds(), instructions_unreliable=reasons)
    verdicts = {(r.implementation, r.metric): (r.verdict, r.note) for r in rows}
    assert verdicts[("pure-naive", INSTRUCTIONS)] == (Verdict.OK, "")
    assert verdicts[("numba-naive", INSTRUCTIONS)] == (
        Verdict.NOT_COMPARED,
        "baseline from another jit",
    )


def test_the_head_of_a_dirty_checkout_says_it_has_uncommitted_changes(tmp_path: Path) -> None:
    import subprocess

    def git(*args: str) -> str:
        done = subprocess.run(
            ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@t", *args],
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout.strip()

    git("init", "-q")
    (tmp_path / "a.txt").write_text("one\n")
    git("add", "a.txt")
    git("commit", "-q", "-m", "one")
    sha = git("rev-parse", "HEAD")
    assert modes.checkout(environment.collect("valgrind-3.19.0", tmp_path)["commit"]) == sha[:12]
    (tmp_path / "a.txt").write_text("two\n")
    assert modes.checkout(environment.collect("valgrind-3.19.0", tmp_path)["commit"]) == (
        f"{sha[:12]} with uncommitted changes"
    )
