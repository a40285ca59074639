"""The performance targets, each a same-run ratio of two interleaved in-process timings.

The targets are specifications, not measurements: they are written into the raw file beside
the samples so the report judges each one from what it reads there. A target that cannot be
measured here (a subject not built, the C library missing, a count a quick run skips) is
written with the reason, so the report says so instead of leaving it out.

What a subject or reference name stands for:

- a registry name (`rust-wheel`): its list-returning `first_n`, checked in a child process;
- `NAME:buffer`: that implementation's buffer twin (a memoryview of uint32), checked here;
- `primesieve-c`: primesieve's C library generating uint32 primes (no Python object made);
- `primesieve-c:list`: the same, plus the list of Python ints built from its array;
- `c-naive-O2`: the talk's algorithm compiled from C at -O2;
- `list(range(n))`: the floor for building a list of n fresh Python ints.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from bench.check import checker
from bench.check.blocks import KNOWN_DIGESTS, first_primes_blocks, prefix_digests
from bench.counts import TALK_COUNT
from bench.raw import layout
from bench.raw.manifest import StudyRecord
from bench.raw.samples import Samples, SamplesFile
from bench.studies.base import StudyContext
from bench.studies.boundary import list_of_range
from bench.studies.config import LongCalls, Plan
from bench.timers import heap_jitter
from bench.timers.heap_jitter import HeapJitter
from bench.timers.interleaved import Call, interleaved

#: The wheel's targets: buffers against primesieve up to every prime below 2³², lists against
#: the list floor.
BUFFER_COUNTS = (100_000, 1_000_000, 10_000_000, 100_000_000, 203_280_221)
LIST_COUNTS = (TALK_COUNT, 100_000, 1_000_000)
QUICK_SKIP_REASON = "skipped in a quick run"


@dataclass(frozen=True)
class Target:
    key: str
    #: What the ratio must satisfy, in words, for the report; targets sharing it form a group.
    goal: str
    subject: str
    reference: str
    count: int
    #: subject time / reference time must be at most this (speed-ups are stated inverted).
    max_ratio: float


def _short(count: int) -> str:
    """`1e5` for keys: exact powers of ten only, else the digits."""
    text = f"{count:.0e}".replace("e+0", "e")
    return text if float(text) == count else str(count)


def _series(
    key: str, goal: str, subject: str, reference: str, counts: tuple[int, ...], limit: float
) -> tuple[Target, ...]:
    return tuple(Target(f"{key}-{_short(n)}", goal, subject, reference, n, limit) for n in counts)


TARGETS: tuple[Target, ...] = (
    Target(
        "rust-vs-c",
        "rust-naive within 5% of the same algorithm in C at -O2",
        "rust-naive",
        "c-naive-O2",
        TALK_COUNT,
        1.05,
    ),
    # The talk's pair, in process: the verdict reads the sweep, which times one after the
    # other, and cross-checks it with this interleaved ratio.
    Target(
        "cython-vs-rust-naive",
        "cython-naive within 10% of rust-naive (the talk's loop)",
        "cython-naive",
        "rust-naive",
        TALK_COUNT,
        1.10,
    ),
    Target(
        "simd-vs-naive",
        "rust-naive-simd at least 15x faster than rust-naive",
        "rust-naive-simd",
        "rust-naive",
        TALK_COUNT,
        1 / 15,
    ),
    # Both sides build the list of Python ints, so whole list-returning calls are compared;
    # the C library's own speed, with no list, is the wheel's yardstick below.
    *_series(
        "sieve-vs-primesieve",
        "rust-sieve within 3x of primesieve (C library, list built from its array)",
        "rust-sieve",
        "primesieve-c:list",
        (100_000, 1_000_000),
        3.0,
    ),
    Target(
        "sieve-vs-list-floor",
        "rust-sieve within 2x of building the list (list(range(n)))",
        "rust-sieve",
        "list(range(n))",
        TALK_COUNT,
        2.0,
    ),
    *_series(
        "wheel-buffer-vs-primesieve",
        "rust-wheel's buffer twin within 1.2x of primesieve's C library (uint32 arrays)",
        "rust-wheel:buffer",
        "primesieve-c",
        BUFFER_COUNTS,
        1.2,
    ),
    *_series(
        "wheel-vs-list-floor",
        "rust-wheel within 10% of building the list (list(range(n)))",
        "rust-wheel",
        "list(range(n))",
        LIST_COUNTS,
        1.10,
    ),
    *_series(
        "cython-vs-rust-wheel",
        "cython-wheel within 10% of rust-wheel (lists)",
        "cython-wheel",
        "rust-wheel",
        LIST_COUNTS,
        1.10,
    ),
    *_series(
        "cython-vs-rust-wheel-buffer",
        "cython-wheel's buffer twin within 10% of rust-wheel's",
        "cython-wheel:buffer",
        "rust-wheel:buffer",
        BUFFER_COUNTS,
        1.10,
    ),
)


@dataclass(frozen=True)
class Problem:
    """Why one side of a target cannot be timed: `verdict` for the table, `detail` below it."""

    name: str
    verdict: str
    detail: str


def summary(problems: list[Problem]) -> str:
    """The table's reason: "`cython-wheel`, `rust-wheel` unavailable"."""
    names: dict[str, list[str]] = {}
    for problem in problems:
        names.setdefault(problem.verdict, []).append(f"`{problem.name}`")
    return "; ".join(f"{', '.join(listed)} {verdict}" for verdict, listed in names.items())


