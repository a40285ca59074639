"""Everything a report section may read, loaded from one raw directory on first use."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from bench.raw import correctness, environment, hyperfine, layout, pytest_benchmark
from bench.raw.correctness import Check
from bench.raw.manifest import CommandSpec, HyperfineRecord, Manifest, StudyRecord


@dataclass(frozen=True)
class Timed:
    """A hyperfine result with what the driver knew about its command."""

    spec: CommandSpec
    result: hyperfine.CommandResult


@dataclass(frozen=True)
class HyperfineData:
    record: HyperfineRecord
    timed: tuple[Timed, ...]
    #: hyperfine's warnings, per command (aligned with `timed`).
    command_warnings: tuple[tuple[str, ...], ...]

    def find(self, **tags: str) -> Timed | None:
        for item in self.timed:
            if all(item.spec.tags.get(key) == value for key, value in tags.items()):
                return item
        return None


class RawRun:
    def __init__(self, raw_dir: Path, *, report_dir: Path | None = None) -> None:
        self.dir = raw_dir
        #: Where the report will be read, for links to files beside it.
        self.report_dir = report_dir if report_dir is not None else raw_dir.parent
        self.manifest = Manifest.read(raw_dir)

    def study(self, name: str) -> StudyRecord | None:
        return self.manifest.studies.get(name)

    def path(self, relative: str) -> Path:
        return self.dir / relative

    @cached_property
    def environment(self) -> dict[str, Any]:
        return environment.read(self.dir)

    @cached_property
    def checks(self) -> list[Check]:
        """What the correctness checker found (empty for a run that did not record it)."""
        path = self.dir / layout.CORRECTNESS
        return correctness.read(self.dir) if path.exists() else []

    def hyperfine(self, record: HyperfineRecord) -> HyperfineData:
        path = self.dir / record.json
        results = hyperfine.load(path)
        if len(results) != len(record.commands):
            raise hyperfine.HyperfineFormatError(
                f"{path}: {layout.MANIFEST} lists {len(record.commands)} commands, "
                f"this file has results for {len(results)}"
            )
        for expected, result in zip(record.exported(), results, strict=True):
            if expected != result.command:
                raise hyperfine.HyperfineFormatError(
                    f"{path}: {result.command!r} is not {expected!r}, "
                    f"the command {layout.MANIFEST} lists"
                )
        found = hyperfine.read_warnings(self.dir / record.log)
        found += [[] for _ in range(len(results) - len(found))]
        return HyperfineData(
            record,
            tuple(Timed(s, r) for s, r in zip(record.commands, results, strict=True)),
            tuple(tuple(f) for f in found[: len(results)]),
        )

    def hyperfine_file(self, study: str, json_name: str) -> HyperfineData | None:
        """The hyperfine run of `study` whose JSON is `hyperfine/<json_name>.json`."""
        record = self.study(study)
        if record is None:
            return None
        for entry in record.hyperfine:
            if entry.json.endswith(f"/{json_name}.json"):
                return self.hyperfine(entry)
        return None

    @cached_property
    def in_process(self) -> pytest_benchmark.PytestBenchmarkRun | None:
        path = self.dir / layout.SWEEP_JSON
        return pytest_benchmark.load(path) if path.exists() else None
