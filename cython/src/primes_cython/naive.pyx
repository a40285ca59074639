# cython: language_level=3
# cython: boundscheck=False
# cython: wraparound=False
# cython: cdivision=True
# cython: initializedcheck=False
# cython: infer_types=False
"""The talk's naive algorithm in Cython: a C `int` loop, as on the slide, minus its 10,000 cap."""

from cpython.exc cimport PyErr_CheckSignals
from cpython.number cimport PyNumber_Index
from cpython.pyport cimport PY_SSIZE_T_MAX
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

#: The largest count whose last prime fits in a C int: π(2³¹) = 105,097,565 (OEIS A007053),
#: and 2³¹ - 1 is itself prime.
MAX_COUNT = 105_097_565
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
            f"count {index} is too large for cython-naive: its last prime would not fit in "
            f"a C int (largest supported count: {MAX_COUNT})"
        )
    return index


cdef int _fill(int *p, int count) except -1 nogil:
    """Write the first `count` primes into `p`, checking for Ctrl-C every so often."""
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
    cdef Py_ssize_t n = _check_count(count)
    cdef Py_ssize_t k
    cdef int *p = <int *> malloc((n if n > 0 else 1) * sizeof(int))
    if p == NULL:
        raise MemoryError(f"cannot allocate the result for count {n}")
    try:
        with nogil:
            _fill(p, <int> n)
        return [p[k] for k in range(n)]
    finally:
        free(p)
