//! A segmented sieve of Eratosthenes on a mod-30 wheel, one bit per number coprime to 30.
//!
//! Byte i of the sieve stands for the eight numbers 30i + {1, 7, 11, 13, 17, 19, 23, 29}:
//! multiples of 2, 3 and 5 take no space at all. Segments of up to 128 KiB (within the L2
//! cache) are sieved one after another, each in chunks of 32 KiB (the L1 data cache). A chunk
//! starts as the AND of compile-time patterns with the multiples of 7 to 149 already cleared;
//! the small sieving primes then clear their multiples in it eight at a time, one whole turn
//! of the wheel per loop iteration, with the byte offsets and bit masks of their residue
//! class as constants (the scheme of primesieve's EratSmall). The medium ones, with too few
//! multiples per chunk for whole turns to pay, clear theirs over the whole segment one at a
//! time (as primesieve's EratMedium does); the primes are kept sorted by residue class so
//! that the code for each class is picked once per segment, not once per prime.
//!
//! No bucket sieve (primesieve's EratBig) is needed: it pays off for primes with no multiple
//! in most segments, and below 2³² the sieving primes stop at 2¹⁶, which have a dozen or
//! more in every segment of 128 KiB (3.9 million numbers).
//!
//! The primes are read out a byte at a time through a table, straight into the caller's
//! slice, so a buffer made by the caller is filled with no copy.

use std::mem::MaybeUninit;

use crate::sieve::{nth_prime_upper_bound, odd_primes_up_to};
use crate::{Budget, Error, U32_MAX_COUNT, try_filled, try_with_capacity, u32_result};

/// The numbers coprime to 30 below 30, one per bit of a sieve byte (bit k stands for
/// `RESIDUES[k]`).
const RESIDUES: [u64; 8] = [1, 7, 11, 13, 17, 19, 23, 29];

/// From each residue to the next number coprime to 30: the multiplier's steps around the wheel.
const STEPS: [usize; 8] = [6, 4, 2, 4, 2, 4, 6, 2];

/// Bytes per chunk: the L1 data cache of most x86 cores (983,040 numbers). The pre-sieve and
/// the small sieving primes work one chunk at a time, so their many writes stay in L1.
const CHUNK_BYTES: usize = 32 * 1024;

/// The largest segment: several chunks, within the L2 cache of most x86 cores.
const MAX_SEGMENT_BYTES: usize = 4 * CHUNK_BYTES;

/// Sieving primes up to this one are small: they have at least ~40 multiples in a chunk, so
/// they cross off chunk by chunk, eight multiples per iteration. The larger (medium) ones
/// cross off over the whole segment, one multiple per iteration: spread over more bytes,
/// each one's cost of starting and stopping (mispredicted branches) is paid less often.
const LARGEST_SMALL: u32 = 6_000;

/// Bytes per segment for sieving up to `limit`: twice √limit (so even the largest sieving
/// prime has a dozen multiples or more in each), rounded up to whole chunks, within [`MAX_SEGMENT_BYTES`].
fn segment_bytes(limit: u64) -> usize {
    let wanted = 2 * limit.isqrt() as usize;
    wanted
        .div_ceil(CHUNK_BYTES)
        .clamp(1, MAX_SEGMENT_BYTES / CHUNK_BYTES)
        * CHUNK_BYTES
}

/// The index in [`RESIDUES`] of `r` (< 30, coprime to 30).
const fn residue_index(r: u64) -> usize {
    let mut k = 0;
    while RESIDUES[k] != r {
        k += 1;
    }
    k
}

/// For a prime p ≡ RESIDUES[c] (mod 30) whose current multiple has the multiplier
/// q ≡ RESIDUES[w]: the bit of that multiple within its byte, `BIT[c][w]`, and the carry
/// `CARRY[c][w]` that the next multiple's byte index gains beyond (p / 30) · STEPS[w].
const fn wheel_tables() -> ([[u8; 8]; 8], [[usize; 8]; 8]) {
    let mut bit = [[0u8; 8]; 8];
    let mut carry = [[0usize; 8]; 8];
    let mut c = 0;
    while c < 8 {
        let mut w = 0;
        while w < 8 {
            let product = RESIDUES[c] * RESIDUES[w] % 30;
            bit[c][w] = residue_index(product) as u8;
            carry[c][w] = ((product + RESIDUES[c] * STEPS[w] as u64) / 30) as usize;
            w += 1;
        }
        c += 1;
    }
    (bit, carry)
}

