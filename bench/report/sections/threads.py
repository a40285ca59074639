"""The threads section: the threads study's findings (`bench.report.findings.threads`) as
a paragraph per verdict, a bar chart and a table."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from bench.raw import layout
from bench.raw.threads import ThreadsFile, read_if_present
from bench.report import format as fmt
from bench.report import plots
from bench.report.document import Block, Figure, Heading, Paragraph, Table
from bench.report.findings.threads import WAITED_BUSY, Row, Verdict, releases_while_computing, rows
from bench.report.lineup import Lineup
from bench.report.rawrun import RawRun
from bench.report.wording import not_measured

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.figure import Figure as MatplotlibFigure


def _names(found: list[Row]) -> str:
    names = [f"`{row.name}`" for row in found]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


# Up to this many rows a sentence names each one's figure; more would repeat the table, so the
# sentence gives their range and the table the rows.
_NAMED_FIGURES = 2


def _range(values: list[float], show: Callable[[float], str], unit: str) -> str:
    """`1.66x`, or `1.66–1.69x` for several values (`show` formats one, ending in `unit`)."""
    low, high = show(min(values)), show(max(values))
    return high if low == high else f"{low.removesuffix(unit)}–{high}"


def _span(values: list[float]) -> str:
    """`1.66x`, or `1.66–1.69x` for several values."""
    return _range(values, fmt.speedup, "x")


def _figures(found: list[Row]) -> str:
    """`` `rust-naive` 1.97x at CPU use 1.99x `` per row, joined; a range for many rows."""
    if len(found) > _NAMED_FIGURES:
        uses = [row.cpu_use for row in found if row.cpu_use is not None]
        return f"{_span([row.throughput.value for row in found])}" + (
            f" at CPU use {_span(uses)}" if uses else ""
        )
    return "; ".join(
        f"`{row.name}` {fmt.speedup(row.throughput.value)}"
        + ("" if row.cpu_use is None else f" at CPU use {fmt.speedup(row.cpu_use)}")
        for row in found
    )


def _costs(found: list[Row]) -> str:
    """`1.25x the CPU time per call of one thread alone` per row, joined; a range for many."""
    costed = [(row.name, row.cost) for row in found if row.cost is not None]
    if len(costed) > _NAMED_FIGURES:
        return f"{_span([cost for _, cost in costed])} the CPU time per call of one thread alone"
    return "; ".join(
        f"`{name}` {fmt.speedup(cost)} the CPU time per call of one thread alone"
        for name, cost in costed
    )


def _cores(count: int) -> str:
    return f"{count} core" if count == 1 else f"{count} cores"


def _share_range(values: list[float]) -> str:
    """`33%`, or `30–41%` for several rows."""
    return _range(values, fmt.percent, "%")


def _busy_reasons(found: list[Row], usable_cores: int | None) -> str:
    """What kept the cores from the threads of `found`, as one clause."""
    reasons = []
    if usable_cores is not None and usable_cores < found[0].threads:
        reasons.append(f"this process could use {_cores(usable_cores)}")
    others = [row.others for row in found if row.others is not None]
    if others and max(others) > 0.005:
        shares = [value / usable_cores for value in others] if usable_cores else others
        whose = f"the {_cores(usable_cores)}" if usable_cores else "a core"
        reasons.append(f"other processes used {_share_range(shares)} of {whose}")
    waited = [row.waited for row in found if row.waited is not None and row.waited > WAITED_BUSY]
    if waited:
        reasons.append(f"the threads waited {_share_range(waited)} of their time for a core")
    return " and ".join(reasons) or "the machine's load could not be read"


def findings(found: list[Row], usable_cores: int | None) -> list[str]:
    """The section's sentences, one per verdict that occurs, in the order a reader asks."""
    by = {verdict: [row for row in found if row.verdict is verdict] for verdict in Verdict}
    said = []
    if rows_ := by[Verdict.SCALED]:
        said.append(
            f"{_names(rows_)} scaled: "
            + (
                "it releases the GIL while it computes"
                if len(rows_) == 1
                else "they release the GIL while they compute"
            )
            + ", and "
            f"{rows_[0].threads} threads did about {rows_[0].threads}x the work of one "
            f"({_figures(rows_)})."
        )
    if rows_ := by[Verdict.SLOWED]:
        said.append(
            f"{_names(rows_)} ran in parallel, but a call took more CPU time with every "
            f"thread running ({_costs(rows_)}), so the work grew less ({_figures(rows_)}): "
            "the cores slowed each other (a shared physical core, cache, memory bandwidth or "
            "clock; on a virtual machine, also the host's other guests)."
        )
    if rows_ := by[Verdict.PARTIAL]:
        said.append(
            f"{_names(rows_)} scaled partly ({_figures(rows_)}) on a quiet machine: part of "
            "each call holds the GIL (building the result list needs it)."
        )
    if rows_ := by[Verdict.GIL]:
        sentence = (
            f"{_names(rows_)} did not scale because of the GIL: the threads took turns "
            f"holding it, using one core's CPU time between them ({_figures(rows_)}), on a "
            "machine that had the cores free."
        )
        releasing = [row for row in rows_ if releases_while_computing(row.name)]
        if releasing:
            sentence += (
                f" {_names(releasing)} release{'s' if len(releasing) == 1 else ''} the GIL "
                "to compute but hold it to build the list of ints, most of a fast call."
            )
        said.append(sentence)
    if rows_ := by[Verdict.BUSY]:
        one = len(rows_) == 1
        said.append(
            f"{_names(rows_)} could not be judged: the machine was busy (while "
            f"{'its' if one else 'their'} threads ran, {_busy_reasons(rows_, usable_cores)}), "
            f"so {'its' if one else 'their'} {rows_[0].threads}-thread "
            f"figure{'' if one else 's'} ({_figures(rows_)}) cannot be trusted; "
            "`make bench` on a quieter machine measures again."
        )
    if rows_ := by[Verdict.UNRECORDED]:
        said.append(
            f"{_names(rows_)}: this run recorded wall time only, not the threads' CPU time, "
            "so whether another process disturbed the figures cannot be said "
            "(`make bench` records both)."
        )
    return said


