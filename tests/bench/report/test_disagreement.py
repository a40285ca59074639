"""No figure load can fake is printed as fact: made-up raw data (the published run, with some
timings moved as load moves them) for each way a busy machine misleads. The expected figures
come from the edits made here, not from the report code."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import msgspec
import pytest
from impossible_figures import impossible

from bench import paths
from bench.raw import layout
from bench.raw.load import Load
from bench.report import headline, markdown, readme
from bench.report.findings import crosscheck, split
from bench.report.findings.startup import breakdowns
from bench.report.rawrun import RawRun
from bench.report.sections import SECTIONS, verdict
from bench.report.sections.verdict.compiled import rust_vs_cython
from bench.report.sections.verdict.startup import startup

PUBLISHED = paths.REFERENCE / "raw"
pytestmark = pytest.mark.skipif(
    not (PUBLISHED / layout.MANIFEST).exists(), reason="no published results/reference/raw"
)

_HYPERFINE_FIELDS = ("mean", "stddev", "median", "min", "max")
_STATS_FIELDS = ("min", "max", "mean", "stddev", "median", "iqr", "q1", "q3", "ld15iqr", "hd15iqr")


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    copy = tmp_path / "raw"
    shutil.copytree(PUBLISHED, copy)
    return copy


def _edit(path: Path, change: Any) -> None:
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))


def slow_command(raw: Path, key: str, command_end: str, factor: float) -> float:
    """Every timing of the hyperfine command ending in `command_end` times `factor`, as if
    load had landed on its turn; returns its new median."""
    found: list[float] = []

    def change(data: dict[str, Any]) -> None:
        for result in data["results"]:
            if result["command"].endswith(command_end):
                for field in _HYPERFINE_FIELDS:
                    result[field] *= factor
                result["times"] = [value * factor for value in result["times"]]
                found.append(result["median"])

    _edit(raw / layout.hyperfine_json(key), change)
    assert len(found) == 1, f"{command_end} not found once in {key}"
    return found[0]


def slow_in_process(raw: Path, name: str, count: int, factor: float) -> float:
    """The sweep's timing of `name` at `count` times `factor`; returns its new median."""
    found: list[float] = []

    def change(data: dict[str, Any]) -> None:
        for bench in data["benchmarks"]:
            if bench["params"] == {"name": name, "count": count}:
                stats = bench["stats"]
                for field in _STATS_FIELDS:
                    stats[field] *= factor
                stats["data"] = [value * factor for value in stats["data"]]
                found.append(stats["median"])

    _edit(raw / layout.SWEEP_JSON, change)
    assert len(found) == 1
    return found[0]


def median_of(raw: Path, key: str, command_end: str) -> float:
    results = json.loads((raw / layout.hyperfine_json(key)).read_text())["results"]
    return next(r["median"] for r in results if r["command"].endswith(command_end))


def report(raw: Path) -> str:
    run = RawRun(raw)
    return markdown.render([block for section in SECTIONS for block in section(run)])


def test_the_published_report_prints_nothing_impossible() -> None:
    assert impossible((paths.REFERENCE / "REPORT.md").read_text()) == []


def test_a_start_up_longer_than_the_whole_process_is_not_printed_as_a_share(raw: Path) -> None:
    whole = median_of(raw, "talk-pure-vs-rust", "primes-fast 5000")
    # `primes-fast 0` timed while the machine was busy: 46.6 ms against a 35.6 ms whole run
    # in the issue, 131%. Here: 1.31 times the whole process.
    zero = median_of(raw, layout.STARTUP, "primes-fast 0")
    slow_command(raw, layout.STARTUP, "primes-fast 0", 1.31 * whole / zero)
    text = report(raw)
    assert impossible(text) == []
    assert "131%" not in text
    rust = next(b for b in breakdowns(RawRun(raw)) if b.script == "primes-fast")
    assert rust.fixed_share == pytest.approx(1.31, rel=1e-6)
    assert not rust.consistent
    assert "**The measurements disagree** where a cell says *disagree*" in text
    assert "`primes-fast 0` (" in text and "took longer than `primes-fast 5000`" in text
    claim = startup(RawRun(raw))
    assert claim.text.startswith("**Start-up: no claim, the measurements disagree.**")
    assert claim.finding is None
    assert "131" not in claim.text and "%" not in claim.text
    said = " ".join(headline.headline(RawRun(raw)))
    assert "the measurements disagree in this run" in said and "%" not in said


