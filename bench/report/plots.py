"""matplotlib, set up to write the same SVG bytes for the same data (no dates, fixed ids)."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING

from bench import algorithms
from bench.report import document
from bench.report.lineup import Lineup

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: Markers for the peers (outside the languages, see `Lineup`), one each in plotting order, so
#: none is mistaken for one of the algorithms' (bench/algorithms.py).
_PEER_MARKERS = ("v", "P", "X", "h", "p")
#: Languages drawn with hollow, larger markers and a wider, paler line, so that where their
#: points land on another language's (Cython's and Rust's often coincide) both stay visible.
HOLLOW_LANGUAGES = frozenset({"cython"})
#: Languages whose points land on Cython's and Rust's too (numba-naive's time is theirs), drawn
#: as crosses on top, whatever the algorithm: a cross stays visible inside a ring or a disc.
OVERLAY_MARKERS = {"numba": "x"}

#: Text sizes (points) chosen so a plot scaled down to a phone's width stays readable.
FONT_SIZE = 13
LEGEND_SIZE = 11


@cache
def _pyplot() -> ModuleType:
    # Loaded on the first plot, not on import: pyplot costs ~0.7 s, and every `python -m bench`
    # imports the report (for its terminal summary) though most never draw.
    import matplotlib

    matplotlib.use("Agg")  # before pyplot: the backend must be chosen first
    import matplotlib.pyplot as plt

    return plt


def new_figure(width: float = 8.0, height: float = 5.0) -> Figure:
    plt = _pyplot()
    plt.rcParams["svg.hashsalt"] = "primes-report"
    plt.rcParams["font.size"] = FONT_SIZE
    figure: Figure = plt.figure(figsize=(width, height))
    return figure


class Palette:
    """Colour, marker and line style of each implementation of one plot, given in plotting
    order. Colour says the language, marker and line the algorithm, both from
    bench/algorithms.py (a language or algorithm missing there raises `UnknownKind`); peers
    (outside the languages, see `Lineup`) get markers of their own."""

    def __init__(self, lineup: Lineup, names: Sequence[str]) -> None:
        self._lineup = lineup
        peers = [name for name in names if lineup.is_peer(name)]
        self._peer_markers = {
            name: _PEER_MARKERS[index % len(_PEER_MARKERS)] for index, name in enumerate(peers)
        }
        for name in names:  # every unknown kind fails here, before anything is drawn
            algorithms.language(lineup.language(name))
            algorithms.algorithm(lineup.algorithm(name))

    def colour(self, name: str) -> str:
        return algorithms.language(self._lineup.language(name)).colour

    def marker(self, name: str) -> str:
        overlay = OVERLAY_MARKERS.get(self._lineup.language(name))
        if overlay is not None:
            return overlay
        if name in self._peer_markers:
            return self._peer_markers[name]
        return algorithms.algorithm(self._lineup.algorithm(name)).marker

    def line_style(self, name: str) -> str:
        if name in self._peer_markers:
            return "-."
        return algorithms.algorithm(self._lineup.algorithm(name)).line

    def hollow(self, name: str) -> bool:
        return self._lineup.language(name) in HOLLOW_LANGUAGES


def label(text: str) -> str:
    """Inline Markdown as plain text for a matplotlib label: code spans lose their backticks
    (matplotlib would print them), and `$` is escaped so it is not read as mathtext."""
    return re.sub(r"`([^`]*)`", r"\1", text).replace("$", r"\$")


def block(name: str, alt: str, caption: str, draw: Callable[[], Figure]) -> document.Figure:
    """A plot as a report block, drawn when a renderer first needs its picture: `draw`
    builds the matplotlib figure, which gets the house style (no top or right frame), is
    rendered to SVG as plots/<name>.svg, and closed. Whatever can refuse the plot's data (a
    `Palette` of an unknown kind) is checked before, by the caller, not when it is drawn."""

    def svg() -> str:
        figure = draw()
        for axes in figure.axes:
            axes.spines[["top", "right"]].set_visible(False)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
        _pyplot().close(figure)
        return buffer.getvalue()

    return document.Figure(name, alt, caption, svg)