const BIT: [[u8; 8]; 8] = wheel_tables().0;
const CARRY: [[usize; 8]; 8] = wheel_tables().1;

/// `OFFSET[c][k]`: the constant part of the k-th multiple's byte offset within a wheel turn
/// that starts at multiplier position 0; the whole offset is (p / 30) · TURN[k] + OFFSET[c][k].
const OFFSET: [[usize; 8]; 8] = {
    let mut offset = [[0usize; 8]; 8];
    let mut c = 0;
    while c < 8 {
        let mut k = 1;
        while k < 8 {
            offset[c][k] = offset[c][k - 1] + CARRY[c][k - 1];
            k += 1;
        }
        c += 1;
    }
    offset
};
/// The multiplier's distance from the turn's start at each position: prefix sums of STEPS.
const TURN: [usize; 8] = [0, 6, 10, 12, 16, 18, 22, 28];

/// Byte i of the pattern for `primes` (whose product is N) has bit k set when
/// 30i + RESIDUES[k] has no factor among them: divisibility by all of them repeats every N
/// bytes. Built at compile time: nothing to allocate or initialise at run time.
const fn pattern<const N: usize>(primes: &[u64]) -> [u8; N] {
    let mut pattern = [0xffu8; N];
    let mut j = 0;
    while j < primes.len() {
        // Every multiple p·q with q coprime to 30 (the others have no bit), p itself included.
        let p = primes[j];
        let (mut q, mut wheel) = (1, 0);
        while p * q < 30 * N as u64 {
            let multiple = p * q;
            pattern[(multiple / 30) as usize] &= !(1 << residue_index(multiple % 30));
            q += STEPS[wheel] as u64;
            wheel = (wheel + 1) % 8;
        }
        j += 1;
    }
    pattern
}

/// The pre-sieve: every segment starts as the AND of these patterns, so the multiples of
/// 7 to 149 are never crossed off one by one; each pass over a 32 KiB segment costs far
/// less than crossing off the ~262,144 / p multiples of each prime p it covers.
/// Periods stay below 64 KiB so all of them (about 200 KB) stay in the L2 cache.
static PATTERNS: [&[u8]; 14] = [
    &pattern::<{ 7 * 11 * 13 * 17 }>(&[7, 11, 13, 17]),
    &pattern::<{ 19 * 23 * 29 }>(&[19, 23, 29]),
    &pattern::<{ 31 * 37 * 41 }>(&[31, 37, 41]),
    &pattern::<{ 43 * 47 }>(&[43, 47]),
    &pattern::<{ 53 * 59 }>(&[53, 59]),
    &pattern::<{ 61 * 67 }>(&[61, 67]),
    &pattern::<{ 71 * 73 }>(&[71, 73]),
    &pattern::<{ 79 * 83 }>(&[79, 83]),
    &pattern::<{ 89 * 97 }>(&[89, 97]),
    &pattern::<{ 101 * 103 }>(&[101, 103]),
    &pattern::<{ 107 * 109 }>(&[107, 109]),
    &pattern::<{ 113 * 127 }>(&[113, 127]),
    &pattern::<{ 131 * 137 }>(&[131, 137]),
    &pattern::<{ 139 * 149 }>(&[139, 149]),
];
/// The primes the patterns cover, 7 to this one: the sieving primes are the ones above it.
const LARGEST_PRESIEVED: u32 = 149;
/// Every one of them, for setting the primes themselves back in the first segment.
const PRESIEVED: [u64; 32] = [
    7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97, 101,
    103, 107, 109, 113, 127, 131, 137, 139, 149,
];

/// Sets `segment` (starting at byte `base`) to the pre-sieve: the AND of every pattern at the
/// segment's phase in it.
fn presieve(segment: &mut [u8], base: u64) {
    for (index, pattern) in PATTERNS.iter().enumerate() {
        let mut phase = (base % pattern.len() as u64) as usize;
        let mut filled = 0;
        while filled < segment.len() {
            let n = (pattern.len() - phase).min(segment.len() - filled);
            let (to, from) = (&mut segment[filled..filled + n], &pattern[phase..phase + n]);
            if index == 0 {
                to.copy_from_slice(from);
            } else {
                for (byte, &bits) in to.iter_mut().zip(from) {
                    *byte &= bits;
                }
            }
            filled += n;
            phase = 0;
        }
    }
}

