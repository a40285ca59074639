"""A run's results replace the old ones only when the whole run completed."""

from __future__ import annotations

import copy
import errno
import functools
import io
import os
import shutil
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest
from rich.console import Console

from bench import environment, staging
from bench.progress import NullReporter
from bench.raw.manifest import Manifest, StudyRecord
from bench.run import cli, driver, lock, space
from bench.run.errors import RunRefused
from bench.studies.base import StudyContext
from bench.studies.config import RunConfig, Tools
from bench.timers.errors import MeasurementError

#: The `tree` fixture (conftest.py): every file under a directory, with its text.
Tree = Callable[[Path], dict[str, str]]

_collected = functools.cache(environment.collect)


@pytest.fixture(autouse=True)
def _machine_described_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every run here writes environment.json, which none of these tests reads: the machine is
    described once for the module (py-cpuinfo's child, rustc, git: 0.4 s a run), each run
    getting its own copy of that description."""
    monkeypatch.setattr(environment, "collect", lambda *args: copy.deepcopy(_collected(*args)))


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


class _Counted(_Nothing):
    """Measures nothing, and counts how often it was asked to."""

    runs = 0

    def run(self, ctx: StudyContext) -> StudyRecord:
        _Counted.runs += 1
        return super().run(ctx)


@pytest.fixture
def nothing(monkeypatch: pytest.MonkeyPatch) -> type[_Counted]:
    """A run of one study that measures nothing, without the tool checks."""
    _Counted.runs = 0
    monkeypatch.setattr(driver, "by_name", lambda name: _Counted())
    monkeypatch.setattr(driver, "preflight", lambda config: None)
    return _Counted


def _main(out: Path) -> tuple[int, list[str]]:
    """`python -m bench` as the command line runs it, and the lines it printed."""
    text = io.StringIO()
    status = cli._run(Console(file=text, width=80), _config("nothing"), out, ["test"])
    return status, text.getvalue().splitlines()


def _last_line_leaving_it_unchanged(out: Path, tree: Tree, status: int) -> str:
    """The last line `_main(out)` printed, once it ended with `status` and left `out` as it
    was: every file, and no staging directory."""
    before = tree(out)
    ended, lines = _main(out)
    assert ended == status, lines
    assert tree(out) == before
    assert sorted(p.name for p in out.iterdir()) == ["REPORT.md", "annotate", "raw"]
    return lines[-1]


def test_a_killed_runs_staging_is_removed_by_the_next_run(
    previous: Path, nothing: type[_Counted]
) -> None:
    killed = previous / f"{staging.PREFIX}k1ll3d"
    (killed / "raw").mkdir(parents=True)
    reporter = NullReporter()
    driver.run(_config("nothing"), previous, reporter, ["test"])
    assert [p.name for p in previous.iterdir() if p.name.startswith(".bench")] == []
    assert f"bench: removed {killed.name}, the staging directory of a run that was killed" in (
        reporter.messages
    )


def test_ctrl_c_in_the_swap_says_the_results_were_installed(
    previous: Path, nothing: type[_Counted], monkeypatch: pytest.MonkeyPatch
) -> None:
    real_replace = Path.replace

    def replace_with_ctrl_c(self: Path, target: Path) -> Path:
        if Path(target).parent == previous:  # the swap: Ctrl-C is held back until it is done
            os.kill(os.getpid(), signal.SIGINT)
        return real_replace(self, target)

    monkeypatch.setattr(Path, "replace", replace_with_ctrl_c)
    status, lines = _main(previous)
    assert status == 130
    assert lines[-1] == f"interrupted after the new results were installed in {previous}."
    assert "Not measured in this run" in (previous / "REPORT.md").read_text()


def _swap_interrupted(*args: object, **kwargs: object) -> None:
    raise staging.SwapInterrupted(installed=False)


def _disk_full(self: Manifest, raw_dir: Path) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(raw_dir / "manifest.json"))


@pytest.mark.parametrize(
    ("owner", "name", "failing", "status", "said"),
    [
        pytest.param(
            staging,
            "install",
            _swap_interrupted,
            130,
            "interrupted; {previous} is unchanged.",
            id="ctrl-c stops the swap",
        ),
        pytest.param(
            Manifest,
            "write",
            _disk_full,
            1,
            "bench: cannot write results to {previous}: No space left on device",
            id="the disk is full",
        ),
    ],
)
def test_a_run_stopped_before_the_swap_says_so_in_one_line_and_changes_nothing(
    previous: Path,
    nothing: type[_Counted],
    monkeypatch: pytest.MonkeyPatch,
    tree: Tree,
    owner: object,
    name: str,
    failing: Callable[..., None],
    status: int,
    said: str,
) -> None:
    monkeypatch.setattr(owner, name, failing)
    last = _last_line_leaving_it_unchanged(previous, tree, status)
    assert last == said.format(previous=previous)


def test_ctrl_c_after_the_swap_says_installed(
    previous: Path, nothing: type[_Counted], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The interrupt lands after the swap, while the staging directory is being removed."""
    real_rmtree = shutil.rmtree

    def rmtree_interrupted(path: Path, *args: object, **kwargs: object) -> None:
        real_rmtree(path, *args, **kwargs)  # type: ignore[arg-type]
        if Path(path).name.startswith(staging.PREFIX):
            raise KeyboardInterrupt

    monkeypatch.setattr(shutil, "rmtree", rmtree_interrupted)
    status, lines = _main(previous)
    assert status == 130
    assert lines[-1] == f"interrupted after the new results were installed in {previous}."


def test_an_unrelated_os_error_keeps_its_traceback(
    previous: Path, nothing: type[_Counted], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: Manifest, raw_dir: Path) -> None:
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))

    monkeypatch.setattr(Manifest, "write", broken)
    with pytest.raises(OSError, match="Bad file descriptor"):
        _main(previous)