def test_negative_remainders_are_not_printed(raw: Path) -> None:
    # In-process timings from a busy sweep: each compute longer than its whole process.
    for name in ("pure-naive", "rust-naive", "cython-naive"):
        slow_in_process(raw, name, 5000, 2.0)
    text = report(raw)
    assert impossible(text) == []
    section = text.split("## Where did the 12x come from?")[1].split("\n## ")[0]
    remainder = next(line for line in section.splitlines() if "printing the list" in line)
    assert remainder.count("disagree") == 3
    assert "took longer than `primes 5000` less `primes 0`" in section
    assert "The remainder row is" not in section  # no shares of a negative remainder


def test_a_negative_work_beyond_the_noise_disagrees_and_within_it_is_noise(raw: Path) -> None:
    full = median_of(raw, layout.SPLIT, "rust-naive 5000")
    zero = median_of(raw, layout.SPLIT, "rust-naive 0")
    slow_command(raw, layout.SPLIT, "--impl rust-naive 0", 1.3 * full / zero)
    run = RawRun(raw)
    data = run.hyperfine_file(layout.SPLIT, layout.SPLIT)
    assert data is not None
    assert set(split.disagreeing(data)) == {"rust-naive"}
    text = report(raw)
    assert impossible(text) == []
    row = next(line for line in text.splitlines() if line.startswith("| `rust-naive` |"))
    assert row.endswith("| disagree | " + row.split(" | ")[3] + " | disagree |")
    # The published run's rust-wheel: n = 0 a few percent slower than n = 5,000, noise.
    wheel = next(line for line in text.splitlines() if line.startswith("| `rust-wheel` |"))
    assert "below the noise" in wheel and "disagree" not in wheel


def _loads(raw: Path, busy: dict[str, float]) -> None:
    """Record a load for every study: others' share of 2 cores as given, else a quiet 1%."""

    def change(data: dict[str, Any]) -> None:
        for name, study in data["studies"].items():
            share = busy.get(name, 0.01)
            wall = study["seconds"] or 10.0
            load = Load(
                wall=wall,
                cores=2,
                others=share * wall * 2,
                steal=0.0,
                own=wall,
                load_before=(5.9, 4.0, 3.0) if name in busy else (0.7, 0.9, 1.2),
                load_after=(6.1, 4.2, 3.1) if name in busy else (1.1, 1.0, 1.1),
            )
            study["load"] = msgspec.to_builtins(load)

    _edit(raw / layout.MANIFEST, change)


def test_a_busy_run_says_so_first_and_withholds_what_load_fakes(raw: Path) -> None:
    _loads(raw, {layout.SWEEP: 0.43, layout.STARTUP: 0.30})
    run = RawRun(raw)
    lead = verdict.lead(run)
    assert "**Busy machine.**" in lead
    assert "`startup` and `sweep` measured while other work took the cores" in lead
    assert "(worst: `sweep`, other processes used 43% of the 2 cores" in lead
    bullets, summary = verdict.items(run)
    withheld = [b for b in bullets if "withheld, the machine was busy" in b]
    assert [b.split(":")[0] for b in withheld] == [
        "**Rust vs Cython",
        "**Before a rewrite",
        "**Start-up",
    ]
    assert not any("Rust vs Cython: the same" in b for b in bullets)
    assert summary is None or "equally fast" not in summary
    text = report(raw)
    assert text.index("**Busy machine.**") < text.index("## ")  # at the top
    assert "**Busy machine:**" in text  # and in the run's description
    assert "of its computing time" not in text  # the remainder is drift: no share of it
    assert "so it is mostly drift, and no figure is drawn from it" in text
    block = readme.block(raw)
    assert "**Busy machine.**" in block
    said = " ".join(headline.headline(run))
    assert "withheld" in said and "%" not in said.split("withheld")[0]


