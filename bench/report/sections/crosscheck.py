"""The cross-checks section: the same ratio measured by two studies of one run, side by
side (`bench.report.findings.crosscheck`)."""

from __future__ import annotations

from bench.raw import layout
from bench.report import format as fmt
from bench.report.document import Block, Heading, Paragraph, Table
from bench.report.findings.crosscheck import checks
from bench.report.findings.reading import MARGIN
from bench.report.rawrun import RawRun
from bench.report.wording import not_measured


def render(run: RawRun) -> list[Block]:
    title = Heading("Cross-checks: one ratio, two studies")
    found = checks(run)
    if not found:
        return [
            title,
            *not_measured(
                "any ratio in two studies (the sweep with the targets, the talk with the "
                "start-up vs work study)",
                layout.SWEEP,
                layout.TARGETS,
            ),
        ]
    rows = tuple(
        (
            f"`{check.subject}` ÷ `{check.reference}`",
            check.measured,
            fmt.count(check.count),
            f"{fmt.ratio(check.first[2])} ({check.first[0]})",
            f"{fmt.ratio(check.second[2])} ({check.second[0]})",
            "agree" if check.agree else "**disagree**",
        )
        for check in found
    )
    disagree = [check for check in found if not check.agree]
    verdict = (
        f"{len(disagree)} of {len(found)} disagree: for "
        + ", ".join(
            f"`{c.subject}` ÷ `{c.reference}` at n = {fmt.count(c.count)}" for c in disagree
        )
        + ", one study carries a bias its own interval does not show, and this run cannot say "
        "which; the verdict claims no difference from them."
        if disagree
        else f"All {len(found)} agree."
    )
    return [
        title,
        Paragraph(
            "Where two studies of this run measured the same ratio, here are both. An interval "
            "covers the scatter of one study's samples, not a bias all of them share (load "
            "that fell on one side's turn); two studies that time differently do not share "
            "one. They agree when their 95% intervals overlap, each widened by the "
            f"±{(MARGIN - 1) * 100:.0f}% the verdict counts as the same speed. " + verdict
        ),
        Table(
            ("ratio", "measured", "n", "one study", "another", ""),
            rows,
            ("l", "l", "r", "r", "r", "l"),
        ),
    ]
