"""The talk's pure loop against other ways to make it fast, in process: another language,
another algorithm, both; and what people try before a rewrite (numba, mypyc, Cython without
types) on the same loop."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bench.raw.pytest_benchmark import InProcessResult, PytestBenchmarkRun
from bench.report.findings.reading import Side, medians, quotient, read
from bench.report.lineup import Lineup
from bench.report.stats import Ratio
from bench.slides import PURE_VS_RUST


def changes(data: PytestBenchmarkRun, count: int) -> list[tuple[str, str, Ratio]]:
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
        if result is not None and (ratio := medians(base.data, result.data)) is not None:
            found.append((what, result.implementation, ratio))
    return found


def same_loop(data: PytestBenchmarkRun, base_name: str, count: int) -> dict[str, InProcessResult]:
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


#: What changing the language or the algorithm found.
ALGORITHM_MORE, LANGUAGE_MORE, AS_MUCH = "algorithm", "language", "as much"


def weigh(language: Ratio, algorithm: Ratio) -> str:
    """Which of two speed-ups over the same base is larger, AS_MUCH when their quotient reads
    as the same speed."""
    if read(quotient(algorithm, language)) is Side.SAME:
        return AS_MUCH
    return ALGORITHM_MORE if algorithm.value > language.value else LANGUAGE_MORE


#: What people try before rewriting the talk's loop, as the registry names their languages.
NUMBA, MYPYC, UNTYPED, PURE = "numba", "mypyc", "cython-untyped", "pure"
#: One of them "matches" the compiled languages when its time over the fastest of Rust's and
#: Cython's same algorithm reads as the same (within MARGIN); buys "some" of a rewrite when it
#: at least halves the pure loop's time.
MATCHES, SOME, LITTLE = "matches", "some", "little"


@dataclass(frozen=True)
class Alternative:
    """One alternative on the talk's loop: its speed-up over the pure loop and its time over
    the fastest compiled one's."""

    result: InProcessResult
    speedup: Ratio
    versus: Ratio

    @property
    def matches(self) -> bool:
        return read(self.versus) is Side.SAME


def alternatives(
    found: Sequence[InProcessResult], base: InProcessResult, best: InProcessResult
) -> list[Alternative]:
    """Each of `found` beside the pure loop `base` and the fastest compiled loop `best`."""
    measured = []
    for result in found:
        speedup, versus = medians(base.data, result.data), medians(result.data, best.data)
        if speedup is not None and versus is not None:
            measured.append(Alternative(result, speedup, versus))
    return measured


def before_a_rewrite(
    measured: list[Alternative], base: InProcessResult, found: Sequence[InProcessResult]
) -> str:
    """MATCHES when one alternative runs as fast as the compiled loop, SOME when one at least
    halves the pure loop's time, else LITTLE."""
    if any(alternative.matches for alternative in measured):
        return MATCHES
    if any(result.median < base.median / 2 for result in found):
        return SOME
    return LITTLE