class _Usage(NamedTuple):
    total: int
    used: int
    free: int


def test_too_little_free_space_is_refused_before_measuring(
    previous: Path, nothing: type[_Counted], monkeypatch: pytest.MonkeyPatch, tree: Tree
) -> None:
    monkeypatch.setattr(shutil, "disk_usage", lambda path: _Usage(10**9, 10**9 - 300_000, 300_000))
    last = _last_line_leaving_it_unchanged(previous, tree, 1)
    assert last == (
        f"bench: not enough free space in {previous}: 293 KB free, "
        f"a quick run needs about {space.NEEDED['quick'] / 2**20:.1f} MB"
    )
    assert nothing.runs == 0


def test_enough_free_space_is_not_refused(
    previous: Path, nothing: type[_Counted], monkeypatch: pytest.MonkeyPatch
) -> None:
    free = space.NEEDED["quick"]
    monkeypatch.setattr(shutil, "disk_usage", lambda path: _Usage(10**9, 10**9 - free, free))
    driver.run(_config("nothing"), previous, NullReporter(), ["test"])
    assert nothing.runs == 1


def test_a_run_into_a_locked_directory_is_refused(
    previous: Path, nothing: type[_Counted], tree: Tree
) -> None:
    before = tree(previous)
    with lock.held(previous, ["the first run"], print):
        status, lines = _main(previous)
        with pytest.raises(RunRefused, match=f"pid {os.getpid()} "):
            driver.run(_config("nothing"), previous, NullReporter(), ["test"])
    assert status == 1
    assert lines[-1].startswith(f"bench: {previous} is in use by another run: pid {os.getpid()} ")
    assert nothing.runs == 0
    assert tree(previous) == before


class _FullDiskTool:
    """A study whose tool (hyperfine here) failed to write its export on a full disk."""

    name = "nothing"
    title = "fails"

    def run(self, ctx: StudyContext) -> StudyRecord:
        raise MeasurementError(
            "hyperfine exited with status 1: Error: Failed to export results to "
            f"'{ctx.raw}/hyperfine/talk.json': No space left on device (os error 28)"
        )


def test_a_tool_failing_on_a_full_disk_ends_in_the_same_line(
    previous: Path, nothing: type[_Counted], monkeypatch: pytest.MonkeyPatch, tree: Tree
) -> None:
    monkeypatch.setattr(driver, "by_name", lambda name: _FullDiskTool())
    last = _last_line_leaving_it_unchanged(previous, tree, 1)
    assert last == f"bench: cannot write results to {previous}: No space left on device"


def test_a_refused_run_leaves_no_directory_behind(
    tmp_path: Path, nothing: type[_Counted], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shutil, "disk_usage", lambda path: _Usage(10**9, 10**9, 0))
    with pytest.raises(RunRefused, match="0 KB free"):
        driver.run(_config("nothing"), tmp_path / "new", NullReporter(), ["test"])
    assert list(tmp_path.iterdir()) == []


def test_the_notes_about_a_killed_run_are_one_line_each(
    previous: Path, nothing: type[_Counted]
) -> None:
    killed = previous / f"{staging.PREFIX}k1ll3d"
    killed.mkdir()
    (previous / lock.NAME).write_text(
        '{"pid": 1, "host": "elsewhere", "started": "x", "command": "y"}'
    )
    status, lines = _main(previous)
    assert status == 0
    assert (
        f"bench: took over a stale lock on {previous} from pid 1 on elsewhere, started x (`y`): "
        "it no longer holds it"
    ) in lines
    assert f"bench: removed {killed.name}, the staging directory of a run that was killed" in lines
