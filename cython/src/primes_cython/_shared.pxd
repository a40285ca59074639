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
    object count,
    str name,
    Py_ssize_t max_count,
    str width,
    bint as_list=False,
    Py_ssize_t bytes_per_prime=4,
) except -1:
    """Take `count` like range() does, with the same errors as every other implementation.

    The MemoryError before any work (`check_memory`) counts a list of ints if `as_list`, plus
    `bytes_per_prime` for the module's own array or buffer of them: by default only a uint32
    array, the least any of them allocates.
    """
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
    check_memory(index, as_list, bytes_per_prime)
    return index


cdef extern from *:
    """
    #include <limits.h>
    #if defined(__unix__) || defined(__APPLE__)
    #include <stdio.h>
    #include <sys/resource.h>
    #include <unistd.h>
    #endif

    /* Bytes this process could still allocate at most, -1 if unknown: physical memory, or
       less when RLIMIT_AS leaves less beside what is mapped already (/proc/self/statm).
       primes.contract.memory_limit, in C. */
    static long long primes_memory_limit(void) {
        long long limit = -1;
    #if defined(__unix__) || defined(__APPLE__)
        long pages = sysconf(_SC_PHYS_PAGES);
        long page = sysconf(_SC_PAGESIZE);
        struct rlimit address_space;
        if (pages > 0 && page > 0) {
            limit = (long long) pages * page;
        }
        if (getrlimit(RLIMIT_AS, &address_space) == 0
                && address_space.rlim_cur != RLIM_INFINITY) {
            long long soft = address_space.rlim_cur > (rlim_t) LLONG_MAX
                ? LLONG_MAX : (long long) address_space.rlim_cur;
            long long mapped = 0, mapped_pages;
            FILE *statm = fopen("/proc/self/statm", "r");
            if (statm != NULL) {
                if (fscanf(statm, "%lld", &mapped_pages) == 1 && page > 0) {
                    mapped = mapped_pages * page;
                }
                fclose(statm);
            }
            long long left = soft > mapped ? soft - mapped : 0;
            if (limit < 0 || left < limit) {
                limit = left;
            }
        }
    #endif
        return limit;
    }
    """
    long long primes_memory_limit()


# What a result list takes per prime at the least (primes.contract.list_bytes): its slot and
# an int object, which CPython's allocators hand out in 32-byte blocks; the 54 primes below
# 257 are CPython's shared small ints.
cdef enum:
    SLOT_BYTES = 8
    INT_BYTES = 32
    SHARED_SMALL_PRIMES = 54
    # Smaller results are not checked: asking costs more than a small call's work.
    CHECKED_FROM_BYTES = 1 << 20


cdef inline int check_memory(
    Py_ssize_t count, bint as_list, Py_ssize_t bytes_per_prime
) except -1:
    """primes.contract.check_memory: the contract's MemoryError, before any work, when the
    result for `count` (a list if `as_list`, plus `bytes_per_prime` a prime) cannot fit."""
    cdef long long needed = <long long> count * bytes_per_prime
    cdef long long available
    if as_list:
        needed += <long long> count * SLOT_BYTES
        if count > SHARED_SMALL_PRIMES:
            needed += <long long> (count - SHARED_SMALL_PRIMES) * INT_BYTES
    if needed < CHECKED_FROM_BYTES:
        return 0
    available = primes_memory_limit()
    if 0 <= available < needed:
        raise MemoryError(
            f"{out_of_memory_message(count)} (they need at least {format_bytes(needed)}; "
            f"this process can allocate at most {format_bytes(available)})"
        )
    return 0


cdef inline str format_bytes(long long size):
    """primes.contract.format_bytes: 512 bytes, 3.0 KiB, 412.5 MiB, 3.7 GiB."""
    if size >= 1 << 30:
        return f"{size / <double> (1 << 30):.1f} GiB"
    if size >= 1 << 20:
        return f"{size / <double> (1 << 20):.1f} MiB"
    if size >= 1 << 10:
        return f"{size / <double> (1 << 10):.1f} KiB"
    return f"{size} bytes"


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
    # prime that the list does not need.
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
