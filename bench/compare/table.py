"""The comparison itself: per machine, the figures the verdict rests on, and per claim whether
every machine finds the same.

A ratio holds across machines when every machine's 95% interval, widened by the verdict's ±5%,
overlaps every other's (the cross-check rule, `bench.report.findings.crosscheck`); a claim holds
on every machine when each made it with the same finding, none withheld or unmeasured.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from bench.paths import machine_label, machine_slug
from bench.report import markdown
from bench.report.document import Block, Heading, Paragraph, Table
from bench.report.findings import load
from bench.report.findings.figures import FIGURES
from bench.report.findings.reading import MARGIN
from bench.report.rawrun import RawRun
from bench.report.sections import verdict
from bench.report.sections.beside import cell, hold

_CLAIMS = ("Rust vs Cython", "Language vs algorithm", "Before a rewrite", "Start-up", "The GIL")


def _finding(claim: verdict.Claim) -> str:
    if claim.finding is not None:
        return claim.finding
    text = claim.text
    if "withheld" in text or "the machine was busy" in text:
        return "withheld (busy)"
    return "no claim"


def _load(run: RawRun) -> str:
    if load.busy_studies(run):
        return "busy"
    return "not recorded" if load.unrecorded(run) else "quiet"


def _commit(run: RawRun) -> str:
    """The code measured: runs of different commits may differ for that reason alone."""
    git = run.environment.get("git") or {}
    commit = str(git.get("commit") or "?")[:10]
    return f"`{commit}`{' (dirty)' if git.get('dirty') else ''}"


def _machine_rows(runs: Sequence[RawRun]) -> list[tuple[str, ...]]:
    def env(run: RawRun, *keys: str) -> str:
        value: object = run.environment
        for key in keys:
            value = value.get(key) if isinstance(value, dict) else None
        return "?" if value is None else str(value)

    return [
        ("machine", *(machine_label(run.environment) for run in runs)),
        ("CPU", *(env(run, "cpu", "model") for run in runs)),
        ("cores usable", *(env(run, "cpu", "usable_cores") for run in runs)),
        ("system", *(f"{env(run, 'os', 'system')} {env(run, 'cpu', 'machine')}" for run in runs)),
        ("Python", *(env(run, "toolchain", "python") for run in runs)),
        ("run", *(f"{run.manifest.mode}, {run.manifest.started_utc[:10]}" for run in runs)),
        ("commit", *(_commit(run) for run in runs)),
        ("load", *(_load(run) for run in runs)),
    ]


def _names(runs: Sequence[RawRun]) -> list[str]:
    """A column's name: the machine's slug, with its run's folder where two runs share one (the
    same machine measured twice, quiet and busy)."""
    slugs = [machine_slug(run.environment) for run in runs]
    return [
        f"`{slug}`" + (f" ({run.dir.parent.name})" if slugs.count(slug) > 1 else "")
        for slug, run in zip(slugs, runs, strict=True)
    ]


def blocks(raws: Sequence[Path]) -> list[Block]:
    runs = [RawRun(raw) for raw in raws]
    names = _names(runs)
    figures = []
    for what, how, figure in FIGURES:
        ratios = [figure(run) for run in runs]
        if any(ratio is not None for ratio in ratios):
            figures.append((what, how, *(cell(r) for r in ratios), hold(ratios)))
    claims = [verdict.claims(run) for run in runs]
    claim_rows = []
    for index, topic in enumerate(_CLAIMS):
        found = [_finding(made[index]) for made in claims]
        usable = all(f not in ("no claim", "withheld (busy)") for f in found)
        holds = "every machine" if usable and len(set(found)) == 1 else "**depends on the machine**"
        if not usable:
            holds = "not on every machine"
        claim_rows.append((topic, *found, holds))
    every = [row[0] for row in claim_rows if row[-1] == "every machine"]
    depends = [row[0] for row in claim_rows if row[-1] != "every machine"]
    said = (
        f"On every machine: {', '.join(every) or 'none of the claims'}. "
        f"Depends on the machine, or not made on every one: {', '.join(depends) or 'none'}."
    )
    if any(load.busy_studies(run) for run in runs):
        said += (
            " A run whose load row says busy measured while other work took its cores: its "
            "claims are withheld, and its figures may show the load rather than the machine."
        )
    return [
        Heading(f"{len(runs)} machines, one report", 1),
        Paragraph(
            "Each column is one run's raw files, read by the report code; ratios are of medians "
            "with 95% bootstrap intervals. A figure holds on every machine when the intervals, "
            f"each widened by ±{(MARGIN - 1) * 100:.0f}%, overlap; a claim when every machine "
            "made it with the same finding. " + said
        ),
        Table(("", *names), tuple(_machine_rows(runs)), ("l", *("l",) * len(runs))),
        Heading("The verdict's claims"),
        Table(("claim", *names, "holds on"), tuple(claim_rows), ("l", *("l",) * (len(runs) + 1))),
        Heading("The figures behind them"),
        Table(
            ("ratio", "measured as", *names, "holds on"),
            tuple(figures),
            ("l", "l", *("r",) * len(runs), "l"),
        ),
    ]


def compare(raws: Sequence[Path]) -> str:
    return markdown.render(blocks(raws))
