"""Wall-clock time of each implementation relative to a reference, taken in one process.

Absolute times on a shared machine move by 10-30% between runs; the ratio of two calls made a
few milliseconds apart moves much less, because both see the same load. Each round times every
implementation once, in a rotating order, and the verdict uses the median over rounds.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from bench.timers.interleaved import interleaved
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


def time_ratios(
    names: Sequence[str],
    *,
    reference: str,
    count: int,
    rounds: int = ROUNDS,
    sample_seconds: float = SAMPLE_SECONDS,
) -> dict[str, TimeRatio]:
    """t(name) / t(reference) for every name except the reference itself."""
    order = [reference, *(name for name in names if name != reference)]
    cases = {name: partial(registry.get(name), count) for name in order}
    for case in cases.values():
        # Untimed: a first call may load or compile code (numba-naive: ~0.5 s from its cache),
        # and calibration would then settle on one loop per sample.
        case()
    # The benchmark driver's interleaved timer: calibrated loops, rotated order, GC off.
    samples = interleaved(cases, rounds=rounds, target=sample_seconds)
    reference_seconds = samples[reference].seconds
    result = {}
    for name in order[1:]:
        ratios = [t / ref for t, ref in zip(samples[name].seconds, reference_seconds, strict=True)]
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
