"""The argument contract every `first_n` implementation honours.

The compiled implementations re-implement these checks natively (they are called directly,
as on the talk's slides) and use the same exception types and messages.
"""

from __future__ import annotations

import operator
import os
import sys

# Not `from typing import TYPE_CHECKING`, nor collections.abc at run time: either import
# would add to every start-up that hyperfine times.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

#: What the result list takes per prime at the least: its slot (a pointer) and, in CPython, an
#: int object of 28 or 32 bytes, which both of CPython's allocators round up to 32. (PyPy keeps a
#: list of small ints unboxed: the slot alone.)
_SLOT_BYTES = 8
_INT_BYTES = 32 if sys.implementation.name == "cpython" else 0
#: The primes below 257, which CPython keeps as shared small ints instead of new objects.
_SHARED_SMALL_PRIMES = 54
#: Results smaller than this are not checked against the memory limit up front: asking for the
#: limit (two sysconf calls and getrlimit, ~1.8 µs) was most of a small call's cost, and a
#: small allocation that fails still raises MemoryError with the contract's message.
_CHECKED_FROM_BYTES = 1 << 20


def list_bytes(count: int) -> int:
    """The least memory a list of the first `count` primes takes, in bytes."""
    return count * _SLOT_BYTES + max(0, count - _SHARED_SMALL_PRIMES) * _INT_BYTES


def memory_limit() -> int | None:
    """Bytes this process could still allocate at most, None if unknown: physical memory, or
    less when an address-space limit (RLIMIT_AS, `ulimit -v`) leaves less beside what the
    process has mapped already."""
    limits = []
    # Not contextlib.suppress: importing contextlib would add ~3 ms to `primes 5000`.
    try:  # noqa: SIM105
        limits.append(os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
    except (AttributeError, ValueError, OSError):
        pass
    try:
        import resource
    except ImportError:  # not on Windows
        pass
    else:
        soft, _ = resource.getrlimit(resource.RLIMIT_AS)
        if soft != resource.RLIM_INFINITY:
            limits.append(max(0, soft - _mapped_bytes()))
    return min(limits, default=None)


def _mapped_bytes() -> int:
    """The process's address space now (what RLIMIT_AS counts), 0 where /proc cannot say."""
    # os.open, not pathlib: importing pathlib would add to every start-up that hyperfine times.
    try:
        statm = os.open("/proc/self/statm", os.O_RDONLY)
        try:
            pages = int(os.read(statm, 256).split()[0])
        finally:
            os.close(statm)
        return pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def out_of_memory_message(count: int) -> str:
    """What every implementation says when the result for `count` cannot be allocated.

    The compiled ones write the same words: `rust/core/src/error.rs` (`Error::OutOfMemory`)
    and `out_of_memory_message` in `cython/src/primes_cython/_shared.pxd`.
    """
    return f"cannot allocate the result for count {count}: not enough memory for {count:,} primes"


def format_bytes(size: int) -> str:
    """`size` bytes as people read them: 512 bytes, 3.0 KiB, 412.5 MiB, 3.7 GiB."""
    for unit, name in ((1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")):
        if size >= unit:
            return f"{size / unit:.1f} {name}"
    return f"{size} bytes"


def not_enough_memory_message(count: int, needed: int, available: int) -> str:
    """The contract's MemoryError when the check before any work finds too little memory:
    `needed` bytes at the least for the result of `count`, `available` at most.

    The Cython implementations write the same words (`check_memory` in `_shared.pxd`).
    """
    return (
        f"{out_of_memory_message(count)} (they need at least {format_bytes(needed)}; "
        f"this process can allocate at most {format_bytes(available)})"
    )


def check_memory(count: int, *, as_list: bool = True, bytes_per_prime: int = 0) -> None:
    """Raise the contract's MemoryError, before any work, when the result for `count` cannot
    fit: a list of `count` ints (if `as_list`) plus `bytes_per_prime` more per prime (the
    implementation's own array of them, a buffer) needs more than `memory_limit()`.

    Every implementation checks this way before it starts (the Rust binding calls this
    function, the Cython modules their copy of it): the naive and trial-division loops would
    otherwise compute for minutes before the list fails, the pure ones for days.
    """
    needed = (list_bytes(count) if as_list else 0) + count * bytes_per_prime
    if needed < _CHECKED_FROM_BYTES:
        return
    available = memory_limit()
    if available is not None and needed > available:
        raise MemoryError(not_enough_memory_message(count, needed, available))


def computed_within_memory(count: int, compute: Callable[[int], list[int]]) -> list[int]:
    """`compute(count)`, with the contract's MemoryError in place of CPython's message-less
    one (numpy's `_ArrayMemoryError` too) when memory runs out while computing it."""
    try:
        return compute(count)
    except MemoryError:
        # Raised after the handler, not in it: the handler keeps the failed call's frame, and
        # with it the half-built result, alive until it ends; the message needs that memory.
        pass
    raise MemoryError(out_of_memory_message(count))


def check_count(
    count: object, *, name: str, max_count: int = sys.maxsize, bytes_per_prime: int = 0
) -> int:
    """Return `count` as an int, or raise the exception every implementation raises.

    - TypeError: not an integer (taken like range() takes it, via operator.index);
    - ValueError: negative;
    - OverflowError: above sys.maxsize, or above `max_count` (the largest count whose last
      prime the implementation's integer type can hold);
    - MemoryError: the result list, with `bytes_per_prime` more per prime for the
      implementation's own array of them, could not fit in the memory this process may still
      allocate (`check_memory`).
    """
    try:
        value = operator.index(count)  # type: ignore[arg-type]
    except TypeError:
        raise TypeError(f"count must be an integer, not {type(count).__name__!r}") from None
    if value < 0:
        raise ValueError(f"count must be non-negative, got {value}")
    if value > sys.maxsize:
        raise OverflowError(f"count {value} is larger than sys.maxsize")
    if value > max_count:
        raise OverflowError(
            f"count {value} is too large for {name}: its last prime would not fit "
            f"(largest supported count: {max_count})"
        )
    # Fail before any work: the pure versions grow their list one prime at a time and would
    # otherwise compute for days before running out of memory.
    check_memory(value, bytes_per_prime=bytes_per_prime)
    return value
