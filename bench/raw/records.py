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

#: A measured duration in seconds: a tool never writes zero or less, and the report divides by it.
Seconds = Annotated[float, msgspec.Meta(gt=0)]
#: CPU time, or a spread, in seconds: zero happens.
SecondsOrZero = Annotated[float, msgspec.Meta(ge=0)]


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
        return msgspec.json.decode(data, type=record)
    except msgspec.ValidationError as err:  # JSON, but not the record
        raise error(f"{path}: {_one_line(err)}") from None
    except msgspec.DecodeError as err:  # truncated, or not JSON at all
        raise error(f"{path}: not JSON ({_one_line(err)})") from None


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
