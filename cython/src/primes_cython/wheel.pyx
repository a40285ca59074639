# cython: language_level=3
# cython: boundscheck=False
# cython: wraparound=False
# cython: cdivision=True
# cython: initializedcheck=False
# cython: infer_types=False
"""A segmented sieve of Eratosthenes on a mod-30 wheel, in Cython (issue 12's `wheel`).

Byte i of the sieve stands for the 8 numbers 30i + {1, 7, 11, 13, 17, 19, 23, 29}, one bit
each, so only the numbers coprime to 30 take space. Segments of 32 KiB stay in the L1 cache.
Each starts as a copy of a pattern with the multiples of 7, 11, 13 and 17 already cleared;
every larger sieving prime keeps its next multiple across segments and clears 8 multiples per
turn of the wheel with constant offsets and masks (primesieve's EratSmall). The same design
as rust/core/src/wheel.rs: docs in notes/wheel-spec.md of the issue.
"""

from cpython.bytearray cimport PyByteArray_AS_STRING
from cpython.exc cimport PyErr_CheckSignals
from libc.math cimport ceil, log, sqrt
from libc.stdint cimport uint8_t, uint32_t, uint64_t
from libc.string cimport memcpy

from primes_cython._shared cimport (
    PRIMES_OPTIMIZED,
    as_list,
    check_count,
    new_array,
    new_buffer,
)

cdef extern from *:
    """
    #include <string.h>
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
    /* Eight sieve bytes as one word, byte i in bits 8i..8i+7 whatever the byte order:
       memcpy is one load, and the swap compiles away on little-endian machines. */
    static inline uint64_t primes_load_le64(const unsigned char *p) {
        uint64_t w;
        memcpy(&w, p, 8);
    #if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        w = __builtin_bswap64(w);
    #endif
        return w;
    }
    """
    int primes_lowest_bit(uint64_t word) nogil
    uint64_t primes_load_le64(const unsigned char *p) nogil

#: The largest count whose last prime fits in a uint32_t: π(2³²) = 203,280,221 (OEIS A007053).
MAX_COUNT = 203_280_221
#: "release" when the C compiler optimised this module; the tests refuse anything else.
BUILD_PROFILE = "release" if PRIMES_OPTIMIZED else "debug"

cdef enum:
    # Bytes per segment: 32 KiB, the L1 data cache of most x86 cores (983,040 numbers).
    SEGMENT_BYTES = 32 * 1024
    # Segments between two Ctrl-C checks: each takes ~0.2 ms, so a check every few ms.
    CHECK_EVERY = 32
    # The pre-sieve's period in bytes: 7·11·13·17 (coprime to 30, so byte i and byte
    # i + 17,017 have the same multiples of 7, 11, 13 and 17 at the same bits).
    PATTERN_BYTES = 7 * 11 * 13 * 17

# The wheel: bit j of a byte is the number 30i + RESIDUES[j].
cdef uint32_t[8] RESIDUES = [1, 7, 11, 13, 17, 19, 23, 29]
# A single step from wheel position w to w + 1 (the multiplier's residue RESIDUES[w] to the
# next one, 29 to 31) moves the byte index of p·multiplier, p = 30q + r, by
# STEP_Q[w]·q + STEP_R[class of r][w]; the multiple at position w is cleared with MASK[class][w].
cdef uint8_t[8] STEP_Q = [6, 4, 2, 4, 2, 4, 6, 2]
cdef uint8_t[8][8] STEP_R
cdef uint8_t[8][8] MASK
# Wheel position of each residue mod 30 that is coprime to 30 (the others are unused).
cdef uint8_t[30] POSITION
# 30·(bit // 8) + RESIDUES[bit % 8]: the number bit `bit` of a little-endian word stands for,
# relative to 30 times the word's first byte index.
cdef uint32_t[64] NUMBER_AT_BIT
cdef uint32_t[5] FIRST_PRIMES = [2, 3, 5, 7, 11]
# Bytes 0 .. PATTERN_BYTES - 1 of a sieve with the multiples of 7, 11, 13 and 17 cleared
# (themselves included); built on the first call that needs it, with the GIL held.
cdef unsigned char[PATTERN_BYTES] PATTERN
cdef bint pattern_built = False

cdef struct SievingPrime:
    # Byte index of the next multiple to clear, relative to the next segment's start.
    uint32_t index
    # The prime p = 30q + r, q, and the wheel class of r.
    uint32_t prime
    uint32_t q
    uint8_t cls
    # Wheel position of the next multiple's multiplier.
    uint8_t wheel


