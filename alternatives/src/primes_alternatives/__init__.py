"""What a user tries before rewriting the talk's naive loop in another language.

- `numba_naive`: the loop as a numba `@njit` kernel, compiled by LLVM at the first call;
- `naive_mypyc`: pure/primes/naive.py, unchanged, compiled by mypyc;
- `naive_cython`: pure/primes/naive.py, unchanged, compiled by Cython as a `.py` file.

The last two are byte-identical copies of pure/primes/naive.py made by `setup.py` at build
time (each compiled module needs a name of its own); their source is installed beside them.
`compiled` holds the registry's entry points to them, which apply the contract first. See
`primes.registry` for how they are named.
"""
