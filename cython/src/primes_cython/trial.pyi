"""Type stub for the Cython extension built from trial.pyx."""

from typing import Final, Literal, SupportsIndex

#: The largest count whose last prime fits in a uint32_t (π(2³²)).
MAX_COUNT: Final[int]
#: "release" when the C compiler optimised the module.
BUILD_PROFILE: Final[Literal["release", "debug"]]

def first_n(count: SupportsIndex) -> list[int]:
    """The first `count` primes by trial division up to √candidate, computed without the GIL."""

def first_n_buffer(count: SupportsIndex) -> memoryview:
    """The same primes as a uint32 memoryview over a bytearray, filled in place (no copy)."""
