"""`first_n(count)` in process, for every implementation over its sweep of counts.

pytest-benchmark runs the suite in `bench/timers/suite/` with its own calibration; start-up and
import are excluded. This gives the talk's comparison without the fixed cost, and the
scaling plot.
"""

from __future__ import annotations

from bench.raw import layout
from bench.raw.manifest import StudyRecord
from bench.studies.base import StudyContext
from bench.timers import pytest_benchmark


def plan(ctx: StudyContext, record: StudyRecord) -> list[tuple[str, int]]:
    """The (implementation, count) cases to time: only implementations the correctness checker
    accepted at every one of their counts."""
    cases: list[tuple[str, int]] = []
    names = ctx.config.implementations
    task = ctx.task("Correctness check (in process)", total=len(names))
    for name in names:
        counts = ctx.config.counts_for(name)
        task.status(f"{name} at {len(counts)} counts")
        if not ctx.refused(record, name, ctx.checker.check_implementation(name, counts)):
            cases += [(name, count) for count in counts]
        task.advance()
    task.status("")
    return cases


class SweepStudy:
    name = layout.SWEEP
    title = "In process, over a sweep of counts (pytest-benchmark)"

    def run(self, ctx: StudyContext) -> StudyRecord:
        record = StudyRecord(self.name, self.title)
        cases = plan(ctx, record)
        if not cases:
            record.notes.append("nothing to time: every implementation was refused")
            return record
        pytest_benchmark.run(
            ctx.config.tools.python,
            ctx.config.pytest_benchmark.options(),
            cases,
            json_file=ctx.raw / layout.SWEEP_JSON,
            log=ctx.raw / layout.SWEEP_LOG,
            plan_file=ctx.work / "sweep-plan.json",
            cwd=ctx.config.tools.repo,
            task=ctx.task(self.title, total=len(cases)),
        )
        record.files += [layout.SWEEP_JSON, layout.SWEEP_LOG]
        return record


STUDY = SweepStudy()
