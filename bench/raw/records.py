"""Typed JSON records: msgspec reads a file as its record type, and its message for a value
that does not fit says what it expected, what it found and where, e.g. "Expected `float`, got
`str` - at `$.results[0].median`" (a key of an object is `[...]`).

Every reader of the raw directory refuses a file it cannot use with a `RawFileError` (each file
format has its own subclass) whose message is one line: the file's path, then what is wrong.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, TypeVar

import msgspec

T = TypeVar("T")

# Bounds on what a measurement can produce. A value outside them is a damaged file, refused
# with its JSON path, rather than a 309-digit figure or a division by zero in the report.

#: A second per picosecond: no timed call, even averaged over many, takes less than a cycle.
SHORTEST = 1e-12
#: Over eleven days: longer than any run lasts.
LONGEST = 1e6
#: Ten billion primes: their list alone would take hundreds of gigabytes.
MOST_PRIMES = 10**10

#: A measured duration in seconds: a tool never writes zero or less, and the report divides by it.
Seconds = Annotated[float, msgspec.Meta(ge=SHORTEST, le=LONGEST)]
#: CPU time, or a spread, in seconds: zero happens.
SecondsOrZero = Annotated[float, msgspec.Meta(ge=0, le=LONGEST)]
#: A `first_n` count.
Count = Annotated[int, msgspec.Meta(ge=0, le=MOST_PRIMES)]
#: A count in a tag (tags are strings): digits, no more than `MOST_PRIMES` has.
CountText = Annotated[str, msgspec.Meta(pattern=rf"^[0-9]{{1,{len(str(MOST_PRIMES))}}}$")]
#: How many times something was done (rounds, calls, loops, threads).
Times = Annotated[int, msgspec.Meta(ge=1, le=10**9)]
#: A size in bytes (a file, the machine's memory).
Bytes = Annotated[int, msgspec.Meta(ge=0, le=2**63 - 1)]
#: A load average: runnable processes, averaged.
Load = Annotated[float, msgspec.Meta(ge=0, le=1e6)]
#: A ratio a target sets between two timings.
Ratio = Annotated[float, msgspec.Meta(ge=1e-6, le=1e6)]


class RawFileError(ValueError):
    """A raw file that cannot be read as what it should hold. The message is one line,
    `<path>: <what is wrong>`: missing, unreadable, not JSON, or JSON of the wrong shape."""


def read_bytes(path: Path, error: type[RawFileError]) -> bytes:
    """The bytes of `path`; a file that is absent or cannot be read is an `error` naming it."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise error(f"{path}: missing") from None
    except OSError as err:  # a directory, no permission, an I/O error...
        raise error(f"{path}: {(err.strerror or str(err)).lower()}") from None


def read(path: Path, record: type[T], error: type[RawFileError]) -> T:
    """The file at `path` as a `record`; anything else is an `error` naming the file."""
    data = read_bytes(path, error)
    if not data.strip():
        raise error(f"{path}: empty, not JSON")
    try:
        found = msgspec.json.decode(data, type=record)
    except msgspec.ValidationError as err:  # JSON, but not the record
        raise error(f"{path}: {_one_line(err)}") from None
    except msgspec.DecodeError as err:  # truncated, or not JSON at all
        raise error(f"{path}: not JSON ({_one_line(err)})") from None
    except UnicodeDecodeError:
        _refuse_if_not_utf8(path, data, error)
        raise
    # msgspec checks a string's UTF-8 only when it decodes it, not in a part the record skips:
    # JSON text is UTF-8, and a file with other bytes is damaged wherever they are.
    _refuse_if_not_utf8(path, data, error)
    return found


def _refuse_if_not_utf8(path: Path, data: bytes, error: type[RawFileError]) -> None:
    if data.isascii():
        return
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise error(f"{path}: not UTF-8 ({err.reason} at byte {err.start})") from None


def convert(path: Path, data: object, record: type[T], error: type[RawFileError]) -> T:
    """`data`, decoded from the file at `path`, as a `record`: for a file read once and then
    checked against a stricter shape, with msgspec's refusal naming the file."""
    try:
        return msgspec.convert(data, record)
    except msgspec.ValidationError as err:
        raise error(f"{path}: {_one_line(err)}") from None


def _one_line(err: Exception) -> str:
    return " ".join(str(err).splitlines())


class Format(msgspec.Struct):
    """A file's "format" field alone, read first so that a later format is refused as such
    rather than for its first unexpected field."""

    format: Any = None


def read_format(path: Path, error: type[RawFileError]) -> object:
    """The "format" field of the file at `path` (see `Format`)."""
    return read(path, Format, error).format


def write(path: Path, record: object, *, indent: int = 2) -> None:
    """`record` as the indented JSON text of a file, with a final newline."""
    path.write_bytes(msgspec.json.format(msgspec.json.encode(record), indent=indent) + b"\n")