/// For each sieve byte: its set bits (x86-64's baseline has no popcnt instruction).
static BYTE_COUNT: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = (byte as u8).count_ones() as u8;
        byte += 1;
    }
    table
};

/// For each sieve byte: the residues of its set bits, in order, padded with zeros.
static BYTE_RESIDUES: [[u32; 8]; 256] = {
    let mut table = [[0u32; 8]; 256];
    let mut byte = 0;
    while byte < 256 {
        let (mut k, mut n) = (0, 0);
        while k < 8 {
            if byte & (1 << k) != 0 {
                table[byte][n] = RESIDUES[k] as u32;
                n += 1;
            }
            k += 1;
        }
        byte += 1;
    }
    table
};

/// A prime larger than [`LARGEST_PRESIEVED`] and where its next multiple to clear is.
#[derive(Clone, Copy)]
struct SievingPrime {
    /// p / 30.
    quotient: u32,
    /// p's residue class: p ≡ RESIDUES[class] (mod 30).
    class: u8,
    /// The position of the next multiple's multiplier on the wheel (index into RESIDUES).
    wheel: u8,
    /// The next multiple's byte index, relative to the start of the current segment.
    next: usize,
}

/// Clears the multiples of one sieving prime of class `C` in `segment`, from byte `next` and
/// wheel position `wheel` on; returns where the first multiple past the segment lies, as a
/// byte index relative to the segment's end, and its wheel position.
#[inline(always)]
fn cross_off<const C: usize>(
    segment: &mut [u8],
    quotient: usize,
    mut next: usize,
    mut wheel: usize,
) -> (usize, usize) {
    let len = segment.len();
    // Single multiples up to the start of a wheel turn.
    while wheel != 0 {
        if next >= len {
            return (next - len, wheel);
        }
        cross_off_one::<C>(segment, quotient, &mut next, &mut wheel);
    }
    // Whole turns: eight multiples at constant offsets, while the last of them is in the segment.
    let last = quotient * TURN[7] + OFFSET[C][7];
    let turn = quotient * 30 + RESIDUES[C] as usize;
    if len > last {
        let end = len - last;
        let offsets: [usize; 8] = std::array::from_fn(|k| quotient * TURN[k] + OFFSET[C][k]);
        while next < end {
            for k in 0..8 {
                // SAFETY: next + offsets[k] <= next + last < end + last = len.
                unsafe { *segment.get_unchecked_mut(next + offsets[k]) &= !(1 << BIT[C][k]) };
            }
            next += turn;
        }
    }
    // Fewer than eight multiples left in the segment: single ones again.
    loop {
        if next >= len {
            return (next - len, wheel);
        }
        cross_off_one::<C>(segment, quotient, &mut next, &mut wheel);
    }
}

/// Clears the multiple at byte `next` and wheel position `wheel` of a prime of class `C`,
/// and moves both on to the next multiple.
#[inline(always)]
fn cross_off_one<const C: usize>(
    segment: &mut [u8],
    quotient: usize,
    next: &mut usize,
    wheel: &mut usize,
) {
    segment[*next] &= !(1 << BIT[C][*wheel]);
    *next += quotient * STEPS[*wheel] + CARRY[C][*wheel];
    *wheel = (*wheel + 1) & 7;
}

/// Clears the multiples of one medium sieving prime of class `C` in `segment`, one per
/// iteration, with the same contract as [`cross_off`]. A medium prime has a few dozen
/// multiples in a segment at most: a plain loop with a single exit mispredicts once per prime
/// and segment, where [`cross_off`]'s three loops would mispredict at each of their exits.
#[inline(always)]
fn cross_off_medium<const C: usize>(
    segment: &mut [u8],
    quotient: usize,
    mut next: usize,
    mut wheel: usize,
) -> (usize, usize) {
    let len = segment.len();
    let steps: [usize; 8] = std::array::from_fn(|w| quotient * STEPS[w] + CARRY[C][w]);
    while next < len {
        segment[next] &= !(1 << BIT[C][wheel]);
        next += steps[wheel];
        wheel = (wheel + 1) & 7;
    }
    (next - len, wheel)
}

