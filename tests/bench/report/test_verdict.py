"""The verdict's sentences follow the numbers: made-up raw runs where Cython wins, where the
interval includes 1, where threads do not scale, where start-up dominates or not, and runs
lacking a study. Expected figures are recomputed here from the made-up samples."""

from __future__ import annotations

from pathlib import Path

import pytest
from fake_run import IN_PROCESS, THREADS, FakeRun

from bench.raw import layout
from bench.raw.threads import Case, Round, Settings, Tags, ThreadsFile
from bench.report.document import BulletList, Heading, Paragraph
from bench.report.findings.reading import Side, read
from bench.report.sections import verdict
from bench.report.wording import TITLE


#: The committed run's shape: Rust and Cython alike, the sieve far ahead, start-up a third of
#: the Rust process, two threads twice the work of one.
def _typical(**changes: object) -> FakeRun:
    run = FakeRun(
        in_process={
            **IN_PROCESS,
            ("cython-naive", 1000): 880e-6,
            ("rust-naive", 1000): 870e-6,
        },
        whole={
            "primes 5000": 0.408,
            "primes-fast 5000": 0.036,
            "primes-fast-rust 5000": 0.036,
            "primes-fast-cython 5000": 0.036,
        },
        at_zero={"primes 0": 0.013, "primes-fast 0": 0.013},
        threads=dict(THREADS),
    )
    for name, value in changes.items():
        setattr(run, name, value)
    return run


def _items(fake: FakeRun, tmp_path: Path) -> list[str]:
    bullets, summary = verdict.items(fake.write(tmp_path / "raw"))
    return [*bullets, *([summary] if summary else [])]


def _claim(items: list[str], lead: str) -> str:
    found = [item for item in items if item.startswith(f"**{lead}")]
    assert len(found) == 1, (lead, items)
    return found[0]


def _ci(value: float) -> str:
    return f"{value:.2f} (95% CI "


def test_the_typical_run_says_same_speed_algorithm_first_and_twice_the_work(
    tmp_path: Path,
) -> None:
    items = _items(_typical(), tmp_path)
    compiled = _claim(items, "Rust vs Cython: the same speed at n = 5,000.")
    assert f"naive {_ci(1.0)}" in compiled
    assert f"sieve {_ci(71 / 72)}" in compiled  # 0.99: within the ±5% margin
    assert "within ±5% counts as the same" in compiled
    assert "The same at each of the sweep's 1 other counts." in compiled
    assert "As whole processes (the talk's second table): 1.00 (95% CI" in compiled
    choice = _claim(items, "At n = 5,000, the algorithm matters more than the language.")
    assert f"the language (`rust-naive`) {0.350 / 0.021:.1f}x (95% CI" in choice
    assert f"the algorithm (`pure-sieve`) {0.350 / 570e-6:,.0f}x" in choice
    assert f"both (`rust-sieve`) {0.350 / 72e-6:,.0f}x" in choice
    startup = _claim(items, f"Start-up is {0.013 / 0.036:.0%} of the Rust process.")
    assert f"{0.350 / 0.021:.1f}x (95% CI" in startup and f"{0.408 / 0.036:.1f}x (95% CI" in startup
    assert "pulls the pure Python ÷ Rust ratio down" in startup
    gil = _claim(items, "Releasing the GIL: two threads do twice the work.")
    assert f"`rust-naive` {2 * 0.021 / 0.021:.2f}x (95% CI" in gil
    assert f"`pure-naive`, which holds the GIL, {2 * 0.364 / 0.693:.2f}x" in gil
    summary = _claim(items, "In short:")
    assert "Change the algorithm before the language" in summary
    assert "equally fast" in summary
    assert "start-up" not in summary


def test_when_cython_wins_the_verdict_says_by_how_much(tmp_path: Path) -> None:
    fake = _typical()
    fake.in_process[("cython-sieve", 5000)] = 50e-6  # 72/50 = 1.44x faster than Rust's
    items = _items(fake, tmp_path)
    compiled = _claim(items, "Rust vs Cython: Cython is faster (the same for naive).")
    assert f"sieve {_ci(50 / 72)}" in compiled
    assert "Cython 1.44x faster" in compiled
    assert (
        "in this run Cython was faster than Rust on the same algorithm, for some algorithms, "
        "and never slower" in _claim(items, "In short:")
    )
    assert "equally fast" not in _claim(items, "In short:")


