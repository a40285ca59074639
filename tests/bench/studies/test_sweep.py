"""The sweep times only what the correctness checker accepted, each case as pytest-benchmark
would, with no call more than its rounds need."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from bench.check.checker import Checker
from bench.paths import REPO
from bench.progress import NullReporter
from bench.raw.correctness import Check
from bench.raw.manifest import StudyRecord
from bench.studies import sweep
from bench.studies.base import StudyContext
from bench.studies.config import RunConfig, Tools
from bench.timers.suite import test_first_n as suite


class _RefusingChecker(Checker):
    """Refuses one implementation without running anything."""

    def __init__(self, refuse: str) -> None:
        super().__init__(Path(sys.executable), cwd=REPO)
        self.refuse = refuse

    def check_implementation(self, target: str, counts: Sequence[int]) -> list[Check]:
        return [Check(target, c, target != self.refuse, "wrong") for c in counts]


def test_the_sweep_does_not_time_a_refused_implementation(tmp_path: Path) -> None:
    config = RunConfig(
        implementations=("pure-naive", "rust-naive"),
        quick=True,
        studies=("sweep",),
        tools=Tools(Path(sys.executable), Path(sys.executable).parent, Path("/nonexistent")),
        counts=(100,),
    )
    ctx = StudyContext(config, tmp_path, tmp_path, _RefusingChecker("pure-naive"), NullReporter())
    record = StudyRecord("sweep", "sweep")
    cases = sweep.plan(ctx, record)
    assert cases == [("rust-naive", 100), ("rust-naive", 5000)]
    assert record.notes == ["pure-naive: not timed, count 100: wrong"]


class _Options:
    """pytest's config as the suite reads it: pytest-benchmark's options, as given (strings)."""

    def __init__(
        self, min_time: str, max_time: str, min_rounds: str, long_call: float | None = None
    ) -> None:
        self.given: dict[str, object] = {
            "benchmark_min_time": min_time,
            "benchmark_max_time": max_time,
            "benchmark_min_rounds": min_rounds,
            "bench_long_call": long_call,
            "bench_long_rounds": 3,
        }

    def getoption(self, name: str) -> object:
        return self.given[name]


class _Benchmark:
    """The fixture's two modes: the calibrated call and pedantic rounds, each running the
    target as pytest-benchmark does (the calibrated one calls once more for its result)."""

    def __init__(self) -> None:
        self.mode = ""
        self.rounds = 0

    def __call__(self, target: Callable[[int], list[int]], count: int) -> list[int]:
        self.mode = "calibrated"
        target(count)  # calibration
        for _ in range(5):
            target(count)
        return target(count)

    def pedantic(
        self, target: Callable[[int], list[int]], args: tuple[int], rounds: int, iterations: int
    ) -> list[int]:
        assert iterations == 1
        self.mode, self.rounds = "pedantic", rounds
        return [target(*args) for _ in range(rounds)][-1]


class _Clock:
    """A clock that moves only when the counted function says it took time."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _counted(seconds: float, clock: _Clock) -> tuple[Callable[[int], list[int]], list[int]]:
    calls: list[int] = []

    def first_n(count: int) -> list[int]:
        calls.append(count)
        clock.now += seconds
        return list(range(count))

    return first_n, calls


def _timed(
    seconds: float, min_time: str, max_time: str, long_call: float | None = None
) -> tuple[_Benchmark, list[int]]:
    clock = _Clock()
    first_n, calls = _counted(seconds, clock)
    benchmark = _Benchmark()
    options = _Options(min_time=min_time, max_time=max_time, min_rounds="5", long_call=long_call)
    result = suite._timed(benchmark, options, first_n, 7, clock)  # type: ignore[arg-type]
    assert result == list(range(7))
    return benchmark, calls


def test_a_slow_case_runs_its_rounds_without_an_extra_call_for_the_result() -> None:
    benchmark, calls = _timed(0.02, min_time="0.001", max_time="0.05")
    # pytest-benchmark's own rounds for a 20 ms call: max(min_rounds, 0.05 / 0.02) = 5, one
    # loop each; plus the one untimed call that measured it. Calibrated, it would be 7 calls.
    assert (benchmark.mode, benchmark.rounds) == ("pedantic", 5)
    assert calls == [7] * 6


def test_a_case_with_more_rounds_than_the_minimum_gets_max_time_of_them() -> None:
    benchmark, calls = _timed(0.002, min_time="0.001", max_time="0.1")
    assert (benchmark.mode, benchmark.rounds) == ("pedantic", 50)  # 0.1 s of 2 ms calls
    assert len(calls) == 1 + 50


def test_a_call_too_short_to_time_alone_is_left_to_the_calibration() -> None:
    benchmark, _ = _timed(0.0005, min_time="0.001", max_time="0.1")
    assert benchmark.mode == "calibrated"


def test_a_call_past_the_long_call_gets_the_long_rounds_and_a_shorter_one_min_rounds() -> None:
    benchmark, calls = _timed(1.2, min_time="0.001", max_time="0.1", long_call=1.0)
    assert (benchmark.mode, benchmark.rounds) == ("pedantic", 3)
    assert calls == [7] * 4  # the untimed call that measured it, then 3 rounds
    benchmark, _ = _timed(0.9, min_time="0.001", max_time="0.1", long_call=1.0)
    assert (benchmark.mode, benchmark.rounds) == ("pedantic", 5)
    benchmark, _ = _timed(1.2, min_time="0.001", max_time="0.1")
    assert (benchmark.mode, benchmark.rounds) == ("pedantic", 5)  # no long call given


def test_the_full_plan_gives_the_sweep_its_long_call_options_and_quick_none() -> None:
    from bench.studies.config import PLANS

    full = PLANS["full"].pytest_benchmark.options()
    assert "--bench-long-call=1.0" in full and "--bench-long-rounds=3" in full
    assert not any(o.startswith("--bench-long") for o in PLANS["quick"].pytest_benchmark.options())
