"""`first-call.json`: what a short-lived process pays before the steady state, per process.

Every value is kept (one entry per fresh child process) so the report can take any statistic.
Format: {"format": 1, "count": N, "settings": {...}, "jit_registered": [...],
"implementations": {name: {"language", "algorithm", "module", "jit", "processes": [...],
"cold": [...]}}},
each process {"import_seconds", "first_call", "steady": [seconds per call, ...]}.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import msgspec

from bench.raw import records
from bench.raw.layout import FIRST_CALL_JSON

FORMAT = 1


class FirstCallFormatError(records.RawFileError):
    """Not a first-call file this code writes."""


class Process(msgspec.Struct, frozen=True):
    """One fresh interpreter: import the module, call once, then call again and again."""

    #: `import <module>` in a fresh interpreter (start-up itself excluded).
    import_seconds: records.Seconds
    #: The first `first_n(count)`: for a JIT, compilation (or loading it from the cache).
    first_call: records.Seconds
    #: Every later call in the same process, in order.
    steady: Annotated[tuple[records.Seconds, ...], msgspec.Meta(min_length=1)]


class Implementation(msgspec.Struct, frozen=True, kw_only=True):
    language: str
    algorithm: str
    module: str
    #: Compiles at its first call (numba): `processes` found the compiled code in the cache a
    #: previous process wrote; `cold` are the processes that wrote it (an empty cache).
    jit: bool = False
    #: Required: an implementation in the file was measured (a default would bypass the length).
    processes: Annotated[tuple[Process, ...], msgspec.Meta(min_length=1)]
    cold: tuple[Process, ...] = ()


class Settings(msgspec.Struct, frozen=True):
    #: Fresh processes per implementation (and as many empty-cache ones for a JIT).
    rounds: records.Times
    #: The steady calls of a process: at least `steady_min_calls` adding up to
    #: `steady_min_seconds`, at most `steady_max_calls`.
    steady_min_calls: records.Times
    steady_min_seconds: records.SecondsOrZero
    steady_max_calls: records.Times


class FirstCallFile(msgspec.Struct, kw_only=True):
    format: int = FORMAT
    count: records.Count
    settings: Settings
    #: The registry's JIT implementations, measured or not: the report says when there are none.
    jit_registered: list[str] = []
    implementations: dict[str, Implementation] = {}

    def write(self, raw_dir: Path) -> None:
        records.write(raw_dir / FIRST_CALL_JSON, self, indent=1)

    @classmethod
    def read(cls, raw_dir: Path) -> FirstCallFile:
        path = raw_dir / FIRST_CALL_JSON
        found = records.read_format(path, FirstCallFormatError)
        if found != FORMAT:
            raise FirstCallFormatError(f"{path}: format {found!r} is not {FORMAT}")
        return records.read(path, cls, FirstCallFormatError)


def read_if_present(raw_dir: Path) -> FirstCallFile | None:
    """The file, or None when the study did not run."""
    return FirstCallFile.read(raw_dir) if (raw_dir / FIRST_CALL_JSON).exists() else None
