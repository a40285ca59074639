"""Two threads calling at once both get the right answer (the GIL is released in between)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from oracle import first_primes
from primes.registry import FirstN


def test_two_threads_at_once(first_n: FirstN) -> None:
    counts = [3_000, 2_000, 3_000, 1_000]
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(first_n, counts))
    expected = first_primes(max(counts))
    assert results == [expected[:count] for count in counts]
