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

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from bench.counts import TALK_COUNT
from bench.raw import layout
from bench.raw.pytest_benchmark import InProcessResult, PytestBenchmarkRun
from bench.report import format as fmt
from bench.report.document import Block, BulletList, Heading, Paragraph
from bench.report.lineup import Lineup
from bench.report.rawrun import RawRun
from bench.report.sections import (
    busy,
    crosscheck,
    speedup_breakdown,
    split,
    talk_tables,
    threads,
)
from bench.report.sections.common import language_label
from bench.report.sections.overview import TITLE
from bench.report.stats import Ratio, ratio_of_medians
from bench.slides import PURE_VS_RUST, RUST_VS_CYTHON

#: Two times whose ratio's whole 95% interval lies within ±5% of 1 count as the same speed:
#: pytest-benchmark times each case on its own, minutes apart, so narrow intervals can still
#: differ by a few percent of drift, too little to choose a language by.
MARGIN = 1.05
#: The two compiled languages the README's question is about, as the raw data names them.
RUST, CYTHON = "rust", "cython"
#: A start-up share of the fast process at or above this "dominates" it; below SMALL it hardly
#: matters.
DOMINANT, SMALL = 0.5, 0.1
#: Two threads "scale" when the interval's low end reaches this share of perfect scaling, and
#: gain nothing when its high end stays below NO_GAIN.
SCALES, NO_GAIN = 0.9, 1.1


class Side(Enum):
    """How a ratio a/b reads."""

    SAME = "same"
    #: a is slower (the ratio's interval lies above 1 and beyond the margin): b is faster.
    B_FASTER = "b"
    A_FASTER = "a"


def read(ratio: Ratio) -> Side:
    """SAME when the interval includes 1 or lies within the margin, else who is faster."""
    low = ratio.value if ratio.low is None else ratio.low
    high = ratio.value if ratio.high is None else ratio.high
    if low <= 1 <= high or (low >= 1 / MARGIN and high <= MARGIN):
        return Side.SAME
    return Side.B_FASTER if low > 1 else Side.A_FASTER


def _medians(a: Sequence[float], b: Sequence[float]) -> Ratio | None:
    return ratio_of_medians(a, b) if a and b else None


def _ci(ratio: Ratio, digits: int = 2) -> str:
    """`1.00 (95% CI 0.99–1.01)`, the interval omitted when there is none."""
    if ratio.low is None or ratio.high is None:
        return f"{ratio.value:.{digits}f}"
    return f"{ratio.value:.{digits}f} (95% CI {ratio.low:.{digits}f}–{ratio.high:.{digits}f})"


def _factor(ratio: Ratio) -> str:
    """A speed-up with its interval, three figures: `16.8x (95% CI 16.8–17.0)`, `4,789x (…)`."""

    def number(value: float) -> str:
        return (
            f"{value:,.0f}" if value >= 100 else f"{value:.1f}" if value >= 10 else f"{value:.2f}"
        )

    if ratio.low is None or ratio.high is None:
        return f"{number(ratio.value)}x"
    return f"{number(ratio.value)}x (95% CI {number(ratio.low)}–{number(ratio.high)})"


def _faster(ratio: Ratio, a: str, b: str) -> str:
    """What a ratio a/b says in words: `the same`, `Rust 1.43x faster`."""
    side = read(ratio)
    if side is Side.SAME:
        return "the same"
    winner, factor = (b, ratio.value) if side is Side.B_FASTER else (a, 1 / ratio.value)
    return f"{winner} {fmt.speedup(factor)} faster"


@dataclass(frozen=True)
class Claim:
    """One item of the verdict: a bold lead and its evidence, as inline Markdown."""

    text: str
    #: What the claim found, for the summary line; None when it could not be made.
    finding: str | None = None


def _not_measured(topic: str, what: str, *studies: str) -> Claim:
    options = " ".join(f"--study {study}" for study in studies)
    return Claim(
        f"**{topic}: no claim.** This run did not measure {what}; `python -m bench {options}` "
        "(or `make bench`) does."
    )


# --- Rust vs Cython -------------------------------------------------------------------------

