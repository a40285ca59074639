"""Title, what this run was, and the headline numbers."""

from __future__ import annotations

from bench.counts import TALK_COUNT
from bench.paths import stand_in
from bench.report import format as fmt
from bench.report import headline
from bench.report.document import Block, BulletList, Paragraph
from bench.report.findings import load
from bench.report.rawrun import RawRun
from bench.report.wording import busy_summary


def render(run: RawRun) -> list[Block]:
    manifest = run.manifest
    cpu = run.environment.get("cpu", {})
    git = run.environment.get("git", {})
    commit = str(git.get("commit") or "unknown")[:12]
    dirty = " (with uncommitted changes)" if git.get("dirty") else ""
    restricted = f"; {label}" if (label := stand_in(run.environment)) else ""
    # The title is the verdict's first block (sections/verdict.py): the answer opens the page.
    blocks: list[Block] = [
        Paragraph(
            f"Measured {manifest.started_utc} – {manifest.finished_utc} in **{manifest.mode}** "
            f"mode on {cpu.get('model', 'an unknown CPU')} "
            f"({cpu.get('usable_cores', '?')} cores usable{restricted}), "
            f"commit `{commit}`{dirty}. Every figure here is computed by `python -m bench.report` "
            "from the raw files in [`raw/`](raw/) (the tools' own JSON output); `make report` "
            "regenerates this page without measuring, `make bench` measures again."
        ),
    ]
    blocks.append(Paragraph(_load(run)))
    if manifest.mode == "quick":
        blocks.append(
            Paragraph(
                "**Quick run:** fewer counts and runs than `make bench`; good for checking the "
                "pipeline, not for quoting."
            )
        )
    numbers = headline.headline(run)
    if numbers:
        blocks += [
            Paragraph(f"**Headline** (n = {fmt.count(TALK_COUNT)}, medians):"),
            BulletList(tuple(numbers)),
        ]
    return blocks


def _load(run: RawRun) -> str:
    """How busy the machine was while each study measured, or that it was not recorded."""
    found = load.loads(run)
    recorded = {name: load for name, load in found.items() if load is not None}
    if not recorded:
        return (
            "*Load:* this run did not record how busy the machine was while each study "
            "measured (a run from before that was recorded), so nothing here says whether "
            "other work slowed some measurements more than others."
        )
    loaded = load.busy_studies(run)
    each = "; ".join(f"`{name}` {load.describe()}" for name, load in recorded.items())
    missing = [name for name in found if name not in recorded]
    tail = f" Not recorded: {', '.join(missing)}." if missing else ""
    if loaded:
        return (
            f"**Busy machine:** {busy_summary(loaded)}; figures load can fake are withheld. "
            f"While each study measured: {each}.{tail}"
        )
    return f"*Load:* a quiet machine while each study measured: {each}.{tail}"
