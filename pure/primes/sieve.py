"""A segmented sieve of Eratosthenes in pure Python: odd numbers only, one byte each.

The sieve's end comes from a proven bound on the n-th prime, so it never has to grow. Each
segment starts as a copy of a pattern with the multiples of 3, 5, 7, 11 and 13 crossed off,
then takes one slice assignment per larger sieving prime, so the work runs in C while
memory stays at one segment plus the result, and Ctrl-C lands between two slices.
"""

from __future__ import annotations

import math
from itertools import compress

from primes.contract import check_count, computed_within_memory

#: Odd numbers per segment: 256 KiB of bytes, inside a typical L2 cache.
SEGMENT_SIZE = 1 << 18
_ZEROS = memoryview(bytes(SEGMENT_SIZE))

#: The smallest odd primes, crossed off by copying a repeating pattern instead of slicing:
#: they alone account for about half of all crossing-off.
PRESIEVE_PRIMES = (3, 5, 7, 11, 13)
#: Their product: the odd numbers' divisibility by them repeats with this period.
PATTERN_SIZE = 3 * 5 * 7 * 11 * 13


def _presieve_tiles() -> bytes:
    """Byte i is 1 when 2i + 1 has no factor among PRESIEVE_PRIMES, for one period plus a
    segment, so a whole segment can be copied from any offset within the period."""
    pattern = bytearray(b"\x01") * PATTERN_SIZE
    for p in PRESIEVE_PRIMES:
        pattern[p // 2 :: p] = bytes(len(range(p // 2, PATTERN_SIZE, p)))
    return bytes(pattern * (SEGMENT_SIZE // PATTERN_SIZE + 2))


PRESIEVE_TILES = _presieve_tiles()


def nth_prime_upper_bound(count: int) -> int:
    """At least the `count`-th prime (1-based), so the first `count` primes are all <= it.

    Rosser's theorem: pₙ < n (ln n + ln ln n) for n ≥ 6; below that, p₅ = 11 < 13. The bound
    stays at least 0.9 n above pₙ for large n (Dusart 1999), far more than float rounding.
    """
    if count < 6:
        return 13
    return math.ceil(count * (math.log(count) + math.log(math.log(count)))) + 1


def odd_primes_up_to(limit: int) -> list[int]:
    """The odd primes <= `limit`, by a plain odd-only sieve (index i stands for 2i + 1)."""
    size = (limit + 1) // 2
    composite = bytearray(size)
    for i in range(1, (math.isqrt(limit) + 1) // 2):
        if not composite[i]:
            p = 2 * i + 1
            composite[p * p // 2 :: p] = bytes(len(range(p * p // 2, size, p)))
    return [2 * i + 1 for i in range(1, size) if not composite[i]]


def sieve_plan(count: int) -> tuple[int, list[int], list[int]]:
    """What sieving for the first `count` primes needs: how many odd numbers to sieve (index i
    stands for 2i + 1, up to the bound on the `count`-th prime), the sieving primes past the
    pre-sieved ones, and for each the index of its next odd multiple still to cross off."""
    limit = nth_prime_upper_bound(count)
    sieving = [p for p in odd_primes_up_to(math.isqrt(limit)) if p not in PRESIEVE_PRIMES]
    return (limit + 1) // 2, sieving, [p * p // 2 for p in sieving]


def first_n(count: int) -> list[int]:
    """The first `count` primes by a segmented odd-only sieve of Eratosthenes."""
    return computed_within_memory(check_count(count, name="pure-sieve"), _first_n)


def _first_n(count: int) -> list[int]:
    if count < 2:
        return [2][:count]
    total, sieving, next_index = sieve_plan(count)
    primes = [2]
    for start in range(0, total, SEGMENT_SIZE):
        end = min(start + SEGMENT_SIZE, total)
        offset = start % PATTERN_SIZE
        segment = bytearray(PRESIEVE_TILES[offset : offset + end - start])
        if start == 0:
            segment[0] = 0  # 1 is not prime
            for p in PRESIEVE_PRIMES:
                segment[p // 2] = 1  # the pattern crossed off the primes themselves
        for k, p in enumerate(sieving):
            index = next_index[k]
            if index >= end:
                if p * p // 2 >= end:
                    break  # this prime and every larger one start past this segment
                continue
            crossed = (end - 1 - index) // p + 1
            segment[index - start :: p] = _ZEROS[:crossed]
            next_index[k] = index + crossed * p
        primes.extend(compress(range(2 * start + 1, 2 * end + 1, 2), segment))
        if len(primes) >= count:
            break
    del primes[count:]
    return primes
