//! The talk's algorithm, unchanged, with a faster divisibility test.
//!
//! Same candidates (`2, 3, 4, …`), same divisors in the same order, same stopping point as
//! [`crate::naive`]; only the test `at % p == 0` is replaced, by an exact one that needs no
//! division and so runs on many primes at once in SIMD lanes.
//!
//! For odd `d`, let `inv` be its inverse modulo 2³² and `max = (2³² - 1) / d`. Multiplying
//! by `inv` maps the multiples `0, d, 2d, …, max·d` one-to-one onto `0, 1, …, max`, and every
//! other u32 onto something larger, so `d | n` exactly when `n · inv mod 2³² <= max`
//! (Granlund & Montgomery 1994; Hacker's Delight §10-17). The only even prime, 2, is tested
//! with `%` as in the talk.

use crate::{Budget, Error, u32_result};

/// Which implementation of the divisor search runs on this CPU.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Path {
    /// AVX2: 8 primes per instruction, 32 per loop turn.
    Avx2,
    /// Portable Rust, correct on any CPU.
    Scalar,
}

impl Path {
    /// The fastest path this CPU supports, detected at run time.
    pub fn detect() -> Self {
        #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
        if std::arch::is_x86_feature_detected!("avx2") {
            return Self::Avx2;
        }
        Self::Scalar
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Avx2 => "avx2",
            Self::Scalar => "scalar",
        }
    }
}

/// The inverse of odd `d` modulo 2³², by Newton's iteration: each step doubles the number
/// of correct low bits, and `d` itself is right to 3 bits (d·d ≡ 1 mod 8).
fn inverse(d: u32) -> u32 {
    debug_assert!(d % 2 == 1);
    let mut x = d;
    for _ in 0..4 {
        x = x.wrapping_mul(2u32.wrapping_sub(d.wrapping_mul(x)));
    }
    x
}

/// The odd primes found so far, as (inverse, largest quotient) pairs in two parallel arrays
/// so each can be loaded 8 lanes at a time.
struct OddDivisors {
    inverses: Vec<u32>,
    max_quotients: Vec<u32>,
}

impl OddDivisors {
    fn push(&mut self, prime: u32) {
        self.inverses.push(inverse(prime));
        self.max_quotients.push(u32::MAX / prime);
    }

    /// Index of the first odd prime dividing `n`, in the order they were found.
    fn first_dividing(&self, n: u32, path: Path) -> Option<usize> {
        match path {
            #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
            // SAFETY: `Path::Avx2` is only ever produced by `detect` on a CPU with AVX2.
            Path::Avx2 => unsafe { avx2::first_dividing(n, &self.inverses, &self.max_quotients) },
            _ => first_dividing_scalar(n, &self.inverses, &self.max_quotients),
        }
    }
}

/// The portable divisor search, also used to pin down the lane after an AVX2 hit.
fn first_dividing_scalar(n: u32, inverses: &[u32], max_quotients: &[u32]) -> Option<usize> {
    inverses
        .iter()
        .zip(max_quotients)
        .position(|(&inv, &max)| n.wrapping_mul(inv) <= max)
}

#[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
mod avx2 {
    #[cfg(target_arch = "x86")]
    use std::arch::x86::*;
    #[cfg(target_arch = "x86_64")]
    use std::arch::x86_64::*;

    /// Lanes of u32 in one AVX2 register.
    const LANES: usize = 8;
    /// Registers tested per loop turn before looking for a hit: enough independent
    /// multiplies to hide their latency, few enough that composites stop early.
    const UNROLL: usize = 4;

    /// All-ones in each lane whose prime divides `n`.
    #[target_feature(enable = "avx2")]
    fn divides(n: __m256i, inverses: &[u32], max_quotients: &[u32], at: usize) -> __m256i {
        let (inv, max) = (&inverses[at..at + LANES], &max_quotients[at..at + LANES]);
        // SAFETY: both slices hold exactly LANES u32s; loadu has no alignment requirement.
        let (inv, max) = unsafe {
            (
                _mm256_loadu_si256(inv.as_ptr().cast()),
                _mm256_loadu_si256(max.as_ptr().cast()),
            )
        };
        let product = _mm256_mullo_epi32(n, inv);
        // Unsigned product <= max, as min(product, max) == product.
        _mm256_cmpeq_epi32(_mm256_min_epu32(product, max), product)
    }

    /// # Safety
    /// The CPU must support AVX2.
    #[target_feature(enable = "avx2")]
    pub(super) unsafe fn first_dividing(
        n: u32,
        inverses: &[u32],
        max_quotients: &[u32],
    ) -> Option<usize> {
        let len = inverses.len().min(max_quotients.len());
        let n_lanes = _mm256_set1_epi32(n as i32);
        let mut at = 0;
        while at + LANES * UNROLL <= len {
            let hits = _mm256_or_si256(
                _mm256_or_si256(
                    divides(n_lanes, inverses, max_quotients, at),
                    divides(n_lanes, inverses, max_quotients, at + LANES),
                ),
                _mm256_or_si256(
                    divides(n_lanes, inverses, max_quotients, at + 2 * LANES),
                    divides(n_lanes, inverses, max_quotients, at + 3 * LANES),
                ),
            );
            if _mm256_testz_si256(hits, hits) == 0 {
                break; // the first divisor is in this block: the scalar search below finds it
            }
            at += LANES * UNROLL;
        }
        while at + LANES <= len {
            let hits = divides(n_lanes, inverses, max_quotients, at);
            if _mm256_testz_si256(hits, hits) == 0 {
                let lane = _mm256_movemask_ps(_mm256_castsi256_ps(hits)).trailing_zeros();
                return Some(at + lane as usize);
            }
            at += LANES;
        }
        super::first_dividing_scalar(n, &inverses[at..len], &max_quotients[at..len])
            .map(|index| at + index)
    }
}

