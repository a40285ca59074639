"""The performance targets: each a limit on the ratio of two timings interleaved in one run,
judged met or missed by the ratio of medians, and unsure when its 95% interval has the limit
inside it.

A target timed in several fresh processes (a long call, in a run since that was done) has a
ratio of medians per process: it is judged by their median, and unsure when their range has
the limit inside it, so a slow mode in some processes shows as spread, not as the verdict."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import median
from typing import Any

from bench.raw.samples import SamplesFile
from bench.report.stats import Ratio, ratio_of_medians


@dataclass(frozen=True)
class Measured:
    ratio: Ratio
    limit: float
    subject_median: float
    reference_median: float
    #: The ratio of each fresh process, when there were several; then `ratio` is their
    #: median, and its low and high their range (not a 95% interval).
    processes: tuple[float, ...] = ()

    @property
    def met(self) -> bool:
        return self.ratio.value <= self.limit

    @property
    def over(self) -> float:
        """How far a missed target's ratio is over its limit, as a share of the limit."""
        return self.ratio.value / self.limit - 1

    @property
    def unsure(self) -> bool:
        """The median decides, but the interval has the limit inside it: a noisy run could
        have gone the other way."""
        low, high = self.ratio.low, self.ratio.high
        return low is not None and high is not None and low <= self.limit < high


def _by_process(data: SamplesFile, key: str) -> list[tuple[Sequence[float], Sequence[float]]]:
    """Per process, in order: the subject's and the reference's seconds (none when the target
    was timed in one process, as `key/subject` and `key/reference`)."""
    sides: dict[str, dict[str, Sequence[float]]] = {}
    for case in data.select(target=key):
        process, role = case.tags.get("process"), case.tags.get("role")
        if process is not None and role is not None:
            sides.setdefault(process, {})[role] = case.samples.seconds
    return [
        (found["subject"], found["reference"])
        for _, found in sorted(sides.items(), key=lambda item: int(item[0]))
        if {"subject", "reference"} <= set(found)
    ]


def _in_processes(data: SamplesFile, key: str, spec: Mapping[str, Any]) -> Measured | None:
    pairs = _by_process(data, key)
    if not pairs:
        return None
    ratios = tuple(median(s) / median(r) for s, r in pairs)
    return Measured(
        Ratio(median(ratios), low=min(ratios), high=max(ratios)),
        float(spec["max_ratio"]),
        median(t for s, _ in pairs for t in s),
        median(t for _, r in pairs for t in r),
        ratios,
    )


def measured(data: SamplesFile, key: str, spec: Mapping[str, Any]) -> Measured | None:
    """One target at one count; None when a side was not timed."""
    subject = data.cases.get(f"{key}/subject")
    reference = data.cases.get(f"{key}/reference")
    if subject is None or reference is None:
        return _in_processes(data, key, spec)
    return Measured(
        ratio_of_medians(subject.samples.seconds, reference.samples.seconds),
        float(spec["max_ratio"]),
        median(subject.samples.seconds),
        median(reference.samples.seconds),
    )