cdef void _build_tables() noexcept nogil:
    cdef int c, w, r, bit
    for c in range(8):
        POSITION[RESIDUES[c]] = c
    for c in range(8):
        r = RESIDUES[c]
        for w in range(8):
            # p·multiplier ≡ r·RESIDUES[w] (mod 30) picks the bit.
            MASK[c][w] = <uint8_t> (0xFF ^ (1 << POSITION[(r * RESIDUES[w]) % 30]))
            # The next multiplier after 29 is 31 = 30 + 1.
            STEP_R[c][w] = <uint8_t> (
                (r * (RESIDUES[w + 1] if w < 7 else 31)) // 30 - (r * RESIDUES[w]) // 30
            )
    for bit in range(64):
        NUMBER_AT_BIT[bit] = 30 * (bit // 8) + RESIDUES[bit % 8]


_build_tables()


cdef void _build_pattern() noexcept nogil:
    """Clear the multiples of 7, 11, 13 and 17 in PATTERN, stepping along the wheel from
    p·1 (byte q, position 0), with the same steps as the sieve."""
    cdef Py_ssize_t i, k
    cdef uint32_t p, q
    cdef uint8_t c, w
    for i in range(PATTERN_BYTES):
        PATTERN[i] = 0xFF
    for k in range(1, 5):  # 7, 11, 13, 17
        p = RESIDUES[k]
        q = 0
        c = POSITION[p % 30]
        i = p // 30
        w = 0
        while i < PATTERN_BYTES:
            PATTERN[i] &= MASK[c][w]
            i += STEP_Q[w] * q + STEP_R[c][w]
            w = (w + 1) & 7


cdef inline Py_ssize_t _turns(
    unsigned char* s, Py_ssize_t i, Py_ssize_t end, Py_ssize_t p, Py_ssize_t q,
    Py_ssize_t b1, Py_ssize_t b2, Py_ssize_t b3, Py_ssize_t b4, Py_ssize_t b5, Py_ssize_t b6,
    Py_ssize_t b7,
    uint8_t m0, uint8_t m1, uint8_t m2, uint8_t m3, uint8_t m4, uint8_t m5, uint8_t m6,
    uint8_t m7,
) noexcept nogil:
    """Whole turns of the wheel from position 0 at byte `i`, while the turn fits before `end`:
    the 8 multiples p·(30k + RESIDUES[j]) sit at bytes i + q·(RESIDUES[j] - 1) + b_j.
    Called with constants, so each residue class gets its own loop with immediate masks."""
    cdef Py_ssize_t o1 = 6 * q + b1
    cdef Py_ssize_t o2 = 10 * q + b2
    cdef Py_ssize_t o3 = 12 * q + b3
    cdef Py_ssize_t o4 = 16 * q + b4
    cdef Py_ssize_t o5 = 18 * q + b5
    cdef Py_ssize_t o6 = 22 * q + b6
    cdef Py_ssize_t o7 = 28 * q + b7
    cdef Py_ssize_t stop = end - o7
    while i < stop:
        s[i] &= m0
        s[i + o1] &= m1
        s[i + o2] &= m2
        s[i + o3] &= m3
        s[i + o4] &= m4
        s[i + o5] &= m5
        s[i + o6] &= m6
        s[i + o7] &= m7
        i += p
    return i


cdef void _cross_off(
    unsigned char* s, Py_ssize_t length, SievingPrime* sieving, Py_ssize_t active
) noexcept nogil:
    """Clear the multiples of the first `active` sieving primes in the segment s[0:length]."""
    cdef Py_ssize_t k, i, p, q
    cdef uint8_t cls, w
    cdef SievingPrime* sp
    for k in range(active):
        sp = &sieving[k]
        i = sp.index
        if i >= length:
            sp.index = <uint32_t> (i - length)
            continue
        p = sp.prime
        q = sp.q
        cls = sp.cls
        w = sp.wheel
        # Single steps up to the start of a turn.
        while w != 0 and i < length:
            s[i] &= MASK[cls][w]
            i += STEP_Q[w] * q + STEP_R[cls][w]
            w = (w + 1) & 7
        if w == 0:
            if cls == 0:  # p = 30q + 1
                i = _turns(s, i, length, p, q, 0, 0, 0, 0, 0, 0, 0,
                           0xFE, 0xFD, 0xFB, 0xF7, 0xEF, 0xDF, 0xBF, 0x7F)
            elif cls == 1:  # p = 30q + 7
                i = _turns(s, i, length, p, q, 1, 2, 3, 3, 4, 5, 6,
                           0xFD, 0xDF, 0xEF, 0xFE, 0x7F, 0xF7, 0xFB, 0xBF)
            elif cls == 2:  # p = 30q + 11
                i = _turns(s, i, length, p, q, 2, 4, 4, 6, 6, 8, 10,
                           0xFB, 0xEF, 0xFE, 0xBF, 0xFD, 0x7F, 0xF7, 0xDF)
            elif cls == 3:  # p = 30q + 13
                i = _turns(s, i, length, p, q, 3, 4, 5, 7, 8, 9, 12,
                           0xF7, 0xFE, 0xBF, 0xDF, 0xFB, 0xFD, 0x7F, 0xEF)
            elif cls == 4:  # p = 30q + 17
                i = _turns(s, i, length, p, q, 3, 6, 7, 9, 10, 13, 16,
                           0xEF, 0x7F, 0xFD, 0xFB, 0xDF, 0xBF, 0xFE, 0xF7)
            elif cls == 5:  # p = 30q + 19
                i = _turns(s, i, length, p, q, 4, 6, 8, 10, 12, 14, 18,
                           0xDF, 0xF7, 0x7F, 0xFD, 0xBF, 0xFE, 0xEF, 0xFB)
            elif cls == 6:  # p = 30q + 23
                i = _turns(s, i, length, p, q, 5, 8, 9, 13, 14, 17, 22,
                           0xBF, 0xFB, 0xF7, 0x7F, 0xFE, 0xEF, 0xDF, 0xFD)
            else:  # p = 30q + 29
                i = _turns(s, i, length, p, q, 6, 10, 12, 16, 18, 22, 28,
                           0x7F, 0xBF, 0xDF, 0xEF, 0xF7, 0xFB, 0xFD, 0xFE)
            # Single steps to the segment's end: fewer than a turn is left.
            while i < length:
                s[i] &= MASK[cls][w]
                i += STEP_Q[w] * q + STEP_R[cls][w]
                w = (w + 1) & 7
        sp.index = <uint32_t> (i - length)
        sp.wheel = w


cdef uint64_t _upper_bound(Py_ssize_t count) noexcept nogil:
    """At least the `count`-th prime (count >= 6): Rosser's pₙ < n (ln n + ln ln n)."""
    cdef double n = <double> count
    return <uint64_t> ceil(n * (log(n) + log(log(n)))) + 1


cdef uint64_t _isqrt(uint64_t n) noexcept nogil:
    cdef uint64_t root = <uint64_t> sqrt(<double> n)
    while root * root > n:
        root -= 1
    while (root + 1) * (root + 1) <= n:
        root += 1
    return root


cdef Py_ssize_t _sieving_primes(
    uint32_t limit, SievingPrime* out, unsigned char* composite
) noexcept nogil:
    """Write the primes 19 <= p <= `limit` (< 2¹⁶) into `out`, found by a plain odd-only
    byte sieve in `composite` (limit // 2 + 1 bytes), each starting at p²; return how many."""
    cdef Py_ssize_t size = limit // 2 + 1
    cdef Py_ssize_t i, j
    cdef Py_ssize_t found = 0
    cdef uint32_t p
    for i in range(size):
        composite[i] = 0
    for i in range(1, size):
        p = <uint32_t> (2 * i + 1)
        if composite[i]:
            continue
        j = (<Py_ssize_t> p * p) // 2
        while j < size:
            composite[j] = 1
            j += p
        if p >= 19:
            out[found].index = <uint32_t> ((<uint64_t> p * p) // 30)
            out[found].prime = p
            out[found].q = p // 30
            out[found].cls = POSITION[p % 30]
            out[found].wheel = POSITION[p % 30]  # the multiplier p itself
            found += 1
    return found


cdef inline void _copy_pattern(unsigned char* s, Py_ssize_t length, uint64_t start) noexcept nogil:
    """s[0:length] = the pattern from byte `start` of the sieve on, repeated."""
    cdef Py_ssize_t phase = <Py_ssize_t> (start % PATTERN_BYTES)
    cdef Py_ssize_t done = 0
    cdef Py_ssize_t chunk
    while done < length:
        chunk = min(length - done, PATTERN_BYTES - phase)
        memcpy(s + done, &PATTERN[phase], chunk)
        done += chunk
        phase = 0


cdef int _fill(
    uint32_t* primes,
    Py_ssize_t count,
    uint64_t limit,
    SievingPrime* sieving,
    Py_ssize_t sieving_count,
    unsigned char* s,
) except -1 nogil:
    """Write the first `count` (>= 6) primes, all <= `limit`, into primes[0:count].

    `s` holds SEGMENT_BYTES bytes. The last segment is rounded up to whole words: the numbers
    past `limit` it holds are never reached, since the count-th prime is at most `limit`.
    """
    cdef uint64_t total = (limit // 30 + 1 + 7) & ~(<uint64_t> 7)
    cdef uint64_t start = 0
    cdef Py_ssize_t length, word_index
    cdef Py_ssize_t active = 0
    cdef Py_ssize_t found = 3
    cdef uint64_t word, base
    cdef int budget = CHECK_EVERY
    primes[0] = 2
    primes[1] = 3
    primes[2] = 5
    while start < total:
        length = <Py_ssize_t> min(total - start, <uint64_t> SEGMENT_BYTES)
        _copy_pattern(s, length, start)
        if start == 0:
            # 1 is not prime; the pattern cleared 7, 11, 13 and 17 themselves.
            s[0] = (s[0] & 0xFE) | 0x1E
        # Sieving primes whose square lies in this segment join (their index was absolute).
        while active < sieving_count and sieving[active].index < start + <uint64_t> length:
            sieving[active].index -= <uint32_t> start
            active += 1
        _cross_off(s, length, sieving, active)
        base = 30 * start
        for word_index in range(0, length, 8):
            word = primes_load_le64(s + word_index)
            while word != 0:
                primes[found] = <uint32_t> (base + NUMBER_AT_BIT[primes_lowest_bit(word)])
                found += 1
                if found == count:
                    return 0
                word &= word - 1
            base += 240
        budget -= 1
        if budget == 0:
            with gil:
                PyErr_CheckSignals()
            budget = CHECK_EVERY
        start += <uint64_t> length
    # Unreachable: the bound is a theorem, and the tests check it across counts.
    with gil:
        raise AssertionError(f"wheel sieve bound too small for count {count}")


cdef int _first_n_into(uint32_t* primes, Py_ssize_t count) except -1:
    """Fill primes[0:count]; called with the GIL, sieves without it. Every working buffer is
    allocated before any work, and Python frees them whatever happens."""
    global pattern_built
    cdef Py_ssize_t k
    if count <= 5:
        for k in range(count):
            primes[k] = FIRST_PRIMES[k]
        return 0
    if not pattern_built:
        _build_pattern()  # with the GIL held: one thread builds it, once
        pattern_built = True
    # Every prime up to MAX_COUNT is below 2³², so the bound may be clipped there.
    cdef uint64_t limit = min(_upper_bound(count), <uint64_t> 0xFFFFFFFF)
    cdef uint32_t root = <uint32_t> _isqrt(limit)
    # The primes up to root number fewer than root // 2 + 1.
    cdef Py_ssize_t capacity = root // 2 + 1
    cdef unsigned char[::1] sieving_bytes = new_array(
        "B", capacity * sizeof(SievingPrime), count
    )
    cdef unsigned char[::1] scratch = new_array("B", capacity, count)
    cdef unsigned char[::1] segment = new_array("B", SEGMENT_BYTES, count)
    cdef SievingPrime* sieving = <SievingPrime*> &sieving_bytes[0]
    cdef Py_ssize_t sieving_count
    with nogil:
        sieving_count = _sieving_primes(root, sieving, &scratch[0])
        _fill(primes, count, limit, sieving, sieving_count, &segment[0])
    return 0


def first_n(count):
    """The first `count` primes by a segmented mod-30 wheel sieve, without the GIL."""
    cdef Py_ssize_t n = check_count(count, "cython-wheel", MAX_COUNT, "a uint32_t")
    if n == 0:
        return []
    cdef uint32_t[::1] primes = new_array("I", n, n)
    _first_n_into(&primes[0], n)
    return as_list(primes)


def first_n_buffer(count):
    """The first `count` primes as a uint32 memoryview over a bytearray, sieved in place."""
    cdef Py_ssize_t n = check_count(count, "cython-wheel", MAX_COUNT, "a uint32_t")
    cdef object buffer = new_buffer(n)
    if n > 0:
        _first_n_into(<uint32_t*> PyByteArray_AS_STRING(buffer.obj), n)
    return buffer
