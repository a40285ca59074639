"""What a study is: a named measurement that writes raw files and says which, and the context
every study is handed: the run's configuration, where to write, the correctness checker and the
progress display."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from bench.check.checker import Checker
from bench.progress import Reporter, Task
from bench.raw.correctness import Check
from bench.raw.manifest import CommandSpec, HyperfineRecord, StudyRecord
from bench.studies.config import HyperfineSettings, RunConfig
from bench.timers import hyperfine


@dataclass
class StudyContext:
    config: RunConfig
    #: The staging raw directory; it replaces `results/raw/` only if the whole run succeeds.
    raw: Path
    #: Scratch space outside the raw directory.
    work: Path
    checker: Checker
    reporter: Reporter

    def refused(self, record: StudyRecord, subject: str, checks: Sequence[Check]) -> bool:
        """True when any check of `subject` failed; the first failure is noted in `record`
        (and shown) as the reason it is not timed."""
        wrong = [check for check in checks if not check.ok]
        if wrong:
            note = f"{subject}: not timed, count {wrong[0].count}: {wrong[0].detail}"
            record.notes.append(note)
            self.reporter.log(f"[red]refused[/red] {note}")
        return bool(wrong)

    def planned(self, record: StudyRecord, keep: Collection[str] = ()) -> list[str]:
        """The run's implementations this study's plan times (`per_implementation_only`, and
        `keep`: those a study is about); the others are named in a note of `record`."""
        names = list(self.config.implementations)
        if self.config.plan.per_implementation_only is None:
            return names
        only = {*self.config.plan.per_implementation_only, *keep}
        left_out = [name for name in names if name not in only]
        if left_out:
            record.notes.append(
                f"not timed with this plan: {', '.join(left_out)} (the full plan, "
                "`make bench`, times every implementation)"
            )
        return [name for name in names if name in only]

    def task(self, title: str, total: int) -> Task:
        return self.reporter.task(title, total)

    def hyperfine(
        self,
        record: StudyRecord,
        key: str,
        title: str,
        commands: Sequence[CommandSpec],
        settings: HyperfineSettings | None = None,
    ) -> HyperfineRecord:
        """One hyperfine run of `commands` with `settings` (default: the run's), its files noted
        in `record`."""
        timed = hyperfine.run(
            self.config.tools.hyperfine,
            (settings or self.config.hyperfine).options(),
            commands,
            raw=self.raw,
            key=key,
            cwd=self.config.tools.repo,
            task=self.task(title, total=len(commands)),
        )
        record.hyperfine.append(timed)
        record.files += [timed.json, timed.log]
        return timed


class Study(Protocol):
    #: Selects it on the command line (`--study NAME`); the manifest's key for its record.
    name: str
    title: str

    def run(self, ctx: StudyContext) -> StudyRecord:
        """Measure, write raw files under `ctx.raw`, and return what was written."""
        ...