def _figure(found: list[Row], count: object, lineup: Lineup) -> Figure:
    threads = max(row.threads for row in found)
    palette = plots.Palette(lineup, [row.name for row in found[::-1]])
    return plots.block(
        "threads",
        "Bar chart of two-thread throughput per implementation, with the threads' CPU use",
        f"Bars: the throughput of {threads} threads calling `first_n({count})` at once over "
        "one thread's (whiskers: 95% bootstrap interval); diamonds: their CPU use. Hatched: "
        "not judged.",
        lambda: _draw(found, threads, palette),
    )


def _draw(found: list[Row], threads: int, palette: plots.Palette) -> MatplotlibFigure:
    figure = plots.new_figure(6.5, 0.45 * len(found) + 1.8)
    axes = figure.add_subplot()
    ordered = found[::-1]
    names = [row.name for row in ordered]
    values = [row.throughput.value for row in ordered]
    errors = [
        [row.throughput.value - (row.throughput.low or row.throughput.value) for row in ordered],
        [(row.throughput.high or row.throughput.value) - row.throughput.value for row in ordered],
    ]
    bars = axes.barh(
        names, values, xerr=errors, color=[palette.colour(name) for name in names], capsize=2
    )
    from matplotlib.patches import Patch  # here, not at the top: see plots._pyplot

    handles: list[Artist] = [Patch(facecolor="#999999", label="throughput")]
    unjudged = [row.verdict in (Verdict.BUSY, Verdict.UNRECORDED) for row in ordered]
    for bar, faded in zip(bars, unjudged, strict=True):
        if faded:
            bar.set_alpha(0.35)
            bar.set_hatch("//")
    if any(unjudged):
        handles.append(Patch(facecolor="#999999", alpha=0.35, hatch="//", label="not judged"))
    measured = [(index, row.cpu_use) for index, row in enumerate(ordered) if row.cpu_use]
    if measured:
        (marks,) = axes.plot(
            [use for _, use in measured],
            [index for index, _ in measured],
            linestyle="none",
            marker="D",
            markersize=7,
            markerfacecolor="white",
            markeredgecolor="black",
            label="CPU use",
        )
        handles.append(marks)
    # Above the bars: a scaled bar reaches the right edge, where a legend would cover it.
    axes.legend(
        handles=handles,
        loc="lower left",
        bbox_to_anchor=(0, 1),
        ncols=len(handles),
        frameon=False,
        fontsize=plots.LEGEND_SIZE,
    )
    axes.axvline(1.0, color="#555555", linewidth=0.8, linestyle=":")
    axes.axvline(threads, color="#555555", linewidth=0.8, linestyle="--")
    axes.set_xlim(0, threads + 0.3)
    axes.set_xlabel(f"{threads} threads vs one ({threads}.0 = parallel, 1.0 = serialised)")
    return figure


