"""`correctness.json`: what the correctness checker found before anything was timed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import msgspec

from bench.raw import records
from bench.raw.layout import CORRECTNESS

#: Named in the file, so a reader knows what "ok" was judged against.
ORACLE = "bench/check/oracle.py: sieve of Eratosthenes to Rosser's bound on the n-th prime"


class CorrectnessFormatError(records.RawFileError):
    """Not a correctness file this code writes."""


# A dataclass, not a Struct: the checker's worker sends these with dataclasses.asdict.
@dataclass(frozen=True)
class Check:
    """One implementation (or console script) at one count, against the oracle."""

    #: An implementation name or a command label.
    subject: str
    count: records.Count
    ok: bool
    detail: str = ""


class _File(msgspec.Struct, kw_only=True):
    oracle: str = ORACLE
    verdicts: list[Check]


def write(raw_dir: Path, checks: list[Check]) -> None:
    records.write(raw_dir / CORRECTNESS, _File(verdicts=checks))


def read(raw_dir: Path) -> list[Check]:
    return records.read(raw_dir / CORRECTNESS, _File, CorrectnessFormatError).verdicts
