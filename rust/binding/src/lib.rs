//! `primes._lib`: the Python face of `primes-core`.
//!
//! Only argument checking, error translation and GIL handling live here; the algorithms are
//! in `rust/core` and know nothing about Python.

use primes_core::{Error, U32_MAX_COUNT, naive, naive_simd, sieve, trial};
use pyo3::exceptions::{PyMemoryError, PyOverflowError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList};
use pyo3::{ffi, intern};

/// "release" or "debug": the tests refuse to benchmark a debug build.
const BUILD_PROFILE: &str = if cfg!(debug_assertions) {
    "debug"
} else {
    "release"
};

/// Takes `count` the way `range()` does (`operator.index`), with the same exception types
/// and messages as every other implementation in the registry.
fn count_arg(count: &Bound<'_, PyAny>, max: usize, name: &str) -> PyResult<usize> {
    let py = count.py();
    // SAFETY: PyNumber_Index returns a new reference or NULL with an exception set.
    let index = unsafe { Bound::from_owned_ptr_or_err(py, ffi::PyNumber_Index(count.as_ptr())) }
        .map_err(|err| {
            if err.is_instance_of::<PyTypeError>(py) {
                let type_name = count
                    .get_type()
                    .name()
                    .map_or_else(|_| "?".to_owned(), |n| n.to_string());
                PyTypeError::new_err(format!("count must be an integer, not '{type_name}'"))
            } else {
                err
            }
        })?;
    if index.lt(0)? {
        return Err(PyValueError::new_err(format!(
            "count must be non-negative, got {index}"
        )));
    }
    let value: usize = match index.extract::<isize>() {
        Ok(value) => value as usize, // non-negative, checked above
        Err(_) => {
            return Err(PyOverflowError::new_err(format!(
                "count {index} is larger than sys.maxsize"
            )));
        }
    };
    if value > max {
        return Err(PyOverflowError::new_err(format!(
            "count {value} is too large for {name}: its last prime would not fit in u32 \
             (largest supported count: {max})"
        )));
    }
    Ok(value)
}

fn to_pyerr(err: Error<PyErr>) -> PyErr {
    match err {
        Error::Interrupted(err) => err,
        err @ Error::OutOfMemory { .. } => PyMemoryError::new_err(err.to_string()),
        err @ Error::CountTooLarge { .. } => PyOverflowError::new_err(err.to_string()),
    }
}

/// `err`, unless it is a `MemoryError` (CPython raises one without a message): then the
/// contract's `MemoryError` for `count`. Call it once the half-built result is dropped, so
/// the message has memory to be written in.
fn out_of_memory_for(py: Python<'_>, err: PyErr, count: usize) -> PyErr {
    if err.is_instance_of::<PyMemoryError>(py) {
        to_pyerr(Error::OutOfMemory { count })
    } else {
        err
    }
}

/// The primes as a list of Python ints, every allocation checked.
///
/// PyO3's own conversion (returning the `Vec` itself, or `PyList::new`) panics when CPython
/// cannot allocate the list or an int: a `PanicException` that `except Exception` misses,
/// and with `RUST_BACKTRACE=1` a hang while the backtrace is printed without memory. Here a
/// NULL from CPython is its pending `MemoryError` instead, and the half-filled list is freed
/// (CPython skips its empty slots).
fn new_list<'py>(py: Python<'py>, primes: &[u32]) -> PyResult<Bound<'py, PyList>> {
    // At most U32_MAX_COUNT items: always a valid Py_ssize_t.
    let len = primes.len() as ffi::Py_ssize_t;
    // SAFETY: PyList_New returns a new reference, or NULL with an exception set.
    let list = unsafe { Bound::from_owned_ptr_or_err(py, ffi::PyList_New(len))? };
    for (index, &prime) in (0..len).zip(primes) {
        // SAFETY: PyLong_FromLongLong returns a new reference, or NULL with an exception set.
        // (Not FromUnsignedLong: FromLongLong has CPython's fast path for ints below 2³⁰.)
        let int = unsafe {
            Bound::from_owned_ptr_or_err(py, ffi::PyLong_FromLongLong(i64::from(prime)))?
        };
        // SAFETY: `list` is a list of `len` slots and index < len; PyList_SetItem steals
        // the reference `into_ptr` hands over, even when it fails.
        if unsafe { ffi::PyList_SetItem(list.as_ptr(), index, int.into_ptr()) } != 0 {
            return Err(PyErr::fetch(py));
        }
    }
    // SAFETY: PyList_New made it a list.
    Ok(unsafe { list.cast_into_unchecked() })
}

