"""`python -m bench.gate check|baseline`: what `make perf-check` and `make perf-baseline` run."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import textwrap
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from enum import IntEnum
from functools import partial
from pathlib import Path

import primes
from bench import algorithms
from bench.gate import (
    against,
    base_build,
    environment,
    export,
    instructions,
    measurement,
    outputs,
    report,
    wallclock,
)
from bench.gate.baseline import DEFAULT_PATH, BaselineError, Results, load, save
from bench.gate.callgrind import Breakdown
from bench.gate.compare import (
    Row,
    Tally,
    Thresholds,
    compare,
    growth_exponent,
    regressions,
    tally,
)
from bench.paths import REPO, TARGET
from bench.timers.errors import MeasurementError

#: Wall-clock ratios are all taken against this implementation.
REFERENCE = "pure-naive"
#: Sized so the whole gate, pure Python under valgrind (~50x slower) included, takes about a
#: minute: ~220 million instructions for pure-naive, ~100-150 million for the compiled ones.
#: The largest single cost is numba-naive's start-up, not its count: importing numba and loading
#: its cached kernel are ~1.7 billion instructions, ~30 s of CPU under callgrind per run. Its
#: count repeats to 0.001%, so it is measured like the others.
PURE_COUNT = 1_000
COMPILED_COUNT = 5_000
#: Relative spread between repeated counts above which `baseline` warns (same build, so 0.0 is
#: the norm).
NOT_REPEATABLE = 0.001
#: Pure-naive takes ~15 ms here natively: long enough to time, short enough for many rounds.
WALL_CLOCK_COUNT = 1_000
#: A baseline keeps the median of this many wall-clock runs, so one taken during a neighbour's
#: build does not become the yardstick.
BASELINE_WALL_CLOCK_RUNS = 3


class Exit(IntEnum):
    OK = 0
    REGRESSED = 1
    USAGE = 2  # argparse's own status for bad options
    BAD_BASELINE = 3
    NO_VALGRIND = 4
    MEASUREMENT_FAILED = 5
    #: Some figure was not compared (other environment, missing or new implementation).
    NOT_VERIFIED = 6
    BASE_BUILD_FAILED = 7
    #: An output file (--json, --markdown, --bmf, --github-benchmark, the baseline) cannot be
    #: written; checked before measuring, so this is found at once.
    OUTPUT_FAILED = 8


#: Callgrind outputs of the last `--against` run, for callgrind_annotate or KCachegrind.
ARTIFACTS = TARGET / "perf-gate" / "artifacts"


def default_count(name: str) -> int:
    impl = primes.implementation(name)
    python_source = algorithms.language(impl.language).runs_python_source
    count = PURE_COUNT if python_source else COMPILED_COUNT
    return min(count, impl.max_count())


def _percent(text: str) -> float:
    try:
        value = float(text.removesuffix("%"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a percentage: {text!r}") from None
    if not 0 <= value < 1000:
        raise argparse.ArgumentTypeError(f"percentage out of range: {text!r}")
    return value / 100


def _threshold(text: str) -> tuple[str | None, float]:
    name, _, value = text.rpartition("=")
    return (name or None), _percent(value)


def _parser() -> argparse.ArgumentParser:
    statuses = (
        "exit status: 0 ok, 1 regressed, 2 bad usage, 3 missing/corrupt/wrong-schema "
        "baseline, 4 valgrind not installed, 5 a measurement failed, 6 not every figure "
        "compared (see --allow-uncompared), 7 the --against build failed, 8 an output file "
        "cannot be written"
    )
    parser = argparse.ArgumentParser(
        prog="python -m bench.gate",
        description="Performance regression gate: callgrind instruction counts and their "
        "growth between two counts (primary) and wall-clock time (secondary), compared with "
        "another commit's build measured in the same job (--against REF) or with a committed "
        "baseline.",
        epilog=f"options: see python -m bench.gate check --help (or baseline --help). {statuses}",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser(
        "check", help="measure and compare with the baseline", epilog=statuses
    )
    record = commands.add_parser(
        "baseline", help="measure and (over)write the baseline", epilog=statuses
    )
    for sub in (check, record):
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
    record.add_argument(
        "--repeat",
        type=int,
        default=2,
        metavar="N",
        help="callgrind runs per implementation, to record their spread (default: 2)",
    )
    return parser


def _selected(parser: argparse.ArgumentParser, requested: list[str] | None) -> list[str]:
    if not requested:
        return primes.names()
    names = []
    for name in requested:
        try:
            names.append(primes.implementation(name).name)
        except KeyError as err:
            parser.error(str(err.args[0]))
    return list(dict.fromkeys(names))


def _another(differences: dict[str, tuple[str, str]]) -> str | None:
    return "baseline from another " + ", ".join(sorted(differences)) if differences else None


@dataclass(frozen=True)
class _EnvironmentCheck:
    """How this run's environment differs from the baseline's, and which figures that voids."""

    instructions: dict[str, tuple[str, str]]
    wall_clock: dict[str, tuple[str, str]]
    #: --ignore-environment: compare anyway.
    ignored: bool

    @property
    def differences(self) -> dict[str, tuple[str, str]]:
        return {**self.instructions, **self.wall_clock}

    # Another interpreter or compiler moves counts with no change to the code: comparing would
    # cry wolf (or hide a regression), so such rows say why they were not compared.
    @property
    def instructions_unreliable(self) -> str | None:
        return None if self.ignored else _another(self.instructions)

    def instructions_unreliable_for(self, names: Collection[str]) -> dict[str, str | None]:
        """Each implementation's reason, naming only the keys that concern it (another rustc
        does not void pure Python's counts)."""
        return {name: self._unreliable_for(name) for name in names}

    def _unreliable_for(self, name: str) -> str | None:
        if self.ignored:
            return None
        try:
            language: str | None = primes.implementation(name).language
        except KeyError:
            language = None  # in the baseline, not registered here
        return _another(
            {
                key: values
                for key, values in self.instructions.items()
                if environment.concerns(key, language)
            }
        )

    @property
    def wall_clock_unreliable(self) -> str | None:
        return None if self.ignored else _another(self.wall_clock)


