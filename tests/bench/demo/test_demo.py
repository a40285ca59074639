"""`make demo` without timing anything: its commands are the slides' and they work from the repo."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from bench.demo import walkthrough
from bench.demo.results import print_results
from bench.paths import HYPERFINE, REPO

# The commands as the slides print them.
SLIDE_COMMANDS = (
    "hyperfine --warmup 1 '.venv/bin/primes 5000' '.venv/bin/primes-fast 5000'",
    "hyperfine --warmup 1 'primes-fast-rust 5000' 'primes-fast-cython 5000'",
)


@pytest.fixture(scope="module")
def demo() -> ModuleType:
    return walkthrough


def test_the_slides_commands_are_run_verbatim(demo: ModuleType) -> None:
    commands = [step.command for step in demo.steps() if step.command]
    for slide in SLIDE_COMMANDS:
        assert slide in commands


def test_every_command_resolves_from_the_repository(demo: ModuleType) -> None:
    """Each program a step runs, and each command hyperfine times, exists with the demo's PATH."""
    path = demo.child_env()["PATH"]
    for step in demo.steps():
        if not step.command:
            continue
        argv = shlex.split(step.command)
        programs = [shlex.split(timed)[0] for timed in argv[1:] if " " in timed]
        if argv[0] != "hyperfine":
            programs = [argv[0]]
        for program in programs:
            found = shutil.which(program, path=path) if "/" not in program else program
            assert found and (REPO / found).exists(), f"{step.title}: {program} not found"


def test_hyperfine_is_the_pinned_copy(demo: ModuleType) -> None:
    argv = demo.argv_for(SLIDE_COMMANDS[0], runs=3)
    assert argv[0] == str(HYPERFINE)
    assert HYPERFINE == REPO / ".tools" / "bin" / "hyperfine"
    assert argv[1:3] == ["--runs", "3"]


def test_pause_without_a_terminal_runs_straight_through() -> None:
    """As in CI: stdin is not a terminal, so --pause must not wait for Enter."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.demo", "--pause", "--dry-run"],
        cwd=REPO,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "running straight through" in done.stdout
    for slide in SLIDE_COMMANDS:
        assert slide in done.stdout


def _results_text(results: Path) -> str:
    from io import StringIO

    from rich.console import Console

    out = StringIO()
    print_results(results, Console(file=out, width=150))
    return out.getvalue()


def test_the_results_step_says_when_nothing_was_recorded(tmp_path: Path) -> None:
    text = _results_text(tmp_path)
    assert "Not available yet" in text
    assert "make bench" in text


def test_the_results_step_shows_the_recorded_run() -> None:
    results = REPO / "results"
    if not (results / "raw" / "manifest.json").exists():
        pytest.skip("results/raw/ holds no run yet (make bench records one)")
    text = _results_text(results)
    # The talk's figures, quoted, beside this repository's.
    for figure in ("411.3", "33.2", "37.0", "38.1"):
        assert figure in text
    assert "this run: median" in text


COMMITTED = REPO / "results" / "raw"


def _results_step(results: Path) -> subprocess.CompletedProcess[str]:
    """The demo's last step alone, as `make demo ARGS='--step 6'` runs it: nothing is timed."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.demo",
            "--step",
            str(len(walkthrough.steps())),
            "--results",
            str(results),
        ],
        cwd=REPO,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.skipif(not (COMMITTED / "manifest.json").exists(), reason="no committed run yet")
@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("manifest.json", b'{"format": 1, "mo', "not JSON (Input data was truncated)"),
        (
            "threads.json",
            b"\x00garbage",
            "not JSON (JSON is malformed: invalid character (byte 0))",
        ),
        ("environment.json", b'{"cpu": "AMD"}', "Expected `object`, got `str` - at `$.cpu`"),
    ],
)
def test_a_damaged_raw_file_stops_the_results_step_in_one_line(
    tmp_path: Path, name: str, content: bytes, problem: str
) -> None:
    shutil.copytree(COMMITTED, tmp_path / "raw")
    (tmp_path / "raw" / name).write_bytes(content)
    done = _results_step(tmp_path)
    assert done.returncode == 1
    assert done.stderr == f"demo: cannot read {tmp_path / 'raw' / name}: {problem}\n"
    # Everything is read before anything is printed: no half table above the error.
    assert "Recorded in" not in done.stdout


@pytest.mark.skipif(not (COMMITTED / "manifest.json").exists(), reason="no committed run yet")
def test_the_results_step_runs_alone(tmp_path: Path) -> None:
    shutil.copytree(COMMITTED, tmp_path / "raw")
    done = _results_step(tmp_path)
    assert done.returncode == 0, done.stderr
    last = len(walkthrough.steps())
    assert f"Step {last}/{last}: This repository's measurements" in done.stdout
    assert "this run: median" in done.stdout
    assert "Step 1/" not in done.stdout


def test_a_step_that_does_not_exist_is_a_usage_error() -> None:
    with pytest.raises(SystemExit) as caught:
        walkthrough.main(["--step", "0", "--dry-run"])
    assert caught.value.code == 2
