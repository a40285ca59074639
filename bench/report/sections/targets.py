"""The performance targets, met or not: each is a limit on the ratio of two timings taken in
the same run (rust-naive against the same loop in C at -O2, rust-naive-simd against
rust-naive, rust-sieve against primesieve and against building the list). Goals, limits and
timings are all read from the raw file."""

from __future__ import annotations

from statistics import median

from bench.raw import layout
from bench.raw.samples import read_if_present
from bench.report import format as fmt
from bench.report.document import Block, BulletList, Heading, Paragraph, Table
from bench.report.rawrun import RawRun
from bench.report.sections.common import not_measured
from bench.report.stats import ratio_of_medians


def _sig(value: float) -> str:
    """Three significant digits, so a ratio of 0.0493 does not print as 0.05."""
    return f"{value:#.3g}"


def render(run: RawRun) -> list[Block]:
    title = Heading("Performance targets")
    data = read_if_present(run.path(layout.TARGETS_JSON))
    if data is None:
        return [title, *not_measured("the performance targets", layout.TARGETS)]
    rows = []
    for key, spec in data.settings.get("targets", {}).items():
        subject = data.cases.get(f"{key}/subject")
        reference = data.cases.get(f"{key}/reference")
        if subject is None or reference is None:
            rows.append((spec["goal"], fmt.count(spec["count"]), *("–",) * 6, "not measured"))
            continue
        ratio = ratio_of_medians(subject.samples.seconds, reference.samples.seconds)
        limit = float(spec["max_ratio"])
        if ratio.value <= limit:
            verdict = "met"
        else:
            verdict = f"missed: {fmt.percent(ratio.value / limit - 1)} over"
        # The ratio in words, in the direction the goal is stated: "20.3x faster" for a
        # speed-up goal (limit < 1), "1.27x the time" for a within-x goal.
        shown = (
            f"{fmt.speedup(1 / ratio.value)} faster"
            if limit < 1
            else f"{ratio.value:.2f}x the time"
        )
        interval = (
            f"{_sig(ratio.low)}–{_sig(ratio.high)}"
            if ratio.low is not None and ratio.high is not None
            else "–"
        )
        rows.append(
            (
                spec["goal"],
                fmt.count(spec["count"]),
                f"`{spec['subject']}` {fmt.duration(median(subject.samples.seconds))}",
                f"`{spec['reference']}` {fmt.duration(median(reference.samples.seconds))}",
                shown,
                _sig(ratio.value),
                interval,
                f"≤ {_sig(limit)}",
                verdict,
            )
        )
    record = run.study(layout.TARGETS)
    notes = record.notes if record is not None else []
    blocks: list[Block] = [
        title,
        Paragraph(
            "Each target is a ratio of two timings interleaved round by round in one process, "
            "so machine noise hits both sides alike. Targets that are missed are reported as "
            f"they are. SIMD path used by `rust-naive-simd` on this CPU: "
            f"`{data.settings.get('naive_simd_path', '?')}`. "
            f"Raw: [`{layout.TARGETS_JSON}`](raw/{layout.TARGETS_JSON})."
        ),
        Paragraph(
            "*subject ÷ reference* is the ratio of the two medians (below 1: the subject is "
            "faster), with its 95% bootstrap interval and the target's limit on it."
        ),
        Table(
            (
                "target",
                "n",
                "subject",
                "reference",
                "result",
                "subject ÷ reference",
                "95% CI",
                "limit",
                "verdict",
            ),
            tuple(rows),
        ),
    ]
    if notes:
        blocks.append(BulletList(tuple(notes)))
    return blocks
