"""What the correctness gate checked before anything was timed."""

from __future__ import annotations

from bench.correctness import Verdict
from bench.report import format as fmt
from bench.report.document import Block, Heading, Paragraph, Table
from bench.report.rawrun import RawRun


def render(run: RawRun) -> list[Block]:
    title = Heading("Correctness gate")
    if not run.verdicts:
        return [title, Paragraph("No correctness verdicts were recorded in this run.")]
    by_subject: dict[str, list[Verdict]] = {}
    for verdict in run.verdicts:
        by_subject.setdefault(verdict.subject, []).append(verdict)
    rows = []
    for subject, verdicts in by_subject.items():
        counts = ", ".join(fmt.count(v.count) for v in sorted(verdicts, key=lambda v: v.count))
        wrong = [v for v in verdicts if not v.ok]
        result = (
            "correct, timed"
            if not wrong
            else f"**refused, not timed**: count {fmt.count(wrong[0].count)}: {wrong[0].detail}"
        )
        rows.append((f"`{subject}`", counts, result))
    return [
        title,
        Paragraph(
            "Before timing, each implementation's `first_n(n)` was called in a child process at "
            "every count it was about to be timed at, and each console script was run once; the "
            "output was compared with an independent sieve of Eratosthenes (`bench/oracle.py`). "
            "Anything that disagreed was reported here and not timed. Raw data: "
            "[`correctness.json`](raw/correctness.json)."
        ),
        Table(
            ("implementation or command", "counts checked", "verdict"), tuple(rows), ("l", "l", "l")
        ),
    ]
