"""primesieve's C library, the state of the art in prime sieving: the yardstick for the wheel.

Debian's `libprimesieve` (`make peers` installs libprimesieve-dev) is opened with ctypes, so
no Python binding is needed. `PrimesieveC().run(count)` generates the first `count` primes as
`uint32` and frees them: what to time against a buffer-returning twin, since no Python object
is made. `PrimesieveC().first_n(count)` builds the list of Python ints from that array, as
the Python binding's `n_primes(count).tolist()` did: what to time against a list-returning
`first_n`, and what the oracle checks.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import re
from pathlib import Path

from bench.timers.errors import MeasurementError

#: What to do when the library is missing.
HINT = "run `make peers` (Debian's libprimesieve-dev)"
#: Debian 12's soname, tried when find_library finds nothing (it needs ldconfig or a compiler).
SONAME = "libprimesieve.so.11"
HEADER = Path("/usr/include/primesieve.h")
#: UINT32_PRIMES in libprimesieve 11's header: used only when the header is not installed
#: (libprimesieve11 without -dev); the oracle check catches a wrong element type anyway.
UINT32_PRIMES_FALLBACK = 11
#: π(2³²): the largest count whose primes all fit in uint32.
MAX_COUNT = 203_280_221


class PrimesieveUnavailable(OSError):
    """The library cannot be loaded here (not installed, or not the expected API)."""


def uint32_primes(header: Path = HEADER) -> int:
    """UINT32_PRIMES, the `type` argument asking for uint32_t primes, read from the header's
    anonymous enum (its enumerators have no explicit values: each is its position)."""
    try:
        text = header.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return UINT32_PRIMES_FALLBACK
    text = re.sub(r"/\*.*?\*/|//[^\n]*", "", text, flags=re.DOTALL)
    for body in re.findall(r"\benum\s*\{(.*?)\}", text, flags=re.DOTALL):
        names = [item.strip() for item in body.split(",") if item.strip()]
        if "UINT32_PRIMES" in names:
            if any("=" in name for name in names):
                raise PrimesieveUnavailable(f"{header}: the type enum has explicit values")
            return names.index("UINT32_PRIMES")
    raise PrimesieveUnavailable(f"{header} defines no UINT32_PRIMES")


def find_library() -> str:
    """The library's name or path for ctypes."""
    return ctypes.util.find_library("primesieve") or SONAME


class PrimesieveC:
    """The library, opened once. ctypes releases the GIL during each call."""

    def __init__(self, library: str | None = None, header: Path = HEADER) -> None:
        name = library or find_library()
        try:
            lib = ctypes.CDLL(name, use_errno=True)
            self._generate = lib.primesieve_generate_n_primes
            self._free = lib.primesieve_free
        except (OSError, AttributeError) as err:
            raise PrimesieveUnavailable(f"libprimesieve is unavailable ({err}); {HINT}") from err
        self._generate.argtypes = [ctypes.c_uint64, ctypes.c_uint64, ctypes.c_int]
        self._generate.restype = ctypes.c_void_p
        self._free.argtypes = [ctypes.c_void_p]
        self._free.restype = None
        self._type = uint32_primes(header)
        self.library = name

    def _array(self, count: int) -> int | None:
        if not 0 <= count <= MAX_COUNT:
            raise ValueError(f"count must be in 0..{MAX_COUNT}, got {count}")
        address: int | None = self._generate(count, 0, self._type)
        # NULL is also the answer for count 0; otherwise an error (errno EDOM), printed on stderr.
        if address is None and count:
            error = ctypes.get_errno()
            raise MeasurementError(
                f"primesieve_generate_n_primes({count}) returned NULL"
                f" ({os.strerror(error) if error else 'no errno'})"
            )
        return address

    def run(self, count: int) -> None:
        """Generate the first `count` primes as uint32 and free them: the part to time."""
        self._free(self._array(count))

    def buffer(self, count: int) -> memoryview:
        """The first `count` primes as a writable uint32 memoryview (a copy of the array), for
        checks at counts whose list of ints would not fit in memory."""
        address = self._array(count)
        if address is None:
            return memoryview(bytearray()).cast("I")
        try:
            return memoryview(bytearray(ctypes.string_at(address, 4 * count))).cast("I")
        finally:
            self._free(address)

    def first_n(self, count: int) -> list[int]:
        """The first `count` primes as a list of Python ints, built from the uint32 array."""
        address = self._array(count)
        if address is None:
            return []
        try:
            # A ctypes array's buffer has format "<I"; through bytes it becomes native "I",
            # which memoryview.tolist() turns into ints in C.
            array = (ctypes.c_uint32 * count).from_address(address)
            result: list[int] = memoryview(array).cast("B").cast("I").tolist()
            return result
        finally:
            self._free(address)
