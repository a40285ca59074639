"""Where did the talk's 12x come from: each talk script's whole process split into its parts
(`bench.report.findings.startup`) as a table, a story, a figure and the ratios three ways.

A part the measurements contradict is never printed as a figure: the cell says they disagree
and a paragraph says which timings and what it means.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from bench.counts import TALK_COUNT
from bench.raw import layout
from bench.report import format as fmt
from bench.report import plots
from bench.report.document import Block, Figure, Heading, Paragraph, Table
from bench.report.findings import load
from bench.report.findings.startup import Breakdown, TableRatios, breakdowns, table_ratios
from bench.report.findings.talk import shared_with_startup, slide_ratio, table_data, table_pair
from bench.report.rawrun import RawRun, Timed
from bench.report.stats import ratio_of_means, ratio_of_medians
from bench.report.wording import (
    TALK_SPEEDUP,
    busy_summary,
    contradictions,
    language_label,
    not_measured,
)
from bench.slides import PURE_VS_RUST, RUST_VS_CYTHON, TABLES

if TYPE_CHECKING:
    from matplotlib.figure import Figure as MatplotlibFigure

TITLE = f"Where did the {TALK_SPEEDUP} come from?"


#: What a cell shows instead of a part the measurements contradict.
DISAGREE = "disagree"


def _part(seconds: float) -> str:
    """A part as a cell: its duration, or DISAGREE when it is negative."""
    return fmt.duration(seconds) if seconds >= 0 else DISAGREE


def _share(b: Breakdown) -> str:
    """The fixed cost's share as a cell: a percentage only when it lies within 0–100%."""
    return fmt.percent(b.fixed_share) if b.share_known else DISAGREE


def _ratio_rows(found: list[TableRatios]) -> list[tuple[str, ...]]:
    return [
        (
            f"{language_label(r.slow.language)} ÷ {language_label(r.fast.language)}",
            fmt.ratio(r.whole),
            DISAGREE if r.without_fixed is None else fmt.speedup(r.without_fixed),
            fmt.ratio(r.in_process),
        )
        for r in found
    ]


def _figure(found: list[Breakdown]) -> Figure:
    return plots.block(
        "where-the-time-goes",
        "Stacked bars: start-up, import, script, computation and printing per console script",
        f"Whole-process time of each talk script at n = {TALK_COUNT:,}, split into the parts "
        "measured separately in this run (medians).",
        lambda: _draw(found),
    )


def _draw(found: list[Breakdown]) -> MatplotlibFigure:
    figure = plots.new_figure(6.5, 3.6)
    axes = figure.add_subplot()
    segments: tuple[tuple[str, Callable[[Breakdown], float], str], ...] = (
        ("interpreter start-up", lambda b: b.interpreter.result.median, "#9e9e9e"),
        ("import", lambda b: b.import_cost, "#c7c7c7"),
        ("console script", lambda b: b.script_cost, "#e6e6e6"),
        (f"first_n({TALK_COUNT}) in process", lambda b: b.compute, "#b7410e"),
        ("printing and the rest", lambda b: b.rest, "#f0b27a"),
    )
    labels = [f"{b.script} {TALK_COUNT}" for b in found]
    left = [0.0] * len(found)
    for name, value, colour in segments:
        # Differences of two noisy medians can dip below zero; a bar cannot.
        widths = [max(value(b), 0.0) * 1e3 for b in found]
        axes.barh(
            labels, widths, left=left, label=name, color=colour, edgecolor="#444", linewidth=0.5
        )
        left = [a + w for a, w in zip(left, widths, strict=True)]
    for index, b in enumerate(found):
        axes.text(
            left[index],
            index,
            f"  {b.process.result.median * 1e3:.1f} ms",
            va="center",
            fontsize=plots.LEGEND_SIZE,
        )
    axes.invert_yaxis()
    axes.set_xlabel("median wall-clock time per process (ms)")
    axes.set_xlim(0, max(left) * 1.18)
    axes.legend(loc="lower right", fontsize=plots.LEGEND_SIZE, frameon=False)
    return figure


