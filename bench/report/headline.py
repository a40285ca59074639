"""The three numbers a newcomer should see first: the talk's whole-process ratio, the same
in process, and the fixed cost of starting a process. The overview, the terminal summary and
the demo print them."""

from __future__ import annotations

from bench.counts import TALK_COUNT
from bench.raw import layout
from bench.report import format as fmt
from bench.report.findings import load
from bench.report.findings.startup import breakdowns
from bench.report.rawrun import RawRun
from bench.report.stats import ratio_of_medians
from bench.report.wording import busy_summary, contradictions, language_label
from bench.slides import PURE_VS_RUST


def headline(run: RawRun) -> list[str]:
    """The three numbers a newcomer should see first, or nothing when they were not measured."""
    by_name = {b.implementation: b for b in breakdowns(run)}
    table = PURE_VS_RUST
    pure, rust = by_name.get(table.slow.implementation), by_name.get(table.fast.implementation)
    if pure is None or rust is None:
        return []
    pure_language, rust_language = language_label(pure.language), language_label(rust.language)
    whole = ratio_of_medians(pure.whole.result.times, rust.whole.result.times)
    inside = ratio_of_medians(pure.in_process.data, rust.in_process.data)
    loaded = load.busy_studies(run, (layout.STARTUP, layout.TALK))
    if loaded:
        fixed = f"Fixed cost of starting the process: withheld, {busy_summary(loaded)}."
    elif pure.share_known and rust.share_known:
        fixed = (
            f"Fixed cost of starting the process and importing: {fmt.duration(rust.fixed)} — "
            f"{fmt.percent(rust.fixed_share)} of {rust_language}'s whole-process time, "
            f"{fmt.percent(pure.fixed_share)} of {pure_language}'s."
        )
    else:
        fixed = (
            "Fixed cost of starting the process: the measurements disagree in this run "
            f"({'; '.join(contradictions(rust) + contradictions(pure))}), so no share is given."
        )
    return [
        f"Whole process (`{pure.script} {TALK_COUNT}` vs `{rust.script} {TALK_COUNT}`, the "
        f"talk's {table.ratio:.2f}x): **{fmt.speedup(whole.value)}** here.",
        f"In process (`first_n({TALK_COUNT})`, start-up excluded): "
        f"**{fmt.speedup(inside.value)}**.",
        fixed,
    ]
