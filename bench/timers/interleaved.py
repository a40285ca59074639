"""In-process timing for comparisons that must be ratios taken in one run.

Each case is calibrated to a loop lasting about `target` seconds, then every round times each
case once, in a rotated order, so that whatever else the shared machine does in that moment
slows all cases of the round alike. Ratios are then taken round by round.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Mapping

from bench.raw.samples import Samples

#: One thing to time: a call with its arguments bound.
Call = Callable[[], object]


def _timed(call: Call, loops: int) -> float:
    start = time.perf_counter()
    for _ in range(loops):
        call()
    return time.perf_counter() - start


def calibrate(call: Call, target: float) -> int:
    """Loops per sample so one sample lasts about `target` seconds (at least one loop)."""
    loops = 1
    while True:
        elapsed = _timed(call, loops)
        if elapsed >= target / 4 or loops >= 1 << 24:
            return max(1, round(loops * target / max(elapsed, 1e-9)))
        loops *= 8


def interleaved(
    cases: Mapping[str, Call],
    *,
    rounds: int,
    target: float,
    before_sample: Call | None = None,
) -> dict[str, Samples]:
    """Time every case `rounds` times, one sample of each per round, in rotated order;
    `before_sample`, when given, runs untimed before each sample (not before calibration)."""
    if rounds < 1:
        raise ValueError(f"rounds must be at least 1, got {rounds}")
    names = list(cases)
    loops = {name: calibrate(cases[name], target) for name in names}
    seconds: dict[str, list[float]] = {name: [] for name in names}
    was_enabled = gc.isenabled()
    gc.disable()  # as timeit does: a collection would land on whichever case is running
    try:
        for round_index in range(rounds):
            shift = round_index % len(names)
            for name in names[shift:] + names[:shift]:
                if before_sample is not None:
                    before_sample()
                seconds[name].append(_timed(cases[name], loops[name]) / loops[name])
    finally:
        if was_enabled:
            gc.enable()
    return {name: Samples(loops[name], tuple(seconds[name])) for name in names}