/// Clears the multiples of every prime in `primes` (of class `C`) in `segment`: by
/// [`cross_off_medium`] when `MEDIUM`, else by [`cross_off`].
fn cross_off_class<const C: usize, const MEDIUM: bool>(
    primes: &mut [SievingPrime],
    segment: &mut [u8],
) {
    for prime in primes {
        let (q, next, wheel) = (prime.quotient as usize, prime.next, prime.wheel as usize);
        let (next, wheel) = if MEDIUM {
            cross_off_medium::<C>(segment, q, next, wheel)
        } else {
            cross_off::<C>(segment, q, next, wheel)
        };
        prime.next = next;
        prime.wheel = wheel as u8;
    }
}

/// Clears the multiples of every prime in `primes`, which are sorted by class: each class's
/// code is chosen once per run of primes, not once per prime (a jump the CPU could not
/// predict, were the classes mixed).
fn cross_off_all<const MEDIUM: bool>(primes: &mut [SievingPrime], segment: &mut [u8]) {
    for run in primes.chunk_by_mut(|a, b| a.class == b.class) {
        match run[0].class {
            0 => cross_off_class::<0, MEDIUM>(run, segment),
            1 => cross_off_class::<1, MEDIUM>(run, segment),
            2 => cross_off_class::<2, MEDIUM>(run, segment),
            3 => cross_off_class::<3, MEDIUM>(run, segment),
            4 => cross_off_class::<4, MEDIUM>(run, segment),
            5 => cross_off_class::<5, MEDIUM>(run, segment),
            6 => cross_off_class::<6, MEDIUM>(run, segment),
            _ => cross_off_class::<7, MEDIUM>(run, segment),
        }
    }
}

impl SievingPrime {
    /// `prime`'s first multiple with a multiplier coprime to 30 and at least `prime` (smaller
    /// ones are cleared by smaller primes) that is at or past byte `first_byte`.
    fn new(prime: u64, first_byte: u64) -> Self {
        let mut multiplier = prime.max((30 * first_byte).div_ceil(prime));
        while !RESIDUES.contains(&(multiplier % 30)) {
            multiplier += 1;
        }
        let multiple = prime * multiplier;
        Self {
            // Sieving primes are below 2¹⁶, their multiples below 2⁶⁴ / 2: nothing truncates.
            quotient: (prime / 30) as u32,
            class: residue_index(prime % 30) as u8,
            wheel: residue_index(multiplier % 30) as u8,
            next: (multiple / 30 - first_byte) as usize,
        }
    }
}

/// Sieves the numbers coprime to 30 from byte `first_byte` (the number 30 · first_byte) up to
/// `limit`, one segment at a time, handing each to `visit` with its first byte index; stops
/// early when `visit` returns false. Numbers past `limit` and before `first_byte` are cleared.
/// Errors name `count`; `check` is called about every [`crate::CHECK_EVERY`] sieved bits.
fn sieve_segments<E>(
    first_byte: u64,
    limit: u64,
    count: usize,
    check: &mut impl FnMut() -> Result<(), E>,
    mut visit: impl FnMut(u64, &[u8]) -> bool,
) -> Result<(), Error<E>> {
    let end_byte = limit / 30 + 1; // one past the byte holding `limit`
    if end_byte <= first_byte {
        return Ok(());
    }
    let small = odd_primes_up_to(limit.isqrt() as usize, count)?;
    let mut sieving: Vec<SievingPrime> = try_with_capacity(small.len(), count)?;
    sieving.extend(
        small
            .iter()
            .filter(|&&p| p > LARGEST_PRESIEVED)
            .map(|&p| SievingPrime::new(u64::from(p), first_byte)),
    );
    let split = sieving.len() - small.iter().filter(|&&p| p > LARGEST_SMALL).count();
    drop(small);
    let (small, medium) = sieving.split_at_mut(split);
    small.sort_unstable_by_key(|p| p.class);
    medium.sort_unstable_by_key(|p| p.class);
    // Whole 64-bit words, so extraction never reads a partial one.
    let total = (end_byte - first_byte) as usize;
    let segment_len = segment_bytes(limit);
    let mut segment = try_filled(0u8, total.min(segment_len).next_multiple_of(8), count)?;
    let mut budget = Budget::new();
    let mut base = first_byte;
    while base < end_byte {
        let len = ((end_byte - base) as usize)
            .min(segment_len)
            .next_multiple_of(8);
        let segment = &mut segment[..len];
        let mut chunk_base = base;
        for chunk in segment.chunks_mut(CHUNK_BYTES) {
            presieve(chunk, chunk_base);
            cross_off_all::<false>(small, chunk);
            chunk_base += chunk.len() as u64;
        }
        if base == 0 {
            // 1 is not prime; the patterns cleared the presieved primes themselves.
            segment[0] &= !1;
            for p in PRESIEVED {
                segment[(p / 30) as usize] |= 1 << residue_index(p % 30);
            }
        }
        cross_off_all::<true>(medium, segment);
        if base + len as u64 > end_byte - 1 {
            // The last segment: nothing past `limit`.
            let last = (end_byte - 1 - base) as usize;
            segment[last + 1..].fill(0);
            for (k, &r) in RESIDUES.iter().enumerate() {
                if 30 * (end_byte - 1) + r > limit {
                    segment[last] &= !(1 << k);
                }
            }
        }
        if !visit(base, segment) {
            return Ok(());
        }
        budget.spend(8 * len as u64, check)?;
        base += len as u64;
    }
    Ok(())
}

