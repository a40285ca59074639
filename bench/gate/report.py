"""The gate's output: a table for people, Markdown for a CI summary and a JSON document for
machines, all from the same rows."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from bench.gate import markdown_text
from bench.gate.callgrind import Breakdown
from bench.gate.compare import (
    COMPARED,
    INSTRUCTIONS,
    SCALING,
    TIME_VS_BASE,
    Row,
    Tally,
    regressions,
)

CHECK_SCHEMA = "primes-perf-check/2"
HEADERS = ("implementation", "count", "metric", "baseline", "now", "change", "verdict")


def metric_label(metric: str, reference: str) -> str:
    return {
        INSTRUCTIONS: "instructions",
        SCALING: "growth exponent",
        TIME_VS_BASE: "time / base",
    }.get(metric, f"time / {reference}")


def _figure(metric: str, value: float | None) -> str:
    if value is None:
        return "-"
    if metric == INSTRUCTIONS:
        return f"{round(value):,}"
    return f"{value:.3f}" if metric in (SCALING, TIME_VS_BASE) else f"{value:.4g}"


def _now(row: Row) -> str:
    figure = _figure(row.metric, row.now)
    if row.metric == TIME_VS_BASE and row.low is not None and row.high is not None:
        return f"{figure} ({row.low:.3f}-{row.high:.3f})"
    return figure


def _change(row: Row) -> str:
    if row.change is None:
        return "-"
    return f"{row.change:+.3f}" if row.metric == SCALING else f"{row.change:+.2%}"


def _threshold(row: Row) -> str:
    return f"±{row.threshold:.2f}" if row.metric == SCALING else f"±{row.threshold:.1%}"


def _verdict(row: Row) -> str:
    if row.verdict in COMPARED:
        return f"{row.verdict} ({_threshold(row)})"
    return f"{row.verdict}: {row.note}" if row.note else str(row.verdict)


def _cells(rows: Sequence[Row], reference: str) -> list[tuple[str, ...]]:
    return [
        (
            row.implementation,
            "-" if row.count is None else f"{row.count:,}",
            metric_label(row.metric, reference),
            _figure(row.metric, row.baseline),
            _now(row),
            _change(row),
            _verdict(row),
        )
        for row in rows
    ]


def _widths(cells: Sequence[Sequence[str]]) -> list[int]:
    return [max(len(line[i]) for line in cells) for i in range(len(cells[0]))]


def _aligned(cells: Sequence[Sequence[str]], right: set[int], indent: str = "") -> list[str]:
    widths = _widths(cells)
    return [
        indent
        + "  ".join(
            cell.rjust(width) if i in right else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(line, widths, strict=True))
        ).rstrip()
        for line in cells
    ]


def table(rows: Sequence[Row], reference: str, width: int = 120) -> str:
    """One line per row; where that is wider than `width`, one block per implementation."""
    cells = [HEADERS, *_cells(rows, reference)]
    lines = _aligned(cells, right={1, 3, 4, 5})  # numbers line up on the right
    lines.insert(1, "  ".join("-" * w for w in _widths(cells)))
    if max(map(len, lines)) <= width:
        return "\n".join(lines)
    return _blocks(cells[1:])


def _blocks(cells: Sequence[Sequence[str]]) -> str:
    """`name (count N)`, then `metric  baseline -> now  change  verdict` lines under it."""
    metrics = _aligned([(c[2], c[3], "->", c[4], c[5], c[6]) for c in cells], {1, 4}, "  ")
    out: list[str] = []
    heading = ""
    for line, metric in zip(cells, metrics, strict=True):
        if f"{line[0]} (count {line[1]})" != heading:
            heading = f"{line[0]} (count {line[1]})"
            out.append(heading)
        out.append(metric)
    return "\n".join(out)


def _failure(row: Row, reference: str) -> str:
    if row.metric == SCALING and row.baseline is not None and row.now is not None:
        # A changed exponent is a changed algorithm, whatever the change at one count.
        return (
            f"{row.implementation} (algorithmic: grows as count^{row.now:.2f}, "
            f"was count^{row.baseline:.2f})"
        )
    return (
        f"{row.implementation} ({metric_label(row.metric, reference)} {_change(row)}, "
        f"threshold {_threshold(row)})"
    )


def summary(rows: Sequence[Row], reference: str, tally: Tally, *, allow_uncompared: bool) -> str:
    """The last line: what failed, or how much was compared; never OK when nothing was."""
    failed = regressions(rows)
    compared = f"compared {tally.compared} of {tally.total} figures"
    # Time figures a busy machine could not judge are said, never counted as compared.
    noisy = f", {tally.noisy} too noisy to judge" if tally.noisy else ""
    if failed:
        parts = [_failure(row, reference) for row in failed if row.change is not None]
        return f"perf-check: REGRESSED ({compared}{noisy}): " + "; ".join(parts)
    if tally.complete:
        return f"perf-check: OK, {compared}{noisy}, no implementation regressed"
    uncompared = Counter(str(row.verdict) for row in rows if row.verdict not in COMPARED)
    why = ", ".join(f"{n} {verdict}" for verdict, n in sorted(uncompared.items()))
    if tally.total == 0:
        return "perf-check: NOT VERIFIED: there was nothing to compare"
    # Accepting some figures uncompared is a choice; accepting that none were is not a check.
    if allow_uncompared and tally.compared:
        return f"perf-check: OK as far as it compared: {compared} ({why}; --allow-uncompared)"
    if not tally.compared:
        return (
            f"perf-check: NOT VERIFIED: {compared} ({why}); compare with another commit "
            "measured here (--against REF) or re-record the baseline (make perf-baseline)"
        )
    return (
        f"perf-check: NOT VERIFIED: {compared} ({why}); see the table, or pass "
        "--allow-uncompared to accept that"
    )


def markdown(
    rows: Sequence[Row],
    reference: str,
    *,
    title: str,
    last_line: str,
    breakdowns: Mapping[str, Breakdown],
) -> str:
    """The same verdicts for a CI summary page ($GITHUB_STEP_SUMMARY or any other)."""
    verdict = markdown_text.text(last_line.removeprefix("perf-check: "))
    lines = [f"## {markdown_text.text(title)}", "", f"**{verdict}**", ""]
    lines.append("| " + " | ".join(HEADERS) + " |")
    lines.append("|" + "|".join(["---", "--:", "---", "--:", "--:", "--:", "---"]) + "|")
    for cells in _cells(rows, reference):
        lines.append("| " + " | ".join(map(markdown_text.text, cells)) + " |")
    for name, where in breakdowns.items():
        lines += ["", f"### Where {name}'s instructions went", "", where.markdown()]
    return "\n".join(lines) + "\n"


def check_json(
    rows: Sequence[Row],
    *,
    reference: str,
    baseline_path: str,
    exit_code: int,
    tally: Tally,
    environment: Mapping[str, str],
    environment_differences: Mapping[str, tuple[str, str]],
) -> dict[str, Any]:
    failed = regressions(rows)
    return {
        "schema": CHECK_SCHEMA,
        "baseline": baseline_path,
        "reference": reference,
        "exit_code": exit_code,
        "compared": tally.compared,
        "figures": tally.total,
        "too_noisy": tally.noisy,
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
                "low": row.low,
                "high": row.high,
            }
            for row in rows
        ],
    }
