"""Type stub for the Rust extension built from rust/binding/src/lib.rs."""

from array import array
from typing import Final, Literal, SupportsIndex

# PyO3 lists every name it adds to the module in __all__.
__all__ = [
    "BUILD_PROFILE",
    "MAX_COUNT",
    "NAIVE_SIMD_PATH",
    "first_n",
    "first_n_naive_simd",
    "first_n_sieve",
    "first_n_sieve_array",
    "first_n_trial",
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

def first_n_sieve_array(count: SupportsIndex) -> array[int]:
    """`first_n_sieve` returned as `array('I')`: prices the list of Python ints it avoids."""
