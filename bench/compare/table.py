"""The comparison itself: per machine, the figures the verdict rests on, and per claim whether
every machine finds the same.

A ratio holds across machines when every machine's 95% interval, widened by the verdict's ±5%,
overlaps every other's (the cross-check rule, `bench.report.sections.crosscheck`); a claim holds
on every machine when each made it with the same finding, none withheld or unmeasured.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from bench.counts import TALK_COUNT
from bench.paths import machine_slug
from bench.report import format as fmt
from bench.report import markdown
from bench.report.document import Block, Heading, Paragraph, Table
from bench.report.rawrun import RawRun
from bench.report.sections import busy, speedup_breakdown, threads, verdict
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

_CLAIMS = ("Rust vs Cython", "Language vs algorithm", "Before a rewrite", "Start-up", "The GIL")


def _cell(ratio: Ratio | None) -> str:
    return "–" if ratio is None else fmt.ratio(ratio)


def hold(ratios: Sequence[Ratio | None]) -> str:
    """Whether one figure agrees across machines: every pair's widened intervals overlap."""
    found = [ratio for ratio in ratios if ratio is not None]
    if len(found) < 2:
        return "not on enough machines"
    lows = [(ratio.low or ratio.value) / MARGIN for ratio in found]
    highs = [(ratio.high or ratio.value) * MARGIN for ratio in found]
    return "every machine" if max(lows) <= min(highs) else "**depends on the machine**"


def _finding(claim: verdict.Claim) -> str:
    if claim.finding is not None:
        return claim.finding
    text = claim.text
    if "withheld" in text:
        return "withheld (busy)"
    return "no claim"


def _load(run: RawRun) -> str:
    if busy.busy_studies(run):
        return "busy"
    return "not recorded" if busy.unrecorded(run) else "quiet"


def _machine_rows(runs: Sequence[RawRun]) -> list[tuple[str, ...]]:
    def env(run: RawRun, *keys: str) -> str:
        value: object = run.environment
        for key in keys:
            value = value.get(key) if isinstance(value, dict) else None
        return "?" if value is None else str(value)

    return [
        ("CPU", *(env(run, "cpu", "model") for run in runs)),
        ("cores usable", *(env(run, "cpu", "usable_cores") for run in runs)),
        ("Python", *(env(run, "toolchain", "python") for run in runs)),
        ("run", *(f"{run.manifest.mode}, {run.manifest.started_utc[:10]}" for run in runs)),
        ("load", *(_load(run) for run in runs)),
    ]


def blocks(raws: Sequence[Path]) -> list[Block]:
    runs = [RawRun(raw) for raw in raws]
    names = [f"`{machine_slug(run.environment)}`" for run in runs]
    figures = []
    for what, how, figure in FIGURES:
        ratios = [figure(run) for run in runs]
        if any(ratio is not None for ratio in ratios):
            figures.append((what, how, *(_cell(r) for r in ratios), hold(ratios)))
    claims = [verdict.claims(run) for run in runs]
    claim_rows = []
    for index, topic in enumerate(_CLAIMS):
        found = [_finding(made[index]) for made in claims]
        usable = all(f not in ("no claim", "withheld (busy)") for f in found)
        holds = "every machine" if usable and len(set(found)) == 1 else "**depends on the machine**"
        if not usable:
            holds = "not on every machine"
        claim_rows.append((topic, *found, holds))
    every = [row[0] for row in claim_rows if row[-1] == "every machine"]
    depends = [row[0] for row in claim_rows if row[-1] != "every machine"]
    said = (
        f"On every machine: {', '.join(every) or 'none of the claims'}. "
        f"Depends on the machine, or not made on every one: {', '.join(depends) or 'none'}."
    )
    return [
        Heading(f"{len(runs)} machines, one report", 1),
        Paragraph(
            "Each column is one run's raw files, read by the report code; ratios are of medians "
            "with 95% bootstrap intervals. A figure holds on every machine when the intervals, "
            f"each widened by ±{(MARGIN - 1) * 100:.0f}%, overlap; a claim when every machine "
            "made it with the same finding. " + said
        ),
        Table(("", *names), tuple(_machine_rows(runs)), ("l", *("l",) * len(runs))),
        Heading("The verdict's claims"),
        Table(("claim", *names, "holds on"), tuple(claim_rows), ("l", *("l",) * (len(runs) + 1))),
        Heading("The figures behind them"),
        Table(
            ("ratio", "measured as", *names, "holds on"),
            tuple(figures),
            ("l", "l", *("r",) * len(runs), "l"),
        ),
    ]


def compare(raws: Sequence[Path]) -> str:
    return markdown.render(blocks(raws))
