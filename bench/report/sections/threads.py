"""One thread vs two: what releasing the GIL buys."""

from __future__ import annotations

from statistics import median

from bench.raw import layout
from bench.raw.samples import read_if_present
from bench.report import format as fmt
from bench.report import plots
from bench.report.document import Block, Figure, Heading, Paragraph, Table
from bench.report.lineup import Lineup
from bench.report.rawrun import RawRun
from bench.report.sections.common import not_measured
from bench.report.stats import Ratio, ratio_of_medians


def scaling(one: list[float], two: list[float]) -> Ratio:
    """Throughput with two threads over one: 2 x t(one) / t(two), with its 95% interval."""
    ratio = ratio_of_medians(one, two)
    return Ratio(
        2 * ratio.value,
        low=None if ratio.low is None else 2 * ratio.low,
        high=None if ratio.high is None else 2 * ratio.high,
    )


def _figure(found: dict[str, Ratio], threads: int, count: object, lineup: Lineup) -> Figure:
    figure = plots.new_figure(6.5, 0.4 * len(found) + 1.5)
    axes = figure.add_subplot()
    names = list(found)[::-1]
    values = [found[n].value for n in names]
    errors = [
        [found[n].value - (found[n].low or found[n].value) for n in names],
        [(found[n].high or found[n].value) - found[n].value for n in names],
    ]
    palette = plots.Palette(lineup, names)
    colours = [palette.colour(n) for n in names]
    axes.barh(names, values, xerr=errors, color=colours, capsize=2)
    axes.axvline(1.0, color="#555555", linewidth=0.8, linestyle=":")
    axes.axvline(threads, color="#555555", linewidth=0.8, linestyle="--")
    axes.set_xlim(0, threads + 0.3)
    axes.set_xlabel("throughput, two threads vs one (2.0 = perfect, 1.0 = serialised)")
    return plots.block(
        figure,
        "threads",
        "Bar chart of two-thread throughput scaling per implementation",
        f"Throughput of two threads calling `first_n({count})` at once, relative to one thread; "
        "whiskers: 95% bootstrap interval.",
    )


def render(run: RawRun) -> list[Block]:
    title = Heading("Threads: what releasing the GIL buys")
    data = read_if_present(run.path(layout.THREADS_JSON))
    if data is None:
        return [title, *not_measured("one vs two threads", layout.THREADS)]
    threads = int(data.settings["threads"])
    found: dict[str, Ratio] = {}
    rows = []
    for case in data.select(threads="1"):
        name = case.tags["implementation"]
        two = data.cases.get(f"{name}/{threads}")
        if two is None:
            continue
        one_s, two_s = list(case.samples.seconds), list(two.samples.seconds)
        found[name] = scaling(one_s, two_s)
        rows.append(
            (
                f"`{name}`",
                fmt.duration(median(one_s)),
                fmt.duration(median(two_s)),
                fmt.ratio(found[name]),
            )
        )
    count = data.settings.get("count", "?")
    return [
        title,
        Paragraph(
            f"A batch of `first_n({count})` calls run by one thread, then by two threads at "
            "once on the two cores. The compiled implementations release the GIL while they "
            "compute, so two threads should do close to twice the work; pure Python holds the "
            "GIL and cannot. Building the result list needs the GIL again, so implementations "
            "whose call is mostly list building scale less. Times are per call per thread "
            f"(medians), [`{layout.THREADS_JSON}`](raw/{layout.THREADS_JSON})."
        ),
        _figure(found, threads, count, Lineup.of(run)),
        Table(("implementation", "one thread", "two threads", "throughput ×"), tuple(rows)),
    ]
