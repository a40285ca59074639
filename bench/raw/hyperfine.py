"""hyperfine's `--export-json` files.

hyperfine 1.x writes `{"results": [...]}` without a schema version. A `schema_version`
field marks a later format; files declaring a major version other than 1 are refused rather
than misread.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SUPPORTED_SCHEMA_MAJOR = 1


class HyperfineFormatError(ValueError):
    """The file is not a hyperfine JSON export this code understands."""


@dataclass(frozen=True)
class CommandResult:
    """One benchmarked command. Times are in seconds, as hyperfine writes them."""

    command: str
    mean: float
    #: None when hyperfine had a single run.
    stddev: float | None
    median: float
    min: float
    max: float
    user: float
    system: float
    times: tuple[float, ...]
    exit_codes: tuple[int | None, ...]
    memory_usage_byte: tuple[int, ...] | None
    parameters: dict[str, str]

    @property
    def runs(self) -> int:
        return len(self.times)


def _number(entry: dict[str, Any], key: str, where: str) -> float:
    value = entry.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise HyperfineFormatError(f"{where}: {key!r} should be a number, got {value!r}")
    return float(value)


def _schema_major(data: dict[str, Any], where: str) -> int:
    version = data.get("schema_version", f"{SUPPORTED_SCHEMA_MAJOR}")
    match = re.match(r"\s*(\d+)", str(version))
    if match is None:
        raise HyperfineFormatError(f"{where}: unreadable schema_version {version!r}")
    return int(match.group(1))


def parse(data: object, *, where: str = "hyperfine JSON") -> tuple[CommandResult, ...]:
    """The results of one hyperfine run, in the order hyperfine ran the commands."""
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        raise HyperfineFormatError(f"{where}: expected an object with a 'results' list")
    major = _schema_major(data, where)
    if major != SUPPORTED_SCHEMA_MAJOR:
        raise HyperfineFormatError(
            f"{where}: schema_version {data['schema_version']!r} is not supported "
            f"(this reader knows hyperfine's {SUPPORTED_SCHEMA_MAJOR}.x format)"
        )
    results = []
    for index, entry in enumerate(data["results"]):
        at = f"{where}: results[{index}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("command"), str):
            raise HyperfineFormatError(f"{at}: expected an object with a 'command' string")
        times = entry.get("times")
        if not isinstance(times, list) or not times:
            raise HyperfineFormatError(f"{at}: 'times' should be a non-empty list")
        stddev = entry.get("stddev")
        memory = entry.get("memory_usage_byte")
        results.append(
            CommandResult(
                command=entry["command"],
                mean=_number(entry, "mean", at),
                stddev=None if stddev is None else _number(entry, "stddev", at),
                median=_number(entry, "median", at),
                min=_number(entry, "min", at),
                max=_number(entry, "max", at),
                user=_number(entry, "user", at),
                system=_number(entry, "system", at),
                times=tuple(float(t) for t in times),
                exit_codes=tuple(entry.get("exit_codes") or ()),
                memory_usage_byte=None if memory is None else tuple(int(m) for m in memory),
                parameters={str(k): str(v) for k, v in (entry.get("parameters") or {}).items()},
            )
        )
    return tuple(results)


def load(path: Path) -> tuple[CommandResult, ...]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise HyperfineFormatError(f"{path}: not JSON ({err})") from err
    return parse(data, where=str(path))


def warnings(output: str) -> list[str]:
    """The `Warning: ...` messages in hyperfine's output, one string each."""
    return [warning for found in warnings_by_command(output) for warning in found]


def warnings_by_command(output: str) -> list[list[str]]:
    """hyperfine's warnings grouped by command, in command order, from its output with both
    streams in one file: a warning belongs to the last `Benchmark N:` before it."""
    found: list[list[str]] = []
    for line in output.splitlines():
        stripped = line.strip()
        if line.startswith("Benchmark "):
            found.append([])
        elif stripped.startswith("Warning:"):
            if not found:
                found.append([])
            found[-1].append(stripped.removeprefix("Warning:").strip())
    return found