/// [`new_list`] for the result of [`compute`], with the contract's `MemoryError` for it.
fn into_list(py: Python<'_>, primes: Vec<u32>) -> PyResult<Bound<'_, PyList>> {
    let count = primes.len();
    let list = new_list(py, &primes);
    drop(primes);
    list.map_err(|err| out_of_memory_for(py, err, count))
}

/// Re-acquires the GIL for a moment so Ctrl-C raises `KeyboardInterrupt` mid-computation.
fn check_signals() -> PyResult<()> {
    Python::attach(|py| py.check_signals())
}

/// Any algorithm of `primes-core`, taking [`check_signals`] as its interruption check.
type Algorithm = fn(usize, fn() -> PyResult<()>) -> Result<Vec<u32>, Error<PyErr>>;

/// What every wrapper does: check `count` (reporting errors as implementation `name`), run
/// `algorithm` without the GIL so other threads keep going, and translate its errors.
fn compute(
    py: Python<'_>,
    count: &Bound<'_, PyAny>,
    name: &str,
    algorithm: Algorithm,
) -> PyResult<Vec<u32>> {
    let count = count_arg(count, U32_MAX_COUNT, name)?;
    py.detach(|| algorithm(count, check_signals))
        .map_err(to_pyerr)
}

/// The first `count` primes, by the talk's naive algorithm, computed without the GIL.
#[pyfunction]
fn first_n<'py>(py: Python<'py>, count: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyList>> {
    into_list(py, compute(py, count, "rust-naive", naive::first_n)?)
}

/// The first `count` primes by trial division up to √candidate, computed without the GIL.
#[pyfunction]
fn first_n_trial<'py>(py: Python<'py>, count: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyList>> {
    into_list(py, compute(py, count, "rust-trial", trial::first_n)?)
}

/// The first `count` primes by a segmented sieve of Eratosthenes, computed without the GIL.
#[pyfunction]
fn first_n_sieve<'py>(py: Python<'py>, count: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyList>> {
    into_list(py, compute(py, count, "rust-sieve", sieve::first_n)?)
}

/// The talk's algorithm with a SIMD divisibility test, computed without the GIL.
#[pyfunction]
fn first_n_naive_simd<'py>(
    py: Python<'py>,
    count: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyList>> {
    into_list(
        py,
        compute(py, count, "rust-naive-simd", naive_simd::first_n)?,
    )
}

/// `first_n_sieve` returning an `array('I')` instead of a list: not an implementation of
/// the contract, but the boundary study's way to price building a list of Python ints.
#[pyfunction]
fn first_n_sieve_array<'py>(
    py: Python<'py>,
    count: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let primes = compute(py, count, "rust-sieve", sieve::first_n)?;
    let count = primes.len();
    let bytes = PyBytes::new_with(py, count * 4, |buffer| {
        for (chunk, prime) in buffer.chunks_exact_mut(4).zip(&primes) {
            chunk.copy_from_slice(&prime.to_ne_bytes());
        }
        Ok(())
    });
    drop(primes); // before array() copies the bytes: two copies at a time, not three
    bytes
        .and_then(|bytes| {
            py.import(intern!(py, "array"))?
                .getattr(intern!(py, "array"))?
                .call1((intern!(py, "I"), bytes))
        })
        .map_err(|err| out_of_memory_for(py, err, count))
}

#[pymodule]
fn _lib(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_function(wrap_pyfunction!(first_n, m)?)?;
    m.add_function(wrap_pyfunction!(first_n_trial, m)?)?;
    m.add_function(wrap_pyfunction!(first_n_sieve, m)?)?;
    m.add_function(wrap_pyfunction!(first_n_naive_simd, m)?)?;
    m.add_function(wrap_pyfunction!(first_n_sieve_array, m)?)?;
    m.add(
        intern!(py, "NAIVE_SIMD_PATH"),
        naive_simd::Path::detect().name(),
    )?;
    m.add(intern!(py, "MAX_COUNT"), U32_MAX_COUNT)?;
    m.add(intern!(py, "BUILD_PROFILE"), BUILD_PROFILE)?;
    Ok(())
}
