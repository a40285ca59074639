"""Cython implementations of `first_n`; see `primes.registry` for how they are named."""
