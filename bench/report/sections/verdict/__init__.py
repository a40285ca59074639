"""The verdict that opens the report: the README's question, "should I rewrite this in Rust or
Cython?", answered from this run's own numbers.

Four claims, each a sentence built from the raw data with its figure and 95% interval: Rust
against Cython for the same algorithm; the language against the algorithm; how much of the
talk's whole-process ratio is start-up; what releasing the GIL buys. The wording follows the
numbers (which side is faster, whether an interval includes 1), and a claim whose study is
absent from the run says so instead of being made. The same items are printed by the terminal
summary (`bench.report.terminal`), the demo's last step and the README (`bench.report.readme`).
"""

from __future__ import annotations

from bench.counts import TALK_COUNT
from bench.raw import layout
from bench.report import format as fmt
from bench.report.document import Block, BulletList, Heading, Paragraph
from bench.report.findings import load
from bench.report.findings.alternatives import ALGORITHM_MORE, LANGUAGE_MORE, MATCHES
from bench.report.findings.compiled import CYTHON, FASTER, RUST, SAME_SPEED
from bench.report.findings.startup import DOMINATES
from bench.report.rawrun import RawRun
from bench.report.sections.verdict import alternatives, compiled, gil, startup
from bench.report.sections.verdict.claim import Claim
from bench.report.wording import TITLE, busy_warning, language_label, withheld

__all__ = ["Claim", "blocks", "claims", "items", "lead", "render"]


#: The claims load can fake, by topic, with the studies each rests on: a difference of a few
#: percent between two timings, or a share of one in another, comes out of timings taken at
#: different moments. The language against the algorithm compares factors of 15 and 500,
#: which load does not fake, and the GIL claim judges its own study's load (`threads`).
_LOAD_SENSITIVE = {
    "Rust vs Cython": (layout.SWEEP, layout.TALK, layout.TARGETS),
    "Before a rewrite": (layout.SWEEP,),
    "Start-up": (layout.STARTUP, layout.TALK, layout.SWEEP),
}


def _unless_busy(run: RawRun, topic: str, claim: Claim) -> Claim:
    """`claim`, or the sentence withholding it when a study it rests on measured on a busy
    machine."""
    found = load.busy_studies(run, _LOAD_SENSITIVE[topic])
    return Claim(withheld(topic, found)) if found else claim


def claims(run: RawRun) -> list[Claim]:
    return [
        _unless_busy(run, "Rust vs Cython", compiled.rust_vs_cython(run)),
        alternatives.language_vs_algorithm(run),
        _unless_busy(run, "Before a rewrite", alternatives.before_a_rewrite(run)),
        _unless_busy(run, "Start-up", startup.startup(run)),
        gil.gil(run),
    ]


def _in_short(found: list[Claim]) -> str | None:
    """One sentence from what the claims found, or None when the run supports none."""
    languages, choice, alternative, start, _ = (claim.finding for claim in found)
    advice = []
    if choice == ALGORITHM_MORE:
        advice.append("change the algorithm before the language")
    elif choice == LANGUAGE_MORE:
        advice.append("here a compiled language buys more than a better algorithm")
    if languages == SAME_SPEED:
        advice.append(
            f"{language_label(RUST)} and {language_label(CYTHON)} run the same algorithm "
            f"equally fast at n = {fmt.count(TALK_COUNT)}, so choose between them on what else "
            "each costs"
        )
    elif languages is not None and languages.endswith(FASTER):
        faster = languages.removesuffix(f" {FASTER}")
        slower = language_label(CYTHON) if faster == language_label(RUST) else language_label(RUST)
        advice.append(
            f"in this run {faster} was faster than {slower} on the same algorithm, for some "
            "algorithms, and never slower"
        )
    if alternative == MATCHES:
        advice.append("before either, try numba on a loop like the talk's")
    if start == DOMINATES:
        advice.append("in a short-lived process, start-up costs more than the computing")
    if not advice:
        return None
    sentence = "; ".join(advice)
    return f"**In short:** {sentence[0].upper()}{sentence[1:]}."


def items(run: RawRun) -> tuple[list[str], str | None]:
    """The verdict's bullets, and its one-sentence summary when the run supports one."""
    found = claims(run)
    return [claim.text for claim in found], _in_short(found)


def lead(run: RawRun) -> str:
    quick = (
        " A quick run: fewer counts and runs, for checking the pipeline, not for quoting."
        if run.manifest.mode == "quick"
        else ""
    )
    warning = busy_warning(run)
    return (
        "**Verdict:** should I rewrite this in Rust or Cython? This run's answer; every figure "
        "is a ratio of medians with its 95% bootstrap interval."
        + quick
        + (f" {warning}" if warning else "")
    )


def blocks(run: RawRun) -> list[Block]:
    """The verdict alone, without the report's title: for the terminal, demo and README."""
    bullets, summary = items(run)
    return [
        Paragraph(lead(run)),
        BulletList(tuple(bullets)),
        *([Paragraph(summary)] if summary else []),
    ]


def render(run: RawRun) -> list[Block]:
    # The report's title, then the verdict: the first thing a reader sees is the answer.
    return [Heading(TITLE, 1), *blocks(run)]
