# cython: language_level=3
# cython: boundscheck=False
# cython: wraparound=False
# cython: cdivision=True
# cython: initializedcheck=False
# cython: infer_types=False
"""The talk's naive algorithm in Cython: a C `int` loop, as on the slide, minus its 10,000 cap."""

from cpython.exc cimport PyErr_CheckSignals
from libc.stdint cimport uint32_t

from primes_cython._shared cimport (
    PRIMES_OPTIMIZED,
    as_list,
    check_count,
    new_array,
    new_buffer,
    prime_t,
)


#: The largest count whose last prime fits in a C int: π(2³¹) = 105,097,565 (OEIS A007053),
#: and 2³¹ - 1 is itself prime.
MAX_COUNT = 105_097_565
#: "release" when the C compiler optimised this module; the tests refuse anything else.
BUILD_PROFILE = "release" if PRIMES_OPTIMIZED else "debug"

# Trial divisions between two Ctrl-C checks: ~10 ms of work, well inside half a second.
cdef enum:
    CHECK_EVERY = 1 << 22


cdef int _fill(prime_t[::1] p) except -1 nogil:
    """Fill `p` with the first len(p) primes, checking for Ctrl-C every so often.

    `int` for the list (the slide's C int), uint32_t for the buffer twin: every prime here
    is below 2³¹, where both hold the same value, and `n % p[i]` the same remainder."""
    cdef int count = <int> p.shape[0]  # at most MAX_COUNT
    cdef int len_p = 0
    cdef int n = 2
    cdef int i
    cdef long long budget = CHECK_EVERY
    while len_p < count:
        # Same divisor order and number of divisions as the talk's `for i in p[:len_p]`.
        i = 0
        while i < len_p:
            if n % p[i] == 0:
                break
            i += 1
        if i == len_p:
            p[len_p] = n
            len_p += 1
        else:
            i += 1
        budget -= i
        if budget <= 0:
            with gil:
                PyErr_CheckSignals()
            budget = CHECK_EVERY
        # Stop before the increment: the last prime may be INT_MAX itself.
        if len_p < count:
            n += 1
    return 0


def first_n(count):
    """The first `count` primes by the talk's naive algorithm, computed without the GIL."""
    cdef Py_ssize_t n = check_count(count, "cython-naive", MAX_COUNT, "a C int", as_list=True)
    cdef int[::1] p = new_array("i", n, n)
    with nogil:
        _fill(p)
    return as_list(p)


def first_n_buffer(count):
    """The same primes as a uint32 memoryview over a bytearray, filled in place (no copy)."""
    cdef Py_ssize_t n = check_count(count, "cython-naive", MAX_COUNT, "a C int")
    buffer = new_buffer(n)
    cdef uint32_t[::1] p = buffer
    with nogil:
        _fill(p)
    return buffer
