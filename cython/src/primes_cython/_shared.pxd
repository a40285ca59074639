# cython: language_level=3
"""What every Cython implementation shares: the argument contract, the build-profile probe,
the working arrays and the list builder. Inline, so each module compiles its own copy and no
extra extension exists."""

from cpython.array cimport array, clone
from cpython.bytearray cimport PyByteArray_FromStringAndSize
from cpython.list cimport PyList_New, PyList_SET_ITEM
from cpython.number cimport PyNumber_Index
from cpython.pyport cimport PY_SSIZE_T_MAX
from cpython.exc cimport PyErr_Clear
from cpython.ref cimport PyObject
from libc.math cimport ceil, log, sqrt
from libc.stdint cimport uint32_t, uint64_t

cdef extern from *:
    """
    #ifdef __OPTIMIZE__
    #define PRIMES_OPTIMIZED 1
    #else
    #define PRIMES_OPTIMIZED 0
    #endif
    """
    # 1 when the C compiler optimised the module: its BUILD_PROFILE is "release".
    const int PRIMES_OPTIMIZED


cdef inline Py_ssize_t check_count(
    object count, str name, Py_ssize_t max_count, str width
) except -1:
    """Take `count` like range() does, with the same errors as every other implementation."""
    try:
        index = PyNumber_Index(count)
    except TypeError:
        raise TypeError(f"count must be an integer, not {type(count).__name__!r}") from None
    if index < 0:
        raise ValueError(f"count must be non-negative, got {index}")
    if index > PY_SSIZE_T_MAX:
        raise OverflowError(f"count {index} is larger than sys.maxsize")
    if index > max_count:
        raise OverflowError(
            f"count {index} is too large for {name}: its last prime would not fit in "
            f"{width} (largest supported count: {max_count})"
        )
    return index


# The integer types the implementations store their primes in.
ctypedef fused prime_t:
    int
    uint32_t


cdef inline str out_of_memory_message(Py_ssize_t count):
    """What every implementation says when the result for `count` cannot be allocated: the
    words of `primes.contract.out_of_memory_message`, which this distribution cannot import."""
    return (
        f"cannot allocate the result for count {count}: "
        f"not enough memory for {count:,} primes"
    )


cdef inline array new_array(str typecode, Py_ssize_t length, Py_ssize_t count):
    """An uninitialised `array.array` of `length` items, for a typed memoryview to work in.

    Python owns the memory, so it is freed however the caller exits; a failed allocation is
    the MemoryError every implementation raises for `count`, before any work starts.
    `typecode` must match the view's item type ("i" int, "I" uint32_t, "Q" uint64_t,
    "B" unsigned char): Cython checks it when the view is taken.
    """
    try:
        return clone(array(typecode), length, False)
    except MemoryError:
        pass  # raised after the handler, which would keep the failed call's frame alive
    raise MemoryError(out_of_memory_message(count))


cdef inline list as_list(const prime_t[::1] values):
    """A list of ints, sized once and filled in place (a comprehension would append)."""
    return list_from(&values[0] if values.shape[0] > 0 else NULL, values.shape[0])


cdef extern from "Python.h":
    # The raw forms, as the Rust binding calls them: the new int as a PyObject* whose
    # reference the list steals. Through `object`, Cython would take a reference of its own,
    # give one to SET_ITEM and drop the first at the next item: two refcount writes per
    # prime, which made cython-wheel's list 7-11% slower than rust-wheel's.
    PyObject* _new_int "PyLong_FromLongLong"(long long value)
    void _list_steal "PyList_SET_ITEM"(object lst, Py_ssize_t index, PyObject* item)


cdef inline list list_from(const prime_t* values, Py_ssize_t n):
    """`as_list` for `n` values at a pointer, for callers that hold no typed view.

    A failed allocation (the list, or an int) raises CPython's MemoryError, which has no
    message: it is replaced by the contract's, once the half-filled list is freed (CPython
    skips its empty slots) to make room for it.
    """
    cdef list result = None
    cdef Py_ssize_t k
    cdef PyObject* item
    try:
        result = PyList_New(n)
    except MemoryError:
        pass  # raised after the handler, which would keep the failed call's frame alive
    else:
        for k in range(n):
            item = _new_int(values[k])
            if item is NULL:
                PyErr_Clear()
                break
            _list_steal(result, k, item)
        else:
            return result
    result = None  # frees the half-filled list and its ints
    raise MemoryError(out_of_memory_message(n))


cdef inline object new_buffer(Py_ssize_t count):
    """A buffer twin's result before it is filled: a read-write memoryview of format "I"
    (uint32) and length `count`, over an uninitialised bytearray of 4·count bytes.

    Python owns the memory, so the caller fills it in place (through the bytearray's data, or
    a typed `uint32_t[::1]` view of the result) and returns it with no copy. A failed
    allocation is the MemoryError every implementation raises for `count`.
    """
    try:
        return memoryview(PyByteArray_FromStringAndSize(NULL, 4 * count)).cast("I")
    except MemoryError:
        pass  # raised after the handler, which would keep the failed call's frame alive
    raise MemoryError(out_of_memory_message(count))


cdef inline uint64_t nth_prime_upper_bound(Py_ssize_t count) noexcept nogil:
    """At least the `count`-th prime, for the sieves' limit: Rosser's pₙ < n (ln n + ln ln n)
    for n ≥ 6; p₅ = 11."""
    cdef double n = <double> count
    if count < 6:
        return 13
    return <uint64_t> ceil(n * (log(n) + log(log(n)))) + 1


cdef inline uint64_t isqrt(uint64_t n) noexcept nogil:
    """⌊√n⌋, exact: the double's square root corrected by at most a step either way."""
    cdef uint64_t root = <uint64_t> sqrt(<double> n)
    while root * root > n:
        root -= 1
    while (root + 1) * (root + 1) <= n:
        root += 1
    return root
