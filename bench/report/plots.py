"""matplotlib, set up to write the same SVG bytes for the same data (no dates, fixed ids)."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # after use(): the backend must be chosen first
from matplotlib.figure import Figure

from bench.report import document
from bench.report.lineup import Lineup

#: Colour says the language, marker and line style say the algorithm, so a grid of languages
#: by algorithms stays readable on one plot. Known languages' colours; others get _FALLBACK's.
LANGUAGE_COLOURS = {
    "pure": "#3776ab",
    "cython": "#e0a100",
    "rust": "#b7410e",
    "c": "#555555",
    # The alternatives to a rewrite: none of _FALLBACK's colours, so a new language's differs.
    "numba": "#00838f",
    "mypyc": "#6a3d9a",
    # Cython's family, darker: next to the typed one, what the types buy.
    "cython-untyped": "#7a5200",
}
ALGORITHM_STYLES = {
    "naive": ("o", "-"),
    "naive-simd": ("*", "-"),
    "trial": ("s", "--"),
    "sieve": ("^", ":"),
}
_FALLBACK = ("#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22")
_MARKERS = ("D", "v", "P", "X", "h", "p")
#: Languages drawn with hollow, larger markers and a wider, paler line, so that where their
#: points land on another language's (Cython's and Rust's often coincide) both stay visible.
HOLLOW_LANGUAGES = frozenset({"cython"})
#: Languages whose points land on Cython's and Rust's too (numba-naive's time is theirs), drawn
#: as crosses on top, whatever the algorithm: a cross stays visible inside a ring or a disc.
OVERLAY_MARKERS = {"numba": "x"}

#: Text sizes (points) chosen so a plot scaled down to a phone's width stays readable.
FONT_SIZE = 13
LEGEND_SIZE = 11


def new_figure(width: float = 8.0, height: float = 5.0) -> Figure:
    plt.rcParams["svg.hashsalt"] = "primes-report"
    plt.rcParams["font.size"] = FONT_SIZE
    figure: Figure = plt.figure(figsize=(width, height))
    return figure


class Palette:
    """Colour, marker and line style of each implementation of one plot, given in plotting
    order. Colour says the language: a language without one in LANGUAGE_COLOURS takes a spare
    colour, the same for all its implementations. Marker and line say the algorithm; peers
    (outside the languages, see `Lineup`) and unknown algorithms get markers of their own."""

    def __init__(self, lineup: Lineup, names: Sequence[str]) -> None:
        self._lineup = lineup
        self._index = {name: index for index, name in enumerate(names)}
        first: dict[str, int] = {}
        for index, name in enumerate(names):
            first.setdefault(lineup.language(name), index)
        self._colours = {
            language: LANGUAGE_COLOURS.get(language, _FALLBACK[index % len(_FALLBACK)])
            for language, index in first.items()
        }

    def colour(self, name: str) -> str:
        return self._colours[self._lineup.language(name)]

    def _style(self, name: str) -> tuple[str, str] | None:
        if self._lineup.is_peer(name):
            return None
        return ALGORITHM_STYLES.get(self._lineup.algorithm(name))

    def marker(self, name: str) -> str:
        overlay = OVERLAY_MARKERS.get(self._lineup.language(name))
        if overlay is not None:
            return overlay
        style = self._style(name)
        return style[0] if style else _MARKERS[self._index[name] % len(_MARKERS)]

    def line_style(self, name: str) -> str:
        style = self._style(name)
        return style[1] if style else "-."

    def hollow(self, name: str) -> bool:
        return self._lineup.language(name) in HOLLOW_LANGUAGES


def label(text: str) -> str:
    """Inline Markdown as plain text for a matplotlib label: code spans lose their backticks
    (matplotlib would print them), and `$` is escaped so it is not read as mathtext."""
    return re.sub(r"`([^`]*)`", r"\1", text).replace("$", r"\$")


def block(figure: Figure, name: str, alt: str, caption: str) -> document.Figure:
    """The finished plot as a report block: the house style (no top or right frame), rendered
    to SVG as plots/<name>.svg, and closed."""
    for axes in figure.axes:
        axes.spines[["top", "right"]].set_visible(False)
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(figure)
    return document.Figure(name, buffer.getvalue(), alt, caption)
