"""Rust against Cython for the same algorithm: each algorithm written in both, its ratio in
process at every count the sweep measured, and the talk's second table as a ratio of whole
processes."""

from __future__ import annotations

from bench.counts import TALK_COUNT
from bench.raw.pytest_benchmark import PytestBenchmarkRun
from bench.report.findings.reading import Side, medians, read
from bench.report.findings.talk import find_row, table_data
from bench.report.lineup import Lineup
from bench.report.rawrun import RawRun
from bench.report.stats import Ratio, ratio_of_medians
from bench.slides import RUST_VS_CYTHON

#: The two compiled languages the README's question is about, as the raw data names them.
RUST, CYTHON = "rust", "cython"


def pairs(data: PytestBenchmarkRun) -> list[tuple[str, str, str]]:
    """(algorithm, Cython's implementation, Rust's) for each algorithm written in both."""
    lineup = Lineup.of_sweep(data)
    by_cell = {(lineup.language(n), lineup.algorithm(n)): n for n in data.implementations()}
    algorithms = dict.fromkeys(lineup.algorithm(n) for n in data.implementations())
    return [
        (algorithm, by_cell[CYTHON, algorithm], by_cell[RUST, algorithm])
        for algorithm in algorithms
        if (CYTHON, algorithm) in by_cell and (RUST, algorithm) in by_cell
    ]


def ratios(data: PytestBenchmarkRun, count: int) -> list[tuple[str, Ratio]]:
    """(algorithm, Cython's time ÷ Rust's) at `count`, for each algorithm measured in both."""
    found = []
    for algorithm, c_name, r_name in pairs(data):
        c, r = data.get(c_name, count), data.get(r_name, count)
        ratio = medians(c.data, r.data) if c is not None and r is not None else None
        if ratio is not None:
            found.append((algorithm, ratio))
    return found


def across_counts(data: PytestBenchmarkRun) -> dict[Side, list[tuple[float, str, int]]]:
    """How each algorithm's ratio reads at the sweep's counts other than the talk's: per side,
    (the factor between the two, algorithm, count)."""
    found: dict[Side, list[tuple[float, str, int]]] = {side: [] for side in Side}
    for count in data.counts():
        if count != TALK_COUNT:
            for algorithm, ratio in ratios(data, count):
                found[read(ratio)].append((max(ratio.value, 1 / ratio.value), algorithm, count))
    return found


def whole(run: RawRun) -> Ratio | None:
    """The talk's second table as a ratio of medians: Cython's whole process ÷ Rust's."""
    talk = table_data(run, RUST_VS_CYTHON)
    if talk is None:
        return None
    slow = find_row(talk, RUST_VS_CYTHON.slow)
    fast = find_row(talk, RUST_VS_CYTHON.fast)
    if slow is None or fast is None:
        return None
    return ratio_of_medians(slow.result.times, fast.result.times)


#: What the comparison found, for the verdict's summary and the comparison across machines.
SAME_SPEED = "same speed"
DEPENDS = "depends"
FASTER = "faster"


def winner(sides: list[Side]) -> Side | None:
    """Who is faster over every algorithm that differs: SAME when none does, None when the
    algorithms disagree (which is faster depends on the algorithm)."""
    winners = set(sides) - {Side.SAME}
    if not winners:
        return Side.SAME
    return None if len(winners) == 2 else winners.pop()
