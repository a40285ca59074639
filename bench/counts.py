"""Which counts each implementation is measured at.

The talk's count is always measured. A sweep's range depends on the algorithm: the naive
algorithm is quadratic, so it stops at 20,000; faster algorithms register wider sweeps here.
"""

from __future__ import annotations

from dataclasses import dataclass

#: The count on the talk's slides: `primes 5000`.
TALK_COUNT = 5000


@dataclass(frozen=True)
class Sweep:
    full: tuple[int, ...]
    quick: tuple[int, ...]

    def counts(self, *, quick: bool) -> tuple[int, ...]:
        return self.quick if quick else self.full


_NAIVE = Sweep(
    full=(100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000),
    quick=(100, 1_000, 5_000),
)

#: The same quadratic work as naive, about 15-20x faster with AVX2: one step further.
_NAIVE_SIMD = Sweep(
    full=(100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000),
    quick=(100, 1_000, 5_000),
)

#: About n^1.5: 100,000 takes pure Python a few seconds per call.
_TRIAL = Sweep(
    full=(100, 1_000, 5_000, 10_000, 20_000, 50_000, 100_000),
    quick=(100, 5_000, 100_000),
)

#: Nearly linear: to 1,000,000, where the sieves are compared with primesieve.
_SIEVE = Sweep(
    full=(100, 1_000, 5_000, 10_000, 100_000, 1_000_000),
    quick=(100, 5_000, 100_000),
)

#: Algorithm -> its sweep; algorithms not listed use the naive one (the safe, short range).
SWEEPS: dict[str, Sweep] = {
    "naive": _NAIVE,
    "naive-simd": _NAIVE_SIMD,
    "trial": _TRIAL,
    "sieve": _SIEVE,
}


def sweep_counts(
    algorithm: str,
    *,
    quick: bool,
    override: tuple[int, ...] | None = None,
    max_count: int | None = None,
) -> tuple[int, ...]:
    """The counts to measure for one algorithm: the sweep (or `override`) plus the talk's count,
    sorted, without counts above the implementation's `max_count`."""
    base = override if override is not None else SWEEPS.get(algorithm, _NAIVE).counts(quick=quick)
    counts = sorted({*base, TALK_COUNT})
    if max_count is not None:
        counts = [count for count in counts if count <= max_count]
    return tuple(counts)
