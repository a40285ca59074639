"""hyperfine's `--export-json` files.

hyperfine 1.x writes `{"results": [...]}` without a schema version. A `schema_version`
field marks a later format; files declaring a major version other than 1 are refused rather
than misread.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import msgspec

from bench.raw import records
from bench.raw.records import Seconds, SecondsOrZero

SUPPORTED_SCHEMA_MAJOR = 1


class HyperfineFormatError(records.RawFileError):
    """The file is not a hyperfine JSON export this code understands."""


class CommandResult(msgspec.Struct, frozen=True):
    """One benchmarked command. Times are in seconds, as hyperfine writes them."""

    command: str
    mean: Seconds
    median: Seconds
    min: Seconds
    max: Seconds
    user: SecondsOrZero
    system: SecondsOrZero
    times: Annotated[tuple[Seconds, ...], msgspec.Meta(min_length=1)]
    #: None when hyperfine had a single run.
    stddev: SecondsOrZero | None = None
    #: An exit status as hyperfine records it (a 32-bit integer), None for a signal.
    exit_codes: tuple[Annotated[int, msgspec.Meta(ge=-(2**31), le=2**31 - 1)] | None, ...] = ()
    memory_usage_byte: tuple[records.Bytes, ...] | None = None
    parameters: dict[str, str] = {}

    @property
    def runs(self) -> int:
        return len(self.times)


class _Schema(msgspec.Struct):
    schema_version: str | int | float = str(SUPPORTED_SCHEMA_MAJOR)


class _Export(msgspec.Struct):
    results: tuple[CommandResult, ...]


def parse(data: object, *, where: str = "hyperfine JSON") -> tuple[CommandResult, ...]:
    """The results of one hyperfine run, in the order hyperfine ran the commands."""
    try:
        # The version first: a later format is refused as such, not as its first odd field.
        version = msgspec.convert(data, _Schema).schema_version
        match = re.match(r"\s*(\d+)", str(version))
        if match is None:
            raise HyperfineFormatError(f"{where}: unreadable schema_version {version!r}")
        if int(match.group(1)) != SUPPORTED_SCHEMA_MAJOR:
            raise HyperfineFormatError(
                f"{where}: schema_version {version!r} is not supported "
                f"(this reader knows hyperfine's {SUPPORTED_SCHEMA_MAJOR}.x format)"
            )
        return msgspec.convert(data, _Export).results
    except msgspec.ValidationError as err:
        raise HyperfineFormatError(f"{where}: {err}") from None


def load(path: Path) -> tuple[CommandResult, ...]:
    return parse(records.read(path, object, HyperfineFormatError), where=str(path))


def read_warnings(log: Path) -> list[list[str]]:
    """`warnings_by_command` of the log at `log`; none when there is no log. A byte that is not
    UTF-8 is replaced: it cannot change which command a warning is under."""
    if not log.exists():
        return []
    text = records.read_bytes(log, HyperfineFormatError).decode("utf-8", errors="replace")
    return warnings_by_command(text)


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
