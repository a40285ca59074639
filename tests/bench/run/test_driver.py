"""A run's results replace the old ones only when the whole run completed."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from bench.progress import NullReporter
from bench.raw.manifest import StudyRecord
from bench.run import driver
from bench.studies.base import StudyContext
from bench.studies.config import RunConfig, Tools

#: The `tree` fixture (conftest.py): every file under a directory, with its text.
Tree = Callable[[Path], dict[str, str]]


class _Interrupted:
    """A study that writes some raw data, then is interrupted by Ctrl-C."""

    name = "interrupted"
    title = "interrupted"

    def run(self, ctx: StudyContext) -> StudyRecord:
        (ctx.raw / "half.json").write_text("{}")
        raise KeyboardInterrupt


class _Nothing:
    name = "nothing"
    title = "measures nothing"

    def run(self, ctx: StudyContext) -> StudyRecord:
        return StudyRecord(self.name, self.title, notes=["nothing to see"])


def _config(study: str) -> RunConfig:
    python = Path(sys.executable)
    return RunConfig(
        implementations=("rust-naive",),
        quick=True,
        studies=(study,),
        tools=Tools(python, python.parent, Path("/nonexistent/hyperfine")),
    )


def test_an_interrupted_run_leaves_the_previous_results(
    previous: Path, monkeypatch: pytest.MonkeyPatch, tree: Tree
) -> None:
    before = tree(previous)
    monkeypatch.setattr(driver, "by_name", lambda name: _Interrupted())
    with pytest.raises(KeyboardInterrupt):
        driver.run(_config("interrupted"), previous, NullReporter(), ["test"])
    assert tree(previous) == before
    assert sorted(p.name for p in previous.iterdir()) == ["REPORT.md", "annotate", "raw"]


def test_a_completed_run_replaces_them(previous: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(driver, "by_name", lambda name: _Nothing())
    outcome = driver.run(_config("nothing"), previous, NullReporter(), ["test"])
    assert outcome.raw == previous / "raw"
    assert sorted(p.name for p in previous.iterdir()) == [
        "REPORT.md",
        "annotate",
        "plots",
        "raw",
        "report.html",
    ]
    assert sorted(p.name for p in outcome.raw.iterdir()) == [
        "correctness.json",
        "environment.json",
        "manifest.json",
    ]
    report = (previous / "REPORT.md").read_text()
    assert "Not measured in this run" in report
    assert "nothing: nothing to see" in report
    assert (previous / "annotate" / "index.html").read_text() == "someone else's"
