"""Head's wall-clock time over base's, from two builds timed alternately in one job.

The two builds cannot share a process (both are `primes`), so each runs in its own worker
process (timing_worker.py) and the two are asked in turn: every round times each implementation
once with the base and once with the head, the side that goes first alternating, so a
neighbour's burst of load lands on both sides alike. The head/base ratio of each round is kept;
the verdict reads the median and a distribution-free 95% interval for it.

Workers are started afresh several times (`PAIRS`): a process's memory layout can make it a
few percent faster or slower than another process of the same build for its whole life, and
only new processes sample that too.
"""

from __future__ import annotations

import math
import statistics
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from bench.gate.instructions import PYTHON_FLAGS, WORKING_DIRECTORY, child_environment
from bench.timers.errors import MeasurementError

WORKER = Path(__file__).with_name("timing_worker.py")
#: Rounds in all, spread over PAIRS pairs of fresh workers.
ROUNDS = 31
PAIRS = 3
#: One sample of one side lasts about this long.
SAMPLE_SECONDS = 0.005
#: Two-sided coverage of the interval around the median ratio.
CONFIDENCE = 0.95
#: Early stop: after at least this many pairs (so that more than one pair of processes, each
#: with its own memory layout, was sampled), an implementation whose interval at
#: STOP_CONFIDENCE already lies within half the threshold either side of 1 is timed no more.
#: Its verdict could only be `ok`: the stricter coverage and the halved band leave room for
#: having looked before the end.
STOP_AFTER_PAIRS = 2
STOP_CONFIDENCE = 0.99


@dataclass(frozen=True)
class HeadOverBase:
    name: str
    count: int
    #: Median over rounds of t(head) / t(base): above 1 is slower.
    ratio: float
    #: The interval for that median (order statistics: no assumption about the noise).
    low: float
    high: float
    rounds: int
    #: True when it was timed no more after STOP_AFTER_PAIRS pairs (see `settled`).
    stopped_early: bool = False


class _Worker:
    """One build's timing process, answering `NAME COUNT LOOPS` with seconds."""

    def __init__(self, python: Path | str, side: str) -> None:
        self.side = side
        self._process = subprocess.Popen(
            [str(python), *PYTHON_FLAGS, str(WORKER)],
            cwd=WORKING_DIRECTORY,
            env=child_environment(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def seconds(self, name: str, count: int, loops: int) -> float:
        self.ask(name, count, loops)
        return self.answer()

    def ask(self, name: str, count: int, loops: int) -> None:
        """Start timing `loops` calls; `answer` waits for the seconds they took."""
        stdin = self._process.stdin
        assert stdin is not None
        try:
            stdin.write(f"{name} {count} {loops}\n")
            stdin.flush()
        except BrokenPipeError:
            pass  # answer() finds the worker gone

    def answer(self) -> float:
        stdout = self._process.stdout
        assert stdout is not None
        try:
            answer = stdout.readline()
        except BrokenPipeError:
            answer = ""
        if not answer:
            raise MeasurementError(f"the {self.side} build's timing worker died: {self._stderr()}")
        return float(answer)

    def _stderr(self) -> str:
        self._process.kill()
        _, err = self._process.communicate()
        return (err.strip().splitlines() or ["no message"])[-1]

    def __enter__(self) -> _Worker:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._process.stdin:
            self._process.stdin.close()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()


def _loops(worker: _Worker, name: str, count: int, target: float) -> int:
    """Calls per sample so that one sample lasts about `target` seconds."""
    loops = 1
    while True:
        elapsed = worker.seconds(name, count, loops)
        if elapsed >= target / 4 or loops >= 1 << 20:
            return max(1, round(loops * target / max(elapsed, 1e-9)))
        loops *= 4


def median_interval(values: Sequence[float], confidence: float = CONFIDENCE) -> tuple[float, float]:
    """A distribution-free interval for the median: order statistics k and n + 1 - k.

    k is the largest rank with P(Binomial(n, 1/2) < k) <= (1 - confidence) / 2; with too few
    values for that coverage the interval is the whole range.
    """
    ordered = sorted(values)
    n = len(ordered)
    tail = (1 - confidence) / 2
    below, k = 0.0, 0
    while k < n // 2:
        below += math.comb(n, k) / 2**n  # P(Binomial(n, 1/2) == k)
        if below > tail:
            break
        k += 1
    k = max(k, 1)
    return ordered[k - 1], ordered[n - k]


def _pair(
    counts: Mapping[str, int],
    loops: dict[str, int],
    rounds: range,
    pythons: tuple[Path | str, Path | str],
    target: float,
) -> dict[str, list[float]]:
    """Head/base ratios of `rounds` rounds from one fresh pair of workers."""
    ratios: dict[str, list[float]] = {name: [] for name in counts}
    names = list(counts)
    with _Worker(pythons[0], "base") as base, _Worker(pythons[1], "head") as head:
        for name in names:
            # Each new process's first call pays for imports and lazy set-up: not timed, so
            # both sides make it at once (numba's import is most of a second on each).
            for worker in (base, head):
                worker.ask(name, counts[name], 1)
            for worker in (base, head):
                worker.answer()
            # Calibrated once, on the first pair, by the base: both sides run the same loops.
            if name not in loops:
                loops[name] = _loops(base, name, counts[name], target)
        for index in rounds:
            shift = index % len(names)
            for name in names[shift:] + names[:shift]:
                sides = (base, head) if index % 2 == 0 else (head, base)
                seconds = {w.side: w.seconds(name, counts[name], loops[name]) for w in sides}
                ratios[name].append(seconds["head"] / seconds["base"])
    return ratios


def settled(values: Sequence[float], within: float) -> bool:
    """The median's interval at STOP_CONFIDENCE lies inside 1 ± `within`."""
    low, high = median_interval(values, STOP_CONFIDENCE)
    return 1 - within <= low and high <= 1 + within


def head_over_base(
    counts: Mapping[str, int],
    *,
    base_python: Path | str,
    head_python: Path | str = sys.executable,
    rounds: int = ROUNDS,
    pairs: int = PAIRS,
    target: float = SAMPLE_SECONDS,
    stop_within: float | None = None,
) -> dict[str, HeadOverBase]:
    """t(head) / t(base) per implementation, at counts[name], interleaved round by round.

    With `stop_within` (half the verdict's threshold), an implementation `settled` within it
    after STOP_AFTER_PAIRS pairs is left out of the pairs that follow.
    """
    if rounds < 1 or pairs < 1:
        raise ValueError(f"rounds and pairs must be at least 1, got {rounds} and {pairs}")
    pairs = min(pairs, rounds)
    loops: dict[str, int] = {}
    ratios: dict[str, list[float]] = {name: [] for name in counts}
    stopped: set[str] = set()
    for pair in range(pairs):
        if stop_within is not None and pair >= STOP_AFTER_PAIRS:
            stopped |= {name for name in counts if settled(ratios[name], stop_within)}
        timed = {name: count for name, count in counts.items() if name not in stopped}
        if not timed:
            break
        share = range(pair * rounds // pairs, (pair + 1) * rounds // pairs)
        for name, values in _pair(timed, loops, share, (base_python, head_python), target).items():
            ratios[name].extend(values)
    result = {}
    for name, values in ratios.items():
        low, high = median_interval(values)
        result[name] = HeadOverBase(
            name, counts[name], statistics.median(values), low, high, len(values), name in stopped
        )
    return result
