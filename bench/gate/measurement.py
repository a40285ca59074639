"""Running both metrics over a set of implementations, and measuring suspects again."""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence

from msgspec.structs import replace

from bench.gate import environment, instructions, wallclock
from bench.gate.baseline import Entry, Instructions, Results, WallClock
from bench.gate.compare import INSTRUCTIONS, WALL_CLOCK, Row, Verdict
from bench.paths import REPO

#: Suspected regressions are measured again, and must fail every time.
ATTEMPTS = 3


def measure(
    names: Sequence[str],
    counts: dict[str, int],
    *,
    reference: str,
    wall_clock_count: int,
    repeat: int,
    jobs: int,
    rounds: int,
    wall_clock_runs: int = 1,
) -> tuple[Results, str]:
    valgrind = instructions.find_valgrind()
    started = time.monotonic()
    print(
        f"perf-gate: counting instructions of {len(names)} implementation(s) under callgrind "
        f"({jobs} at a time)...",
        file=sys.stderr,
    )
    counted = instructions.measure(
        {name: counts[name] for name in names},
        python=sys.executable,
        valgrind=valgrind,
        repeat=repeat,
        jobs=jobs,
    )
    print(f"perf-gate: timing against {reference}...", file=sys.stderr)
    ratios = wallclock.median_of(
        [
            wallclock.time_ratios(names, reference=reference, count=wall_clock_count, rounds=rounds)
            for _ in range(wall_clock_runs)
        ]
    )
    entries = {}
    for name in names:
        ins = counted[name]
        ratio = ratios.get(name)
        entries[name] = Entry(
            Instructions(ins.count, ins.instructions, ins.runs, ins.half),
            None if ratio is None else _wall_clock(ratio),
        )
    env = environment.collect(instructions.valgrind_version(valgrind), REPO)
    results = Results(reference, entries, env, environment.now())
    return results, f"{time.monotonic() - started:.0f} s"


def _wall_clock(ratio: wallclock.TimeRatio) -> WallClock:
    return WallClock(ratio.count, ratio.ratio, ratio.low, ratio.high, ratio.rounds)


def remeasure_suspects(
    current: Results,
    rows: list[Row],
    *,
    wall_clock_count: int,
    rounds: int,
    jobs: int,
    attempt: int,
) -> Results | None:
    """`current` with every suspected regression measured again, the better figure kept.

    A neighbour's burst of load passes, and a count that is not perfectly repeatable varies;
    a real slowdown shows in every attempt. None when nothing is suspected.
    """
    suspects = {
        metric: [
            row.implementation
            for row in rows
            if row.metric == metric and row.verdict is Verdict.REGRESSED
        ]
        for metric in (INSTRUCTIONS, WALL_CLOCK)
    }
    if not any(suspects.values()):
        return None
    named = sorted({name for names in suspects.values() for name in names})
    print(
        f"perf-gate: measuring {', '.join(named)} again to "
        f"confirm a regression (attempt {attempt} of {ATTEMPTS})",
        file=sys.stderr,
    )
    entries = dict(current.entries)
    if suspects[INSTRUCTIONS]:
        counted = instructions.measure(
            {name: _count(entries[name]) for name in suspects[INSTRUCTIONS]},
            python=sys.executable,
            valgrind=instructions.find_valgrind(),
            jobs=jobs,
        )
        for name, again in counted.items():
            before = entries[name].instructions
            assert before is not None
            runs = before.runs + again.runs
            best = min(before.value, again.instructions)
            half = before.half_count_value if best == before.value else again.half
            entries[name] = replace(
                entries[name], instructions=Instructions(before.count, best, runs, half)
            )
    if suspects[WALL_CLOCK]:
        timed = wallclock.time_ratios(
            suspects[WALL_CLOCK], reference=current.reference, count=wall_clock_count, rounds=rounds
        )
        for name, ratio in timed.items():
            before_ratio = entries[name].wall_clock
            if before_ratio is None or ratio.ratio < before_ratio.ratio:
                entries[name] = replace(entries[name], wall_clock=_wall_clock(ratio))
    return replace(current, entries=entries)


def _count(entry: Entry) -> int:
    assert entry.instructions is not None
    return entry.instructions.count