def test_when_rust_wins_on_one_and_cython_on_another_it_depends(tmp_path: Path) -> None:
    fake = _typical()
    fake.in_process[("cython-sieve", 5000)] = 50e-6
    fake.in_process[("cython-naive", 5000)] = 0.030
    compiled = _claim(
        _items(fake, tmp_path), "Rust vs Cython: which is faster depends on the algorithm."
    )
    assert f"naive {_ci(0.030 / 0.021)}" in compiled and "), Rust 1.43x faster" in compiled


def test_an_interval_that_includes_1_is_the_same_speed(tmp_path: Path) -> None:
    # Noisy samples (±30%, 9 rounds) a little apart: the point ratio is 1.08, beyond the margin,
    # but its interval reaches below 1.
    fake = _typical(spread=0.3, rounds=9)
    fake.in_process[("cython-naive", 5000)] = 0.021 * 1.08
    compiled = _claim(_items(fake, tmp_path), "Rust vs Cython: the same speed at n = 5,000.")
    cell = compiled.split("naive ")[1].split(";")[0]
    assert cell.startswith(_ci(1.08))
    low = float(cell.split("95% CI ")[1].split("–")[0])
    assert low <= 1.0
    assert "faster" not in cell


def test_a_narrow_interval_beyond_the_margin_is_a_difference(tmp_path: Path) -> None:
    fake = _typical()
    fake.in_process[("cython-naive", 5000)] = 0.021 * 1.08
    fake.in_process[("cython-sieve", 5000)] = 72e-6 * 1.08
    compiled = _claim(_items(fake, tmp_path), "Rust vs Cython: Rust is faster.")
    assert f"naive {_ci(1.08)}" in compiled and "), Rust 1.08x faster" in compiled


def test_the_other_counts_are_counted_with_their_exceptions(tmp_path: Path) -> None:
    fake = _typical()
    fake.in_process[("cython-naive", 1000)] = 870e-6 / 1.5
    compiled = _claim(_items(fake, tmp_path), "Rust vs Cython: the same speed at n = 5,000.")
    assert "At the sweep's 1 other counts: the same at 0, Cython faster at 1 " in compiled
    assert "Cython faster at 1 (naive, n = 1,000, 1.50x)" in compiled


def test_when_the_language_buys_more_the_verdict_says_so(tmp_path: Path) -> None:
    fake = _typical()
    fake.in_process[("pure-sieve", 5000)] = 0.2  # a poor sieve: 1.75x
    items = _items(fake, tmp_path)
    _claim(items, "At n = 5,000, the language matters more than the algorithm.")
    assert "a compiled language buys more" in _claim(items, "In short:")


def test_when_threads_did_not_scale_no_gain_is_claimed(tmp_path: Path) -> None:
    fake = _typical()
    fake.threads = {name: (one, 2 * one) for name, (one, _) in fake.threads.items()}
    gil = _claim(_items(fake, tmp_path), "Releasing the GIL: two threads did no more work")
    assert f"`rust-naive` {1.0:.2f}x (95% CI" in gil
    assert "this run cannot show what releasing the GIL buys" in gil


def test_partial_thread_scaling_is_short_of_twice(tmp_path: Path) -> None:
    fake = _typical()
    fake.threads["rust-naive"] = (0.021, 0.028)  # 1.5x
    gil = _claim(
        _items(fake, tmp_path), "Releasing the GIL: two threads do more work than one, short of"
    )
    assert f"`rust-naive` {2 * 0.021 / 0.028:.2f}x" in gil


def test_when_start_up_dominates_the_verdict_says_so(tmp_path: Path) -> None:
    fake = _typical()
    fake.whole = {**fake.whole, "primes-fast 5000": 0.020}
    fake.at_zero = {"primes 0": 0.015, "primes-fast 0": 0.015}
    items = _items(fake, tmp_path)
    startup = _claim(items, "Start-up dominates the Rust process.")
    assert "15.0 ms of it, 75% (95% CI" in startup
    assert "start-up costs more than the computing" in _claim(items, "In short:")


def test_when_start_up_is_small_it_hardly_matters(tmp_path: Path) -> None:
    fake = _typical()
    # Whole processes as far apart as in process: 0.350 / 0.021.
    fake.whole = {**fake.whole, "primes-fast 5000": 0.400, "primes 5000": 0.400 * 0.350 / 0.021}
    fake.at_zero = {"primes 0": 0.013, "primes-fast 0": 0.013}
    startup = _claim(_items(fake, tmp_path), "Start-up hardly matters (3% of the Rust process).")
    assert "hardly moves" in startup


