"""Running out of memory is a MemoryError with the contract's message, in every implementation.

Each case runs `first_n(count)` in a child process under an address-space limit
(RLIMIT_AS, set before the interpreter starts) with RUST_BACKTRACE=1, at several limits from
"nothing fits" to "everything fits", taken from the peak of an unlimited run. At every limit
the child must exit normally, the call must return the right primes or raise exactly
`MemoryError` with the contract's message, and the same process must then still compute
`first_n(10)`. A panic (`pyo3_runtime.PanicException`), an abort, an empty message or a hang
(the subprocess's timeout) fails.
"""

from __future__ import annotations

import functools
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

import pytest

import primes
from oracle import FIRST_25
from primes.contract import out_of_memory_message

FIRST_10 = FIRST_25[:10]

#: n -> the n-th prime, from published tables: the last prime of each result checked here.
NTH_PRIME = {500_000: 7_368_787, 1_000_000: 15_485_863, 10_000_000: 179_424_673}

#: The implementations that reach, in a second or less, a count whose result (about 42 bytes a
#: prime as a list of ints, by the contract's estimate) is tens of MB, several MARGINs, so that
#: the limits between "nothing fits" and "everything fits" are MBs apart and memory can run out
#: at any stage: the check before any work, the buffer, the work, the list. The limits sit
#: where they do relative to the unlimited run's peak whatever the count; two runs do all the
#: work, so trial division (O(n^1.5)) gets half the others' count (21 MB). The naive
#: algorithms, and pure-Python trial division, cannot get there in seconds; they are checked at
#: "nothing fits" only (test_nothing_fits), and share their list builders with these.
GRADED_COUNT = {
    "cython-wheel": 1_000_000,
    "rust-trial": 500_000,
    "cython-trial": 500_000,
    "pure-sieve": 1_000_000,
    "cython-sieve": 1_000_000,
    "rust-sieve": 1_000_000,
    "rust-wheel": 1_000_000,
    "numpy-sieve": 1_000_000,
    "primesieve": 1_000_000,
}

#: The buffer twins: not implementations of the contract, but they keep its errors.
TWINS = {
    "rust-sieve-buffer": ("primes._lib", "first_n_sieve_buffer", 10_000_000),
    "rust-wheel-buffer": ("primes._lib", "first_n_wheel_buffer", 10_000_000),
    "cython-wheel-buffer": ("primes_cython.wheel", "first_n_buffer", 10_000_000),
}

#: Where the limits sit between the unlimited run's address space before the call (0) and
#: its peak during it (1); the last one is everything fits.
FRACTIONS = (0.0, 0.25, 0.5, 0.75, 1.25)
#: Above the address space before the call even at fraction 0: the warm-up's high-water mark
#: may move a little between runs, and "nothing fits" should fail in the call, not before it.
MARGIN = 4 * 2**20
#: Children run at a time: one per core.
PARALLEL = 2

CHILD = """
import json, sys, time
import primes

kind, target, count, last = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
if kind == "impl":
    first_n = primes.get(target)
else:
    import importlib
    module, _, attribute = target.partition(":")
    first_n = getattr(importlib.import_module(module), attribute)
FIRST_10 = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29]


def vm_peak():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmPeak:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmPeak in /proc/self/status")


# Every import and cache the call needs, before the address space is measured.
warm = list(first_n(10)) == FIRST_10
before = vm_peak()
start = time.perf_counter()
try:
    result = first_n(count)
except BaseException as err:
    outcome = f"{type(err).__module__}.{type(err).__qualname__}"
    message = str(err)
else:
    right = (
        len(result) == count
        and list(result[:10]) == FIRST_10
        and (count == 0 or result[-1] == last)
        and all(type(p) is int for p in result[:10])
    )
    outcome, message = ("ok" if right else "wrong result"), ""
    del result
seconds = time.perf_counter() - start
peak = vm_peak()
after = list(first_n(10)) == FIRST_10
print(json.dumps(dict(
    outcome=outcome, message=message, warm=warm, after=after,
    before=before, peak=peak, seconds=seconds,
)))
"""


@dataclass
class Case:
    """One function under test, at the count its results are checked at."""

    label: str
    kind: str  # "impl": a registry name; "twin": module:attribute
    target: str
    count: int

    def argv(self) -> list[str]:
        last = NTH_PRIME.get(self.count, 0)
        return [sys.executable, "-c", CHILD, self.kind, self.target, str(self.count), str(last)]


class Report(TypedDict):
    """What the child prints: the call's outcome and the process's address space."""

    outcome: str  # "ok", "wrong result", or the exception's module.qualname
    message: str
    warm: bool  # first_n(10) before the call
    after: bool  # first_n(10) after it
    before: int  # VmPeak before the call, bytes
    peak: int  # VmPeak after it
    seconds: float


