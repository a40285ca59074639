"""One thread vs two: what releasing the GIL buys, and whether the machine let it show.

For each implementation, a batch of `first_n(count)` calls is timed in one thread, then two
threads each run the same batch at once, round after round. Throughput scaling is
2 x t(one) / t(two): 2.0 when the calls run in parallel on two cores, 1.0 when the GIL
serialises them (pure Python) -- or when another process holds the second core, which wall
time alone cannot tell apart. So each batch also records every worker thread's CPU time and
time spent waiting for a core, and how busy the cores were (`bench.timers.threads`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import partial

from bench.counts import TALK_COUNT
from bench.raw import layout
from bench.raw.manifest import StudyRecord
from bench.raw.threads import Case, Settings, Tags, ThreadsFile
from bench.studies.base import StudyContext
from bench.timers.interleaved import calibrate
from bench.timers.threads import in_threads, usable_cpus

#: Threads in the parallel run: the reference machine has two cores.
THREADS = 2


def _batch(first_n: Callable[[int], object], count: int, calls: int) -> None:
    for _ in range(calls):
        first_n(count)


def _load() -> tuple[float, float, float] | None:
    return os.getloadavg() if hasattr(os, "getloadavg") else None


class ThreadsStudy:
    name = layout.THREADS
    title = "One thread vs two threads"

    def run(self, ctx: StudyContext) -> StudyRecord:
        import primes

        record = StudyRecord(self.name, self.title)
        rounds, target = ctx.config.plan.threads.rounds, ctx.config.plan.threads.target
        cpus = usable_cpus()
        names = [
            name
            for name in ctx.planned(record)
            if not ctx.refused(record, name, ctx.checker.check_implementation(name, [TALK_COUNT]))
        ]
        if len(cpus) < THREADS:
            record.notes.append(
                f"this process may use {len(cpus)} core(s): {THREADS} threads cannot run at once"
            )
        task = ctx.reporter.task(self.title, total=len(names))
        load_before = _load()
        cases: list[Case] = []
        for name in names:
            task.status(name)
            first_n = primes.get(name)
            calls = calibrate(partial(first_n, TALK_COUNT), target)
            work = partial(_batch, first_n, TALK_COUNT, calls)
            one, more = [], []
            for _ in range(rounds):
                one.append(in_threads(work, 1, cpus))
                more.append(in_threads(work, THREADS, cpus))
            for threads, batches in ((1, one), (THREADS, more)):
                cases.append(
                    Case(
                        tags=Tags(name, str(threads)),
                        loops=calls,
                        seconds=tuple(batch.wall / calls for batch in batches),
                        rounds=tuple(batches),
                    )
                )
            task.advance()
        raw = ThreadsFile(
            settings=Settings(
                threads=THREADS,
                count=TALK_COUNT,
                rounds=rounds,
                target=target,
                usable_cores=len(cpus),
                load_before=load_before,
                load_after=_load(),
            )
        )
        for case in cases:
            raw.add(case)
        raw.write(ctx.raw / layout.THREADS_JSON)
        record.files.append(layout.THREADS_JSON)
        return record


STUDY = ThreadsStudy()
