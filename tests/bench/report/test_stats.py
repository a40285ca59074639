"""The statistics the report quotes, checked against figures from independent sources."""

from __future__ import annotations

import statistics

import pytest

from bench.check import oracle
from bench.report import stats
from oracle import FIRST_25


def test_ratio_of_means_reproduces_the_talks_first_summary() -> None:
    # The slide: 411.3 ± 13.0 ms vs 33.2 ± 6.2 ms, "12.38 ± 2.35 times faster".
    ratio = stats.ratio_of_means(411.3, 13.0, 33.2, 6.2)
    assert ratio.value == pytest.approx(12.38, abs=0.01)
    assert ratio.stddev == pytest.approx(2.35, abs=0.005)


def test_ratio_of_means_reproduces_the_talks_second_summary() -> None:
    # The slide: 37.0 ± 13.2 ms vs 38.1 ± 8.0 ms, "1.03 ± 0.43 times faster".
    ratio = stats.ratio_of_means(38.1, 8.0, 37.0, 13.2)
    assert ratio.value == pytest.approx(1.03, abs=0.005)
    assert ratio.stddev == pytest.approx(0.43, abs=0.005)


def test_ratio_of_means_without_a_stddev_has_none() -> None:
    assert stats.ratio_of_means(2.0, None, 1.0, 0.1).stddev is None


def test_ratio_of_medians_and_its_interval() -> None:
    slow = [10.0, 11.0, 12.0, 13.0, 50.0]
    fast = [1.0, 1.1, 1.2, 1.3, 9.0]
    ratio = stats.ratio_of_medians(slow, fast)
    assert ratio.value == pytest.approx(statistics.median(slow) / statistics.median(fast))
    assert ratio.low is not None and ratio.high is not None
    assert ratio.low <= ratio.value <= ratio.high
    # Seeded: the same data gives the same interval.
    assert stats.ratio_of_medians(slow, fast) == ratio


def test_identical_samples_have_a_ratio_of_exactly_one() -> None:
    sample = [0.5, 0.6, 0.7]
    ratio = stats.ratio_of_medians(sample, sample, resamples=200)
    assert ratio.value == 1.0


def test_power_law_fit_recovers_a_known_exponent() -> None:
    counts = [100, 1000, 10_000, 100_000]
    law = stats.fit_power_law(counts, [3e-9 * n**1.5 for n in counts])
    assert law.exponent == pytest.approx(1.5)
    assert law.prefactor == pytest.approx(3e-9)
    assert law(400) == pytest.approx(3e-9 * 400**1.5)


def test_power_law_needs_two_points() -> None:
    with pytest.raises(ValueError, match="two"):
        stats.fit_power_law([10], [1.0])


def test_oracle_agrees_with_published_primes() -> None:
    assert list(oracle.first_primes(25)) == FIRST_25
    # The 1,000th, 10,000th and 100,000th primes (published tables, e.g. OEIS A000040).
    assert oracle.first_primes(1000)[-1] == 7919
    assert oracle.first_primes(10_000)[-1] == 104_729
    assert oracle.first_primes(100_000)[-1] == 1_299_709
    assert oracle.first_primes(0) == ()
    assert oracle.first_primes(1) == (2,)
