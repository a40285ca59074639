"""No figure load can fake is printed as fact: made-up raw runs (`fake_run.quiet`), a quiet
one and the same with some timings moved as load moves them, for each way a busy machine
misleads. The expected figures come from the numbers chosen here, not from the report code or
a measured run."""

from __future__ import annotations

from pathlib import Path

import pytest
from fake_run import WHOLE, quiet
from impossible_figures import impossible

from bench import paths
from bench.raw import layout
from bench.report import headline, markdown, readme
from bench.report.findings import crosscheck, split
from bench.report.findings.startup import breakdowns
from bench.report.rawrun import RawRun
from bench.report.sections import SECTIONS, verdict
from bench.report.sections.verdict.compiled import rust_vs_cython
from bench.report.sections.verdict.startup import startup


def report(raw: Path) -> str:
    run = RawRun(raw)
    return markdown.render([block for section in SECTIONS for block in section(run)])


@pytest.mark.skipif(
    not (paths.REFERENCE / "REPORT.md").exists(), reason="no published results/reference/"
)
def test_the_published_report_prints_nothing_impossible() -> None:
    assert impossible((paths.REFERENCE / "REPORT.md").read_text()) == []


def test_a_start_up_longer_than_the_whole_process_is_not_printed_as_a_share(
    tmp_path: Path,
) -> None:
    # `primes-fast 0` timed while the machine was busy: 46.6 ms against a 35.6 ms whole run
    # in the issue, 131%. Here: 1.31 times the whole process.
    fake = quiet()
    fake.at_zero["primes-fast 0"] = 1.31 * WHOLE["primes-fast 5000"]
    run = fake.write(tmp_path / "raw")
    text = report(run.dir)
    assert impossible(text) == []
    assert "131%" not in text
    rust = next(b for b in breakdowns(run) if b.script == "primes-fast")
    assert rust.fixed_share == pytest.approx(1.31, rel=1e-6)
    assert not rust.consistent
    assert "**The measurements disagree** where a cell says *disagree*" in text
    assert "`primes-fast 0` (" in text and "took longer than `primes-fast 5000`" in text
    claim = startup(run)
    assert claim.text.startswith("**Start-up: no claim, the measurements disagree.**")
    assert claim.finding is None
    assert "131" not in claim.text and "%" not in claim.text
    said = " ".join(headline.headline(run))
    assert "the measurements disagree in this run" in said and "%" not in said


def test_negative_remainders_are_not_printed(tmp_path: Path) -> None:
    # In-process timings from a busy sweep: each compute (2 x 350 ms, 2 x 21 ms) longer than
    # its whole process less its start-up (395 ms, 23 ms, 23 ms).
    fake = quiet()
    for name in ("pure-naive", "rust-naive", "cython-naive"):
        fake.in_process[name, 5000] *= 2
    text = report(fake.write(tmp_path / "raw").dir)
    assert impossible(text) == []
    section = text.split("## Where did the 12x come from?")[1].split("\n## ")[0]
    remainder = next(line for line in section.splitlines() if "printing the list" in line)
    assert remainder.count("disagree") == 3
    assert "took longer than `primes 5000` less `primes 0`" in section
    assert "The remainder row is" not in section  # no shares of a negative remainder


def test_a_negative_work_beyond_the_noise_disagrees_and_within_it_is_noise(
    tmp_path: Path,
) -> None:
    fake = quiet()
    full = fake.split["rust-naive"][1]
    fake.split["rust-naive"] = (1.3 * full, full)
    run = fake.write(tmp_path / "raw")
    data = run.hyperfine_file(layout.SPLIT, layout.SPLIT)
    assert data is not None
    assert set(split.disagreeing(data)) == {"rust-naive"}
    text = report(run.dir)
    assert impossible(text) == []
    row = next(line for line in text.splitlines() if line.startswith("| `rust-naive` |"))
    assert row.endswith("| disagree | " + row.split(" | ")[3] + " | disagree |")
    # rust-wheel: n = 0 1.7% slower than n = 5,000, within the noise.
    wheel = next(line for line in text.splitlines() if line.startswith("| `rust-wheel` |"))
    assert "below the noise" in wheel and "disagree" not in wheel


def test_a_busy_run_says_so_first_and_withholds_what_load_fakes(tmp_path: Path) -> None:
    fake = quiet()
    fake.loads = {layout.SWEEP: 0.43, layout.STARTUP: 0.30}
    run = fake.write(tmp_path / "raw")
    lead = verdict.lead(run)
    assert "**Busy machine.**" in lead
    # In the manifest's order: the made-up run writes the sweep first.
    assert "`sweep` and `startup` measured while other work took the cores" in lead
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
    text = report(run.dir)
    assert text.index("**Busy machine.**") < text.index("## ")  # at the top
    assert "**Busy machine:**" in text  # and in the run's description
    assert "of its computing time" not in text  # the remainder is drift: no share of it
    assert "so it is mostly drift, and no figure is drawn from it" in text
    block = readme.block(run.dir)
    assert "**Busy machine.**" in block
    said = " ".join(headline.headline(run))
    assert "withheld" in said and "%" not in said.split("withheld")[0]


def test_a_quiet_run_says_how_quiet(tmp_path: Path) -> None:
    fake = quiet()
    fake.loads = {}
    run = fake.write(tmp_path / "raw")
    assert "Busy" not in verdict.lead(run)
    said = "*Load:* a quiet machine while each study measured: `sweep` other processes used 1%"
    assert said in report(run.dir)
    bullets, _ = verdict.items(run)
    assert not any("withheld" in b for b in bullets)


