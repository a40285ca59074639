"""Typed JSON records: msgspec reads and checks a file against its record type, and a value that
does not fit becomes one sentence naming the field, what it must be and what was found there.

msgspec's own message gives the place as `$.results[0].median`, but says `[...]` for the
value under any key of an object, and `got str` rather than the value itself. `explain` walks
the data and the type along that path to name the key and show the value.
"""

from __future__ import annotations

import dataclasses
import re
import reprlib
import types
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin, get_type_hints

import msgspec

T = TypeVar("T")

#: A step along a path: a field or key, or an index in a list.
Step = str | int

_MISSING: Any = object()
_NOUNS: dict[Any, tuple[str, str]] = {
    str: ("string", "strings"),
    int: ("integer", "integers"),
    float: ("number", "numbers"),
    bool: ("boolean", "booleans"),
}


@dataclasses.dataclass(frozen=True)
class Problem:
    #: Where the value is (or should have been): fields, keys and indices from the top.
    path: tuple[Step, ...]
    #: What the value must be, without its article: "integer >= 1", "non-empty list".
    expected: str
    #: The value found there; absent for a missing field.
    value: Any = _MISSING
    #: The field is not one the record has.
    unknown: bool = False

    @property
    def missing(self) -> bool:
        return self.value is _MISSING

    @property
    def parent(self) -> str:
        """The object holding the field, e.g. `results[0]`; empty at the top."""
        return _render(self.path[: _last_name(self.path)])

    @property
    def name(self) -> str:
        """The field, with any index after it: `median`, `times[2]`."""
        return _render(self.path[_last_name(self.path) :])

    @property
    def found(self) -> str:
        return f"got {reprlib.repr(self.value)}"

    def under(self, *steps: Step) -> Problem:
        return dataclasses.replace(self, path=(*steps, *self.path))

    def __str__(self) -> str:
        if self.unknown:
            return f"{self.parent or 'the document'} has unknown keys: {self.name}"
        if self.missing:
            where = f"{self.parent}: " if self.parent else ""
            return f"{where}expected an object with a {self.name!r} {self.expected}"
        return f"{_render(self.path) or 'the document'} must be {a(self.expected)}, {self.found}"


class Invalid(ValueError):
    """JSON that is not the record it should be."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def decode(text: bytes, record: type[T]) -> T:
    """`text` as a `record`: msgspec.DecodeError when it is not JSON, Invalid when it is not
    the record."""
    try:
        return msgspec.json.decode(text, type=record)
    except msgspec.ValidationError as err:
        try:
            data = msgspec.json.decode(text)
        except msgspec.DecodeError:  # a number too large for a float, say
            raise Invalid(Problem((), str(err))) from None
        raise Invalid(explain(err, data, record)) from None


def convert(data: object, record: type[T]) -> T:
    """Already decoded JSON as a `record`, or Invalid."""
    try:
        return msgspec.convert(data, record)
    except msgspec.ValidationError as err:
        raise Invalid(explain(err, data, record)) from None


def encode(record: object, *, indent: int = 2) -> bytes:
    """A record as the indented JSON text of a file, with a final newline."""
    return msgspec.json.format(msgspec.json.encode(record), indent=indent) + b"\n"


def read(path: Path, record: type[T], error: type[Exception]) -> T:
    """The file at `path` as a `record`; anything else is an `error` naming the file."""
    try:
        return decode(path.read_bytes(), record)
    except Invalid as err:
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
    path.write_bytes(encode(record, indent=indent))


def explain(error: msgspec.ValidationError, data: Any, record: Any) -> Problem:
    """What msgspec refused in `data`, a `record`, with the keys and value msgspec leaves out."""
    message, _, at = str(error).partition(" - at `")
    path: list[Step] = []
    try:
        for step in _steps(at.removesuffix("`")):
            if step is ...:
                # The value under some key: find which, if the values are records.
                inner = _inside(data, record)
                if inner is not None:
                    return inner.under(*path)
                break
            data, record = data[step], _member(record, step)
            path.append(step)
        return _problem(message, tuple(path), data, record)
    except (KeyError, IndexError, TypeError, StopIteration):  # the data is not as msgspec said
        return Problem((), message)


def _problem(message: str, path: tuple[Step, ...], value: Any, record: Any) -> Problem:
    if found := re.fullmatch(r"Object missing required field `(.+)`", message):
        return Problem((*path, found[1]), noun(_member(record, found[1])))
    if found := re.fullmatch(r"Object contains unknown field `(.+)`", message):
        return Problem((*path, found[1]), "", value[found[1]], unknown=True)
    return Problem(path, noun(record), value)


def _inside(data: dict[str, Any], record: Any) -> Problem | None:
    """The problem with the first value of `data` that is not a record of the object's kind."""
    kind = _member(record, "")
    if not _is_record(kind):
        return None  # strings, numbers: the object as a whole is what it must not be
    for key, value in data.items():
        try:
            msgspec.convert(value, kind)
        except msgspec.ValidationError as err:
            return explain(err, value, kind).under(key)
    return None


