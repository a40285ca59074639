# cython: language_level=3
# cython: boundscheck=False
# cython: wraparound=False
# cython: cdivision=True
# cython: initializedcheck=False
# cython: infer_types=False
"""A segmented sieve of Eratosthenes in Cython: odd numbers only, one bit each.

The sieve's end comes from a proven bound on the n-th prime, so it never has to grow;
segments keep the working set in the L1 cache and give natural points to check for Ctrl-C.
Each segment starts as a copy of a pattern with the multiples of 3, 5, 7, 11 and 13 crossed
off; the larger sieving primes then cross off one bit at a time.
"""

from cpython.exc cimport PyErr_CheckSignals
from libc.stdint cimport uint32_t, uint64_t

from primes_cython._shared cimport (
    PRIMES_OPTIMIZED,
    as_list,
    check_count,
    isqrt,
    new_array,
    new_buffer,
    nth_prime_upper_bound,
)

cdef extern from *:
    """
    /* Index of the lowest set bit of a non-zero word. */
    #if defined(__GNUC__) || defined(__clang__)
    #define primes_lowest_bit(w) ((int) __builtin_ctzll(w))
    #else
    static int primes_lowest_bit(unsigned long long w) {
        int i = 0;
        while (!(w & 1)) { w >>= 1; i++; }
        return i;
    }
    #endif
    """
    int primes_lowest_bit(uint64_t word) nogil

#: The largest count whose last prime fits in a uint32_t: π(2³²) = 203,280,221 (OEIS A007053).
MAX_COUNT = 203_280_221
#: "release" when the C compiler optimised this module; the tests refuse anything else.
BUILD_PROFILE = "release" if PRIMES_OPTIMIZED else "debug"

cdef enum:
    # Odd numbers per segment: 32 KiB of bits, the L1 data cache of most x86 cores.
    SEGMENT_BITS = 32 * 1024 * 8
    SEGMENT_WORDS = SEGMENT_BITS // 64
    # Sieved odd numbers between two Ctrl-C checks: every 16 segments, a few ms of work.
    CHECK_EVERY = 1 << 22
    # The smallest odd primes, 3 to 13, are crossed off by copying a repeating pattern
    # instead of one bit at a time: they alone account for about half of all crossing-off.
    # Their product is the pattern's period in bits; one word more lets 64 bits be read
    # from any offset within it.
    PATTERN_BITS = 3 * 5 * 7 * 11 * 13
    PATTERN_WORDS = (PATTERN_BITS + 63) // 64 + 1

cdef uint32_t[5] PRESIEVE_PRIMES = [3, 5, 7, 11, 13]
# Bit i set when 2i + 1 has no factor among PRESIEVE_PRIMES; filled once, at import.
cdef uint64_t[PATTERN_WORDS] PATTERN


cdef void _build_pattern() noexcept nogil:
    cdef Py_ssize_t bit, k
    cdef uint64_t odd
    cdef bint coprime
    for bit in range(PATTERN_WORDS):
        PATTERN[bit] = 0
    for bit in range(PATTERN_WORDS * 64):
        odd = 2 * <uint64_t> bit + 1
        coprime = True
        for k in range(5):
            if odd % PRESIEVE_PRIMES[k] == 0:
                coprime = False
        if coprime:
            PATTERN[bit >> 6] |= (<uint64_t> 1) << (bit & 63)


_build_pattern()


cdef inline uint64_t _pattern_word(Py_ssize_t offset) noexcept nogil:
    """The 64 pattern bits starting at `offset` (< PATTERN_BITS)."""
    cdef Py_ssize_t word = offset >> 6
    cdef int shift = offset & 63
    if shift == 0:
        return PATTERN[word]
    return (PATTERN[word] >> shift) | (PATTERN[word + 1] << (64 - shift))


