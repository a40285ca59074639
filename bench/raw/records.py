"""Typed JSON records: msgspec reads a file as its record type, and its message for a value
that does not fit says what it expected, what it found and where, e.g. "Expected `float`, got
`str` - at `$.results[0].median`" (a key of an object is `[...]`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import msgspec

T = TypeVar("T")


def read(path: Path, record: type[T], error: type[Exception]) -> T:
    """The file at `path` as a `record`; anything else is an `error` naming the file."""
    try:
        return msgspec.json.decode(path.read_bytes(), type=record)
    except msgspec.ValidationError as err:  # JSON, but not the record
        raise error(f"{path}: {err}") from None
    except msgspec.DecodeError as err:
        raise error(f"{path}: not JSON ({err})") from None


class _Format(msgspec.Struct):
    format: Any = None


def read_format(path: Path, error: type[Exception]) -> object:
    """The file's "format" field alone, read first so that a later format is refused as such
    rather than for its first unexpected field."""
    return read(path, _Format, error).format


def write(path: Path, record: object, *, indent: int = 2) -> None:
    """`record` as the indented JSON text of a file, with a final newline."""
    path.write_bytes(msgspec.json.format(msgspec.json.encode(record), indent=indent) + b"\n")
