"""`python -m bench`: measure the implementations and write results/ (raw data + report)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.console import Console

from bench import paths
from bench.progress import RichReporter
from bench.report import terminal
from bench.run import driver
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


def parser() -> argparse.ArgumentParser:
    studies = "; ".join(f"{study.name}: {study.title}" for study in STUDIES)
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description=(
            "Check every implementation against an oracle, time it (hyperfine whole-process, "
            "pytest-benchmark in process), and write OUT/raw/ plus OUT/REPORT.md, "
            "OUT/report.html and OUT/plots/. Nothing in OUT changes unless the run completes."
        ),
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
    mode.add_argument("--quick", action="store_true", help="fewer counts and runs (< 2 minutes)")
    mode.add_argument("--full", dest="quick", action="store_false", help="the full run (default)")
    parser.add_argument(
        "--out", type=Path, default=paths.RESULTS, help="output directory (default: results/)"
    )
    parser.add_argument(
        "--study",
        action="append",
        metavar="NAME",
        choices=[study.name for study in STUDIES],
        help=f"run only this study (repeatable; default: all). Studies: {studies}",
    )
    parser.add_argument(
        "--hyperfine",
        type=Path,
        default=paths.HYPERFINE,
        help="hyperfine 1.x binary (default: .tools/bin/hyperfine, installed by `make hyperfine`)",
    )
    return parser


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
    )
    console = Console(stderr=True)
    console.print(
        f"[bold]python -m bench[/bold] ({config.mode}): {', '.join(config.implementations)}; "
        f"studies: {', '.join(config.studies)}; writing to {args.out}"
    )
    if not args.impl:
        for reason in primes.unavailable().values():
            console.print(f"[yellow]not measured:[/yellow] {reason}")
    try:
        with RichReporter(console) as reporter:
            outcome = driver.run(config, args.out, reporter, ["python -m bench", *arguments])
    except MeasurementError as err:
        console.print(f"[red]bench: {err}[/red]\n{args.out} is unchanged.")
        return 1
    except KeyboardInterrupt:
        console.print(f"[yellow]interrupted; {args.out} is unchanged.[/yellow]")
        return 130
    terminal.show(console, outcome.raw)
    console.print(f"wrote {outcome.raw}/ and " + ", ".join(str(f) for f in outcome.files[:2]))
    return 0
