"""The demo's last step: this repository's recorded measurements, printed in the terminal.

Every figure comes from the report code (`bench.report`) reading a raw directory, so the demo
and REPORT.md cannot disagree; what a raw directory lacks is said to be not available.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.text import Text

from bench.demo.markup import print_blocks, styled
from bench.paths import shown
from bench.raw import layout
from bench.report import document, headline, wording
from bench.report.rawrun import RawRun
from bench.report.sections import sweep, talk, threads


def _no_pause() -> None:
    pass


def print_results(
    results: Path, console: Console | None = None, pause: Callable[[], None] = _no_pause
) -> None:
    """Print the recorded run; `pause()` between its sections (the presenter's Enter)."""
    console = console or Console(width=None if sys.stdout.isatty() else 120, highlight=False)
    raw = results / "raw"
    if not (raw / layout.MANIFEST).exists():
        console.print(
            styled(
                f"Not available yet: {shown(raw)} holds no measurements. `make bench` records them."
            )
        )
        return
    # Everything is read before anything is printed: a damaged raw file stops the step with
    # one line naming it (a `RawFileError`), not half-way through a table.
    run = RawRun(raw)
    environment = run.environment
    talk_blocks = talk.render(run)
    numbers = headline.headline(run)
    # The algorithm grid and one thread against two; each says so when its study is missing.
    # Their plots are in report.html, named in the last line: on a terminal a plot's caption
    # would only push the table off the presenter's screen.
    sections = [
        [block for block in section.render(run) if not isinstance(block, document.Figure)]
        for section in (sweep, threads)
    ]

    _where(console, run.dir, environment)
    print_blocks(console, talk_blocks, pause)
    pause()
    console.print(Text(f"Where the {wording.TALK_SPEEDUP} comes from", style="bold"))
    for line in numbers:
        console.print(Text("• ").append_text(styled(line)))
    if not numbers:
        console.print(styled("Not available: this run has no start-up study (`make bench`)."))
    console.print()
    for blocks in sections:
        # A screen each: with the alternatives the grid alone is most of a projector's screen.
        pause()
        print_blocks(console, blocks, pause)
    # Relative to the repository root, where the demo runs: no machine path on the screen.
    console.print(Text(f"All of it, with plots: {shown(results / 'report.html')}"))
    # `make annotate` writes results/annotate/, beside the reference directory.
    for pages in (results / "annotate", results.parent / "annotate"):
        if (pages / "index.html").exists():
            where = shown(pages / "index.html")
            console.print(Text(f"Which Cython lines still call Python: {where}"))
            break


def _where(console: Console, raw: Path, env: dict[str, Any]) -> None:
    """Which machine and commit the numbers come from: they are not the runs just shown."""
    cpu = env.get("cpu", {})
    git = env.get("git", {})
    facts = [
        f"{cpu.get('model', '?')}, {cpu.get('logical_cores', '?')} cores",
        f"Python {env.get('toolchain', {}).get('python', '?')}",
    ]
    if git.get("commit"):
        facts.append(f"commit {str(git['commit'])[:10]}{' (dirty)' if git.get('dirty') else ''}")
    console.print(Text(f"Recorded in {shown(raw)}: {'; '.join(facts)}", style="dim"))
    console.print()