def buffer_mismatch(result: object, count: int, digest: bytes | None = None) -> str | None:
    """Why `result` is not the first `count` primes as a 1-D memoryview of uint32, or None.

    `digest`, the oracle's SHA-256 of those primes (`prefix_digests`), spares a pass of the
    oracle when the result's bytes hash to it. Otherwise compared as packed bytes, a block of
    the oracle at a time: at 2³² a list of the result would cost another 8 GB."""
    if not isinstance(result, memoryview):
        return f"returned {type(result).__name__}, not memoryview"
    if result.format != "I" or result.ndim != 1 or result.readonly:
        return f"returned a memoryview of format {result.format!r}, {result.ndim}-D, " + (
            "read-only" if result.readonly else "writable"
        )
    if len(result) != count:
        return f"returned {len(result)} numbers, expected {count}"
    if digest is not None and result.c_contiguous and hashlib.sha256(result).digest() == digest:
        return None
    start = 0
    for expected in first_primes_blocks(count):
        got = result[start : start + len(expected)]
        if got.tobytes() != expected.tobytes():
            index = next(
                i
                for i, (g, want) in enumerate(zip(got, expected.tolist(), strict=True))
                if g != want
            )
            return f"element {start + index} is {got[index]}, expected {expected[index]}"
        start += len(expected)
    return None


class OracleDigests:
    """The oracle's digests of the buffer counts a run checks: `KNOWN_DIGESTS`, and the others
    made in one pass at the first request (`prefix_digests`), not one pass per buffer."""

    def __init__(self, counts: Iterable[int]) -> None:
        self._counts = frozenset(counts)
        self._digests: dict[int, bytes] | None = None

    def get(self, count: int) -> bytes | None:
        """None for a count not given at construction (checked block by block instead)."""
        if count not in self._counts:
            return None
        if count in KNOWN_DIGESTS:
            return bytes.fromhex(KNOWN_DIGESTS[count])
        if self._digests is None:
            self._digests = prefix_digests(c for c in self._counts if c not in KNOWN_DIGESTS)
        return self._digests[count]


def _list_problem(first_n: Callable[[int], object], count: int) -> str | None:
    return checker.mismatch(first_n(count), count)


def _buffer_problem(
    first_n: Callable[[int], object], count: int, digests: OracleDigests | None
) -> str | None:
    return buffer_mismatch(
        first_n(count), count, digests.get(count) if digests is not None else None
    )


def _checked(name: str, call: Call, verify: Callable[[], str | None] | None) -> Call | Problem:
    """`call` when the in-process check `verify` (if there is one) finds no problem."""
    try:
        found = verify() if verify is not None else None
    except Exception as err:  # any exception is a refusal, reported with its message
        found = f"raised {type(err).__name__}: {err}"
    return call if found is None else Problem(name, "wrong", found)


