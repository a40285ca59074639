"""What the harness knows of each algorithm and each language, in one table each.

`primes.registry` says which implementations exist and what algorithm and language each is;
these tables say how the harness treats them: which counts an algorithm is swept over, how its
line is drawn, and, per language, its colour and whether it runs Python source (which decides
the count the performance gate measures it at). They are exhaustive: an algorithm or language
missing here is an error where it is looked up (`UnknownKind`), never a default, and
`tests/bench/test_algorithms.py` checks them against the registry. Adding an implementation of
a known algorithm in a known language needs nothing here; a new algorithm is one row of
`ALGORITHMS`, a new language one row of `LANGUAGES`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

Row = TypeVar("Row")


class UnknownKind(KeyError):
    """An algorithm or language that the harness's tables do not describe."""

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class Sweep:
    """The counts an algorithm is measured at in process, in a full and in a quick run."""

    full: tuple[int, ...]
    quick: tuple[int, ...]
    #: A full run stops here for a language that runs Python source (None: it does not stop
    #: early): past it, one of their calls takes seconds, and the sweep makes eight of each.
    python_source_max: int | None = None

    def counts(self, *, quick: bool, runs_python_source: bool = False) -> tuple[int, ...]:
        if quick:
            return self.quick
        if runs_python_source and self.python_source_max is not None:
            return tuple(n for n in self.full if n <= self.python_source_max)
        return self.full


@dataclass(frozen=True)
class Algorithm:
    sweep: Sweep
    #: matplotlib marker and line style: the algorithm's look on every plot.
    marker: str
    line: str


@dataclass(frozen=True)
class Language:
    #: The language's colour on every plot.
    colour: str
    #: It runs the pure-Python source (interpreted, or compiled with Python objects kept), so
    #: the gate measures it at a smaller count than compiled code.
    runs_python_source: bool = False


_QUADRATIC_QUICK = (100, 1_000, 5_000)
#: Nearly linear: to 1,000,000, where the sieves are compared with primesieve.
_SIEVE = Sweep(
    full=(100, 1_000, 5_000, 10_000, 100_000, 1_000_000),
    quick=(100, 5_000, 100_000),
)

ALGORITHMS: dict[str, Algorithm] = {
    # Quadratic: 20,000 takes pure Python 13 s a call, untyped Cython 8 s, the compiled ones 1 s;
    # the Python-source languages' exponent and ratios are as clear at 10,000.
    "naive": Algorithm(
        Sweep(
            full=(100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000),
            quick=_QUADRATIC_QUICK,
            python_source_max=10_000,
        ),
        marker="o",
        line="-",
    ),
    # The same quadratic work, about 15-20x faster with AVX2: one step further.
    "naive-simd": Algorithm(
        Sweep(
            full=(100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000),
            quick=_QUADRATIC_QUICK,
        ),
        marker="*",
        line="-",
    ),
    # About n^1.5: 100,000 takes pure Python a few seconds per call (2.3 s here), so a quick
    # run, a pipeline check, stops at 50,000 (0.9 s).
    "trial": Algorithm(
        Sweep(
            full=(100, 1_000, 5_000, 10_000, 20_000, 50_000, 100_000), quick=(100, 5_000, 50_000)
        ),
        marker="s",
        line="--",
    ),
    "sieve": Algorithm(_SIEVE, marker="^", line=":"),
    # A sieve too, as far as the other sieves; its own marker so it is told from them.
    "wheel": Algorithm(_SIEVE, marker="D", line=":"),
}

#: Colour says the language, marker and line say the algorithm, so a grid of languages by
#: algorithms stays readable on one plot.
LANGUAGES: dict[str, Language] = {
    "pure": Language("#3776ab", runs_python_source=True),
    "cython": Language("#e0a100"),
    "rust": Language("#b7410e"),
    "c": Language("#555555"),
    # The alternatives to a rewrite. Untyped Cython's loop still works on Python int objects,
    # and mypyc's, though it unboxes small ints, still walks a list of them.
    "numba": Language("#00838f"),
    "mypyc": Language("#6a3d9a", runs_python_source=True),
    # Cython's family, darker: next to the typed one, what the types buy.
    "cython-untyped": Language("#7a5200", runs_python_source=True),
    # The peers: third-party libraries behind the same contract.
    "numpy": Language("#17becf"),
    "primesieve": Language("#e377c2"),
}


def _row(table: Mapping[str, Row], table_name: str, name: str, what: str, columns: str) -> Row:
    try:
        return table[name]
    except KeyError:
        raise UnknownKind(
            f"{what} {name!r} is not in bench/algorithms.py {table_name}: add its row ({columns})"
        ) from None


def algorithm(name: str) -> Algorithm:
    return _row(ALGORITHMS, "ALGORITHMS", name, "algorithm", "sweep, marker, line")


def language(name: str) -> Language:
    return _row(LANGUAGES, "LANGUAGES", name, "language", "colour")
