"""How each implementation's in-process time grows with the count: a log-log plot with the
fitted exponent of each, and the medians behind it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bench.raw import layout
from bench.raw.pytest_benchmark import InProcessResult
from bench.report import format as fmt
from bench.report import plots
from bench.report.document import Block, Figure, Heading, Paragraph, Table
from bench.report.findings.sweep import BASELINE, FIT_FROM, fit, series
from bench.report.lineup import Lineup
from bench.report.rawrun import RawRun
from bench.report.stats import PowerLaw
from bench.report.wording import not_measured

if TYPE_CHECKING:
    from matplotlib.figure import Figure as MatplotlibFigure


def _figure(
    by_name: dict[str, list[InProcessResult]], fits: dict[str, PowerLaw | None], lineup: Lineup
) -> Figure:
    palette = plots.Palette(lineup, list(by_name))
    return plots.block(
        "scaling",
        "Log-log plot of median time per call against count, one line per implementation",
        "`first_n(n)` in process (pytest-benchmark medians; whiskers reach down to the fastest "
        "round). Colour: language; marker and line: algorithm; Cython's markers are hollow "
        "rings, drawn larger, so a Rust point inside one means the two coincide; numba's are "
        "crosses, drawn on top. The exponent "
        "in the legend is "
        f"a least-squares power law through the counts ≥ {FIT_FROM:,}.",
        lambda: _draw(by_name, fits, palette),
    )


def _draw(
    by_name: dict[str, list[InProcessResult]],
    fits: dict[str, PowerLaw | None],
    palette: plots.Palette,
) -> MatplotlibFigure:
    figure = plots.new_figure(6.5, 8.0)
    axes = figure.add_subplot()
    for name, results in by_name.items():
        law = fits[name]
        label = name if law is None else f"{name}: time ∝ $n^{{{law.exponent:.2f}}}$"
        hollow = palette.hollow(name)
        colour = palette.colour(name)
        axes.errorbar(
            [r.count for r in results],
            [r.median for r in results],
            yerr=[[r.median - r.min for r in results], [0.0 for _ in results]],
            fmt=palette.marker(name),
            linestyle=palette.line_style(name),
            color=colour,
            label=label,
            # A hollow language draws under the others with larger rings and a wider, paler
            # line, so where its points coincide with a filled language's both show.
            markersize=10 if hollow else 5,
            markerfacecolor="none" if hollow else colour,
            markeredgewidth=1.6 if hollow else 1.0,
            capsize=2,
            linewidth=3.0 if hollow else 1.2,
            alpha=0.75 if hollow else 1.0,
            zorder=1 if hollow else 2,
        )
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel("count n (primes returned)")
    axes.set_ylabel("median time per call (s)")
    axes.grid(True, which="major", linewidth=0.4, alpha=0.6)
    # Below the plot rather than beside it, so the plot keeps the page's width on a phone.
    axes.legend(
        fontsize=plots.LEGEND_SIZE,
        frameon=False,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.12),
        ncols=2,
    )
    return figure


def render(run: RawRun) -> list[Block]:
    title = Heading("Scaling with the count, in process")
    data = run.in_process
    if data is None or not data.results:
        return [title, *not_measured("the in-process sweep", layout.SWEEP)]
    by_name = series(data)
    fits = {name: fit(results) for name, results in by_name.items()}
    names = list(by_name)
    rows = []
    for count in data.counts():
        base = data.get(BASELINE, count)
        cells = []
        for name in names:
            result = data.get(name, count)
            if result is None:
                cells.append("–")
            elif base is None or name == BASELINE:
                cells.append(fmt.duration(result.median))
            else:
                cells.append(
                    f"{fmt.duration(result.median)} ({fmt.speedup(base.median / result.median)})"
                )
        rows.append((fmt.count(count), *cells))
    exponents = tuple("–" if fits[n] is None else f"{fits[n].exponent:.2f}" for n in names)  # type: ignore[union-attr]
    rows.append(("fitted exponent", *exponents))
    return [
        title,
        Paragraph(
            "The talk measured one count. Time per call over a sweep of counts shows how each "
            "implementation scales. The naive algorithm divides each new prime by every prime "
            "before it, so its work grows roughly as n²; compiling it changes the constant "
            "factor, and the fitted exponents show whether it changes anything else."
        ),
        _figure(by_name, fits, Lineup.of_sweep(data)),
        Paragraph(
            f"Medians per call; in brackets, how many times faster than `{BASELINE}` at the same "
            f"count. Raw data: [`{'pytest-benchmark.json'}`](raw/pytest-benchmark.json)."
        ),
        Table(("count", *(f"`{n}`" for n in names)), tuple(rows)),
    ]