def test_a_run_without_its_studies_makes_no_claim_and_says_why(tmp_path: Path) -> None:
    items = _items(
        FakeRun(
            mode="quick",
            whole={
                "primes 5000": 0.4,
                "primes-fast 5000": 0.036,
                "primes-fast-rust 5000": 0.036,
                "primes-fast-cython 5000": 0.037,
            },
        ),
        tmp_path,
    )
    assert len(items) == 5  # no summary: nothing to sum up
    compiled = _claim(items, "Rust vs Cython: the same speed as whole processes.")
    assert "in process" not in compiled and "As whole processes" in compiled
    for lead, study in (
        ("Language vs algorithm: no claim.", "--study sweep"),
        ("Before a rewrite: no claim.", "--study sweep"),
        ("Start-up: no claim.", "--study startup"),
        ("Releasing the GIL: no claim.", "--study threads"),
    ):
        assert study in _claim(items, lead)


def test_the_verdict_opens_the_report_under_its_title(tmp_path: Path) -> None:
    run = _typical(mode="quick").write(tmp_path / "raw")
    blocks = verdict.render(run)
    assert blocks[0] == Heading(TITLE, 1)
    assert isinstance(blocks[1], Paragraph) and "not for quoting" in blocks[1].text
    assert isinstance(blocks[2], BulletList) and len(blocks[2].items) == 5
    assert isinstance(blocks[3], Paragraph) and blocks[3].text.startswith("**In short:**")
    from bench.report import build

    report = build(run.dir)
    assert report[: len(blocks)] == blocks
    assert [b for b in report if isinstance(b, Heading) and b.level == 1] == [blocks[0]]


@pytest.mark.parametrize(
    ("ratio", "side"),
    [
        ((1.0, 0.99, 1.01), Side.SAME),
        ((1.08, 0.97, 1.2), Side.SAME),  # includes 1
        ((1.04, 1.03, 1.049), Side.SAME),  # excludes 1, within the margin
        ((1.06, 1.04, 1.08), Side.B_FASTER),
        ((0.90, 0.88, 0.93), Side.A_FASTER),
    ],
)
def test_how_a_ratio_reads(ratio: tuple[float, float, float], side: Side) -> None:
    from bench.report.stats import Ratio

    value, low, high = ratio
    assert read(Ratio(value, low=low, high=high)) is side


@pytest.mark.parametrize("width", [80, 120])
def test_the_terminal_summary_opens_with_the_verdict(tmp_path: Path, width: int) -> None:
    from io import StringIO

    from rich.console import Console

    from bench.report import terminal

    run = _typical().write(tmp_path / "raw")
    out = StringIO()
    terminal.show(Console(file=out, width=width), run.dir)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Verdict: should I rewrite this in Rust or Cython?")
    assert max(len(line) for line in lines) <= width
    text = out.getvalue()
    assert text.index("Rust vs Cython: the same speed at n = 5,000.") < text.index(
        "first_n(5,000) — medians"
    )
    # A bullet's text wraps under itself, not under the bullet.
    bullet = next(n for n, line in enumerate(lines) if line.startswith("• Rust vs Cython"))
    assert lines[bullet + 1].startswith("  ") and lines[bullet + 1][2] != " "
    assert "In short:" in text


def _with_cpu_time(
    tmp_path: Path,
    walls: dict[str, tuple[float, float]],
    *,
    cpu_two: float,
    waited: float,
    usable_cores: int = 2,
) -> list[str]:
    """The typical run with a threads file that records CPU time: per implementation (one
    thread's wall seconds, two threads'), each of the two threads using `cpu_two` of a core
    and waiting `waited` of its time for one."""
    run = _typical().write(tmp_path / "raw")
    data = ThreadsFile(settings=Settings(threads=2, count=5000, usable_cores=usable_cores))
    for name, (one, two) in walls.items():
        for threads, wall, cpu in ((1, one, 0.99), (2, two, cpu_two)):
            batch = Round(
                wall=wall,
                cpu=(cpu * wall,) * threads,
                waited=(waited * wall,) * threads,
                busy=threads * cpu * wall,
                own=threads * cpu * wall,
            )
            data.add(
                Case(
                    tags=Tags(name, str(threads)),
                    loops=1,
                    seconds=tuple(wall * (1 + k / 1000) for k in range(9)),
                    rounds=(batch,) * 9,
                )
            )
    data.write(run.path(layout.THREADS_JSON))
    bullets, summary = verdict.items(run)
    return [*bullets, *([summary] if summary else [])]


def test_threads_on_a_busy_machine_are_not_claimed(tmp_path: Path) -> None:
    # Wall time says 1.0x, but the threads waited 40% of their time for a core.
    walls = {"rust-naive": (0.021, 0.042), "cython-naive": (0.021, 0.042)}
    items = _with_cpu_time(tmp_path, walls, cpu_two=0.5, waited=0.4)
    gil = _claim(items, "Releasing the GIL: this run cannot say: the machine was busy.")
    assert "using 1.00 cores" in gil
    assert "these figures show the machine, not the GIL" in gil
    assert not any("twice the work" in item or "no more work" in item for item in items)


