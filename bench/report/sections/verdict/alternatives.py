"""The verdict's claims about other ways to speed up the talk's loop, in words
(`bench.report.findings.alternatives`): the language against the algorithm, and what numba,
mypyc and Cython without types buy before a rewrite."""

from __future__ import annotations

from bench.counts import TALK_COUNT
from bench.raw import layout
from bench.raw.pytest_benchmark import InProcessResult
from bench.report import format as fmt
from bench.report.findings import alternatives as found_
from bench.report.findings.alternatives import MYPYC, NUMBA, PURE, UNTYPED
from bench.report.findings.compiled import CYTHON, RUST
from bench.report.findings.reading import Side, medians, read
from bench.report.rawrun import RawRun
from bench.report.sections.verdict.claim import Claim, capitalised, not_measured
from bench.report.stats import Ratio
from bench.report.wording import factor
from bench.slides import PURE_VS_RUST

#: The lead of each way the language and the algorithm compare.
_WEIGHED = {
    found_.AS_MUCH: "the language and the algorithm matter about as much",
    found_.ALGORITHM_MORE: "the algorithm matters more than the language",
    found_.LANGUAGE_MORE: "the language matters more than the algorithm",
}


def language_vs_algorithm(run: RawRun, count: int = TALK_COUNT) -> Claim:
    topic = "Language vs algorithm"
    base_name = PURE_VS_RUST.slow.implementation
    data = run.in_process
    changes = found_.changes(data, count) if data is not None else []
    if not changes:
        return not_measured(
            topic, f"`{base_name}` beside another language or algorithm in process", layout.SWEEP
        )
    ratios = {what: ratio for what, _, ratio in changes}
    language, algorithm = ratios.get("the language"), ratios.get("the algorithm")
    at = f"at n = {fmt.count(count)}"
    finding: str | None
    if language is None or algorithm is None:
        lead, finding = f"{topic} {at}", None
    else:
        finding = found_.weigh(language, algorithm)
        lead = f"{at}, {_WEIGHED[finding]}"
    steps = "; ".join(f"{what} (`{name}`) {factor(ratio)}" for what, name, ratio in changes)
    return Claim(
        f"**{capitalised(lead)}.** Speed-up over `{base_name}` in process, changing {steps}.",
        finding,
    )


def _versus_compiled(ratio: Ratio, best: InProcessResult) -> str:
    """`the same as rust-naive`, `1.43x slower than cython-naive`."""
    name = best.implementation
    if read(ratio) is Side.SAME:
        return f"the same as `{name}`"
    if ratio.value > 1:
        return f"{fmt.speedup(ratio.value)} slower than `{name}`"
    return f"{fmt.speedup(1 / ratio.value)} faster than `{name}`"


def before_a_rewrite(run: RawRun, count: int = TALK_COUNT) -> Claim:
    """What numba, mypyc and Cython without types buy on the talk's unchanged loop, against
    the same loop in pure Python and in the compiled languages, in process at `count`."""
    topic = "Before a rewrite"
    base_name = PURE_VS_RUST.slow.implementation
    data = run.in_process
    by_language = found_.same_loop(data, base_name, count) if data is not None else {}
    base = by_language.get(PURE)
    tried = [by_language[lang] for lang in (NUMBA, MYPYC, UNTYPED) if lang in by_language]
    compiled = [by_language[lang] for lang in (RUST, CYTHON) if lang in by_language]
    if base is None or not tried or not compiled:
        return not_measured(
            topic, "numba, mypyc or untyped Cython beside the compiled languages", layout.SWEEP
        )
    best = min(compiled, key=lambda result: result.median)
    measured = found_.alternatives(tried, base, best)
    finding = found_.before_a_rewrite(measured, base, tried)
    at = f"at n = {fmt.count(count)}"
    if finding == found_.MATCHES:
        matching = [f"`{a.result.implementation}`" for a in measured if a.matches]
        verb = "matches" if len(matching) == 1 else "match"
        lead = f"{' and '.join(matching)} {verb} a rewrite {at}"
    elif finding == found_.SOME:
        lead = f"the alternatives buy part of a rewrite's speed {at}"
    else:
        lead = f"the alternatives buy little {at}"
    steps = [
        f"`{a.result.implementation}` {factor(a.speedup)} ({_versus_compiled(a.versus, best)})"
        for a in measured
    ]
    text = (
        f"**{topic}: {lead}.** The talk's loop unchanged, speed-up over "
        f"`{base_name}` in process: " + "; ".join(steps) + "."
    )
    untyped, typed = by_language.get(UNTYPED), by_language.get(CYTHON)
    types = medians(untyped.data, typed.data) if untyped and typed else None
    if types is not None:
        text += f" Cython's types alone buy {factor(types)}."
    if NUMBA in by_language:
        text += " numba pays at the start of every process instead (the report's first calls)."
    return Claim(text, finding)
