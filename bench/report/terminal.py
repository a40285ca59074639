"""The report in a terminal, beside markdown.py and html.py: report blocks as rich text and
tables (the demo prints sections this way), and the summary printed at the end of a run (the
verdict, then a table), read back from the raw files it wrote."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from bench.counts import TALK_COUNT
from bench.report import document
from bench.report import format as fmt
from bench.report.findings import sweep
from bench.report.findings.startup import breakdowns
from bench.report.headline import headline
from bench.report.inline import plain
from bench.report.rawrun import RawRun
from bench.report.sections import verdict


def _plain_text(markdown: str) -> Text:
    return Text(plain(markdown))


def show_verdict(console: Console, run: RawRun, text: Callable[[str], Text] = _plain_text) -> None:
    """The verdict as the report opens with it: its lead, one bullet per claim (wrapped under
    its own text, not under the bullet), and the summary sentence. `text` turns their inline
    Markdown into rich text (the demo styles it instead)."""
    bullets, summary = verdict.items(run)
    console.print(text(verdict.lead(run)))
    for bullet in bullets:
        # A print each: a console that pages (the demo's) keeps a bullet on one screen.
        item = Table.grid(padding=(0, 1))
        item.add_column(no_wrap=True)
        item.add_column()
        item.add_row("•", text(bullet))
        console.print(item)
    if summary:
        console.print(text(summary))
    console.print()


def show(console: Console, raw_dir: Path) -> None:
    run = RawRun(raw_dir)
    show_verdict(console, run)
    table = Table(title=f"first_n({TALK_COUNT:,}) — medians", title_justify="left")
    # Names are what the reader looks for: they never wrap or shorten; headers wrap instead.
    table.add_column("implementation", no_wrap=True)
    table.add_column("in process", justify="right")
    table.add_column("× vs pure", justify="right")
    table.add_column("whole process", justify="right")
    table.add_column("fitted exponent", justify="right")
    table.add_column("checked")
    wholes = {b.implementation: b.whole.result.median for b in breakdowns(run)}
    data = run.in_process
    refused = {check.subject for check in run.checks if not check.ok}
    names = list(dict.fromkeys([*run.manifest.implementations]))
    by_name = sweep.series(data) if data else {}
    base = data.get(sweep.BASELINE, TALK_COUNT) if data else None
    for name in names:
        result = data.get(name, TALK_COUNT) if data else None
        law = sweep.fit(by_name[name]) if name in by_name else None
        table.add_row(
            name,
            fmt.duration(result.median) if result else "–",
            fmt.speedup(base.median / result.median) if result and base else "–",
            fmt.duration(wholes[name]) if name in wholes else "–",
            f"{law.exponent:.2f}" if law else "–",
            "[red]refused[/red]" if name in refused else "ok",
        )
    console.print(table)
    for line in headline(run):
        console.print(f"• {plain(line)}", highlight=False)


def _table(block: document.Table) -> Table:
    table = Table()
    for header, align in zip(block.header, block.alignment(), strict=True):
        table.add_column(Text(plain(header)), justify="right" if align == "r" else "left")
    for row in block.rows:
        table.add_row(*(Text(plain(cell)) for cell in row))
    return table


def _renderables(block: document.Block) -> list[RenderableType]:
    match block:
        case document.Heading(text=text):
            return [Text(plain(text), style="bold")]
        case document.Paragraph(text=text):
            return [Text(plain(text))]
        case document.BulletList(items=items):
            return [Text(f"• {plain(item)}") for item in items]
        case document.Table():
            return [_table(block)]
        case document.Figure(caption=caption):
            return [Text(f"(plot: {plain(caption)} — in results/report.html)")]
        case document.Code(text=text):
            return [Text(text)]
    return []


def print_blocks(console: Console, blocks: Sequence[document.Block]) -> None:
    """Report blocks in the terminal, each followed by a blank line."""
    for block in blocks:
        for renderable in _renderables(block):
            console.print(renderable)
        console.print()
