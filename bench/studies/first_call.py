"""What a short-lived process pays before the steady state: for every implementation, in fresh
interpreters, the import of its module, its first `first_n(N)` and its steady-state calls.

A JIT (numba) is measured twice a round: a process whose `NUMBA_CACHE_DIR` is a new, empty
directory (its first call compiles and writes the cache), then a process given the same
directory (its first call loads what the first one wrote). Rounds rotate the order of the
implementations, so a busy moment on the shared machine falls on all of them alike.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench.counts import TALK_COUNT
from bench.raw import layout
from bench.raw.first_call import FirstCallFile, Implementation, Process, Settings
from bench.raw.manifest import StudyRecord
from bench.studies.base import StudyContext
from bench.timers.first_call import SteadyCalls, measure

#: Registry languages that compile at the first call. Only these get the empty-cache process.
JIT_LANGUAGES = frozenset({"numba"})
#: Where numba keeps compiled functions when asked to cache them (`@njit(cache=True)`).
CACHE_VARIABLE = "NUMBA_CACHE_DIR"


@dataclass(frozen=True)
class Plan:
    rounds: int
    steady: SteadyCalls


@dataclass(frozen=True)
class _Subject:
    name: str
    language: str
    algorithm: str
    module: str
    attribute: str

    @property
    def jit(self) -> bool:
        return self.language in JIT_LANGUAGES


class FirstCallStudy:
    name = layout.FIRST_CALL
    title = "The first call in a fresh process"

    def run(self, ctx: StudyContext) -> StudyRecord:
        import primes

        record = StudyRecord(self.name, self.title)
        plan = Plan(ctx.config.plan.first_call_rounds, ctx.config.plan.first_call_steady)
        count = TALK_COUNT
        subjects = []
        jit_registered = [
            impl.name for impl in primes.implementations() if impl.language in JIT_LANGUAGES
        ]
        # A plan that times only some implementations still times every JIT one: the first
        # call is where a JIT's compile shows.
        for name in ctx.planned(record, keep=jit_registered):
            if ctx.refused(record, name, ctx.checker.check_implementation(name, [count])):
                continue
            impl = primes.implementation(name)
            subjects.append(
                _Subject(name, impl.language, impl.algorithm, impl.module, impl.attribute)
            )
        data = FirstCallFile(
            count=count,
            settings=Settings(
                rounds=plan.rounds,
                steady_min_calls=plan.steady.min_calls,
                steady_min_seconds=plan.steady.min_seconds,
                steady_max_calls=plan.steady.max_calls,
            ),
            jit_registered=jit_registered,
        )
        if subjects:
            measured = self._measure(ctx, subjects, plan, count)
            data.implementations = {
                s.name: Implementation(
                    language=s.language,
                    algorithm=s.algorithm,
                    module=s.module,
                    jit=s.jit,
                    processes=tuple(measured[s.name][0]),
                    cold=tuple(measured[s.name][1]),
                )
                for s in subjects
            }
        else:
            record.notes.append(f"{self.name}: no implementation passed the check")
        data.write(ctx.raw)
        record.files.append(layout.FIRST_CALL_JSON)
        return record

    def _measure(
        self, ctx: StudyContext, subjects: list[_Subject], plan: Plan, count: int
    ) -> dict[str, tuple[list[Process], list[Process]]]:
        """(processes, cold processes) per implementation, `plan.rounds` of each."""
        per_round = sum(2 if s.jit else 1 for s in subjects)
        task = ctx.task(self.title, total=plan.rounds * per_round)
        ctx.reporter.log(
            f"{self.title}: {len(subjects)} implementations, {plan.rounds} rounds of fresh "
            f"processes at n = {count}"
        )
        found: dict[str, tuple[list[Process], list[Process]]] = {s.name: ([], []) for s in subjects}

        def one(subject: _Subject, env: dict[str, str] | None = None) -> Process:
            task.status(subject.name)
            process = measure(
                ctx.config.tools.python,
                subject.module,
                subject.attribute,
                count,
                plan.steady,
                cwd=ctx.config.tools.repo,
                env=env,
            )
            task.advance()
            return process

        for round_index in range(plan.rounds):
            shift = round_index % len(subjects)
            for subject in subjects[shift:] + subjects[:shift]:
                warm, cold = found[subject.name]
                if not subject.jit:
                    warm.append(one(subject))
                    continue
                with tempfile.TemporaryDirectory(prefix="jit-cache-", dir=ctx.work) as cache:
                    env = {CACHE_VARIABLE: str(Path(cache))}
                    cold.append(one(subject, env))
                    warm.append(one(subject, env))
        task.status("")
        return found


STUDY = FirstCallStudy()
