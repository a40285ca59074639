use std::fmt;

/// Why a computation did not return its primes.
#[derive(Debug, PartialEq, Eq)]
pub enum Error<E> {
    /// The count's last prime would not fit in the result's integer type.
    CountTooLarge { count: usize, max: usize },
    /// The result could not be allocated.
    OutOfMemory { count: usize },
    /// The `check` callback asked to stop; carries its reason.
    Interrupted(E),
}

impl<E: fmt::Display> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::CountTooLarge { count, max } => write!(
                f,
                "count {count} is too large: the largest count whose last prime fits in u32 is {max}"
            ),
            Self::OutOfMemory { count } => {
                write!(f, "cannot allocate the result for count {count}")
            }
            Self::Interrupted(reason) => write!(f, "interrupted: {reason}"),
        }
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for Error<E> {}
