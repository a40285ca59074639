"""Type stub for the Rust extension built from rust/src/lib.rs."""

from typing import Final, Literal, SupportsIndex

#: The largest count whose last prime fits in u32 (π(2³²)).
MAX_COUNT: Final[int]
#: "release" or "debug", from the Rust build profile.
BUILD_PROFILE: Final[Literal["release", "debug"]]

def first_n(count: SupportsIndex) -> list[int]:
    """The first `count` primes by the talk's naive algorithm, computed without the GIL."""
