//! Reference values for the tests, independent of every algorithm under test, and the
//! contract every `first_n` must honour, written once for all of them.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

/// The first 25 primes, from any table of primes.
pub const FIRST_25: [u32; 25] = [
    2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97,
];

/// (n, the prime at index n, counting from 0), from published tables of primes.
pub const KNOWN_NTH_PRIMES: [(usize, u32); 6] = [
    (999, 7_919),
    (4_999, 48_611),
    (9_999, 104_729),
    (10_000, 104_743),
    (99_999, 1_299_709),
    (999_999, 15_485_863),
];

/// The primes up to `limit` by the plainest sieve of Eratosthenes, one bool per number.
pub fn simple_sieve(limit: usize) -> Vec<u32> {
    let mut composite = vec![false; limit + 1];
    let mut primes = Vec::new();
    for n in 2..=limit {
        if !composite[n] {
            primes.push(n as u32);
            let mut multiple = n * n;
            while multiple <= limit {
                composite[multiple] = true;
                multiple += n;
            }
        }
    }
    primes
}

/// The test binary's allocator: the system's, except that a test can make its own thread's
/// allocations fail from some point on, as when memory runs out. An algorithm that allocates
/// infallibly (`vec![…]`, a growing `push`) then aborts the whole test binary instead of
/// returning [`crate::Error::OutOfMemory`].
struct RunsOut;

thread_local! {
    /// Allocations this thread may still make before every further one fails; None: no limit.
    static ALLOCATIONS_LEFT: Cell<Option<usize>> = const { Cell::new(None) };
}

/// Whether the allocation being made now is to fail; counts it otherwise.
fn out_of_memory_now() -> bool {
    ALLOCATIONS_LEFT
        .try_with(|left| match left.get() {
            None => false,
            Some(0) => true,
            Some(n) => {
                left.set(Some(n - 1));
                false
            }
        })
        .unwrap_or(false)
}

// SAFETY: every call is passed on to `System` unchanged, or fails by returning null, as
// GlobalAlloc allows.
unsafe impl GlobalAlloc for RunsOut {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if out_of_memory_now() {
            return std::ptr::null_mut();
        }
        // SAFETY: the caller's guarantees for `layout` are passed on.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if out_of_memory_now() {
            return std::ptr::null_mut();
        }
        // SAFETY: as for alloc.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if out_of_memory_now() {
            return std::ptr::null_mut();
        }
        // SAFETY: `ptr` came from System (every allocation here does), with `layout`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as for realloc.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: RunsOut = RunsOut;

/// Runs `f` with this thread's memory running out after `allocations` more allocations.
pub fn out_of_memory_after<T>(allocations: usize, f: impl FnOnce() -> T) -> T {
    /// Lifts the limit however `f` ends, so a failing assertion can still format its message.
    struct Lift;
    impl Drop for Lift {
        fn drop(&mut self) {
            ALLOCATIONS_LEFT.set(None);
        }
    }
    let _lift = Lift;
    ALLOCATIONS_LEFT.set(Some(allocations));
    f()
}

