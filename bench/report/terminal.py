"""The table printed at the end of a run, read back from the raw files it wrote."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table

from bench.counts import TALK_COUNT
from bench.report import format as fmt
from bench.report.inline import plain
from bench.report.rawrun import RawRun
from bench.report.sections import explanation, scaling


def show(console: Console, raw_dir: Path) -> None:
    run = RawRun(raw_dir)
    table = Table(title=f"first_n({TALK_COUNT:,}) — medians", title_justify="left")
    table.add_column("implementation")
    table.add_column("in process", justify="right")
    table.add_column("× vs pure", justify="right")
    table.add_column("whole process", justify="right")
    table.add_column("fitted exponent", justify="right")
    table.add_column("gate")
    wholes = {b.implementation: b.whole.result.median for b in explanation.breakdowns(run)}
    data = run.in_process
    refused = {check.subject for check in run.checks if not check.ok}
    names = list(dict.fromkeys([*run.manifest.implementations]))
    by_name = scaling.series(data) if data else {}
    base = data.get(scaling.BASELINE, TALK_COUNT) if data else None
    for name in names:
        result = data.get(name, TALK_COUNT) if data else None
        law = scaling.fit(by_name[name]) if name in by_name else None
        table.add_row(
            name,
            fmt.duration(result.median) if result else "–",
            fmt.speedup(base.median / result.median) if result and base else "–",
            fmt.duration(wholes[name]) if name in wholes else "–",
            f"{law.exponent:.2f}" if law else "–",
            "[red]refused[/red]" if name in refused else "ok",
        )
    console.print(table)
    for line in explanation.headline(run):
        console.print(f"• {plain(line)}", highlight=False)
