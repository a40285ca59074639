"""The verdict's start-up claim, in words: how much of the talk's whole-process ratio is the
fixed cost of starting a process (`bench.report.findings.startup`, `findings.split`)."""

from __future__ import annotations

from bench.counts import TALK_COUNT
from bench.raw import layout
from bench.report import format as fmt
from bench.report.findings import split
from bench.report.findings.reading import Side, quotient, read
from bench.report.findings.startup import (
    DOMINATES,
    PART,
    Breakdown,
    breakdowns,
    startup_share,
    weigh_startup,
)
from bench.report.rawrun import RawRun
from bench.report.sections.verdict.claim import Claim, not_measured
from bench.report.stats import ratio_of_medians
from bench.report.wording import contradictions, factor, language_label
from bench.slides import PURE_VS_RUST


def startup(run: RawRun) -> Claim:
    """How much of the talk's whole-process ratio is the fixed cost of starting a process."""
    topic = "Start-up"
    found = {b.implementation: b for b in breakdowns(run)}
    pure, rust = (found.get(row.implementation) for row in (PURE_VS_RUST.slow, PURE_VS_RUST.fast))
    if pure is None or rust is None:
        return not_measured(
            topic,
            "start-up and computing apart (the start-up study, the talk's first table, the "
            "in-process sweep)",
            layout.STARTUP,
            layout.TALK,
            layout.SWEEP,
        )
    share = startup_share(rust)
    whole = ratio_of_medians(pure.whole.result.times, rust.whole.result.times)
    inside = ratio_of_medians(pure.in_process.data, rust.in_process.data)
    pure_language, rust_language = language_label(pure.language), language_label(rust.language)
    process = f"the {rust_language} process"
    if not (rust.share_known and pure.share_known) or share.value >= 1 or (share.high or 0) >= 1:
        clauses = "; ".join(contradictions(rust) + contradictions(pure)) or (
            f"`{rust.script} 0` and `{rust.script} {TALK_COUNT}` are too close to tell apart"
        )
        return Claim(
            f"**{topic}: no claim, the measurements disagree.** {clauses[0].upper()}"
            f"{clauses[1:]}. A process cannot spend longer starting than it runs: the timings "
            "were taken while the machine ran at different speeds, so this run cannot say how "
            "much of a process start-up is."
        )
    finding = weigh_startup(share.value)
    if finding == DOMINATES:
        lead = f"Start-up dominates {process}"
    elif finding == PART:
        lead = f"Start-up is {fmt.percent(share.value)} of {process}"
    else:
        lead = f"Start-up hardly matters ({fmt.percent(share.value)} of {process})"
    interval = (
        f"{fmt.percent(share.value)} (95% CI {share.low * 100:.0f}–{fmt.percent(share.high)})"
        if share.low is not None and share.high is not None
        else fmt.percent(share.value)
    )
    text = (
        f"**{lead}.** `{rust.script} {TALK_COUNT}` takes "
        f"{fmt.duration(rust.process.result.median)}; "
        f"{fmt.duration(rust.fixed)} of it, {interval}, passes before computing starts "
        f"(`{rust.script} 0`: interpreter, import, script)."
    )
    ratios = (
        f"{factor(inside)} in process, {factor(whole)} as whole processes (the talk: "
        f"{PURE_VS_RUST.ratio:.1f}x)"
    )
    if read(quotient(inside, whole)) is Side.B_FASTER:
        text += f" It pulls the {pure_language} ÷ {rust_language} ratio down: {ratios}."
    else:
        text += f" The {pure_language} ÷ {rust_language} ratio hardly moves: {ratios}."
    return Claim(text + _split_sentence(run, rust), finding)


def _split_sentence(run: RawRun, rust: Breakdown) -> str:
    """What the start-up vs work study adds, naming its command: `primes --impl NAME` starts
    slower than the talk's script, so its shares are larger."""
    data = run.hyperfine_file(layout.SPLIT, layout.SPLIT)
    parts = split.parts(data) if data is not None else {}
    if data is None or not parts:
        return ""
    over_half = sum(1 for fixed, work in parts.values() if fixed >= work)
    text = (
        f" Start-up is at least half of `primes --impl NAME {TALK_COUNT}` for {over_half} "
        f"of {len(parts)} implementations"
    )
    mine = parts.get(rust.implementation)
    if mine is not None and mine[1] > 0 and rust.implementation not in split.disagreeing(data):
        text += (
            f" (`primes --impl {rust.implementation}` starts slower than `{rust.script}`: it "
            f"loads the registry of every implementation, so start-up is "
            f"{fmt.percent(mine[0] / sum(mine))} of it)"
        )
    return text + "."
