"""`python -m bench`: measure the implementations and write results/ (raw data + report)."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from bench import paths
from bench.progress import RichReporter
from bench.raw import environment as raw_environment
from bench.raw.records import RawFileError
from bench.report import terminal
from bench.run import destination, driver, machine, space
from bench.run.errors import RunRefused
from bench.staging import SwapInterrupted
from bench.studies import STUDIES
from bench.studies.config import RunConfig, Tools, venv_bin, venv_python
from bench.timers.errors import MeasurementError


def _counts(text: str) -> tuple[int, ...]:
    try:
        counts = tuple(int(part.replace("_", "")) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected comma-separated integers, got {text!r}"
        ) from None
    if not counts or any(count < 0 for count in counts):
        raise argparse.ArgumentTypeError("counts must be non-negative and at least one")
    return counts


def _out(text: str) -> Path:
    # Path("") is ".": a blank --out (what make leaves of `--out "$(DIR)"` with DIR unset)
    # would put a run's files into the current folder.
    if not text.strip():
        raise argparse.ArgumentTypeError("a blank path is no output directory")
    return Path(text)


def _pypy(parser: argparse.ArgumentParser, given: Path | None) -> Path | None:
    """The PyPy to use: `--pypy PATH` (a usage error if it is not an executable file), else
    pypy3 on PATH, else None."""
    if given is None:
        found = shutil.which("pypy3")
        return Path(found) if found else None
    if not (given.is_file() and os.access(given, os.X_OK)):
        parser.error(f"--pypy {given}: not an executable file")
    return given.absolute()


def parser() -> argparse.ArgumentParser:
    studies = "; ".join(f"{study.name}: {study.title}" for study in STUDIES)
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description=(
            "Check every implementation against an oracle, time it (hyperfine whole-process, "
            "pytest-benchmark in process), and write OUT/raw/ plus OUT/REPORT.md, "
            "OUT/report.html and OUT/plots/. Nothing in OUT changes unless the run completes. "
            "One run at a time per OUT: a second one refuses, naming the first."
        ),
        epilog="Exit status: 0 done, 1 a measurement failed or the run was refused (OUT in use, "
        "not enough free space, cannot write), 2 bad usage, 130 interrupted.",
    )
    parser.add_argument(
        "--impl",
        action="append",
        metavar="NAME",
        help="implementation to measure (repeatable; default: every one in `primes --list`)",
    )
    parser.add_argument(
        "--counts",
        type=_counts,
        metavar="N,N,...",
        help="counts for the in-process sweep, replacing each algorithm's default "
        "(the talk's 5000 is always included)",
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--quick", action="store_true", help="fewer counts and runs")
    mode.add_argument("--full", dest="quick", action="store_false", help="the full run (default)")
    parser.add_argument(
        "--out",
        type=_out,
        help="output directory (default: results/machines/<this machine>/ for a full run, "
        "results/scratch/ for a partial one (--quick, --impl, --study or --counts); never "
        "results/reference/, the published run, which only `make publish` replaces)",
    )
    parser.add_argument(
        "--study",
        action="append",
        metavar="NAME",
        choices=[study.name for study in STUDIES],
        help=f"run only this study (repeatable; default: all). Studies: {studies}",
    )
    parser.add_argument(
        "--pypy",
        type=Path,
        metavar="PATH",
        help="PyPy to run the talk's pure script under, beside the talk's tables (default: "
        "pypy3 on PATH; none found: the report says so)",
    )
    parser.add_argument(
        "--hyperfine",
        type=Path,
        default=paths.HYPERFINE,
        help="hyperfine 1.x binary (default: .tools/bin/hyperfine, installed by `make hyperfine`)",
    )
    return parser


def recorded_argument(argument: str) -> str:
    """An argument as the manifest records it: a path inside the repository relative to its
    root, any other path that names folders (absolute, or up from here) by its last part alone,
    so a committed manifest says what was run, not where: `--out /home/ann/runs/out` is
    recorded as `--out …/out`, `--out=../ann/out` as `--out=…/out`."""
    option, equals, value = argument.partition("=") if argument.startswith("--") else ("", "", "")
    if equals:
        return f"{option}={recorded_argument(value)}"
    if not (argument.startswith("/") or argument == ".." or argument.startswith("../")):
        return paths.without_repo(argument)
    where = Path(os.path.normpath(Path.cwd() / argument))
    inside = paths.relative_to_repo(where)
    return str(inside) if inside is not where else f"…/{where.name}"


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    args = parser().parse_args(arguments)
    import primes

    try:
        names = (
            [primes.implementation(name).name for name in args.impl]
            if args.impl
            else primes.names()
        )
    except KeyError as err:
        parser().error(str(err.args[0]))
    config = RunConfig(
        implementations=tuple(dict.fromkeys(names)),
        quick=args.quick,
        studies=tuple(dict.fromkeys(args.study or [study.name for study in STUDIES])),
        tools=Tools(python=venv_python(), bin=venv_bin(), hyperfine=args.hyperfine.absolute()),
        counts=args.counts,
        pypy=_pypy(parser(), args.pypy),
    )
    every_study = [study.name for study in STUDIES]
    short = destination.partial(config, primes.names(), every_study)
    console = Console(stderr=True)
    try:
        dest = destination.choose(
            args.out, short, lambda: machine.slug(machine.here(config.tools.python))
        )
    except RunRefused as err:
        console.print(f"[red]bench: {escape(str(err))}[/red]", highlight=False, soft_wrap=True)
        return 1
    out = dest.out
    console.print(
        f"[bold]python -m bench[/bold] ({config.mode}): {', '.join(config.implementations)}; "
        f"studies: {', '.join(config.studies)}"
    )
    console.print(escape(dest.why), highlight=False, soft_wrap=True)
    if not args.impl:
        for reason in primes.unavailable().values():
            console.print(f"[yellow]not measured:[/yellow] {reason}")
    recorded = ["python -m bench", *map(recorded_argument, arguments)]
    return _run(console, config, out, recorded)


def _run(console: Console, config: RunConfig, out: Path, argv: list[str]) -> int:
    """Run, and turn every way a run can end into one exit status and its message."""

    def say(line: str, style: str = "") -> None:
        """One line, never wrapped, whatever the terminal's width."""
        text = f"[{style}]{escape(line)}[/{style}]" if style else escape(line)
        console.print(text, highlight=False, soft_wrap=True)

    try:
        with RichReporter(console) as reporter:
            outcome = driver.run(config, out, reporter, argv, note=say)
    except RunRefused as err:
        say(f"bench: {err}", "red")
        return 1
    except MeasurementError as err:
        full = space.full_disk(str(err), out)
        say(full or f"bench: {err}", "red")
        if full is None:
            say(f"{out} is unchanged.")
        return 1
    except OSError as err:
        line = space.cannot_write(err, out)
        if line is None:
            raise
        say(line, "red")
        return 1
    except KeyboardInterrupt as err:
        if isinstance(err, SwapInterrupted) and err.installed:
            said = f"interrupted after the new results were installed in {out}."
        else:
            said = f"interrupted; {out} is unchanged."
        say(said, "yellow")
        return 130
    terminal.show(console, outcome.raw)
    console.print(f"wrote {outcome.raw}/ and " + ", ".join(str(f) for f in outcome.files[:2]))
    for line in next_steps(outcome.out):
        say(line)
    return 0


def next_steps(out: Path) -> list[str]:
    """What a full run on this machine can do next: it changed no committed file."""
    if out.parent.resolve() != paths.MACHINES.resolve():
        return []
    run = destination.shown(out).rstrip("/")
    reference = destination.shown(paths.REFERENCE).rstrip("/")
    compare = f"beside the reference: make compare RUNS='{reference} {run}'"
    try:
        stands_in = paths.stand_in(raw_environment.read(out / "raw"))
    except RawFileError:
        stands_in = None
    if stands_in:
        # Fewer cores than the machine has: a second machine's figures, not the reference.
        return [compare, f"to commit it as {stands_in}: make publish BESIDE=1 RUN={run}"]
    return [
        compare,
        f"to make this run the reference (results/reference/ and README's verdict): "
        f"make publish RUN={run}",
    ]
