"""Which counts a run measures: the algorithm's sweep, always the talk's 5000, never past the
implementation's limit."""

from __future__ import annotations

import pytest

from bench.algorithms import ALGORITHMS, UnknownKind
from bench.counts import TALK_COUNT, sweep_counts


def test_the_talks_count_is_always_measured() -> None:
    assert TALK_COUNT == 5000  # `primes 5000` on the slides
    assert sweep_counts("naive", quick=True, override=(100, 200)) == (100, 200, 5000)
    for algorithm in ALGORITHMS:
        for quick in (True, False):
            assert TALK_COUNT in sweep_counts(algorithm, quick=quick)


def test_the_naive_sweep_spans_100_to_20000() -> None:
    counts = sweep_counts("naive", quick=False)
    assert counts[0] == 100 and counts[-1] == 20_000
    assert list(counts) == sorted(set(counts))


def test_the_wheel_is_swept_as_far_as_the_other_sieves() -> None:
    assert sweep_counts("wheel", quick=False) == sweep_counts("sieve", quick=False)
    assert sweep_counts("wheel", quick=False)[-1] == 1_000_000


def test_an_unknown_algorithm_is_refused_not_given_a_default_range() -> None:
    with pytest.raises(UnknownKind, match=r"'bogosort' is not in bench/algorithms\.py"):
        sweep_counts("bogosort", quick=False)
    with pytest.raises(UnknownKind):
        sweep_counts("bogosort", quick=True, override=(100,))


def test_counts_beyond_the_implementations_limit_are_dropped() -> None:
    assert sweep_counts("naive", quick=False, max_count=1000) == (100, 200, 500, 1000)


def test_python_source_stops_the_naive_sweep_at_10000_in_a_full_run_only() -> None:
    assert sweep_counts("naive", quick=False, runs_python_source=True)[-1] == 10_000
    assert sweep_counts("naive", quick=False, runs_python_source=False)[-1] == 20_000
    assert sweep_counts("naive", quick=True, runs_python_source=True) == (100, 1_000, 5_000)
    # The other algorithms' calls stay short enough for every language.
    for name in ("naive-simd", "trial", "sieve", "wheel"):
        assert sweep_counts(name, quick=False, runs_python_source=True) == sweep_counts(
            name, quick=False
        )
