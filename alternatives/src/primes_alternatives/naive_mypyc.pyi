"""Type stub for pure/primes/naive.py compiled unchanged by mypyc (a copy made at build time)."""

def first_n(count: int) -> list[int]:
    """The first `count` primes, exactly as the talk's slide computes them."""
