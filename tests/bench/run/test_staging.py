"""A run's results replace the old ones all at once, or not at all."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from bench import staging
from bench.paths import REPO

#: The `tree` fixture (conftest.py): every file under a directory, with its text.
Tree = Callable[[Path], dict[str, str]]


def _stage(stage: Path) -> None:
    (stage / "raw").mkdir()
    (stage / "raw" / "new.json").write_text("new raw")
    (stage / "REPORT.md").write_text("new report")


def _install_new(previous: Path) -> None:
    with staging.workspace(previous) as stage:
        _stage(stage)
        staging.install(stage, previous, ["raw", "REPORT.md"])


#: `previous` once the new run is installed: its raw/ and REPORT.md, the rest left alone.
INSTALLED = {
    "REPORT.md": "new report",
    "annotate/index.html": "someone else's",
    "raw/new.json": "new raw",
}


def _third_move_raises(monkeypatch: pytest.MonkeyPatch, error: BaseException) -> None:
    """Path.replace raises `error` at its third move: after raw is swapped, while moving the
    old REPORT.md aside."""
    real_replace = Path.replace
    moves = []

    def replace(self: Path, target: Path) -> Path:
        moves.append(self)
        if len(moves) == 3:
            raise error
        return real_replace(self, target)

    monkeypatch.setattr(Path, "replace", replace)


def _no_staging_left(previous: Path) -> bool:
    return not [p for p in previous.iterdir() if p.name.startswith(staging.PREFIX)]


def test_install_swaps_our_entries_and_leaves_the_rest(previous: Path, tree: Tree) -> None:
    _install_new(previous)
    assert tree(previous) == INSTALLED


def test_a_failing_swap_puts_everything_back(
    previous: Path, monkeypatch: pytest.MonkeyPatch, tree: Tree
) -> None:
    before = tree(previous)
    _third_move_raises(monkeypatch, OSError("disk full"))
    with pytest.raises(OSError, match="disk full"):
        _install_new(previous)
    assert tree(previous) == before
    assert _no_staging_left(previous)


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


def test_ctrl_c_during_the_swap_is_reported_as_installed(
    previous: Path, monkeypatch: pytest.MonkeyPatch, tree: Tree
) -> None:
    real_replace = Path.replace

    def replace_with_ctrl_c(self: Path, target: Path) -> Path:
        os.kill(os.getpid(), signal.SIGINT)  # held back until the swap is done
        return real_replace(self, target)

    monkeypatch.setattr(Path, "replace", replace_with_ctrl_c)
    with pytest.raises(staging.SwapInterrupted) as interrupted:
        _install_new(previous)
    assert interrupted.value.installed
    assert isinstance(interrupted.value, KeyboardInterrupt)
    assert tree(previous) == INSTALLED


def test_an_interrupt_that_stops_the_swap_is_reported_as_unchanged(
    previous: Path, monkeypatch: pytest.MonkeyPatch, tree: Tree
) -> None:
    before = tree(previous)
    _third_move_raises(monkeypatch, KeyboardInterrupt())
    with pytest.raises(staging.SwapInterrupted) as interrupted:
        _install_new(previous)
    assert not interrupted.value.installed
    assert tree(previous) == before
    assert _no_staging_left(previous)


def test_stale_staging_directories_are_removed(previous: Path, tree: Tree) -> None:
    before = tree(previous)
    killed = previous / f"{staging.PREFIX}abc123"
    (killed / "raw").mkdir(parents=True)
    (killed / "raw" / "half.json").write_text("{}")
    notes: list[str] = []
    staging.clean_stale(previous, notes.append)
    assert not killed.exists()
    assert tree(previous) == before
    assert notes == [
        f"bench: removed {killed.name}, the staging directory of a run that was killed"
    ]


_KILLED_IN_THE_SWAP = """
import os, signal, sys
from pathlib import Path
from bench.paths import REPO
from bench import staging
out, stage, killed_after = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
real_replace, moves = Path.replace, []
def replace_then_die(self, target):
    if len(moves) == killed_after:
        os.kill(os.getpid(), signal.SIGKILL)
    moves.append(self)
    return real_replace(self, target)
Path.replace = replace_then_die
staging.install(stage, out, ["raw", "REPORT.md"])
"""


@pytest.mark.parametrize("killed_after", range(4))
def test_a_swap_cut_short_by_kill_9_is_rolled_back_by_the_next_run(
    previous: Path, tree: Tree, killed_after: int
) -> None:
    """Killed after 0 to 3 of the swap's 4 renames; the next run puts the old results back."""
    before = tree(previous)
    stage = Path(tempfile.mkdtemp(prefix=staging.PREFIX, dir=previous))
    _stage(stage)
    done = subprocess.run(
        [sys.executable, "-c", _KILLED_IN_THE_SWAP, str(previous), str(stage), str(killed_after)],
        cwd=REPO,
        check=False,
    )
    assert done.returncode == -signal.SIGKILL
    assert (stage / staging.JOURNAL).exists()

    notes: list[str] = []
    staging.clean_stale(previous, notes.append)
    assert tree(previous) == before
    assert not stage.exists()
    assert notes[-1] == (
        f"bench: removed {stage.name}, the staging directory of a run that was killed"
    )
    if killed_after:
        assert notes[0].startswith(
            f"bench: a run was killed while installing its results in {previous}: put the "
        )
