# cython: language_level=3
# cython: boundscheck=False
# cython: wraparound=False
# cython: cdivision=True
# cython: initializedcheck=False
# cython: infer_types=False
"""A segmented sieve of Eratosthenes on a mod-30 wheel, in Cython.

Byte i of the sieve stands for the 8 numbers 30i + {1, 7, 11, 13, 17, 19, 23, 29}, one bit
each, so only the numbers coprime to 30 take space. Segments of up to 128 KiB (in the L2
cache) are sieved in chunks of 32 KiB (the L1 cache). Each chunk starts as the AND of 14
patterns that clear the multiples of the primes 7 to 149; every small sieving prime keeps its
next multiple across chunks and clears 8 multiples per turn of the wheel with constant offsets
and masks (primesieve's EratSmall). The medium ones, with too few multiples in a chunk for
whole turns to pay, clear theirs one at a time over the whole segment (as primesieve's
EratMedium does). Both kinds are sorted by residue class, so the branch on the class is
predicted. The primes are read out a byte at a time from a table, straight into the caller's
memory. The same algorithm as rust/core/src/wheel.rs.
"""

from cpython.array cimport array
from cpython.bytearray cimport PyByteArray_AS_STRING
from cpython.exc cimport PyErr_CheckSignals
from cpython.mem cimport PyMem_RawFree, PyMem_RawMalloc
from libc.stdint cimport uint8_t, uint32_t, uint64_t
from libc.stdlib cimport qsort
from libc.string cimport memcpy

from primes_cython._shared cimport (
    PRIMES_OPTIMIZED,
    check_count,
    isqrt,
    list_from,
    new_array,
    new_buffer,
    nth_prime_upper_bound,
    out_of_memory_message,
)

#: The largest count whose last prime fits in a uint32_t: π(2³²) = 203,280,221 (OEIS A007053).
MAX_COUNT = 203_280_221
#: "release" when the C compiler optimised this module; the tests refuse anything else.
BUILD_PROFILE = "release" if PRIMES_OPTIMIZED else "debug"

cdef enum:
    # Bytes per chunk: 32 KiB, the L1 data cache of most x86 cores (983,040 numbers).
    CHUNK_BYTES = 32 * 1024
    # Chunks per segment at most: a segment is twice the square root of the sieve's end
    # (so the largest sieving prime has a dozen multiples or more in each), in whole chunks.
    MAX_CHUNKS = 4
    # Sieving primes up to this one are small (at least ~40 multiples in a chunk).
    LARGEST_SMALL = 6000
    # Chunks between two Ctrl-C checks: each takes ~0.1 ms, so a check every few ms.
    CHECK_EVERY = 32
    # The pre-sieve: PATTERN_COUNT patterns, one per group of primes (PRESIEVED, in order,
    # GROUP_END[g] ending group g). Pattern g repeats every product-of-its-primes bytes, as
    # 30 is coprime to them; the periods, all below 64 KiB, add up to PATTERNS_BYTES (the
    # patterns stay in the L2 cache).
    PATTERN_COUNT = 14
    PRESIEVED_COUNT = 32
    LARGEST_PRESIEVED = 149
    MAX_PATTERN_BYTES = 31 * 37 * 41
    PATTERNS_BYTES = (
        7 * 11 * 13 * 17 + 19 * 23 * 29 + 31 * 37 * 41 + 43 * 47 + 53 * 59 + 61 * 67
        + 71 * 73 + 79 * 83 + 89 * 97 + 101 * 103 + 107 * 109 + 113 * 127 + 131 * 137
        + 139 * 149
    )

