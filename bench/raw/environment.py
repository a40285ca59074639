"""`environment.json`: what `bench.environment.collect` found, as written at the end of a run."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import msgspec

from bench.raw import records
from bench.raw.layout import ENVIRONMENT


class EnvironmentFormatError(records.RawFileError):
    """Not an environment file: not JSON, not an object, or a part the report reads that is
    not what `bench.environment` writes."""


# The parts the report (and the demo) read, with the types they read them as; everything else
# is free-form and shown as found.
#: Cores of a machine: at least one.
_Cores = Annotated[int, msgspec.Meta(ge=1, le=1_000_000)]


class _Cpu(msgspec.Struct):
    logical_cores: _Cores | None = None
    physical_cores: _Cores | None = None
    usable_cores: _Cores | None = None


class _Os(msgspec.Struct):
    memory_bytes: Annotated[float, msgspec.Meta(ge=0, le=2.0**64)] | None = None


class _Build(msgspec.Struct):
    rust: dict[str, Any] = {}
    cython: dict[str, Any] = {}


class _Shape(msgspec.Struct):
    cpu: _Cpu = msgspec.field(default_factory=_Cpu)
    os: _Os = msgspec.field(default_factory=_Os)
    toolchain: dict[str, Any] = {}
    build: _Build = msgspec.field(default_factory=_Build)
    git: dict[str, Any] = {}
    load_average_at_start: list[records.Load] | None = None
    load_average_at_end: list[records.Load] | None = None


def write(raw_dir: Path, environment: dict[str, Any]) -> None:
    records.write(raw_dir / ENVIRONMENT, environment)


def read(raw_dir: Path) -> dict[str, Any]:
    """The environment of the run in `raw_dir`; empty when the run did not record one.

    A free-form object: what it holds is `bench.environment`'s to say, and the report asks
    for each key with a default; a part it reads that has another type is refused."""
    path = raw_dir / ENVIRONMENT
    if not path.exists():
        return {}
    found = records.read(path, dict[str, Any], EnvironmentFormatError)
    records.convert(path, found, _Shape, EnvironmentFormatError)
    return found
