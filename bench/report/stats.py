"""The few statistics the report quotes: ratios with their uncertainty and power-law fits."""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

#: Fixed, so re-running the report on the same raw data prints the same intervals.
BOOTSTRAP_SEED = 20250413
BOOTSTRAP_RESAMPLES = 4000


@dataclass(frozen=True)
class Ratio:
    value: float
    #: One standard deviation, or the lower/upper ends of a 95% interval.
    stddev: float | None = None
    low: float | None = None
    high: float | None = None


def ratio_of_means(
    numerator_mean: float,
    numerator_stddev: float | None,
    denominator_mean: float,
    denominator_stddev: float | None,
) -> Ratio:
    """numerator/denominator with the uncertainty hyperfine prints in its summary.

    hyperfine propagates the two standard deviations as independent errors:
    σ_r = r·sqrt((σ_a/a)² + (σ_b/b)²).
    """
    value = numerator_mean / denominator_mean
    if numerator_stddev is None or denominator_stddev is None:
        return Ratio(value)
    relative = math.hypot(numerator_stddev / numerator_mean, denominator_stddev / denominator_mean)
    return Ratio(value, stddev=value * relative)


def ratio_of_medians(
    numerator: Sequence[float],
    denominator: Sequence[float],
    *,
    resamples: int = BOOTSTRAP_RESAMPLES,
    seed: int = BOOTSTRAP_SEED,
) -> Ratio:
    """median(numerator)/median(denominator) with a 95% bootstrap interval.

    Medians shrug off the slow outliers a shared machine produces; the interval comes from
    resampling each side's runs independently.
    """
    num = np.asarray(numerator, dtype=float)
    den = np.asarray(denominator, dtype=float)
    if num.size == 0 or den.size == 0:
        raise ValueError("both samples need at least one value")
    return _bootstrap(num.tobytes(), den.tobytes(), resamples, seed)


# Seeded, so a pair of samples always gives the same Ratio: several sections (and every report
# a test process builds from the same raw files) ask for the same ones, and resampling is most
# of a report's arithmetic.
@functools.lru_cache(maxsize=4096)
def _bootstrap(num_bytes: bytes, den_bytes: bytes, resamples: int, seed: int) -> Ratio:
    num, den = np.frombuffer(num_bytes), np.frombuffer(den_bytes)
    value = float(np.median(num) / np.median(den))
    rng = np.random.default_rng(seed)
    num_medians = np.median(rng.choice(num, size=(resamples, num.size)), axis=1)
    den_medians = np.median(rng.choice(den, size=(resamples, den.size)), axis=1)
    low, high = np.percentile(num_medians / den_medians, [2.5, 97.5])
    return Ratio(value, low=float(low), high=float(high))


@dataclass(frozen=True)
class PowerLaw:
    """time ≈ prefactor · count^exponent, fitted by least squares on log-log axes."""

    exponent: float
    prefactor: float
    counts: tuple[int, ...]

    def __call__(self, count: float) -> float:
        return float(self.prefactor * count**self.exponent)


def fit_power_law(counts: Sequence[int], times: Sequence[float]) -> PowerLaw:
    if len(counts) != len(times) or len(counts) < 2:
        raise ValueError("a fit needs at least two (count, time) points")
    slope, intercept = np.polyfit(np.log(counts), np.log(times), 1)
    return PowerLaw(float(slope), float(math.exp(intercept)), tuple(counts))
