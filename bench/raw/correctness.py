"""`correctness.json`: what the correctness checker found before anything was timed."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from bench.raw.layout import CORRECTNESS

#: Named in the file, so a reader knows what "ok" was judged against.
ORACLE = "bench/check/oracle.py: sieve of Eratosthenes to Rosser's bound on the n-th prime"


@dataclass(frozen=True)
class Check:
    """One implementation (or console script) at one count, against the oracle."""

    #: An implementation name or a command label.
    subject: str
    count: int
    ok: bool
    detail: str = ""


def write(raw_dir: Path, checks: list[Check]) -> None:
    data = {"oracle": ORACLE, "verdicts": [asdict(check) for check in checks]}
    (raw_dir / CORRECTNESS).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def read(raw_dir: Path) -> list[Check]:
    data = json.loads((raw_dir / CORRECTNESS).read_text(encoding="utf-8"))
    return [Check(**entry) for entry in data["verdicts"]]