#: What the claims found, read by the summary sentence.
SAME_SPEED = "same speed"
DEPENDS = "depends"
ALGORITHM_MORE, LANGUAGE_MORE, AS_MUCH = "algorithm", "language", "as much"
DOMINATES, PART, HARDLY = "dominates", "part", "hardly"
SCALE, PARTIAL, NOTHING = "scales", "partial", "nothing"


def _pairs(data: PytestBenchmarkRun) -> list[tuple[str, str, str]]:
    """(algorithm, Cython's implementation, Rust's) for each algorithm written in both."""
    lineup = Lineup.of_sweep(data)
    by_cell = {(lineup.language(n), lineup.algorithm(n)): n for n in data.implementations()}
    algorithms = dict.fromkeys(lineup.algorithm(n) for n in data.implementations())
    return [
        (algorithm, by_cell[CYTHON, algorithm], by_cell[RUST, algorithm])
        for algorithm in algorithms
        if (CYTHON, algorithm) in by_cell and (RUST, algorithm) in by_cell
    ]


def _compiled_ratios(data: PytestBenchmarkRun, count: int) -> list[tuple[str, Ratio]]:
    """(algorithm, Cython's time ÷ Rust's) at `count`, for each algorithm measured in both."""
    found = []
    for algorithm, c_name, r_name in _pairs(data):
        c, r = data.get(c_name, count), data.get(r_name, count)
        ratio = _medians(c.data, r.data) if c is not None and r is not None else None
        if ratio is not None:
            found.append((algorithm, ratio))
    return found


def _across_counts(data: PytestBenchmarkRun) -> str:
    """How the sweep's other counts agree with the talk's; where a language is faster at some,
    why the lead still speaks of n = 5,000 only."""
    found: dict[Side, list[tuple[float, str, int]]] = {side: [] for side in Side}
    for count in data.counts():
        if count != TALK_COUNT:
            for algorithm, ratio in _compiled_ratios(data, count):
                found[read(ratio)].append((max(ratio.value, 1 / ratio.value), algorithm, count))
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


def _whole_compiled(run: RawRun) -> Ratio | None:
    """The talk's second table as a ratio of medians: Cython's whole process ÷ Rust's."""
    talk = run.hyperfine_file(layout.TALK, RUST_VS_CYTHON.key)
    if talk is None:
        return None
    slow = talk_tables.find_row(talk, RUST_VS_CYTHON.slow)
    fast = talk_tables.find_row(talk, RUST_VS_CYTHON.fast)
    if slow is None or fast is None:
        return None
    return ratio_of_medians(slow.result.times, fast.result.times)


def _compiled_lead(sides: list[tuple[str, Side]]) -> tuple[str, str]:
    """(lead, finding) from how each algorithm's ratio reads."""
    winners = {side for _, side in sides} - {Side.SAME}
    if not winners:
        return "the same speed", SAME_SPEED
    if len(winners) == 2:
        return "which is faster depends on the algorithm", DEPENDS
    winner = language_label(CYTHON if winners == {Side.A_FASTER} else RUST)
    same = [algorithm for algorithm, side in sides if side is Side.SAME]
    also = f" (the same for {', '.join(same)})" if same else ""
    return f"{winner} is faster{also}", f"{winner} faster"


