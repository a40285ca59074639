"""What every claim of the verdict shares: its shape, the sentence for a claim whose study did
not run, and how a ratio of two times is said in words."""

from __future__ import annotations

from dataclasses import dataclass

from bench.report import format as fmt
from bench.report.findings.reading import Side, read
from bench.report.stats import Ratio


@dataclass(frozen=True)
class Claim:
    """One item of the verdict: a bold lead and its evidence, as inline Markdown."""

    text: str
    #: What the claim found, for the summary line; None when it could not be made.
    finding: str | None = None


def not_measured(topic: str, what: str, *studies: str) -> Claim:
    options = " ".join(f"--study {study}" for study in studies)
    return Claim(
        f"**{topic}: no claim.** This run did not measure {what}; `python -m bench {options}` "
        "(or `make bench`) does."
    )


def faster(ratio: Ratio, a: str, b: str) -> str:
    """What a ratio a/b says in words: `the same`, `Rust 1.43x faster`."""
    side = read(ratio)
    if side is Side.SAME:
        return "the same"
    winner, factor = (b, ratio.value) if side is Side.B_FASTER else (a, 1 / ratio.value)
    return f"{winner} {fmt.speedup(factor)} faster"


def capitalised(text: str) -> str:
    return f"{text[0].upper()}{text[1:]}"