def _steps(path: str) -> list[Step | types.EllipsisType]:
    """msgspec's `$.results[0].median` as ["results", 0, "median"]; `[...]` is a key it omits."""
    return [
        name or (... if index == "..." else int(index))
        for name, index in re.findall(r"\.([^.\[]+)|\[(\d+|\.\.\.)\]", path)
    ]


def _bare(kind: Any) -> Any:
    """`kind` without constraints, and without `| None` around a single type."""
    if get_origin(kind) is Annotated:
        return _bare(get_args(kind)[0])
    others = [arg for arg in get_args(kind) if arg is not types.NoneType]
    if get_origin(kind) in (Union, types.UnionType) and len(others) == 1:
        return _bare(others[0])
    return kind


def _member(record: Any, step: Step) -> Any:
    """The type one step into `record`: a field's, an item's, a value's."""
    record = _bare(record)
    if isinstance(record, type) and issubclass(record, msgspec.Struct):
        return next(f.type for f in msgspec.structs.fields(record) if f.encode_name == step)
    if dataclasses.is_dataclass(record):
        return get_type_hints(record, include_extras=True)[str(step)]
    args = get_args(record)
    return args[1] if get_origin(record) is dict else args[0]


def _is_record(kind: Any) -> bool:
    kind = _bare(kind)
    return dataclasses.is_dataclass(kind) or (
        isinstance(kind, type) and issubclass(kind, msgspec.Struct)
    )


def noun(kind: Any) -> str:
    """What a value of type `kind` must be, without an article: "integer >= 1"."""
    origin, args = get_origin(kind), get_args(kind)
    if origin is Annotated:
        metas = [meta for meta in args[1:] if isinstance(meta, msgspec.Meta)]
        return _constrained(noun(args[0]), metas)
    if origin in (Union, types.UnionType):
        return " or ".join("null" if arg is types.NoneType else noun(arg) for arg in args)
    if origin is dict:
        return f"object of {_NOUNS[args[1]][1]}" if args[1] in _NOUNS else "object"
    if origin in (list, tuple):
        return "list"
    return _NOUNS[kind][0] if kind in _NOUNS else "object" if _is_record(kind) else "value"


def _constrained(kind: str, metas: Sequence[msgspec.Meta]) -> str:
    for meta in metas:
        if meta.min_length == 1:
            kind = f"non-empty {kind}"
        if meta.gt == 0:
            kind = f"positive {kind}"
        if meta.ge is not None:
            kind = f"{kind} >= {meta.ge}"
    return kind


def a(kind: str) -> str:
    """`kind` with its indefinite article: "an integer", "a list"."""
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


def _render(path: Sequence[Step]) -> str:
    text = "".join(f"[{step}]" if isinstance(step, int) else f".{step}" for step in path)
    return text.removeprefix(".")


def _last_name(path: Sequence[Step]) -> int:
    """Where the last field name is in `path` (indices after it belong to it)."""
    names = [i for i, step in enumerate(path) if isinstance(step, str)]
    return names[-1] if names else 0
