"""Start-up vs work, as whole processes: `primes --impl NAME 0` and `primes --impl NAME 5000`
for every implementation in one hyperfine run.

The count-0 run is the fixed part (interpreter, imports, argument parsing, printing `[]`); the
difference to the count-5000 run is the work. All implementations go through the same
`--impl` path so their fixed parts are comparable with each other.
"""

from __future__ import annotations

from bench.counts import TALK_COUNT
from bench.raw import layout
from bench.raw.manifest import CommandSpec, StudyRecord
from bench.studies.base import StudyContext

COUNTS = (0, TALK_COUNT)


class SplitStudy:
    name = layout.SPLIT
    title = "Start-up vs work (whole process)"

    def run(self, ctx: StudyContext) -> StudyRecord:
        record = StudyRecord(self.name, self.title)
        primes_script = str(ctx.config.tools.script("primes"))
        commands = []
        for name in ctx.planned(record):
            specs = [
                CommandSpec(
                    f"primes --impl {name} {count}",
                    (primes_script, "--impl", name, str(count)),
                    {"kind": "split", "implementation": name, "count": str(count)},
                )
                for count in COUNTS
            ]
            checks = [
                ctx.checker.check_command(spec.label, spec.argv, count)
                for spec, count in zip(specs, COUNTS, strict=True)
            ]
            if not ctx.refused(record, name, checks):
                commands += specs
        if not commands:
            record.notes.append("nothing to time")
            return record
        ctx.hyperfine(record, layout.SPLIT, self.title, commands, ctx.config.plan.split_hyperfine)
        return record


STUDY = SplitStudy()
