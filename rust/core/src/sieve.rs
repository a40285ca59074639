//! A segmented sieve of Eratosthenes over odd numbers, one bit per odd number.
//!
//! The sieve's end comes from a proven bound on the n-th prime, so it never has to grow;
//! segments keep the working set in the L1 cache and give natural points to call `check`.
//! Each segment starts as a copy of a pattern with the multiples of 3, 5, 7, 11 and 13
//! crossed off; the larger sieving primes then cross off one bit at a time.

use crate::{Budget, Error, try_filled, try_with_capacity, u32_result};

/// Odd numbers per segment: 32 KiB of bits, the L1 data cache of most x86 cores.
const SEGMENT_BITS: usize = 32 * 1024 * 8;

/// An upper bound on the `count`-th prime (1-based): every one of the first `count` primes
/// is at most this.
///
/// Rosser's theorem: pₙ < n (ln n + ln ln n) for n ≥ 6. Below that, p₅ = 11 < 13. The bound
/// stays at least 0.9 n above pₙ for large n (Dusart 1999), far more than f64 rounding.
pub fn nth_prime_upper_bound(count: usize) -> u64 {
    if count < 6 {
        return 13;
    }
    let n = count as f64;
    (n * (n.ln() + n.ln().ln())).ceil() as u64 + 1
}

/// The odd primes up to `limit`, by a plain odd-only byte sieve (`limit` is at most 2¹⁶ here),
/// or [`Error::OutOfMemory`] for `count` when its memory cannot be allocated.
pub(crate) fn odd_primes_up_to<E>(limit: usize, count: usize) -> Result<Vec<u32>, Error<E>> {
    // composite[i] stands for 2i + 1; index 0 (the number 1) is skipped below.
    let size = limit.div_ceil(2);
    let mut composite = try_filled(false, size, count)?;
    let mut i = 1;
    while i < size && (2 * i + 1) * (2 * i + 1) <= limit {
        if !composite[i] {
            let p = 2 * i + 1;
            let mut j = (p * p) / 2;
            while j < size {
                composite[j] = true;
                j += p;
            }
        }
        i += 1;
    }
    // Counted first, so the primes take one exact allocation rather than a growing one.
    let found = composite.iter().skip(1).filter(|&&c| !c).count();
    let mut primes = try_with_capacity(found, count)?;
    primes.extend(
        (1..size)
            .filter(|&i| !composite[i])
            .map(|i| (2 * i + 1) as u32),
    );
    Ok(primes)
}

/// The smallest odd primes, crossed off by copying a repeating pattern instead of one bit
/// at a time: they alone account for about half of all crossing-off.
const PRESIEVE_PRIMES: [u32; 5] = [3, 5, 7, 11, 13];
/// Their product: the odd numbers' divisibility by them repeats every this many bits.
const PATTERN_BITS: usize = 3 * 5 * 7 * 11 * 13;

/// Words in [`PATTERN`]: one period plus a word, so 64 bits can be read from any offset
/// within the period.
const PATTERN_WORDS: usize = PATTERN_BITS.div_ceil(64) + 1;

/// Bit i set when 2i + 1 has no factor among [`PRESIEVE_PRIMES`]; built at compile time.
const PATTERN: [u64; PATTERN_WORDS] = {
    let mut pattern = [0u64; PATTERN_WORDS];
    let mut bit = 0;
    while bit < PATTERN_WORDS * 64 {
        let odd = 2 * bit as u64 + 1;
        let mut coprime = true;
        let mut k = 0;
        while k < PRESIEVE_PRIMES.len() {
            coprime &= odd % PRESIEVE_PRIMES[k] as u64 != 0;
            k += 1;
        }
        if coprime {
            pattern[bit / 64] |= 1 << (bit % 64);
        }
        bit += 1;
    }
    pattern
};

/// The 64 pattern bits starting at `offset` (< PATTERN_BITS).
fn pattern_word(offset: usize) -> u64 {
    let (word, shift) = (offset / 64, offset % 64);
    if shift == 0 {
        PATTERN[word]
    } else {
        (PATTERN[word] >> shift) | (PATTERN[word + 1] << (64 - shift))
    }
}

/// The first `count` primes by a segmented odd-only sieve of Eratosthenes.
///
/// `check` is called about every [`crate::CHECK_EVERY`] sieved odd numbers (every few segments);
/// an `Err` from it stops the computation and is returned as [`Error::Interrupted`].
pub fn first_n<E>(
    count: usize,
    mut check: impl FnMut() -> Result<(), E>,
) -> Result<Vec<u32>, Error<E>> {
    let mut primes = u32_result(count)?;
    if count == 0 {
        return Ok(primes);
    }
    primes.push(2);
    if count == 1 {
        return Ok(primes);
    }

    // Every prime up to U32_MAX_COUNT is below 2³², so the bound may be clipped there.
    let limit = nth_prime_upper_bound(count).min(u64::from(u32::MAX));
    sieve_to(primes, count, limit, &mut check)
}