def test_threads_restricted_to_one_core_are_not_blamed_on_other_processes(
    tmp_path: Path,
) -> None:
    # `taskset -c 0`: the two threads took turns on the one core they could use.
    walls = {"rust-naive": (0.021, 0.042), "cython-naive": (0.021, 0.042)}
    items = _with_cpu_time(tmp_path, walls, cpu_two=0.5, waited=0.5, usable_cores=1)
    gil = _claim(items, "Releasing the GIL: this run cannot say: it could use one core.")
    assert "so two threads could not run at once" in gil
    assert "Other processes" not in gil


def test_threads_that_took_turns_on_a_quiet_machine_are_no_gain(tmp_path: Path) -> None:
    walls = {"rust-naive": (0.021, 0.042), "cython-naive": (0.021, 0.042)}
    items = _with_cpu_time(tmp_path, walls, cpu_two=0.5, waited=0.0)
    gil = _claim(items, "Releasing the GIL: two threads did no more work than one in this run.")
    assert "the threads used one core between them" in gil


def test_threads_that_ran_in_parallel_scale(tmp_path: Path) -> None:
    walls = {"rust-naive": (0.021, 0.021), "cython-naive": (0.021, 0.0211)}
    items = _with_cpu_time(tmp_path, walls, cpu_two=0.99, waited=0.0)
    gil = _claim(items, "Releasing the GIL: two threads do twice the work.")
    assert "using 1.98 cores" in gil


def _with_alternatives(**medians: float) -> FakeRun:
    """The typical run plus the alternatives' naive loop at 5,000 (median seconds)."""
    run = _typical()
    for name, centre in medians.items():
        run.in_process[(name.replace("_", "-"), 5000)] = centre
    return run


def test_numba_as_fast_as_the_compiled_languages_matches_a_rewrite(tmp_path: Path) -> None:
    fake = _with_alternatives(numba_naive=0.021, mypyc_naive=0.030, cython_untyped_naive=0.199)
    items = _items(fake, tmp_path)
    claim = _claim(items, "Before a rewrite: `numba-naive` matches a rewrite at n = 5,000.")
    assert f"`numba-naive` {0.350 / 0.021:.1f}x (95% CI" in claim
    assert "(the same as `" in claim
    assert f"`mypyc-naive` {0.350 / 0.030:.1f}x" in claim and "1.43x slower than" in claim
    assert f"Cython's types alone buy {0.199 / 0.021:.2f}x" in claim
    assert "try numba" in items[-1]


def test_two_alternatives_as_fast_as_the_compiled_languages_match_a_rewrite(
    tmp_path: Path,
) -> None:
    fake = _with_alternatives(numba_naive=0.021, mypyc_naive=0.021, cython_untyped_naive=0.199)
    items = _items(fake, tmp_path)
    _claim(items, "Before a rewrite: `numba-naive` and `mypyc-naive` match a rewrite at n = 5,000.")


def test_alternatives_short_of_the_compiled_languages_buy_part(tmp_path: Path) -> None:
    fake = _with_alternatives(mypyc_naive=0.030, cython_untyped_naive=0.199)
    items = _items(fake, tmp_path)
    claim = _claim(items, "Before a rewrite: the alternatives buy part of a rewrite's speed")
    assert "numba" not in claim and "try numba" not in items[-1]


def test_alternatives_that_barely_beat_pure_python_buy_little(tmp_path: Path) -> None:
    fake = _with_alternatives(cython_untyped_naive=0.300)
    claim = _claim(_items(fake, tmp_path), "Before a rewrite: the alternatives buy little")
    assert f"`cython-untyped-naive` {0.350 / 0.300:.2f}x" in claim


def test_a_sweep_without_the_talks_pure_loop_makes_no_claim_about_it(tmp_path: Path) -> None:
    """`python -m bench --impl rust-naive --impl rust-sieve`: nothing to compare pure-naive
    with, so no claim, and no lookup of an implementation the run did not measure."""
    items = _items(
        FakeRun(
            mode="quick",
            in_process={("rust-naive", 5000): 0.021, ("rust-sieve", 5000): 72e-6},
        ),
        tmp_path,
    )
    assert "--study sweep" in _claim(items, "Language vs algorithm: no claim.")
    assert "--study sweep" in _claim(items, "Before a rewrite: no claim.")