def resolve(
    name: str, count: int, *, check: bool = True, digests: OracleDigests | None = None
) -> Call | Problem:
    """A zero-argument call of `name` at `count`, or why it cannot be made here.

    Everything but a registry list function is checked against the oracle here, in process
    (the checker's child processes take registry names and lists only), unless `check` is
    False: then only whether it can be made is found out, cheaply. A buffer is checked against
    `digests` where it holds the count."""
    base, _, variant = name.partition(":")
    if name == "list(range(n))":
        return partial(list_of_range, count)
    if name == "c-naive-O2":
        from bench.timers.c_ref import NaiveC

        try:
            c_ref = NaiveC()
        except FileNotFoundError as err:
            return Problem(name, "unavailable", str(err))
        verify = partial(_list_problem, c_ref.first_n, count)
        return _checked(name, partial(c_ref.run, count), verify if check else None)
    if base == "primesieve-c":
        from bench.timers.primesieve_c import PrimesieveC, PrimesieveUnavailable

        try:
            library = PrimesieveC()
        except PrimesieveUnavailable as err:
            return Problem(name, "unavailable", str(err))
        run = library.first_n if variant == "list" else library.run
        verify = (
            partial(_list_problem, library.first_n, count)
            if variant == "list"
            else partial(_buffer_problem, library.buffer, count, digests)
        )
        return _checked(name, partial(run, count), verify if check else None)
    return _registered(name, base, variant, count, check=check, digests=digests)


def _registered(
    name: str,
    base: str,
    variant: str,
    count: int,
    *,
    check: bool,
    digests: OracleDigests | None,
) -> Call | Problem:
    import primes

    try:
        impl = primes.implementation(base)
        function = impl.load()
    except KeyError:
        return Problem(name, "unavailable", f"{base} is not in this build's registry")
    except ImportError as err:
        return Problem(name, "unavailable", str(err))
    if variant != "buffer":
        return partial(function, count)
    load_buffer = getattr(impl, "load_buffer", None)
    twin = load_buffer() if load_buffer is not None else None
    if twin is None:
        return Problem(name, "unavailable", f"{base} has no buffer twin in this build")
    verify = partial(_buffer_problem, twin, count, digests)
    return _checked(name, partial(twin, count), verify if check else None)


def _samples_file(study: str, plan: Plan, skipped: list[int]) -> SamplesFile:
    """The raw file, with every target's spec and the timing settings, before any sample."""
    specs = {
        t.key: {
            "goal": t.goal,
            "subject": t.subject,
            "reference": t.reference,
            "count": t.count,
            "max_ratio": t.max_ratio,
        }
        for t in TARGETS
    }
    settings: dict[str, Any] = {
        "rounds": plan.targets.rounds,
        "target": plan.targets.target,
        "targets": specs,
        "unavailable": {},
        "skipped_counts": skipped,
        # Each sample at another heap placement (bench.timers.heap_jitter).
        "heap_jitter": {"smallest": heap_jitter.SMALLEST, "largest": heap_jitter.LARGEST},
    }
    if plan.targets_long is not None:
        settings["long_calls"] = {
            "from_count": plan.targets_long.from_count,
            "rounds": plan.targets_long.rounds,
            "processes": plan.targets_long.processes,
        }
        if plan.targets_long.short_rounds is not None:
            settings["long_calls"]["short_rounds"] = plan.targets_long.short_rounds
    return SamplesFile(study, settings)


def _is_buffer(target: Target) -> bool:
    """Whether a side of `target` returns a uint32 buffer, checked against the oracle here."""
    return any(
        side == "primesieve-c" or side.endswith(":buffer")
        for side in (target.subject, target.reference)
    )


def _is_registry_list(name: str) -> bool:
    import primes

    try:
        primes.implementation(name)
    except KeyError:
        return False
    return True


def _in_processes(long_calls: LongCalls | None, count: int) -> bool:
    """Whether a target at `count` is timed in several fresh processes."""
    if long_calls is None or long_calls.processes <= 1:
        return False
    return count >= long_calls.from_count or long_calls.short_rounds is not None


