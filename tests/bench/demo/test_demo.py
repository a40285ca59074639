"""`make demo` without timing anything: its commands are the slides' and they work from the repo."""

from __future__ import annotations

import os
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


def _demo(*args: str, timeout: float = 60, check: bool = True) -> subprocess.CompletedProcess[str]:
    """`python -m bench.demo ARGS` as CI runs it: stdin is not a terminal."""
    return subprocess.run(
        [sys.executable, "-m", "bench.demo", *args],
        cwd=REPO,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=check,
    )


def test_pause_without_a_terminal_runs_straight_through() -> None:
    """As in CI: stdin is not a terminal, so --pause must not wait for Enter."""
    done = _demo("--pause", "--dry-run")
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
    results = REPO / "results" / "reference"
    if not (results / "raw" / "manifest.json").exists():
        pytest.skip("results/reference/raw/ holds no run yet (make publish puts one there)")
    text = _results_text(results)
    # The talk's figures, quoted, beside this repository's.
    for figure in ("411.3", "33.2", "37.0", "38.1"):
        assert figure in text
    assert "this run: median" in text


COMMITTED = REPO / "results" / "reference" / "raw"


def _number(title: str) -> int:
    """The step's number, as `--step` takes it."""
    return next(n for n, step in enumerate(walkthrough.steps(), 1) if step.title == title)


RESULTS_STEP = "This repository's measurements"
VERDICT_STEP = "The verdict"


def _results_step(results: Path, title: str = RESULTS_STEP) -> subprocess.CompletedProcess[str]:
    """A step that shows recorded results, alone, as `make demo ARGS='--step 6'` runs it:
    nothing is timed."""
    return _demo("--step", str(_number(title)), "--results", str(results), timeout=300, check=False)


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
    total = len(walkthrough.steps())
    assert f"Step {_number(RESULTS_STEP)}/{total}: {RESULTS_STEP}" in done.stdout
    assert "this run: median" in done.stdout
    assert "Step 1/" not in done.stdout


def test_the_demo_ends_with_the_verdict(tmp_path: Path) -> None:
    """The last step, alone: the report's opening verdict, styled, from the recorded run."""
    total = len(walkthrough.steps())
    assert _number(VERDICT_STEP) == total
    done = _results_step(tmp_path, VERDICT_STEP)
    assert done.returncode == 0, done.stderr
    assert f"Step {total}/{total}: {VERDICT_STEP}" in done.stdout
    assert "Not available yet" in done.stdout
    if (COMMITTED / "manifest.json").exists():
        shutil.copytree(COMMITTED, tmp_path / "raw")
        done = _results_step(tmp_path, VERDICT_STEP)
        assert done.returncode == 0, done.stderr
        for lead in ("Rust vs Cython:", "Start-up", "Releasing the GIL:"):
            assert lead in done.stdout
        assert "`" not in done.stdout and "**" not in done.stdout
        assert "Step 1/" not in done.stdout


def test_a_step_that_does_not_exist_is_a_usage_error() -> None:
    with pytest.raises(SystemExit) as caught:
        walkthrough.main(["--step", "0", "--dry-run"])
    assert caught.value.code == 2


# --- What the presenter sees: no Markdown marks, no skipped pause, no 150-line screen ----------


def test_markdown_is_styled_not_shown() -> None:
    from bench.demo.markup import CODE_STYLE, styled

    text = styled("Run `make bench` **now**, see [the report](results/report.html) *later*.")
    assert text.plain == "Run make bench now, see the report later."
    spans = {text.plain[span.start : span.end]: str(span.style) for span in text.spans}
    assert spans["make bench"] == CODE_STYLE
    assert spans["now"] == "bold"
    assert spans["later"] == "italic"


def test_the_dry_run_shows_no_backticks() -> None:
    done = _demo("--dry-run")
    assert "`" not in done.stdout
    assert "as make bench recorded them" in done.stdout


def test_the_results_step_shows_no_backticks(tmp_path: Path) -> None:
    assert "`" not in _results_text(tmp_path)
    if (COMMITTED / "manifest.json").exists():
        text = _results_text(REPO / "results" / "reference")
        assert "`" not in text
        assert "primes-fast 5000" in text


@pytest.mark.skipif(not (COMMITTED / "manifest.json").exists(), reason="no committed run yet")
@pytest.mark.parametrize("width", [80, 120])
def test_the_results_step_pauses_between_its_sections(width: int) -> None:
    from io import StringIO

    from rich.console import Console

    out = StringIO()
    ends: list[int] = []  # the line count at each pause
    print_results(
        REPO / "results" / "reference",
        Console(file=out, width=width),
        pause=lambda: ends.append(out.getvalue().count("\n")),
    )
    total = out.getvalue().count("\n")
    assert total > 100  # the screenfuls that used to come at once
    assert len(ends) >= 3
    assert max(len(line) for line in out.getvalue().splitlines()) <= width
    chunks = [b - a for a, b in zip([0, *ends], [*ends, total], strict=True)]
    assert all(chunk > 0 for chunk in chunks), chunks
    assert max(chunks) <= 55, chunks  # each section about a projector's screen


class _Terminal:
    """Standard input as a terminal, for the presenter."""

    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        return 0


def test_a_pause_forgets_keys_pressed_while_a_command_ran(
    demo: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    import builtins
    import termios

    calls: list[tuple[str, object]] = []
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stdin", terminal)
    monkeypatch.setattr(
        termios, "tcflush", lambda stream, queue: calls.append(("tcflush", (stream, queue)))
    )
    monkeypatch.setattr(builtins, "input", lambda prompt="": calls.append(("input", prompt)))
    presenter = demo.Presenter(pause=True)
    assert presenter.interactive
    presenter.between(1, 6)
    presenter.within()  # nothing printed since the last Enter: no wait
    presenter.console.print("a section")
    presenter.within()
    presenter.between(6, 6)  # after the last step: no wait
    assert [name for name, _ in calls] == ["tcflush", "input", "tcflush", "input"]
    assert calls[0][1] == (terminal, termios.TCIFLUSH)
    assert "[Enter] next step" in str(calls[1][1])
    assert "[Enter] more" in str(calls[3][1])


def test_the_results_step_waits_for_enter_between_sections(
    demo: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[object] = []
    step = demo.steps()[_number(RESULTS_STEP) - 1]
    assert step.show is not None
    monkeypatch.setattr(
        "bench.demo.results.print_results",
        lambda results, console, pause: shown.append((results, console, pause)),
    )
    presenter = demo.Presenter(pause=False)
    step.show(presenter.console, presenter.within)
    assert shown == [(REPO / "results" / "reference", presenter.console, presenter.within)]


def test_forgetting_typeahead_without_a_terminal_is_quiet(
    demo: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO("\n"))  # no descriptor at all
    demo.discard_typeahead()
    with Path(os.devnull).open() as devnull:  # a descriptor, not a terminal
        monkeypatch.setattr(sys, "stdin", devnull)
        demo.discard_typeahead()


def test_only_the_steps_that_run_hyperfine_need_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """`make demo ARGS='--step 3'` works before `make hyperfine`."""
    monkeypatch.setattr(walkthrough, "HYPERFINE", REPO / ".tools" / "absent" / "hyperfine")
    assert walkthrough.missing_setup([".venv/bin/primes --list"]) == []
    assert walkthrough.missing_setup([SLIDE_COMMANDS[0]]) == [
        ".tools/absent/hyperfine is missing: run make hyperfine"
    ]
