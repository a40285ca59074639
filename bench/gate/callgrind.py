"""Where the instructions went: callgrind's output files read into self costs per function.

The gate counts a call's instructions as the difference of two profile parts (see
`instructions.py`). When that count regresses, the totals say only *that* it did; this module
reads the parts themselves, so the change can be split by object file (libpython, the
extension, libc, ...) and by function.

The format is valgrind's "Callgrind Format Specification" (cl-format in valgrind's manual), as
callgrind 3.19 writes it:

- a header of `key: value` lines; `events:` names the cost columns (the first is `Ir`),
  `positions:` the subpositions that open every cost line (`line` by default, `instr line`
  with `--dump-instr=yes`), `summary:` and, at the end of a part, `totals:` the part's cost;
- position lines `ob=`, `fl=`, `fi=`, `fe=`, `fn=` set the object, file and function that the
  following cost lines belong to; `cob=`, `cfi=`/`cfl=`, `cfn=` name a call's target; with
  name compression, `(id) name` defines an id and a later `(id)` alone refers to it, one table
  for objects (ob, cob), one for files (fl, fi, fe, cfi, cfl, jfi) and one for functions
  (fn, cfn, jfn);
- cost lines: subpositions (a number, `0x` hex, or relative `+N`, `-N`, `*`), then one count
  per event, missing trailing counts being zero. With `--dump-line=no` the line column is still
  written (0 where there is no debug information, relative after the first);
- `calls=COUNT TARGET` is followed by a cost line holding the call's INCLUSIVE cost: it belongs
  to the callee's own lines, so adding it to the caller would count it twice. `jump=`/`jcnd=`
  lines (`--collect-jumps=yes`) carry no cost.

Summing every other cost line gives each function's self cost, and their sum is the part's
`summary:`/`totals:` figure exactly; `read` checks that, so a misread file fails loudly
instead of blaming the wrong function.
"""

from __future__ import annotations

import fnmatch
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from bench.gate import breakdown_text

#: The event the gate counts: instructions executed.
EVENT = "Ir"
#: Callgrind's name for an object or function it knows nothing about.
UNKNOWN = "???"

LIBPYTHON, EXTENSION, LIBC, LIBM, PYTHON = "libpython", "extension", "libc", "libm", "python"

# Position lines and the name-compression table each one uses.
_TABLES = {
    "ob": "ob",
    "cob": "ob",
    "fl": "fl",
    "fi": "fl",
    "fe": "fl",
    "cfi": "fl",
    "cfl": "fl",
    "jfi": "fl",
    "fn": "fn",
    "cfn": "fn",
    "jfn": "fn",
}
_NO_COST = frozenset({"jump", "jcnd"})
_KEY = re.compile(r"([A-Za-z]+)\s*([=:])\s*(.*)")
_COMPRESSED = re.compile(r"\((\d+)\)(?:\s+(.*))?")
_SUBPOSITION = re.compile(r"0x[0-9a-fA-F]+|\d+|[+-]\d+|\*")
_RECURSION = re.compile(r"'\d+$")


class CallgrindFormatError(ValueError):
    """A callgrind output file this module cannot read, or whose figures do not add up."""


class Function(NamedTuple):
    #: The object file as callgrind names it: an absolute path, or ??? when unknown.
    object: str
    #: The symbol, or the address (0x...) of a function in an object without symbols.
    name: str


@dataclass(frozen=True)
class Profile:
    """Self cost (instructions executed in the function's own code) per function."""

    costs: Mapping[Function, int] = field(default_factory=dict)

    def total(self) -> int:
        return sum(self.costs.values())

    def __sub__(self, other: Profile) -> Profile:
        diff = dict(self.costs)
        for function, cost in other.costs.items():
            diff[function] = diff.get(function, 0) - cost
        return Profile({function: cost for function, cost in diff.items() if cost})

    def by_object(self) -> dict[str, int]:
        """Self cost per object file (full path as callgrind names it)."""
        out: dict[str, int] = defaultdict(int)
        for function, cost in self.costs.items():
            out[function.object] += cost
        return dict(out)


@dataclass(frozen=True)
class Parsed:
    """A whole file: its profile (every part summed) and the totals it declares."""

    profile: Profile
    #: Sum of the parts' `summary:` lines in the chosen event, None when there are none.
    summary: int | None
    #: Sum of the parts' `totals:` lines, None when there are none.
    totals: int | None
    parts: int


