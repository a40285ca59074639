"""One thread vs two: what releasing the GIL buys, and whether the machine let it show.

Throughput alone cannot tell threads that took turns holding the GIL from threads whose second
core another process had. The worker threads' CPU time can: two threads that computed all the
time burned two CPU seconds per wall second, and no neighbour can add CPU time to our threads.
A neighbour can only take it away, and the time each thread spent waiting for a core says when
it did. Each row gets a verdict from those three figures (`judge`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from statistics import median

from bench.raw import layout
from bench.raw.threads import Case, ThreadsFile, read_if_present
from bench.report.rawrun import RawRun
from bench.report.stats import Ratio, ratio_of_medians

#: N threads "scaled" when they used at least this share of N cores' CPU time...
SCALED = 0.85
#: ...and "took turns" when they used at most this much more than one core's.
SERIAL = 0.25
#: The machine was too busy to judge when the worker threads waited for a core more than this
#: share of their time (or, where that is not recorded, when other processes used more than
#: OTHERS_BUSY of a core while N threads ran).
WAITED_BUSY = 0.10
OTHERS_BUSY = 0.25


class Verdict(Enum):
    #: The threads ran in parallel and did about N times the work.
    SCALED = "scaled"
    #: They ran in parallel (CPU time) but each call was slower: the cores slowed each other.
    SLOWED = "slowed"
    #: Between one core and N, on a quiet machine: part of each call holds the GIL.
    PARTIAL = "partly"
    #: About one core's CPU time on a quiet machine: the threads took turns holding the GIL.
    GIL = "GIL-bound"
    #: Another process took the cores: the figure cannot be trusted either way.
    BUSY = "busy machine"
    #: A file from before CPU time was recorded.
    UNRECORDED = "no CPU time"


@dataclass(frozen=True)
class Row:
    name: str
    #: Wall seconds per call per thread, per round: one thread, then `threads` threads.
    one: tuple[float, ...]
    more: tuple[float, ...]
    threads: int
    #: N x t(one) / t(N), with its 95% interval.
    throughput: Ratio
    #: The N worker threads' CPU seconds over the batch's wall seconds: median and range over
    #: the rounds; None when not recorded.
    cpu_use: float | None
    cpu_range: tuple[float, float] | None
    #: Share of the worker threads' time spent ready to run with no core running them, in the
    #: one-thread or the N-thread batches, whichever is larger; None when not recorded.
    waited: float | None
    #: Cores' worth of CPU time other processes used while N threads ran; None when unknown.
    others: float | None
    #: CPU seconds per call with N threads over those with one (median rounds); 1.0 when a
    #: call costs the same in parallel. None when not recorded.
    cost: float | None
    #: The cores the study's process could use (fewer than `threads`: they took turns); None
    #: when not recorded.
    usable_cores: int | None
    verdict: Verdict


def scaling(one: list[float], two: list[float], threads: int = 2) -> Ratio:
    """Throughput with `threads` threads over one: N x t(one) / t(N), with its 95% interval."""
    ratio = ratio_of_medians(one, two)
    return Ratio(
        threads * ratio.value,
        low=None if ratio.low is None else threads * ratio.low,
        high=None if ratio.high is None else threads * ratio.high,
    )


def _waited_share(case: Case) -> float | None:
    batches = case.rounds
    if not batches or any(batch.waited is None for batch in batches):
        return None
    waited = sum(sum(batch.waited or ()) for batch in batches)
    return waited / sum(case.threads * batch.wall for batch in batches)


def _others(case: Case) -> float | None:
    found = [batch.others for batch in case.rounds]
    if not found or any(value is None for value in found):
        return None
    return sum(value or 0.0 for value in found) / sum(batch.wall for batch in case.rounds)


def _busy(waited: float | None, others: float | None) -> bool:
    """The threads' own waiting for a core says it best; without it, other processes' CPU
    time; without either, nothing says the machine was free."""
    if waited is not None:
        return waited > WAITED_BUSY
    return others is None or others > OTHERS_BUSY


def _cpu_per_call(case: Case) -> float:
    return median(sum(batch.cpu) / (case.threads * case.loops) for batch in case.rounds)


def judge(
    threads: int,
    throughput: float,
    cpu_use: float | None,
    waited: float | None,
    others: float | None,
    usable_cores: int | None,
) -> Verdict:
    """What N threads show, from what load cannot counterfeit first.

    CPU use near N is parallelism whatever else ran. Below that, a machine whose cores were
    taken (threads waiting for one, other processes using them, or fewer cores than threads)
    leaves it open; on a quiet machine, one core's worth means the threads took turns.
    """
    if cpu_use is None:
        return Verdict.UNRECORDED
    if cpu_use >= SCALED * threads:
        return Verdict.SCALED if throughput >= SCALED * threads else Verdict.SLOWED
    if _busy(waited, others) or (usable_cores is not None and usable_cores < threads):
        return Verdict.BUSY
    if cpu_use <= 1 + SERIAL:
        return Verdict.GIL
    return Verdict.PARTIAL


def rows(data: ThreadsFile) -> list[Row]:
    """Every implementation timed with one thread and with N, judged."""
    found = []
    for one, more in data.pairs():
        threads = more.threads
        throughput = scaling(list(one.seconds), list(more.seconds), threads)
        uses = [sum(batch.cpu) / batch.wall for batch in more.rounds]
        waited = [share for share in (_waited_share(one), _waited_share(more)) if share is not None]
        cpu_use = median(uses) if uses else None
        row_waited = max(waited) if len(waited) == 2 else None
        others = _others(more)
        cost = _cpu_per_call(more) / _cpu_per_call(one) if more.rounds and one.rounds else None
        verdict = judge(
            threads,
            throughput.value,
            cpu_use,
            row_waited,
            others,
            data.settings.usable_cores,
        )
        found.append(
            Row(
                name=one.implementation,
                one=one.seconds,
                more=more.seconds,
                threads=threads,
                throughput=throughput,
                cpu_use=cpu_use,
                cpu_range=(min(uses), max(uses)) if uses else None,
                waited=row_waited,
                others=others,
                cost=cost,
                usable_cores=data.settings.usable_cores,
                verdict=verdict,
            )
        )
    return found


def judged(run: RawRun) -> list[Row] | None:
    """The run's rows with their verdicts (for the report's opening verdict too); None when
    the threads study did not run."""
    data = read_if_present(run.path(layout.THREADS_JSON))
    return None if data is None else rows(data)


#: Languages whose implementations release the GIL while computing (the README's contract);
#: Cython without types (`cython-untyped-…`) does not.
RELEASING = ("rust-", "cython-")


def releases_while_computing(name: str) -> bool:
    return name.startswith(RELEASING) and not name.startswith("cython-untyped-")


#: What releasing the GIL bought the talk's compiled implementations.
SCALE, PARTIAL, NOTHING = "scales", "partial", "nothing"
#: Without CPU time, two threads "scale" when the throughput's interval's low end reaches this
#: share of perfect scaling, and gain nothing when its high end stays below NO_GAIN.
SCALES, NO_GAIN = 0.9, 1.1


def gil(found: list[Row]) -> str | None:
    """SCALE, PARTIAL or NOTHING over `found` (rows with the same thread count), from their
    verdicts, or from throughput alone for a file from before CPU time was recorded; None
    when the machine was busy."""
    verdicts = {row.verdict for row in found}
    count = found[0].threads
    if Verdict.BUSY in verdicts:
        return None
    if Verdict.UNRECORDED in verdicts:
        lows = [row.throughput.low or row.throughput.value for row in found]
        highs = [row.throughput.high or row.throughput.value for row in found]
        if min(lows) >= SCALES * count:
            return SCALE
        return NOTHING if max(highs) <= NO_GAIN else PARTIAL
    if verdicts == {Verdict.SCALED}:
        return SCALE
    return NOTHING if verdicts == {Verdict.GIL} else PARTIAL
