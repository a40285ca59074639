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

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from bench.check import checker
from bench.check.blocks import first_primes_blocks
from bench.counts import TALK_COUNT
from bench.raw import layout
from bench.raw.manifest import StudyRecord
from bench.raw.samples import SamplesFile
from bench.studies.base import StudyContext
from bench.studies.boundary import list_of_range
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


def buffer_mismatch(result: object, count: int) -> str | None:
    """Why `result` is not the first `count` primes as a 1-D memoryview of uint32, or None.

    Compared as packed bytes, a block of the oracle at a time: at 2³² a list of the result
    would cost another 8 GB."""
    if not isinstance(result, memoryview):
        return f"returned {type(result).__name__}, not memoryview"
    if result.format != "I" or result.ndim != 1 or result.readonly:
        return f"returned a memoryview of format {result.format!r}, {result.ndim}-D, " + (
            "read-only" if result.readonly else "writable"
        )
    if len(result) != count:
        return f"returned {len(result)} numbers, expected {count}"
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


def _list_problem(first_n: Callable[[int], object], count: int) -> str | None:
    return checker.mismatch(first_n(count), count)


def _buffer_problem(first_n: Callable[[int], object], count: int) -> str | None:
    return buffer_mismatch(first_n(count), count)


def _checked(name: str, call: Call, verify: Callable[[], str | None] | None) -> Call | Problem:
    """`call` when the in-process check `verify` (if there is one) finds no problem."""
    try:
        found = verify() if verify is not None else None
    except Exception as err:  # any exception is a refusal, reported with its message
        found = f"raised {type(err).__name__}: {err}"
    return call if found is None else Problem(name, "wrong", found)


def resolve(name: str, count: int, *, check: bool = True) -> Call | Problem:
    """A zero-argument call of `name` at `count`, or why it cannot be made here.

    Everything but a registry list function is checked against the oracle here, in process
    (the checker's child processes take registry names and lists only), unless `check` is
    False: then only whether it can be made is found out, cheaply."""
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
            else partial(_buffer_problem, library.buffer, count)
        )
        return _checked(name, partial(run, count), verify if check else None)
    return _registered(name, base, variant, count, check=check)


def _registered(name: str, base: str, variant: str, count: int, *, check: bool) -> Call | Problem:
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
    verify = partial(_buffer_problem, twin, count)
    return _checked(name, partial(twin, count), verify if check else None)


def _is_registry_list(name: str) -> bool:
    import primes

    try:
        primes.implementation(name)
    except KeyError:
        return False
    return True


class TargetsStudy:
    name = layout.TARGETS
    title = "Performance targets (same-run ratios)"

    def __init__(self) -> None:
        #: (name, count) pairs whose results passed the check in the current run.
        self._passed: set[tuple[str, int]] = set()

    def run(self, ctx: StudyContext) -> StudyRecord:
        self._passed = set()
        record = StudyRecord(self.name, self.title)
        plan = ctx.config.plan
        rounds, target = plan.targets.rounds, plan.targets.target
        most = plan.targets_max_count
        specs: dict[str, dict[str, Any]] = {
            t.key: {
                "goal": t.goal,
                "subject": t.subject,
                "reference": t.reference,
                "count": t.count,
                "max_ratio": t.max_ratio,
            }
            for t in TARGETS
        }
        unavailable: dict[str, str] = {}
        skipped = sorted({t.count for t in TARGETS if most is not None and t.count > most})
        raw = SamplesFile(
            self.name,
            {
                "rounds": rounds,
                "target": target,
                "targets": specs,
                "unavailable": unavailable,
                "skipped_counts": skipped,
            },
        )
        if skipped:
            record.notes.append(
                f"quick run: counts {', '.join(f'{n:,}' for n in skipped)} not measured"
                " (a full run measures them)"
            )
        self._record_simd_path(raw)
        task = ctx.reporter.task(self.title, total=len(TARGETS))
        for spec in TARGETS:
            task.status(spec.key)
            if spec.count in skipped:
                specs[spec.key]["not_measured"] = QUICK_SKIP_REASON
                task.advance()
                continue
            found = self._measure(ctx, spec, raw)
            if found:
                specs[spec.key]["not_measured"] = summary(found)
                for problem in found:
                    if problem.name not in unavailable:  # said once, not once per target
                        unavailable[problem.name] = problem.detail
                        note = f"{problem.name}: not timed, {problem.detail}"
                        record.notes.append(note)
                        ctx.reporter.log(f"[yellow]not timed[/yellow] {note}")
            task.advance()
        raw.write(ctx.raw / layout.TARGETS_JSON)
        record.files.append(layout.TARGETS_JSON)
        return record

    def _measure(self, ctx: StudyContext, spec: Target, raw: SamplesFile) -> list[Problem]:
        """Time both sides of `spec` into `raw`, or say why not."""
        sides = (("subject", spec.subject), ("reference", spec.reference))
        # Whether both sides exist first: a side's check can cost seconds (the oracle at 10⁷),
        # wasted when the other side cannot be timed anyway.
        found = [p for _, name in sides if isinstance(p := resolve(name, 0, check=False), Problem)]
        cases: dict[str, Call] = {}
        for role, name in sides if not found else ():
            case = self._case(ctx, name, spec.count)
            if isinstance(case, Problem):
                found.append(case)
            else:
                cases[role] = case
        if not found:
            rounds, target = raw.settings["rounds"], raw.settings["target"]
            timed = interleaved(cases, rounds=rounds, target=target)
            for role, samples in timed.items():
                raw.add(f"{spec.key}/{role}", samples, target=spec.key, role=role)
        return found

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
        case = resolve(name, count)
        if not isinstance(case, Problem):
            self._passed.add((name, count))
        return case

    @staticmethod
    def _record_simd_path(raw: SamplesFile) -> None:
        from primes import _lib

        raw.settings["naive_simd_path"] = _lib.NAIVE_SIMD_PATH


STUDY = TargetsStudy()
