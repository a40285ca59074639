"""The gate's result files: what a run measured, and the committed baseline it is compared with.

A baseline is a measured run written to disk by `python -m bench.gate baseline`; `check` runs
the same measurements and compares. Loading validates everything, so a corrupt or hand-mangled
file is reported as such instead of surfacing later as a confusing verdict.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Generic, TypeVar

import msgspec

from bench.raw import records

SCHEMA = "primes-perf-baseline/1"
DEFAULT_PATH = Path("results/baseline/perf-gate.json")

#: bool is an int in Python, but msgspec never takes `true` for a number: no instruction count.
Whole = Annotated[int, msgspec.Meta(ge=1)]
#: JSON as msgspec reads it has no infinity or NaN, so positive is also finite.
Positive = Annotated[float, msgspec.Meta(gt=0)]
NonEmpty = Annotated[str, msgspec.Meta(min_length=1)]
#: An implementation's entry: an Entry, or its JSON text (msgspec.Raw) still to be read.
E = TypeVar("E")


class BaselineError(ValueError):
    """The baseline file is missing, not JSON, or not in the expected schema."""


class Instructions(msgspec.Struct, frozen=True, omit_defaults=True):
    count: Whole
    value: Whole
    runs: Annotated[tuple[Whole, ...], msgspec.Meta(min_length=1)]
    #: Instructions of first_n(count // 2), for the growth exponent; absent in older files.
    half_count_value: Whole | None = None


class WallClock(msgspec.Struct, frozen=True):
    count: Whole
    #: Median over rounds of t(implementation) / t(reference).
    ratio: Positive
    low: Positive
    high: Positive
    rounds: Whole


class Entry(
    msgspec.Struct,
    frozen=True,
    forbid_unknown_fields=True,
    omit_defaults=True,
    rename={"wall_clock": "time_vs_reference"},
):
    instructions: Instructions | None = None
    #: None for the reference itself, whose ratio is 1 by definition.
    wall_clock: WallClock | None = None


class Results(msgspec.Struct, frozen=True):
    #: The implementation every wall-clock ratio is taken against.
    reference: str
    entries: dict[str, Entry]
    environment: dict[str, str] = {}
    recorded: str = ""


class _File(msgspec.Struct, Generic[E]):
    """The file: Results in the order a reader wants, each field required."""

    schema: str
    recorded: NonEmpty
    reference: NonEmpty
    environment: dict[str, str]
    implementations: dict[str, E]


class _Schema(msgspec.Struct):
    """The schema alone, read first: another one is refused as such, not for its first field."""

    schema: Any = None


def to_json(results: Results) -> dict[str, Any]:
    entries = dict(sorted(results.entries.items()))
    environment = dict(sorted(results.environment.items()))
    file = _File(SCHEMA, results.recorded, results.reference, environment, entries)
    data: dict[str, Any] = msgspec.to_builtins(file)
    return data


def save(results: Results, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    records.write(path, to_json(results))


def load(path: Path) -> Results:
    try:
        text = path.read_bytes()
    except FileNotFoundError:
        raise BaselineError(
            f"{path}: no such baseline; record one with `make perf-baseline` "
            "(or pass --baseline PATH)"
        ) from None
    except OSError as err:
        raise BaselineError(f"{path}: cannot read: {err.strerror}") from None
    try:
        schema = msgspec.json.decode(text, type=_Schema).schema
        if schema != SCHEMA:
            raise BaselineError(
                f"{path}: schema is {schema!r}, this gate reads {SCHEMA!r}; re-record it with "
                "`make perf-baseline`"
            )
        file = msgspec.json.decode(text, type=_File[msgspec.Raw])
        entries = {name: _entry(name, raw) for name, raw in file.implementations.items()}
    except msgspec.ValidationError as err:
        raise BaselineError(f"{path}: {err}") from None
    except msgspec.DecodeError as err:
        raise BaselineError(f"{path}: not valid JSON ({err})") from None
    return Results(file.reference, entries, file.environment, file.recorded)


def _entry(name: str, raw: msgspec.Raw) -> Entry:
    """One implementation, read alone so that an error names it where msgspec says `[...]`."""
    try:
        return msgspec.json.decode(raw, type=Entry)
    except msgspec.ValidationError as err:
        message, _, at = str(err).partition(" - at `$")
        where = f"$.implementations[{name!r}]{at.removesuffix('`')}"
        raise msgspec.ValidationError(f"{message} - at `{where}`") from None
