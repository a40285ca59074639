"""`check --against REF`: the base's build and the head's, measured on one machine in one job.

Both sides are counted by the same probe under the same valgrind, so every instruction and
scaling figure is comparable by construction; wall-clock is head over base, timed alternately
(versus.py). Nothing here reads the committed baseline.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.gate import (
    base_build,
    callgrind,
    count_cache,
    count_store,
    head_first,
    instructions,
    outputs,
    versus,
)
from bench.gate.base_build import BaseBuild
from bench.gate.baseline import Entry, Instructions, Results
from bench.gate.compare import (
    INSTRUCTIONS,
    SCALING,
    TIME_VS_BASE,
    Row,
    Thresholds,
    Verdict,
    compare,
    judge_interval,
)
from bench.gate.measurement import ATTEMPTS

#: The two builds, as named in the artifacts folder (artifacts/base, artifacts/head).
SIDES = ("base", "head")


@dataclass(frozen=True)
class Outcome:
    rows: list[Row]
    #: Where each regressed implementation's extra instructions went.
    breakdowns: dict[str, callgrind.Breakdown]
    #: Names the head has and the base does not (measured, compared with nothing).
    new: list[str]


def _results(counted: Mapping[str, instructions.InstructionCount]) -> Results:
    entries = {
        name: Entry(Instructions(c.count, c.instructions, c.runs, c.half))
        for name, c in counted.items()
    }
    # Both sides run with this machine's tools at once: no environment to compare.
    return Results("", entries)


def store() -> count_store.Store:
    """The count store both sides' counts are kept in (target/perf-gate/counts)."""
    valgrind = instructions.find_valgrind()
    return count_store.Store(valgrind, base_build.CACHE.parent / count_store.FOLDER)


def _count(
    base: BaseBuild,
    base_counts: Mapping[str, int],
    head: head_first.HeadFirst,
    *,
    artifacts: Path,
    jobs: int,
) -> tuple[Results, Results]:
    """Both sides' counts: the head's from `head` (taken while the base built), the base's from
    its cache where it holds them, else counted (once the head's are kept, so a base file for
    file the head's is not counted again) and kept."""
    valgrind = instructions.find_valgrind()
    stamp = base.stamp()
    digest = None if stamp is None else count_cache.key(stamp, valgrind)
    cached = (
        {}
        if digest is None
        else count_cache.load(base.folder, digest, base_counts, artifacts / "base")
    )
    missing = {name: count for name, count in base_counts.items() if name not in cached}
    if cached:
        print(
            f"perf-gate: the base's instructions of {len(cached)} implementation(s) "
            "reused from its cache (same build, machine, valgrind and probe)",
            file=sys.stderr,
        )
    counted_head = head.result()
    print(
        f"perf-gate: counting instructions under callgrind, {jobs} at a time: "
        f"{len(missing)} implementation(s) of the base, unless the same files were counted "
        "before...",
        file=sys.stderr,
    )
    counted_base = instructions.count_sides(
        [instructions.Side(str(base.python), missing, artifacts / "base")],
        valgrind=valgrind,
        jobs=jobs,
        reuse=store(),
    )
    reused = [
        _as_shared(counted_base.reused[0], counted_base.keys[0], counted_head.keys[0]),
        counted_head.reused[0],
    ]
    for line in _reuse_lines(reused):
        print(f"perf-gate: {line}", file=sys.stderr)
    if digest is not None and counted_base.counts[0]:
        count_cache.store(base.folder, digest, counted_base.counts[0].values(), artifacts / "base")
    return _results({**cached, **counted_base.counts[0]}), _results(counted_head.counts[0])


def _as_shared(
    reused: Mapping[str, str], keys: Mapping[str, str], head_keys: Mapping[str, str]
) -> dict[str, str]:
    """The base's reused counts, those of the same files as the head's named SHARED."""
    mine = set(head_keys.values())
    return {
        name: instructions.SHARED if keys.get(name) in mine else how for name, how in reused.items()
    }


def _reuse_lines(reused: Sequence[Mapping[str, str]]) -> list[str]:
    """Which counts were not taken for their own side in this run, and why."""
    lines = []
    for side, other, found in zip(SIDES, reversed(SIDES), reused, strict=True):
        for how, why in (
            (instructions.KEPT, "the same files were counted before"),
            (instructions.SHARED, f"the same files as the {other}'s, counted once for both"),
        ):
            names = sorted(name for name, h in found.items() if h == how)
            if names:
                lines.append(f"the {side}'s {', '.join(names)} reused ({why})")
    return lines


