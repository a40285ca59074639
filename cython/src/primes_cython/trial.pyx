# cython: language_level=3
# cython: boundscheck=False
# cython: wraparound=False
# cython: cdivision=True
# cython: initializedcheck=False
# cython: infer_types=False
"""Trial division in Cython: odd candidates only, divided by the odd primes up to √candidate."""

from cpython.exc cimport PyErr_CheckSignals
from libc.stdint cimport uint32_t, uint64_t

from primes_cython._shared cimport (
    PRIMES_OPTIMIZED,
    as_list,
    check_count,
    new_array,
    new_buffer,
)


#: The largest count whose last prime fits in a uint32_t: π(2³²) = 203,280,221 (OEIS A007053).
MAX_COUNT = 203_280_221
#: "release" when the C compiler optimised this module; the tests refuse anything else.
BUILD_PROFILE = "release" if PRIMES_OPTIMIZED else "debug"

# Trial divisions between two Ctrl-C checks: ~10 ms of work, well inside half a second.
cdef enum:
    CHECK_EVERY = 1 << 22


cdef int _fill(uint32_t[::1] p) except -1 nogil:
    """Fill `p` (len >= 1) with the first len(p) primes, checking for Ctrl-C every so often."""
    cdef Py_ssize_t count = p.shape[0]
    cdef Py_ssize_t found = 1
    cdef Py_ssize_t i
    cdef uint32_t candidate = 3
    cdef uint32_t divisor
    cdef bint is_prime
    cdef long long budget = CHECK_EVERY
    p[0] = 2
    while found < count:
        # p[0] is 2, which never divides an odd candidate. The square is taken in 64 bits:
        # divisors reaching this test can exceed 2¹⁶, whose square overflows 32.
        is_prime = True
        i = 1
        while i < found:
            divisor = p[i]
            if <uint64_t> divisor * divisor > candidate:
                break
            if candidate % divisor == 0:
                is_prime = False
                break
            i += 1
        if is_prime:
            p[found] = candidate
            found += 1
        budget -= i
        if budget <= 0:
            with gil:
                PyErr_CheckSignals()
            budget = CHECK_EVERY
        # Stop before the increment: the last prime may be the largest odd uint32_t prime.
        if found < count:
            candidate += 2
    return 0


def first_n(count):
    """The first `count` primes by trial division up to √candidate, computed without the GIL."""
    cdef Py_ssize_t n = check_count(count, "cython-trial", MAX_COUNT, "a uint32_t", as_list=True)
    if n == 0:
        return []
    cdef uint32_t[::1] p = new_array("I", n, n)
    with nogil:
        _fill(p)
    return as_list(p)


def first_n_buffer(count):
    """The same primes as a uint32 memoryview over a bytearray, filled in place (no copy)."""
    cdef Py_ssize_t n = check_count(count, "cython-trial", MAX_COUNT, "a uint32_t")
    buffer = new_buffer(n)
    if n == 0:
        return buffer
    cdef uint32_t[::1] p = buffer
    with nogil:
        _fill(p)
    return buffer
