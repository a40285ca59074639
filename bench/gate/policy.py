"""What the gate measures and what it may compare: counts, the time reference, environments."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import primes
from bench import algorithms
from bench.gate import environment
from bench.gate.baseline import Results

#: Wall-clock ratios are all taken against this implementation.
REFERENCE = "pure-naive"
#: Sized so the whole gate, pure Python under valgrind (~50x slower) included, takes about a
#: minute: ~220 million instructions for pure-naive, ~100-150 million for the compiled ones.
#: The largest single cost is numba-naive's start-up, not its count: importing numba and loading
#: its cached kernel are ~1.7 billion instructions, ~30 s of CPU under callgrind per run. Its
#: count repeats to 0.001%, so it is measured like the others.
PURE_COUNT = 1_000
COMPILED_COUNT = 5_000
#: Relative spread between repeated counts above which `baseline` warns (same build, so 0.0 is
#: the norm).
NOT_REPEATABLE = 0.001
#: Pure-naive takes ~15 ms here natively: long enough to time, short enough for many rounds.
WALL_CLOCK_COUNT = 1_000
#: A baseline keeps the median of this many wall-clock runs, so one taken during a neighbour's
#: build does not become the yardstick.
BASELINE_WALL_CLOCK_RUNS = 3


def default_count(name: str) -> int:
    impl = primes.implementation(name)
    python_source = algorithms.language(impl.language).runs_python_source
    count = PURE_COUNT if python_source else COMPILED_COUNT
    return min(count, impl.max_count())


def default_counts(names: Collection[str]) -> dict[str, int]:
    return {name: default_count(name) for name in names}


def counts(base: Results, names: list[str]) -> dict[str, int]:
    """Each implementation's count: the baseline's, so the figures compare, else the default."""
    return {
        name: entry.instructions.count
        if (entry := base.entries.get(name)) and entry.instructions
        else default_count(name)
        for name in names
    }


def wall_clock_count(base: Results) -> int:
    wall_counts = {e.wall_clock.count for e in base.entries.values() if e.wall_clock}
    return min(wall_counts) if wall_counts else WALL_CLOCK_COUNT


def _another(differences: dict[str, tuple[str, str]]) -> str | None:
    return "baseline from another " + ", ".join(sorted(differences)) if differences else None


@dataclass(frozen=True)
class EnvironmentCheck:
    """How this run's environment differs from the baseline's, and which figures that voids."""

    instructions: dict[str, tuple[str, str]]
    wall_clock: dict[str, tuple[str, str]]
    #: --ignore-environment: compare anyway.
    ignored: bool

    @property
    def differences(self) -> dict[str, tuple[str, str]]:
        return {**self.instructions, **self.wall_clock}

    # Another interpreter or compiler moves counts with no change to the code: comparing would
    # cry wolf (or hide a regression), so such rows say why they were not compared.
    @property
    def instructions_unreliable(self) -> str | None:
        return None if self.ignored else _another(self.instructions)

    def instructions_unreliable_for(self, names: Collection[str]) -> dict[str, str | None]:
        """Each implementation's reason, naming only the keys that concern it (another rustc
        does not void pure Python's counts)."""
        return {name: self._unreliable_for(name) for name in names}

    def _unreliable_for(self, name: str) -> str | None:
        if self.ignored:
            return None
        try:
            language: str | None = primes.implementation(name).language
        except KeyError:
            language = None  # in the baseline, not registered here
        return _another(
            {
                key: values
                for key, values in self.instructions.items()
                if environment.concerns(key, language)
            }
        )

    @property
    def wall_clock_unreliable(self) -> str | None:
        return None if self.ignored else _another(self.wall_clock)

    def warnings(self) -> list[str]:
        lines = [
            f"perf-gate: warning: {key} differs: baseline {before!r}, now {now!r}"
            for key, (before, now) in self.differences.items()
        ]
        if self.instructions_unreliable or self.wall_clock_unreliable:
            lines.append(
                "perf-gate: warning: figures from another environment are not compared; "
                "re-record the baseline here (make perf-baseline) or pass --ignore-environment"
            )
        return lines


def environment_check(base: Results, current: Results, *, ignored: bool) -> EnvironmentCheck:
    return EnvironmentCheck(
        instructions=environment.differences(
            base.environment, current.environment, environment.INSTRUCTION_KEYS
        ),
        wall_clock=environment.differences(
            base.environment, current.environment, environment.WALL_CLOCK_KEYS
        ),
        ignored=ignored,
    )
