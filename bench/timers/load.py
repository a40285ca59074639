"""How busy the machine was while something measured, for every study (the threads study's
/proc/stat reading, `bench.timers.threads.busy_seconds`, around a whole study).

Other processes' CPU time is the usable cores' busy time minus the hypervisor's steal and
minus this process's own CPU time and its waited-for children's (hyperfine and the commands it
ran, pytest, the workers): what is left was someone else's.
"""

from __future__ import annotations

import os
import resource
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from bench.raw.load import Load, LoadAverage
from bench.timers.threads import STEAL_COLUMNS, busy_seconds, usable_cpus


def _own() -> float:
    """CPU seconds of this process and every child it has waited for, so far."""
    mine = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return mine.ru_utime + mine.ru_stime + children.ru_utime + children.ru_stime


def _average() -> LoadAverage | None:
    if not hasattr(os, "getloadavg"):
        return None
    one, five, fifteen = os.getloadavg()
    return (round(one, 2), round(five, 2), round(fifteen, 2))


@dataclass
class Meter:
    """Holds the readings at the start; `load` is set when the block ends."""

    load: Load | None = None


@contextmanager
def watched() -> Iterator[Meter]:
    """Measure the machine's load over the block: `meter.load` afterwards."""
    cpus = usable_cpus()
    meter = Meter()
    before = (busy_seconds(cpus), busy_seconds(cpus, columns=STEAL_COLUMNS), _own())
    average = _average()
    start = time.monotonic()
    try:
        yield meter
    finally:
        wall = time.monotonic() - start
        after = (busy_seconds(cpus), busy_seconds(cpus, columns=STEAL_COLUMNS), _own())
        own = after[2] - before[2]
        busy = steal = others = None
        if before[0] is not None and after[0] is not None:
            busy = after[0] - before[0]
        if before[1] is not None and after[1] is not None:
            steal = max(0.0, after[1] - before[1])
        if busy is not None:
            others = max(0.0, busy - (steal or 0.0) - own)
        meter.load = Load(
            wall=round(wall, 3),
            cores=len(cpus),
            others=None if others is None else round(others, 3),
            steal=None if steal is None else round(steal, 3),
            own=round(own, 3),
            load_before=average,
            load_after=_average(),
        )
