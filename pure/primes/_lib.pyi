"""Type stub for the Rust extension built from rust/binding/src/lib.rs."""

from typing import Final, Literal, SupportsIndex

# PyO3 lists every name it adds to the module in __all__.
__all__ = [
    "BUILD_PROFILE",
    "MAX_COUNT",
    "NAIVE_SIMD_PATH",
    "first_n",
    "first_n_buffer",
    "first_n_naive_simd",
    "first_n_naive_simd_buffer",
    "first_n_sieve",
    "first_n_sieve_buffer",
    "first_n_trial",
    "first_n_trial_buffer",
    "first_n_wheel",
    "first_n_wheel_buffer",
]

#: The largest count whose last prime fits in u32 (π(2³²)).
MAX_COUNT: Final[int]
#: "release" or "debug", from the Rust build profile.
BUILD_PROFILE: Final[Literal["release", "debug"]]
#: The divisor search `first_n_naive_simd` uses on this CPU, detected at import.
NAIVE_SIMD_PATH: Final[Literal["avx2", "scalar"]]

def first_n(count: SupportsIndex) -> list[int]:
    """The first `count` primes by the talk's naive algorithm, computed without the GIL."""

def first_n_trial(count: SupportsIndex) -> list[int]:
    """The first `count` primes by trial division up to √candidate, computed without the GIL."""

def first_n_sieve(count: SupportsIndex) -> list[int]:
    """The first `count` primes by a segmented sieve of Eratosthenes, without the GIL."""

def first_n_naive_simd(count: SupportsIndex) -> list[int]:
    """The talk's algorithm with a SIMD divisibility test, computed without the GIL."""

def first_n_wheel(count: SupportsIndex) -> list[int]:
    """The first `count` primes by a segmented sieve on a mod-30 wheel, without the GIL."""

# The buffer twins: the same primes as `memoryview(bytearray).cast("I")`, read-write uint32.

def first_n_buffer(count: SupportsIndex) -> memoryview:
    """`first_n` as a memoryview of uint32 over a new bytearray (one copy)."""

def first_n_trial_buffer(count: SupportsIndex) -> memoryview:
    """`first_n_trial` as a memoryview of uint32 over a new bytearray (one copy)."""

def first_n_sieve_buffer(count: SupportsIndex) -> memoryview:
    """`first_n_sieve` as a memoryview of uint32 over a new bytearray (one copy)."""

def first_n_naive_simd_buffer(count: SupportsIndex) -> memoryview:
    """`first_n_naive_simd` as a memoryview of uint32 over a new bytearray (one copy)."""

def first_n_wheel_buffer(count: SupportsIndex) -> memoryview:
    """`first_n_wheel` as a memoryview of uint32 over a new bytearray, filled in place."""
