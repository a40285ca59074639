"""Type stub for the Cython extension built from wheel.pyx."""

from typing import Final, Literal, SupportsIndex

#: The largest count whose last prime fits in a uint32_t (π(2³²)).
MAX_COUNT: Final[int]
#: "release" when the C compiler optimised the module.
BUILD_PROFILE: Final[Literal["release", "debug"]]

def first_n(count: SupportsIndex) -> list[int]:
    """The first `count` primes by a segmented mod-30 wheel sieve, without the GIL."""

def first_n_buffer(count: SupportsIndex) -> memoryview:
    """The first `count` primes as a uint32 memoryview over a bytearray, sieved in place."""
