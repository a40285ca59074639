"""The talk's two tables: its exact console scripts at n = 5000, as whole processes."""

from __future__ import annotations

from bench import hyperfine_runner
from bench.counts import TALK_COUNT
from bench.raw.manifest import CommandSpec, StudyRecord
from bench.studies.base import StudyContext
from bench.talk import TABLES, TalkTable


def script_command(ctx: StudyContext, script: str, implementation: str, count: int) -> CommandSpec:
    return CommandSpec(
        label=f"{script} {count}",
        argv=(str(ctx.config.tools.script(script)), str(count)),
        tags={
            "kind": "script",
            "script": script,
            "implementation": implementation,
            "count": str(count),
        },
    )


class TalkStudy:
    name = "talk"
    title = "The talk's two hyperfine tables"

    def run(self, ctx: StudyContext) -> StudyRecord:
        record = StudyRecord(self.name, self.title)
        for table in TABLES:
            self._run_table(ctx, table, record)
        return record

    def _run_table(self, ctx: StudyContext, table: TalkTable, record: StudyRecord) -> None:
        rows = table.rows_in_slide_order()
        missing = [
            row.implementation
            for row in rows
            if row.implementation not in ctx.config.implementations
        ]
        if missing:
            record.notes.append(f"{table.key}: skipped, {', '.join(missing)} not selected")
            return
        commands = [script_command(ctx, row.script, row.implementation, TALK_COUNT) for row in rows]
        refused = [
            verdict
            for command in commands
            if not (verdict := ctx.gate.check_command(command.label, command.argv, TALK_COUNT)).ok
        ]
        if refused:
            reasons = "; ".join(f"{v.subject}: {v.detail}" for v in refused)
            record.notes.append(f"{table.key}: not timed, wrong output ({reasons})")
            ctx.reporter.log(f"[red]refused[/red] {table.key}: {reasons}")
            return
        hyperfine = hyperfine_runner.run(ctx, table.key, commands, title=table.title)
        record.hyperfine.append(hyperfine)
        record.files += [hyperfine.json, hyperfine.log]


STUDY = TalkStudy()