class _Parser:
    """One pass over a file; state is what the format's lines carry over to the next ones."""

    def __init__(self, event: str) -> None:
        self.event = event
        self.names: dict[str, dict[str, str]] = {"ob": {}, "fl": {}, "fn": {}}
        self.object = UNKNOWN
        self.function = UNKNOWN
        self.positions = 1  # `positions: line` is the default
        self.column: int | None = None  # the event's index among `events:`
        self.in_call = False  # the next cost line is a call's inclusive cost
        self.costs: dict[Function, int] = defaultdict(int)
        self.declared: dict[str, int] = {}
        self.parts = 0
        self.lineno = 0

    def error(self, message: str) -> CallgrindFormatError:
        return CallgrindFormatError(f"line {self.lineno}: {message}")

    def feed(self, raw: str) -> None:
        self.lineno += 1
        line = raw.rstrip("\r\n")
        if not line.strip() or line.startswith("#"):
            return
        if line[0].isdigit() or line[0] in "+-*":
            self.cost_line(line.split())
            return
        match = _KEY.fullmatch(line)
        if match is None:
            raise self.error(f"neither a cost, position nor header line: {line!r}")
        key, separator, value = match.groups()
        if separator == ":":
            self.header(key, value)
        else:
            self.body(key, value)

    def header(self, key: str, value: str) -> None:
        if key == "events":
            self.events(value.split())
        elif key == "positions":
            self.positions = len(value.split())
        elif key in ("summary", "totals"):
            self.declared[key] = self.declared.get(key, 0) + self.pick(value.split())
        elif key == "part":
            self.parts += 1
        # version, creator, pid, cmd, thread, desc, event: nothing to count.

    def events(self, names: list[str]) -> None:
        if self.event not in names:
            raise self.error(f"no {self.event} event among {' '.join(names) or 'none'}")
        self.column = names.index(self.event)

    def body(self, key: str, value: str) -> None:
        if key in _TABLES:
            name = self.resolve(_TABLES[key], value)
            if key == "ob":
                self.object = name
            elif key == "fn":
                self.function = name
        elif key == "calls":
            self.in_call = True
        elif key not in _NO_COST:
            raise self.error(f"unknown position or association {key}=")

    def resolve(self, table: str, value: str) -> str:
        """`(id) name` defines an id, `(id)` alone refers to one, a bare name is itself."""
        match = _COMPRESSED.fullmatch(value.strip())
        if match is None:
            return value.strip()
        ident, name = match.groups()
        names = self.names[table]
        if name is not None:
            names[ident] = name
            return name
        if ident not in names:
            raise self.error(f"({ident}) used before it was defined in the {table} table")
        return names[ident]

    def cost_line(self, tokens: list[str]) -> None:
        if len(tokens) < self.positions or not all(
            _SUBPOSITION.fullmatch(token) for token in tokens[: self.positions]
        ):
            raise self.error(f"expected {self.positions} subposition(s) in {' '.join(tokens)!r}")
        cost = self.pick(tokens[self.positions :])
        if self.in_call:
            self.in_call = False  # inclusive: already counted in the callee's own lines
        elif cost:
            self.costs[Function(self.object, self.function)] += cost

    def pick(self, counts: list[str]) -> int:
        if self.column is None:
            raise self.error("a cost before the events: line")
        if self.column >= len(counts):
            return 0  # trailing counts left out are zero
        try:
            return int(counts[self.column])
        except ValueError:
            raise self.error(f"not a count: {counts[self.column]!r}") from None

    def result(self) -> Parsed:
        if self.column is None:
            raise CallgrindFormatError("no events: line; not a callgrind output file")
        if self.in_call:
            raise self.error("file ends after calls= without its cost line")
        return Parsed(
            Profile(dict(self.costs)),
            self.declared.get("summary"),
            self.declared.get("totals"),
            max(self.parts, 1),
        )


def parse(lines: Iterable[str], event: str = EVENT) -> Parsed:
    """Self cost per (object, function) in `event`, from the lines of a callgrind file."""
    parser = _Parser(event)
    for line in lines:
        parser.feed(line)
    return parser.result()


def read(path: Path, event: str = EVENT) -> Profile:
    """The self costs in one callgrind output file, checked against its declared totals."""
    with path.open(encoding="utf-8", errors="replace") as lines:
        try:
            parsed = parse(lines, event)
        except CallgrindFormatError as error:
            raise CallgrindFormatError(f"{path.name}: {error}") from None
    total = parsed.profile.total()
    for what, declared in (("summary", parsed.summary), ("totals", parsed.totals)):
        if declared is not None and declared != total:
            raise CallgrindFormatError(
                f"{path.name}: self costs add up to {total:,} {event}, its {what}: line says "
                f"{declared:,}"
            )
    return parsed.profile


