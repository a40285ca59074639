"""What crossing the Python/extension boundary costs.

- Per call: `first_n(0)` and `first_n(1)` of every implementation, next to a plain Python
  function returning `[]`: argument parsing, GIL release and the call itself.
- Per element: Rust's sieve returning a `list` of Python ints vs the same primes returned by
  its buffer twin (packed uint32 in a memoryview), against the floor `list(range(n))`, all in
  one interleaved run. The twin's samples keep the label "array", which the report and the
  committed raw data use.
"""

from __future__ import annotations

from functools import partial

from bench.raw import layout
from bench.raw.manifest import StudyRecord
from bench.raw.samples import SamplesFile
from bench.studies.base import StudyContext
from bench.timers.interleaved import Call, interleaved

#: The implementation whose list building is priced (it has a buffer twin).
LIST_IMPLEMENTATION = "rust-sieve"


def empty_python_function(count: int) -> list[int]:
    """The cheapest `first_n`-shaped call Python can make."""
    return []


def list_of_range(count: int) -> list[int]:
    """The floor for building a list of `count` fresh Python ints."""
    return list(range(count))


class BoundaryStudy:
    name = layout.BOUNDARY
    title = "Crossing the boundary"

    def run(self, ctx: StudyContext) -> StudyRecord:
        import primes

        record = StudyRecord(self.name, self.title)
        plan = ctx.config.plan
        rounds, target = plan.boundary.rounds, plan.boundary.target
        counts = plan.boundary_list_counts
        raw = SamplesFile(self.name, {"rounds": rounds, "target": target})

        calls = {}
        for name in ctx.config.implementations:
            if ctx.refused(record, name, ctx.checker.check_implementation(name, [0, 1])):
                continue
            for count in (0, 1):
                calls[(name, count)] = partial(primes.get(name), count)
        for count in (0, 1):
            calls[("python-function", count)] = partial(empty_python_function, count)
        ctx.reporter.log(f"{self.title}: {len(calls)} calls, {rounds} rounds")
        timed = interleaved(
            {f"call/{name}/{count}": case for (name, count), case in calls.items()},
            rounds=rounds,
            target=target,
        )
        for (name, count), _ in calls.items():
            raw.add(
                f"call/{name}/{count}",
                timed[f"call/{name}/{count}"],
                kind="call",
                implementation=name,
                count=str(count),
            )

        if LIST_IMPLEMENTATION in ctx.config.implementations:
            from primes import _lib

            for count in counts:
                cases: dict[str, Call] = {
                    "list": partial(_lib.first_n_sieve, count),
                    "array": partial(_lib.first_n_sieve_buffer, count),
                    "floor": partial(list_of_range, count),
                }
                timed = interleaved(cases, rounds=rounds, target=target)
                for form, samples in timed.items():
                    raw.add(f"{form}/{count}", samples, kind=form, count=str(count))
        else:
            record.notes.append(f"list building: {LIST_IMPLEMENTATION} not selected")
        raw.write(ctx.raw / layout.BOUNDARY_JSON)
        record.files.append(layout.BOUNDARY_JSON)
        return record


STUDY = BoundaryStudy()
