"""The gate's command line: its options, their checks, and what they ask for."""

from __future__ import annotations

import argparse
from pathlib import Path

import primes
from bench.gate import wallclock
from bench.gate.baseline import DEFAULT_PATH
from bench.gate.compare import Thresholds
from bench.paths import REPO, TARGET

#: Callgrind outputs of the last `--against` run, for callgrind_annotate or KCachegrind.
ARTIFACTS = TARGET / "perf-gate" / "artifacts"

STATUSES = (
    "exit status: 0 ok, 1 regressed, 2 bad usage, 3 missing/corrupt/wrong-schema "
    "baseline, 4 valgrind not installed, 5 a measurement failed, 6 not every figure "
    "compared (see --allow-uncompared), 7 the --against build failed, 8 an output file "
    "cannot be written, 130 interrupted (Ctrl-C), 143 terminated (SIGTERM)"
)

#: The files `check` writes on request: option name -> attribute of the parsed arguments.
CHECK_OUTPUTS = {
    "--json": "json",
    "--markdown": "markdown",
    "--bmf": "bmf",
    "--github-benchmark": "github_benchmark",
}


#: Outputs added to the end of an existing file ($GITHUB_STEP_SUMMARY), not replaced.
APPENDED = frozenset({"--markdown"})
#: More than this many callgrind processes or rounds only thrash or never end.
LIMITS = {"jobs": 64, "rounds": 1_000, "repeat": 100}