def _short_answer(pure: Breakdown, rust: Breakdown) -> Paragraph:
    """The first slide table (pure Python vs Rust), whole process against in process."""
    pure_language = language_label(pure.language)
    rust_language = language_label(rust.language)
    whole = ratio_of_medians(pure.whole.result.times, rust.whole.result.times)
    whole_means = ratio_of_means(
        pure.whole.result.mean,
        pure.whole.result.stddev,
        rust.whole.result.mean,
        rust.whole.result.stddev,
    )
    inside = ratio_of_medians(pure.in_process.data, rust.in_process.data)
    direction = (
        "pulls the whole-process ratio down"
        if inside.value > whole.value
        else "does not pull the whole-process ratio down in this run"
    )
    text = (
        f"**Short answer.** As whole processes, `{pure.script} {TALK_COUNT}` takes "
        f"{fmt.duration(pure.whole.result.median)} and `{rust.script} {TALK_COUNT}` "
        f"{fmt.duration(rust.whole.result.median)} (medians): {fmt.speedup(whole.value)} "
        f"(mean ratio {fmt.ratio(whole_means)}; the talk: {fmt.ratio(slide_ratio(PURE_VS_RUST))}). "
        f"Both pay a fixed cost before computing anything — interpreter start-up "
        f"{fmt.duration(rust.interpreter.result.median)}, the import, the script itself: "
        f"{fmt.duration(pure.fixed)} for `{pure.script} 0` and {fmt.duration(rust.fixed)} for "
        f"`{rust.script} 0`. The computation alone, `first_n({TALK_COUNT})` in process, "
        f"takes {fmt.duration(pure.compute)} in {pure_language} and "
        f"{fmt.duration(rust.compute)} in {rust_language}: "
        f"**{fmt.speedup(inside.value)}** (95% CI {inside.low:.1f}–{inside.high:.1f})."
    )
    if pure.share_known and rust.share_known:
        text += (
            f" The fixed cost is {fmt.percent(rust.fixed_share)} of {rust_language}'s "
            f"whole-process time but {fmt.percent(pure.fixed_share)} of {pure_language}'s, so "
            f"it {direction}: from {fmt.speedup(inside.value)} in process to "
            f"{fmt.speedup(whole.value)} whole-process."
        )
    else:
        text += (
            " How much of each process the fixed cost is cannot be said from this run: the "
            "measurements disagree (below)."
        )
    return Paragraph(text)


def _compiled_pair(cython: Breakdown, rust: Breakdown, pair: tuple[Timed, Timed]) -> Paragraph:
    """The second slide table (Rust vs Cython): two compiled loops, in and out of process;
    the whole processes are the table's own two, timed in one hyperfine run."""
    cython_language = language_label(cython.language)
    rust_language = language_label(rust.language)
    inside = ratio_of_medians(cython.in_process.data, rust.in_process.data)
    assert inside.low is not None and inside.high is not None
    if inside.low <= 1 <= inside.high:
        verdict = "indistinguishable in this run (the interval includes 1)"
    elif inside.value > 1:
        verdict = f"{rust_language} is {(inside.value - 1) * 100:.1f}% faster in process"
    else:
        verdict = f"{cython_language} is {(1 / inside.value - 1) * 100:.1f}% faster in process"
    cython_whole, rust_whole = pair[0].result, pair[1].result
    whole = ratio_of_medians(cython_whole.times, rust_whole.times)
    whole_gap = cython_whole.median - rust_whole.median
    fixed_gap = cython.fixed - rust.fixed
    at_zero = ""
    if 0 < fixed_gap <= whole_gap:
        at_zero = (
            f" Of the {fmt.duration(whole_gap)} between them, "
            f"{fmt.duration(fixed_gap)} is there "
            f"already at n = 0 (`{cython.script} 0` vs `{rust.script} 0`): start-up and "
            "imports, not computation."
        )
    return Paragraph(
        f"**{rust_language} vs {cython_language}.** Both compile the same loop to machine code. "
        f"In process, `first_n({TALK_COUNT})` takes {fmt.duration(rust.compute)} in "
        f"{rust_language} and {fmt.duration(cython.compute)} in {cython_language}, a ratio of "
        f"{fmt.ratio(inside)}: {verdict}. "
        f"As whole processes (the talk's second table, `{pair[1].spec.label}` vs "
        f"`{pair[0].spec.label}`): {fmt.duration(rust_whole.median)} vs "
        f"{fmt.duration(cython_whole.median)} ({fmt.ratio(whole)}; "
        f"the talk: {fmt.ratio(slide_ratio(RUST_VS_CYTHON))}).{at_zero}"
    )


def _story(run: RawRun, by_name: dict[str, Breakdown]) -> list[Block]:
    blocks: list[Block] = []
    pure, rust = (by_name.get(row.implementation) for row in (PURE_VS_RUST.slow, PURE_VS_RUST.fast))
    if pure is not None and rust is not None:
        blocks.append(_short_answer(pure, rust))
    cython, rust = (
        by_name.get(row.implementation) for row in (RUST_VS_CYTHON.slow, RUST_VS_CYTHON.fast)
    )
    pair = table_pair(run, RUST_VS_CYTHON)
    if rust is not None and cython is not None and pair is not None:
        blocks.append(_compiled_pair(cython, rust, pair))
    return blocks


def _remainder(run: RawRun, found: list[Breakdown]) -> Paragraph | None:
    """What the "printing the list, and noise" row is made of, from this run's figures."""
    shown = [b for b in found if b.rest >= 0]
    if not shown:
        return None
    loaded = load.busy_studies(run, (layout.STARTUP, layout.TALK, layout.SWEEP))
    if loaded:
        return Paragraph(
            "The remainder row is what the other rows leave over: printing "
            f"{fmt.count(TALK_COUNT)} numbers and the drift between runs timed at different "
            f"moments. In this run {busy_summary(loaded)}, so it is mostly drift, and no figure "
            "is drawn from it."
        )

    def share(b: Breakdown) -> str:
        if b.rest > b.compute:
            return "more than its computing time"
        return f"{fmt.percent(b.rest / b.compute)} of its computing time"

    shares = "; ".join(f"{b.implementation} {fmt.duration(b.rest)}, {share(b)}" for b in shown)
    return Paragraph(
        "The remainder row is what the other rows leave over: printing "
        f"{fmt.count(TALK_COUNT)} numbers, the same work for every implementation, and the "
        "drift between the whole-process and the in-process runs, which were timed minutes "
        f"apart. Here it is {shares}. Printing is the same work for all of them, so where the "
        "remainder keeps about the same share of each one's computing time, it is drift "
        "between the two runs, not the cost of printing."
    )