/// Appends to `primes` (holding 2) the odd primes up to `limit` until it holds `count`.
///
/// # Panics
///
/// When `limit` is below the `count`-th prime.
fn sieve_to<E>(
    mut primes: Vec<u32>,
    count: usize,
    limit: u64,
    check: &mut impl FnMut() -> Result<(), E>,
) -> Result<Vec<u32>, Error<E>> {
    let mut sieving_primes = odd_primes_up_to(limit.isqrt() as usize, count)?;
    sieving_primes.retain(|p| !PRESIEVE_PRIMES.contains(p));
    // Bit i of the whole sieve stands for 2i + 1; `next[k]` is the bit of the next odd
    // multiple of sieving_primes[k] still to cross off, starting from its square.
    let mut next: Vec<u64> = try_with_capacity(sieving_primes.len(), count)?;
    next.extend(
        sieving_primes
            .iter()
            .map(|&p| (u64::from(p) * u64::from(p)) / 2),
    );
    let total_bits = limit.div_ceil(2);
    let mut segment = try_filled(0u64, SEGMENT_BITS / 64, count)?;
    let mut budget = Budget::new();

    let mut start: u64 = 0;
    while start < total_bits {
        let bits = (total_bits - start).min(SEGMENT_BITS as u64) as usize;
        let words = bits.div_ceil(64);
        let mut offset = (start % PATTERN_BITS as u64) as usize;
        for word in &mut segment[..words] {
            *word = pattern_word(offset);
            offset += 64;
            if offset >= PATTERN_BITS {
                offset -= PATTERN_BITS;
            }
        }
        if bits % 64 != 0 {
            segment[words - 1] &= (1u64 << (bits % 64)) - 1;
        }
        if start == 0 {
            segment[0] &= !1; // 1 is not prime
            for p in PRESIEVE_PRIMES {
                segment[0] |= 1 << (p / 2); // the pattern crossed off the primes themselves
            }
        }
        let end = start + bits as u64;
        for (&p, next) in sieving_primes.iter().zip(next.iter_mut()) {
            let mut bit = *next;
            if bit >= end {
                continue;
            }
            let step = u64::from(p);
            while bit < end {
                let local = (bit - start) as usize;
                segment[local / 64] &= !(1u64 << (local % 64));
                bit += step;
            }
            *next = bit;
        }
        for (word_index, &word) in segment[..words].iter().enumerate() {
            let mut word = word;
            while word != 0 {
                let bit = start + (word_index * 64) as u64 + u64::from(word.trailing_zeros());
                // bit < 2³¹, so 2·bit + 1 fits in u32.
                primes.push((2 * bit + 1) as u32);
                if primes.len() == count {
                    return Ok(primes);
                }
                word &= word - 1;
            }
        }
        budget.spend(bits as u64, check)?;
        start = end;
    }
    // Never reached: the bound above is a theorem, and the tests check it across counts. Kept
    // in release builds, so that a wrong bound cannot return fewer primes than asked for.
    panic!("sieve bound too small for count {count}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::simple_sieve;
    use crate::{U32_MAX_COUNT, never_interrupt};

    #[test]
    fn spans_many_segments() {
        // 2,000,000 odd numbers and more: several segments, every sieving prime carried over.
        let expected = simple_sieve(5_000_000);
        assert_eq!(first_n(expected.len(), never_interrupt).unwrap(), expected);
    }

    #[test]
    #[should_panic(expected = "sieve bound too small for count 30")]
    fn a_bound_too_small_is_a_panic_not_a_short_result() {
        // The 30th prime is 113: a sieve up to 100 finds 25 primes only.
        let _ = sieve_to(vec![2], 30, 100, &mut never_interrupt);
    }

    #[test]
    fn bound_holds_for_known_primes() {
        // (n, pₙ) from any table of primes, including the last prime below 2³².
        for (n, p) in [
            (1, 2),
            (5, 11),
            (6, 13),
            (7, 17),
            (100, 541),
            (1_000_000, 15_485_863),
            (U32_MAX_COUNT, 4_294_967_291),
        ] {
            assert!(nth_prime_upper_bound(n) >= p, "bound fails at n = {n}");
        }
    }
}
