"""A live walk-through of the talk's demo, for whoever presents it: `make demo`.

Each step prints the command as the slides show it, then runs it with its own output going
straight to the terminal (hyperfine's live progress included). The last two steps show this
repository's published measurements from results/reference/raw/, then the verdict they give.

    python -m bench.demo [--pause] [--dry-run] [--step N]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shlex
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from bench.demo import relay
from bench.demo.markup import styled
from bench.demo.pager import PagedConsole
from bench.paths import HYPERFINE, REFERENCE, REPO
from bench.raw.records import RawFileError

VENV_BIN = REPO / ".venv" / "bin"


@dataclass(frozen=True)
class Step:
    title: str
    why: str
    #: The command as the slides show it, run from the repository root.
    command: str | None = None
    #: For a step that shows results instead of running a command: it prints on the console
    #: it is given and calls the function it is given between its sections (with --pause,
    #: the presenter's Enter).
    show: Callable[[Console, Callable[[], None]], None] | None = None


def steps(results: Path = REFERENCE) -> list[Step]:
    return [
        Step(
            "The use case: the first n primes",
            "The talk's naive algorithm, in pure Python.",
            ".venv/bin/python -c 'from primes import first_n; print(first_n(10))'",
        ),
        Step(
            "The same function, written in Rust and exposed through PyO3",
            "Same import path as on the slide; the extension module is primes._lib.",
            ".venv/bin/python -c "
            "'from primes._lib import first_n as first_n_fast; print(first_n_fast(10))'",
        ),
        Step(
            "Every implementation this repository holds",
            "The talk compares three; the registry has more, all held to one test oracle.",
            ".venv/bin/primes --list",
        ),
        Step(
            "Was it worth it? Pure Python against Rust, whole process",
            "The slide's first benchmark: each run starts an interpreter and imports the package.",
            "hyperfine --warmup 1 '.venv/bin/primes 5000' '.venv/bin/primes-fast 5000'",
        ),
        Step(
            "What about Cython? Rust against Cython, whole process",
            "The slide's second benchmark, with .venv/bin first on PATH.",
            "hyperfine --warmup 1 'primes-fast-rust 5000' 'primes-fast-cython 5000'",
        ),
        Step(
            "This repository's measurements",
            f"From {results.name}/raw/, as `make bench` recorded them (not the runs above).",
            show=partial(show_results, results),
        ),
        Step(
            "The verdict",
            "The README's question, answered by the measurements of the step before.",
            show=partial(show_verdict, results),
        ),
    ]


def show_results(results: Path, console: Console, pause: Callable[[], None]) -> None:
    # Imported here: the live steps need only the report's Markdown parser (markup.styled),
    # not its sections or the raw-file reading.
    from bench.demo.results import print_results

    print_results(results, console=console, pause=pause)


def show_verdict(results: Path, console: Console, pause: Callable[[], None]) -> None:
    """The report's opening verdict, read from results/reference/raw/ like the step before it."""
    from bench.raw import layout
    from bench.report import terminal
    from bench.report.rawrun import RawRun

    raw = results / "raw"
    if not (raw / layout.MANIFEST).exists():
        console.print(
            styled(f"Not available yet: {raw} holds no measurements. `make bench` records them.")
        )
        return
    terminal.show_verdict(console, RawRun(raw), text=styled)


def child_env() -> dict[str, str]:
    """The slides' commands name the console scripts bare: put the venv first on PATH."""
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(VENV_BIN), env.get("PATH", "")])
    # The hyperfine commands run through a shell; keep the user's rc files out of them.
    env.pop("BASH_ENV", None)
    env.pop("ENV", None)
    return env


def argv_for(command: str, runs: int | None) -> list[str]:
    argv = shlex.split(command)
    if argv[0] == "hyperfine":
        # The pinned copy, not whatever `hyperfine` the PATH holds.
        argv[0] = str(HYPERFINE)
        if runs is not None:
            argv[1:1] = ["--runs", str(runs)]
    return argv


def missing_setup(commands: Sequence[str] = ("hyperfine",)) -> list[str]:
    """What `commands` need and this checkout lacks (hyperfine only for the steps that run it)."""
    needed = {
        VENV_BIN / "python": "make venv",
        VENV_BIN / "primes-fast-cython": "make build",
    }
    if any(shlex.split(command)[0] == "hyperfine" for command in commands):
        needed[HYPERFINE] = "make hyperfine"
    return [
        f"{path.relative_to(REPO)} is missing: run {fix}"
        for path, fix in needed.items()
        if not path.exists()
    ]


def discard_typeahead() -> None:
    """Forget the keys pressed while a command ran: an Enter typed during hyperfine's minute
    must not answer the next prompt, skipping a pause."""
    try:
        import termios
    except ImportError:  # not a POSIX terminal (Windows)
        return
    # Not a terminal after all, or closed: nothing typed ahead to forget.
    with contextlib.suppress(termios.error, OSError, ValueError):
        termios.tcflush(sys.stdin, termios.TCIFLUSH)


