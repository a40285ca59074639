"""Start-up vs work: each implementation's whole-process time at n = 5,000 split into the
fixed part (the same command at n = 0) and the work (the difference)."""

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
    rows = tuple(
        (
            f"`{name}`",
            fmt.duration(fixed),
            fmt.duration(work) if work > 0 else "below the noise",
            fmt.duration(fixed + work),
            fmt.percent(min(fixed / (fixed + work), 1.0)),
        )
        for name, (fixed, work) in found.items()
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
        _figure(found),
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
    ]
