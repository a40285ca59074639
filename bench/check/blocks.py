"""The first `count` primes as uint32 arrays, a block at a time: the oracle for counts too
large for `oracle.first_primes` (its tuple of every prime below 2³² would take about 8 GB).

A plain segmented sieve of Eratosthenes over odd numbers in NumPy, sharing no code with the
implementations under test: each block's odd numbers are a bool array, and every prime up to
the square root of its end crosses off its multiples with one slice assignment.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Iterator

import numpy as np
from numpy.typing import NDArray

from bench.check.oracle import upper_bound

#: Numbers per block (an even number): 64 MB of bools for its odd numbers.
BLOCK = 1 << 27


def _odd_primes_up_to(limit: int) -> list[int]:
    is_prime = np.ones(limit + 1, dtype=bool)
    is_prime[:2] = False
    for n in range(2, math.isqrt(limit) + 1):
        if is_prime[n]:
            is_prime[n * n :: n] = False
    return [p for p in np.flatnonzero(is_prime).tolist() if p != 2]


def _odd_primes_between(low: int, high: int, sieving: list[int]) -> NDArray[np.uint32]:
    """The odd primes in [low, high), `low` even, crossed off by `sieving` (ascending)."""
    is_prime = np.ones((high - low) // 2, dtype=bool)  # index i: the number low + 2i + 1
    if low == 0:
        is_prime[0] = False  # 1
    for p in sieving:
        if p * p >= high:
            break
        first = max(p * p, (low + p - 1) // p * p)
        if first % 2 == 0:
            first += p
        is_prime[(first - low) // 2 :: p] = False
    return (2 * np.flatnonzero(is_prime) + (low + 1)).astype(np.uint32)


def first_primes_blocks(count: int, block: int = BLOCK) -> Iterator[NDArray[np.uint32]]:
    """The first `count` (< 2³² in value) primes, in ascending blocks that together hold
    exactly `count` of them."""
    if count < 0:
        raise ValueError(f"count must be non-negative, got {count}")
    limit = upper_bound(count)
    sieving = _odd_primes_up_to(math.isqrt(limit))
    left = count
    if left:
        yield np.array([2], dtype=np.uint32)
        left -= 1
    low = 0
    while left > 0:
        if low > limit:  # the bound is a theorem; this guards the arithmetic above
            raise AssertionError(f"sieve to {limit} found fewer than {count} primes")
        high = min(low + block, limit + 1)
        found = _odd_primes_between(low, high, sieving)[:left]
        left -= len(found)
        yield found
        low = high


#: `prefix_digests` of the counts the targets study checks buffers at, as hex: what the oracle
#: answers never changes, and a pass to 2³² costs ~30 s of every full run. The tests compare
#: them with the oracle to 10⁷ (tests/bench/check/test_blocks.py); both wheels' buffers of every
#: prime below 2³² must match all of them (tests/primes/test_buffers.py). To make them again
#: (one pass, about a minute): `{n: d.hex() for n, d in prefix_digests(KNOWN_DIGESTS).items()}`.
KNOWN_DIGESTS: dict[int, str] = {
    100_000: "5c5aaaa63ab296b757293b2efd695e92ed12fd876ab24a5e68604fd88bcee98f",
    1_000_000: "a68d15e36520d9195b2b10c941fd9c8215b608d9ab75ba4e3d0d7c4413fc1f07",
    10_000_000: "9927e972768580264fe290d7265a4c4501edcf1afccc4a62fd8edf3a1e0d9067",
    100_000_000: "d699c75471616442dc2de95f925ee6e1e88aadcf33141692c4456c0d19f124d5",
    203_280_221: "272eb05aa040ba1cf37d94717998cbbae53cd669093c9fa4eb8a584295156e15",
}


def prefix_digests(counts: Iterable[int], block: int = BLOCK) -> dict[int, bytes]:
    """The SHA-256 of the first `count` primes packed as native uint32 (the bytes of a
    memoryview of format "I"), for every count of `counts`, from one pass of the oracle up to
    the largest. A result is then checked by hashing it: about 0.6 s for every prime below
    2³², where a pass of the oracle takes about 30 s."""
    wanted = sorted(set(counts))
    if wanted and wanted[0] < 0:
        raise ValueError(f"counts must be non-negative, got {wanted[0]}")
    sha = hashlib.sha256()
    digests = {0: sha.digest()} if wanted and wanted[0] == 0 else {}
    ends = iter(count for count in wanted if count > 0)
    end = next(ends, None)
    before = 0  # primes hashed before the current block
    for primes in first_primes_blocks(wanted[-1] if wanted else 0, block=block):
        start = 0
        while end is not None and end - before <= len(primes):
            sha.update(primes[start : end - before].tobytes())
            start = end - before
            digests[end] = sha.copy().digest()
            end = next(ends, None)
        sha.update(primes[start:].tobytes())
        before += len(primes)
    return digests
