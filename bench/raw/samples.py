"""The raw file of an in-process study: every sample, so the report can recompute anything.

Format: {"format": 1, "study": ..., "settings": {...}, "cases": {name: {"tags": {...},
"loops": n, "seconds": [per-call seconds, one per round]}}}.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgspec

from bench.raw import records

FORMAT = 1


@dataclass(frozen=True)
class Samples:
    """Seconds per call of one timed case, one value per round."""

    loops: int
    seconds: tuple[float, ...]


class SamplesFormatError(ValueError):
    """Not a samples file this report understands."""


@dataclass(frozen=True)
class Case:
    name: str
    tags: dict[str, str]
    samples: Samples


class _Case(msgspec.Struct):
    tags: dict[str, str]
    loops: int
    seconds: tuple[float, ...]


class _File(msgspec.Struct, kw_only=True):
    format: int = FORMAT
    study: str
    settings: dict[str, Any] = {}
    cases: dict[str, _Case]


@dataclass
class SamplesFile:
    study: str
    settings: dict[str, Any] = field(default_factory=dict)
    cases: dict[str, Case] = field(default_factory=dict)

    def add(self, name: str, samples: Samples, **tags: str) -> None:
        self.cases[name] = Case(name, tags, samples)

    def select(self, **tags: str) -> list[Case]:
        return [
            case
            for case in self.cases.values()
            if all(case.tags.get(key) == value for key, value in tags.items())
        ]

    def write(self, path: Path) -> None:
        cases = {
            case.name: _Case(case.tags, case.samples.loops, case.samples.seconds)
            for case in self.cases.values()
        }
        file = _File(study=self.study, settings=self.settings, cases=cases)
        records.write(path, file, indent=1)

    @classmethod
    def read(cls, path: Path) -> SamplesFile:
        found = records.read_format(path, SamplesFormatError)
        if found != FORMAT:
            raise SamplesFormatError(f"{path}: format {found!r} is not {FORMAT}")
        file = records.read(path, _File, SamplesFormatError)
        loaded = cls(file.study, file.settings)
        for name, case in file.cases.items():
            loaded.cases[name] = Case(name, case.tags, Samples(case.loops, case.seconds))
        return loaded


def read_if_present(path: Path) -> SamplesFile | None:
    """The samples file at `path`, or None when its study did not run."""
    return SamplesFile.read(path) if path.exists() else None
