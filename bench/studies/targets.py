"""The performance targets, each a same-run ratio of two interleaved in-process timings.

The targets are specifications, not measurements: they are written into the raw file beside
the samples so the report judges each one from what it reads there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from bench.check import checker
from bench.counts import TALK_COUNT
from bench.raw import layout
from bench.raw.manifest import StudyRecord
from bench.raw.samples import SamplesFile
from bench.studies.base import StudyContext
from bench.studies.boundary import list_of_range
from bench.timers.interleaved import interleaved


@dataclass(frozen=True)
class Target:
    key: str
    #: What the ratio must satisfy, in words, for the report.
    goal: str
    subject: str
    reference: str
    count: int
    #: subject time / reference time must be at most this (speed-ups are stated inverted).
    max_ratio: float


TARGETS = (
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
    Target(
        "sieve-vs-primesieve-1e5",
        "rust-sieve within 3x of primesieve",
        "rust-sieve",
        "primesieve",
        100_000,
        3.0,
    ),
    Target(
        "sieve-vs-primesieve-1e6",
        "rust-sieve within 3x of primesieve",
        "rust-sieve",
        "primesieve",
        1_000_000,
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
)


def _callable(name: str, count: int) -> Callable[[], object] | str:
    """A zero-argument call of `name` at `count`, or why it cannot be made here."""
    import primes

    if name == "list(range(n))":
        return partial(list_of_range, count)
    if name == "c-naive-O2":
        from bench.timers.c_ref import NaiveC

        try:
            c_ref = NaiveC()
        except FileNotFoundError as err:
            return str(err)
        # Not in the registry, so the correctness checker does not see it: check it here.
        problem = checker.mismatch(c_ref.first_n(count), count)
        return f"c-naive-O2 is wrong: {problem}" if problem else partial(c_ref.run, count)
    try:
        return partial(primes.get(name), count)
    except (KeyError, ImportError) as err:
        return f"{name} is unavailable ({err}); `make peers` installs the optional peers"


class TargetsStudy:
    name = layout.TARGETS
    title = "Performance targets (same-run ratios)"

    def run(self, ctx: StudyContext) -> StudyRecord:
        record = StudyRecord(self.name, self.title)
        rounds, target = (5, 0.05) if ctx.config.quick else (15, 0.1)
        raw = SamplesFile(
            self.name,
            {
                "rounds": rounds,
                "target": target,
                "targets": {
                    t.key: {
                        "goal": t.goal,
                        "subject": t.subject,
                        "reference": t.reference,
                        "count": t.count,
                        "max_ratio": t.max_ratio,
                    }
                    for t in TARGETS
                },
            },
        )
        self._record_simd_path(raw)
        task = ctx.reporter.task(self.title, total=len(TARGETS))
        for spec in TARGETS:
            task.status(spec.key)
            cases = {
                role: _callable(name, spec.count)
                for role, name in (("subject", spec.subject), ("reference", spec.reference))
            }
            problems = [case for case in cases.values() if isinstance(case, str)]
            refused = [
                v.detail
                for name in (spec.subject, spec.reference)
                if name in ctx.config.implementations
                for v in ctx.checker.check_implementation(name, [spec.count])
                if not v.ok
            ]
            if problems or refused:
                record.notes.append(f"{spec.key}: not measured, {'; '.join(problems + refused)}")
            else:
                timed = interleaved(
                    {role: case for role, case in cases.items() if not isinstance(case, str)},
                    rounds=rounds,
                    target=target,
                )
                for role, samples in timed.items():
                    raw.add(f"{spec.key}/{role}", samples, target=spec.key, role=role)
            task.advance()
        raw.write(ctx.raw / layout.TARGETS_JSON)
        record.files.append(layout.TARGETS_JSON)
        return record

    @staticmethod
    def _record_simd_path(raw: SamplesFile) -> None:
        from primes import _lib

        raw.settings["naive_simd_path"] = _lib.NAIVE_SIMD_PATH


STUDY = TargetsStudy()
