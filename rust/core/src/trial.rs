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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{FIRST_25, simple_sieve};
    use crate::{U32_MAX_COUNT, never_interrupt};

    #[test]
    fn zero_and_one() {
        assert_eq!(first_n(0, never_interrupt), Ok(vec![]));
        assert_eq!(first_n(1, never_interrupt), Ok(vec![2]));
    }

    #[test]
    fn first_25_primes() {
        assert_eq!(first_n(25, never_interrupt).unwrap(), FIRST_25);
    }

    #[test]
    fn every_prefix_matches_a_sieve() {
        let expected = simple_sieve(20_000);
        for count in 0..=300 {
            assert_eq!(first_n(count, never_interrupt).unwrap(), expected[..count]);
        }
        assert_eq!(first_n(expected.len(), never_interrupt).unwrap(), expected);
    }

    #[test]
    fn known_nth_primes() {
        let primes = first_n(100_000, never_interrupt).unwrap();
        assert_eq!(primes[9_999], 104_729);
        assert_eq!(primes[99_999], 1_299_709);
    }

    #[test]
    fn rejects_counts_past_u32() {
        assert!(matches!(
            first_n(U32_MAX_COUNT + 1, never_interrupt),
            Err(Error::CountTooLarge { .. })
        ));
    }

    #[test]
    fn check_is_called_and_can_interrupt() {
        let mut calls = 0;
        let outcome = first_n(1_000_000, || {
            calls += 1;
            if calls == 2 { Err("stop") } else { Ok(()) }
        });
        assert_eq!(outcome, Err(Error::Interrupted("stop")));
        assert_eq!(calls, 2);
    }
}
