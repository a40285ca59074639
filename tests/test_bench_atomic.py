"""A run's results replace the old ones all at once, or not at all."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))  # `bench` lives at the repository root

from bench import atomic, driver  # noqa: E402
from bench.config import RunConfig, Tools  # noqa: E402
from bench.progress import NullReporter  # noqa: E402
from bench.raw.manifest import StudyRecord  # noqa: E402
from bench.studies.base import StudyContext  # noqa: E402


def _tree(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): path.read_text()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def previous(tmp_path: Path) -> Path:
    """A results directory from an earlier run, plus a neighbour that is not ours."""
    out = tmp_path / "results"
    (out / "raw").mkdir(parents=True)
    (out / "raw" / "old.json").write_text("old raw")
    (out / "REPORT.md").write_text("old report")
    (out / "annotate").mkdir()
    (out / "annotate" / "index.html").write_text("someone else's")
    return out


def _stage(stage: Path) -> None:
    (stage / "raw").mkdir()
    (stage / "raw" / "new.json").write_text("new raw")
    (stage / "REPORT.md").write_text("new report")


def test_install_swaps_our_entries_and_leaves_the_rest(previous: Path) -> None:
    with atomic.staging(previous) as stage:
        _stage(stage)
        atomic.install(stage, previous, ["raw", "REPORT.md"])
    assert _tree(previous) == {
        "REPORT.md": "new report",
        "annotate/index.html": "someone else's",
        "raw/new.json": "new raw",
    }


def test_a_failing_swap_puts_everything_back(
    previous: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _tree(previous)
    real_replace = Path.replace
    moves = []

    def flaky_replace(self: Path, target: Path) -> Path:
        moves.append(self)
        if len(moves) == 3:  # after raw is swapped, while moving the old REPORT.md aside
            raise OSError("disk full")
        return real_replace(self, target)

    monkeypatch.setattr(Path, "replace", flaky_replace)
    with pytest.raises(OSError, match="disk full"), atomic.staging(previous) as stage:
        _stage(stage)
        atomic.install(stage, previous, ["raw", "REPORT.md"])
    assert _tree(previous) == before
    assert [p.name for p in previous.iterdir() if p.name.startswith(".bench-staging")] == []


def test_install_refuses_a_missing_entry(previous: Path) -> None:
    before = _tree(previous)
    with pytest.raises(FileNotFoundError, match=r"plots"), atomic.staging(previous) as stage:
        _stage(stage)
        atomic.install(stage, previous, ["raw", "REPORT.md", "plots"])
    assert _tree(previous) == before


def test_ctrl_c_during_the_swap_waits_for_the_swap(previous: Path) -> None:
    with pytest.raises(KeyboardInterrupt), atomic.interrupts_deferred():
        os.kill(os.getpid(), signal.SIGINT)
        (previous / "REPORT.md").write_text("written after the signal")
    assert (previous / "REPORT.md").read_text() == "written after the signal"


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
    previous: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _tree(previous)
    monkeypatch.setattr(driver, "by_name", lambda name: _Interrupted())
    with pytest.raises(KeyboardInterrupt):
        driver.run(_config("interrupted"), previous, NullReporter(), ["test"])
    assert _tree(previous) == before
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
