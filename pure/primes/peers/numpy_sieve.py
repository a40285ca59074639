"""NumPy's idiom for primes: a segmented odd-only sieve of Eratosthenes on a boolean array.

The same algorithm as `primes.sieve` (pre-sieve pattern included), with each segment
crossed off and read back by NumPy.
"""

from __future__ import annotations

import numpy as np

from primes.contract import check_count, computed_within_memory
from primes.sieve import (
    PATTERN_SIZE,
    PRESIEVE_PRIMES,
    PRESIEVE_TILES,
    SEGMENT_SIZE,
    sieve_plan,
)

#: The pre-sieve pattern of `primes.sieve`, as booleans.
_TILES = np.frombuffer(PRESIEVE_TILES, dtype=np.bool_)


def first_n(count: int) -> list[int]:
    """The first `count` primes by a segmented odd-only sieve in NumPy arrays."""
    # int64 holds primes up to 2⁶³: far past any count whose result fits in memory, which
    # check_count refuses first.
    # The int64 chunks and their concatenation, then the list: 16 bytes a prime besides it.
    checked = check_count(count, name="numpy-sieve", bytes_per_prime=16)
    return computed_within_memory(checked, _first_n)


def _first_n(count: int) -> list[int]:
    if count < 2:
        return [2][:count]
    total, sieving, next_index = sieve_plan(count)
    found = 1
    chunks = [np.array([2], dtype=np.int64)]
    segment = np.empty(SEGMENT_SIZE, dtype=np.bool_)
    for start in range(0, total, SEGMENT_SIZE):
        end = min(start + SEGMENT_SIZE, total)
        view = segment[: end - start]
        offset = start % PATTERN_SIZE
        view[:] = _TILES[offset : offset + end - start]
        if start == 0:
            view[0] = False  # 1 is not prime
            view[[p // 2 for p in PRESIEVE_PRIMES]] = True  # the pattern crossed them off
        for k, p in enumerate(sieving):
            index = next_index[k]
            if index >= end:
                if p * p // 2 >= end:
                    break  # this prime and every larger one start past this segment
                continue
            view[index - start :: p] = False
            next_index[k] = index + ((end - 1 - index) // p + 1) * p
        indexes = np.flatnonzero(view)
        chunks.append(2 * (indexes + start) + 1)
        found += len(indexes)
        if found >= count:
            break
    result: list[int] = np.concatenate(chunks)[:count].tolist()
    return result