/// The first `count` primes by the talk's algorithm, with the divisor search on `path`.
///
/// `check` is called about every [`crate::CHECK_EVERY`] trial divisions (counted as the talk's
/// loop would count them); an `Err` from it stops the computation.
pub fn first_n_on<E>(
    path: Path,
    count: usize,
    mut check: impl FnMut() -> Result<(), E>,
) -> Result<Vec<u32>, Error<E>> {
    let mut primes = u32_result(count)?;
    let out_of_memory = |_| Error::OutOfMemory { count };
    let odd_count = count.saturating_sub(1);
    let mut odd = OddDivisors {
        inverses: Vec::new(),
        max_quotients: Vec::new(),
    };
    odd.inverses
        .try_reserve_exact(odd_count)
        .map_err(out_of_memory)?;
    odd.max_quotients
        .try_reserve_exact(odd_count)
        .map_err(out_of_memory)?;

    let mut at: u32 = 2;
    let mut budget = Budget::new();
    while primes.len() < count {
        // The talk's loop tries 2 first, then the odd primes in the order they were found.
        let divisions = if primes.is_empty() {
            primes.push(at); // 2: no primes yet, nothing to divide by
            0
        } else if at % 2 == 0 {
            1
        } else {
            match odd.first_dividing(at, path) {
                Some(index) => index + 2,
                None => {
                    primes.push(at);
                    odd.push(at);
                    primes.len() - 1
                }
            }
        };
        budget.spend(divisions as u64, &mut check)?;
        if primes.len() < count {
            // Cannot fail below U32_MAX_COUNT: the next prime is still below 2³².
            at = at
                .checked_add(1)
                .expect("count guard keeps candidates below 2^32");
        }
    }
    Ok(primes)
}

/// The first `count` primes by the talk's algorithm, on the fastest path this CPU has.
pub fn first_n<E>(
    count: usize,
    check: impl FnMut() -> Result<(), E>,
) -> Result<Vec<u32>, Error<E>> {
    first_n_on(Path::detect(), count, check)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::never_interrupt;
    use crate::test_support::simple_sieve;

    /// Every path this machine can run: the scalar one always, AVX2 where the CPU has it.
    fn paths() -> Vec<Path> {
        let mut paths = vec![Path::Scalar];
        if Path::detect() == Path::Avx2 {
            paths.push(Path::Avx2);
        } else {
            eprintln!("no AVX2 on this CPU: only the scalar path is tested");
        }
        paths
    }

    crate::test_support::contract_tests! {
        first_n: |count, check| first_n_on(path, count, check),
        for path in paths(),
        prefixes: 0..=100,
        sieve_limit: 20_000,
        interrupt_count: 20_000,
        out_of_memory_count: 1_000,
        known_count: 10_001,
    }

    #[test]
    fn inverse_is_an_inverse() {
        for d in (1..100_001u32).step_by(2).chain([u32::MAX, u32::MAX - 2]) {
            assert_eq!(d.wrapping_mul(inverse(d)), 1, "d = {d}");
        }
    }

    #[test]
    fn divisibility_test_is_exact() {
        // Every n against small odd d, and large n near 2³² (the overflow edge) against many d.
        let ns = (0..20_000u32).chain(u32::MAX - 20_000..=u32::MAX);
        for n in ns {
            for d in (3..200u32).step_by(2).chain([65_521, 4_294_967_291]) {
                let fast = n.wrapping_mul(inverse(d)) <= u32::MAX / d;
                assert_eq!(fast, n % d == 0, "n = {n}, d = {d}");
            }
        }
    }

    #[test]
    fn paths_agree_lane_by_lane() {
        // A divisor at each position of a long table, on each path, including block edges.
        let primes = simple_sieve(2_000);
        let odd_primes = &primes[1..];
        let mut table = OddDivisors {
            inverses: Vec::new(),
            max_quotients: Vec::new(),
        };
        for &p in odd_primes {
            table.push(p);
        }
        for path in paths() {
            for (index, &p) in odd_primes.iter().enumerate() {
                // p² has no smaller prime factor, so its first divisor is at `index`.
                let n = p * p;
                assert_eq!(
                    table.first_dividing(n, path),
                    Some(index),
                    "{path:?}, p = {p}"
                );
            }
            assert_eq!(table.first_dividing(2_003, path), None, "{path:?}");
        }
    }

    #[test]
    fn same_result_as_naive() {
        let expected = crate::naive::first_n(10_001, never_interrupt).unwrap();
        for path in paths() {
            assert_eq!(first_n_on(path, 10_001, never_interrupt).unwrap(), expected);
        }
        // And the public entry point, on whichever path it detects.
        assert_eq!(first_n(10_001, never_interrupt).unwrap(), expected);
    }
}
