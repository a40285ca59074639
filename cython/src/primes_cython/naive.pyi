"""Type stub for the Cython extension built from naive.pyx."""

from typing import Final, Literal, SupportsIndex

#: The largest count whose last prime fits in a C int (π(2³¹)).
MAX_COUNT: Final[int]
#: "release" when the C compiler optimised the module.
BUILD_PROFILE: Final[Literal["release", "debug"]]

def first_n(count: SupportsIndex) -> list[int]:
    """The first `count` primes by the talk's naive algorithm, computed without the GIL."""

def first_n_buffer(count: SupportsIndex) -> memoryview:
    """The same primes as a uint32 memoryview over a bytearray, filled in place (no copy)."""
