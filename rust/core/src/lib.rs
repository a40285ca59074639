//! The algorithms behind `primes._lib`, in plain Rust.
//!
//! Nothing here knows about Python. Long computations take a `check` callback that is
//! called every so often; the binding uses it to re-acquire the GIL briefly and look for
//! Ctrl-C, tests pass one that never interrupts.

mod error;
pub mod naive;

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
