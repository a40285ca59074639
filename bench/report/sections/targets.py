"""The performance targets, met or not: each is a limit on the ratio of two timings taken in
the same run (rust-naive against the same loop in C at -O2, rust-naive-simd against
rust-naive, the sieves against primesieve's C library and against building the list, Cython's
wheel against Rust's). Goals, limits, timings and why a target was not measured are all read
from the raw file.

One small table per goal (a row per count), so the table stays five columns wide: 80 columns
in a terminal, 400 px on a phone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import groupby
from typing import Any

from bench.raw import layout
from bench.raw.samples import SamplesFile, read_if_present
from bench.report import format as fmt
from bench.report.document import Block, BulletList, Heading, Paragraph, Table
from bench.report.findings.targets import Measured, measured
from bench.report.rawrun import RawRun
from bench.report.wording import not_measured

#: What a reader looks for first comes first: on a 400 px screen the median times may need a
#: sideways scroll, the verdict and the ratio do not.
#: What the ratio column's brackets hold, by whether the table's targets were timed in one
#: process (a bootstrap interval) or several (the range of their ratios), or some of each.
INTERVALS = {frozenset({False}): "95% CI", frozenset({True}): "range"}
EITHER = "95% CI or range"


def _header(limit: float, found: Sequence[Measured | None]) -> tuple[str, ...]:
    shapes = frozenset(bool(m.processes) for m in found if m is not None)
    what = "speed-up" if limit < 1 else "ratio"
    return ("n", "verdict", f"{what} ({INTERVALS.get(shapes, EITHER)})", "subject", "reference")


#: Added to a verdict whose 95% interval has the limit inside it.
UNSURE = "the CI crosses the limit"
#: Added to a verdict of several processes whose ratios lie either side of the limit.
SPREAD = "processes either side of the limit"
#: Numbers right-aligned; the verdict left-aligned, so a long "not measured: …" wraps.
ALIGN = ("r", "l", "r", "r", "r")


def _sig(value: float) -> str:
    """Three significant digits, so a ratio of 0.0493 does not print as 0.05."""
    return f"{value:#.3g}"


def _goal(spec: Mapping[str, Any]) -> tuple[str, str, str, float]:
    return (spec["goal"], spec["subject"], spec["reference"], float(spec["max_ratio"]))


def _limit(subject: str, reference: str, limit: float) -> str:
    """The limit as the table's column states it: a speed-up goal (limit < 1) inverted."""
    if limit < 1:
        return f"`{reference}` ÷ `{subject}` ≥ {_sig(1 / limit)}"
    return f"`{subject}` ÷ `{reference}` ≤ {_sig(limit)}"


def _row(spec: Mapping[str, Any], found: Measured | None) -> tuple[str, ...]:
    n = fmt.count(spec["count"])
    if found is None:
        why = spec.get("not_measured", "")
        return (n, f"not measured: {why}" if why else "not measured", "–", "–", "–")
    ratio, limit = found.ratio, found.limit
    verdict = "met" if found.met else f"missed: {fmt.percent(found.over)} over"
    if found.unsure:
        verdict += f" ({SPREAD if found.processes else UNSURE})"
    low, high = ratio.low, ratio.high
    bounds = None if low is None or high is None else (low, high)
    if limit < 1:  # a speed-up goal reads best as "20.3x": the ratio inverted, and its interval
        shown = f"{_sig(1 / ratio.value)}x"
        bounds = bounds and (1 / bounds[1], 1 / bounds[0])
    else:
        shown = _sig(ratio.value)
    interval = f" ({_sig(bounds[0])}–{_sig(bounds[1])})" if bounds else ""
    if found.processes:
        interval = f" (range {_sig(bounds[0])}–{_sig(bounds[1])})" if bounds else ""
    return (
        n,
        verdict,
        shown + interval,
        fmt.duration(found.subject_median),
        fmt.duration(found.reference_median),
    )


