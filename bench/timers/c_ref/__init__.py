"""The talk's naive algorithm compiled from C at -O2: the yardstick rust-naive is held to.

`make c-ref` builds naive.c into `target/c_ref/libnaive.so`, loaded here with ctypes:
`NaiveC().run(count)` computes into a reused buffer (the part to time, with no list building),
`first_n(count)` returns a list to check against the oracle.
"""

from __future__ import annotations

import ctypes
from pathlib import Path

from bench.paths import TARGET

LIBRARY = TARGET / "c_ref" / "libnaive.so"
#: π(2³²): the result is uint32_t, as in rust-naive.
MAX_COUNT = 203_280_221


class NaiveC:
    """The C library, opened once; ctypes releases the GIL during each call."""

    def __init__(self, library: Path = LIBRARY) -> None:
        if not library.exists():
            raise FileNotFoundError(f"{library} is missing; run `make c-ref`")
        self._function = ctypes.CDLL(str(library)).primes_naive_first_n
        self._function.argtypes = [ctypes.c_size_t, ctypes.POINTER(ctypes.c_uint32)]
        self._function.restype = ctypes.c_int
        self._buffer = (ctypes.c_uint32 * 1)()

    def run(self, count: int) -> None:
        """Compute the first `count` primes into a buffer kept between calls."""
        if not 0 <= count <= MAX_COUNT:
            raise ValueError(f"count must be in 0..{MAX_COUNT}, got {count}")
        if len(self._buffer) < count:
            self._buffer = (ctypes.c_uint32 * count)()
        self._function(count, self._buffer)

    def first_n(self, count: int) -> list[int]:
        """The first `count` primes as a list, to check the C code against the oracle."""
        self.run(count)
        return self._buffer[:count]