@contextlib.contextmanager
def keys_not_echoed() -> Iterator[None]:
    """While a step's command runs, keys pressed (an Enter too early) are not echoed: an
    echoed newline would push hyperfine's live line down and leave a copy of it behind, and
    push the page's top off the screen. `discard_typeahead` forgets them afterwards."""
    try:
        import termios
    except ImportError:  # not a POSIX terminal (Windows)
        yield
        return
    try:
        saved = termios.tcgetattr(sys.stdin)
    except (termios.error, OSError, ValueError):  # not a terminal: nothing is echoed
        yield
        return
    quiet = list(saved)
    quiet[3] &= ~termios.ECHO
    termios.tcsetattr(sys.stdin, termios.TCSADRAIN, quiet)
    try:
        yield
    finally:
        with contextlib.suppress(termios.error, OSError, ValueError):
            termios.tcsetattr(sys.stdin, termios.TCSADRAIN, saved)


class Presenter:
    """Prints the steps on a paged console: with --pause it waits for Enter between steps and
    whenever the next thing printed would push the top of the screen away."""

    def __init__(self, pause: bool) -> None:
        self.interactive = pause and sys.stdin.isatty()
        if pause and not self.interactive:
            print("demo: --pause needs a terminal on stdin; running straight through.")
        self.color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
        self.console = PagedConsole(
            wait=self._more if self.interactive else None,
            # Not a terminal (a log, a test): wide enough for the tables, unless COLUMNS says.
            width=None if sys.stdout.isatty() or "COLUMNS" in os.environ else 120,
            highlight=False,
            no_color=not self.color,
        )

    def header(self, number: int, total: int, step: Step) -> None:
        title = f"Step {number}/{total}: {step.title}"
        console = self.console
        console.print()
        console.print(Text(title, style="bold cyan"))
        console.print(Text("─" * min(cell_len(title), console.width), style="cyan"))
        console.print(styled(step.why))
        if step.command:
            console.print(shell_line(step.command))

    def run(self, command: str, runs: int | None) -> int:
        """Runs a step's command from the repository root; its exit status."""
        with keys_not_echoed():
            return self._run(argv_for(command, runs))

    def _run(self, argv: list[str]) -> int:
        if argv[0] == str(HYPERFINE):
            # Live: hyperfine's progress bars are the point of the step; its long warnings
            # are wrapped between words.
            sys.stdout.flush()
            status = relay.run(argv, REPO, child_env())
            self.console.count(self.console.page_rows)  # rows unknown: take the page as full
            return status
        # Short commands: their output goes through the console, wrapped between words and
        # paged like the rest.
        done = subprocess.run(
            argv,
            cwd=REPO,
            env=child_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
        )
        if done.stdout:
            self.console.print(Text.from_ansi(done.stdout.rstrip("\n")))
        return done.returncode

    def between(self, number: int, total: int) -> None:
        # After the last step nobody pressed Enter: the closing line shares its page.
        if number < total:
            self.wait("\n[Enter] next step")
            self.console.new_page()

    def within(self) -> None:
        """Between two sections of one step: the last steps are a screenful several times."""
        self.console.pause()

    def _more(self) -> None:
        self.wait("[Enter] more")

    def wait(self, prompt: str) -> None:
        if not self.interactive:
            return
        sys.stdout.flush()
        discard_typeahead()
        try:
            input(self._style(prompt, "2"))
        except EOFError:
            # Ctrl-D: the presenter wants the rest without stops.
            self.interactive = False

    def _style(self, text: str, code: str) -> str:
        return f"\033[{code}m{text}\033[0m" if self.color else text


def shell_line(command: str) -> Table:
    """`$ command`, wrapped between words under the command (not under the `$`): a terminal
    would break it mid-word."""
    line = Table.grid()
    line.add_column(no_wrap=True)
    line.add_column(overflow="fold")
    line.add_row("$ ", Text(command, style="bold"))
    return line


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.demo", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--pause", action="store_true", help="wait for Enter between steps")
    parser.add_argument(
        "--dry-run", action="store_true", help="print the steps and commands without running them"
    )
    parser.add_argument(
        "--runs",
        type=int,
        metavar="N",
        help="give hyperfine --runs N (a quicker rehearsal; the slides use hyperfine's default)",
    )
    parser.add_argument(
        "--results",
        type=Path,
        default=REFERENCE,
        metavar="DIR",
        help="where the recorded measurements are: DIR/raw/ (default: results/reference/)",
    )
    parser.add_argument(
        "--step",
        type=int,
        metavar="N",
        help="run step N alone (the last two show the recorded measurements and the verdict, "
        "running nothing)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)

    all_steps = steps(args.results)
    chosen = list(enumerate(all_steps, start=1))
    if args.step is not None:
        if not 1 <= args.step <= len(all_steps):
            parser.error(f"--step: there are steps 1 to {len(all_steps)}, not {args.step}")
        chosen = [chosen[args.step - 1]]
    commands = [step.command for _, step in chosen if step.command]
    if not args.dry_run and commands and (problems := missing_setup(commands)):
        parser.exit(2, "demo: " + "\ndemo: ".join(problems) + "\n")
    presenter = Presenter(args.pause)
    started = time.monotonic()
    for position, (number, step) in enumerate(chosen, start=1):
        presenter.header(number, len(all_steps), step)
        if step.command and not args.dry_run:
            status = presenter.run(step.command, args.runs)
            if status != 0:
                print(f"demo: step {number} failed (exit status {status})", file=sys.stderr)
                return status
        if step.show and not args.dry_run:
            try:
                step.show(presenter.console, presenter.within)
            except RawFileError as err:
                print(f"demo: cannot read {err}", file=sys.stderr)
                return 1
        sys.stdout.flush()
        presenter.between(position, len(chosen))
    if not args.dry_run:
        presenter.console.print(f"\nThe demo took {time.monotonic() - started:.0f} s.")
    return 0
