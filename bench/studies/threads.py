"""One thread vs two: what releasing the GIL buys.

For each implementation, a batch of `first_n(count)` calls is timed in one thread, then two
threads each run the same batch at once. Throughput scaling is 2 x t(one) / t(two): 2.0 when
the calls run in parallel on two cores, 1.0 when the GIL serialises them (pure Python).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from functools import partial

from bench.counts import TALK_COUNT
from bench.raw import layout
from bench.raw.manifest import StudyRecord
from bench.raw.samples import Samples, SamplesFile
from bench.studies.base import StudyContext
from bench.timers.interleaved import calibrate

#: Threads in the parallel run: the reference machine has two cores.
THREADS = 2


def _batch(first_n: Callable[[int], object], count: int, calls: int) -> None:
    for _ in range(calls):
        first_n(count)


def _in_threads(work: Callable[[], None], threads: int) -> float:
    """Seconds from the moment all `threads` start `work` until the last one finishes."""
    barrier = threading.Barrier(threads + 1)

    def worker() -> None:
        barrier.wait()
        work()

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    barrier.wait()
    start = time.perf_counter()
    for thread in pool:
        thread.join()
    return time.perf_counter() - start


class ThreadsStudy:
    name = layout.THREADS
    title = "One thread vs two threads"

    def run(self, ctx: StudyContext) -> StudyRecord:
        import primes

        record = StudyRecord(self.name, self.title)
        rounds, target = (3, 0.1) if ctx.config.quick else (7, 0.3)
        raw = SamplesFile(
            self.name, {"count": TALK_COUNT, "threads": THREADS, "rounds": rounds, "target": target}
        )
        names = [
            name
            for name in ctx.config.implementations
            if not ctx.refused(record, name, ctx.checker.check_implementation(name, [TALK_COUNT]))
        ]
        task = ctx.reporter.task(self.title, total=len(names))
        for name in names:
            task.status(name)
            first_n = primes.get(name)
            calls = calibrate(partial(first_n, TALK_COUNT), target)
            work = partial(_batch, first_n, TALK_COUNT, calls)
            one: list[float] = []
            two: list[float] = []
            for _ in range(rounds):
                one.append(_in_threads(work, 1) / calls)
                two.append(_in_threads(work, THREADS) / calls)
            raw.add(f"{name}/1", Samples(calls, tuple(one)), implementation=name, threads="1")
            raw.add(
                f"{name}/{THREADS}",
                Samples(calls, tuple(two)),
                implementation=name,
                threads=str(THREADS),
            )
            task.advance()
        raw.write(ctx.raw / layout.THREADS_JSON)
        record.files.append(layout.THREADS_JSON)
        return record


STUDY = ThreadsStudy()
