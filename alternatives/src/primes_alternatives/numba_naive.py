"""numba: the talk's naive algorithm as an `@njit` kernel filling a preallocated NumPy array.

The loop is pure/primes/naive.py's, over machine integers: each candidate is divided by every
prime found so far, in order, until one divides it. LLVM compiles it at the first call;
`cache=True` writes the machine code to `__pycache__`, so a later process loads it instead of
compiling again (the first call with an empty cache is numba's real cost in a short-lived
process, measured on its own with NUMBA_CACHE_DIR).

- Ctrl-C: compiled code cannot check for signals, so the kernel works in slices of about
  10 ms (CHECK_EVERY trial divisions) and returns to the Python loop in `_first_n` between
  them, where the interpreter raises KeyboardInterrupt.
- Threads: `nogil=True`, as the Cython and Rust versions release the GIL: the kernel touches
  only the array its caller owns, so two threads compute in parallel.
- Integers: uint32 primes, as in the Rust version (so the same largest count), and a uint64
  candidate: numba's `%` on signed integers keeps Python's floor semantics, a few more
  instructions per division than the C and Rust remainder.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from numba import njit

from primes.contract import check_count, computed_within_memory

#: The largest count whose last prime fits in uint32: π(2³²) = 203,280,221 (OEIS A007053).
MAX_COUNT = 203_280_221
#: Trial divisions per slice between two returns to Python (Ctrl-C): ~10 ms, as in Cython.
CHECK_EVERY = 1 << 22


@njit(cache=True, nogil=True)
def _search(
    primes: npt.NDArray[np.uint32], found: int, candidate: np.uint64, budget: int
) -> tuple[int, np.uint64]:
    """Continue the talk's loop from `found` primes and `candidate`, until `primes` is full or
    about `budget` trial divisions are spent; return the new `found` and `candidate`."""
    count = len(primes)
    while found < count and budget > 0:
        i = 0
        while i < found:
            if candidate % primes[i] == 0:
                break
            i += 1
        if i == found:
            primes[found] = candidate
            found += 1
        else:
            i += 1  # the division that found a divisor
        budget -= i
        candidate += np.uint64(1)  # a plain 1 (int64) would make uint64 + int64 a float
    return found, candidate


def first_n(count: int) -> list[int]:
    """The first `count` primes by the talk's naive algorithm, in numba-compiled slices."""
    # The kernel's uint32 array, then the list: 4 bytes a prime besides the list.
    checked = check_count(count, name="numba-naive", max_count=MAX_COUNT, bytes_per_prime=4)
    return computed_within_memory(checked, _first_n)


def _first_n(count: int) -> list[int]:
    primes = np.empty(count, dtype=np.uint32)
    found, candidate = 0, np.uint64(2)
    while found < count:
        # Compiled, the kernel returns the candidate as a Python int; passed back as one, it
        # would be typed int64 and compile a second, signed version of the kernel.
        found, candidate = _search(primes, found, np.uint64(candidate), CHECK_EVERY)
    result: list[int] = primes.tolist()
    return result
