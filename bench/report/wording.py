"""Sentences more than one renderer prints the same way: a study that did not run, a
language's name in prose, a busy machine, a ratio with its interval.

Shared here, not in a section, so that no section imports another.
"""

from __future__ import annotations

from bench.counts import TALK_COUNT
from bench.raw.load import Load
from bench.report import format as fmt
from bench.report.document import Block, Paragraph
from bench.report.findings import load
from bench.report.findings.startup import Breakdown, Contradiction
from bench.report.rawrun import RawRun
from bench.report.stats import Ratio
from bench.slides import PURE_VS_RUST

#: The report's title, above the verdict.
TITLE = "Benchmark report: the first n primes in pure Python, Cython and Rust"
#: The talk's headline speed-up as it is quoted: "12x".
TALK_SPEEDUP = f"{PURE_VS_RUST.ratio:.0f}x"


def not_measured(what: str, *studies: str) -> list[Block]:
    options = " ".join(f"--study {study}" for study in studies)
    return [
        Paragraph(
            f"*Not measured in this run:* {what}. Measure it with "
            f"`.venv/bin/python -m bench {options}` (or `make bench`)."
        )
    ]


#: How prose names a language the raw data records; any other is named as recorded.
LANGUAGE_NAMES = {"pure": "pure Python", "rust": "Rust", "cython": "Cython"}


def language_label(language: str) -> str:
    return LANGUAGE_NAMES.get(language, language)


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- A busy machine ---------------------------------------------------------------------------


def busy_summary(busy: dict[str, Load]) -> str:
    """`` `sweep` and `talk` measured while other work took the cores (worst: `talk`, other
    processes used 43% of the 2 cores, load average 5.9)``."""
    name, worst = load.worst(busy)
    names = [f"`{study}`" for study in busy]
    studies = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return (
        f"{studies} measured while other work took the cores (worst: `{name}`, {worst.describe()})"
    )


def busy_warning(run: RawRun) -> str | None:
    """The sentence that opens a busy run's verdict, or None for a quiet (or unrecorded) one."""
    busy = load.busy_studies(run)
    if not busy:
        return None
    return (
        f"**Busy machine.** {capital(busy_summary(busy))}. "
        "Load lands on each measurement differently, and a 95% interval does not cover that, so "
        "the claims a busy machine can fake (small differences, start-up shares, what is left "
        "over) are withheld below; `make bench` on a quiet machine measures them."
    )


def withheld(topic: str, busy: dict[str, Load]) -> str:
    """A claim's text when a study it rests on measured on a busy machine."""
    return (
        f"**{topic}: withheld, the machine was busy.** {capital(busy_summary(busy))}, and "
        "that load can slow one side of what this claim compares more than the other."
    )


# --- Ratios in prose --------------------------------------------------------------------------


def with_interval(ratio: Ratio, digits: int = 2) -> str:
    """`1.00 (95% CI 0.99–1.01)`, the interval omitted when there is none."""
    if ratio.low is None or ratio.high is None:
        return f"{ratio.value:.{digits}f}"
    return f"{ratio.value:.{digits}f} (95% CI {ratio.low:.{digits}f}–{ratio.high:.{digits}f})"


def factor(ratio: Ratio) -> str:
    """A speed-up with its interval, three figures: `16.8x (95% CI 16.8–17.0)`, `4,789x (…)`."""

    def number(value: float) -> str:
        return (
            f"{value:,.0f}" if value >= 100 else f"{value:.1f}" if value >= 10 else f"{value:.2f}"
        )

    if ratio.low is None or ratio.high is None:
        return f"{number(ratio.value)}x"
    return f"{number(ratio.value)}x (95% CI {number(ratio.low)}–{number(ratio.high)})"


# --- Timings that contradict each other ----------------------------------------------------


def contradictions(b: Breakdown) -> list[str]:
    """Each part of `b` the measurements contradict, as a clause naming the two timings."""
    whole = b.process.result.median
    label = f"`{b.script} {TALK_COUNT}`"
    clauses = {
        Contradiction.START_LONGER: lambda: (
            f"`{b.script} 0` ({fmt.duration(b.fixed)}) took longer than {label} "
            f"({fmt.duration(whole)})"
        ),
        Contradiction.IMPORT_FASTER: lambda: (
            f"importing {b.implementation}'s module ({fmt.duration(b.imported.result.median)}) "
            f"was faster than `python -c pass` ({fmt.duration(b.interpreter.result.median)})"
        ),
        Contradiction.SCRIPT_FASTER: lambda: (
            f"`{b.script} 0` ({fmt.duration(b.fixed)}) was faster than importing its "
            f"module ({fmt.duration(b.imported.result.median)})"
        ),
        Contradiction.COMPUTE_LONGER: lambda: (
            f"computing in process ({fmt.duration(b.compute)}) took longer than {label} "
            f"less `{b.script} 0` ({fmt.duration(b.work)})"
        ),
    }
    return [clauses[found]() for found in b.contradictions()]
