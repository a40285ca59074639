"""Algorithms × languages: does changing the language or changing the algorithm buy more?

Read from the in-process sweep (pytest-benchmark): one row per algorithm, one column per
language, each cell the median time per call and the speed-up over the baseline at that count.
"""

from __future__ import annotations

from bench.raw import layout
from bench.raw.pytest_benchmark import InProcessResult, PytestBenchmarkRun
from bench.report import format as fmt
from bench.report.document import Block, BulletList, Heading, Paragraph, Table
from bench.report.lineup import Lineup
from bench.report.rawrun import RawRun
from bench.report.wording import not_measured

COUNTS = (5_000, 100_000)
BASELINES = ("pure-naive", "pure-trial", "pure-sieve")


def baseline(data: PytestBenchmarkRun, count: int) -> str | None:
    """The slowest-algorithm pure implementation measured at `count`."""
    return next((name for name in BASELINES if data.get(name, count) is not None), None)


def _cell(result: InProcessResult | None, base: InProcessResult) -> str:
    if result is None:
        return "–"
    return f"{fmt.duration(result.median)} ({fmt.speedup(base.median / result.median)})"


def _table(data: PytestBenchmarkRun, lineup: Lineup, count: int) -> tuple[Table, str] | None:
    """One row per algorithm; a column per language, then one per peer (in its algorithm's
    row), as the raw data records them."""
    base_name = baseline(data, count)
    if base_name is None:
        return None
    base = data.get(base_name, count)
    assert base is not None
    names = [n for n in data.implementations() if data.get(n, count) is not None]
    peers = [n for n in names if lineup.is_peer(n)]
    by_cell = {(lineup.language(n), lineup.algorithm(n)): n for n in names if n not in peers}
    # The languages' algorithms first, then any only a peer has.
    algorithms = dict.fromkeys(lineup.algorithm(n) for n in [*by_cell.values(), *peers])
    rows = []
    for algorithm in algorithms:
        cells = [
            _cell(data.get(by_cell[language, algorithm], count), base)
            if (language, algorithm) in by_cell
            else "–"
            for language in lineup.languages
        ]
        cells += [
            _cell(data.get(peer, count), base) if lineup.algorithm(peer) == algorithm else "–"
            for peer in peers
        ]
        rows.append((algorithm, *cells))
    header = ("algorithm \\ language", *lineup.languages, *(f"`{peer}`" for peer in peers))
    return Table(header, tuple(rows)), base_name


def headline(data: PytestBenchmarkRun, count: int) -> list[str]:
    """Language vs algorithm, each alone and together, at one count."""

    def median(name: str) -> float | None:
        result = data.get(name, count)
        return None if result is None else result.median

    pure, rust, pure_sieve, rust_sieve = (
        median(n) for n in ("pure-naive", "rust-naive", "pure-sieve", "rust-sieve")
    )
    lines = []
    if pure and rust:
        lines.append(
            f"changing the **language** (pure-naive → rust-naive): {fmt.speedup(pure / rust)}"
        )
    if pure and pure_sieve:
        lines.append(
            "changing the **algorithm** (pure-naive → pure-sieve): "
            f"{fmt.speedup(pure / pure_sieve)}"
        )
    if pure and rust_sieve:
        lines.append(f"**both** (pure-naive → rust-sieve): {fmt.speedup(pure / rust_sieve)}")
    return lines


def render(run: RawRun) -> list[Block]:
    title = Heading("Algorithms × languages")
    data = run.in_process
    if data is None or not data.results:
        return [title, *not_measured("the in-process sweep", layout.SWEEP)]
    blocks: list[Block] = [
        title,
        Paragraph(
            "The talk changed the language and kept the algorithm. Here every algorithm is "
            "written in every language (`naive` is the talk's; `naive-simd` is the same "
            "divisions with a SIMD divisibility test; `trial` divides by primes up to √n only; "
            "`sieve` is a sieve of Eratosthenes), timed in process. Each cell: median time per "
            "call and, in brackets, the speed-up over the baseline named above the table."
        ),
    ]
    lines = headline(data, COUNTS[0])
    if lines:
        blocks += [Paragraph(f"At n = {fmt.count(COUNTS[0])}:"), BulletList(tuple(lines))]
    lineup = Lineup.of_sweep(data)
    for count in COUNTS:
        table = _table(data, lineup, count)
        if table is None:
            blocks.append(Paragraph(f"n = {fmt.count(count)}: not measured in this run."))
            continue
        grid, base_name = table
        note = (
            ""
            if base_name == BASELINES[0]
            else f" (`{BASELINES[0]}` is not run at this count: it is quadratic)"
        )
        blocks += [
            Paragraph(f"**n = {fmt.count(count)}**, speed-up over `{base_name}`{note}:"),
            grid,
        ]
    return blocks
