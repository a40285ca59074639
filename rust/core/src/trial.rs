//! Trial division done properly: odd candidates only, divided by the odd primes up to √candidate.

use crate::{Budget, Error, u32_result};

/// The first `count` primes by trial division up to the square root.
///
/// `check` is called about every [`crate::CHECK_EVERY`] trial divisions; an `Err` from it stops
/// the computation and is returned as [`Error::Interrupted`].
pub fn first_n<E>(
    count: usize,
    mut check: impl FnMut() -> Result<(), E>,
) -> Result<Vec<u32>, Error<E>> {
    let mut primes = u32_result(count)?;
    if count == 0 {
        return Ok(primes);
    }
    primes.push(2);

    let mut candidate: u32 = 3;
    let mut budget = Budget::new();
    while primes.len() < count {
        let mut divisions: u64 = 0;
        let mut is_prime = true;
        // primes[0] is 2, which never divides an odd candidate. The square is taken in u64:
        // the primes that reach this test stay below 2¹⁶ + a little, whose square exceeds u32.
        for &divisor in &primes[1..] {
            if u64::from(divisor) * u64::from(divisor) > u64::from(candidate) {
                break;
            }
            divisions += 1;
            if candidate % divisor == 0 {
                is_prime = false;
                break;
            }
        }
        if is_prime {
            primes.push(candidate);
        }
        budget.spend(divisions.max(1), &mut check)?;
        if primes.len() < count {
            // Cannot fail below U32_MAX_COUNT: the next prime is odd and still below 2³².
            candidate = candidate
                .checked_add(2)
                .expect("count guard keeps candidates below 2^32");
        }
    }
    Ok(primes)
}
