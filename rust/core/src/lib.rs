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
    let mut result = Vec::new();
    result
        .try_reserve_exact(count)
        .map_err(|_| Error::OutOfMemory { count })?;
    Ok(result)
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
