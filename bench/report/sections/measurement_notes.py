"""hyperfine's own warnings (outliers, slow first runs...) and what the driver left out."""

from __future__ import annotations

from bench.report.document import Block, BulletList, Heading, Paragraph
from bench.report.rawrun import RawRun


def render(run: RawRun) -> list[Block]:
    blocks: list[Block] = [
        Heading("Measurement warnings and notes"),
        Paragraph(
            "This machine is shared and noisy; hyperfine says so when it sees it. Its warnings "
            "(first sentence here) are kept verbatim in the `*.log` file beside each JSON file, "
            "under the command they are about."
        ),
    ]
    items = []
    for study in run.manifest.studies.values():
        for record in study.hyperfine:
            data = run.hyperfine(record)
            link = f"[`{record.log}`](raw/{record.log})"
            for timed, found in zip(data.timed, data.command_warnings, strict=True):
                items += [f"{link}, `{timed.spec.label}`: {_first_sentence(w)}" for w in found]
        items += [f"{study.name}: {note}" for note in study.notes]
    blocks.append(BulletList(tuple(items)) if items else Paragraph("No warnings or notes."))
    return blocks


def _first_sentence(text: str) -> str:
    head, dot, _ = text.partition(". ")
    return head + dot.strip()
