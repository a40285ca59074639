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

#: Bytes the result list needs per prime at the very least: one pointer slot.
_MIN_BYTES_PER_PRIME = 8
#: Results smaller than this are not checked against the memory limit up front: asking for the
#: limit (two sysconf calls and getrlimit, ~1.8 µs) was most of a small call's cost, and a
#: small allocation that fails still raises MemoryError with the contract's message.
_CHECKED_FROM_BYTES = 1 << 20


def memory_limit() -> int | None:
    """Bytes this process could allocate at most: physical memory, or a lower RLIMIT_AS."""
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
            limits.append(soft)
    return min(limits, default=None)


def out_of_memory_message(count: int) -> str:
    """What every implementation says when the result for `count` cannot be allocated.

    The compiled ones write the same words: `rust/core/src/error.rs` (`Error::OutOfMemory`)
    and `out_of_memory_message` in `cython/src/primes_cython/_shared.pxd`.
    """
    return f"cannot allocate the result for count {count}: not enough memory for {count:,} primes"


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


def check_count(count: object, *, name: str, max_count: int = sys.maxsize) -> int:
    """Return `count` as an int, or raise the exception every implementation raises.

    - TypeError: not an integer (taken like range() takes it, via operator.index);
    - ValueError: negative;
    - OverflowError: above sys.maxsize, or above `max_count` (the largest count whose last
      prime the implementation's integer type can hold);
    - MemoryError: the result list alone could not fit in this machine's memory.
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
    if value * _MIN_BYTES_PER_PRIME < _CHECKED_FROM_BYTES:
        return value
    memory = memory_limit()
    # Fail before any work: the pure versions grow their list one prime at a time and would
    # otherwise compute for days before running out of memory.
    if memory is not None and value * _MIN_BYTES_PER_PRIME > memory:
        raise MemoryError(
            f"{out_of_memory_message(value)} (they need at least "
            f"{value * _MIN_BYTES_PER_PRIME / 2**30:.1f} GiB, this process may use "
            f"{memory / 2**30:.1f} GiB)"
        )
    return value
