//! The algorithms behind `primes._lib`, in plain Rust.
//!
//! Nothing here knows about Python. Long computations take a `check` callback that is
//! called every so often; the binding uses it to re-acquire the GIL briefly and look for
//! Ctrl-C, tests pass one that never interrupts.

mod error;
pub mod naive;
pub mod naive_simd;
pub mod sieve;
pub mod trial;
pub mod wheel;

pub use error::Error;

/// The largest count whose last prime fits in a `u32`.
///
/// π(2³²) = 203,280,221 (OEIS A007053); the largest prime below 2³² is 4,294,967,291.
pub const U32_MAX_COUNT: usize = 203_280_221;

/// Trial divisions between two calls of the `check` callback: about 10 ms of work on a
/// current x86 core, well inside the half second a Ctrl-C may take.
pub const CHECK_EVERY: u64 = 1 << 22;

/// A `check` callback that never interrupts, for callers without signals to honour.
pub fn never_interrupt() -> Result<(), std::convert::Infallible> {
    Ok(())
}

/// The empty result vector for `count` u32 primes, after the checks every algorithm makes
/// before any work: the count's last prime must fit in u32, and the result must allocate.
fn u32_result<E>(count: usize) -> Result<Vec<u32>, Error<E>> {
    if count > U32_MAX_COUNT {
        return Err(Error::CountTooLarge {
            count,
            max: U32_MAX_COUNT,
        });
    }
    try_with_capacity(count, count)
}

/// An empty vector with room for `capacity` items, or [`Error::OutOfMemory`] for `count`.
///
/// Every allocation in this crate goes through here or [`try_filled`]: one that fails must
/// come back as an error the binding can raise as `MemoryError`, never abort the process
/// (what `Vec::with_capacity`, `vec![…]` and a growing `push` do on failure).
fn try_with_capacity<T, E>(capacity: usize, count: usize) -> Result<Vec<T>, Error<E>> {
    let mut vec = Vec::new();
    vec.try_reserve_exact(capacity)
        .map_err(|_| Error::OutOfMemory { count })?;
    Ok(vec)
}

/// `vec![value; len]` that fails with [`Error::OutOfMemory`] for `count` instead of aborting.
fn try_filled<T: Clone, E>(value: T, len: usize, count: usize) -> Result<Vec<T>, Error<E>> {
    let mut vec = try_with_capacity(len, count)?;
    vec.resize(len, value);
    Ok(vec)
}

/// Work left before the next call of `check`: each algorithm spends it in its own unit
/// (trial divisions, sieved numbers) and the callback runs about every [`CHECK_EVERY`].
struct Budget(u64);

impl Budget {
    fn new() -> Self {
        Self(CHECK_EVERY)
    }

    fn spend<E>(
        &mut self,
        work: u64,
        check: &mut impl FnMut() -> Result<(), E>,
    ) -> Result<(), Error<E>> {
        self.0 = self.0.saturating_sub(work);
        if self.0 == 0 {
            check().map_err(Error::Interrupted)?;
            self.0 = CHECK_EVERY;
        }
        Ok(())
    }
}

/// Reference values and the contract tests every algorithm shares.
#[cfg(test)]
mod test_support;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allocations_too_large_for_the_address_space_are_errors() {
        // More than isize::MAX bytes: refused by the allocator's size check, not attempted.
        assert_eq!(
            try_with_capacity::<u64, ()>(usize::MAX / 4, 7),
            Err(Error::OutOfMemory { count: 7 })
        );
        assert_eq!(
            try_filled::<u32, ()>(0, usize::MAX / 2, 9),
            Err(Error::OutOfMemory { count: 9 })
        );
        assert_eq!(try_filled::<u8, ()>(1, 3, 9), Ok(vec![1, 1, 1]));
    }
}