@dataclass
class Run:
    """What one child reported, or how it failed to."""

    limit: int | None
    returncode: int | None = None
    report: Report | None = None
    stderr: str = ""
    hung: bool = False

    def describe(self, case: Case) -> str:
        limit = "no limit" if self.limit is None else f"RLIMIT_AS {self.limit / 2**20:.0f} MiB"
        return (
            f"{case.label} first_n({case.count:,}) under {limit}: exit {self.returncode}, "
            f"hung {self.hung}, report {self.report}, stderr tail {self.stderr[-2000:]!r}"
        )


@dataclass
class _Child:
    run: Run
    process: subprocess.Popen[bytes]
    started: float
    out: Path
    err: Path

    def finish(self) -> None:
        """Record how it ended; a child still running is killed and counted as hung."""
        if self.process.poll() is None:
            self.run.hung = True
            self.process.kill()
            self.process.wait()
        self.run.returncode = self.process.returncode
        lines = self.out.read_text(errors="replace").strip().splitlines()
        self.run.stderr = self.err.read_text(errors="replace")
        if lines and lines[-1].startswith("{"):
            self.run.report = json.loads(lines[-1])


def _environment() -> dict[str, str]:
    # RUST_BACKTRACE=1 made a Rust panic hang while printing its backtrace without memory.
    # One OpenBLAS thread: numpy would otherwise reserve a stack per core at import.
    env = {"RUST_BACKTRACE": "1", "OPENBLAS_NUM_THREADS": "1", "PATH": ""}
    if "LD_LIBRARY_PATH" in os.environ:
        env["LD_LIBRARY_PATH"] = os.environ["LD_LIBRARY_PATH"]
    return env


def _limit_address_space(limit: int | None) -> None:
    if limit is not None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _run_all(case: Case, limits: list[int | None], timeout: float) -> list[Run]:
    """One child per limit, PARALLEL at a time; a child still running after `timeout`
    seconds is killed and counts as hung."""
    runs = [Run(limit) for limit in limits]
    waiting = list(enumerate(runs))
    running: list[_Child] = []
    with tempfile.TemporaryDirectory() as scratch:
        while waiting or running:
            while waiting and len(running) < PARALLEL:
                index, run = waiting.pop(0)
                out, err = Path(scratch, f"{index}.out"), Path(scratch, f"{index}.err")
                with out.open("wb") as stdout, err.open("wb") as stderr:
                    # preexec_fn is safe here: this process starts no threads of its own.
                    process = subprocess.Popen(
                        case.argv(),
                        stdin=subprocess.DEVNULL,
                        stdout=stdout,
                        stderr=stderr,
                        env=_environment(),
                        preexec_fn=lambda limit=run.limit: _limit_address_space(limit),
                    )
                running.append(_Child(run, process, time.monotonic(), out, err))
            time.sleep(0.02)
            for child in list(running):
                if child.process.poll() is not None or time.monotonic() - child.started > timeout:
                    child.finish()
                    running.remove(child)
    return runs


def _check(case: Case, run: Run) -> str:
    """The run's outcome ("ok" or "MemoryError") once it has kept the contract."""
    assert not run.hung, "hung: " + run.describe(case)
    assert run.returncode == 0, run.describe(case)
    assert run.report is not None, run.describe(case)
    assert run.report["warm"], run.describe(case)
    outcome = run.report["outcome"]
    assert outcome in ("ok", "builtins.MemoryError"), run.describe(case)
    if outcome != "ok":
        # The contract's words, in every language; the pure versions' check before any work
        # adds how much memory the result needs.
        message = run.report["message"]
        assert message.startswith(out_of_memory_message(case.count)), run.describe(case)
    assert run.report["after"], "first_n(10) failed afterwards: " + run.describe(case)
    return "ok" if outcome == "ok" else "MemoryError"


def _graded(case: Case) -> None:
    (baseline,) = _run_all(case, [None], timeout=120)
    assert _check(case, baseline) == "ok"
    assert baseline.report is not None
    before, peak = baseline.report["before"], baseline.report["peak"]
    limits: list[int | None] = [
        before + MARGIN + int(fraction * (peak - before)) for fraction in FRACTIONS
    ]
    # A run that fails early is quicker than the baseline; one that hangs never ends.
    timeout = 10 + 5 * baseline.report["seconds"]
    runs = _run_all(case, limits, timeout)
    outcomes = [_check(case, run) for run in runs]
    # The result cannot fit in a few MB more than the process had before; it must at a quarter
    # more than it took when unlimited.
    assert outcomes[0] == "MemoryError", runs[0].describe(case)
    assert outcomes[-1] == "ok", runs[-1].describe(case)


def _graded_cases() -> list[Case]:
    cases = [
        Case(name, "impl", name, GRADED_COUNT[name])
        for name in primes.names()
        if name in GRADED_COUNT
    ]
    cases += [
        Case(label, "twin", f"{module}:{attribute}", count)
        for label, (module, attribute, count) in TWINS.items()
    ]
    return cases


@pytest.mark.slow
@pytest.mark.parametrize("case", _graded_cases(), ids=lambda case: case.label)
def test_running_out_of_memory_between_nothing_and_everything_fits(case: Case) -> None:
    _graded(case)


