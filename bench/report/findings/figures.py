"""The figures the verdict rests on, each as one ratio read the same way from any run: what
a run shows beside the reference, and what `bench.compare` sets side by side per machine.

Two runs' figures agree when every pair of their 95% intervals, each widened by the
verdict's ±5% (`reading.MARGIN`), overlaps: the cross-check rule between two studies of one
run, applied between machines.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bench.counts import TALK_COUNT
from bench.report.findings.reading import MARGIN
from bench.report.findings.startup import breakdowns
from bench.report.findings.talk import table_pair
from bench.report.findings.threads import Verdict, judged
from bench.report.rawrun import RawRun
from bench.report.stats import Ratio, ratio_of_medians
from bench.slides import PURE_VS_RUST, RUST_VS_CYTHON

Figure = Callable[[RawRun], Ratio | None]


def _in_process(subject: str, reference: str) -> Figure:
    def figure(run: RawRun) -> Ratio | None:
        data = run.in_process
        a = data.get(subject, TALK_COUNT) if data else None
        b = data.get(reference, TALK_COUNT) if data else None
        return ratio_of_medians(a.data, b.data) if a and b else None

    return figure


def _talk(table_index: int) -> Figure:
    table = (PURE_VS_RUST, RUST_VS_CYTHON)[table_index]

    def figure(run: RawRun) -> Ratio | None:
        pair = table_pair(run, table)
        return ratio_of_medians(pair[0].result.times, pair[1].result.times) if pair else None

    return figure


def _startup_share(run: RawRun) -> Ratio | None:
    found = {b.implementation: b for b in breakdowns(run)}
    rust = found.get(PURE_VS_RUST.fast.implementation)
    if rust is None or not rust.share_known:
        return None
    return ratio_of_medians(rust.at_zero.result.times, rust.process.result.times)


def _threads(name: str) -> Figure:
    def figure(run: RawRun) -> Ratio | None:
        rows = judged(run) or []
        row = next((row for row in rows if row.name == name), None)
        return None if row is None or row.verdict is Verdict.BUSY else row.throughput

    return figure


#: (what, how it reads, the figure).
FIGURES: tuple[tuple[str, str, Figure], ...] = (
    ("`primes` ÷ `primes-fast`, whole process", "the talk's first table", _talk(0)),
    ("`primes-fast-cython` ÷ `primes-fast-rust`", "the talk's second table", _talk(1)),
    ("pure-naive ÷ rust-naive, in process", "n = 5,000", _in_process("pure-naive", "rust-naive")),
    *(
        (f"cython-{a} ÷ rust-{a}, in process", "n = 5,000", _in_process(f"cython-{a}", f"rust-{a}"))
        for a in ("naive", "trial", "sieve", "wheel")
    ),
    ("pure-naive ÷ pure-sieve, in process", "n = 5,000", _in_process("pure-naive", "pure-sieve")),
    ("start-up share of `primes-fast 5000`", "fixed ÷ whole", _startup_share),
    ("rust-naive, 2 threads ÷ 1", "throughput", _threads("rust-naive")),
)


def agree_across(ratios: Sequence[Ratio | None]) -> bool | None:
    """Whether one figure agrees across runs; None when fewer than two runs have it."""
    found = [ratio for ratio in ratios if ratio is not None]
    if len(found) < 2:
        return None
    lows = [(ratio.low or ratio.value) / MARGIN for ratio in found]
    highs = [(ratio.high or ratio.value) * MARGIN for ratio in found]
    return max(lows) <= min(highs)
