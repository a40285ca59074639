"""The correctness checker: nothing is timed until its output matches the oracle.

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
from pathlib import Path

from bench.check import oracle
from bench.raw import correctness
from bench.raw.correctness import Check


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
) -> list[Check]:
    verdicts = []
    # The largest count's sieve first: it holds every smaller count's primes.
    oracle.first_primes(max((count for count in counts if count >= 0), default=0))
    for count in counts:
        try:
            problem = mismatch(first_n(count), count)
        except Exception as err:  # any exception is a refusal, reported with its message
            problem = f"raised {type(err).__name__}: {err}"
        verdicts.append(Check(subject, count, problem is None, problem or ""))
    return verdicts


def last_line(stderr: str) -> str:
    """What a failed child said last: usually the exception."""
    return (stderr.strip().splitlines() or ["(no stderr)"])[-1]


def parse_printed_list(stdout: str) -> object:
    """What a console script printed (`[2, 3, 5]`), as a Python value."""
    try:
        return ast.literal_eval(stdout.strip())
    except (ValueError, SyntaxError) as err:
        return f"<unparseable output: {err}>"


class Checker:
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
        self._checks: dict[tuple[str, int], Check] = {}

    def check_implementation(self, target: str, counts: Sequence[int]) -> list[Check]:
        """Call `target` (a registry name or `module:function`) at each count, in a child."""
        todo = [count for count in counts if (target, count) not in self._checks]
        if todo:
            for verdict in self._run_worker(target, todo):
                self._checks[(verdict.subject, verdict.count)] = verdict
        return [self._checks[(target, count)] for count in counts]

    def _run(self, argv: Sequence[str]) -> subprocess.CompletedProcess[str] | str:
        """The finished child, or why it could not finish."""
        try:
            return subprocess.run(
                list(argv),
                cwd=self._cwd,
                env=self._env,
                capture_output=True,
                text=True,
                timeout=self._timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return f"no answer within {self._timeout:.0f} s"
        except OSError as err:
            return f"could not run: {err}"

    def _run_worker(self, target: str, counts: Sequence[int]) -> list[Check]:
        done = self._run([str(self._python), "-m", "bench.check.worker", target, *map(str, counts)])
        if isinstance(done, str):
            return [Check(target, count, False, done) for count in counts]
        if done.returncode != 0:
            reason = f"checker exited with status {done.returncode}: {last_line(done.stderr)}"
            return [Check(target, count, False, reason) for count in counts]
        return [Check(**entry) for entry in json.loads(done.stdout)]

    def check_command(self, label: str, argv: Sequence[str], count: int) -> Check:
        """Run a console script once and compare the list it prints."""
        key = (label, count)
        if key not in self._checks:
            done = self._run(argv)
            if isinstance(done, str):
                problem: str | None = done
            elif done.returncode != 0:
                problem = f"exited with status {done.returncode}: {last_line(done.stderr)}"
            else:
                problem = mismatch(parse_printed_list(done.stdout), count)
            self._checks[key] = Check(label, count, problem is None, problem or "")
        return self._checks[key]

    def checks(self) -> list[Check]:
        return list(self._checks.values())

    def write(self, raw_dir: Path) -> None:
        correctness.write(raw_dir, self.checks())
