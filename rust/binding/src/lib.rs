//! `primes._lib`: the Python face of `primes-core`.
//!
//! Only argument checking, error translation and GIL handling live here; the algorithms are
//! in `rust/core` and know nothing about Python.

use std::mem::MaybeUninit;

use primes_core::{Error, U32_MAX_COUNT, naive, naive_simd, sieve, trial, wheel};
use pyo3::exceptions::{PyMemoryError, PyOverflowError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyDict, PyList};
use pyo3::{ffi, intern};

/// "release" or "debug": the tests refuse to benchmark a debug build.
const BUILD_PROFILE: &str = if cfg!(debug_assertions) {
    "debug"
} else {
    "release"
};

/// What a wrapper hands back, for the memory check before any work.
#[derive(Clone, Copy)]
enum Output {
    /// A list of ints, built from the algorithm's `Vec<u32>`.
    List,
    /// A bytearray copied from the algorithm's `Vec<u32>`.
    CopiedBuffer,
    /// A bytearray the algorithm fills in place.
    Buffer,
}

impl Output {
    /// Bytes a prime besides the list: the `Vec<u32>`, and the bytearray it is copied into.
    const fn bytes_per_prime(self) -> usize {
        match self {
            Self::List | Self::Buffer => 4,
            Self::CopiedBuffer => 8,
        }
    }
}

/// Below this count no result here reaches the 1 MiB from which `primes.contract` checks
/// memory at all (a list's 40 bytes a prime and the `Vec`'s 4 are the most, under 48), so the
/// call is skipped: it would cost as much as a small count's whole work.
const MEMORY_CHECKED_FROM_COUNT: usize = (1 << 20) / 48;

/// `primes.contract.check_memory`: the contract's `MemoryError`, before any work, when the
/// result for `count` cannot fit in what this process may still allocate. The same check, and
/// the same words, as every other implementation.
fn check_memory(py: Python<'_>, count: usize, output: Output) -> PyResult<()> {
    if count < MEMORY_CHECKED_FROM_COUNT {
        return Ok(());
    }
    let checked = || -> PyResult<()> {
        let options = PyDict::new(py);
        options.set_item(intern!(py, "as_list"), matches!(output, Output::List))?;
        options.set_item(intern!(py, "bytes_per_prime"), output.bytes_per_prime())?;
        py.import(intern!(py, "primes.contract"))?
            .getattr(intern!(py, "check_memory"))?
            .call((count,), Some(&options))?;
        Ok(())
    };
    // Its MemoryError has the contract's words; one raised while asking (CPython's) has none.
    checked().map_err(|err| {
        let bare = err
            .value(py)
            .getattr(intern!(py, "args"))
            .and_then(|args| args.len())
            .is_ok_and(|len| len == 0);
        if bare {
            out_of_memory_for(py, err, count)
        } else {
            err
        }
    })
}

/// Takes `count` the way `range()` does (`operator.index`), with the same exception types
/// and messages as every other implementation in the registry, then checks that its result,
/// shaped as `output`, can fit in memory.
fn count_arg(count: &Bound<'_, PyAny>, max: usize, name: &str, output: Output) -> PyResult<usize> {
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
    check_memory(py, value, output)?;
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
        let int = unsafe { ffi::PyLong_FromLongLong(i64::from(prime)) };
        if int.is_null() {
            return Err(PyErr::fetch(py));
        }
        // SAFETY: `list` is a new list of `len` empty slots, index < len, and SET_ITEM
        // steals `int`. SET_ITEM, as Cython's lists are filled, not PyList_SetItem, whose
        // type and bounds checks and release of the old item cost more than storing the
        // pointer. SET_ITEM is not in the limited API, so the extension is built for one
        // CPython, not abi3.
        unsafe { ffi::PyList_SET_ITEM(list.as_ptr(), index, int) };
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

/// What every wrapper does: check `count` (reporting errors as implementation `name`, and
/// whether its result, shaped as `output`, fits), run `algorithm` without the GIL so other
/// threads keep going, and translate its errors.
fn compute(
    py: Python<'_>,
    count: &Bound<'_, PyAny>,
    name: &str,
    output: Output,
    algorithm: Algorithm,
) -> PyResult<Vec<u32>> {
    compute_count(
        py,
        count_arg(count, U32_MAX_COUNT, name, output)?,
        algorithm,
    )
}

/// [`compute`] for a count already checked.
fn compute_count(py: Python<'_>, count: usize, algorithm: Algorithm) -> PyResult<Vec<u32>> {
    py.detach(|| algorithm(count, check_signals))
        .map_err(to_pyerr)
}

/// Defines the `#[pyfunction]`s of an algorithm: `$list`, which returns a list of ints, and
/// (when named) its buffer twin `$buffer`, a copy of the same `Vec` into a bytearray; both
/// check `count` as implementation `$name` and compute without the GIL.
macro_rules! first_n_functions {
    ($doc:literal, $list:ident, $name:literal, $algorithm:path) => {
        #[doc = concat!("The first `count` primes ", $doc, ", computed without the GIL.")]
        #[pyfunction]
        fn $list<'py>(py: Python<'py>, count: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyList>> {
            into_list(py, compute(py, count, $name, Output::List, $algorithm)?)
        }
    };
    ($doc:literal, $list:ident, $buffer:ident, $name:literal, $algorithm:path) => {
        first_n_functions!($doc, $list, $name, $algorithm);

        #[doc = concat!("`", stringify!($list), "` as a memoryview of uint32 (format \"I\") over a new bytearray.")]
        #[pyfunction]
        fn $buffer<'py>(py: Python<'py>, count: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
            into_buffer(py, compute(py, count, $name, Output::CopiedBuffer, $algorithm)?)
        }
    };
}

