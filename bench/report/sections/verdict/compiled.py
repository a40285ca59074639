"""The verdict's first claim: Rust against Cython for the same algorithm, in words
(`bench.report.findings.compiled`)."""

from __future__ import annotations

from bench.counts import TALK_COUNT
from bench.raw import layout
from bench.raw.pytest_benchmark import PytestBenchmarkRun
from bench.report import format as fmt
from bench.report.findings import compiled, crosscheck
from bench.report.findings.compiled import CYTHON, RUST, SAME_SPEED
from bench.report.findings.reading import MARGIN, Side, read
from bench.report.rawrun import RawRun
from bench.report.sections.verdict.claim import Claim, faster, not_measured
from bench.report.stats import Ratio
from bench.report.wording import language_label, with_interval


def _across_counts(data: PytestBenchmarkRun) -> str:
    """How the sweep's other counts agree with the talk's; where a language is faster at some,
    why the lead still speaks of n = 5,000 only."""
    found = compiled.across_counts(data)
    total = sum(len(cells) for cells in found.values())
    if total == 0:
        return ""
    if len(found[Side.SAME]) == total:
        return f" The same at each of the sweep's {total} other counts."
    parts = [f"the same at {len(found[Side.SAME])}"]
    for side, winner in ((Side.A_FASTER, CYTHON), (Side.B_FASTER, RUST)):
        if found[side]:
            most, algorithm, count = max(found[side])
            which = "most: " if len(found[side]) > 1 else ""
            parts.append(
                f"{language_label(winner)} faster at {len(found[side])} ({which}{algorithm}, "
                f"n = {fmt.count(count)}, {fmt.speedup(most)})"
            )
    return (
        f" At the sweep's {total} other counts: "
        + ", ".join(parts)
        + f" (these are not the claim: it is about n = {fmt.count(TALK_COUNT)}, where a call is "
        "long enough that the per-call cost, the boundary section's, does not count)."
    )


def _lead(sides: list[tuple[str, Side]]) -> tuple[str, str]:
    """(lead, finding) from how each algorithm's ratio reads."""
    winner = compiled.winner([side for _, side in sides])
    if winner is Side.SAME:
        return "the same speed", SAME_SPEED
    if winner is None:
        return "which is faster depends on the algorithm", compiled.DEPENDS
    name = language_label(CYTHON if winner is Side.A_FASTER else RUST)
    same = [algorithm for algorithm, side in sides if side is Side.SAME]
    also = f" (the same for {', '.join(same)})" if same else ""
    return f"{name} is faster{also}", f"{name} {compiled.FASTER}"


def rust_vs_cython(run: RawRun) -> Claim:
    cython, rust = language_label(CYTHON), language_label(RUST)
    topic = f"{rust} vs {cython}"
    data = run.in_process
    at_talk = compiled.ratios(data, TALK_COUNT) if data is not None else []
    whole = compiled.whole(run)
    if not at_talk and whole is None:
        return not_measured(
            topic,
            "the same algorithm in both languages (the in-process sweep, the talk's second table)",
            layout.SWEEP,
            layout.TALK,
        )
    # The in-process comparison decides: it is the one per algorithm, without start-up. An
    # algorithm whose ratio another study measured differently claims nothing.
    names = {a: (c, r) for a, c, r in compiled.pairs(data)} if data is not None else {}
    checked = {a: crosscheck.find(run, *names[a], TALK_COUNT) for a, _ in at_talk}
    disputed = {a: c for a, c in checked.items() if c is not None and not c.agree}
    sides = [(algorithm, read(ratio)) for algorithm, ratio in at_talk if algorithm not in disputed]
    finding: str | None
    if sides:
        lead, finding = _lead(sides)
        if finding == SAME_SPEED:
            lead += f" at n = {fmt.count(TALK_COUNT)}"
    elif disputed:
        lead, finding = "the studies disagree", None
    else:
        # Whole processes alone are mostly start-up: not enough for the summary to build on.
        assert whole is not None
        lead, finding = f"{_lead([('', read(whole))])[0]} as whole processes", None
    text = f"**{topic}: {lead}.**"
    if at_talk and data is not None:
        cells = "; ".join(
            f"{algorithm} {with_interval(ratio)}"
            + (
                f", but the targets study measured {with_interval(disputed[algorithm].second[2])}"
                ": the two disagree, so no difference is claimed"
                if algorithm in disputed
                else ""
                if read(ratio) is Side.SAME
                else f", {faster(ratio, cython, rust)}"
            )
            for algorithm, ratio in at_talk
        )
        text += (
            f" Same algorithm, in process at n = {fmt.count(TALK_COUNT)}, {cython}'s time ÷ "
            f"{rust}'s (an interval within ±{(MARGIN - 1) * 100:.0f}% counts as the same): "
            f"{cells}.{_across_counts(data)}"
        )
    if whole is not None:
        text += _as_whole_processes(run, whole)
    return Claim(text, finding)


def _as_whole_processes(run: RawRun, whole: Ratio) -> str:
    """The talk's second table's ratio, and what the other study of whole processes says."""
    cython, rust = language_label(CYTHON), language_label(RUST)
    said = f" As whole processes (the talk's second table): {with_interval(whole)}"
    other = crosscheck.whole_process(run)
    if other is not None and not other.agree:
        return (
            f"{said}, but `primes --impl NAME` (the start-up vs work study) gave "
            f"{with_interval(other.second[2])}: the two disagree, so no difference is claimed."
        )
    said += f", {faster(whole, cython, rust)}"
    if other is not None and read(other.second[2]) is not read(whole):
        # Both studies time whole processes, but through different scripts.
        said += (
            "; the start-up vs work study, which starts both through the same "
            f"`primes --impl NAME`, measured {with_interval(other.second[2])}, "
            f"{faster(other.second[2], cython, rust)} (the cross-checks count the two "
            f"as agreeing within ±{(MARGIN - 1) * 100:.0f}%): a few percent between "
            "whole processes follows the scripts that start them, not the language"
        )
    return said + "."
