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
