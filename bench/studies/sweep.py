"""`first_n(count)` in process, for every implementation over its sweep of counts.

pytest-benchmark runs the suite in `bench/suites/` with its own calibration; start-up and
import are excluded. This gives the talk's comparison without the fixed cost, and the
scaling plot.
"""

from __future__ import annotations

import json
import subprocess

from bench.raw.manifest import StudyRecord
from bench.studies.base import MeasurementError, StudyContext

JSON_FILE = "pytest-benchmark.json"
LOG_FILE = "pytest-benchmark.log"
SUITE = "bench/suites/test_first_n.py"


def plan(ctx: StudyContext, record: StudyRecord) -> list[dict[str, object]]:
    """The (implementation, count) cases to time: only implementations the gate accepted at
    every one of their counts."""
    cases: list[dict[str, object]] = []
    names = ctx.config.implementations
    task = ctx.reporter.task("Correctness gate (in process)", total=len(names))
    for name in names:
        counts = ctx.config.counts_for(name)
        task.status(f"{name} at {len(counts)} counts")
        verdicts = ctx.gate.check_implementation(name, counts)
        wrong = [v for v in verdicts if not v.ok]
        if wrong:
            first = wrong[0]
            record.notes.append(
                f"{name}: refused by the correctness gate, not timed "
                f"(count {first.count}: {first.detail})"
            )
            ctx.reporter.log(f"[red]refused[/red] {name}: count {first.count}: {first.detail}")
        else:
            cases += [{"name": name, "count": count} for count in counts]
        task.advance()
    task.status("")
    return cases


class SweepStudy:
    name = "sweep"
    title = "In process, over a sweep of counts (pytest-benchmark)"

    def run(self, ctx: StudyContext) -> StudyRecord:
        record = StudyRecord(self.name, self.title)
        cases = plan(ctx, record)
        if not cases:
            record.notes.append("nothing to time: every implementation was refused")
            return record
        plan_path = ctx.work / "sweep-plan.json"
        plan_path.write_text(json.dumps(cases), encoding="utf-8")
        tools = ctx.config.tools
        argv = [
            str(tools.python),
            "-m",
            "pytest",
            SUITE,
            "-v",
            "-p",
            "no:cacheprovider",
            "--benchmark-only",
            f"--benchmark-json={ctx.raw / JSON_FILE}",
            "--benchmark-columns=min,median,mean,stddev,iqr,rounds,iterations",
            *ctx.config.pytest_benchmark.options(),
            f"--bench-plan={plan_path}",
        ]
        task = ctx.reporter.task(self.title, total=len(cases))
        with (ctx.raw / LOG_FILE).open("w", encoding="utf-8") as log:
            process = subprocess.Popen(
                argv,
                cwd=tools.repo,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                encoding="utf-8",
            )
            assert process.stdout is not None  # stdout=PIPE above
            try:
                for line in process.stdout:
                    log.write(line)
                    if "::test_first_n[" in line and any(
                        word in line for word in ("PASSED", "FAILED", "ERROR", "SKIPPED")
                    ):
                        task.advance()
                        task.status(line.split("[", 1)[1].split("]", 1)[0])
            except BaseException:
                process.kill()
                process.wait()
                raise
            status = process.wait()
        if status != 0:
            tail = (ctx.raw / LOG_FILE).read_text(encoding="utf-8").splitlines()[-15:]
            raise MeasurementError(
                f"pytest-benchmark exited with status {status}:\n" + "\n".join(tail)
            )
        task.status("")
        record.files += [JSON_FILE, LOG_FILE]
        return record


STUDY = SweepStudy()