/// Writes the primes of `segment` (whose first byte is byte `base` of the sieve) into
/// `out[written..]` until `out` is full; returns how many it holds now.
///
/// Byte by byte, without a branch on its bits: all eight slots of [`BYTE_RESIDUES`] are
/// written (two SSE2 adds and stores), and the count moves on by the byte's set bits; slots
/// past them are overwritten by the next bytes. Only the last few primes, where eight slots
/// would not fit in `out`, go bit by bit.
// Not inlined into the closure that calls it: there `written` lived in memory, and the
// store-to-load of the count on every byte was the loop's critical path.
#[inline(never)]
fn extract(segment: &[u8], base: u64, out: &mut [MaybeUninit<u32>], mut written: usize) -> usize {
    // Wrapping u32 arithmetic: every prime is below 2³²; only the values of the zero bytes
    // padding the last segment can wrap, and none of them is written as a prime.
    let mut value = (30 * base) as u32;
    // While eight slots fit: written + 8 <= out.len().
    let fast = out.len().saturating_sub(7);
    let mut bytes = segment.iter();
    let fast_bytes = if written < fast { segment.len() } else { 0 };
    for &byte in bytes.by_ref().take(fast_bytes) {
        let residues = &BYTE_RESIDUES[usize::from(byte)];
        let slots = &mut out[written..written + 8];
        for (slot, &residue) in slots.iter_mut().zip(residues) {
            slot.write(value.wrapping_add(residue));
        }
        written += usize::from(BYTE_COUNT[usize::from(byte)]);
        value = value.wrapping_add(30);
        if written >= fast {
            break;
        }
    }
    for &byte in bytes {
        for &residue in &BYTE_RESIDUES[usize::from(byte)][..byte.count_ones() as usize] {
            if written == out.len() {
                return written;
            }
            out[written].write(value.wrapping_add(residue));
            written += 1;
        }
        value = value.wrapping_add(30);
    }
    written
}

/// Fills `out` with the first `out.len()` primes and returns it, initialised.
///
/// The buffer twin's entry point: `out` may be uninitialised memory owned by the caller (a
/// Python bytearray); nothing is allocated for the result. `check` is called about every
/// [`crate::CHECK_EVERY`] sieved bits; an `Err` from it stops the work as
/// [`Error::Interrupted`], leaving `out` partly written.
pub fn fill_uninit<E>(
    out: &mut [MaybeUninit<u32>],
    check: impl FnMut() -> Result<(), E>,
) -> Result<&mut [u32], Error<E>> {
    let count = out.len();
    if count > U32_MAX_COUNT {
        return Err(Error::CountTooLarge {
            count,
            max: U32_MAX_COUNT,
        });
    }
    // Every prime up to U32_MAX_COUNT is below 2³², so the bound may be clipped there.
    let limit = nth_prime_upper_bound(count).min(u64::from(u32::MAX));
    fill_below(out, limit, check)
}

