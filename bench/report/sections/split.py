"""Start-up vs work: each implementation's whole-process time at n = 5,000 split into the
fixed part (the same command at n = 0) and the work (the difference).

A work below zero is "below the noise" when the two timings' ratio's 95% interval includes 1
or the n = 0 run was slower by less than DRIFT (hyperfine times one command's runs, then the
next's: a quiet machine drifts by a few percent in between); beyond that the two measurements
disagree (the machine's speed changed between them), and no work or share is printed.
"""

from __future__ import annotations

import math

from matplotlib.ticker import FixedFormatter, FixedLocator, NullLocator

from bench.counts import TALK_COUNT
from bench.raw import layout
from bench.report import format as fmt
from bench.report import plots
from bench.report.document import Block, Figure, Heading, Paragraph, Table
from bench.report.rawrun import HyperfineData, RawRun
from bench.report.sections.common import not_measured
from bench.report.stats import ratio_of_medians

#: What a cell shows instead of a work or share the two timings contradict.
DISAGREE = "disagree"
NOISE = "below the noise"
#: How much slower than n = 5,000 the n = 0 run may be and still count as noise: a quiet
#: machine drifts by a few percent between two commands, load by tens of percent.
DRIFT = 0.05


def disagreeing(data: HyperfineData) -> dict[str, tuple[float, float]]:
    """Implementation -> (n = 0 median, n = 5,000 median) where the n = 0 run was slower by
    more than its noise: a contradiction, not a small work."""
    found = {}
    for item in data.timed:
        if item.spec.tags.get("count") != "0":
            continue
        name = item.spec.tags["implementation"]
        full = data.find(implementation=name, count=str(TALK_COUNT))
        if full is None or full.result.median >= item.result.median:
            continue
        ratio = ratio_of_medians(full.result.times, item.result.times)
        if ratio.high is not None and ratio.high < 1 and ratio.value < 1 - DRIFT:
            found[name] = (item.result.median, full.result.median)
    return found


def parts(data: HyperfineData) -> dict[str, tuple[float, float]]:
    """Implementation -> (fixed, work) medians in seconds; work < 0 means it drowned in noise."""
    found: dict[str, tuple[float, float]] = {}
    for item in data.timed:
        if item.spec.tags.get("count") != "0":
            continue
        name = item.spec.tags["implementation"]
        full = data.find(implementation=name, count=str(TALK_COUNT))
        if full is not None:
            fixed = item.result.median
            found[name] = (fixed, full.result.median - fixed)
    return found


def _ticks(low: float, high: float) -> list[float]:
    """1-2-5 steps (ms) covering low..high, so a log axis has a labelled tick every step."""
    ticks: list[float] = []
    decade = 10.0 ** math.floor(math.log10(low))
    while decade <= high * 10:
        ticks += [m * decade for m in (1, 2, 5) if low <= m * decade <= high]
        decade *= 10
    return ticks


def _figure(found: dict[str, tuple[float, float]]) -> Figure:
    figure = plots.new_figure(6.5, 0.5 * len(found) + 1.6)
    axes = figure.add_subplot()
    names = list(found)[::-1]
    fixed = [found[n][0] * 1e3 for n in names]
    work = [max(found[n][1], 0.0) * 1e3 for n in names]
    totals = [f + w for f, w in zip(fixed, work, strict=True)]
    # A log axis: totals span 20 ms to seconds, and a linear one flattens all but the slowest.
    # Its left edge is a 1-2-5 step below the fastest start-up, so every grey bar shows.
    low = _ticks(min(fixed) / 3, min(fixed) * 0.95)[-1] if min(fixed) > 0 else 1.0
    high = max(totals) * 1.6
    axes.barh(names, fixed, color="#9e9e9e", label=plots.label("fixed: `primes --impl NAME 0`"))
    axes.barh(
        names, work, left=fixed, color="#b7410e", label=f"work: n = {TALK_COUNT:,} minus n = 0"
    )
    for index, total in enumerate(totals):
        axes.text(total, index, f" {total:.1f}", va="center", fontsize=plots.LEGEND_SIZE)
    axes.set_xscale("log")
    axes.set_xlim(low, high)
    ticks = _ticks(low, high)
    axes.xaxis.set_major_locator(FixedLocator(ticks))
    axes.xaxis.set_major_formatter(FixedFormatter([f"{t:g}" for t in ticks]))
    axes.xaxis.set_minor_locator(NullLocator())
    axes.grid(True, axis="x", linewidth=0.4, alpha=0.6)
    axes.set_axisbelow(True)
    axes.set_xlabel("whole-process median (ms, log scale)")
    axes.legend(
        fontsize=plots.LEGEND_SIZE,
        frameon=False,
        loc="lower center",
        bbox_to_anchor=(0.5, 1.0),
        ncols=2,
    )
    return plots.block(
        figure,
        "startup-split",
        "Stacked bars of fixed start-up time and work time per implementation",
        f"Whole-process time of `primes --impl NAME {TALK_COUNT}`: grey is the same command at "
        "n = 0 (interpreter, imports, argument parsing, printing), red is the rest; the number "
        "is the total in ms. The axis is logarithmic: each gridline is a 1-2-5 step, equal "
        "distances are equal ratios.",
    )


def render(run: RawRun) -> list[Block]:
    title = Heading("Start-up vs work")
    data = run.hyperfine_file(layout.SPLIT, layout.SPLIT)
    if data is None:
        return [title, *not_measured("start-up vs work", layout.SPLIT)]
    found = parts(data)
    wrong = disagreeing(data)

    def work_cell(name: str, work: float) -> str:
        return DISAGREE if name in wrong else fmt.duration(work) if work > 0 else NOISE

    def share_cell(name: str, fixed: float, work: float) -> str:
        if name in wrong:
            return DISAGREE
        # Within the noise, all of it is start-up, as far as this run can tell.
        return fmt.percent(fixed / (fixed + work)) if work > 0 else fmt.percent(1.0)

    rows = tuple(
        (
            f"`{name}`",
            fmt.duration(fixed),
            work_cell(name, work),
            fmt.duration(fixed + work),
            share_cell(name, fixed, work),
        )
        for name, (fixed, work) in found.items()
    )
    drawn = {name: value for name, value in found.items() if name not in wrong}
    said: list[Block] = []
    if wrong:
        clauses = "; ".join(
            f"`primes --impl {name} 0` took {fmt.duration(zero)}, `… {TALK_COUNT}` "
            f"{fmt.duration(full)}"
            for name, (zero, full) in wrong.items()
        )
        said.append(
            Paragraph(
                f"**The measurements disagree** where a cell says *{DISAGREE}*: {clauses}. "
                "Doing no work cannot take longer than doing it, beyond the noise of the two "
                "timings (their ratio's 95% interval excludes 1): the machine ran at different "
                "speeds while hyperfine timed one and then the other. No work or share is "
                "given for them."
            )
        )
    return [
        title,
        Paragraph(
            "A whole-process timing (the talk's hyperfine) adds the same fixed cost to every "
            "implementation. Once the work is fast, the fixed part is most of what is left, "
            "which is why whole-process ratios shrink as implementations get faster. Medians "
            "from one hyperfine run, "
            f"[`{data.record.json}`](raw/{data.record.json})."
        ),
        *([_figure(drawn)] if drawn else []),
        Table(
            (
                "implementation",
                "fixed (n = 0)",
                "work",
                f"total (n = {fmt.count(TALK_COUNT)})",
                "start-up share",
            ),
            rows,
        ),
        *said,
    ]
