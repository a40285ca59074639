"""Runs as `python -s -P timing_worker.py`: times `first_n` calls of one build on request.

`--against REF` starts one worker with the base's interpreter and one with the head's, and asks
them in turn, so base and head are timed alternately on the same machine in the same minutes.
Each request is a line `NAME COUNT LOOPS`; the answer is a line with the seconds that `LOOPS`
calls of `first_n(COUNT)` took, with the garbage collector off as timeit does. Standard library
and `primes` only: it is run by path, with whichever build's `primes` its interpreter has.
"""

from __future__ import annotations

import gc
import sys
import time
from collections.abc import Callable

from primes import registry


def _time(first_n: Callable[[int], object], count: int, loops: int) -> float:
    gc.disable()
    try:
        start = time.perf_counter()
        for _ in range(loops):
            first_n(count)
        return time.perf_counter() - start
    finally:
        gc.enable()


def main() -> int:
    for line in sys.stdin:
        name, count, loops = line.split()
        first_n = registry.get(name)
        print(repr(_time(first_n, int(count), int(loops))), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