def rust_vs_cython(run: RawRun) -> Claim:
    cython, rust = language_label(CYTHON), language_label(RUST)
    topic = f"{rust} vs {cython}"
    data = run.in_process
    at_talk = _compiled_ratios(data, TALK_COUNT) if data is not None else []
    whole = _whole_compiled(run)
    if not at_talk and whole is None:
        return _not_measured(
            topic,
            "the same algorithm in both languages (the in-process sweep, the talk's second table)",
            layout.SWEEP,
            layout.TALK,
        )
    # The in-process comparison decides: it is the one per algorithm, without start-up. An
    # algorithm whose ratio another study measured differently claims nothing.
    names = {algorithm: (c, r) for algorithm, c, r in _pairs(data)} if data is not None else {}
    checked = {
        algorithm: crosscheck.find(run, *names[algorithm], TALK_COUNT) for algorithm, _ in at_talk
    }
    disputed = {a: c for a, c in checked.items() if c is not None and not c.agree}
    sides = [(algorithm, read(ratio)) for algorithm, ratio in at_talk if algorithm not in disputed]
    finding: str | None
    if sides:
        lead, finding = _compiled_lead(sides)
        if finding == SAME_SPEED:
            lead += f" at n = {fmt.count(TALK_COUNT)}"
    elif disputed:
        lead, finding = "the studies disagree", None
    else:
        # Whole processes alone are mostly start-up: not enough for the summary to build on.
        assert whole is not None
        lead, finding = f"{_compiled_lead([('', read(whole))])[0]} as whole processes", None
    text = f"**{topic}: {lead}.**"
    if at_talk and data is not None:
        cells = "; ".join(
            f"{algorithm} {_ci(ratio)}"
            + (
                f", but the targets study measured {_ci(disputed[algorithm].second[2])}: the "
                "two disagree, so no difference is claimed"
                if algorithm in disputed
                else ""
                if read(ratio) is Side.SAME
                else f", {_faster(ratio, cython, rust)}"
            )
            for algorithm, ratio in at_talk
        )
        text += (
            f" Same algorithm, in process at n = {fmt.count(TALK_COUNT)}, {cython}'s time ÷ "
            f"{rust}'s (an interval within ±{(MARGIN - 1) * 100:.0f}% counts as the same): "
            f"{cells}.{_across_counts(data)}"
        )
    if whole is not None:
        other = crosscheck.whole_process(run)
        if other is not None and not other.agree:
            text += (
                f" As whole processes (the talk's second table): {_ci(whole)}, but `primes "
                f"--impl NAME` (the start-up vs work study) gave {_ci(other.second[2])}: the "
                "two disagree, so no difference is claimed."
            )
        else:
            text += (
                f" As whole processes (the talk's second table): {_ci(whole)}, "
                f"{_faster(whole, cython, rust)}."
            )
    return Claim(text, finding)


# --- Language vs algorithm ------------------------------------------------------------------


def _changes(data: PytestBenchmarkRun, count: int) -> list[tuple[str, str, Ratio]]:
    """(what changed, to which implementation, speed-up) from the talk's pure implementation:
    its language (the talk's Rust), its algorithm (the fastest other algorithm in the same
    language at `count`), both (that algorithm in the talk's Rust's language)."""
    base_name, fast_name = PURE_VS_RUST.slow.implementation, PURE_VS_RUST.fast.implementation
    base = data.get(base_name, count)
    if base is None:
        return []
    lineup = Lineup.of_sweep(data)
    measured = {n: r for n in data.implementations() if (r := data.get(n, count)) is not None}
    same_language = [
        r
        for n, r in measured.items()
        if n != base_name and lineup.language(n) == lineup.language(base_name)
    ]
    better = min(same_language, key=lambda result: result.median, default=None)
    both = None
    if better is not None and fast_name in measured:
        both = next(
            (
                r
                for n, r in measured.items()
                if lineup.language(n) == lineup.language(fast_name)
                and lineup.algorithm(n) == lineup.algorithm(better.implementation)
            ),
            None,
        )
    found = []
    for what, result in (
        ("the language", measured.get(fast_name)),
        ("the algorithm", better),
        ("both", both),
    ):
        if result is not None and (ratio := _medians(base.data, result.data)) is not None:
            found.append((what, result.implementation, ratio))
    return found


def language_vs_algorithm(run: RawRun, count: int = TALK_COUNT) -> Claim:
    topic = "Language vs algorithm"
    base_name = PURE_VS_RUST.slow.implementation
    data = run.in_process
    changes = _changes(data, count) if data is not None else []
    if not changes:
        return _not_measured(
            topic, f"`{base_name}` beside another language or algorithm in process", layout.SWEEP
        )
    found = {what: ratio for what, _, ratio in changes}
    language, algorithm = found.get("the language"), found.get("the algorithm")
    at = f"at n = {fmt.count(count)}"
    if language is None or algorithm is None:
        lead, finding = f"{topic} {at}", None
    elif read(_quotient(algorithm, language)) is Side.SAME:
        lead, finding = f"{at}, the language and the algorithm matter about as much", AS_MUCH
    elif algorithm.value > language.value:
        lead, finding = f"{at}, the algorithm matters more than the language", ALGORITHM_MORE
    else:
        lead, finding = f"{at}, the language matters more than the algorithm", LANGUAGE_MORE
    steps = "; ".join(f"{what} (`{name}`) {_factor(ratio)}" for what, name, ratio in changes)
    return Claim(
        f"**{lead[0].upper()}{lead[1:]}.** Speed-up over `{base_name}` in process, changing "
        f"{steps}.",
        finding,
    )


