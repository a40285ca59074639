"""`threads.json`: one thread against several, with what each worker thread got of the machine.

A samples file (`bench.raw.samples`, format 1): each case `<implementation>/<threads>` holds, per
round, the wall seconds per call per thread, so any samples reader still finds the speed-up.
Each case adds `rounds`, one per timed batch, for what wall time cannot tell apart: threads
that ran in parallel, threads that took turns holding the GIL, and threads that waited for a
core another process held. For every worker thread its CPU seconds (`time.thread_time`) and
its seconds ready to run but not running (Linux's `schedstat` run-queue time); for the batch,
how long the cores this process may use were busy by anyone (`/proc/stat`) and how much of
that was this process (`time.process_time`), the rest being other processes.

A file from before `rounds` existed is read with none; the report says so.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import msgspec

from bench.raw import layout, records
from bench.raw.records import Seconds, SecondsOrZero

FORMAT = 1


class ThreadsFormatError(records.RawFileError):
    """Not a threads file this report understands."""


class Round(msgspec.Struct, frozen=True, kw_only=True):
    """One timed batch: every worker thread made the case's `loops` calls at once."""

    #: Seconds from the start of all workers to the end of the last one.
    wall: Seconds
    #: Each worker thread's CPU seconds over its calls.
    cpu: tuple[SecondsOrZero, ...]
    #: Each worker thread's seconds ready to run while no core ran it; None where the system
    #: does not say (not Linux, or a kernel without schedstats).
    waited: tuple[SecondsOrZero, ...] | None = None
    #: CPU seconds the cores this process may use were busy, by every process; None where
    #: /proc/stat is not there.
    busy: SecondsOrZero | None = None
    #: CPU seconds this process used over the same span.
    own: SecondsOrZero | None = None

    @property
    def others(self) -> float | None:
        """CPU seconds other processes took from this process's cores during the batch."""
        if self.busy is None or self.own is None:
            return None
        return max(0.0, self.busy - self.own)


_Digits = records.CountText


class Tags(msgspec.Struct, frozen=True):
    implementation: str
    threads: _Digits


class Case(msgspec.Struct, frozen=True, kw_only=True):
    tags: Tags
    #: Calls per worker thread in each batch.
    loops: records.Times
    #: Per round: wall seconds per call per thread (the batch's wall time over `loops`).
    seconds: Annotated[tuple[Seconds, ...], msgspec.Meta(min_length=1)]
    rounds: tuple[Round, ...] = ()

    @property
    def implementation(self) -> str:
        return self.tags.implementation

    @property
    def threads(self) -> int:
        return int(self.tags.threads)


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    #: Worker threads in the parallel batches.
    threads: records.Times
    count: records.Count
    rounds: records.Times | None = None
    #: Seconds each batch was calibrated to last.
    target: SecondsOrZero | None = None
    #: Cores this process was allowed to run on (its affinity), None where unknown.
    usable_cores: records.Times | None = None
    #: The 1, 5 and 15 minute load averages before the first batch and after the last.
    load_before: tuple[records.Load, records.Load, records.Load] | None = None
    load_after: tuple[records.Load, records.Load, records.Load] | None = None


class ThreadsFile(msgspec.Struct, kw_only=True):
    format: int = FORMAT
    study: str = layout.THREADS
    settings: Settings
    cases: dict[str, Case] = {}

    def add(self, case: Case) -> None:
        self.cases[f"{case.implementation}/{case.threads}"] = case

    def pairs(self) -> Iterator[tuple[Case, Case]]:
        """(one thread, `settings.threads` threads) of each implementation timed both ways,
        in the order they were timed."""
        for case in self.cases.values():
            if case.threads == 1:
                more = self.cases.get(f"{case.implementation}/{self.settings.threads}")
                if more is not None and more is not case:
                    yield case, more

    def write(self, path: Path) -> None:
        records.write(path, self, indent=1)

    @classmethod
    def read(cls, path: Path) -> ThreadsFile:
        found = records.read_format(path, ThreadsFormatError)
        if found != FORMAT:
            raise ThreadsFormatError(f"{path}: format {found!r} is not {FORMAT}")
        data = records.read(path, cls, ThreadsFormatError)
        if data.study != layout.THREADS:
            raise ThreadsFormatError(f"{path}: study {data.study!r} is not {layout.THREADS!r}")
        for name, case in data.cases.items():
            for index, batch in enumerate(case.rounds):
                for field, values in (("cpu", batch.cpu), ("waited", batch.waited)):
                    if values is not None and len(values) != case.threads:
                        raise ThreadsFormatError(
                            f"{path}: {len(values)} values for {case.threads} threads - at "
                            f"`$.cases[{name!r}].rounds[{index}].{field}`"
                        )
        return data


def read_if_present(path: Path) -> ThreadsFile | None:
    """The threads file at `path`, or None when the study did not run."""
    return ThreadsFile.read(path) if path.exists() else None
