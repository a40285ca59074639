"""The verdict's GIL claim, in words: what releasing the GIL buys the talk's compiled
implementations, as far as the threads study's own verdicts let it be trusted
(`bench.report.findings.threads`)."""

from __future__ import annotations

from bench.raw import layout
from bench.report.findings import threads
from bench.report.findings.threads import NOTHING, PARTIAL, SCALE, Row, Verdict
from bench.report.rawrun import RawRun
from bench.report.sections.verdict.claim import Claim, not_measured
from bench.report.wording import factor
from bench.slides import PURE_VS_RUST, RUST_VS_CYTHON

_TIMES = {2: "twice"}
_NUMBERS = {1: "one", 2: "two", 3: "three", 4: "four"}


def _cores(count: int) -> str:
    return f"{_NUMBERS.get(count, count)} core{'' if count == 1 else 's'}"


def _lead(finding: str | None, count: int, threads_word: str, restricted: int | None) -> str:
    if finding is None and restricted is not None:
        return f"this run cannot say: it could use {_cores(restricted)}"
    if finding is None:
        return "this run cannot say: the machine was busy"
    if finding == SCALE:
        return f"{threads_word} do {_TIMES.get(count, f'{count}x')} the work"
    if finding == NOTHING:
        return f"{threads_word} did no more work than one in this run"
    assert finding == PARTIAL
    return f"{threads_word} do more work than one, short of {count}x"


def _figure(row: Row) -> str:
    """`1.99x (95% CI 1.98-2.00)`, with the CPU the threads used when it was recorded."""
    figure = factor(row.throughput)
    if row.cpu_use is not None:
        figure += f" using {row.cpu_use:.2f} cores"
    return figure


def gil(run: RawRun) -> Claim:
    """What releasing the GIL buys: the threads study's throughput of N threads over one for
    the talk's compiled implementations (a busy machine can make threads that ran in parallel
    look as if they took turns)."""
    topic = "Releasing the GIL"
    found = threads.judged(run)
    if found is None:
        return not_measured(topic, "one thread against several", layout.THREADS)
    rows = {row.name: row for row in found}
    # The talk's compiled implementations, and its pure one for contrast.
    talk = (PURE_VS_RUST.fast.implementation, RUST_VS_CYTHON.slow.implementation)
    compiled = [rows[name] for name in dict.fromkeys(talk) if name in rows]
    if not compiled:
        return not_measured(topic, "the talk's compiled implementations in threads", layout.THREADS)
    count = compiled[0].threads
    threads_word = f"{_NUMBERS.get(count, count)} threads"
    untrusted = [row for row in compiled if row.verdict is Verdict.BUSY]
    recorded = all(row.verdict is not Verdict.UNRECORDED for row in compiled)
    finding = threads.gil(compiled)
    figures = " and ".join(f"`{row.name}` {_figure(row)}" for row in compiled)
    # Fewer cores than threads (`taskset`): the threads took turns whatever the GIL did.
    cores = compiled[0].usable_cores
    restricted = cores if cores is not None and cores < count else None
    text = (
        f"**{topic}: {_lead(finding, count, threads_word, restricted)}.** Throughput of "
        f"{threads_word} over one: {figures}"
    )
    pure = rows.get(PURE_VS_RUST.slow.implementation)
    if pure is not None:
        text += f"; `{pure.name}`, which holds the GIL, {_figure(pure)}"
    text += "."
    if untrusted and restricted is not None:
        text += (
            f" This process could use {_cores(restricted)}, so {threads_word} could not "
            "run at once: these figures show the restriction, not the GIL; a run that may use "
            "every core measures it."
        )
    elif untrusted:
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
