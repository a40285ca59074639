"""What the correctness checker found before anything was timed."""

from __future__ import annotations

from bench.raw.correctness import Check
from bench.report import format as fmt
from bench.report.document import Block, Heading, Paragraph, Table
from bench.report.rawrun import RawRun


def render(run: RawRun) -> list[Block]:
    title = Heading("Correctness check")
    if not run.checks:
        return [title, Paragraph("No correctness verdicts were recorded in this run.")]
    by_subject: dict[str, list[Check]] = {}
    for check in run.checks:
        by_subject.setdefault(check.subject, []).append(check)
    rows = []
    for subject, checks in by_subject.items():
        counts = ", ".join(fmt.count(c.count) for c in sorted(checks, key=lambda c: c.count))
        wrong = [c for c in checks if not c.ok]
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
            "output was compared with an independent sieve of Eratosthenes "
            "(`bench/check/oracle.py`). "
            "Anything that disagreed was reported here and not timed. Raw data: "
            "[`correctness.json`](raw/correctness.json)."
        ),
        Table(
            ("implementation or command", "counts checked", "verdict"), tuple(rows), ("l", "l", "l")
        ),
    ]
