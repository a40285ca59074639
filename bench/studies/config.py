"""What one benchmark run measures, and with which tools."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from bench.algorithms import language
from bench.counts import sweep_counts
from bench.paths import REPO, relative_to_repo
from bench.raw.manifest import Kind
from bench.timers.first_call import SteadyCalls


def venv_python() -> Path:
    """The running interpreter by absolute path, not resolved: resolving a venv's `python`
    symlink would land on the base interpreter and lose the venv's packages."""
    return Path(sys.executable).absolute()


def venv_bin() -> Path:
    """Where the venv's console scripts (`primes`, `primes-fast`, ...) live."""
    return Path(sys.prefix).absolute() / "bin"


@dataclass(frozen=True)
class Tools:
    python: Path
    bin: Path
    hyperfine: Path
    #: Where every measured command runs (hyperfine's and the checker's working directory).
    repo: Path = REPO

    def command(self, program: Path) -> Path:
        """`program` as a command run from `repo`: `.venv/bin/primes`, as the slides write it,
        so the raw files record no machine path (absolute only when outside the repository)."""
        inside = relative_to_repo(program, self.repo)
        # A bare name would be looked up on PATH instead: keep it absolute.
        return inside if len(inside.parts) > 1 else program

    def script(self, name: str) -> Path:
        """A console script of the venv, as a command run from `repo`."""
        return self.command(self.bin / name)


@dataclass(frozen=True)
class HyperfineSettings:
    warmup: int
    #: At least this many runs; hyperfine adds more until its 3 s budget is spent.
    min_runs: int | None = None
    #: At most this many (quick mode: cheap commands would otherwise run for 3 s each).
    max_runs: int | None = None

    def options(self) -> tuple[str, ...]:
        options = ["--warmup", str(self.warmup)]
        if self.min_runs is not None:
            options += ["--min-runs", str(self.min_runs)]
        if self.max_runs is not None:
            options += ["--max-runs", str(self.max_runs)]
        return tuple(options)


@dataclass(frozen=True)
class PytestBenchmarkSettings:
    min_rounds: int
    #: Seconds per benchmark that calibration aims for; slow calls still get min_rounds.
    max_time: float
    #: Seconds per round: fast calls are looped until a round lasts this long. Besides
    #: swamping the timer's resolution, it caps the rounds (and the JSON's size) at
    #: max_time / min_time per benchmark.
    min_time: float = 0.001
    #: A call of at least this many seconds gets `long_rounds` rounds (None: min_rounds too).
    long_call: float | None = None
    long_rounds: int = 3

    def options(self) -> tuple[str, ...]:
        options = (
            f"--benchmark-min-rounds={self.min_rounds}",
            f"--benchmark-max-time={self.max_time}",
            f"--benchmark-min-time={self.min_time}",
        )
        if self.long_call is None:
            return options
        return (
            *options,
            f"--bench-long-call={self.long_call}",
            f"--bench-long-rounds={self.long_rounds}",
        )


@dataclass(frozen=True)
class Interleaving:
    """An interleaved in-process timing (`bench.timers.interleaved`): `rounds` samples of each
    case, each sample looped until it lasts about `target` seconds."""

    rounds: int
    target: float


@dataclass(frozen=True)
class LongCalls:
    """Targets from `from_count` on, where one call takes over half a second: `rounds` rounds
    in each of `processes` fresh processes. Within one process the wheels' ratio stays put
    (±1-2% after 7 rounds), but between processes it has jumped by 15-20% (where the buffers
    land in physical memory decides which cache sets overflow): several processes of few
    rounds show such a slow mode as spread, where one process of many rounds hides it or
    makes it the verdict."""

    from_count: int
    rounds: int
    processes: int = 1
    #: When set, the counts below `from_count` are timed in the `processes` fresh processes
    #: too, this many rounds in each, instead of the plan's rounds in the study's process: the
    #: same slow mode has shown there, at 10⁵, in the study's own process.
    short_rounds: int | None = None