def _time_row(t: versus.HeadOverBase, threshold: float) -> Row:
    verdict = judge_interval(t.ratio, t.low, t.high, threshold)
    note = f"median of {t.rounds} interleaved rounds"
    if t.stopped_early:
        note += (
            f", then no more: after {versus.STOP_AFTER_PAIRS} pairs of processes its "
            f"{versus.STOP_CONFIDENCE:.0%} interval was within ±{threshold / 2:.1%}"
        )
    if verdict is Verdict.TOO_NOISY:
        note = f"its 95% interval cannot tell ±{threshold:.1%}; {note}"
    return Row(t.name, TIME_VS_BASE, t.count, 1.0, t.ratio, t.ratio - 1, threshold, verdict,
               note, low=t.low, high=t.high)  # fmt: skip


def _timed(
    counts: Mapping[str, int], base: BaseBuild, rounds: int, threshold: float
) -> dict[str, Row]:
    """Head/base time rows; a suspected slowdown is timed again and must show every time."""
    print("perf-gate: timing base and head alternately...", file=sys.stderr)
    timed = versus.head_over_base(
        counts, base_python=base.python, rounds=rounds, stop_within=threshold / 2
    )
    stopped = [name for name, t in timed.items() if t.stopped_early]
    if stopped:
        print(
            f"perf-gate: {', '.join(stopped)} timed no more after {versus.STOP_AFTER_PAIRS} "
            f"pairs of processes: the {versus.STOP_CONFIDENCE:.0%} interval of each was within "
            f"±{threshold / 2:.1%}",
            file=sys.stderr,
        )
    for attempt in range(2, ATTEMPTS + 1):
        suspects = [
            name
            for name, t in timed.items()
            if judge_interval(t.ratio, t.low, t.high, threshold) is Verdict.REGRESSED
        ]
        if not suspects:
            break
        print(
            f"perf-gate: timing {', '.join(suspects)} again to confirm a slowdown "
            f"(attempt {attempt} of {ATTEMPTS})",
            file=sys.stderr,
        )
        again = versus.head_over_base(
            {name: counts[name] for name in suspects}, base_python=base.python, rounds=rounds
        )
        for name, t in again.items():
            timed[name] = min(timed[name], t, key=lambda x: x.ratio)
    return {name: _time_row(t, threshold) for name, t in timed.items()}


def _breakdowns(rows: Sequence[Row], artifacts: Path) -> dict[str, callgrind.Breakdown]:
    regressed = sorted(
        {
            row.implementation
            for row in rows
            if row.verdict is Verdict.REGRESSED and row.metric in (INSTRUCTIONS, SCALING)
        }
    )
    result = {}
    for name in regressed:
        profiles = [instructions.kept_profiles(artifacts / side, name) for side in SIDES]
        base, head = (callgrind.call_profile(p.full, p.empty) for p in profiles)
        result[name] = callgrind.breakdown(base, head)
    return result


def counting_head(counts: Mapping[str, int], *, artifacts: Path, jobs: int) -> head_first.HeadFirst:
    """The head's counts, to start before the base is built: `with counting_head(...) as head`."""
    outputs.prepare_artifacts(artifacts, SIDES)
    print(
        f"perf-gate: counting this checkout's {len(counts)} implementation(s) under callgrind, "
        f"{jobs} at a time, unless the same files were counted before...",
        file=sys.stderr,
    )
    return head_first.HeadFirst(
        counts,
        artifacts / "head",
        valgrind=instructions.find_valgrind(),
        jobs=jobs,
        reuse=store(),
    )


def check(
    names: Sequence[str],
    counts: Mapping[str, int],
    base: BaseBuild,
    head: head_first.HeadFirst,
    *,
    thresholds: Thresholds,
    artifacts: Path,
    jobs: int,
    rounds: int,
) -> Outcome:
    """`head` is `counting_head`'s, for `counts` of every one of `names`."""
    in_base = set(base_build.registered(base.python))
    common = {name: counts[name] for name in names if name in in_base}
    before, now = _count(base, common, head, artifacts=artifacts, jobs=jobs)
    rows = compare(before, now, thresholds)
    timed = _timed(common, base, rounds, thresholds.time_vs_base) if common else {}
    # Each implementation's rows together: instructions, scaling, then time.
    ordered = [
        row
        for name in names
        for row in [*(r for r in rows if r.implementation == name), timed.get(name)]
        if row is not None
    ]
    return Outcome(ordered, _breakdowns(ordered, artifacts), sorted(set(names) - in_base))
