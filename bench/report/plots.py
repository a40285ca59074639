"""matplotlib, set up to write the same SVG bytes for the same data (no dates, fixed ids)."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # after use(): the backend must be chosen first
from matplotlib.figure import Figure

#: One colour per language, so an implementation keeps its colour across plots.
LANGUAGE_COLOURS = {"pure": "#3776ab", "cython": "#e0a100", "rust": "#b7410e", "c": "#555555"}
_FALLBACK = ("#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22")
_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")


def new_figure(width: float = 8.0, height: float = 5.0) -> Figure:
    plt.rcParams["svg.hashsalt"] = "primes-report"
    plt.rcParams["font.size"] = 10
    figure: Figure = plt.figure(figsize=(width, height))
    return figure


def colour(implementation: str, index: int) -> str:
    language = implementation.split("-", 1)[0]
    algorithm = implementation.split("-", 1)[-1]
    if algorithm == "naive" and language in LANGUAGE_COLOURS:
        return LANGUAGE_COLOURS[language]
    return _FALLBACK[index % len(_FALLBACK)]


def marker(index: int) -> str:
    return _MARKERS[index % len(_MARKERS)]


def to_svg(figure: Figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(figure)
    return buffer.getvalue()
