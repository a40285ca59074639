"""The gate's output: a table for people and a JSON document for machines, from the same rows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bench.gate.compare import INSTRUCTIONS, Row, Verdict, regressions

CHECK_SCHEMA = "primes-perf-check/1"
HEADERS = ("implementation", "count", "metric", "baseline", "now", "change", "verdict")


def metric_label(metric: str, reference: str) -> str:
    return "instructions" if metric == INSTRUCTIONS else f"time / {reference}"


def _figure(metric: str, value: float | None) -> str:
    if value is None:
        return "-"
    return f"{round(value):,}" if metric == INSTRUCTIONS else f"{value:.4g}"


def _verdict(row: Row) -> str:
    if row.verdict in (Verdict.REGRESSED, Verdict.IMPROVED, Verdict.OK):
        return f"{row.verdict} (±{row.threshold:.1%})"
    return f"{row.verdict}: {row.note}" if row.note else str(row.verdict)


def table(rows: Sequence[Row], reference: str) -> str:
    cells = [HEADERS] + [
        (
            row.implementation,
            "-" if row.count is None else f"{row.count:,}",
            metric_label(row.metric, reference),
            _figure(row.metric, row.baseline),
            _figure(row.metric, row.now),
            "-" if row.change is None else f"{row.change:+.2%}",
            _verdict(row),
        )
        for row in rows
    ]
    widths = [max(len(line[i]) for line in cells) for i in range(len(HEADERS))]
    right = {1, 3, 4, 5}  # numbers line up on the right
    lines = [
        "  ".join(
            cell.rjust(width) if i in right else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(line, widths, strict=True))
        ).rstrip()
        for line in cells
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def summary(rows: Sequence[Row], reference: str) -> str:
    failed = regressions(rows)
    if not failed:
        return "perf-check: OK, no implementation regressed"
    parts = [
        f"{row.implementation} ({metric_label(row.metric, reference)} "
        f"{row.change:+.2%}, threshold {row.threshold:.1%})"
        for row in failed
        if row.change is not None
    ]
    return "perf-check: REGRESSED: " + "; ".join(parts)


def check_json(
    rows: Sequence[Row],
    *,
    reference: str,
    baseline_path: str,
    exit_code: int,
    environment: Mapping[str, str],
    environment_differences: Mapping[str, tuple[str, str]],
) -> dict[str, Any]:
    failed = regressions(rows)
    return {
        "schema": CHECK_SCHEMA,
        "baseline": baseline_path,
        "reference": reference,
        "exit_code": exit_code,
        "regressed": sorted({row.implementation for row in failed}),
        "failed_metrics": [
            {"implementation": row.implementation, "metric": row.metric} for row in failed
        ],
        "environment": dict(environment),
        "environment_differences": {
            key: {"baseline": before, "now": now}
            for key, (before, now) in environment_differences.items()
        },
        "rows": [
            {
                "implementation": row.implementation,
                "count": row.count,
                "metric": row.metric,
                "baseline": row.baseline,
                "now": row.now,
                "change": row.change,
                "threshold": row.threshold,
                "verdict": str(row.verdict),
                "note": row.note,
            }
            for row in rows
        ],
    }
