"""The gate's result files: what a run measured, and the committed baseline it is compared with.

A baseline is a measured run written to disk by `python -m bench.gate baseline`; `check` runs
the same measurements and compares. Loading validates everything, so a corrupt or hand-mangled
file is reported as such instead of surfacing later as a confusing verdict.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SCHEMA = "primes-perf-baseline/1"
DEFAULT_PATH = Path("results/baseline/perf-gate.json")


class BaselineError(ValueError):
    """The baseline file is missing, not JSON, or not in the expected schema."""


@dataclass(frozen=True)
class Instructions:
    count: int
    value: int
    runs: tuple[int, ...]


@dataclass(frozen=True)
class WallClock:
    count: int
    #: Median over rounds of t(implementation) / t(reference).
    ratio: float
    low: float
    high: float
    rounds: int


@dataclass(frozen=True)
class Entry:
    instructions: Instructions | None = None
    #: None for the reference itself, whose ratio is 1 by definition.
    wall_clock: WallClock | None = None


@dataclass(frozen=True)
class Results:
    #: The implementation every wall-clock ratio is taken against.
    reference: str
    entries: dict[str, Entry]
    environment: dict[str, str] = field(default_factory=dict)
    recorded: str = ""


def to_json(results: Results) -> dict[str, Any]:
    implementations: dict[str, Any] = {}
    for name, entry in sorted(results.entries.items()):
        item: dict[str, Any] = {}
        if entry.instructions is not None:
            ins = entry.instructions
            item["instructions"] = {"count": ins.count, "value": ins.value, "runs": list(ins.runs)}
        if entry.wall_clock is not None:
            wc = entry.wall_clock
            item["time_vs_reference"] = {
                "count": wc.count,
                "ratio": wc.ratio,
                "low": wc.low,
                "high": wc.high,
                "rounds": wc.rounds,
            }
        implementations[name] = item
    return {
        "schema": SCHEMA,
        "recorded": results.recorded,
        "reference": results.reference,
        "environment": dict(sorted(results.environment.items())),
        "implementations": implementations,
    }


def save(results: Results, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(to_json(results), indent=2) + "\n")


def load(path: Path) -> Results:
    try:
        text = path.read_text()
    except FileNotFoundError:
        raise BaselineError(
            f"{path}: no such baseline; record one with `make perf-baseline` "
            "(or pass --baseline PATH)"
        ) from None
    except OSError as err:
        raise BaselineError(f"{path}: cannot read: {err.strerror}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise BaselineError(f"{path}: not valid JSON ({err})") from None
    try:
        return from_json(data)
    except BaselineError as err:
        raise BaselineError(f"{path}: {err}") from None


def from_json(data: object) -> Results:
    if not isinstance(data, dict):
        raise BaselineError(f"expected a JSON object, got {type(data).__name__}")
    schema = data.get("schema")
    if schema != SCHEMA:
        raise BaselineError(
            f"schema is {schema!r}, this gate reads {SCHEMA!r}; re-record it with "
            "`make perf-baseline`"
        )
    reference = _string(data, "reference", "reference")
    recorded = _string(data, "recorded", "recorded")
    environment = data.get("environment")
    if not isinstance(environment, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in environment.items()
    ):
        raise BaselineError("environment must be an object of strings")
    implementations = data.get("implementations")
    if not isinstance(implementations, dict):
        raise BaselineError("implementations must be an object")
    entries = {
        name: _entry(item, f"implementations.{name}") for name, item in implementations.items()
    }
    return Results(reference, entries, environment, recorded)


def _entry(item: object, where: str) -> Entry:
    if not isinstance(item, dict):
        raise BaselineError(f"{where} must be an object")
    unknown = set(item) - {"instructions", "time_vs_reference"}
    if unknown:
        raise BaselineError(f"{where} has unknown keys: {', '.join(sorted(unknown))}")
    instructions = None
    if "instructions" in item:
        ins, at = _object(item["instructions"], f"{where}.instructions")
        runs = ins.get("runs")
        if not isinstance(runs, list) or not runs:
            raise BaselineError(f"{at}.runs must be a non-empty list")
        instructions = Instructions(
            count=_whole(ins, "count", at, minimum=1),
            value=_whole(ins, "value", at, minimum=1),
            runs=tuple(_whole({"run": run}, "run", f"{at}.runs", minimum=1) for run in runs),
        )
    wall_clock = None
    if "time_vs_reference" in item:
        wc, at = _object(item["time_vs_reference"], f"{where}.time_vs_reference")
        wall_clock = WallClock(
            count=_whole(wc, "count", at, minimum=1),
            ratio=_positive(wc, "ratio", at),
            low=_positive(wc, "low", at),
            high=_positive(wc, "high", at),
            rounds=_whole(wc, "rounds", at, minimum=1),
        )
    return Entry(instructions, wall_clock)


def _object(value: object, where: str) -> tuple[dict[str, Any], str]:
    if not isinstance(value, dict):
        raise BaselineError(f"{where} must be an object")
    return value, where


def _string(data: dict[str, Any], key: str, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise BaselineError(f"{where} must be a non-empty string, got {value!r}")
    return value


def _whole(data: dict[str, Any], key: str, where: str, *, minimum: int) -> int:
    value = data.get(key)
    # bool is an int in Python, but `true` is no instruction count.
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise BaselineError(f"{where}.{key} must be an integer >= {minimum}, got {value!r}")
    return value


def _positive(data: dict[str, Any], key: str, where: str) -> float:
    value = data.get(key)
    if (
        not isinstance(value, int | float)
        or isinstance(value, bool)
        or not math.isfinite(value)
        or value <= 0
    ):
        raise BaselineError(f"{where}.{key} must be a positive number, got {value!r}")
    return float(value)