def _quotient(numerator: Ratio, denominator: Ratio) -> Ratio:
    """numerator/denominator of two ratios, its interval the far ends of both intervals (a
    conservative one: the two are not independent)."""
    value = numerator.value / denominator.value
    if None in (numerator.low, numerator.high, denominator.low, denominator.high):
        return Ratio(value)
    assert numerator.low and numerator.high and denominator.low and denominator.high
    return Ratio(value, low=numerator.low / denominator.high, high=numerator.high / denominator.low)


# --- Start-up -------------------------------------------------------------------------------


def startup(run: RawRun) -> Claim:
    """How much of the talk's whole-process ratio is the fixed cost of starting a process."""
    topic = "Start-up"
    found = {b.implementation: b for b in speedup_breakdown.breakdowns(run)}
    pure, rust = (found.get(row.implementation) for row in (PURE_VS_RUST.slow, PURE_VS_RUST.fast))
    if pure is None or rust is None:
        return _not_measured(
            topic,
            "start-up and computing apart (the start-up study, the talk's first table, the "
            "in-process sweep)",
            layout.STARTUP,
            layout.TALK,
            layout.SWEEP,
        )
    share = ratio_of_medians(rust.at_zero.result.times, rust.process.result.times)
    whole = ratio_of_medians(pure.whole.result.times, rust.whole.result.times)
    inside = ratio_of_medians(pure.in_process.data, rust.in_process.data)
    process = f"the {rust.language} process"
    if not (rust.share_known and pure.share_known) or share.value >= 1 or (share.high or 0) >= 1:
        clauses = "; ".join(rust.disagreements() + pure.disagreements()) or (
            f"`{rust.script} 0` and `{rust.script} {TALK_COUNT}` are too close to tell apart"
        )
        return Claim(
            f"**{topic}: no claim, the measurements disagree.** {clauses[0].upper()}"
            f"{clauses[1:]}. A process cannot spend longer starting than it runs: the timings "
            "were taken while the machine ran at different speeds, so this run cannot say how "
            "much of a process start-up is."
        )
    if share.value >= DOMINANT:
        lead, finding = f"Start-up dominates {process}", DOMINATES
    elif share.value >= SMALL:
        lead, finding = f"Start-up is {fmt.percent(share.value)} of {process}", PART
    else:
        lead, finding = f"Start-up hardly matters ({fmt.percent(share.value)} of {process})", HARDLY
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
        f"{_factor(inside)} in process, {_factor(whole)} as whole processes (the talk: "
        f"{PURE_VS_RUST.ratio:.1f}x)"
    )
    if read(_quotient(inside, whole)) is Side.B_FASTER:
        text += f" It pulls the {pure.language} ÷ {rust.language} ratio down: {ratios}."
    else:
        text += f" The {pure.language} ÷ {rust.language} ratio hardly moves: {ratios}."
    return Claim(text + _split_sentence(run, rust), finding)


def _split_sentence(run: RawRun, rust: speedup_breakdown.Breakdown) -> str:
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


# --- The GIL --------------------------------------------------------------------------------

_TIMES = {2: "twice"}
_NUMBERS = {2: "two", 3: "three", 4: "four"}