def _percent(text: str) -> float:
    try:
        value = float(text.removesuffix("%"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a percentage: {text!r}") from None
    if not 0 <= value < 1000:
        raise argparse.ArgumentTypeError(f"percentage out of range: {text!r}")
    return value / 100


def _threshold(text: str) -> tuple[str | None, float]:
    name, equals, value = text.rpartition("=")
    if equals and not name:
        raise argparse.ArgumentTypeError(f"no implementation before '=': {text!r}")
    return (name or None), _percent(value)


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.gate",
        description="Performance regression gate: callgrind instruction counts and their "
        "growth between two counts (primary) and wall-clock time (secondary), compared with "
        "another commit's build measured in the same job (--against REF) or with a committed "
        "baseline.",
        epilog=f"options: see python -m bench.gate check --help (or baseline --help). {STATUSES}",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser(
        "check", help="measure and compare with the baseline", epilog=STATUSES
    )
    record = commands.add_parser(
        "baseline", help="measure and (over)write the baseline", epilog=STATUSES
    )
    for sub in (check, record):
        _add_shared(sub)
    _add_check(check)
    record.add_argument(
        "--repeat",
        type=int,
        default=2,
        metavar="N",
        help="callgrind runs per implementation, to record their spread (default: 2)",
    )
    return parser


def _add_shared(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "--baseline",
        type=Path,
        default=REPO / DEFAULT_PATH,
        metavar="PATH",
        help=f"baseline file (default: {DEFAULT_PATH})",
    )
    sub.add_argument(
        "--impl",
        action="append",
        metavar="NAME",
        help="only this implementation (repeatable; default: every registered one)",
    )
    sub.add_argument(
        "--jobs",
        type=int,
        default=2,
        metavar="N",
        help="callgrind processes at a time (counts do not depend on it; default: 2)",
    )
    sub.add_argument(
        "--rounds",
        type=int,
        default=wallclock.ROUNDS,
        metavar="N",
        help=f"interleaved wall-clock rounds; the median is kept (default: {wallclock.ROUNDS})",
    )


def _add_check(check: argparse.ArgumentParser) -> None:
    check.add_argument(
        "--threshold",
        action="append",
        type=_threshold,
        default=[],
        metavar="[NAME=]PCT",
        # argparse %-formats help: the percent sign is doubled.
        help="instruction-count change that fails, in percent (default: "
        f"{Thresholds.instructions * 100:g}%%); NAME=PCT sets it for one implementation",
    )
    check.add_argument(
        "--wall-threshold",
        type=_percent,
        default=Thresholds.wall_clock,
        metavar="PCT",
        help=f"wall-clock ratio change that fails, in percent (default: "
        f"{Thresholds.wall_clock * 100:g}%%)",
    )
    check.add_argument(
        "--ignore-environment",
        action="store_true",
        help="compare even when the baseline was recorded with another interpreter, "
        "compiler, valgrind or CPU",
    )
    check.add_argument(
        "--against",
        metavar="REF",
        help="build REF (any git ref: origin/main, HEAD~1, a tag) in a worktree, cached by "
        "commit, and compare this checkout with it, both measured now; the baseline file "
        "is not read",
    )
    check.add_argument(
        "--allow-uncompared",
        action="store_true",
        help="exit 0 when some figures could not be compared but others were (all are listed; "
        "none compared still fails)",
    )
    check.add_argument(
        "--artifacts",
        type=Path,
        default=ARTIFACTS,
        metavar="DIR",
        help="with --against: where both sides' callgrind outputs are kept: a new or empty "
        "folder, or one the gate made (it replaces only its base/ and head/ there; default: "
        f"{ARTIFACTS.relative_to(REPO)})",
    )
    check.add_argument("--json", type=Path, metavar="PATH", help="also write the results as JSON")
    check.add_argument(
        "--markdown", type=Path, metavar="PATH", help="also append a Markdown summary (CI pages)"
    )
    check.add_argument(
        "--bmf", type=Path, metavar="PATH", help="also write the figures as Bencher BMF JSON"
    )
    check.add_argument(
        "--github-benchmark",
        type=Path,
        metavar="PATH",
        help="also write the figures as github-action-benchmark customSmallerIsBetter JSON",
    )


def check_usage(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Bad combinations of options end here, with argparse's message and status 2."""
    for option, most in LIMITS.items():
        if not 1 <= getattr(args, option, 1) <= most:
            parser.error(f"--{option} must be from 1 to {most:,}")
    against_ref = getattr(args, "against", None)
    if against_ref is not None and not against_ref.strip():
        # What make leaves of --against '$(...)' when the command printed nothing: comparing
        # with the committed baseline instead would pass without the comparison asked for.
        parser.error("--against needs a git ref (an empty or blank REF names no commit)")
    if against_ref is not None and args.baseline != REPO / DEFAULT_PATH:
        parser.error("--against compares with REF's build; it reads no --baseline")
    for name, _ in getattr(args, "threshold", []):
        if name is not None:
            try:
                primes.implementation(name)
            except KeyError as err:
                # A typo would otherwise leave the default threshold in force, unsaid.
                parser.error(f"--threshold {name}=...: {err.args[0]}")


def selected(parser: argparse.ArgumentParser, requested: list[str] | None) -> list[str]:
    if not requested:
        return primes.names()
    names = []
    for name in requested:
        try:
            names.append(primes.implementation(name).name)
        except KeyError as err:
            parser.error(str(err.args[0]))
    return list(dict.fromkeys(names))


def thresholds(args: argparse.Namespace) -> Thresholds:
    """--threshold NAME=PCT per implementation; a bare --threshold PCT, the last one wins."""
    per_impl = {name: value for name, value in args.threshold if name is not None}
    overall = [value for name, value in args.threshold if name is None]
    return Thresholds(
        instructions=overall[-1] if overall else Thresholds.instructions,
        wall_clock=args.wall_threshold,
        per_implementation=per_impl,
    )


def kept(args: argparse.Namespace) -> dict[str, Path]:
    """What this run reads or clears, by what it is called: no output may overwrite it."""
    if args.command == "baseline":
        return {}
    if args.against is not None:
        return {"the --artifacts folder, which the gate clears": args.artifacts}
    return {"the baseline this check compares with": args.baseline}


def requested_outputs(args: argparse.Namespace) -> dict[str, Path]:
    """Every file this run will write, by the option that named it."""
    if args.command == "baseline":
        return {"--baseline": args.baseline}
    return {
        option: path
        for option, attribute in CHECK_OUTPUTS.items()
        if (path := getattr(args, attribute)) is not None
    }
