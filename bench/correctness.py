"""The correctness gate: nothing is timed until its output matches the oracle.

Each implementation is called in a child process (a crashing or hanging extension cannot take
the driver down with it) at every count it is about to be timed at; each console script is run
once and its printed list compared. A refusal is recorded and the measurement skipped.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench import oracle

FILENAME = "correctness.json"


@dataclass(frozen=True)
class Verdict:
    #: An implementation name or a command label.
    subject: str
    count: int
    ok: bool
    detail: str = ""


def mismatch(result: object, count: int) -> str | None:
    """Why `result` is not the first `count` primes, or None when it is."""
    if type(result) is not list:
        return f"returned {type(result).__name__}, not list"
    expected = oracle.first_primes(count)
    if len(result) != count:
        return f"returned {len(result)} numbers, expected {count}"
    for index, (got, want) in enumerate(zip(result, expected, strict=True)):
        if type(got) is not int or got != want:
            return f"element {index} is {got!r}, expected {want}"
    return None


def check_callable(
    first_n: Callable[[int], object], subject: str, counts: Sequence[int]
) -> list[Verdict]:
    verdicts = []
    for count in counts:
        try:
            problem = mismatch(first_n(count), count)
        except Exception as err:  # any exception is a refusal, reported with its message
            problem = f"raised {type(err).__name__}: {err}"
        verdicts.append(Verdict(subject, count, problem is None, problem or ""))
    return verdicts


def parse_printed_list(stdout: str) -> object:
    """What a console script printed (`[2, 3, 5]`), as a Python value."""
    try:
        return ast.literal_eval(stdout.strip())
    except (ValueError, SyntaxError) as err:
        return f"<unparseable output: {err}>"


class Gate:
    """Runs and remembers the checks for one benchmark run."""

    def __init__(
        self,
        python: Path,
        *,
        cwd: Path,
        env: Mapping[str, str] | None = None,
        timeout: float = 600.0,
    ) -> None:
        self._python = python
        self._cwd = cwd
        self._env = {**os.environ, **(env or {})}
        self._timeout = timeout
        self._verdicts: dict[tuple[str, int], Verdict] = {}

    def check_implementation(self, target: str, counts: Sequence[int]) -> list[Verdict]:
        """Call `target` (a registry name or `module:function`) at each count, in a child."""
        todo = [count for count in counts if (target, count) not in self._verdicts]
        if todo:
            for verdict in self._run_worker(target, todo):
                self._verdicts[(verdict.subject, verdict.count)] = verdict
        return [self._verdicts[(target, count)] for count in counts]

    def _run_worker(self, target: str, counts: Sequence[int]) -> list[Verdict]:
        argv = [str(self._python), "-m", "bench.check_worker", target, *map(str, counts)]
        try:
            done = subprocess.run(
                argv,
                cwd=self._cwd,
                env=self._env,
                capture_output=True,
                text=True,
                timeout=self._timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            reason = f"no answer within {self._timeout:.0f} s"
            return [Verdict(target, count, False, reason) for count in counts]
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["(no stderr)"])[-1]
            reason = f"checker exited with status {done.returncode}: {last}"
            return [Verdict(target, count, False, reason) for count in counts]
        return [Verdict(**entry) for entry in json.loads(done.stdout)]

    def check_command(self, label: str, argv: Sequence[str], count: int) -> Verdict:
        """Run a console script once and compare the list it prints."""
        key = (label, count)
        if key not in self._verdicts:
            try:
                done = subprocess.run(
                    list(argv),
                    cwd=self._cwd,
                    env=self._env,
                    capture_output=True,
                    text=True,
                    timeout=self._timeout,
                    check=False,
                )
            except (OSError, subprocess.TimeoutExpired) as err:
                self._verdicts[key] = Verdict(label, count, False, f"could not run: {err}")
                return self._verdicts[key]
            if done.returncode != 0:
                last = (done.stderr.strip().splitlines() or ["(no stderr)"])[-1]
                problem: str | None = f"exited with status {done.returncode}: {last}"
            else:
                problem = mismatch(parse_printed_list(done.stdout), count)
            self._verdicts[key] = Verdict(label, count, problem is None, problem or "")
        return self._verdicts[key]

    def refused(self, subject: str) -> list[Verdict]:
        return [v for v in self._verdicts.values() if v.subject == subject and not v.ok]

    def verdicts(self) -> list[Verdict]:
        return list(self._verdicts.values())

    def to_json(self) -> dict[str, Any]:
        return {
            "oracle": "bench/oracle.py: sieve of Eratosthenes to Rosser's bound on the n-th prime",
            "verdicts": [asdict(v) for v in self._verdicts.values()],
        }

    def write(self, raw_dir: Path) -> None:
        text = json.dumps(self.to_json(), indent=2) + "\n"
        (raw_dir / FILENAME).write_text(text, encoding="utf-8")


def read(raw_dir: Path) -> list[Verdict]:
    data = json.loads((raw_dir / FILENAME).read_text(encoding="utf-8"))
    return [Verdict(**entry) for entry in data["verdicts"]]