def test_a_quiet_run_says_how_quiet(raw: Path) -> None:
    _loads(raw, {})
    run = RawRun(raw)
    assert "Busy" not in verdict.lead(run)
    assert "*Load:* a quiet machine while each study measured: `talk` other processes used 1%" in (
        report(raw)
    )
    bullets, _ = verdict.items(run)
    assert not any("withheld" in b for b in bullets)


def test_a_run_without_load_records_says_it_cannot_tell() -> None:
    text = (paths.REFERENCE / "REPORT.md").read_text()
    assert "this run did not record how busy the machine was" in text


def test_a_study_biased_against_another_claims_no_difference(raw: Path) -> None:
    # The issue's busy run: the sweep put cython-wheel at 2.10x rust-wheel's time; the same
    # run's interleaved targets study measured about 0.87.
    sweep = json.loads((raw / layout.SWEEP_JSON).read_text())
    medians = {
        b["params"]["name"]: b["stats"]["median"]
        for b in sweep["benchmarks"]
        if b["params"]["count"] == 5000
    }
    slow_in_process(
        raw, "cython-wheel", 5000, 2.10 * medians["rust-wheel"] / medians["cython-wheel"]
    )
    run = RawRun(raw)
    check = crosscheck.find(run, "cython-wheel", "rust-wheel", 5000)
    assert check is not None and not check.agree
    assert check.first[2].value == pytest.approx(2.10, rel=1e-6)
    claim = rust_vs_cython(run)
    assert "wheel 2.10" in claim.text
    assert "the two disagree, so no difference is claimed" in claim.text
    assert "depends on the algorithm" not in claim.text
    assert claim.text.startswith("**Rust vs Cython: the same speed at n = 5,000.**")
    text = report(raw)
    section = text.split("## Cross-checks: one ratio, two studies")[1].split("\n## ")[0]
    assert "1 of 3 disagree: for `cython-wheel` ÷ `rust-wheel` at n = 5,000" in section
    assert "**disagree**" in section


def test_studies_that_agree_leave_the_claim_as_it_was(raw: Path) -> None:
    run = RawRun(raw)
    assert all(check.agree for check in crosscheck.checks(run))
    assert len(crosscheck.checks(run)) == 3


def test_the_compiled_pair_takes_both_whole_processes_from_one_table(raw: Path) -> None:
    # The verdict's whole-process Rust vs Cython figure and the breakdown's are one ratio.
    rust = median_of(raw, "talk-rust-vs-cython", "primes-fast-rust 5000")
    cython = median_of(raw, "talk-rust-vs-cython", "primes-fast-cython 5000")
    text = report(raw)
    breakdown = text.split("## Where did the 12x come from?")[1].split("\n## ")[0]
    row = next(line for line in breakdown.splitlines() if line.startswith("| Cython ÷ Rust |"))
    assert row.split(" | ")[1].startswith(f"{cython / rust:.2f} (95% CI")
    claim = rust_vs_cython(RawRun(raw))
    assert f"As whole processes (the talk's second table): {cython / rust:.2f} (95% CI" in (
        claim.text
    )


def test_the_terminal_summary_opens_with_a_busy_machine(raw: Path) -> None:
    import io

    from rich.console import Console

    from bench.report import terminal

    _loads(raw, {layout.TALK: 0.5})
    out = io.StringIO()
    terminal.show_verdict(Console(file=out, width=100), RawRun(raw))
    text = " ".join(out.getvalue().split())
    assert text.index("Busy machine.") < text.index("Rust vs Cython")
    assert "Start-up: withheld, the machine was busy." in text


def test_the_detector_finds_the_issues_figures_and_nothing_else() -> None:
    busy_run = (
        "46.6 ms of it, 131% (95% CI 123–136%); printing the list, and noise: −31.9 ms / "
        "-39.3 ms; whole − fixed: −39.12x; 0.00x"
    )
    assert impossible(busy_run) == ["−31.9 ms", "-39.3 ms", "−39.12x", "0.00x", "131%", "136%"]
    quiet = "43% (95% CI 41–44%), 100%, 1.03x, 0.98 (95% CI 0.93–1.01), n = 5,000, 9.32x, 12.4x"
    assert impossible(quiet) == []