first_n_functions!(
    "by the talk's naive algorithm",
    first_n,
    first_n_buffer,
    "rust-naive",
    naive::first_n
);
first_n_functions!(
    "by trial division up to √candidate",
    first_n_trial,
    first_n_trial_buffer,
    "rust-trial",
    trial::first_n
);
first_n_functions!(
    "by a segmented sieve of Eratosthenes",
    first_n_sieve,
    first_n_sieve_buffer,
    "rust-sieve",
    sieve::first_n
);
first_n_functions!(
    "by the talk's algorithm with a SIMD divisibility test",
    first_n_naive_simd,
    first_n_naive_simd_buffer,
    "rust-naive-simd",
    naive_simd::first_n
);
// Its buffer twin fills the bytearray in place: `first_n_wheel_buffer` below.
first_n_functions!(
    "by a segmented sieve on a mod-30 wheel",
    first_n_wheel,
    "rust-wheel",
    wheel::first_n
);

/// A new bytearray for `count` u32s, uninitialised, or a copy of `source` (`count` long).
fn new_bytearray<'py>(
    py: Python<'py>,
    source: Option<&[u32]>,
    count: usize,
) -> PyResult<Bound<'py, PyByteArray>> {
    // At most 4 · U32_MAX_COUNT bytes: always a valid Py_ssize_t.
    let bytes = (4 * count) as ffi::Py_ssize_t;
    let data = source.map_or(std::ptr::null(), |s| s.as_ptr().cast());
    // SAFETY: with a NULL source the bytes are left uninitialised, otherwise `bytes` are read
    // from `source`, which holds `count` u32s. Returns a new reference, or NULL with an
    // exception set (a MemoryError without a message when it cannot be allocated).
    unsafe { Bound::from_owned_ptr_or_err(py, ffi::PyByteArray_FromStringAndSize(data, bytes)) }
        .map(|array| {
            // SAFETY: PyByteArray_FromStringAndSize made it a bytearray.
            unsafe { array.cast_into_unchecked() }
        })
        .map_err(|err| out_of_memory_for(py, err, count))
}

/// `memoryview(array).cast("I")`: the buffer twins' result, a read-write 1-D view of uint32.
fn u32_view<'py>(array: Bound<'py, PyByteArray>) -> PyResult<Bound<'py, PyAny>> {
    let py = array.py();
    // SAFETY: PyMemoryView_FromObject returns a new reference, or NULL with an exception set.
    unsafe { Bound::from_owned_ptr_or_err(py, ffi::PyMemoryView_FromObject(array.as_ptr())) }?
        .call_method1(intern!(py, "cast"), (intern!(py, "I"),))
}

/// The buffer twin of an algorithm that returns a `Vec`: one copy, into a new bytearray.
fn into_buffer(py: Python<'_>, primes: Vec<u32>) -> PyResult<Bound<'_, PyAny>> {
    let count = primes.len();
    let array = new_bytearray(py, Some(&primes), count);
    drop(primes);
    u32_view(array?)
}

/// `first_n_wheel` as a memoryview of uint32 (format "I") over a new bytearray, which the
/// sieve fills in place, without the GIL: no copy at all.
#[pyfunction]
fn first_n_wheel_buffer<'py>(
    py: Python<'py>,
    count: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let count = count_arg(count, U32_MAX_COUNT, "rust-wheel", Output::Buffer)?;
    let array = new_bytearray(py, None, count)?;
    // SAFETY: PyByteArray_AsString returns the bytearray's buffer of 4 · count bytes.
    let data = unsafe { ffi::PyByteArray_AsString(array.as_ptr()) }.cast::<MaybeUninit<u32>>();
    if count > 0 && data.is_aligned() {
        // SAFETY: the buffer holds `count` u32s, aligned (CPython's allocators align to 16
        // bytes), and nothing else can reach it while the sieve runs: the bytearray is new
        // and only this function holds it (signal handlers that `check_signals` runs included).
        let out = unsafe { std::slice::from_raw_parts_mut(data, count) };
        py.detach(|| wheel::fill_uninit(out, check_signals).map(|_| ()))
            .map_err(to_pyerr)?;
    } else if count > 0 {
        // Never seen: an unaligned buffer gets the primes by one copy instead.
        drop(array);
        return into_buffer(py, compute_count(py, count, wheel::first_n)?);
    }
    u32_view(array)
}

#[pymodule]
fn _lib(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_function(wrap_pyfunction!(first_n, m)?)?;
    m.add_function(wrap_pyfunction!(first_n_trial, m)?)?;
    m.add_function(wrap_pyfunction!(first_n_sieve, m)?)?;
    m.add_function(wrap_pyfunction!(first_n_naive_simd, m)?)?;
    m.add_function(wrap_pyfunction!(first_n_wheel, m)?)?;
    m.add_function(wrap_pyfunction!(first_n_buffer, m)?)?;
    m.add_function(wrap_pyfunction!(first_n_trial_buffer, m)?)?;
    m.add_function(wrap_pyfunction!(first_n_sieve_buffer, m)?)?;
    m.add_function(wrap_pyfunction!(first_n_naive_simd_buffer, m)?)?;
    m.add_function(wrap_pyfunction!(first_n_wheel_buffer, m)?)?;
    m.add(
        intern!(py, "NAIVE_SIMD_PATH"),
        naive_simd::Path::detect().name(),
    )?;
    m.add(intern!(py, "MAX_COUNT"), U32_MAX_COUNT)?;
    m.add(intern!(py, "BUILD_PROFILE"), BUILD_PROFILE)?;
    Ok(())
}
