//! The talk's algorithm: test each candidate `at = 2, 3, 4, …` against every prime found so
//! far, in order, stopping at the first divisor.

use crate::{Budget, Error, u32_result};

/// The first `count` primes, as the talk computes them.
///
/// `check` is called about every [`crate::CHECK_EVERY`] trial divisions; an `Err` from it stops
/// the computation and is returned as [`Error::Interrupted`].
pub fn first_n<E>(
    count: usize,
    mut check: impl FnMut() -> Result<(), E>,
) -> Result<Vec<u32>, Error<E>> {
    let mut result = u32_result(count)?;

    let mut at: u32 = 2;
    let mut budget = Budget::new();
    while result.len() < count {
        // Same divisor order and number of divisions as the talk's `for … break` loop.
        let divisions = match result.iter().position(|&divisor| at % divisor == 0) {
            Some(index) => index + 1,
            None => {
                result.push(at);
                result.len() - 1
            }
        };
        budget.spend(divisions as u64, &mut check)?;
        if result.len() < count {
            // Cannot fail below U32_MAX_COUNT: the next prime is still below 2³².
            at = at
                .checked_add(1)
                .expect("count guard keeps candidates below 2^32");
        }
    }
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{FIRST_25, simple_sieve};
    use crate::{U32_MAX_COUNT, never_interrupt};

    #[test]
    fn zero_is_empty() {
        assert_eq!(first_n(0, never_interrupt), Ok(vec![]));
    }

    #[test]
    fn first_25_primes() {
        assert_eq!(first_n(25, never_interrupt).unwrap(), FIRST_25);
    }

    #[test]
    fn known_nth_primes() {
        let primes = first_n(10_001, never_interrupt).unwrap();
        assert_eq!(primes[999], 7_919);
        assert_eq!(primes[4_999], 48_611);
        assert_eq!(primes[9_999], 104_729);
        assert_eq!(primes[10_000], 104_743);
    }

    #[test]
    fn matches_a_sieve() {
        let expected = simple_sieve(50_000);
        assert_eq!(first_n(expected.len(), never_interrupt).unwrap(), expected);
    }

    #[test]
    fn rejects_counts_past_u32() {
        let too_many = U32_MAX_COUNT + 1;
        assert_eq!(
            first_n(too_many, never_interrupt),
            Err(Error::CountTooLarge {
                count: too_many,
                max: U32_MAX_COUNT
            })
        );
        assert!(matches!(
            first_n(usize::MAX, never_interrupt),
            Err(Error::CountTooLarge { .. })
        ));
    }

    #[test]
    fn check_is_called_and_can_interrupt() {
        let mut calls = 0;
        let outcome = first_n(20_000, || {
            calls += 1;
            if calls == 2 { Err("stop") } else { Ok(()) }
        });
        assert_eq!(outcome, Err(Error::Interrupted("stop")));
        assert_eq!(calls, 2);
    }
}
