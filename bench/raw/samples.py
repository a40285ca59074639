"""The raw file of an in-process study: every sample, so the report can recompute anything.

Format: {"format": 1, "study": ..., "settings": {...}, "cases": {name: {"tags": {...},
"loops": n, "seconds": [per-call seconds, one per round]}}}.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import msgspec

from bench.raw import layout, records

FORMAT = 1


@dataclass(frozen=True)
class Samples:
    """Seconds per call of one timed case, one value per round."""

    loops: int
    seconds: tuple[float, ...]


class SamplesFormatError(records.RawFileError):
    """Not a samples file this report understands."""


@dataclass(frozen=True)
class Case:
    name: str
    tags: dict[str, str]
    samples: Samples


class _Case(msgspec.Struct):
    tags: dict[str, str]
    loops: records.Times
    seconds: Annotated[tuple[records.Seconds, ...], msgspec.Meta(min_length=1)]


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
        data = records.read(path, object, SamplesFormatError)
        found = records.convert(path, data, records.Format, SamplesFormatError).format
        if found != FORMAT:
            raise SamplesFormatError(f"{path}: format {found!r} is not {FORMAT}")
        file = records.convert(path, data, _File, SamplesFormatError)
        expected = _STUDY_OF_FILE.get(path.name, file.study)
        if file.study != expected:
            raise SamplesFormatError(f"{path}: study {file.study!r} is not {expected!r}")
        if file.study in _SHAPES:
            records.convert(path, data, _SHAPES[file.study], SamplesFormatError)
        loaded = cls(file.study, file.settings)
        for name, case in file.cases.items():
            loaded.cases[name] = Case(name, case.tags, Samples(case.loops, case.seconds))
        return loaded


def read_if_present(path: Path) -> SamplesFile | None:
    """The samples file at `path`, or None when its study did not run."""
    return SamplesFile.read(path) if path.exists() else None


# What the report reads of each study's settings and tags, with the types it reads them as.
# A file of another study (a test's, a future one's) is read with the common shape alone.

_STUDY_OF_FILE = {
    layout.THREADS_JSON: layout.THREADS,
    layout.BOUNDARY_JSON: layout.BOUNDARY,
    layout.TARGETS_JSON: layout.TARGETS,
}

_Digits = records.CountText


class _ThreadsTags(msgspec.Struct):
    implementation: str
    threads: _Digits


class _ThreadsCase(msgspec.Struct):
    tags: _ThreadsTags


class _ThreadsSettings(msgspec.Struct):
    threads: records.Times
    count: records.Count


class _ThreadsFile(msgspec.Struct):
    settings: _ThreadsSettings
    cases: dict[str, _ThreadsCase]


class _Call(msgspec.Struct, tag_field="kind", tag="call"):
    implementation: str


class _List(msgspec.Struct, tag_field="kind", tag="list"):
    count: _Digits


class _Array(msgspec.Struct, tag_field="kind", tag="array"):
    count: _Digits


class _Floor(msgspec.Struct, tag_field="kind", tag="floor"):
    count: _Digits


class _BoundaryCase(msgspec.Struct):
    tags: _Call | _List | _Array | _Floor


class _BoundarySettings(msgspec.Struct):
    """Not shown in the report, but a measurement's record: bounded like the targets'."""

    rounds: records.Times | None = None
    target: records.SecondsOrZero | None = None


class _BoundaryFile(msgspec.Struct):
    cases: dict[str, _BoundaryCase]
    settings: _BoundarySettings = msgspec.field(default_factory=_BoundarySettings)


class _Target(msgspec.Struct):
    goal: str
    subject: str
    reference: str
    count: records.Count
    max_ratio: records.Ratio
    #: Why it has no samples, when it has none ("`rust-wheel` unavailable", a quick run's skip).
    not_measured: str = ""


class _TargetsSettings(msgspec.Struct):
    rounds: records.Times | None = None
    #: Seconds each case's batch was calibrated to last.
    target: records.SecondsOrZero | None = None
    targets: dict[str, _Target] = {}
    naive_simd_path: str = "?"
    #: Subject or reference name -> why it could not be timed here.
    unavailable: dict[str, str] = {}
    #: Counts a quick run left out.
    skipped_counts: list[records.Count] = []


class _TargetsFile(msgspec.Struct):
    settings: _TargetsSettings


_SHAPES: dict[str, type[msgspec.Struct]] = {
    layout.THREADS: _ThreadsFile,
    layout.BOUNDARY: _BoundaryFile,
    layout.TARGETS: _TargetsFile,
}
