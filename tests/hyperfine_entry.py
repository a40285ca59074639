"""A made-up hyperfine result entry for report tests: the statistics computed from the times
as hyperfine 1.20 computes them, so a test states only the times and what it cares about."""

from __future__ import annotations

import statistics


def hyperfine_entry(
    command: str,
    times: list[float],
    *,
    user: float | None = None,
    system: float = 0.0,
    **more: object,
) -> dict[str, object]:
    """One entry of hyperfine's `results`; `user` defaults to the mean (a process that only
    computes), `more` adds fields such as `memory_usage_byte`."""
    return {
        "command": command,
        "mean": statistics.mean(times),
        "stddev": statistics.stdev(times),
        "median": statistics.median(times),
        "user": statistics.mean(times) if user is None else user,
        "system": system,
        "min": min(times),
        "max": max(times),
        "times": times,
        "exit_codes": [0] * len(times),
        **more,
    }