def test_a_run_without_load_records_says_it_cannot_tell(tmp_path: Path) -> None:
    run = quiet().write(tmp_path / "raw")
    assert all(record.load is None for record in run.manifest.studies.values())
    text = report(run.dir)
    assert "this run did not record how busy the machine was" in text
    assert "Busy" not in verdict.lead(run)


def test_a_study_biased_against_another_claims_no_difference(tmp_path: Path) -> None:
    # The issue's busy run: the sweep put cython-wheel at 2.10x rust-wheel's time; the same
    # run's interleaved targets study measured about 0.87 (here: 1.00).
    fake = quiet()
    fake.in_process["cython-wheel", 5000] = 2.10 * fake.in_process["rust-wheel", 5000]
    run = fake.write(tmp_path / "raw")
    check = crosscheck.find(run, "cython-wheel", "rust-wheel", 5000)
    assert check is not None and not check.agree
    assert check.first[2].value == pytest.approx(2.10, rel=1e-6)
    assert check.second[2].value == pytest.approx(1.00, rel=1e-6)
    claim = rust_vs_cython(run)
    assert "wheel 2.10" in claim.text
    assert "the two disagree, so no difference is claimed" in claim.text
    assert "depends on the algorithm" not in claim.text
    assert claim.text.startswith("**Rust vs Cython: the same speed at n = 5,000.**")
    text = report(run.dir)
    section = text.split("## Cross-checks: one ratio, two studies")[1].split("\n## ")[0]
    assert "1 of 3 disagree: for `cython-wheel` ÷ `rust-wheel` at n = 5,000" in section
    assert "**disagree**" in section


def test_studies_that_agree_leave_the_claim_as_it_was(tmp_path: Path) -> None:
    run = quiet().write(tmp_path / "raw")
    checks = crosscheck.checks(run)
    # Two targets the sweep also timed, and the talk's second table beside the split study.
    assert [(c.subject, c.reference, c.measured) for c in checks] == [
        ("cython-wheel", "rust-wheel", "in process"),
        ("cython-naive", "rust-naive", "in process"),
        ("cython-naive", "rust-naive", "whole process"),
    ]
    assert all(check.agree for check in checks)
    assert rust_vs_cython(run).text.startswith("**Rust vs Cython: the same speed at n = 5,000.**")
    assert "All 3 agree." in report(run.dir)


def test_targets_timed_in_several_processes_are_cross_checked_too(tmp_path: Path) -> None:
    # A full run times each target in fresh processes: the cross-check pools their rounds.
    fake = quiet()
    fake.target_processes = 3
    fake.in_process["cython-wheel", 5000] = 2.10 * fake.in_process["rust-wheel", 5000]
    run = fake.write(tmp_path / "raw")
    checks = crosscheck.checks(run)
    assert [(c.subject, c.reference, c.measured) for c in checks] == [
        ("cython-wheel", "rust-wheel", "in process"),
        ("cython-naive", "rust-naive", "in process"),
        ("cython-naive", "rust-naive", "whole process"),
    ]
    wheel = checks[0]
    assert not wheel.agree
    assert wheel.second[2].value == pytest.approx(1.00, rel=1e-6)
    assert wheel.second[2].low is not None  # 63 rounds pooled: a 95% interval
    assert "the two disagree, so no difference is claimed" in rust_vs_cython(run).text


def test_the_compiled_pair_takes_both_whole_processes_from_one_table(tmp_path: Path) -> None:
    # The verdict's whole-process Rust vs Cython figure and the breakdown's are one ratio:
    # 37 ms ÷ 36 ms, the talk's second table.
    run = quiet().write(tmp_path / "raw")
    expected = WHOLE["primes-fast-cython 5000"] / WHOLE["primes-fast-rust 5000"]
    text = report(run.dir)
    breakdown = text.split("## Where did the 12x come from?")[1].split("\n## ")[0]
    row = next(line for line in breakdown.splitlines() if line.startswith("| Cython ÷ Rust |"))
    assert row.split(" | ")[1].startswith(f"{expected:.2f} (95% CI")
    claim = rust_vs_cython(run)
    assert f"As whole processes (the talk's second table): {expected:.2f} (95% CI" in claim.text


def test_the_terminal_summary_opens_with_a_busy_machine(tmp_path: Path) -> None:
    import io

    from rich.console import Console

    from bench.report import terminal

    fake = quiet()
    fake.loads = {layout.TALK: 0.5}
    out = io.StringIO()
    terminal.show_verdict(Console(file=out, width=100), fake.write(tmp_path / "raw"))
    text = " ".join(out.getvalue().split())
    assert text.index("Busy machine.") < text.index("Rust vs Cython")
    assert "Start-up: withheld, the machine was busy." in text


def test_the_detector_finds_the_issues_figures_and_nothing_else() -> None:
    busy_run = (
        "46.6 ms of it, 131% (95% CI 123–136%); printing the list, and noise: −31.9 ms / "
        "-39.3 ms; whole − fixed: −39.12x; 0.00x"
    )
    assert impossible(busy_run) == ["−31.9 ms", "-39.3 ms", "−39.12x", "0.00x", "131%", "136%"]
    quiet_run = "43% (95% CI 41–44%), 100%, 1.03x, 0.98 (95% CI 0.93–1.01), n = 5,000, 9.32x, 12.4x"
    assert impossible(quiet_run) == []
