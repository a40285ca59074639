"""The start-up vs work figure draws shares as they are: each bar is 100% of its whole process
on a linear axis, its grey part the n = 0 run's share, and every row is labelled the same way.
The expected shares come from the committed raw hyperfine file, read here with json."""

from __future__ import annotations

import json
import statistics

import pytest
from committed_run import raw_dir
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from bench.raw import layout
from bench.report import document, plots
from bench.report.rawrun import RawRun
from bench.report.sections import split

SPLIT_JSON = raw_dir() / "hyperfine" / f"{layout.SPLIT}.json"


def _medians() -> dict[str, float]:
    results = json.loads(SPLIT_JSON.read_text(encoding="utf-8"))["results"]
    return {r["command"].split("--impl ")[1]: statistics.median(r["times"]) for r in results}


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> Figure:
    if not SPLIT_JSON.exists():
        pytest.skip("no published run with a start-up vs work study")
    found: list[Figure] = []
    real = plots.block

    def keep(figure: Figure, name: str, alt: str, caption: str) -> document.Figure:
        found.append(figure)
        return real(figure, name, alt, caption)

    monkeypatch.setattr(plots, "block", keep)
    split.render(RawRun(raw_dir()))
    assert len(found) == 1
    return found[0]


def test_each_bar_is_its_whole_process_and_grey_is_the_n0_share(drawn: Figure) -> None:
    axes = drawn.axes[0]
    assert axes.get_xscale() == "linear"
    assert axes.get_xlim() == (0, 100)
    names = [label.get_text() for label in axes.get_yticklabels()]
    bars = [patch for patch in axes.patches if isinstance(patch, Rectangle)]
    grey, red = bars[: len(names)], bars[len(names) :]
    medians = _medians()
    for name, fixed, work in zip(names, grey, red, strict=True):
        zero, whole = medians[f"{name} 0"], medians[f"{name} 5000"]
        share = zero / whole if whole > zero else 1.0
        assert fixed.get_width() == pytest.approx(share * 100)
        assert fixed.get_width() + work.get_width() == pytest.approx(100)
    # numba's start-up is about half its process, not the 70% a log axis drew.
    numba = names.index("numba-naive")
    assert 40 < grey[numba].get_width() < 55


def test_every_row_is_labelled_with_both_parts(drawn: Figure) -> None:
    axes = drawn.axes[0]
    labels = [text.get_text() for text in axes.texts]
    assert len(labels) == len(axes.get_yticklabels())
    medians = _medians()
    for name, label in zip([t.get_text() for t in axes.get_yticklabels()], labels, strict=True):
        fixed = medians[f"{name} 0"] * 1e3
        assert label.startswith(f" {fixed:.1f} ms + "), label
        assert label.endswith((" ms", "below the noise")), label
