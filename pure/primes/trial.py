"""Trial division done properly, in pure Python: odd candidates only, divided by the odd
primes up to √candidate."""

from __future__ import annotations

from itertools import islice

from primes.contract import check_count, computed_within_memory


def first_n(count: int) -> list[int]:
    """The first `count` primes by trial division up to the square root."""
    return computed_within_memory(check_count(count, name="pure-trial"), _first_n)


def _first_n(count: int) -> list[int]:
    if count == 0:
        return []
    primes = [2]
    candidate = 3
    while len(primes) < count:
        # primes[0] is 2, which never divides an odd candidate.
        for divisor in islice(primes, 1, None):
            if divisor * divisor > candidate:
                primes.append(candidate)
                break
            if candidate % divisor == 0:
                break
        else:
            primes.append(candidate)  # only 3: no odd prime to test yet
        candidate += 2
    return primes
