"""How each implementation's in-process time grows with the count: its medians in count
order and the power law fitted through them."""

from __future__ import annotations

from bench.raw.pytest_benchmark import InProcessResult, PytestBenchmarkRun
from bench.report.stats import PowerLaw, fit_power_law

#: Fits use counts from here up: below it, per-call overhead hides the algorithm's growth.
FIT_FROM = 1_000
BASELINE = "pure-naive"


def series(run: PytestBenchmarkRun) -> dict[str, list[InProcessResult]]:
    found: dict[str, list[InProcessResult]] = {}
    for result in run.results:
        found.setdefault(result.implementation, []).append(result)
    return {name: sorted(results, key=lambda r: r.count) for name, results in found.items()}


def fit(results: list[InProcessResult]) -> PowerLaw | None:
    """The power law through the medians at counts >= FIT_FROM (all counts if fewer than 3)."""
    large = [r for r in results if r.count >= FIT_FROM]
    points = large if len(large) >= 3 else results
    if len(points) < 2:
        return None
    return fit_power_law([r.count for r in points], [r.median for r in points])