@functools.cache
def _address_space_before_the_call(impl_name: str) -> int:
    """VmPeak of an unlimited child just before `first_n(0)`: what the process holds with the
    implementation loaded. Measured once per implementation for both tests that need it (each
    child is a fresh interpreter; numba's import alone is seconds)."""
    case = Case(impl_name, "impl", impl_name, 0)
    (baseline,) = _run_all(case, [None], timeout=60)
    assert baseline.report is not None, baseline.describe(case)
    return baseline.report["before"]


def _refused_with_room(impl_name: str, room: int) -> tuple[Case, Run]:
    """`first_n` of 10⁸ (or the implementation's largest count) with `room` bytes more than
    the process holds before the call: it must raise the contract's MemoryError."""
    count = min(100_000_000, primes.implementation(impl_name).max_count())
    case = Case(impl_name, "impl", impl_name, count)
    (run,) = _run_all(case, [_address_space_before_the_call(impl_name) + room], timeout=60)
    assert _check(case, run) == "MemoryError"
    return case, run


def test_nothing_fits(impl_name: str) -> None:
    # Every implementation, the slowest included: a result of hundreds of MB under a limit a
    # few MB above what the process already uses fails at once, before any work.
    _refused_with_room(impl_name, MARGIN)


def test_every_graded_count_has_a_known_last_prime() -> None:
    counts = {*GRADED_COUNT.values(), *(count for _, _, count in TWINS.values())}
    assert counts <= NTH_PRIME.keys()


#: Room for any implementation's own array of the primes (4 to 16 bytes each: 0.4-1.6 GB at
#: 10⁸) but never for the list of them as Python ints (about 4 GB): what a 1 GB machine has.
ROOM_FOR_AN_ARRAY_NOT_A_LIST = 600 * 2**20
#: The check before any work answers at once; the work itself would take seconds to hours.
REFUSED_WITHIN_SECONDS = 3.0


def test_a_result_that_cannot_fit_is_refused_before_any_work(impl_name: str) -> None:
    case, run = _refused_with_room(impl_name, ROOM_FOR_AN_ARRAY_NOT_A_LIST)
    assert run.report is not None
    # One wording everywhere: the contract's, then what the result needs and what is left.
    assert re.fullmatch(
        re.escape(out_of_memory_message(case.count))
        + r" \(they need at least \d+\.\d GiB; this process can allocate at most \d+\.\d MiB\)",
        run.report["message"],
    ), run.describe(case)
    assert run.report["seconds"] < REFUSED_WITHIN_SECONDS, run.describe(case)


def _cli(args: list[str], limit_kib: int) -> subprocess.CompletedProcess[str]:
    """`python -m primes ARGS` (the installed package) as `ulimit -v LIMIT_KIB` starts it."""
    return subprocess.run(
        [sys.executable, "-m", "primes", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"PATH": "", "RUST_BACKTRACE": "1"},
        preexec_fn=lambda: _limit_address_space(limit_kib * 1024),
    )


#: `ulimit -v` values (KiB) from too little for numpy's own libraries to enough for numba: in
#: between, numpy's import fails by raising, or OpenBLAS ends the process with exit(1) when
#: it cannot allocate its buffer, or llvmlite cannot load its library; at 296,000, numba
#: imports but loading its cached kernel at the first call can fail in C code that sets no
#: exception (SystemError).
CLI_LIMITS_KIB = (20_000, 50_000, 60_000, 80_000, 100_000, 150_000, 250_000, 296_000)
#: The implementations whose import loads numpy.
NUMPY_USERS = ("numpy-sieve", "numba-naive")


@pytest.mark.slow
@pytest.mark.parametrize("limit_kib", CLI_LIMITS_KIB)
def test_the_command_under_a_memory_limit_answers_in_one_line(limit_kib: int) -> None:
    checked = 0
    for impl in NUMPY_USERS:
        if impl not in primes.names():
            continue
        checked += 1
        done = _cli(["--impl", impl, "10"], limit_kib)
        said = f"{impl} under ulimit -v {limit_kib}: exit {done.returncode}, {done.stderr!r}"
        if done.returncode == 0:
            assert done.stdout == f"{FIRST_10}\n", said
            assert done.stderr == "", said
            continue
        # Not numpy's advice to install numpy, OpenBLAS's exit(1), nor a traceback: the
        # command's own error, naming the cause.
        assert done.returncode == 2, said
        assert done.stdout == "", said
        assert len(done.stderr.splitlines()) == 1, said
        assert done.stderr.startswith(
            f"primes: error: {impl}: cannot import {primes.implementation(impl).module}: "
            "not enough memory to load it ("
        ), said
        assert re.search(r"; this process can allocate at most \d+\.\d [KMG]iB\n$", done.stderr)
    listed = _cli(["--list"], limit_kib)
    said = f"--list under ulimit -v {limit_kib}: exit {listed.returncode}, {listed.stderr!r}"
    assert listed.returncode == 0, said
    assert listed.stderr == "", said
    assert listed.stdout.startswith("name "), said
    if checked == 0:
        pytest.skip("neither numpy-sieve nor numba-naive is installed; --list checked alone")