def gil(run: RawRun) -> Claim:
    """What releasing the GIL buys: the threads study's throughput of N threads over one for
    the talk's compiled implementations, as far as the study's own verdicts let it be trusted
    (a busy machine can make threads that ran in parallel look as if they took turns)."""
    topic = "Releasing the GIL"
    found = threads.judged(run)
    if found is None:
        return _not_measured(topic, "one thread against several", layout.THREADS)
    rows = {row.name: row for row in found}
    # The talk's compiled implementations, and its pure one for contrast.
    talk = (PURE_VS_RUST.fast.implementation, RUST_VS_CYTHON.slow.implementation)
    compiled = [rows[name] for name in dict.fromkeys(talk) if name in rows]
    if not compiled:
        return _not_measured(
            topic, "the talk's compiled implementations in threads", layout.THREADS
        )
    count = compiled[0].threads
    threads_word = f"{_NUMBERS.get(count, count)} threads"
    untrusted = [row for row in compiled if row.verdict is threads.Verdict.BUSY]
    recorded = all(row.verdict is not threads.Verdict.UNRECORDED for row in compiled)
    lead, finding = _gil_lead(compiled, count, threads_word)
    figures = " and ".join(f"`{row.name}` {_thread_figure(row)}" for row in compiled)
    text = f"**{topic}: {lead}.** Throughput of {threads_word} over one: {figures}"
    pure = rows.get(PURE_VS_RUST.slow.implementation)
    if pure is not None:
        text += f"; `{pure.name}`, which holds the GIL, {_thread_figure(pure)}"
    text += "."
    if untrusted:
        names = " and ".join(f"`{row.name}`" for row in untrusted)
        text += (
            f" Other processes held the cores while {names} ran, so these figures show the "
            "machine, not the GIL; run the threads study again on a quiet machine."
        )
    elif finding == NOTHING and recorded:
        text += (
            " The machine was quiet and the threads used one core between them: the compiled"
            " calls release the GIL while computing, so building the list (which needs it)"
            " took most of each call."
        )
    elif finding == NOTHING:
        text += (
            " The compiled calls release the GIL, so a second core busy with other work (or "
            "none) would explain it: this run cannot show what releasing the GIL buys."
        )
    return Claim(text, finding)


def _gil_lead(rows: Sequence[threads.Row], count: int, threads_word: str) -> tuple[str, str | None]:
    """The claim's lead from the threads study's verdicts; throughput alone for a file from
    before CPU time was recorded."""
    verdicts = {row.verdict for row in rows}
    if threads.Verdict.BUSY in verdicts:
        return "this run cannot say: the machine was busy", None
    if threads.Verdict.UNRECORDED in verdicts:
        return _by_throughput(rows, count, threads_word)
    if verdicts == {threads.Verdict.SCALED}:
        return f"{threads_word} do {_TIMES.get(count, f'{count}x')} the work", SCALE
    if verdicts == {threads.Verdict.GIL}:
        return f"{threads_word} did no more work than one in this run", NOTHING
    return f"{threads_word} do more work than one, short of {count}x", PARTIAL


def _by_throughput(rows: Sequence[threads.Row], count: int, threads_word: str) -> tuple[str, str]:
    """The lead for a threads file from before CPU time was recorded: throughput alone."""
    lows = [row.throughput.low or row.throughput.value for row in rows]
    highs = [row.throughput.high or row.throughput.value for row in rows]
    if min(lows) >= SCALES * count:
        return f"{threads_word} do {_TIMES.get(count, f'{count}x')} the work", SCALE
    if max(highs) <= NO_GAIN:
        return f"{threads_word} did no more work than one in this run", NOTHING
    return f"{threads_word} do more work than one, short of {count}x", PARTIAL


def _thread_figure(row: threads.Row) -> str:
    """`1.99x (95% CI 1.98-2.00)`, with the CPU the threads used when it was recorded."""
    figure = _factor(row.throughput)
    if row.cpu_use is not None:
        figure += f" using {row.cpu_use:.2f} cores"
    return figure


# --- Before a rewrite -----------------------------------------------------------------------

#: What people try before rewriting the talk's loop, as the registry names their languages.
NUMBA, MYPYC, UNTYPED, PURE = "numba", "mypyc", "cython-untyped", "pure"
#: One of them "matches" the compiled languages when its time over the fastest of Rust's and
#: Cython's same algorithm reads as the same (within MARGIN).
MATCHES, SOME, LITTLE = "matches", "some", "little"


def _same_loop(data: PytestBenchmarkRun, base_name: str, count: int) -> dict[str, InProcessResult]:
    """Language -> the talk's algorithm in that language, measured in process at `count`."""
    if base_name not in data.implementations():
        return {}
    lineup = Lineup.of_sweep(data)
    algorithm = lineup.algorithm(base_name)
    return {
        lineup.language(n): r
        for n in data.implementations()
        if lineup.algorithm(n) == algorithm and (r := data.get(n, count)) is not None
    }


