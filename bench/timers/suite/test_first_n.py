"""`first_n(count)` per implementation, in process, grouped by count."""

from __future__ import annotations

from pytest_benchmark.fixture import BenchmarkFixture

import primes
from bench.check import oracle

#: The untimed first call's count: enough for every implementation to reach its kernel.
WARM_UP_COUNT = 100


def test_first_n(benchmark: BenchmarkFixture, name: str, count: int) -> None:
    impl = primes.implementation(name)
    first_n = impl.load()
    benchmark.group = f"first_n({count})"
    benchmark.extra_info.update(
        implementation=name, language=impl.language, algorithm=impl.algorithm, count=count
    )
    # Untimed: a first call may load or compile code (numba-naive loads its kernel, ~0.3 s),
    # which pytest-benchmark's calibration would take for the call's cost (one loop a round).
    # A small count does that as well as the case's own, which takes seconds at the largest
    # counts; the calibration's untimed call then warms what depends on the count.
    first_n(min(count, WARM_UP_COUNT))
    result = benchmark(first_n, count)
    # The driver's gate checked before timing; this catches an implementation that changes
    # its answer between calls.
    assert result == list(oracle.first_primes(count))
