"""The alternatives to a rewrite stay legible on the plots beside the talk's languages."""

from __future__ import annotations

from bench import algorithms
from bench.report import plots
from bench.report.lineup import Kind, Lineup

NAIVE = {
    f"{language}-naive": Kind(language, "naive")
    for language in ("pure", "cython", "rust", "numba", "mypyc", "cython-untyped")
}


def test_every_language_has_its_own_colour() -> None:
    palette = plots.Palette(Lineup(NAIVE), list(NAIVE))
    assert len({palette.colour(name) for name in NAIVE}) == len(NAIVE)
    colours = [language.colour for language in algorithms.LANGUAGES.values()]
    assert len(set(colours)) == len(colours), colours


def test_numba_draws_crosses_over_the_rings_and_discs_it_coincides_with() -> None:
    palette = plots.Palette(Lineup(NAIVE), list(NAIVE))
    assert palette.marker("numba-naive") == "x"
    assert palette.marker("rust-naive") == palette.marker("cython-naive") != "x"
    assert palette.hollow("cython-naive") and not palette.hollow("numba-naive")
