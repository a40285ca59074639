"""`first_n(count)` per implementation, in process, grouped by count."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

import pytest
from pytest_benchmark.fixture import BenchmarkFixture

import primes
from bench.check import oracle

#: The untimed first call's count: enough for every implementation to reach its kernel.
WARM_UP_COUNT = 100


def test_first_n(
    benchmark: BenchmarkFixture, request: pytest.FixtureRequest, name: str, count: int
) -> None:
    impl = primes.implementation(name)
    first_n = impl.load()
    benchmark.group = f"first_n({count})"
    benchmark.extra_info.update(
        implementation=name, language=impl.language, algorithm=impl.algorithm, count=count
    )
    # Untimed: a first call may load or compile code (numba-naive loads its kernel, ~0.3 s),
    # which would be taken for the call's cost. A small count does that as well as the case's
    # own, which takes seconds at the largest counts.
    first_n(min(count, WARM_UP_COUNT))
    if benchmark.enabled:
        result = _timed(benchmark, request.config, first_n, count)
    else:
        result = benchmark(first_n, count)  # called once, untimed
    # The driver's gate checked before timing; this catches an implementation that changes
    # its answer between calls.
    assert result == list(oracle.first_primes(count))


def _timed(
    benchmark: BenchmarkFixture,
    config: pytest.Config,
    first_n: Callable[[int], list[int]],
    count: int,
    clock: Callable[[], float] = time.perf_counter,
) -> list[int]:
    """pytest-benchmark's own plan, without the call it adds for the result.

    One untimed call at `count` warms what depends on the count and says how long a call
    takes. A call of at least `--benchmark-min-time` is what its calibration times once a
    round, for max(min_rounds, max_time ÷ call) rounds (a call of at least `--bench-long-call`
    for `--bench-long-rounds` only): the same rounds run here in pedantic
    mode, which returns the last round's result (the calibrated mode calls once more for it:
    eight calls of 2.6 s for pure-naive at 10,000, where seven do). A shorter call is looped
    by the calibration, which then needs it."""
    start = clock()
    first_n(count)
    once = clock() - start
    # pytest-benchmark's options as given (strings) or its defaults.
    if once < float(config.getoption("benchmark_min_time")):
        calibrated: list[int] = benchmark(first_n, count)
        return calibrated
    max_time = float(config.getoption("benchmark_max_time"))
    min_rounds = int(config.getoption("benchmark_min_rounds"))
    rounds = max(math.ceil(max_time / once), min_rounds)
    # Calls of seconds vary by a few percent at most between rounds: their median needs fewer.
    long_call = config.getoption("bench_long_call")
    if long_call is not None and once >= float(long_call):
        rounds = min(rounds, int(config.getoption("bench_long_rounds")))
    result: list[int] = benchmark.pedantic(  # type: ignore[no-untyped-call]  # untyped upstream
        first_n, args=(count,), rounds=rounds, iterations=1
    )
    return result
