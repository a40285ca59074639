"""hyperfine's own warnings (outliers, slow first runs...) and what the driver left out."""

from __future__ import annotations

from bench.report.document import Block, BulletList, Heading, Paragraph
from bench.report.rawrun import RawRun


def render(run: RawRun) -> list[Block]:
    blocks: list[Block] = [
        Heading("Measurement warnings and notes"),
        Paragraph(
            "This machine is shared and noisy; hyperfine says so when it sees it. Its warnings "
            "are kept verbatim in the `*.stderr.txt` file beside each JSON file."
        ),
    ]
    items = []
    for study in run.manifest.studies.values():
        for record in study.hyperfine:
            data = run.hyperfine(record)
            if data.warnings:
                items += [f"[`{record.stderr}`](raw/{record.stderr}): {w}" for w in data.warnings]
        items += [f"{study.name}: {note}" for note in study.notes]
    blocks.append(BulletList(tuple(items)) if items else Paragraph("No warnings or notes."))
    return blocks