def _disagreement(found: list[Breakdown]) -> Paragraph | None:
    """What the cells marked DISAGREE mean, naming the timings that contradict each other."""
    clauses = [clause for b in found for clause in contradictions(b)]
    if not clauses:
        return None
    return Paragraph(
        f"**The measurements disagree** where a cell says *{DISAGREE}*: "
        + "; ".join(clauses)
        + ". A part of a process cannot be negative, nor start-up longer than the whole: "
        "each row is a median from its own command, timed at its own moment, and these came "
        "out inconsistent because the machine ran at different speeds for them (other work "
        "on it, a clock that changed). No figure is given for those parts; a run on a quiet "
        "machine measures them."
    )


def _whole_processes_from(run: RawRun) -> str:
    """Where the ratio table's whole processes come from: each talk table's own run, or the
    start-up study's one run that timed both tables' commands."""
    data = [table_data(run, table) for table in TABLES]
    if data and all(d is not None and shared_with_startup(d) for d in data):
        return (
            "Both talk tables' whole processes come from the start-up study's one hyperfine "
            "run, which times each table's own commands"
        )
    return "Each talk table's two whole processes come from that table's own hyperfine run"


def render(run: RawRun) -> list[Block]:
    title = Heading(TITLE)
    found = breakdowns(run)
    if not found:
        return [
            title,
            *not_measured(
                "the start-up study and the in-process sweep",
                layout.TALK,
                layout.STARTUP,
                layout.SWEEP,
            ),
        ]
    by_name = {b.implementation: b for b in found}
    header = (
        "part",
        "measured as",
        *(f"`{b.script}` ({language_label(b.language)})" for b in found),
    )
    same_run = all(b.same_run is not None for b in found)
    rows = [
        (
            "interpreter start-up",
            "`python -c pass`",
            *(fmt.duration(b.interpreter.result.median) for b in found),
        ),
        (
            "import of its module",
            "`python -c 'import M'` − start-up",
            *(_part(b.import_cost) for b in found),
        ),
        (
            "console script, no work",
            "`SCRIPT 0` − import",
            *(_part(b.script_cost) for b in found),
        ),
        ("**fixed cost**", "`SCRIPT 0`", *(f"**{fmt.duration(b.fixed)}**" for b in found)),
        (
            f"computing first_n({TALK_COUNT})",
            "pytest-benchmark, in process",
            *(fmt.duration(b.compute) for b in found),
        ),
        (
            "printing the list, and noise",
            "whole − fixed − computing",
            *(_part(b.rest) if b.fixed < b.process.result.median else DISAGREE for b in found),
        ),
        (
            "**whole process**",
            f"`SCRIPT {TALK_COUNT}` ("
            + ("start-up study, beside `SCRIPT 0`" if same_run else "talk tables")
            + ")",
            *(f"**{fmt.duration(b.process.result.median)}**" for b in found),
        ),
        ("fixed cost's share", "fixed ÷ whole", *(_share(b) for b in found)),
    ]
    consistent = [b for b in found if b.consistent]
    return [
        title,
        Paragraph(
            "The talk's ratio compares whole processes: each run starts an interpreter, imports "
            f"the package, computes, prints {fmt.count(TALK_COUNT)} numbers and exits. The same "
            "run measured those parts separately — each row below is a median from its own "
            "hyperfine command or pytest-benchmark test, so small differences can be noise."
        ),
        *_story(run, by_name),
        Table(header, tuple(rows), ("l", "l", *("r",) * len(found))),
        *[block for block in (_disagreement(found), _remainder(run, found)) if block is not None],
        *([_figure(consistent)] if consistent else []),
        Paragraph(
            "The same comparisons as ratios (of medians, with 95% bootstrap intervals where both "
            f"sides are samples). {_whole_processes_from(run)}, so "
            f"{RUST_VS_CYTHON.fast.implementation}'s is "
            f"`{PURE_VS_RUST.fast.script} {TALK_COUNT}` in the first row and "
            f"`{RUST_VS_CYTHON.fast.script} {TALK_COUNT}` in the second; the middle column "
            f"removes each side's fixed cost (`SCRIPT {TALK_COUNT}` − `SCRIPT 0`)."
        ),
        Table(
            ("ratio", "whole process", "whole − fixed", "in process (pytest-benchmark)"),
            tuple(_ratio_rows(table_ratios(run, by_name))),
        ),
    ]
