"""The gate's rows as history for tools people already use: Bencher and github-action-benchmark.

Two pure functions from rows to JSON-ready data; writing the files is the caller's business.
Only rows with a `now` figure are exported: a missing implementation or metric has nothing to
record. A figure JSON cannot hold (infinity, NaN) counts as no figure. Rows with no figure at all
raise `NothingToExport` instead of giving an empty document: github-action-benchmark refuses an
empty list, and an empty history entry would record a check that compared nothing as a pass.

Formats, as their owners define them:

- Bencher Metric Format (BMF): https://bencher.dev/docs/reference/bencher-metric-format/ (its
  JSON Schema is https://bencher.dev/bmf.json); benchmark names are any non-empty string up to
  1,024 characters, measure slugs at most 64 (that page's "Order of Precedence", and
  https://bencher.dev/docs/how-to/track-custom-benchmarks/). `instructions` is the slug of
  Bencher's own Instructions measure (the Iai adapters'); the others are created on first use.
  BMF carries no units: a measure's units are set in Bencher.
- github-action-benchmark's `customSmallerIsBetter` input: the README of
  https://github.com/benchmark-action/github-action-benchmark ("customBiggerIsBetter and
  customSmallerIsBetter"), parsed by the zod schema `BenchmarkResult` in its `src/extract.ts`
  (name, unit: string; value: number; range, extra: optional strings). The action treats
  `range` as display text and only parses a leading "±" (`src/extractRangeInfo.ts`), so our
  interval becomes "± its wider half", the exact bounds going to `extra`. It refuses a file
  with no entries ("No benchmark result was found").

Every gate metric is "lower is better", hence customSmallerIsBetter. Each series is named by
implementation and count: a figure at another count is another benchmark, not a change.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from bench.gate.compare import INSTRUCTIONS, WALL_CLOCK, Row

#: y-axis labels for github-action-benchmark (BMF has no units). The time ratios are t / t(ref).
UNITS = {
    INSTRUCTIONS: "instructions",
    WALL_CLOCK: "time / reference",
    "time_vs_base": "time / base",
    "scaling": "exponent",
}


class NothingToExport(ValueError):
    """No row has a figure: there is nothing to record, and an empty file would say otherwise."""

    def __init__(self, rows: Sequence[Row]) -> None:
        why = f"none of the {len(rows)} rows has a figure measured now" if rows else "no rows"
        super().__init__(f"nothing to export ({why})")


def measure_slug(metric: str) -> str:
    """Bencher's kebab-case style: `time_vs_reference` -> `time-vs-reference`."""
    return metric.replace("_", "-")


def benchmark_name(row: Row) -> str:
    """`rust-naive first_n(5000)`; not slug-shaped, so Bencher takes it as a name."""
    return row.implementation if row.count is None else f"{row.implementation} first_n({row.count})"


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def _recorded(rows: Sequence[Row]) -> list[tuple[Row, float]]:
    """The rows with a figure to record, and that figure; `NothingToExport` when there is none."""
    recorded = [(row, now) for row in rows if (now := _finite(row.now)) is not None]
    if not recorded:
        raise NothingToExport(rows)
    return recorded


def bencher_bmf(rows: Sequence[Row]) -> dict[str, dict[str, dict[str, float]]]:
    """`{benchmark name: {measure slug: {"value", "lower_value"?, "upper_value"?}}}`."""
    document: dict[str, dict[str, dict[str, float]]] = {}
    for row, now in _recorded(rows):
        measures = document.setdefault(benchmark_name(row), {})
        slug = measure_slug(row.metric)
        if slug in measures:
            raise ValueError(f"two {row.metric} rows for {benchmark_name(row)}")
        metric = {"value": now}
        if (low := _finite(row.low)) is not None:
            metric["lower_value"] = low
        if (high := _finite(row.high)) is not None:
            metric["upper_value"] = high
        measures[slug] = metric
    return document


def _range(now: float, low: float | None, high: float | None) -> str | None:
    halves = [abs(now - bound) for bound in (low, high) if bound is not None]
    return f"± {max(halves):.3g}" if halves else None


def _bound(value: float | None) -> str:
    return "-" if value is None else f"{value:.6g}"


def _extra(row: Row, low: float | None, high: float | None) -> str:
    lines = [] if row.count is None else [f"count: {row.count}"]
    if low is not None or high is not None:
        lines.append(f"interval: {_bound(low)} to {_bound(high)}")
    lines.append(f"verdict: {row.verdict}" + (f" ({row.note})" if row.note else ""))
    return "\n".join(lines)


def github_action_benchmark(rows: Sequence[Row]) -> list[dict[str, Any]]:
    """customSmallerIsBetter entries: `{"name", "unit", "value", "range"?, "extra"}`."""
    entries: list[dict[str, Any]] = []
    names: set[str] = set()
    for row, now in _recorded(rows):
        name = f"{benchmark_name(row)} - {measure_slug(row.metric)}"
        if name in names:
            raise ValueError(f"two rows named {name!r}")
        names.add(name)
        low, high = _finite(row.low), _finite(row.high)
        entry: dict[str, Any] = {"name": name, "unit": UNITS.get(row.metric, ""), "value": now}
        if (spread := _range(now, low, high)) is not None:
            entry["range"] = spread
        entry["extra"] = _extra(row, low, high)
        entries.append(entry)
    return entries