cdef uint32_t[PRESIEVED_COUNT] PRESIEVED = [
    7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97,
    101, 103, 107, 109, 113, 127, 131, 137, 139, 149,
]
cdef uint8_t[PATTERN_COUNT] GROUP_END = [4, 7, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32]
# Pattern g is PATTERNS[PATTERN_START[g] : PATTERN_START[g] + PATTERN_LENGTH[g]]; built on
# the first call that needs them, with the GIL held.
cdef unsigned char[PATTERNS_BYTES] PATTERNS
# Scratch for building them: one prime's multiples, tiled to a pattern's length.
cdef unsigned char[MAX_PATTERN_BYTES] TILE
cdef Py_ssize_t[PATTERN_COUNT] PATTERN_START
cdef Py_ssize_t[PATTERN_COUNT] PATTERN_LENGTH
cdef bint patterns_built = False

# The wheel: bit j of a byte is the number 30i + RESIDUES[j].
cdef uint32_t[8] RESIDUES = [1, 7, 11, 13, 17, 19, 23, 29]
# A single step from wheel position w to w + 1 (the multiplier's residue RESIDUES[w] to the
# next one, 29 to 31) moves the byte index of p·multiplier, p = 30q + r, by
# STEP_Q[w]·q + STEP_R[class of r][w]; the multiple at position w is cleared with MASK[class][w].
cdef uint8_t[8] STEP_Q = [6, 4, 2, 4, 2, 4, 6, 2]
cdef uint8_t[8][8] STEP_R
cdef uint8_t[8][8] MASK
# OFFSET[c][j]: the constant part of the j-th multiple's byte offset in a whole turn of the
# wheel (multipliers 30k + RESIDUES[j]) for a prime of class c; the whole offset is
# (RESIDUES[j] - 1)·q + OFFSET[c][j].
cdef Py_ssize_t[8][8] OFFSET
# Wheel position of each residue mod 30 that is coprime to 30 (the others are unused).
cdef uint8_t[30] POSITION
# For each byte value: the residues of its set bits in order, padded with zeros, and how
# many there are (baseline x86-64 has no popcnt instruction).
cdef uint32_t[256][8] BYTE_RESIDUES
cdef uint8_t[256] BYTE_COUNT
cdef uint32_t[5] FIRST_PRIMES = [2, 3, 5, 7, 11]

cdef struct SievingPrime:
    # Byte index of the next multiple to clear, relative to the start of the next chunk (for
    # a small prime) or segment (for a medium one); at first, its square's.
    uint32_t index
    # The prime p = 30q + r, q, and the wheel position of r (its class).
    uint32_t prime
    uint32_t q
    uint8_t cls
    # Wheel position of the next multiple's multiplier.
    uint8_t wheel


cdef void _build_tables() noexcept nogil:
    cdef int c, w, r, byte, bit, n
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
        OFFSET[c][0] = 0
        for w in range(1, 8):
            OFFSET[c][w] = OFFSET[c][w - 1] + STEP_R[c][w - 1]
    for byte in range(256):
        n = 0
        for bit in range(8):
            BYTE_RESIDUES[byte][bit] = 0
        for bit in range(8):
            if byte & (1 << bit):
                BYTE_RESIDUES[byte][n] = RESIDUES[bit]
                n += 1
        BYTE_COUNT[byte] = <uint8_t> n


_build_tables()


