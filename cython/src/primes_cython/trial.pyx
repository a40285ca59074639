# cython: language_level=3
# cython: boundscheck=False
# cython: wraparound=False
# cython: cdivision=True
# cython: initializedcheck=False
# cython: infer_types=False
"""Trial division in Cython: odd candidates only, divided by the odd primes up to √candidate."""

from cpython.exc cimport PyErr_CheckSignals
from cpython.list cimport PyList_New, PyList_SET_ITEM
from cpython.long cimport PyLong_FromUnsignedLong
from cpython.number cimport PyNumber_Index
from cpython.pyport cimport PY_SSIZE_T_MAX
from cpython.ref cimport Py_INCREF
from libc.stdint cimport uint32_t, uint64_t
from libc.stdlib cimport free, malloc

cdef extern from *:
    """
    #ifdef __OPTIMIZE__
    #define PRIMES_OPTIMIZED 1
    #else
    #define PRIMES_OPTIMIZED 0
    #endif
    """
    const int PRIMES_OPTIMIZED

#: The largest count whose last prime fits in a uint32_t: π(2³²) = 203,280,221 (OEIS A007053).
MAX_COUNT = 203_280_221
#: "release" when the C compiler optimised this module; the tests refuse anything else.
BUILD_PROFILE = "release" if PRIMES_OPTIMIZED else "debug"

# Trial divisions between two Ctrl-C checks: ~10 ms of work, well inside half a second.
cdef enum:
    CHECK_EVERY = 1 << 22


cdef Py_ssize_t _check_count(object count) except -1:
    """Take `count` like range() does, with the same errors as every other implementation."""
    try:
        index = PyNumber_Index(count)
    except TypeError:
        raise TypeError(f"count must be an integer, not {type(count).__name__!r}") from None
    if index < 0:
        raise ValueError(f"count must be non-negative, got {index}")
    if index > PY_SSIZE_T_MAX:
        raise OverflowError(f"count {index} is larger than sys.maxsize")
    if index > MAX_COUNT:
        raise OverflowError(
            f"count {index} is too large for cython-trial: its last prime would not fit in "
            f"a uint32_t (largest supported count: {MAX_COUNT})"
        )
    return index


cdef list _to_list(const uint32_t *values, Py_ssize_t n):
    """A list of `n` ints, sized once and filled in place (a comprehension would append)."""
    cdef list result = PyList_New(n)
    cdef Py_ssize_t k
    for k in range(n):
        item = PyLong_FromUnsignedLong(values[k])
        Py_INCREF(item)  # PyList_SET_ITEM steals the reference that `item` gives back
        PyList_SET_ITEM(result, k, item)
    return result


cdef int _fill(uint32_t *p, Py_ssize_t count) except -1 nogil:
    """Write the first `count` (>= 1) primes into `p`, checking for Ctrl-C every so often."""
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
    cdef Py_ssize_t n = _check_count(count)
    if n == 0:
        return []
    cdef uint32_t *p = <uint32_t *> malloc(n * sizeof(uint32_t))
    if p == NULL:
        raise MemoryError(f"cannot allocate the result for count {n}")
    try:
        with nogil:
            _fill(p, n)
        return _to_list(p, n)
    finally:
        free(p)