@dataclass(frozen=True)
class Builds:
    """How often the costs study builds each distribution: from scratch, then after a touch;
    and how many distributions it builds at once (never more than the cores it may use)."""

    cold: int
    incremental: int
    at_once: int = 1

    @property
    def total(self) -> int:
        return self.cold + self.incremental


@dataclass(frozen=True)
class Plan:
    """Every count and round a run takes from its mode, for every study: `quick` means this
    table's quick column and nothing else. The in-process sweep's counts are per algorithm, in
    `bench.algorithms.ALGORITHMS`."""

    #: Whole processes (start-up, talk).
    hyperfine: HyperfineSettings
    #: Whole processes (split): medians and shares, no interval.
    split_hyperfine: HyperfineSettings
    #: The in-process sweep.
    pytest_benchmark: PytestBenchmarkSettings
    boundary: Interleaving
    #: The counts the boundary study prices a list of Python ints at.
    boundary_list_counts: tuple[int, ...]
    threads: Interleaving
    first_call_rounds: int
    first_call_steady: SteadyCalls
    targets: Interleaving
    #: The targets above this count are skipped (None: none is).
    targets_max_count: int | None
    #: None: every target gets `targets.rounds`.
    targets_long: LongCalls | None
    #: None: the build times are not measured.
    cost_builds: Builds | None
    #: The split, threads and first-call studies time only these implementations (None:
    #: every one the run measures; first-call keeps every JIT one too); what they leave out
    #: is noted in their records.
    per_implementation_only: tuple[str, ...] | None = None


