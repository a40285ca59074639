"""Independent answers to check every implementation against.

Known values come from published tables of primes; `sieve` is a deliberately plain sieve of
Eratosthenes that shares no code with any implementation under test.
"""

from __future__ import annotations

#: The first 25 primes (every prime below 100).
FIRST_25 = [
    2,
    3,
    5,
    7,
    11,
    13,
    17,
    19,
    23,
    29,
    31,
    37,
    41,
    43,
    47,
    53,
    59,
    61,
    67,
    71,
    73,
    79,
    83,
    89,
    97,
]

#: n -> the n-th prime (1-based), from published tables. 10,001 is past the talk's Cython cap.
NTH_PRIME = {1_000: 7_919, 5_000: 48_611, 10_000: 104_729, 10_001: 104_743}

#: π(2^k): how many primes fit below 2^k (OEIS A007053). An implementation storing primes in
#: k-bit integers can return at most this many.
PRIMES_BELOW_2_TO = {31: 105_097_565, 32: 203_280_221, 63: 216_289_611_853_439_384}


def sieve(limit: int) -> list[int]:
    """Every prime <= limit."""
    if limit < 2:
        return []
    is_prime = [True] * (limit + 1)
    is_prime[0] = is_prime[1] = False
    for n in range(2, int(limit**0.5) + 1):
        if is_prime[n]:
            for multiple in range(n * n, limit + 1, n):
                is_prime[multiple] = False
    return [n for n, prime in enumerate(is_prime) if prime]


def first_primes(count: int) -> list[int]:
    """The first `count` primes, by sieving ever larger ranges."""
    limit = 100
    while True:
        primes = sieve(limit)
        if len(primes) >= count:
            return primes[:count]
        limit *= 2
