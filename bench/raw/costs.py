"""`costs.json`: what each choice costs besides speed, as the costs study found it.

Source lines per implementation and per group (a language's shared code), the cold and
incremental build times of each extension distribution, the size of each built extension
module, and the toolchain each group needs with the versions found. Anything not found or not
measured is recorded with its reason, never left out.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import msgspec

from bench.raw import records
from bench.raw.layout import COSTS, COSTS_JSON

FORMAT = 1
#: The group of a registered implementation that the costs study's map does not list.
UNLISTED = "unlisted"


class CostsFormatError(records.RawFileError):
    """Not a costs file this report understands."""


class SourceFile(msgspec.Struct, frozen=True):
    #: Relative to the repository root.
    path: str
    #: pygount's code lines; None when the file was not found or could not be counted.
    code: Annotated[int, msgspec.Meta(ge=0, le=10**9)] | None = None
    #: What was not counted in it, e.g. "#[cfg(test)] items"; empty when nothing was.
    left_out: str = ""
    #: Why `code` is None.
    problem: str | None = None


class SourceCount(msgspec.Struct, frozen=True):
    #: An implementation's name, or the group's key for the group's shared code.
    subject: str
    kind: Literal["implementation", "shared"]
    group: str
    files: tuple[SourceFile, ...] = ()
    #: False for an implementation expected here that the registry does not list (yet).
    registered: bool = True
    note: str = ""

    @property
    def code(self) -> int | None:
        """The lines of every file, or None when any of them was not counted."""
        counts = [file.code for file in self.files]
        if not counts or any(count is None for count in counts):
            return None
        return sum(count for count in counts if count is not None)

    @property
    def problem(self) -> str | None:
        if not self.files:
            return "no source files listed"
        return next((f"{f.path}: {f.problem}" for f in self.files if f.problem), None)


class Timing(msgspec.Struct, frozen=True):
    """One build, repeated: wall-clock and CPU seconds (the build's processes, user + system)
    of each repetition."""

    wall: Annotated[tuple[records.Seconds, ...], msgspec.Meta(min_length=1)]
    cpu: tuple[records.SecondsOrZero, ...]


class Build(msgspec.Struct, frozen=True, kw_only=True):
    group: str
    #: What was built, for people: "maturin via pip wheel", "setuptools + Cython via pip wheel".
    title: str
    #: The command, run in a copy of `copied` with `directory` as its working directory.
    command: tuple[str, ...]
    directory: str
    copied: tuple[str, ...]
    #: The file touched before each incremental rebuild.
    touched: str
    cold: Timing | None = None
    incremental: Timing | None = None
    #: Bytes of the wheel the cold build made.
    wheel_bytes: records.Bytes | None = None
    #: Why there are no timings: a failed build's reason, or a quick run's.
    problem: str | None = None


class Extension(msgspec.Struct, frozen=True):
    """The file an implementation's module is imported from, as installed in the venv."""

    module: str
    group: str
    implementations: tuple[str, ...]
    #: Relative to its site-packages directory; None when it is not installed.
    file: str | None = None
    #: Its size when it is a compiled extension (None for a Python source module).
    bytes: records.Bytes | None = None
    #: Its size without debug information (`strip --strip-debug`), as a release wheel that
    #: strips it would ship; None when not measured (see `problem`).
    without_debug_info: records.Bytes | None = None
    problem: str | None = None


class Tool(msgspec.Struct, frozen=True):
    name: str
    #: The version found on this machine; None when the tool was not found.
    version: str | None = None
    problem: str | None = None


class Group(msgspec.Struct, frozen=True):
    """A family of implementations that share code, a build and a toolchain."""

    key: str
    title: str
    implementations: tuple[str, ...]
    tools: tuple[Tool, ...] = ()
    note: str = ""


class CostsFile(msgspec.Struct, frozen=True, kw_only=True):
    format: int = FORMAT
    study: str = COSTS
    quick: bool
    #: The line counter and its version, e.g. "pygount 3.2.0".
    counter: str
    #: How files are assigned to rows, in one sentence (the report quotes it).
    rule: str
    groups: tuple[Group, ...]
    sources: tuple[SourceCount, ...]
    builds: tuple[Build, ...]
    extensions: tuple[Extension, ...]
    #: How many builds ran at the same time (each on a core of its own): above 1, a build's
    #: wall-clock time includes sharing the machine with another build; its CPU time is its own.
    builds_at_once: int = 1

    def write(self, raw_dir: Path) -> Path:
        path = raw_dir / COSTS_JSON
        records.write(path, self)
        return path


def read(path: Path) -> CostsFile:
    """The costs file at `path`; a file of another format or shape is a `CostsFormatError`."""
    data = records.read(path, object, CostsFormatError)
    found = records.convert(path, data, records.Format, CostsFormatError).format
    if found != FORMAT:
        raise CostsFormatError(f"{path}: format {found!r} is not {FORMAT}")
    return records.convert(path, data, CostsFile, CostsFormatError)


def read_if_present(raw_dir: Path) -> CostsFile | None:
    """The run's costs file, or None when the costs study did not run."""
    path = raw_dir / COSTS_JSON
    return read(path) if path.exists() else None