def _run_paragraph(run: RawRun, data: SamplesFile) -> Paragraph:
    settings = data.settings
    rounds, target = settings.get("rounds"), settings.get("target")
    timing = (
        f"{rounds} rounds of about {fmt.duration(float(target))} per case"
        if rounds is not None and target is not None
        else "rounds as recorded"
    )
    long_calls = settings.get("long_calls")
    if isinstance(long_calls, dict) and {"from_count", "rounds"} <= set(long_calls):
        processes = int(long_calls.get("processes", 1))
        start = fmt.count(int(long_calls["from_count"]))
        spread = (
            "ratio is the median of the processes' ratios, beside their range"
            " (not a 95% interval): between processes a ratio has been seen to jump by"
            " 15–20% while it stays put within one, so a slow mode shows as spread"
        )
        short_rounds = long_calls.get("short_rounds")
        if processes > 1 and short_rounds is not None:
            timing = (
                f"every target in {processes} fresh processes, {short_rounds} rounds of about"
                f" {fmt.duration(float(target or 0))} per case in each, and"
                f" {long_calls['rounds']} from n = {start}, where a call takes over half a"
                f" second. The {spread}"
            )
        elif processes > 1:
            timing += (
                f"; from n = {start}, where a call takes over half a second,"
                f" {long_calls['rounds']} rounds in each of {processes} fresh processes."
                f" There the {spread}"
            )
        else:
            timing += (
                f" ({long_calls['rounds']} from n = {start}, where a call takes over half a second)"
            )
    jitter = settings.get("heap_jitter")
    moved = ""
    if isinstance(jitter, dict) and {"smallest", "largest"} <= set(jitter):
        moved = (
            f" Before each sample, blocks adding up to a random size"
            f" ({fmt.size(int(jitter['smallest']))} to {fmt.size(int(jitter['largest']))}) are"
            " held, so each sample finds the heap otherwise: the wheels' buffer twins have run"
            " about 20% slower at some placements of their memory, and kept that speed as long"
            " as the placement held."
        )
    skipped = settings.get("skipped_counts") or []
    if run.manifest.mode == "quick":
        text = f"*A quick run:* {timing}"
        if skipped:
            counts = ", ".join(fmt.count(count) for count in skipped)
            text += f"; it skipped n = {counts}, so the targets there say so"
        return Paragraph(text + f". `make bench` measures them all.{moved}")
    return Paragraph(f"A full run: {timing}.{moved}")


def render(run: RawRun) -> list[Block]:
    title = Heading("Performance targets")
    data = read_if_present(run.path(layout.TARGETS_JSON))
    if data is None:
        return [title, *not_measured("the performance targets", layout.TARGETS)]
    blocks: list[Block] = [
        title,
        Paragraph(
            "Each target is a ratio of two timings interleaved round by round in one process, "
            "so machine noise hits both sides alike. Targets that are missed are reported as "
            "they are, and so are targets that could not be measured here, with the reason. "
            f"SIMD path used by `rust-naive-simd` on this CPU: "
            f"`{data.settings.get('naive_simd_path', '?')}`. "
            f"Raw: [`{layout.TARGETS_JSON}`](raw/{layout.TARGETS_JSON})."
        ),
        Paragraph(
            "In each table, *subject* and *reference* are median times per call; the ratio is "
            "subject ÷ reference (below 1: the subject is faster), a speed-up its inverse, "
            "each with its 95% bootstrap interval, or the range of the processes' ratios where "
            "a target was timed in several. The verdict goes by the ratio; when the "
            f"interval has the limit inside it, the verdict adds *{UNSURE}*. `NAME:buffer` "
            "is an implementation's buffer twin (uint32, no list); `primesieve-c` is "
            "primesieve's C library, and `primesieve-c:list` the same with a list built from "
            "its array."
        ),
        _run_paragraph(run, data),
    ]
    specs: dict[str, Mapping[str, Any]] = data.settings.get("targets", {})
    for (goal, subject, reference, limit), group in groupby(specs.items(), lambda i: _goal(i[1])):
        blocks.append(Paragraph(f"**{goal}**: {_limit(subject, reference, limit)}"))
        found = [(spec, measured(data, key, spec)) for key, spec in group]
        rows = tuple(_row(spec, m) for spec, m in found)
        blocks.append(Table(_header(limit, [m for _, m in found]), rows, ALIGN))
    unavailable: Mapping[str, str] = data.settings.get("unavailable", {})
    if unavailable:
        blocks.append(Paragraph("Why a side could not be timed:"))
        blocks.append(BulletList(tuple(f"`{name}`: {why}" for name, why in unavailable.items())))
    elif not any(spec.get("not_measured") for spec in specs.values()):
        # A raw file from before the reasons were recorded in it: the study's notes say why.
        record = run.study(layout.TARGETS)
        if record is not None and record.notes:
            blocks.append(BulletList(tuple(record.notes)))
    return blocks