PLANS: dict[str, Plan] = {
    "full": Plan(
        # A median with a bootstrap interval: 20 runs give the talk's ratios within ±1.5%
        # (40 within ±1%), the start-up share within ±4%; fast commands get up to 30 runs
        # (about 1.5 s each), where hyperfine's default 3 s budget would spend twice that.
        hyperfine=HyperfineSettings(warmup=2, min_runs=20, max_runs=30),
        # The split's shares are ratios of medians with no interval: 5 runs are enough for
        # the slow commands (numba's take 0.5 and 1 s, so hyperfine's 3 s give them 5 to 7),
        # 20 for the fast ones (40 ms each); their medians moved by under 2% from 30 runs.
        # No warm-up run: the correctness check has just run each command once, the same
        # argv from the same folder (files in the page cache, numba's kernel cache written),
        # which is all a warm-up run did, and cost 34 runs (about 5 s).
        split_hyperfine=HyperfineSettings(warmup=0, min_runs=5, max_runs=20),
        # Fast calls get 0.1 s of rounds (a hundred and more), slow ones min_rounds, calls of a
        # second and more (the six largest naive and trial cases, 11 s a round) 3: their five
        # rounds had spanned 0.2 to 3.6% (pure-naive's 14%, one slow round), and the 95%
        # interval of the median of their first 3 rounds is within 0.4 points of the 5 rounds'
        # for five of them (pure-naive's: -1.5/+12.6% → -0.0/+13.8%).
        pytest_benchmark=PytestBenchmarkSettings(
            min_rounds=5, max_time=0.1, long_call=1.0, long_rounds=3
        ),
        # Medians with no interval, of calls of 0.2 to 20 µs looped for 0.03 s a round.
        boundary=Interleaving(rounds=10, target=0.03),
        boundary_list_counts=(5_000, 100_000, 1_000_000),
        # The verdicts (about 1.7x for the compiled, at most 1x for the GIL-bound) are far
        # apart: 5 rounds of 0.1 s tell them apart (a call longer than that is one a batch).
        threads=Interleaving(rounds=5, target=0.1),
        # Pure Python's first_n(5000) takes ~0.8 s: a round of processes takes ~9 s. The
        # table's medians over 7 processes moved by under 3% from those over 10 (the
        # numba rows by under 1%); over 5, by under 1% from those over 7, their 95% intervals
        # about half as wide again (rust-naive's +1.1% → +3.1%, numba's cold first call's
        # -1.0% → -3.2%). The steady call is a median of at least 2 calls (the sweep times
        # it properly): pure Python's second call is still as slow as its first, its third
        # ~10% faster.
        first_call_rounds=5,
        first_call_steady=SteadyCalls(min_calls=2, min_seconds=0.1, max_calls=200),
        targets=Interleaving(rounds=15, target=0.1),
        targets_max_count=None,
        # 3 processes of 2 rounds: the sides of one count are timed together in each process,
        # so this takes no longer than the 7 rounds in one process it replaced. The shorter
        # counts' 15 rounds are split the same way, 5 in each process: the same calls, plus a
        # process start (about 0.5 s) per count and process.
        targets_long=LongCalls(from_count=100_000_000, rounds=2, processes=3, short_rounds=5),
        # CPU time varied by 1% between two builds here, 3% under a load of 5 on 2 cores;
        # the groups differ by 25% or more, so one of each tells them apart. Two at once:
        # each build's CPU time is its own, and the three take about 70 s instead of 120.
        cost_builds=Builds(cold=1, incremental=1, at_once=2),
    ),
    # A quick run checks the pipeline: every study and every section once, in about a minute
    # on 2 cores; its figures are rough (a few runs and rounds each) and not for publishing.
    "quick": Plan(
        hyperfine=HyperfineSettings(warmup=1, min_runs=2, max_runs=3),
        split_hyperfine=HyperfineSettings(warmup=0, min_runs=2, max_runs=3),
        pytest_benchmark=PytestBenchmarkSettings(min_rounds=2, max_time=0.05),
        boundary=Interleaving(rounds=3, target=0.01),
        boundary_list_counts=(5_000, 100_000),
        threads=Interleaving(rounds=2, target=0.05),
        first_call_rounds=2,
        first_call_steady=SteadyCalls(min_calls=1, min_seconds=0.02, max_calls=50),
        targets=Interleaving(rounds=3, target=0.02),
        # Checking 10⁷ primes against the oracle alone takes ~5 s, all primes below 2³² ~2 min.
        targets_max_count=1_000_000,
        targets_long=None,
        cost_builds=None,
        # Enough for every section and claim of the report to be drawn: the talk's three.
        per_implementation_only=("pure-naive", "cython-naive", "rust-naive"),
    ),
}


@dataclass(frozen=True)
class RunConfig:
    implementations: tuple[str, ...]
    quick: bool
    studies: tuple[str, ...]
    tools: Tools
    #: Replaces every algorithm's sweep when given.
    counts: tuple[int, ...] | None = None
    #: PyPy, for the talk's pure script as a whole process beside the talk's tables; None when
    #: none was found (the report says so).
    pypy: Path | None = None

    @property
    def mode(self) -> str:
        return "quick" if self.quick else "full"

    @property
    def plan(self) -> Plan:
        return PLANS[self.mode]

    @property
    def hyperfine(self) -> HyperfineSettings:
        return self.plan.hyperfine

    @property
    def pytest_benchmark(self) -> PytestBenchmarkSettings:
        return self.plan.pytest_benchmark

    def kinds(self) -> dict[str, Kind]:
        """The registry's language and algorithm of each implementation of the run."""
        import primes

        return {
            name: Kind(impl.language, impl.algorithm)
            for name in self.implementations
            for impl in [primes.implementation(name)]
        }

    def counts_for(self, name: str) -> tuple[int, ...]:
        import primes

        impl = primes.implementation(name)
        try:
            max_count: int | None = impl.max_count()
        except ImportError:
            max_count = None  # the correctness check will refuse it with the import error
        return sweep_counts(
            impl.algorithm,
            quick=self.quick,
            override=self.counts,
            max_count=max_count,
            runs_python_source=language(impl.language).runs_python_source,
        )
