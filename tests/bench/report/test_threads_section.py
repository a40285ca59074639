"""The threads section's verdicts and sentences follow the data: made-up raw files where the
threads scaled, where they took turns holding the GIL on a quiet machine, where another
process had the second core, where part of each call holds the GIL, and an old file with wall
time only."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bench.raw import layout
from bench.raw.manifest import Kind, Manifest
from bench.raw.samples import Samples, SamplesFile
from bench.raw.threads import Case, Round, Settings, Tags, ThreadsFile
from bench.report.document import Paragraph, Table
from bench.report.findings import threads as findings
from bench.report.findings.threads import Verdict
from bench.report.rawrun import RawRun
from bench.report.sections import threads as section
from primes.registry import implementations

ROUNDS = 5


def _round(
    wall: float, cpu: float, *, threads: int, waited: float = 0.0, others: float = 0.0
) -> Round:
    """A batch of `threads` threads, each using `cpu` and waiting `waited` seconds, while
    other processes used `others` cores."""
    own = threads * cpu
    return Round(
        wall=wall,
        cpu=(cpu,) * threads,
        waited=(waited,) * threads,
        busy=own + others * wall,
        own=own,
    )


def _add(data: ThreadsFile, name: str, one: Round, two: Round) -> None:
    for threads, batch in ((1, one), (2, two)):
        data.add(
            Case(
                tags=Tags(name, str(threads)),
                loops=1,
                seconds=(batch.wall,) * ROUNDS,
                rounds=(batch,) * ROUNDS,
            )
        )


def _file() -> ThreadsFile:
    return ThreadsFile(
        settings=Settings(
            threads=2,
            count=5000,
            usable_cores=2,
            load_before=(0.1, 0.1, 0.1),
            load_after=(0.2, 0.1, 0.1),
        )
    )


def _scaled(data: ThreadsFile, name: str = "rust-naive") -> None:
    # Two threads, each computing all the time: as long per call as one thread alone.
    _add(data, name, _round(0.1, 0.1, threads=1), _round(0.1, 0.099, threads=2, waited=0.001))


def _gil_bound(data: ThreadsFile, name: str = "pure-naive") -> None:
    # Each thread computes half the time and sleeps (waiting for the GIL) the other half; the
    # second core was free: nobody waited for one.
    _add(data, name, _round(0.4, 0.4, threads=1), _round(0.8, 0.4, threads=2, waited=0.002))


def _starved(data: ThreadsFile, name: str = "cython-naive") -> None:
    # `yes > /dev/null` on a two-core machine: three busy tasks share two cores, each thread
    # runs two thirds of the time and waits for a core the rest; yes used 2/3 of a core.
    _add(
        data,
        name,
        _round(0.1, 0.1, threads=1, others=1.0),
        _round(0.15, 0.1, threads=2, waited=0.05, others=2 / 3),
    )


def _partial(data: ThreadsFile, name: str = "rust-sieve") -> None:
    # Three quarters of each call runs without the GIL: 1.5 cores' worth, on a quiet machine.
    _add(data, name, _round(0.1, 0.1, threads=1), _round(0.1333, 0.1, threads=2))


def _render(
    tmp_path: Path, data: ThreadsFile | SamplesFile
) -> tuple[str, dict[str, tuple[str, ...]]]:
    kinds = {impl.name: Kind(impl.language, impl.algorithm) for impl in implementations()}
    Manifest(mode="quick", argv=[], started_utc="now", kinds=kinds).write(tmp_path)
    data.write(tmp_path / layout.THREADS_JSON)
    blocks = section.render(RawRun(tmp_path))
    text = " ".join(block.text for block in blocks[2:] if isinstance(block, Paragraph))
    table = next(block for block in blocks if isinstance(block, Table))
    return text, {row[0]: row for row in table.rows}


@pytest.mark.parametrize(
    ("fill", "name", "cells", "opening", "absent"),
    [
        pytest.param(
            _scaled,
            "rust-naive",
            ("2.00 (2.00–2.00)", "1.98 (1.98–1.98)", "scaled"),
            "`rust-naive` scaled: it releases the GIL while it computes, and 2 threads did about "
            "2x the work of one (`rust-naive` 2.00x at CPU use 1.98x).",
            ("GIL:", "could not be judged"),
            id="in parallel: scaled",
        ),
        pytest.param(
            _gil_bound,
            "pure-naive",
            ("1.00 (1.00–1.00)", "1.00 (1.00–1.00)", "GIL-bound"),
            "`pure-naive` did not scale because of the GIL: the threads took turns holding it",
            ("scaled:", "could not be judged"),
            id="took turns on a quiet machine: GIL-bound",
        ),
        pytest.param(
            # Wall time alone says 1.33x: neither parallel nor serialised.
            _starved,
            "cython-naive",
            ("1.33 (1.33–1.33)", "1.33 (1.33–1.33)", "busy machine"),
            "`cython-naive` could not be judged: the machine was busy (while its threads ran, "
            "other processes used 33% of the 2 cores and the threads waited 33% of their time "
            "for a core), so its 2-thread figure (`cython-naive` 1.33x at CPU use 1.33x) cannot "
            "be trusted",
            ("GIL:", "scaled:"),
            id="waited for a busy core: not judged",
        ),
    ],
)
def test_each_verdict_is_said_with_its_figures(
    tmp_path: Path,
    fill: Callable[[ThreadsFile], None],
    name: str,
    cells: tuple[str, str, str],
    opening: str,
    absent: tuple[str, str],
) -> None:
    data = _file()
    fill(data)
    text, rows = _render(tmp_path, data)
    assert rows[f"`{name}`"][1:] == cells
    assert text.startswith(opening)
    assert not any(phrase in text for phrase in absent)


def test_the_same_cpu_use_on_a_quiet_machine_is_partial_scaling(tmp_path: Path) -> None:
    data = _file()
    _partial(data)
    text, rows = _render(tmp_path, data)
    assert rows["`rust-sieve`"][3] == "partly"
    assert text.startswith("`rust-sieve` scaled partly (`rust-sieve` 1.50x at CPU use 1.50x)")


def test_parallel_threads_whose_calls_cost_more_cpu_are_slowed(tmp_path: Path) -> None:
    data = _file()
    # Both threads ran all the time, but each call took 1.25x the CPU time it takes alone.
    _add(data, "rust-naive", _round(0.1, 0.1, threads=1), _round(0.125, 0.125, threads=2))
    text, rows = _render(tmp_path, data)
    assert rows["`rust-naive`"][1:] == ("1.60 (1.60–1.60)", "2.00 (2.00–2.00)", "slowed")
    assert text.startswith(
        "`rust-naive` ran in parallel, but a call took more CPU time with every thread running "
        "(`rust-naive` 1.25x the CPU time per call of one thread alone), so the work grew less"
    )


def test_every_verdict_in_one_run_gets_its_own_sentence(tmp_path: Path) -> None:
    data = _file()
    _scaled(data, "rust-naive")
    _scaled(data, "cython-naive")
    _gil_bound(data)
    _starved(data, "rust-sieve")
    text, rows = _render(tmp_path, data)
    assert [row[3] for row in rows.values()] == ["scaled", "scaled", "GIL-bound", "busy machine"]
    # The same verdicts for the report's opening verdict.
    found = findings.judged(RawRun(tmp_path))
    assert found is not None
    assert [(row.name, row.verdict) for row in found] == [
        ("rust-naive", Verdict.SCALED),
        ("cython-naive", Verdict.SCALED),
        ("pure-naive", Verdict.GIL),
        ("rust-sieve", Verdict.BUSY),
    ]
    assert "`rust-naive` and `cython-naive` scaled" in text
    assert "`pure-naive` did not scale because of the GIL" in text
    assert "`rust-sieve` could not be judged" in text
    assert text.endswith(
        "This process could use 2 cores; the 1-minute load average was 0.10 before the study "
        "and 0.20 after."
    )


def test_a_file_with_wall_time_only_is_not_judged(tmp_path: Path) -> None:
    """A threads file from before CPU time was recorded (a plain samples file)."""
    data = SamplesFile(layout.THREADS, {"count": 5000, "threads": 2})
    data.add("rust-naive/1", Samples(1, (0.1,) * 5), implementation="rust-naive", threads="1")
    data.add("rust-naive/2", Samples(1, (0.1,) * 5), implementation="rust-naive", threads="2")
    text, rows = _render(tmp_path, data)
    assert rows["`rust-naive`"][1:] == ("2.00 (2.00–2.00)", "–", "no CPU time")
    assert text.startswith("`rust-naive`: this run recorded wall time only")


@pytest.mark.parametrize(
    ("cpu_use", "throughput", "waited", "others", "cores", "expected"),
    [
        # CPU use near N is parallelism, whatever else ran: load cannot add CPU time.
        (1.95, 1.96, 0.40, 1.0, 2, Verdict.SCALED),
        (1.95, 1.20, 0.00, 0.0, 2, Verdict.SLOWED),
        (1.00, 1.00, 0.01, 0.0, 2, Verdict.GIL),
        # One core free (another process on the other), nobody waited: still the GIL.
        (1.00, 1.00, 0.01, 1.0, 2, Verdict.GIL),
        (1.00, 1.00, 0.30, 1.0, 2, Verdict.BUSY),
        (1.50, 1.50, 0.02, 0.0, 2, Verdict.PARTIAL),
        # No schedstat: other processes' CPU time decides.
        (1.00, 1.00, None, 0.05, 2, Verdict.GIL),
        (1.30, 1.30, None, 0.70, 2, Verdict.BUSY),
        (1.00, 1.00, None, None, 2, Verdict.BUSY),
        # One usable core cannot show two threads' parallelism.
        (1.00, 1.00, 0.00, 0.0, 1, Verdict.BUSY),
        (None, 2.00, None, None, 2, Verdict.UNRECORDED),
    ],
)
def test_judge(
    cpu_use: float | None,
    throughput: float,
    waited: float | None,
    others: float | None,
    cores: int,
    expected: Verdict,
) -> None:
    assert findings.judge(2, throughput, cpu_use, waited, others, cores) is expected


def test_many_rows_of_one_verdict_get_a_range_and_leave_each_figure_to_the_table(
    tmp_path: Path,
) -> None:
    data = _file()
    # Calls that cost 1.25x, 1.30x and 1.20x the CPU time of one thread alone.
    for name, cost in (("rust-naive", 0.125), ("cython-naive", 0.130), ("rust-trial", 0.120)):
        _add(data, name, _round(0.1, 0.1, threads=1), _round(cost, cost, threads=2))
    text, rows = _render(tmp_path, data)
    assert [rows[f"`{name}`"][3] for name in ("rust-naive", "cython-naive", "rust-trial")] == [
        "slowed"
    ] * 3
    assert (
        "(1.20–1.30x the CPU time per call of one thread alone), so the work grew less "
        "(1.54–1.67x at CPU use 2.00x)" in text
    )
    assert "`rust-trial` 1.20x" not in text
