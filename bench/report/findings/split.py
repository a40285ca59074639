"""Start-up vs work: each implementation's whole-process time at n = 5,000 split into the
fixed part (the same command at n = 0) and the work (the difference).

A work below zero is "below the noise" when the two timings' ratio's 95% interval includes 1
or the n = 0 run was slower by less than DRIFT (hyperfine times one command's runs, then the
next's: a quiet machine drifts by a few percent in between); beyond that the two measurements
disagree (the machine's speed changed between them), and no work or share is printed.
"""

from __future__ import annotations

from bench.counts import TALK_COUNT
from bench.report.rawrun import HyperfineData
from bench.report.stats import ratio_of_medians

#: How much slower than n = 5,000 the n = 0 run may be and still count as noise: a quiet
#: machine drifts by a few percent between two commands, load by tens of percent.
DRIFT = 0.05


def disagreeing(data: HyperfineData) -> dict[str, tuple[float, float]]:
    """Implementation -> (n = 0 median, n = 5,000 median) where the n = 0 run was slower by
    more than its noise: a contradiction, not a small work."""
    found = {}
    for item in data.timed:
        if item.spec.tags.get("count") != "0":
            continue
        name = item.spec.tags["implementation"]
        full = data.find(implementation=name, count=str(TALK_COUNT))
        if full is None or full.result.median >= item.result.median:
            continue
        ratio = ratio_of_medians(full.result.times, item.result.times)
        if ratio.high is not None and ratio.high < 1 and ratio.value < 1 - DRIFT:
            found[name] = (item.result.median, full.result.median)
    return found


def parts(data: HyperfineData) -> dict[str, tuple[float, float]]:
    """Implementation -> (fixed, work) medians in seconds; work < 0 means it drowned in noise."""
    found: dict[str, tuple[float, float]] = {}
    for item in data.timed:
        if item.spec.tags.get("count") != "0":
            continue
        name = item.spec.tags["implementation"]
        full = data.find(implementation=name, count=str(TALK_COUNT))
        if full is not None:
            fixed = item.result.median
            found[name] = (fixed, full.result.median - fixed)
    return found


def startup_share(fixed: float, work: float) -> float:
    """The fixed part's share of the whole process; all of it when the work is within the
    noise (not above zero), as far as the run can tell."""
    return fixed / (fixed + work) if work > 0 else 1.0