def _environment_check(base: Results, current: Results, *, ignored: bool) -> _EnvironmentCheck:
    return _EnvironmentCheck(
        instructions=environment.differences(
            base.environment, current.environment, environment.INSTRUCTION_KEYS
        ),
        wall_clock=environment.differences(
            base.environment, current.environment, environment.WALL_CLOCK_KEYS
        ),
        ignored=ignored,
    )


def _counts(base: Results, names: list[str]) -> dict[str, int]:
    """Each implementation's count: the baseline's, so the figures compare, else the default."""
    return {
        name: entry.instructions.count
        if (entry := base.entries.get(name)) and entry.instructions
        else default_count(name)
        for name in names
    }


def _wall_clock_count(base: Results) -> int:
    wall_counts = {e.wall_clock.count for e in base.entries.values() if e.wall_clock}
    return min(wall_counts) if wall_counts else WALL_CLOCK_COUNT


def _thresholds(args: argparse.Namespace) -> Thresholds:
    """--threshold NAME=PCT per implementation; a bare --threshold PCT, the last one wins."""
    per_impl = {name: value for name, value in args.threshold if name is not None}
    overall = [value for name, value in args.threshold if name is None]
    return Thresholds(
        instructions=overall[-1] if overall else Thresholds.instructions,
        wall_clock=args.wall_threshold,
        per_implementation=per_impl,
    )


