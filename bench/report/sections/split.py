"""The start-up vs work section: each implementation's whole process split into its fixed
part and its work (`bench.report.findings.split`), as a table and a figure."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bench.counts import TALK_COUNT
from bench.raw import layout
from bench.report import format as fmt
from bench.report import plots
from bench.report.document import Block, Figure, Heading, Paragraph, Table
from bench.report.findings.split import disagreeing, parts, startup_share
from bench.report.rawrun import RawRun
from bench.report.wording import TALK_SPEEDUP, not_measured

if TYPE_CHECKING:
    from matplotlib.figure import Figure as MatplotlibFigure

#: What a cell shows instead of a work or share the two timings contradict.
DISAGREE = "disagree"
NOISE = "below the noise"


def _label(fixed: float, work: float) -> str:
    """Every bar's label in one form: its fixed part and its work, in ms."""
    shown = f"{work * 1e3:.1f} ms" if work > 0 else NOISE
    return f" {fixed * 1e3:.1f} ms + {shown}"


def _figure(found: dict[str, tuple[float, float]]) -> Figure:
    return plots.block(
        "startup-split",
        "Bars of 100%: each implementation's fixed start-up share and work share",
        f"Each bar is one implementation's whole process, `primes --impl NAME {TALK_COUNT}`, as "
        "100%: grey is the share the same command takes at n = 0 (interpreter, imports, "
        "argument parsing, printing), red the rest. The label gives both parts in ms; where "
        "the work is below the noise, the bar is all grey.",
        lambda: _draw(found),
    )


def _draw(found: dict[str, tuple[float, float]]) -> MatplotlibFigure:
    # Shares on a linear axis, each bar 100%: times span 30 ms to half a second, so bars of
    # absolute length would flatten all but the slowest, and a log axis misstates the shares.
    figure = plots.new_figure(6.5, 0.3 * len(found) + 1.1)
    axes = figure.add_subplot()
    names = list(found)[::-1]
    fixed = [startup_share(*found[n]) * 100 for n in names]
    work = [100 - share for share in fixed]
    axes.barh(names, fixed, color="#9e9e9e", label=plots.label("fixed: `primes --impl NAME 0`"))
    axes.barh(
        names, work, left=fixed, color="#b7410e", label=f"work: n = {TALK_COUNT:,} minus n = 0"
    )
    for index, name in enumerate(names):
        axes.text(100, index, _label(*found[name]), va="center", fontsize=plots.LEGEND_SIZE)
    axes.set_xlim(0, 100)
    axes.set_ylim(-0.6, len(names) - 0.4)
    axes.set_xticks([0, 25, 50, 75, 100], labels=["0%", "25%", "50%", "75%", "100%"])
    axes.grid(True, axis="x", linewidth=0.4, alpha=0.6)
    axes.set_axisbelow(True)
    axes.set_xlabel(plots.label(f"share of `primes --impl NAME {TALK_COUNT}`, median"))
    axes.legend(
        fontsize=plots.LEGEND_SIZE,
        frameon=False,
        loc="lower left",
        bbox_to_anchor=(0.0, 1.0),
        ncols=2,
    )
    return figure


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
        return fmt.percent(startup_share(fixed, work))

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
            f"[`{data.record.json}`](raw/{data.record.json}). `primes --impl NAME` loads the "
            "registry of every implementation before it computes, so its fixed part is larger "
            "than that of the talk's own scripts (`primes-fast 0` in \"Where did the "
            f'{TALK_SPEEDUP} come from?"), and so is each share here.'
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
