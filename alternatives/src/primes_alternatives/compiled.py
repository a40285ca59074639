"""The registry's entry points to pure/primes/naive.py compiled unchanged by mypyc and Cython.

Both compilers turn the annotation `count: int` into a check at the call: a `str` gets their
own TypeError message instead of the contract's, and mypyc refuses NumPy integers, which
`range()` and the contract accept. So each entry applies the contract first, as the numba
entry does, and hands the compiled `first_n` a plain int (whose own check then passes).
The compiled modules stay exactly what the compilers made of the file.
"""

from __future__ import annotations

from primes.contract import check_count
from primes_alternatives import naive_cython, naive_mypyc


def first_n_mypyc(count: int) -> list[int]:
    """pure/primes/naive.py's `first_n`, compiled by mypyc."""
    return naive_mypyc.first_n(check_count(count, name="mypyc-naive"))


def first_n_cython_untyped(count: int) -> list[int]:
    """pure/primes/naive.py's `first_n`, compiled by Cython as a .py file, with no types."""
    return naive_cython.first_n(check_count(count, name="cython-untyped-naive"))