def _settle(
    current: Results,
    judge: Callable[[Results], list[Row]],
    args: argparse.Namespace,
    wall_clock_count: int,
) -> tuple[Results, list[Row]]:
    """The final measurement and its rows: suspects are measured again, up to ATTEMPTS in all."""
    rows = judge(current)
    for attempt in range(2, measurement.ATTEMPTS + 1):
        again = measurement.remeasure_suspects(
            current,
            rows,
            wall_clock_count=wall_clock_count,
            rounds=args.rounds,
            jobs=args.jobs,
            attempt=attempt,
        )
        if again is None:
            break
        current = again
        rows = judge(current)
    return current, rows


def _print_environment_warnings(env: _EnvironmentCheck) -> None:
    for key, (before, now) in env.differences.items():
        print(f"perf-gate: warning: {key} differs: baseline {before!r}, now {now!r}")
    if env.instructions_unreliable or env.wall_clock_unreliable:
        print(
            "perf-gate: warning: figures from another environment are not compared; re-record "
            "the baseline here (make perf-baseline) or pass --ignore-environment"
        )


@dataclass(frozen=True)
class _Verdicts:
    """What a check found, whichever way it was measured."""

    title: str
    #: Lines printed above the table: what was compared with what, and how.
    preamble: list[str]
    rows: list[Row]
    reference: str
    breakdowns: dict[str, Breakdown]
    environment: dict[str, str]
    differences: dict[str, tuple[str, str]]
    compared_with: str


def _finish(args: argparse.Namespace, verdicts: _Verdicts) -> int:
    """Print, write the requested files, and say how the gate ends."""
    rows, reference = verdicts.rows, verdicts.reference
    counted = tally(rows)
    last = report.summary(rows, reference, counted, allow_uncompared=args.allow_uncompared)
    # Lines stay whole in a pipe or log (grep finds them); only a terminal gets them fitted.
    columns = shutil.get_terminal_size().columns if sys.stdout.isatty() else 1_000
    fitted = (textwrap.fill(line, width=columns) for line in verdicts.preamble)
    print("\n".join(fitted))
    print(report.table(rows, reference, width=columns))
    for name, where in verdicts.breakdowns.items():
        print(f"\nwhere {name}'s instructions went (head minus base, per call):")
        print("\n".join(where.lines(width=max(80, min(columns, 100)))))
    if verdicts.breakdowns:
        print(f"callgrind outputs: {args.artifacts} (callgrind_annotate FILE, or KCachegrind)")
    print(last)
    if regressions(rows):
        exit_code = Exit.REGRESSED
    elif counted.complete or (args.allow_uncompared and counted.compared):
        exit_code = Exit.OK
    else:
        exit_code = Exit.NOT_VERIFIED
    _write_outputs(args, verdicts, last, exit_code, counted)
    return exit_code


#: The files `check` writes on request: option name -> attribute of the parsed arguments.
CHECK_OUTPUTS = {
    "--json": "json",
    "--markdown": "markdown",
    "--bmf": "bmf",
    "--github-benchmark": "github_benchmark",
}


def _requested_outputs(args: argparse.Namespace) -> dict[str, Path]:
    """Every file this run will write, by the option that named it."""
    if args.command == "baseline":
        return {"--baseline": args.baseline}
    return {
        option: path
        for option, attribute in CHECK_OUTPUTS.items()
        if (path := getattr(args, attribute)) is not None
    }


def _write_outputs(
    args: argparse.Namespace, v: _Verdicts, last: str, exit_code: Exit, counted: Tally
) -> None:
    if args.json:
        document = report.check_json(
            v.rows,
            reference=v.reference,
            baseline_path=v.compared_with,
            exit_code=int(exit_code),
            tally=counted,
            environment=v.environment,
            environment_differences=v.differences,
        )
        outputs.write("--json", args.json, json.dumps(document, indent=2) + "\n")
    if args.markdown:
        # Appended: $GITHUB_STEP_SUMMARY may already hold other steps' summaries.
        text = report.markdown(
            v.rows, v.reference, title=v.title, last_line=last, breakdowns=v.breakdowns
        )
        outputs.write("--markdown", args.markdown, text, append=True)
    for option, path, exported in (
        ("--bmf", args.bmf, export.bencher_bmf),
        ("--github-benchmark", args.github_benchmark, export.github_action_benchmark),
    ):
        if path:
            try:
                outputs.write(option, path, json.dumps(exported(v.rows), indent=2) + "\n")
            except export.NothingToExport as nothing:
                # No stale file from an earlier run is left to be taken for this one's.
                path.unlink(missing_ok=True)
                print(f"perf-check: {path} not written: {nothing}", file=sys.stderr)


