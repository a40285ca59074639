"""The independent oracle every measured implementation is checked against before it is timed.

A plain sieve of Eratosthenes sharing no code with the implementations under test, so a bug
in `primes` cannot hide by agreeing with itself.
"""

from __future__ import annotations

import math
from functools import cache


def upper_bound(count: int) -> int:
    """At least the count-th prime: Rosser's p_n < n(ln n + ln ln n) for n >= 6."""
    if count < 6:
        return 13
    return math.ceil(count * (math.log(count) + math.log(math.log(count))))


@cache
def first_primes(count: int) -> tuple[int, ...]:
    """The first `count` primes."""
    if count < 0:
        raise ValueError(f"count must be non-negative, got {count}")
    limit = upper_bound(count)
    is_prime = bytearray([1]) * (limit + 1)
    is_prime[0:2] = b"\x00\x00"
    for candidate in range(2, math.isqrt(limit) + 1):
        if is_prime[candidate]:
            is_prime[candidate * candidate :: candidate] = bytes(
                len(range(candidate * candidate, limit + 1, candidate))
            )
    found = tuple(number for number, flag in enumerate(is_prime) if flag)
    if len(found) < count:  # the bound is a theorem; this guards the arithmetic above
        raise AssertionError(f"sieve to {limit} found {len(found)} primes, fewer than {count}")
    return found[:count]
