"""The talk's naive algorithm in pure Python: test each candidate against every prime so far."""

from __future__ import annotations

from primes.contract import check_count


def first_n(count: int) -> list[int]:
    """The first `count` primes, exactly as the talk's slide computes them."""
    count = check_count(count, name="pure-naive")
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