def _check_baseline(args: argparse.Namespace, names: list[str]) -> int:
    base = load(args.baseline)
    reference = base.reference if base.reference in primes.names() else REFERENCE
    wall_clock_count = _wall_clock_count(base)
    current, took = measurement.measure(
        names,
        _counts(base, names),
        reference=reference,
        wall_clock_count=wall_clock_count,
        repeat=1,
        jobs=args.jobs,
        rounds=args.rounds,
    )
    env = _environment_check(base, current, ignored=args.ignore_environment)
    judge = partial(
        compare,
        base,
        thresholds=_thresholds(args),
        instructions_unreliable=env.instructions_unreliable_for([*current.entries, *base.entries]),
        wall_clock_unreliable=env.wall_clock_unreliable,
        selected=set(names) if args.impl else None,
    )
    current, rows = _settle(current, judge, args, wall_clock_count)
    _print_environment_warnings(env)
    preamble = [
        f"baseline: {args.baseline} (recorded {base.recorded})",
        "instructions: callgrind Ir of first_n(count) minus first_n(0), in one process; "
        f"growth exponent: from the same at count // 2; time / {reference}: median of "
        f"{args.rounds} interleaved rounds at count {wall_clock_count:,}; a regression must "
        f"show in {measurement.ATTEMPTS} attempts; measured in {took}",
    ]
    return _finish(
        args,
        _Verdicts(
            title="Performance gate: against the committed baseline",
            preamble=preamble,
            rows=rows,
            reference=reference,
            breakdowns={},
            environment=current.environment,
            differences=env.differences,
            compared_with=str(args.baseline),
        ),
    )


def _checkout(commit: str) -> str:
    """`environment.collect`'s commit as the head's name: HEAD's hash alone would name the
    base's own commit for a working tree that differs from it."""
    sha, _, changes = commit.partition(" ")
    return sha[:12] + (" with uncommitted changes" if changes else "")


def _check_against(args: argparse.Namespace, names: list[str]) -> int:
    started = time.monotonic()
    base_build.resolve(args.against)
    # Before minutes of building a base that could not be measured.
    instructions.find_valgrind()
    base = base_build.build(args.against)
    outcome = against.check(
        names,
        {name: default_count(name) for name in names},
        base,
        thresholds=_thresholds(args),
        artifacts=args.artifacts,
        jobs=args.jobs,
        rounds=args.rounds,
    )
    env = environment.collect(instructions.valgrind_version(instructions.find_valgrind()), REPO)
    cache = "reused from the cache" if base.reused else "built now"
    preamble = [
        f"base: {args.against} = {base.short} ({cache}); head: this checkout "
        f"({_checkout(env['commit'])}), both measured now, {time.monotonic() - started:.0f} s",
        "instructions: callgrind Ir of first_n(count) minus first_n(0); growth exponent: "
        "from the same at count // 2; time / base: median head/base ratio of "
        f"{args.rounds} alternating rounds with its 95% interval, a "
        "slowdown must clear the threshold with its whole interval, in "
        f"{measurement.ATTEMPTS} attempts",
    ]
    if outcome.new:
        preamble.append(f"not in the base: {', '.join(outcome.new)} (measured, not compared)")
    return _finish(
        args,
        _Verdicts(
            title=f"Performance gate: this change against {args.against} ({base.short})",
            preamble=preamble,
            rows=outcome.rows,
            reference="base",
            breakdowns=outcome.breakdowns,
            environment=env,
            differences={},
            compared_with=f"{args.against} ({base.commit})",
        ),
    )


