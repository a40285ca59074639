"""A full run times the talk's tables in the start-up study's one hyperfine run, not twice: the
report draws the same tables, ratios and claims from it as from tables timed on their own."""

from __future__ import annotations

import difflib
import json
from pathlib import Path

from fake_run import SCRIPTS, FakeRun, quiet, script

from bench.counts import TALK_COUNT
from bench.raw import layout
from bench.raw.manifest import StudyRecord
from bench.report import markdown
from bench.report.rawrun import RawRun
from bench.report.sections import SECTIONS


class _TimedTogether(FakeRun):
    """The talk study timed no table; the start-up study's run holds each table's commands
    beside its own, with the same samples as the tables would have."""

    def _talk(self, raw: Path) -> StudyRecord:
        return StudyRecord(layout.TALK, "talk")

    def _startup(self, raw: Path) -> StudyRecord:
        study = super()._startup(raw)
        (record,) = study.hyperfine
        results = json.loads((raw / record.json).read_text())["results"]
        medians = {
            spec.label: result["median"]
            for spec, result in zip(record.commands, results, strict=True)
        }
        tables = [
            script(label.split()[0], SCRIPTS[label.split()[0]], TALK_COUNT) for label in self.whole
        ]
        study.hyperfine[0] = self._hyperfine(
            raw, layout.STARTUP, [*record.commands, *tables], {**medians, **self.whole}
        )
        return study


def _report(raw: Path, fake: FakeRun) -> list[str]:
    fake.write(raw)
    run = RawRun(raw)
    return markdown.render([block for section in SECTIONS for block in section(run)]).splitlines()


def test_the_tables_and_claims_are_the_same_from_the_start_up_run(tmp_path: Path) -> None:
    alone = quiet()
    together = _TimedTogether(**{k: getattr(alone, k) for k in alone.__dataclass_fields__})
    before = _report(tmp_path / "alone", alone)
    after = _report(tmp_path / "together", together)
    changed = [
        line
        for line in difflib.unified_diff(before, after, lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    removed = [line[1:] for line in changed if line.startswith("-")]
    added = [line[1:] for line in changed if line.startswith("+")]
    # Each table says where it was measured, and the start-up section where its whole
    # processes come from; every figure, table and claim is the same.
    assert len(removed) == len(added) == 4, changed
    assert [line.split(":")[0] for line in removed[:2]] == ["Measured"] * 2
    assert all(
        line.startswith("Measured in the start-up study's one hyperfine run, beside its other ")
        and "raw data [`hyperfine/startup.json`](raw/hyperfine/startup.json)." in line
        for line in added[:2]
    )
    assert "**whole process** | `SCRIPT 5000` (talk tables)" in removed[2]
    assert "**whole process** | `SCRIPT 5000` (start-up study, beside `SCRIPT 0`)" in added[2]
    assert "Each talk table's two whole processes come from that table's own" in removed[3]
    assert "Both talk tables' whole processes come from the start-up study's one" in added[3]
