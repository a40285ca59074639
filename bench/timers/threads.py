"""Time a batch of work in N threads at once, with what each thread got of the machine.

Wall time alone cannot say why two threads did not do twice the work: they took turns (the
GIL), or another process had the second core. Each worker thread therefore reads its own CPU
time and, on Linux, the time it spent ready to run while no core ran it (the scheduler's
run-queue time, /proc/thread-self/schedstat); around the batch, /proc/stat says how busy the
process's cores were by anyone and `time.process_time` how much of that was this process.
A thread waiting for the GIL sleeps: it is neither running nor queued for a core.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Collection
from pathlib import Path

from bench.raw.threads import Round

SCHEDSTAT = Path("/proc/thread-self/schedstat")
PROC_STAT = Path("/proc/stat")
#: /proc/stat counts in clock ticks (USER_HZ).
_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
#: /proc/stat columns (after the cpuN name) that are busy: user, nice, system, irq, softirq and
#: steal (a hypervisor running someone else). Not idle and iowait; guest time is inside user.
_BUSY_COLUMNS = (0, 1, 2, 5, 6, 7)
#: The steal column alone: time a hypervisor ran another guest on these cores.
STEAL_COLUMNS = (7,)


def usable_cpus() -> frozenset[int]:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return frozenset(os.sched_getaffinity(0))
    return frozenset(range(os.cpu_count() or 1))


def waited_seconds() -> float | None:
    """Seconds the calling thread has spent ready to run with no core running it, since it
    started; None where the kernel does not say."""
    try:
        fields = SCHEDSTAT.read_bytes().split()
        return int(fields[1]) / 1e9
    except (OSError, ValueError, IndexError):
        return None


def busy_seconds(
    cpus: Collection[int], stat: Path = PROC_STAT, columns: tuple[int, ...] = _BUSY_COLUMNS
) -> float | None:
    """CPU seconds the given cores have been busy since boot, by every process (or, with
    `columns`, in those /proc/stat columns only); None where /proc/stat is not there or lacks
    one of them."""
    try:
        lines = stat.read_text(encoding="ascii").splitlines()
    except OSError:
        return None
    wanted = {f"cpu{cpu}" for cpu in cpus}
    ticks = 0
    seen = 0
    for line in lines:
        name, _, rest = line.partition(" ")
        if name in wanted:
            values = [int(value) for value in rest.split()]
            ticks += sum(values[index] for index in columns if index < len(values))
            seen += 1
    return ticks / _TICKS if seen == len(wanted) else None


def in_threads(work: Callable[[], None], threads: int, cpus: Collection[int]) -> Round:
    """Run `work` in `threads` threads started together; the batch as a `Round`."""
    barrier = threading.Barrier(threads + 1)
    cpu = [0.0] * threads
    waited: list[float | None] = [None] * threads

    def worker(index: int) -> None:
        barrier.wait()
        waited_before = waited_seconds()
        cpu_before = time.thread_time()
        work()
        cpu[index] = time.thread_time() - cpu_before
        waited_after = waited_seconds()
        if waited_before is not None and waited_after is not None:
            waited[index] = waited_after - waited_before

    pool = [threading.Thread(target=worker, args=(index,)) for index in range(threads)]
    for thread in pool:
        thread.start()
    busy_before = busy_seconds(cpus)
    own_before = time.process_time()
    barrier.wait()
    start = time.perf_counter()
    for thread in pool:
        thread.join()
    wall = time.perf_counter() - start
    own = time.process_time() - own_before
    busy_after = busy_seconds(cpus)
    known = [value for value in waited if value is not None]
    return Round(
        wall=wall,
        cpu=tuple(cpu),
        waited=tuple(known) if len(known) == threads else None,
        busy=None
        if busy_before is None or busy_after is None
        else max(0.0, busy_after - busy_before),
        own=own,
    )
