"""Wall-clock time of each implementation relative to a reference, taken in one process.

Absolute times on a shared machine move by 10-30% between runs; the ratio of two calls made a
few milliseconds apart moves much less, because both see the same load. Each round times every
implementation once, in a rotating order, and the verdict uses the median over rounds.
"""

from __future__ import annotations

import gc
import math
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from primes import registry

#: Many short samples: a preemption spoils one sample rather than a round's worth, and the
#: median over rounds discards it.
ROUNDS = 31
SAMPLE_SECONDS = 0.005


@dataclass(frozen=True)
class TimeRatio:
    name: str
    reference: str
    count: int
    #: Median over rounds of t(name) / t(reference), both at `count`: below 1 is faster.
    ratio: float
    low: float
    high: float
    rounds: int


def _per_call(function: Callable[[int], object], count: int, loops: int) -> float:
    start = time.perf_counter()
    for _ in range(loops):
        function(count)
    return (time.perf_counter() - start) / loops


def _loops_for(function: Callable[[int], object], count: int, sample_seconds: float) -> int:
    # Enough calls per sample that the timer's resolution and the loop's overhead vanish.
    one = _per_call(function, count, 1)
    return max(1, math.ceil(sample_seconds / max(one, 1e-9)))


def time_ratios(
    names: Sequence[str],
    *,
    reference: str,
    count: int,
    rounds: int = ROUNDS,
    sample_seconds: float = SAMPLE_SECONDS,
) -> dict[str, TimeRatio]:
    """t(name) / t(reference) for every name except the reference itself."""
    if rounds < 1:
        raise ValueError(f"rounds must be at least 1, got {rounds}")
    order = [reference, *(name for name in names if name != reference)]
    functions = {name: registry.get(name) for name in order}
    for function in functions.values():
        function(count)  # first calls pay for lazy set-up; not timed
    loops = {name: _loops_for(f, count, sample_seconds) for name, f in functions.items()}

    samples: dict[str, list[float]] = {name: [] for name in order}
    was_enabled = gc.isenabled()
    gc.disable()  # as timeit does: a collection would land on whichever call is running
    try:
        for round_index in range(rounds):
            shift = round_index % len(order)
            for name in order[shift:] + order[:shift]:
                samples[name].append(_per_call(functions[name], count, loops[name]))
    finally:
        if was_enabled:
            gc.enable()

    result = {}
    for name in order[1:]:
        ratios = [t / ref for t, ref in zip(samples[name], samples[reference], strict=True)]
        result[name] = TimeRatio(
            name=name,
            reference=reference,
            count=count,
            ratio=statistics.median(ratios),
            low=min(ratios),
            high=max(ratios),
            rounds=rounds,
        )
    return result


def median_of(runs: Sequence[dict[str, TimeRatio]]) -> dict[str, TimeRatio]:
    """Per name, the run with the median ratio (the lower middle one for an even count)."""
    result = {}
    for name in runs[0]:
        ordered = sorted((run[name] for run in runs), key=lambda r: r.ratio)
        result[name] = ordered[(len(ordered) - 1) // 2]
    return result