def _record(args: argparse.Namespace, names: list[str]) -> int:
    results, took = measurement.measure(
        names,
        {name: default_count(name) for name in names},
        reference=REFERENCE,
        wall_clock_count=WALL_CLOCK_COUNT,
        repeat=args.repeat,
        jobs=args.jobs,
        rounds=args.rounds,
        wall_clock_runs=BASELINE_WALL_CLOCK_RUNS,
    )
    try:
        save(results, args.baseline)
    except OSError as err:
        raise outputs.OutputError(
            f"--baseline {args.baseline}: cannot write: {err.strerror or err}"
        ) from None
    print(f"perf-gate: wrote {args.baseline} ({took}); review and commit the diff")
    for name, entry in results.entries.items():
        assert entry.instructions is not None
        runs = entry.instructions.runs
        line = (
            f"  {name:<16} instructions at {entry.instructions.count:>6,}: "
            f"{entry.instructions.value:>14,}  ({len(runs)} runs, spread "
            f"{instructions.spread(runs):.4%})"
        )
        ins = entry.instructions
        if ins.half_count_value is not None:
            exponent = growth_exponent(ins.count, ins.half_count_value, ins.value)
            line += f"  growth exponent {exponent:.3f}"
        if entry.wall_clock is not None:
            wc = entry.wall_clock
            line += f"  time / {REFERENCE}: {wc.ratio:.4g} (rounds {wc.low:.4g}..{wc.high:.4g})"
        print(line)
        if instructions.spread(runs) > NOT_REPEATABLE:
            print(
                f"perf-gate: warning: {name}'s counts differ between runs; threads or "
                "randomness in it make its instruction verdicts unreliable",
                file=sys.stderr,
            )
    return Exit.OK


def _usage(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Bad combinations of options end here, with argparse's message and status 2."""
    for option in ("jobs", "rounds", "repeat"):
        if getattr(args, option, 1) < 1:
            parser.error(f"--{option} must be at least 1")
    against_ref = getattr(args, "against", None)
    if against_ref is not None and not against_ref.strip():
        # What make leaves of --against '$(...)' when the command printed nothing: comparing
        # with the committed baseline instead would pass without the comparison asked for.
        parser.error("--against needs a git ref (an empty or blank REF names no commit)")
    if against_ref is not None and args.baseline != REPO / DEFAULT_PATH:
        parser.error("--against compares with REF's build; it reads no --baseline")


def _run(args: argparse.Namespace, names: list[str]) -> int:
    # Minutes of measuring are not spent on a report that could not be written.
    for option, path in _requested_outputs(args).items():
        outputs.check_writable(option, path)
    if args.command == "baseline":
        return _record(args, names)
    if args.against is not None:
        outputs.check_artifacts(args.artifacts, against.SIDES)
        return _check_against(args, names)
    return _check_baseline(args, names)


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    _usage(parser, args)
    names = _selected(parser, args.impl)
    try:
        return _run(args, names)
    except outputs.OutputError as err:
        print(f"perf-gate: {err}", file=sys.stderr)
        return Exit.OUTPUT_FAILED
    except BaselineError as err:
        print(f"perf-gate: bad baseline: {err}", file=sys.stderr)
        return Exit.BAD_BASELINE
    except instructions.ValgrindMissing as err:
        print(f"perf-gate: {err}", file=sys.stderr)
        return Exit.NO_VALGRIND
    except (MeasurementError, primes.ImplementationUnavailable) as err:
        print(f"perf-gate: measurement failed: {err}", file=sys.stderr)
        return Exit.MEASUREMENT_FAILED
    except base_build.BaseBuildError as err:
        print(f"perf-gate: cannot build the base: {err}", file=sys.stderr)
        return Exit.BASE_BUILD_FAILED
