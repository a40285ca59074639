"""Start-up vs work, as whole processes: `primes --impl NAME 0` and `primes --impl NAME 5000`
for every implementation in one hyperfine run.

The count-0 run is the fixed part (interpreter, imports, argument parsing, printing `[]`); the
difference to the count-5000 run is the work. All implementations go through the same
`--impl` path so their fixed parts are comparable with each other.
"""

from __future__ import annotations

from bench import hyperfine_runner
from bench.counts import TALK_COUNT
from bench.raw.manifest import CommandSpec, StudyRecord
from bench.studies.base import StudyContext

FILE_KEY = "split"
COUNTS = (0, TALK_COUNT)


class SplitStudy:
    name = "split"
    title = "Start-up vs work (whole process)"

    def run(self, ctx: StudyContext) -> StudyRecord:
        record = StudyRecord(self.name, self.title)
        primes_script = str(ctx.config.tools.script("primes"))
        commands = []
        for name in ctx.config.implementations:
            specs = [
                CommandSpec(
                    f"primes --impl {name} {count}",
                    (primes_script, "--impl", name, str(count)),
                    {"kind": "split", "implementation": name, "count": str(count)},
                )
                for count in COUNTS
            ]
            refused = [
                verdict
                for spec in specs
                if not (
                    verdict := ctx.gate.check_command(
                        spec.label, spec.argv, int(spec.tags["count"])
                    )
                ).ok
            ]
            if refused:
                record.notes.append(f"{name}: not timed, {refused[0].detail}")
                continue
            commands += specs
        if not commands:
            record.notes.append("nothing to time")
            return record
        hyperfine = hyperfine_runner.run(ctx, FILE_KEY, commands, title=self.title)
        record.hyperfine.append(hyperfine)
        record.files += [hyperfine.json, hyperfine.stdout, hyperfine.stderr]
        return record


STUDY = SplitStudy()
