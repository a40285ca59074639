"""The start-up vs work figure draws shares as they are: each bar is 100% of its whole process
on a linear axis, its grey part the n = 0 run's share, and every row is labelled the same way.
The run is made up (`fake_run.FakeRun`), so every share is known here: numba's start-up about
half its process (not the 70% a log axis drew), one work below the noise."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fake_run import FakeRun
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from bench.report import document, plots
from bench.report.sections import split

#: Implementation -> (`primes --impl NAME 0`, `... 5000`) medians, seconds.
MEDIANS = {
    "pure-naive": (0.030, 0.400),
    "rust-naive": (0.030, 0.052),
    "numba-naive": (0.050, 0.104),
    "rust-wheel": (0.0305, 0.030),  # n = 0 slower by 1.7%: below the noise
}
#: The grey part of each bar, in percent of its whole process.
SHARES = {"pure-naive": 7.5, "rust-naive": 3000 / 52, "numba-naive": 5000 / 104, "rust-wheel": 100}


@pytest.fixture
def drawn(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Figure:
    found: list[Figure] = []
    real = plots.block

    def keep(name: str, alt: str, caption: str, draw: Callable[[], Figure]) -> document.Figure:
        def drawn() -> Figure:
            found.append(draw())
            return found[-1]

        return real(name, alt, caption, drawn)

    monkeypatch.setattr(plots, "block", keep)
    blocks = split.render(FakeRun(split=MEDIANS).write(tmp_path / "raw"))
    for block in blocks:
        if isinstance(block, document.Figure):
            assert block.svg.startswith("<?xml")
    assert len(found) == 1
    return found[0]


def test_each_bar_is_its_whole_process_and_grey_is_the_n0_share(drawn: Figure) -> None:
    axes = drawn.axes[0]
    assert axes.get_xscale() == "linear"
    assert axes.get_xlim() == (0, 100)
    names = [label.get_text() for label in axes.get_yticklabels()]
    assert sorted(names) == sorted(MEDIANS)
    bars = [patch for patch in axes.patches if isinstance(patch, Rectangle)]
    grey, red = bars[: len(names)], bars[len(names) :]
    for name, fixed, work in zip(names, grey, red, strict=True):
        assert fixed.get_width() == pytest.approx(SHARES[name])
        assert fixed.get_width() + work.get_width() == pytest.approx(100)
    numba = names.index("numba-naive")
    assert 40 < grey[numba].get_width() < 55


def test_every_row_is_labelled_with_both_parts(drawn: Figure) -> None:
    axes = drawn.axes[0]
    labels = [text.get_text() for text in axes.texts]
    assert len(labels) == len(axes.get_yticklabels())
    for name, label in zip([t.get_text() for t in axes.get_yticklabels()], labels, strict=True):
        fixed = MEDIANS[name][0] * 1e3
        assert label.startswith(f" {fixed:.1f} ms + "), label
        assert label.endswith((" ms", "below the noise")), label
    assert labels[[t.get_text() for t in axes.get_yticklabels()].index("rust-wheel")].endswith(
        "below the noise"
    )