def _rounds_per_process(long_calls: LongCalls, count: int) -> int:
    if count >= long_calls.from_count or long_calls.short_rounds is None:
        return long_calls.rounds
    return long_calls.short_rounds


def _sides(group: Iterable[Target]) -> list[str]:
    """Every side of the targets in `group`, each once, in order."""
    return list(dict.fromkeys(n for t in group for n in (t.subject, t.reference)))


def _time_in_processes(
    ctx: StudyContext, group: list[Target], long_calls: LongCalls, raw: SamplesFile
) -> Problem | None:
    """Time the sides of `group` (targets at one count, each side checked) together in each
    of `long_calls.processes` fresh processes, into `raw` as one case per target, side and
    process; or the first process's failure, with nothing added."""
    names = _sides(group)
    target = raw.settings["target"]
    argv = [str(ctx.config.tools.python), "-m", "bench.studies.target_process"]
    count = group[0].count
    argv += [str(count), str(_rounds_per_process(long_calls, count)), str(target), *names]
    found: list[dict[str, Samples]] = []
    for _ in range(long_calls.processes):
        done = subprocess.run(
            argv, cwd=ctx.config.tools.repo, capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            why = (done.stderr.strip().splitlines() or ["(no stderr)"])[-1]
            return Problem(", ".join(names), "not timed", f"a timing process failed: {why}")
        timed = json.loads(done.stdout.splitlines()[-1])
        found.append(
            {name: Samples(timed[name]["loops"], tuple(timed[name]["seconds"])) for name in names}
        )
    for process, samples in enumerate(found, start=1):
        for spec in group:
            for role, name in (("subject", spec.subject), ("reference", spec.reference)):
                raw.add(
                    f"{spec.key}/{role}/{process}",
                    samples[name],
                    target=spec.key,
                    role=role,
                    process=str(process),
                )
    return None


class TargetsStudy:
    name = layout.TARGETS
    title = "Performance targets (same-run ratios)"

    def __init__(self) -> None:
        #: (name, count) pairs whose results passed the check in the current run.
        self._passed: set[tuple[str, int]] = set()
        #: The checked sides' calls, by (name, count), until they are timed.
        self._calls: dict[tuple[str, int], Call] = {}
        self._digests = OracleDigests(())

    def run(self, ctx: StudyContext) -> StudyRecord:
        self._passed = set()
        self._calls = {}
        record = StudyRecord(self.name, self.title)
        plan = ctx.config.plan
        most = plan.targets_max_count
        skipped = sorted({t.count for t in TARGETS if most is not None and t.count > most})
        raw = _samples_file(self.name, plan, skipped)
        self._digests = OracleDigests(
            t.count for t in TARGETS if t.count not in skipped and _is_buffer(t)
        )
        if skipped:
            record.notes.append(
                f"quick run: counts {', '.join(f'{n:,}' for n in skipped)} not measured"
                " (a full run measures them)"
            )
        self._record_simd_path(raw)
        here, deferred = self._check_all(ctx, record, raw, plan.targets_long)
        self._time_here(ctx, raw, here)
        self._calls = {}
        if plan.targets_long is not None:
            self._time_deferred(ctx, record, raw, deferred, plan.targets_long)
        raw.write(ctx.raw / layout.TARGETS_JSON)
        record.files.append(layout.TARGETS_JSON)
        return record

    def _check_all(
        self, ctx: StudyContext, record: StudyRecord, raw: SamplesFile, long: LongCalls | None
    ) -> tuple[dict[int, list[Target]], dict[int, list[Target]]]:
        """Check every target a run measures, saying why one cannot be: those that can, by
        count, to be timed in this process and in fresh processes (as the plan says)."""
        specs: dict[str, dict[str, Any]] = raw.settings["targets"]
        skipped = raw.settings["skipped_counts"]
        here: dict[int, list[Target]] = {}
        deferred: dict[int, list[Target]] = {}
        task = ctx.reporter.task(self.title, total=len(TARGETS))
        for spec in TARGETS:
            task.status(spec.key)
            if spec.count in skipped:
                specs[spec.key]["not_measured"] = QUICK_SKIP_REASON
                task.advance()
                continue
            found = self._check(ctx, spec)
            if not found:
                timed_later = deferred if _in_processes(long, spec.count) else here
                timed_later.setdefault(spec.count, []).append(spec)
            self._say(ctx, record, raw, spec, found)
            task.advance()
        return here, deferred

    def _time_deferred(
        self,
        ctx: StudyContext,
        record: StudyRecord,
        raw: SamplesFile,
        deferred: dict[int, list[Target]],
        long_calls: LongCalls,
    ) -> None:
        """Time each count's checked targets in fresh processes, or say why not."""
        task = ctx.reporter.task(f"{self.title}: fresh processes", total=len(deferred))
        for count, group in deferred.items():
            task.status(f"n = {count:,} in {long_calls.processes} processes")
            problem = _time_in_processes(ctx, group, long_calls, raw)
            if problem is not None:
                for spec in group:
                    self._say(ctx, record, raw, spec, [problem])
            task.advance()

    @staticmethod
    def _say(
        ctx: StudyContext, record: StudyRecord, raw: SamplesFile, spec: Target, found: list[Problem]
    ) -> None:
        """Record why `spec` has no samples, each side's problem once per run."""
        if not found:
            return
        raw.settings["targets"][spec.key]["not_measured"] = summary(found)
        unavailable: dict[str, str] = raw.settings["unavailable"]
        for problem in found:
            if problem.name not in unavailable:  # said once, not once per target
                unavailable[problem.name] = problem.detail
                note = f"{problem.name}: not timed, {problem.detail}"
                record.notes.append(note)
                ctx.reporter.log(f"[yellow]not timed[/yellow] {note}")

    def _check(self, ctx: StudyContext, spec: Target) -> list[Problem]:
        """Check both sides of `spec`, keeping their calls for the timing, or say why not."""
        sides = (spec.subject, spec.reference)
        # Whether both sides exist first: a side's check can cost seconds (the oracle at 10⁷),
        # wasted when the other side cannot be timed anyway.
        found = [p for name in sides if isinstance(p := resolve(name, 0, check=False), Problem)]
        for name in sides if not found else ():
            case = self._case(ctx, name, spec.count)
            if isinstance(case, Problem):
                found.append(case)
            else:
                self._calls[(name, spec.count)] = case
        return found

    def _time_here(
        self, ctx: StudyContext, raw: SamplesFile, here: dict[int, list[Target]]
    ) -> None:
        """Time each count's checked targets in this process, every side of a count once in one
        interleaving: a side shared by two targets (rust-wheel is the subject of one and the
        reference of another) gives both the same samples instead of being timed twice."""
        rounds, target = raw.settings["rounds"], raw.settings["target"]
        long_calls = raw.settings.get("long_calls")
        task = ctx.reporter.task(f"{self.title}: timing", total=len(here))
        for count, group in here.items():
            task.status(f"n = {count:,}")
            names = _sides(group)
            timed = interleaved(
                {name: self._calls[(name, count)] for name in names},
                rounds=long_calls["rounds"]
                if long_calls and count >= long_calls["from_count"]
                else rounds,
                target=target,
                before_sample=HeapJitter(),
            )
            for spec in group:
                for role, name in (("subject", spec.subject), ("reference", spec.reference)):
                    raw.add(f"{spec.key}/{role}", timed[name], target=spec.key, role=role)
            task.advance()

    def _case(self, ctx: StudyContext, name: str, count: int) -> Call | Problem:
        """`resolve(name, count)`, after the child-process check for a registry list function
        (a crashing extension cannot take the driver down with it). A side that passed its
        check in this run is not checked again (at 2³² a check takes minutes)."""
        if (name, count) in self._passed:
            return resolve(name, count, check=False)
        if _is_registry_list(name):
            wrong = [v for v in ctx.checker.check_implementation(name, [count]) if not v.ok]
            if wrong:
                return Problem(name, "refused by the check", wrong[0].detail)
        case = resolve(name, count, digests=self._digests)
        if not isinstance(case, Problem):
            self._passed.add((name, count))
        return case

    @staticmethod
    def _record_simd_path(raw: SamplesFile) -> None:
        from primes import _lib

        raw.settings["naive_simd_path"] = _lib.NAIVE_SIMD_PATH


STUDY = TargetsStudy()
