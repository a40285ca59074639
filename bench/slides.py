"""The talk's two hyperfine tables, as printed on its slides (/work/shared/talk-slides.md).

These are quotations, not measurements: the report prints them beside ours.
"""

from __future__ import annotations

from dataclasses import dataclass

from bench.counts import TALK_COUNT


@dataclass(frozen=True)
class TalkRow:
    implementation: str
    #: The console script the slide runs.
    script: str
    mean_ms: float
    stddev_ms: float
    min_ms: float
    max_ms: float
    runs: int
    #: CPU time in the process, as hyperfine's "[User: ..., System: ...]".
    user_ms: float
    system_ms: float


@dataclass(frozen=True)
class TalkTable:
    key: str
    title: str
    #: The slide's command line.
    slide_command: str
    slow: TalkRow
    fast: TalkRow
    #: "fast ran X ± Y times faster than slow", as on the slide.
    ratio: float
    ratio_stddev: float
    #: The slide's command order.
    slow_first: bool = True

    def rows_in_slide_order(self) -> tuple[TalkRow, TalkRow]:
        return (self.slow, self.fast) if self.slow_first else (self.fast, self.slow)


PURE_VS_RUST = TalkTable(
    key="talk-pure-vs-rust",
    title="Pure Python vs Rust, whole process",
    slide_command=(
        f"hyperfine --warmup 1 '.venv/bin/primes {TALK_COUNT}' '.venv/bin/primes-fast {TALK_COUNT}'"
    ),
    slow=TalkRow("pure-naive", "primes", 411.3, 13.0, 395.1, 436.6, 10, 391.5, 5.8),
    fast=TalkRow("rust-naive", "primes-fast", 33.2, 6.2, 27.1, 61.6, 79, 20.2, 4.9),
    ratio=12.38,
    ratio_stddev=2.35,
)

RUST_VS_CYTHON = TalkTable(
    key="talk-rust-vs-cython",
    title="Rust vs Cython, whole process",
    slide_command=(
        f"hyperfine --warmup 1 'primes-fast-rust {TALK_COUNT}' 'primes-fast-cython {TALK_COUNT}'"
    ),
    # The slide lists Rust first and reports it as the faster one.
    slow=TalkRow("cython-naive", "primes-fast-cython", 38.1, 8.0, 28.3, 75.7, 68, 21.0, 4.3),
    fast=TalkRow("rust-naive", "primes-fast-rust", 37.0, 13.2, 26.3, 101.2, 70, 20.1, 4.5),
    ratio=1.03,
    ratio_stddev=0.43,
    slow_first=False,
)

TABLES = (PURE_VS_RUST, RUST_VS_CYTHON)


def rows() -> list[tuple[TalkRow, TalkTable]]:
    """Every row of the slides with its table, table by table in slide order."""
    return [(row, table) for table in TABLES for row in table.rows_in_slide_order()]


#: Console script -> the implementation it runs (pyproject.toml's [project.scripts]).
SCRIPTS = {
    "primes": "pure-naive",
    "primes-fast": "rust-naive",
    "primes-fast-rust": "rust-naive",
    "primes-fast-cython": "cython-naive",
}
