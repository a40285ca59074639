"""The first call in a fresh process: what an implementation pays before the steady state,
from the first-call study's processes (medians over processes, their spread, and when a
faster steady call pays back a slower start)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from statistics import median, quantiles

from bench.raw.first_call import Process

#: A first call within this share of the steady call is "about as long".
SAME = 0.1


def half_iqr(values: Sequence[float]) -> float | None:
    """Half the interquartile range as a share of the median; None for fewer than 2 values."""
    if len(values) < 2:
        return None
    low, _, high = quantiles(values, n=4, method="inclusive")
    return (high - low) / 2 / median(values)


def steady(process: Process) -> float:
    """A process's steady-state call: the median of its later calls."""
    return median(process.steady)


def first_over_steady(processes: Sequence[Process]) -> float:
    """Median over processes of each one's first call ÷ its own steady call."""
    return median(p.first_call / steady(p) for p in processes)


def once(processes: Sequence[Process]) -> float:
    """What a process that calls once pays after start-up: import and first call (median)."""
    return median(p.import_seconds + p.first_call for p in processes)


def calls_to_overtake(
    fast_once: float, fast_steady: float, slow_once: float, slow_steady: float
) -> int | None:
    """The first call from which a process using the `fast_*` implementation has spent less
    in total (import included) than one using the `slow_*`; None if it never does."""
    if fast_once <= slow_once:
        return 1
    saved = slow_steady - fast_steady
    if saved <= 0:
        return None
    return 1 + math.floor((fast_once - slow_once) / saved) + 1
