"""This machine beside the reference: a full run's report (one in results/machines/) shows the
published reference's figures next to its own, and whether each agrees within its interval.

The figures are the ones the verdict rests on; the same rule decides agreement as between two
studies of one run (`crosscheck`): the 95% intervals, each widened by ±5%, overlap.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bench import paths
from bench.counts import TALK_COUNT
from bench.paths import machine_label, machine_slug
from bench.raw import layout
from bench.report import format as fmt
from bench.report.document import Block, Heading, Paragraph, Table
from bench.report.rawrun import RawRun
from bench.report.sections import speedup_breakdown, threads
from bench.report.sections.crosscheck import MARGIN
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
        pair = speedup_breakdown.table_pair(run, table)
        return ratio_of_medians(pair[0].result.times, pair[1].result.times) if pair else None

    return figure


def _startup_share(run: RawRun) -> Ratio | None:
    found = {b.implementation: b for b in speedup_breakdown.breakdowns(run)}
    rust = found.get(PURE_VS_RUST.fast.implementation)
    if rust is None or not rust.share_known:
        return None
    return ratio_of_medians(rust.at_zero.result.times, rust.process.result.times)


def _threads(name: str) -> Figure:
    def figure(run: RawRun) -> Ratio | None:
        rows = threads.judged(run) or []
        row = next((row for row in rows if row.name == name), None)
        return None if row is None or row.verdict is threads.Verdict.BUSY else row.throughput

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


def cell(ratio: Ratio | None) -> str:
    return "–" if ratio is None else fmt.ratio(ratio)


def hold(ratios: Sequence[Ratio | None]) -> str:
    """Whether one figure agrees across machines: every pair's widened intervals overlap."""
    found = [ratio for ratio in ratios if ratio is not None]
    if len(found) < 2:
        return "not on enough machines"
    lows = [(ratio.low or ratio.value) / MARGIN for ratio in found]
    highs = [(ratio.high or ratio.value) * MARGIN for ratio in found]
    return "every machine" if max(lows) <= min(highs) else "**depends on the machine**"


def _is_machines_run(run: RawRun) -> bool:
    machines = paths.MACHINES.resolve()
    return machines in run.report_dir.resolve().parents


def render(run: RawRun) -> list[Block]:
    reference_raw = paths.REFERENCE / "raw"
    if not _is_machines_run(run) or not (reference_raw / layout.MANIFEST).exists():
        return []
    reference = RawRun(reference_raw)
    rows = []
    for what, how, figure in FIGURES:
        mine, theirs = figure(run), figure(reference)
        if mine is None and theirs is None:
            continue
        said = {"every machine": "agree", "**depends on the machine**": "**differ**"}
        agree = hold([mine, theirs])
        rows.append((what, how, cell(mine), cell(theirs), said.get(agree, "–")))
    here, there = machine_slug(run.environment), machine_slug(reference.environment)
    return [
        Heading("This machine beside the reference"),
        Paragraph(
            f"This run (`{here}`: {machine_label(run.environment)}) beside the published "
            "reference in `results/reference/` "
            f"(`{there}`, {reference.manifest.mode} run of {reference.manifest.started_utc[:10]}). "
            "A figure agrees when the two 95% intervals, each widened by "
            f"±{(MARGIN - 1) * 100:.0f}%, overlap; `make compare` adds more machines."
        ),
        Table(
            ("ratio", "measured as", "this machine", "reference", ""),
            tuple(rows),
            ("l", "l", "r", "r", "l"),
        ),
    ]
