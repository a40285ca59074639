"""How numbers are printed: times like hyperfine prints them, ratios with two decimals."""

from __future__ import annotations

from bench.report.stats import Ratio


def _unit(seconds: float) -> tuple[float, str]:
    if abs(seconds) >= 1:
        return 1.0, "s"
    if abs(seconds) >= 1e-3:
        return 1e3, "ms"
    if abs(seconds) >= 1e-6:
        return 1e6, "µs"
    return 1e9, "ns"


def duration(seconds: float, *, unit_of: float | None = None) -> str:
    """`411.3 ms`, `10.9 µs`: one decimal in the unit hyperfine would choose for `unit_of`
    (default: the value itself), so a mean and its σ share a unit."""
    scale, unit = _unit(seconds if unit_of is None else unit_of)
    return f"{seconds * scale:.1f} {unit}"


def duration_pm(mean: float, stddev: float | None) -> str:
    if stddev is None:
        return duration(mean)
    scale, unit = _unit(mean)
    return f"{mean * scale:.1f} ± {stddev * scale:.1f} {unit}"


def duration_range(low: float, high: float) -> str:
    scale, unit = _unit(low)
    return f"{low * scale:.1f} … {high * scale:.1f} {unit}"


def ratio(value: Ratio) -> str:
    if value.stddev is not None:
        return f"{value.value:.2f} ± {value.stddev:.2f}"
    if value.low is not None and value.high is not None:
        return f"{value.value:.2f} (95% CI {value.low:.2f}–{value.high:.2f})"
    return f"{value.value:.2f}"


def speedup(value: float) -> str:
    """A bare ratio: `12.4x`."""
    return f"{value:.1f}x" if value >= 10 else f"{value:.2f}x"


def percent(fraction: float) -> str:
    return f"{fraction * 100:.0f}%"


def count(value: int) -> str:
    return f"{value:,}"


def size(value: int) -> str:
    """Bytes in binary units, three significant figures: `462 KiB`, `1.17 MiB`."""
    amount = float(value)
    for unit in ("B", "KiB", "MiB"):
        if amount < 1024 or unit == "MiB":
            break
        amount /= 1024
    if unit == "B":
        return f"{value} B"
    return f"{amount:#.3g} {unit}".replace(". ", " ")
