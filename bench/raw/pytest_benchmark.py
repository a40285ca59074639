"""pytest-benchmark's `--benchmark-json` file, as written by the suites in `bench/suites/`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class PytestBenchmarkFormatError(ValueError):
    """The file is not a pytest-benchmark JSON export with the fields the report needs."""


@dataclass(frozen=True)
class InProcessResult:
    """One `first_n(count)` benchmark. Times are seconds per call."""

    implementation: str
    count: int
    group: str | None
    fullname: str
    median: float
    mean: float
    stddev: float
    min: float
    max: float
    iqr: float
    rounds: int
    iterations: int
    #: Per-call times, one per round (pytest-benchmark divides each round by its iterations).
    data: tuple[float, ...]
    extra_info: dict[str, Any]


@dataclass(frozen=True)
class PytestBenchmarkRun:
    version: str
    datetime: str
    results: tuple[InProcessResult, ...]

    def get(self, implementation: str, count: int) -> InProcessResult | None:
        for result in self.results:
            if result.implementation == implementation and result.count == count:
                return result
        return None

    def implementations(self) -> list[str]:
        return list(dict.fromkeys(result.implementation for result in self.results))

    def counts(self) -> list[int]:
        return sorted({result.count for result in self.results})


def parse(data: object, *, where: str = "pytest-benchmark JSON") -> PytestBenchmarkRun:
    if not isinstance(data, dict) or not isinstance(data.get("benchmarks"), list):
        raise PytestBenchmarkFormatError(f"{where}: expected an object with a 'benchmarks' list")
    results = []
    for index, bench in enumerate(data["benchmarks"]):
        at = f"{where}: benchmarks[{index}]"
        try:
            params = bench["params"]
            stats = bench["stats"]
            results.append(
                InProcessResult(
                    implementation=str(params["name"]),
                    count=int(params["count"]),
                    group=bench.get("group"),
                    fullname=str(bench["fullname"]),
                    median=float(stats["median"]),
                    mean=float(stats["mean"]),
                    stddev=float(stats["stddev"]),
                    min=float(stats["min"]),
                    max=float(stats["max"]),
                    iqr=float(stats["iqr"]),
                    rounds=int(stats["rounds"]),
                    iterations=int(stats["iterations"]),
                    data=tuple(float(t) for t in stats.get("data", ())),
                    extra_info=dict(bench.get("extra_info") or {}),
                )
            )
        except (KeyError, TypeError, ValueError) as err:
            raise PytestBenchmarkFormatError(f"{at}: missing or malformed field ({err!r})") from err
    return PytestBenchmarkRun(
        version=str(data.get("version", "?")),
        datetime=str(data.get("datetime", "?")),
        results=tuple(results),
    )


def load(path: Path) -> PytestBenchmarkRun:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise PytestBenchmarkFormatError(f"{path}: not JSON ({err})") from err
    return parse(data, where=str(path))