cdef Py_ssize_t _odd_primes_up_to(
    uint32_t limit, uint32_t[::1] out, unsigned char[::1] composite
) noexcept nogil:
    """Write the odd primes <= `limit` into `out` (by a plain odd-only byte sieve in
    `composite`; both hold limit // 2 + 1 items) and return how many there are."""
    cdef Py_ssize_t size = limit // 2 + 1
    cdef Py_ssize_t i, j
    cdef Py_ssize_t found = 0
    cdef uint64_t p
    for i in range(size):
        composite[i] = 0
    for i in range(1, size):
        p = 2 * i + 1
        if p > limit:
            break
        if not composite[i]:
            out[found] = <uint32_t> p
            found += 1
            j = <Py_ssize_t> (p * p // 2)
            while j < size:
                composite[j] = 1
                j += <Py_ssize_t> p
    return found


cdef int _fill(
    uint32_t[::1] primes,
    uint64_t limit,
    const uint32_t[::1] sieving,
    uint64_t[::1] next_bit,
    uint64_t[::1] segment,
) except -1 nogil:
    """Fill `primes` with the first len(primes) (>= 2) primes, all <= `limit`.

    Bit i of the whole sieve stands for 2i + 1; `next_bit[k]` is the bit of the next odd
    multiple of sieving[k] still to cross off, starting from its square. `segment` holds
    SEGMENT_WORDS words.
    """
    cdef Py_ssize_t count = primes.shape[0]
    cdef Py_ssize_t sieving_count = sieving.shape[0]
    cdef uint64_t total_bits = (limit + 1) // 2
    cdef uint64_t start = 0
    cdef uint64_t end, bit, step
    cdef Py_ssize_t bits, words, w, k, local, offset
    cdef Py_ssize_t found = 1
    cdef uint64_t word
    cdef long long budget = CHECK_EVERY
    primes[0] = 2
    while start < total_bits:
        bits = <Py_ssize_t> min(total_bits - start, <uint64_t> SEGMENT_BITS)
        words = (bits + 63) // 64
        offset = <Py_ssize_t> (start % PATTERN_BITS)
        for w in range(words):
            segment[w] = _pattern_word(offset)
            offset += 64
            if offset >= PATTERN_BITS:
                offset -= PATTERN_BITS
        if bits % 64 != 0:
            segment[words - 1] &= ((<uint64_t> 1) << (bits % 64)) - 1
        if start == 0:
            segment[0] &= ~(<uint64_t> 1)  # 1 is not prime
            for k in range(5):
                # the pattern crossed off the primes themselves
                segment[0] |= (<uint64_t> 1) << (PRESIEVE_PRIMES[k] // 2)
        end = start + <uint64_t> bits
        for k in range(sieving_count):
            bit = next_bit[k]
            if bit >= end:
                continue
            step = sieving[k]
            while bit < end:
                local = <Py_ssize_t> (bit - start)
                segment[local >> 6] &= ~((<uint64_t> 1) << (local & 63))
                bit += step
            next_bit[k] = bit
        for w in range(words):
            word = segment[w]
            while word != 0:
                bit = start + <uint64_t> (w * 64 + primes_lowest_bit(word))
                # bit < 2³¹, so 2·bit + 1 fits in a uint32_t.
                primes[found] = <uint32_t> (2 * bit + 1)
                found += 1
                if found == count:
                    return 0
                word &= word - 1
        budget -= bits
        if budget <= 0:
            with gil:
                PyErr_CheckSignals()
            budget = CHECK_EVERY
        start = end
    # Unreachable: the bound is a theorem, and the tests check it across counts.
    with gil:
        raise AssertionError(f"sieve bound too small for count {count}")


cdef int _sieve_into(uint32_t[::1] primes) except -1:
    """Fill `primes` (len >= 1) with the first len(primes) primes; sieves without the GIL."""
    cdef Py_ssize_t n = primes.shape[0]
    cdef Py_ssize_t k, sieving_count, first
    if n == 1:
        primes[0] = 2
        return 0
    # Every prime up to MAX_COUNT is below 2³², so the bound may be clipped there.
    cdef uint64_t limit = min(nth_prime_upper_bound(n), <uint64_t> 0xFFFFFFFF)
    cdef uint32_t root = <uint32_t> isqrt(limit)
    # The odd primes up to root number fewer than root // 2 + 1.
    cdef Py_ssize_t sieving_capacity = root // 2 + 1
    # Every buffer is allocated before any work; Python frees them whatever happens.
    cdef uint32_t[::1] sieving = new_array("I", sieving_capacity, n)
    cdef uint64_t[::1] next_bit = new_array("Q", sieving_capacity, n)
    cdef unsigned char[::1] scratch = new_array("B", sieving_capacity, n)
    cdef uint64_t[::1] segment = new_array("Q", SEGMENT_WORDS, n)
    with nogil:
        sieving_count = _odd_primes_up_to(root, sieving, scratch)
        # The odd primes come in order, so those the pattern handles are a prefix.
        first = 0
        while first < sieving_count and sieving[first] <= PRESIEVE_PRIMES[4]:
            first += 1
        for k in range(first, sieving_count):
            next_bit[k] = (<uint64_t> sieving[k] * sieving[k]) // 2
        _fill(
            primes,
            limit,
            sieving[first:sieving_count],
            next_bit[first:sieving_count],
            segment,
        )
    return 0


def first_n(count):
    """The first `count` primes by a segmented sieve of Eratosthenes, without the GIL."""
    cdef Py_ssize_t n = check_count(count, "cython-sieve", MAX_COUNT, "a uint32_t", as_list=True)
    if n == 0:
        return []
    # The result first: it is the largest buffer, and fails before the working ones.
    cdef uint32_t[::1] primes = new_array("I", n, n)
    _sieve_into(primes)
    return as_list(primes)


def first_n_buffer(count):
    """The same primes as a uint32 memoryview over a bytearray, sieved in place (no copy)."""
    cdef Py_ssize_t n = check_count(count, "cython-sieve", MAX_COUNT, "a uint32_t")
    buffer = new_buffer(n)
    if n > 0:
        _sieve_into(buffer)
    return buffer
