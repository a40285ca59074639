"""The talk's naive algorithm in pure Python: test each candidate against every prime so far."""

from __future__ import annotations

from primes.contract import check_count, computed_within_memory


def first_n(count: int) -> list[int]:
    """The first `count` primes, exactly as the talk's slide computes them."""
    return computed_within_memory(check_count(count, name="pure-naive"), _first_n)


def _first_n(count: int) -> list[int]:
    """The talk's loop, for a checked `count`."""
    primes: list[int] = []
    at = 2
    while len(primes) < count:
        for divisor in primes:
            if at % divisor == 0:
                break
        else:
            primes.append(at)
        at += 1
    return primes
