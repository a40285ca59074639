"""matplotlib, set up to write the same SVG bytes for the same data (no dates, fixed ids)."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # after use(): the backend must be chosen first
from matplotlib.figure import Figure

#: Colour says the language, marker and line style say the algorithm, so a 3 x 3 grid of
#: implementations stays readable on one plot.
LANGUAGE_COLOURS = {"pure": "#3776ab", "cython": "#e0a100", "rust": "#b7410e", "c": "#555555"}
ALGORITHM_STYLES = {
    "naive": ("o", "-"),
    "naive-simd": ("*", "-"),
    "trial": ("s", "--"),
    "sieve": ("^", ":"),
}
_FALLBACK = ("#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22")
_MARKERS = ("D", "v", "P", "X", "h", "p")


def new_figure(width: float = 8.0, height: float = 5.0) -> Figure:
    plt.rcParams["svg.hashsalt"] = "primes-report"
    plt.rcParams["font.size"] = 10
    figure: Figure = plt.figure(figsize=(width, height))
    return figure


def _split(implementation: str) -> tuple[str, str]:
    language, _, algorithm = implementation.partition("-")
    return language, algorithm


def colour(implementation: str, index: int) -> str:
    """The implementation's language colour; peers outside the three languages get their own."""
    language, _ = _split(implementation)
    return LANGUAGE_COLOURS.get(language, _FALLBACK[index % len(_FALLBACK)])


def marker(implementation: str, index: int) -> str:
    language, algorithm = _split(implementation)
    if language in LANGUAGE_COLOURS and algorithm in ALGORITHM_STYLES:
        return ALGORITHM_STYLES[algorithm][0]
    return _MARKERS[index % len(_MARKERS)]


def line_style(implementation: str) -> str:
    language, algorithm = _split(implementation)
    if language in LANGUAGE_COLOURS and algorithm in ALGORITHM_STYLES:
        return ALGORITHM_STYLES[algorithm][1]
    return "-."


def to_svg(figure: Figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(figure)
    return buffer.getvalue()
