"""How a ratio of two times reads: the same speed, or which side is faster."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum

from bench.report.stats import Ratio, ratio_of_medians

#: Two times whose ratio's whole 95% interval lies within ±5% of 1 count as the same speed:
#: pytest-benchmark times each case on its own, minutes apart, so narrow intervals can still
#: differ by a few percent of drift, too little to choose a language by.
MARGIN = 1.05


class Side(Enum):
    """How a ratio a/b reads."""

    SAME = "same"
    #: a is slower (the ratio's interval lies above 1 and beyond the margin): b is faster.
    B_FASTER = "b"
    A_FASTER = "a"


def read(ratio: Ratio) -> Side:
    """SAME when the interval includes 1 or lies within the margin, else who is faster."""
    low = ratio.value if ratio.low is None else ratio.low
    high = ratio.value if ratio.high is None else ratio.high
    if low <= 1 <= high or (low >= 1 / MARGIN and high <= MARGIN):
        return Side.SAME
    return Side.B_FASTER if low > 1 else Side.A_FASTER


def medians(a: Sequence[float], b: Sequence[float]) -> Ratio | None:
    """The ratio of the medians of a and b, or None when either has no samples."""
    return ratio_of_medians(a, b) if a and b else None


def quotient(numerator: Ratio, denominator: Ratio) -> Ratio:
    """numerator/denominator of two ratios, its interval the far ends of both intervals (a
    conservative one: the two are not independent)."""
    value = numerator.value / denominator.value
    if None in (numerator.low, numerator.high, denominator.low, denominator.high):
        return Ratio(value)
    assert numerator.low and numerator.high and denominator.low and denominator.high
    return Ratio(value, low=numerator.low / denominator.high, high=numerator.high / denominator.low)