def call_profile(part_n: Path, part_0: Path) -> Profile:
    """One call's own cost: the part holding first_n(N) minus the part holding first_n(0)."""
    return read(part_n) - read(part_0)


# --- where the change went ---------------------------------------------------------------------


def _is_extension(path: PurePosixPath) -> bool:
    name = path.name
    return (
        fnmatch.fnmatchcase(name, "_lib*.so")
        or "primes_cython" in path.parts
        or ("site-packages" in path.parts and name.endswith(".so"))
    )


def group_of(obj: str) -> str:
    """The group an object file's cost is reported under: libpython, extension, libc, libm,
    python (the executable), or else its file name."""
    path = PurePosixPath(obj)
    name = path.name
    if name.startswith("libpython"):
        return LIBPYTHON
    if _is_extension(path):
        return EXTENSION
    if name.startswith("libc.so"):
        return LIBC
    if name.startswith("libm.so"):
        return LIBM
    if name.startswith("python3") or name == "python":
        return PYTHON
    return name or obj


class _Change:
    """A cost in the base and in the head (the dataclasses below hold the fields)."""

    base: int
    head: int

    @property
    def delta(self) -> int:
        return self.head - self.base


@dataclass(frozen=True)
class GroupChange(_Change):
    group: str
    base: int
    head: int


@dataclass(frozen=True)
class FunctionChange(_Change):
    #: The object's file name: paths differ between a base and a head checkout, names do not.
    object: str
    function: str
    base: int
    head: int


def _by_name(profile: Profile) -> dict[tuple[str, str], int]:
    # name'2 is callgrind's name for the second level of a recursion (--separate-recs): one
    # function, whose depth may differ between base and head.
    out: dict[tuple[str, str], int] = defaultdict(int)
    for function, cost in profile.costs.items():
        name = _RECURSION.sub("", function.name)
        out[PurePosixPath(function.object).name or function.object, name] += cost
    return out


def _by_group(profile: Profile) -> dict[str, int]:
    out: dict[str, int] = defaultdict(int)
    for obj, cost in profile.by_object().items():
        out[group_of(obj)] += cost
    return out


def _largest_first(delta: int, label: str) -> tuple[int, str]:
    return (-abs(delta), label)


@dataclass(frozen=True)
class Breakdown:
    """How the cost changed from `base` to `head`: per object group, and the top functions."""

    base: int
    head: int
    #: Every group whose cost changed, the largest change (either sign) first.
    groups: tuple[GroupChange, ...]
    #: The functions with the largest changes (either sign), largest first.
    functions: tuple[FunctionChange, ...]
    #: How many other functions changed, and their net change.
    others: int = 0
    others_delta: int = 0

    @property
    def delta(self) -> int:
        return self.head - self.base

    def share(self, change: int) -> float | None:
        """A change as a fraction of the total change, None when the total did not move."""
        return change / self.delta if self.delta else None

    def headline(self) -> str:
        relative = f" ({self.delta / self.base:+.2%})" if self.base else ""
        return f"instructions {self.base:,} -> {self.head:,}: {self.delta:+,}{relative}"

    def lines(self, width: int = 100) -> list[str]:
        """A plain-text rendering for a terminal, no line longer than `width` (at least 80)."""
        return breakdown_text.lines(self, max(width, 80))

    def markdown(self) -> str:
        """Two small tables for a CI job summary."""
        return breakdown_text.markdown(self)


def breakdown(base: Profile, head: Profile, top: int = 8) -> Breakdown:
    """Where the cost went from `base` to `head` (each usually a `call_profile`)."""
    base_groups, head_groups = _by_group(base), _by_group(head)
    groups = [
        GroupChange(group, base_groups.get(group, 0), head_groups.get(group, 0))
        for group in base_groups.keys() | head_groups.keys()
    ]
    base_functions, head_functions = _by_name(base), _by_name(head)
    functions = [
        FunctionChange(
            obj, name, base_functions.get((obj, name), 0), head_functions.get((obj, name), 0)
        )
        for obj, name in base_functions.keys() | head_functions.keys()
    ]
    groups = sorted((g for g in groups if g.delta), key=lambda g: _largest_first(g.delta, g.group))
    functions = sorted(
        (f for f in functions if f.delta),
        key=lambda f: _largest_first(f.delta, f"{f.function} {f.object}"),
    )
    shown, rest = functions[: max(top, 0)], functions[max(top, 0) :]
    return Breakdown(
        base.total(),
        head.total(),
        tuple(groups),
        tuple(shown),
        len(rest),
        sum(f.delta for f in rest),
    )
