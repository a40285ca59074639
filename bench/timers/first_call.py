"""What a fresh process pays: the import of a module, its first call, then its steady calls.

Each measurement is one new interpreter (`python -I`, running `first_call_child.py` by path),
so nothing the harness imported is already loaded and every cost a short-lived process pays is
paid again. Repetitions, their order and any environment (a JIT's cache directory) are the
caller's.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import msgspec

from bench.raw.first_call import Process
from bench.timers.errors import MeasurementError

CHILD = Path(__file__).with_name("first_call_child.py")


@dataclass(frozen=True)
class SteadyCalls:
    """How many later calls make the steady state: at least `min_calls` adding up to
    `min_seconds`, at most `max_calls`."""

    min_calls: int
    min_seconds: float
    max_calls: int

    def __post_init__(self) -> None:
        if not 1 <= self.min_calls <= self.max_calls:
            raise ValueError(f"need 1 <= min_calls <= max_calls, got {self}")


def measure(
    python: Path,
    module: str,
    attribute: str,
    count: int,
    steady: SteadyCalls,
    *,
    cwd: Path,
    env: Mapping[str, str] | None = None,
    timeout: float = 600.0,
) -> Process:
    """One fresh `python` process: import `module`, call `module.attribute(count)` once, then
    the steady calls. `env` is added to this process's environment (`-I` drops PYTHON*)."""
    argv = [
        str(python),
        "-I",
        str(CHILD),
        module,
        attribute,
        str(count),
        str(steady.min_calls),
        repr(steady.min_seconds),
        str(steady.max_calls),
    ]
    what = f"{module}.{attribute}({count}) in a fresh process"
    try:
        done = subprocess.run(
            argv,
            cwd=cwd,
            env={**os.environ, **(env or {})},
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise MeasurementError(f"{what}: no answer within {timeout:.0f} s") from None
    except OSError as err:
        raise MeasurementError(f"{what}: cannot run {python}: {err}") from None
    if done.returncode != 0:
        said = (done.stderr.strip().splitlines() or ["(no stderr)"])[-1]
        raise MeasurementError(f"{what}: exit status {done.returncode}: {said}")
    try:
        return msgspec.json.decode(done.stdout, type=Process)
    except msgspec.DecodeError as err:  # ValidationError included: a zero time, no steady call
        raise MeasurementError(f"{what}: unreadable answer {done.stdout[:80]!r}: {err}") from None
