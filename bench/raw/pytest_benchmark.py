"""pytest-benchmark's `--benchmark-json` file, as written by the suite in `bench/timers/suite/`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import msgspec

from bench.raw import records
from bench.raw.records import Seconds


class PytestBenchmarkFormatError(records.RawFileError):
    """The file is not a pytest-benchmark JSON export with the fields the report needs."""


class _Params(msgspec.Struct, frozen=True):
    #: The suites' parameters: `first_n(count)` of the implementation `name`.
    name: str
    count: records.Count


class _Stats(msgspec.Struct, frozen=True):
    median: Seconds
    min: Seconds
    #: Per-call times, one per round (pytest-benchmark divides each round by its iterations).
    data: tuple[Seconds, ...] = ()


class InProcessResult(msgspec.Struct, frozen=True):
    """One `first_n(count)` benchmark, as pytest-benchmark nests it. Times are seconds per call.

    Only what the report reads is read: pytest-benchmark's other statistics (mean, stddev,
    max, iqr, rounds...) stay in the file.
    """

    params: _Params
    stats: _Stats
    extra_info: dict[str, Any] = {}

    @property
    def implementation(self) -> str:
        return self.params.name

    @property
    def count(self) -> int:
        return self.params.count

    @property
    def median(self) -> float:
        return self.stats.median

    @property
    def min(self) -> float:
        return self.stats.min

    @property
    def data(self) -> tuple[float, ...]:
        return self.stats.data


class PytestBenchmarkRun(msgspec.Struct, frozen=True):
    results: tuple[InProcessResult, ...] = msgspec.field(name="benchmarks")

    def get(self, implementation: str, count: int) -> InProcessResult | None:
        for result in self.results:
            if result.implementation == implementation and result.count == count:
                return result
        return None

    def implementations(self) -> list[str]:
        return list(dict.fromkeys(result.implementation for result in self.results))

    def counts(self) -> list[int]:
        return sorted({result.count for result in self.results})


def load(path: Path) -> PytestBenchmarkRun:
    return records.read(path, PytestBenchmarkRun, PytestBenchmarkFormatError)