cdef void _tile(unsigned char* out, Py_ssize_t length, uint32_t p) noexcept nogil:
    """out[0:length] = the sieve bytes with p's multiples cleared, which repeat every p
    bytes (30 is coprime to p): the 8 multiples p·1 to p·29 of the first p bytes, then copies
    of what is built so far, doubling (a few memcpy calls, not a step per multiple)."""
    cdef Py_ssize_t done = min(<Py_ssize_t> p, length)
    cdef Py_ssize_t i
    cdef uint32_t multiple
    for i in range(done):
        out[i] = 0xFF
    for i in range(8):
        multiple = p * RESIDUES[i]
        if multiple // 30 < <uint32_t> done:
            out[multiple // 30] &= 0xFF ^ (1 << POSITION[multiple % 30])
    while done < length:
        i = min(done, length - done)  # `done` is a multiple of p: the copy keeps the period
        memcpy(out + done, out, i)
        done += i


cdef void _build_patterns() noexcept nogil:
    """Each pattern: its first prime's tiling, ANDed with each other prime's (in TILE)."""
    cdef Py_ssize_t g, k, i, start = 0, length
    cdef unsigned char* pattern
    k = 0
    for g in range(PATTERN_COUNT):
        length = 1
        for i in range(k, GROUP_END[g]):
            length *= PRESIEVED[i]
        PATTERN_START[g] = start
        PATTERN_LENGTH[g] = length
        pattern = &PATTERNS[start]
        _tile(pattern, length, PRESIEVED[k])
        k += 1
        while k < GROUP_END[g]:
            _tile(TILE, length, PRESIEVED[k])
            for i in range(length):
                pattern[i] &= TILE[i]
            k += 1
        start += length


cdef void _presieve(unsigned char* s, Py_ssize_t length, uint64_t start) noexcept nogil:
    """s[0:length] = the AND of every pattern from byte `start` of the sieve on."""
    cdef Py_ssize_t g, phase, done, chunk, j
    cdef const unsigned char* pattern
    for g in range(PATTERN_COUNT):
        pattern = &PATTERNS[PATTERN_START[g]]
        phase = <Py_ssize_t> (start % <uint64_t> PATTERN_LENGTH[g])
        done = 0
        while done < length:
            chunk = min(length - done, PATTERN_LENGTH[g] - phase)
            if g == 0:
                memcpy(s + done, pattern + phase, chunk)
            else:
                for j in range(chunk):
                    s[done + j] &= pattern[phase + j]
            done += chunk
            phase = 0


cdef void _cross_off(
    unsigned char* s, Py_ssize_t length, SievingPrime* sieving, Py_ssize_t count
) noexcept nogil:
    """Clear the multiples of the `count` small sieving primes in the chunk s[0:length].

    The whole turns are spelled out once per residue class, so that each loop has its masks
    as immediates. (A `cdef inline` function called with constants would say the same in one
    place, but GCC does not inline it: "inline-unit-growth limit reached" in a Cython
    module's C, most of which is Cython's own inline helpers. Rust's const generics give each
    class its loop from one definition.) Each loop walks a pointer and keeps the turn's
    offsets in locals: ten registers, so nothing is reloaded from the stack per turn.
    """
    cdef Py_ssize_t k, i, p, q, stop
    cdef Py_ssize_t o1, o2, o3, o4, o5, o6, o7
    cdef unsigned char* t
    cdef unsigned char* end
    cdef const Py_ssize_t* offset
    cdef uint8_t cls, w
    cdef SievingPrime* sp
    for k in range(count):
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
        # Whole turns while the 8th multiple (the farthest) is in the chunk: p·(30k + 1) to
        # p·(30k + 29), at bytes t + TURN[j]·q + OFFSET[cls][j].
        offset = OFFSET[cls]
        stop = length - (28 * q + offset[7])
        if w == 0 and i < stop:
            o1 = 6 * q + offset[1]
            o2 = 10 * q + offset[2]
            o3 = 12 * q + offset[3]
            o4 = 16 * q + offset[4]
            o5 = 18 * q + offset[5]
            o6 = 22 * q + offset[6]
            o7 = 28 * q + offset[7]
            t = s + i
            end = s + stop
            if cls == 0:  # p = 30q + 1
                while t < end:
                    t[0] &= 0xFE
                    t[o1] &= 0xFD
                    t[o2] &= 0xFB
                    t[o3] &= 0xF7
                    t[o4] &= 0xEF
                    t[o5] &= 0xDF
                    t[o6] &= 0xBF
                    t[o7] &= 0x7F
                    t += p
            elif cls == 1:  # p = 30q + 7
                while t < end:
                    t[0] &= 0xFD
                    t[o1] &= 0xDF
                    t[o2] &= 0xEF
                    t[o3] &= 0xFE
                    t[o4] &= 0x7F
                    t[o5] &= 0xF7
                    t[o6] &= 0xFB
                    t[o7] &= 0xBF
                    t += p
            elif cls == 2:  # p = 30q + 11
                while t < end:
                    t[0] &= 0xFB
                    t[o1] &= 0xEF
                    t[o2] &= 0xFE
                    t[o3] &= 0xBF
                    t[o4] &= 0xFD
                    t[o5] &= 0x7F
                    t[o6] &= 0xF7
                    t[o7] &= 0xDF
                    t += p
            elif cls == 3:  # p = 30q + 13
                while t < end:
                    t[0] &= 0xF7
                    t[o1] &= 0xFE
                    t[o2] &= 0xBF
                    t[o3] &= 0xDF
                    t[o4] &= 0xFB
                    t[o5] &= 0xFD
                    t[o6] &= 0x7F
                    t[o7] &= 0xEF
                    t += p
            elif cls == 4:  # p = 30q + 17
                while t < end:
                    t[0] &= 0xEF
                    t[o1] &= 0x7F
                    t[o2] &= 0xFD
                    t[o3] &= 0xFB
                    t[o4] &= 0xDF
                    t[o5] &= 0xBF
                    t[o6] &= 0xFE
                    t[o7] &= 0xF7
                    t += p
            elif cls == 5:  # p = 30q + 19
                while t < end:
                    t[0] &= 0xDF
                    t[o1] &= 0xF7
                    t[o2] &= 0x7F
                    t[o3] &= 0xFD
                    t[o4] &= 0xBF
                    t[o5] &= 0xFE
                    t[o6] &= 0xEF
                    t[o7] &= 0xFB
                    t += p
            elif cls == 6:  # p = 30q + 23
                while t < end:
                    t[0] &= 0xBF
                    t[o1] &= 0xFB
                    t[o2] &= 0xF7
                    t[o3] &= 0x7F
                    t[o4] &= 0xFE
                    t[o5] &= 0xEF
                    t[o6] &= 0xDF
                    t[o7] &= 0xFD
                    t += p
            else:  # p = 30q + 29
                while t < end:
                    t[0] &= 0x7F
                    t[o1] &= 0xBF
                    t[o2] &= 0xDF
                    t[o3] &= 0xEF
                    t[o4] &= 0xF7
                    t[o5] &= 0xFB
                    t[o6] &= 0xFD
                    t[o7] &= 0xFE
                    t += p
            i = t - s
        # Single steps to the chunk's end: fewer than a turn is left.
        while i < length:
            s[i] &= MASK[cls][w]
            i += STEP_Q[w] * q + STEP_R[cls][w]
            w = (w + 1) & 7
        sp.index = <uint32_t> (i - length)
        sp.wheel = w


cdef void _cross_off_medium(
    unsigned char* s, Py_ssize_t length, SievingPrime* sieving, Py_ssize_t count
) noexcept nogil:
    """Clear the multiples of the `count` medium sieving primes in the segment s[0:length],
    one per iteration: a loop with one exit, mispredicted once per prime and segment, where
    _cross_off's three loops would mispredict at each of their exits."""
    cdef Py_ssize_t k, i, q
    cdef int j
    cdef uint8_t cls, w
    cdef const uint8_t* mask
    cdef Py_ssize_t[8] step
    cdef SievingPrime* sp
    for k in range(count):
        sp = &sieving[k]
        i = sp.index
        if i >= length:
            sp.index = <uint32_t> (i - length)
            continue
        q = sp.q
        cls = sp.cls
        w = sp.wheel
        mask = MASK[cls]
        for j in range(8):
            step[j] = STEP_Q[j] * q + STEP_R[cls][j]
        while i < length:
            s[i] &= mask[w]
            i += step[w]
            w = (w + 1) & 7
        sp.index = <uint32_t> (i - length)
        sp.wheel = w


cdef int _by_class(const void* a, const void* b) noexcept nogil:
    return (<const SievingPrime*> a).cls - (<const SievingPrime*> b).cls


cdef Py_ssize_t _sieving_primes(
    uint32_t limit, SievingPrime* out, unsigned char* composite
) noexcept nogil:
    """Write the primes LARGEST_PRESIEVED < p <= `limit` (< 2¹⁶) into `out`, found by a plain
    odd-only byte sieve in `composite` (limit // 2 + 1 bytes), each starting at p² (smaller
    multiples have a smaller factor); return how many there are."""
    cdef Py_ssize_t size = limit // 2 + 1
    cdef Py_ssize_t i, j
    cdef Py_ssize_t found = 0
    cdef uint32_t p
    for i in range(size):
        composite[i] = 0
    for i in range(1, size):
        if composite[i]:
            continue
        p = <uint32_t> (2 * i + 1)
        j = (<Py_ssize_t> p * p) // 2
        while j < size:
            composite[j] = 1
            j += p
        if p > LARGEST_PRESIEVED:
            out[found].index = <uint32_t> ((<uint64_t> p * p) // 30)
            out[found].prime = p
            out[found].q = p // 30
            out[found].cls = POSITION[p % 30]
            out[found].wheel = POSITION[p % 30]  # the multiplier p itself
            found += 1
    return found


cdef int _fill(
    uint32_t* primes,
    Py_ssize_t count,
    uint64_t limit,
    SievingPrime* sieving,
    Py_ssize_t small_count,
    Py_ssize_t sieving_count,
    unsigned char* s,
    Py_ssize_t segment_bytes,
) except -1 nogil:
    """Write the first `count` (>= 6) primes, all <= `limit`, into primes[0:count].

    sieving[0:small_count] are the small sieving primes, the rest up to `sieving_count` the
    medium ones. `s` holds `segment_bytes` bytes. The last segment is rounded up to whole
    words: the numbers past `limit` it holds are never reached, since the count-th prime is
    at most `limit`.
    """
    cdef uint64_t total = (limit // 30 + 1 + 7) & ~(<uint64_t> 7)
    cdef uint64_t start = 0
    cdef Py_ssize_t length, b, k, chunk, piece
    cdef Py_ssize_t found = 3
    # While 8 slots are left at primes[found:]: found < count - 7.
    cdef Py_ssize_t fast = count - 7
    cdef unsigned int byte
    cdef uint32_t value
    cdef uint32_t* out
    cdef const uint32_t* row
    cdef uint32_t r0, r1, r2, r3, r4, r5, r6, r7
    cdef int budget = CHECK_EVERY
    primes[0] = 2
    primes[1] = 3
    primes[2] = 5
    while start < total:
        length = <Py_ssize_t> min(total - start, <uint64_t> segment_bytes)
        chunk = 0
        while chunk < length:
            piece = min(length - chunk, <Py_ssize_t> CHUNK_BYTES)
            _presieve(s + chunk, piece, start + <uint64_t> chunk)
            _cross_off(s + chunk, piece, sieving, small_count)
            chunk += piece
            budget -= 1
        if start == 0:
            # 1 is not prime; the patterns cleared the presieved primes themselves.
            s[0] &= 0xFE
            for k in range(PRESIEVED_COUNT):
                s[PRESIEVED[k] // 30] |= 1 << POSITION[PRESIEVED[k] % 30]
        _cross_off_medium(s, length, sieving + small_count, sieving_count - small_count)
        # Extraction, a byte at a time with no branch on its bits: all 8 slots get the
        # byte's residues (two SSE2 adds and stores), and `found` moves on by its set bits;
        # the next bytes overwrite the slots past them. uint32_t arithmetic wraps: only the
        # zero bytes of the last segment can pass 2³², and they write nothing that stays.
        value = <uint32_t> (30 * start)
        b = 0
        while b < length and found < fast:
            byte = s[b]
            # Every load before any store: `out` might alias the table as far as the C
            # compiler knows, and the loads must come first for it to use vectors.
            row = BYTE_RESIDUES[byte]
            r0 = row[0]
            r1 = row[1]
            r2 = row[2]
            r3 = row[3]
            r4 = row[4]
            r5 = row[5]
            r6 = row[6]
            r7 = row[7]
            out = primes + found
            out[0] = value + r0
            out[1] = value + r1
            out[2] = value + r2
            out[3] = value + r3
            out[4] = value + r4
            out[5] = value + r5
            out[6] = value + r6
            out[7] = value + r7
            found += BYTE_COUNT[byte]
            value += 30
            b += 1
        # The last few primes, where 8 slots would not fit: one at a time.
        while b < length:
            byte = s[b]
            for k in range(BYTE_COUNT[byte]):
                if found == count:
                    return 0
                primes[found] = value + BYTE_RESIDUES[byte][k]
                found += 1
            value += 30
            b += 1
        if found == count:
            return 0
        if budget <= 0:
            with gil:
                PyErr_CheckSignals()
            budget = CHECK_EVERY
        start += <uint64_t> length
    # Unreachable: the bound is a theorem, and the tests check it across counts.
    with gil:
        raise AssertionError(f"wheel sieve bound too small for count {count}")


cdef int _first_n_into(uint32_t* primes, Py_ssize_t count) except -1:
    """Fill primes[0:count]; called with the GIL, sieves without it.

    The working memory is one raw block, allocated before any work and freed however this
    exits: the sieving primes, then the segment (which the small sieve uses first).
    """
    global patterns_built
    cdef Py_ssize_t k
    if count <= 5:
        for k in range(count):
            primes[k] = FIRST_PRIMES[k]
        return 0
    if not patterns_built:
        _build_patterns()  # with the GIL held: one thread builds them, once
        patterns_built = True
    # Every prime up to MAX_COUNT is below 2³², so the bound may be clipped there.
    cdef uint64_t limit = min(nth_prime_upper_bound(count), <uint64_t> 0xFFFFFFFF)
    cdef uint32_t root = <uint32_t> isqrt(limit)
    cdef Py_ssize_t chunks = (2 * <Py_ssize_t> root + CHUNK_BYTES - 1) // CHUNK_BYTES
    chunks = min(max(chunks, 1), MAX_CHUNKS)
    cdef Py_ssize_t segment_bytes = chunks * CHUNK_BYTES
    # More than the primes up to root; root // 2 + 1 <= 32,768 scratch bytes fit a segment.
    cdef Py_ssize_t capacity = root // 2 + 1
    cdef Py_ssize_t segment_offset = capacity * sizeof(SievingPrime)
    cdef unsigned char* work = <unsigned char*> PyMem_RawMalloc(segment_offset + segment_bytes)
    if work == NULL:
        raise MemoryError(out_of_memory_message(count))
    cdef SievingPrime* sieving = <SievingPrime*> work
    cdef unsigned char* segment = work + segment_offset
    cdef Py_ssize_t sieving_count, small_count
    try:
        with nogil:
            sieving_count = _sieving_primes(root, sieving, segment)
            small_count = 0
            while small_count < sieving_count and sieving[small_count].prime <= LARGEST_SMALL:
                small_count += 1
            qsort(sieving, small_count, sizeof(SievingPrime), _by_class)
            qsort(
                sieving + small_count, sieving_count - small_count, sizeof(SievingPrime),
                _by_class,
            )
            _fill(
                primes, count, limit, sieving, small_count, sieving_count, segment,
                segment_bytes,
            )
    finally:
        PyMem_RawFree(work)
    return 0


def first_n(count):
    """The first `count` primes by a segmented mod-30 wheel sieve, without the GIL."""
    cdef Py_ssize_t n = check_count(count, "cython-wheel", MAX_COUNT, "a uint32_t", as_list=True)
    if n == 0:
        return []
    cdef array primes = new_array("I", n, n)
    _first_n_into(primes.data.as_uints, n)
    return list_from(<const uint32_t*> primes.data.as_uints, n)


def first_n_buffer(count):
    """The first `count` primes as a uint32 memoryview over a bytearray, sieved in place."""
    cdef Py_ssize_t n = check_count(count, "cython-wheel", MAX_COUNT, "a uint32_t")
    cdef object buffer = new_buffer(n)
    if n > 0:
        _first_n_into(<uint32_t*> PyByteArray_AS_STRING(buffer.obj), n)
    return buffer
