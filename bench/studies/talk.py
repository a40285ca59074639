"""The talk's two tables: its exact console scripts at n = 5000, as whole processes."""

from __future__ import annotations

from bench.counts import TALK_COUNT
from bench.raw import layout
from bench.raw.manifest import CommandSpec, StudyRecord
from bench.slides import TABLES, TalkTable
from bench.studies.base import StudyContext


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
    name = layout.TALK
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
        checks = [ctx.checker.check_command(c.label, c.argv, TALK_COUNT) for c in commands]
        if ctx.refused(record, table.key, checks):
            return
        ctx.hyperfine(record, table.key, table.title, commands)


STUDY = TalkStudy()