def _alternative_steps(
    found: Sequence[InProcessResult], base: InProcessResult, best: InProcessResult
) -> tuple[list[str], list[str]]:
    """Each alternative's speed-up over `base` and its place beside `best`; and the names of
    those that read as the same speed as `best`."""
    steps, matching = [], []
    for result in found:
        speedup = _medians(base.data, result.data)
        versus = _medians(result.data, best.data)
        if speedup is None or versus is None:
            continue
        if read(versus) is Side.SAME:
            matching.append(result.implementation)
        steps.append(
            f"`{result.implementation}` {_factor(speedup)} ({_versus_compiled(versus, best)})"
        )
    return steps, matching


def before_a_rewrite(run: RawRun, count: int = TALK_COUNT) -> Claim:
    """What numba, mypyc and Cython without types buy on the talk's unchanged loop, against
    the same loop in pure Python and in the compiled languages, in process at `count`."""
    topic = "Before a rewrite"
    base_name = PURE_VS_RUST.slow.implementation
    data = run.in_process
    by_language = _same_loop(data, base_name, count) if data is not None else {}
    base = by_language.get(PURE)
    found = [by_language[lang] for lang in (NUMBA, MYPYC, UNTYPED) if lang in by_language]
    compiled = [by_language[lang] for lang in (RUST, CYTHON) if lang in by_language]
    if base is None or not found or not compiled:
        return _not_measured(
            topic, "numba, mypyc or untyped Cython beside the compiled languages", layout.SWEEP
        )
    best = min(compiled, key=lambda result: result.median)
    steps, matching = _alternative_steps(found, base, best)
    at = f"at n = {fmt.count(count)}"
    if matching:
        names = " and ".join(f"`{name}`" for name in matching)
        lead, finding = f"{names} matches a rewrite {at}", MATCHES
    elif any(result.median < base.median / 2 for result in found):
        lead, finding = f"the alternatives buy part of a rewrite's speed {at}", SOME
    else:
        lead, finding = f"the alternatives buy little {at}", LITTLE
    text = (
        f"**{topic}: {lead[0].upper()}{lead[1:]}.** The talk's loop unchanged, speed-up over "
        f"`{base_name}` in process: " + "; ".join(steps) + "."
    )
    untyped, typed = by_language.get(UNTYPED), by_language.get(CYTHON)
    types = _medians(untyped.data, typed.data) if untyped and typed else None
    if types is not None:
        text += f" Cython's types alone buy {_factor(types)}."
    if NUMBA in by_language:
        text += " numba pays at the start of every process instead (the report's first calls)."
    return Claim(text, finding)


def _versus_compiled(ratio: Ratio, best: InProcessResult) -> str:
    """`the same as rust-naive`, `1.43x slower than cython-naive`."""
    name = best.implementation
    if read(ratio) is Side.SAME:
        return f"the same as `{name}`"
    if ratio.value > 1:
        return f"{fmt.speedup(ratio.value)} slower than `{name}`"
    return f"{fmt.speedup(1 / ratio.value)} faster than `{name}`"


# --- The verdict ----------------------------------------------------------------------------


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
    found = busy.busy_studies(run, _LOAD_SENSITIVE[topic])
    return Claim(busy.withheld(topic, found)) if found else claim


def claims(run: RawRun) -> list[Claim]:
    return [
        _unless_busy(run, "Rust vs Cython", rust_vs_cython(run)),
        language_vs_algorithm(run),
        _unless_busy(run, "Before a rewrite", before_a_rewrite(run)),
        _unless_busy(run, "Start-up", startup(run)),
        gil(run),
    ]


def _in_short(found: list[Claim]) -> str | None:
    """One sentence from what the claims found, or None when the run supports none."""
    compiled, choice, alternative, start, _ = (claim.finding for claim in found)
    advice = []
    if choice == ALGORITHM_MORE:
        advice.append("change the algorithm before the language")
    elif choice == LANGUAGE_MORE:
        advice.append("here a compiled language buys more than a better algorithm")
    if compiled == SAME_SPEED:
        advice.append(
            f"{language_label(RUST)} and {language_label(CYTHON)} run the same algorithm "
            f"equally fast at n = {fmt.count(TALK_COUNT)}, so choose between them on what else "
            "each costs"
        )
    elif compiled is not None and compiled.endswith("faster"):
        advice.append(f"{compiled} in this run, for the same algorithm")
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
    warning = busy.warning(run)
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