def _interval(value: float, low: float | None, high: float | None) -> str:
    """`1.98 (1.97–1.99)`: short enough for four columns in 80."""
    if low is None or high is None:
        return f"{value:.2f}"
    return f"{value:.2f} ({low:.2f}–{high:.2f})"


def render(run: RawRun) -> list[Block]:
    title = Heading("Threads: what releasing the GIL buys")
    data = read_if_present(run.path(layout.THREADS_JSON))
    if data is None:
        return [title, *not_measured("one vs two threads", layout.THREADS)]
    found = rows(data)
    settings = data.settings
    count = settings.count
    threads = settings.threads
    # Four narrow columns: the demo prints this table in an 80-column terminal. Times per call
    # are in the raw file and the sweep's grid.
    table = Table(
        ("implementation", "throughput × (95% CI)", "CPU use × (range)", "verdict"),
        tuple(
            (
                f"`{row.name}`",
                _interval(row.throughput.value, row.throughput.low, row.throughput.high),
                "–"
                if row.cpu_use is None or row.cpu_range is None
                else _interval(row.cpu_use, *row.cpu_range),
                row.verdict.value,
            )
            for row in found
        ),
        align=("l", "r", "r", "l"),
    )
    blocks: list[Block] = [
        title,
        Paragraph(
            f"A batch of `first_n({count})` calls run by one thread, then by {threads} threads "
            f"at once, round after round. *Throughput*: {threads} × t(one) / t({threads}), "
            f"{threads}.0 when the calls ran in parallel, 1.0 when they were serialised by the "
            "GIL — or by another process holding a core, which wall time cannot tell apart. "
            f"*CPU use*: the threads' CPU seconds per wall second, {threads}.0 when all "
            "computed all the time. Another process can lower it but never raise it: a high "
            "figure is parallelism a busy machine cannot fake, a low one is judged only if the "
            f"threads did not wait for a core. [`{layout.THREADS_JSON}`](raw/{layout.THREADS_JSON})"
            " holds every round, with times per call."
        ),
    ]
    said = findings(found, settings.usable_cores)
    machine = _machine(data)
    if said or machine:
        blocks.append(Paragraph(" ".join([*said, *machine])))
    if found:
        blocks.append(_figure(found, count, Lineup.of(run)))
    blocks.append(table)
    return blocks


def _machine(data: ThreadsFile) -> list[str]:
    settings = data.settings
    parts = []
    if settings.usable_cores is not None:
        parts.append(f"this process could use {_cores(settings.usable_cores)}")
    if settings.load_before is not None and settings.load_after is not None:
        parts.append(
            f"the 1-minute load average was {settings.load_before[0]:.2f} before the study and "
            f"{settings.load_after[0]:.2f} after"
        )
    if not parts:
        return []
    text = "; ".join(parts)
    return [f"{text[0].upper()}{text[1:]}."]