/// [`fill_uninit`] with the primes sought up to `limit`, which must be at least the
/// `out.len()`-th prime.
///
/// # Panics
///
/// When `limit` is too small. [`nth_prime_upper_bound`] is a theorem and the tests check it
/// across counts, so this is never expected; the check stays in release builds so that a
/// wrong bound can never return a result padded with zeros as if it were primes.
fn fill_below<E>(
    out: &mut [MaybeUninit<u32>],
    limit: u64,
    mut check: impl FnMut() -> Result<(), E>,
) -> Result<&mut [u32], Error<E>> {
    let count = out.len();
    let mut written = 0;
    for p in [2, 3, 5] {
        if written < count {
            out[written].write(p);
            written += 1;
        }
    }
    if written < count {
        sieve_segments(0, limit, count, &mut check, |base, segment| {
            written = extract(segment, base, out, written);
            written < count
        })?;
    }
    assert_eq!(
        written, count,
        "sieve bound {limit} too small for count {count}"
    );
    // SAFETY: out[..written] has been written, and written == count.
    Ok(unsafe { &mut *(std::ptr::from_mut(out) as *mut [u32]) })
}

/// [`fill_uninit`] for an initialised slice: overwrites `out` with the first `out.len()` primes.
pub fn fill<E>(out: &mut [u32], check: impl FnMut() -> Result<(), E>) -> Result<(), Error<E>> {
    // SAFETY: u32 and MaybeUninit<u32> have the same layout, and fill_uninit writes only
    // initialised values, so `out` stays initialised.
    let out = unsafe { &mut *(std::ptr::from_mut(out) as *mut [MaybeUninit<u32>]) };
    fill_uninit(out, check).map(|_| ())
}

/// The first `count` primes by the segmented mod-30 wheel sieve.
///
/// `check` is called about every [`crate::CHECK_EVERY`] sieved bits; an `Err` from it stops
/// the computation and is returned as [`Error::Interrupted`].
pub fn first_n<E>(
    count: usize,
    check: impl FnMut() -> Result<(), E>,
) -> Result<Vec<u32>, Error<E>> {
    let mut primes = u32_result(count)?;
    fill_uninit(&mut primes.spare_capacity_mut()[..count], check)?;
    // SAFETY: fill_uninit initialised the first `count` slots, within the capacity.
    unsafe { primes.set_len(count) };
    Ok(primes)
}

