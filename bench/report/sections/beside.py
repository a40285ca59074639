"""This machine beside the reference: a full run's report (one in results/machines/) shows the
published reference's figures next to its own, and whether each agrees within its interval.

The figures are the ones the verdict rests on; the same rule decides agreement as between two
studies of one run (`crosscheck`): the 95% intervals, each widened by ±5%, overlap.
"""

from __future__ import annotations

from collections.abc import Sequence

from bench import paths
from bench.paths import machine_label, machine_slug
from bench.raw import layout
from bench.report import format as fmt
from bench.report.document import Block, Heading, Paragraph, Table
from bench.report.findings.figures import FIGURES, agree_across
from bench.report.findings.reading import MARGIN
from bench.report.rawrun import RawRun
from bench.report.stats import Ratio


def cell(ratio: Ratio | None) -> str:
    return "–" if ratio is None else fmt.ratio(ratio)


def hold(ratios: Sequence[Ratio | None]) -> str:
    """Whether one figure agrees across machines, in the comparison table's words."""
    agree = agree_across(ratios)
    if agree is None:
        return "not on enough machines"
    return "every machine" if agree else "**depends on the machine**"


def _is_machines_run(run: RawRun) -> bool:
    """A run under results/machines/ or results/beside/: one to hold beside the reference."""
    parents = run.report_dir.resolve().parents
    return any(folder.resolve() in parents for folder in (paths.MACHINES, paths.BESIDE))


def render(run: RawRun) -> list[Block]:
    reference_raw = paths.REFERENCE / "raw"
    if not _is_machines_run(run) or not (reference_raw / layout.MANIFEST).exists():
        return []
    reference = RawRun(reference_raw)
    rows = []
    for what, how, figure in FIGURES:
        mine, theirs = figure(run), figure(reference)
        if mine is None and theirs is None:
            continue
        said = {"every machine": "agree", "**depends on the machine**": "**differ**"}
        agree = hold([mine, theirs])
        rows.append((what, how, cell(mine), cell(theirs), said.get(agree, "–")))
    here, there = machine_slug(run.environment), machine_slug(reference.environment)
    return [
        Heading("This machine beside the reference"),
        Paragraph(
            f"This run (`{here}`: {machine_label(run.environment)}) beside the published "
            "reference in `results/reference/` "
            f"(`{there}`, {reference.manifest.mode} run of {reference.manifest.started_utc[:10]}). "
            "A figure agrees when the two 95% intervals, each widened by "
            f"±{(MARGIN - 1) * 100:.0f}%, overlap; `make compare` adds more machines."
        ),
        Table(
            ("ratio", "measured as", "this machine", "reference", ""),
            tuple(rows),
            ("l", "l", "r", "r", "l"),
        ),
    ]
