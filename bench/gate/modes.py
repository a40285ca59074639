"""The gate's three ways to run: against the committed baseline, `--against REF`, recording."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from functools import partial

import primes
from bench.gate import against, base_build, environment, instructions, measurement, outputs
from bench.gate.baseline import Results, load, save
from bench.gate.compare import Row, compare, growth_exponent
from bench.gate.exits import Exit
from bench.gate.options import thresholds
from bench.gate.policy import (
    BASELINE_WALL_CLOCK_RUNS,
    NOT_REPEATABLE,
    REFERENCE,
    WALL_CLOCK_COUNT,
    counts,
    default_counts,
    environment_check,
    wall_clock_count,
)
from bench.gate.verdicts import Verdicts, finish
from bench.paths import REPO


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


def check_baseline(args: argparse.Namespace, names: list[str]) -> int:
    base = load(args.baseline)
    reference = base.reference if base.reference in primes.names() else REFERENCE
    wall_count = wall_clock_count(base)
    current, took = measurement.measure(
        names,
        counts(base, names),
        reference=reference,
        wall_clock_count=wall_count,
        repeat=1,
        jobs=args.jobs,
        rounds=args.rounds,
    )
    env = environment_check(base, current, ignored=args.ignore_environment)
    judge = partial(
        compare,
        base,
        thresholds=thresholds(args),
        instructions_unreliable=env.instructions_unreliable_for([*current.entries, *base.entries]),
        wall_clock_unreliable=env.wall_clock_unreliable,
        selected=set(names) if args.impl else None,
    )
    current, rows = _settle(current, judge, args, wall_count)
    for warning in env.warnings():
        print(warning)
    preamble = [
        f"baseline: {args.baseline} (recorded {base.recorded})",
        "instructions: callgrind Ir of first_n(count) minus first_n(0), in one process; "
        f"growth exponent: from the same at count // 2; time / {reference}: median of "
        f"{args.rounds} interleaved rounds at count {wall_count:,}; a regression must "
        f"show in {measurement.ATTEMPTS} attempts; measured in {took}",
    ]
    return finish(
        args,
        Verdicts(
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


def checkout(commit: str) -> str:
    """`environment.collect`'s commit as the head's name: HEAD's hash alone would name the
    base's own commit for a working tree that differs from it."""
    sha, _, changes = commit.partition(" ")
    return sha[:12] + (" with uncommitted changes" if changes else "")


def check_against(args: argparse.Namespace, names: list[str]) -> int:
    started = time.monotonic()
    base_build.resolve(args.against)
    # Before minutes of building a base that could not be measured.
    instructions.find_valgrind()
    counts = default_counts(names)
    # The head's counts are taken while the base builds (head_first.py).
    with against.counting_head(counts, artifacts=args.artifacts, jobs=args.jobs) as head:
        base = base_build.build(args.against)
        outcome = against.check(
            names,
            counts,
            base,
            head,
            thresholds=thresholds(args),
            artifacts=args.artifacts,
            jobs=args.jobs,
            rounds=args.rounds,
        )
    env = environment.collect(instructions.valgrind_version(instructions.find_valgrind()), REPO)
    cache = "reused from the cache" if base.reused else "built now"
    preamble = [
        f"base: {args.against} = {base.short} ({cache}); head: this checkout "
        f"({checkout(env['commit'])}), both measured now, {time.monotonic() - started:.0f} s",
        "instructions: callgrind Ir of first_n(count) minus first_n(0); growth exponent: "
        "from the same at count // 2; time / base: median head/base ratio of "
        f"{args.rounds} alternating rounds with its 95% interval (fewer where the interval "
        "was already well inside the threshold), a "
        "slowdown must clear the threshold with its whole interval, in "
        f"{measurement.ATTEMPTS} attempts",
    ]
    if outcome.new:
        preamble.append(f"not in the base: {', '.join(outcome.new)} (measured, not compared)")
    return finish(
        args,
        Verdicts(
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


def record(args: argparse.Namespace, names: list[str]) -> int:
    results, took = measurement.measure(
        names,
        default_counts(names),
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
        ins = entry.instructions
        line = (
            f"  {name:<16} instructions at {ins.count:>6,}: "
            f"{ins.value:>14,}  ({len(ins.runs)} runs, spread "
            f"{instructions.spread(ins.runs):.4%})"
        )
        if ins.half_count_value is not None:
            exponent = growth_exponent(ins.count, ins.half_count_value, ins.value)
            line += f"  growth exponent {exponent:.3f}"
        if entry.wall_clock is not None:
            wc = entry.wall_clock
            line += f"  time / {REFERENCE}: {wc.ratio:.4g} (rounds {wc.low:.4g}..{wc.high:.4g})"
        print(line)
        if instructions.spread(ins.runs) > NOT_REPEATABLE:
            print(
                f"perf-gate: warning: {name}'s counts differ between runs; threads or "
                "randomness in it make its instruction verdicts unreliable",
                file=sys.stderr,
            )
    return Exit.OK