/// The primes in `[low, high]` (`high` < 2³²), for checking any stretch of the u32 range
/// without sieving everything below it. Errors name the result's size as the count.
pub fn primes_between<E>(
    low: u32,
    high: u32,
    mut check: impl FnMut() -> Result<(), E>,
) -> Result<Vec<u32>, Error<E>> {
    let mut primes: Vec<u32> = Vec::new();
    for p in [2, 3, 5] {
        if (low..=high).contains(&p) {
            primes
                .try_reserve(1)
                .map_err(|_| Error::OutOfMemory { count: 1 })?;
            primes.push(p);
        }
    }
    let mut result = Ok(());
    sieve_segments(
        u64::from(low) / 30,
        u64::from(high),
        0,
        &mut check,
        |base, segment| {
            let found = segment
                .iter()
                .map(|b| b.count_ones() as usize)
                .sum::<usize>();
            if primes.try_reserve(found).is_err() {
                result = Err(Error::OutOfMemory {
                    count: primes.len() + found,
                });
                return false;
            }
            let start = primes.len();
            let spare = &mut primes.spare_capacity_mut()[..found];
            let written = extract(segment, base, spare, 0);
            // SAFETY: extract initialised `written` slots past the length, within capacity.
            unsafe { primes.set_len(start + written) };
            true
        },
    )?;
    result?;
    primes.retain(|&p| p >= low);
    Ok(primes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::never_interrupt;
    use crate::test_support::simple_sieve;

    #[test]
    fn tables_describe_the_wheel() {
        // Each multiple the tables predict is p·q for the q they step through, for every class.
        for p in [31u64, 37, 41, 43, 47, 49, 53, 59, 241, 257] {
            let prime = SievingPrime::new(p, 0);
            let (class, mut wheel) = (prime.class as usize, prime.wheel as usize);
            let mut byte = prime.next as u64;
            let mut q = p;
            for _ in 0..20 {
                assert_eq!(byte, p * q / 30, "p = {p}, q = {q}");
                assert_eq!(RESIDUES[BIT[class][wheel] as usize], p * q % 30);
                byte += ((p / 30) as usize * STEPS[wheel] + CARRY[class][wheel]) as u64;
                q += STEPS[wheel] as u64;
                wheel = (wheel + 1) % 8;
            }
        }
    }

    #[test]
    #[should_panic(expected = "sieve bound 100 too small for count 30")]
    fn a_bound_too_small_is_a_panic_not_zeros() {
        // The 30th prime is 113: a sieve up to 100 finds 25 primes only.
        let mut out = [MaybeUninit::uninit(); 30];
        let _ = fill_below(&mut out, 100, never_interrupt);
    }

    #[test]
    fn spans_many_segments() {
        // 50 million numbers: dozens of segments and pattern periods, every sieving prime
        // carried from one segment to the next.
        let expected = simple_sieve(50_000_000);
        assert_eq!(first_n(expected.len(), never_interrupt).unwrap(), expected);
    }

    #[test]
    fn counts_around_segment_and_word_ends() {
        let expected = simple_sieve(3_000_000);
        // The last prime of the first segments, and the ones either side of it.
        for end in [
            CHUNK_BYTES as u64,
            2 * CHUNK_BYTES as u64,
            3 * CHUNK_BYTES as u64,
        ] {
            let below = expected.partition_point(|&p| u64::from(p) < 30 * end);
            for count in below - 2..below + 3 {
                assert_eq!(first_n(count, never_interrupt).unwrap(), expected[..count]);
            }
        }
    }

    #[test]
    fn fill_writes_into_the_callers_slice() {
        let expected = simple_sieve(200_000);
        let mut out = vec![u32::MAX; expected.len()];
        fill(&mut out, never_interrupt).unwrap();
        assert_eq!(out, expected);
        let mut empty: [u32; 0] = [];
        fill(&mut empty, never_interrupt).unwrap();
    }

    #[test]
    fn ranges_match_a_sieve() {
        let expected = simple_sieve(1_000_000);
        for (low, high) in [
            (0, 100),
            (0, 1),
            (2, 5),
            (7, 7),
            (8, 28),
            (29, 31),
            (500_000, 1_000_000),
        ] {
            let want: Vec<u32> = expected
                .iter()
                .copied()
                .filter(|p| (low..=high).contains(p))
                .collect();
            assert_eq!(primes_between(low, high, never_interrupt).unwrap(), want);
        }
    }

    #[test]
    fn the_last_primes_below_2_32() {
        // Checked by trial division, which shares nothing with the sieve.
        let low = 4_294_966_000u32;
        let expected: Vec<u32> = (low..=u32::MAX)
            .filter(|&n| {
                (2..=65_536u64)
                    .take_while(|d| d * d <= u64::from(n))
                    .all(|d| u64::from(n) % d != 0)
            })
            .collect();
        let primes = primes_between(low, u32::MAX, never_interrupt).unwrap();
        assert_eq!(primes, expected);
        // The largest prime below 2³², from published tables.
        assert_eq!(primes.last(), Some(&4_294_967_291));
    }

    #[test]
    fn whole_segments_of_chunks_near_2_32() {
        // Sieving up to 2³² takes the largest segments (four chunks) and every sieving prime,
        // medium ones included: 12 million numbers are three segments, each prime carried
        // from one to the next. Checked against a plain byte sieve of the same range.
        assert_eq!(segment_bytes(u64::from(u32::MAX)), 4 * CHUNK_BYTES);
        let low = 4_282_000_000u32;
        let mut composite = vec![false; (u32::MAX - low) as usize + 1];
        for p in odd_primes_up_to::<()>(65_536, 0).unwrap() {
            let p = u64::from(p);
            let mut multiple = u64::from(low).div_ceil(p) * p;
            while multiple <= u64::from(u32::MAX) {
                composite[(multiple - u64::from(low)) as usize] = true;
                multiple += p;
            }
        }
        let expected: Vec<u32> = (low..=u32::MAX)
            .filter(|&n| n % 2 == 1 && !composite[(n - low) as usize])
            .collect();
        assert_eq!(
            primes_between(low, u32::MAX, never_interrupt).unwrap(),
            expected
        );
    }
}