/// The tests every algorithm's `first_n` must pass, generated into the calling test module.
///
/// The limits differ per algorithm because the slow ones cannot afford the fast ones' sizes:
/// - `first_n`: called as `first_n(count, check)`; may be a closure over `variant`;
/// - `for variant in variants`: optional, runs every test once per variant (e.g. SIMD path),
///   naming it in the failure message;
/// - `prefixes`: every count in this range is compared with the reference sieve;
/// - `sieve_limit`: the reference sieve's size, whose whole length is also compared;
/// - `interrupt_count`: a count large enough that `check` is called at least twice;
/// - `out_of_memory_count`: a count at which the algorithm makes every allocation it can
///   make; memory runs out at each of them in turn.
/// - `known_count`: how many primes to compare with [`KNOWN_NTH_PRIMES`] (those it reaches).
macro_rules! contract_tests {
    (
        first_n: $first_n:expr,
        $(for $variant:ident in $variants:expr,)?
        prefixes: $prefixes:expr,
        sieve_limit: $sieve_limit:expr,
        interrupt_count: $interrupt_count:expr,
        out_of_memory_count: $out_of_memory_count:expr,
        known_count: $known_count:expr $(,)?
    ) => {
        #[test]
        fn known_nth_primes() {
            use $crate::never_interrupt;
            let count: usize = $known_count;
            $(for $variant in $variants)? {
                let primes = $first_n(count, never_interrupt).unwrap();
                for (n, p) in $crate::test_support::KNOWN_NTH_PRIMES {
                    if n < count {
                        let context = format!("the prime at index {n}");
                        $(let context = format!("{context}, {:?}", $variant);)?
                        assert_eq!(primes[n], p, "{context}");
                    }
                }
            }
        }

        #[test]
        fn zero_and_one() {
            use $crate::never_interrupt;
            $(for $variant in $variants)? {
                assert_eq!($first_n(0, never_interrupt), Ok(vec![]) $(, "{:?}", $variant)?);
                assert_eq!($first_n(1, never_interrupt), Ok(vec![2]) $(, "{:?}", $variant)?);
            }
        }

        #[test]
        fn first_25_primes() {
            use $crate::never_interrupt;
            $(for $variant in $variants)? {
                assert_eq!(
                    $first_n(25, never_interrupt).unwrap(),
                    $crate::test_support::FIRST_25
                    $(, "{:?}", $variant)?
                );
            }
        }

        #[test]
        fn every_prefix_matches_a_sieve() {
            use $crate::never_interrupt;
            let expected = $crate::test_support::simple_sieve($sieve_limit);
            $(for $variant in $variants)? {
                for count in $prefixes {
                    let primes = $first_n(count, never_interrupt).unwrap();
                    assert_eq!(primes, expected[..count] $(, "{:?}", $variant)?);
                }
                let primes = $first_n(expected.len(), never_interrupt).unwrap();
                assert_eq!(primes, expected $(, "{:?}", $variant)?);
            }
        }

        #[test]
        fn rejects_counts_past_u32() {
            use $crate::{Error, U32_MAX_COUNT, never_interrupt};
            let too_many = U32_MAX_COUNT + 1;
            $(for $variant in $variants)? {
                assert_eq!(
                    $first_n(too_many, never_interrupt),
                    Err(Error::CountTooLarge {
                        count: too_many,
                        max: U32_MAX_COUNT
                    })
                    $(, "{:?}", $variant)?
                );
                assert!(matches!(
                    $first_n(usize::MAX, never_interrupt),
                    Err(Error::CountTooLarge { .. })
                ));
            }
        }

        #[test]
        fn running_out_of_memory_is_an_error_wherever_it_happens() {
            use $crate::test_support::{out_of_memory_after, simple_sieve};
            use $crate::{Error, never_interrupt};
            let count: usize = $out_of_memory_count;
            let expected = simple_sieve(1 << 20);
            $(for $variant in $variants)? {
                let mut allocations = 0;
                loop {
                    let outcome =
                        out_of_memory_after(allocations, || $first_n(count, never_interrupt));
                    match outcome {
                        Ok(primes) => {
                            assert_eq!(primes, expected[..count] $(, "{:?}", $variant)?);
                            break;
                        }
                        Err(err) => {
                            let context = format!("after {allocations} allocations");
                            $(let context = format!("{context}, {:?}", $variant);)?
                            assert_eq!(err, Error::OutOfMemory { count }, "{context}");
                        }
                    }
                    allocations += 1;
                    assert!(allocations < 100, "more allocations than any algorithm makes");
                }
                // The result at least: memory running out at the first allocation is an error.
                assert!(allocations > 0);
            }
        }

        #[test]
        fn check_is_called_and_can_interrupt() {
            $(for $variant in $variants)? {
                let mut calls = 0;
                let outcome = $first_n($interrupt_count, || {
                    calls += 1;
                    if calls == 2 { Err("stop") } else { Ok(()) }
                });
                assert_eq!(outcome, Err($crate::Error::Interrupted("stop")) $(, "{:?}", $variant)?);
                assert_eq!(calls, 2 $(, "{:?}", $variant)?);
            }
        }
    };
}
// A path-scoped macro: usable from any module, whatever the order of `mod` items in lib.rs.
pub(crate) use contract_tests;

/// [`contract_tests`] for each algorithm below, in a module named after it; a row that ends in
/// `reaches_the_last_primes_below_2_32` also gets that test, ignored by default (it sieves all
/// of u32, 800 MB: `cargo test --release -- --ignored`).
macro_rules! contract_table {
    ($($name:ident: $first_n:path, $prefixes:expr, $sieve:expr, $interrupt:expr, $memory:expr,
       $known:expr $(, $whole_u32:ident)?;)*) => {
        $(mod $name {
            $crate::test_support::contract_tests! {
                first_n: $first_n,
                prefixes: $prefixes,
                sieve_limit: $sieve,
                interrupt_count: $interrupt,
                out_of_memory_count: $memory,
                known_count: $known,
            }

            $(
                #[test]
                #[ignore = "sieves all of u32 (800 MB): cargo test --release -- --ignored"]
                fn $whole_u32() {
                    use $crate::{U32_MAX_COUNT, never_interrupt};
                    let primes = $first_n(U32_MAX_COUNT, never_interrupt).unwrap();
                    let last = [4_294_967_231, 4_294_967_279, 4_294_967_291];
                    assert_eq!(primes[U32_MAX_COUNT - 3..], last);
                }
            )?
        })*
    };
}

// Each algorithm's limits, one row each: the slow ones cannot afford the fast ones' sizes.
// `naive_simd` runs the contract once per SIMD path, in its own test module.
contract_table! {
    // name: first_n,             prefixes,  sieve_limit, interrupt, out_of_memory, known_count;
    naive: crate::naive::first_n, 0..=100,   50_000,      20_000,     1_000,        10_001;
    trial: crate::trial::first_n, 0..=300,   20_000,      1_000_000,  1_000,        100_000;
    sieve: crate::sieve::first_n, 0..=2_000, 100_000,     10_000_000, 10_000,       1_000_000,
        reaches_the_last_primes_below_2_32;
    wheel: crate::wheel::first_n, 0..=3_000, 2_000_000,   10_000_000, 10_000,       1_000_000,
        reaches_the_last_primes_below_2_32;
}
