"""A run's results replace the old ones all at once, or not at all."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from pathlib import Path

import pytest

from bench.run import staging

#: The `tree` fixture (conftest.py): every file under a directory, with its text.
Tree = Callable[[Path], dict[str, str]]


def _stage(stage: Path) -> None:
    (stage / "raw").mkdir()
    (stage / "raw" / "new.json").write_text("new raw")
    (stage / "REPORT.md").write_text("new report")


def test_install_swaps_our_entries_and_leaves_the_rest(previous: Path, tree: Tree) -> None:
    with staging.workspace(previous) as stage:
        _stage(stage)
        staging.install(stage, previous, ["raw", "REPORT.md"])
    assert tree(previous) == {
        "REPORT.md": "new report",
        "annotate/index.html": "someone else's",
        "raw/new.json": "new raw",
    }


def test_a_failing_swap_puts_everything_back(
    previous: Path, monkeypatch: pytest.MonkeyPatch, tree: Tree
) -> None:
    before = tree(previous)
    real_replace = Path.replace
    moves = []

    def flaky_replace(self: Path, target: Path) -> Path:
        moves.append(self)
        if len(moves) == 3:  # after raw is swapped, while moving the old REPORT.md aside
            raise OSError("disk full")
        return real_replace(self, target)

    monkeypatch.setattr(Path, "replace", flaky_replace)
    with pytest.raises(OSError, match="disk full"), staging.workspace(previous) as stage:
        _stage(stage)
        staging.install(stage, previous, ["raw", "REPORT.md"])
    assert tree(previous) == before
    assert [p.name for p in previous.iterdir() if p.name.startswith(".bench-staging")] == []


def test_install_refuses_a_missing_entry(previous: Path, tree: Tree) -> None:
    before = tree(previous)
    with pytest.raises(FileNotFoundError, match=r"plots"), staging.workspace(previous) as stage:
        _stage(stage)
        staging.install(stage, previous, ["raw", "REPORT.md", "plots"])
    assert tree(previous) == before


def test_ctrl_c_during_the_swap_waits_for_the_swap(previous: Path) -> None:
    with pytest.raises(KeyboardInterrupt), staging.interrupts_deferred():
        os.kill(os.getpid(), signal.SIGINT)
        (previous / "REPORT.md").write_text("written after the signal")
    assert (previous / "REPORT.md").read_text() == "written after the signal"
