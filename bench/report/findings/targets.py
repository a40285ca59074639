"""The performance targets: each a limit on the ratio of two timings interleaved in one run,
judged met or missed by the ratio of medians, and unsure when its 95% interval has the limit
inside it."""

from __future__ import annotations

from collections.abc import Mapping
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


def measured(data: SamplesFile, key: str, spec: Mapping[str, Any]) -> Measured | None:
    """One target at one count; None when a side was not timed."""
    subject = data.cases.get(f"{key}/subject")
    reference = data.cases.get(f"{key}/reference")
    if subject is None or reference is None:
        return None
    return Measured(
        ratio_of_medians(subject.samples.seconds, reference.samples.seconds),
        float(spec["max_ratio"]),
        median(subject.samples.seconds),
        median(reference.samples.seconds),
    )
