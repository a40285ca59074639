use std::fmt;

/// Why a computation did not return its primes.
#[derive(Debug, PartialEq, Eq)]
pub enum Error<E> {
    /// The count's last prime would not fit in the result's integer type.
    CountTooLarge { count: usize, max: usize },
    /// The result, or the working memory to compute it, could not be allocated.
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
            // The message every implementation gives (primes.contract.out_of_memory).
            Self::OutOfMemory { count } => write!(
                f,
                "cannot allocate the result for count {count}: not enough memory for {} primes",
                Thousands(*count)
            ),
            Self::Interrupted(reason) => write!(f, "interrupted: {reason}"),
        }
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for Error<E> {}

/// A count with its thousands separated by commas, as Python's `f"{count:,}"` writes it.
struct Thousands(usize);

impl fmt::Display for Thousands {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Formatted into a fixed buffer: this runs when memory has just run out.
        let mut digits = [0u8; 20];
        let mut len = 0;
        let mut rest = self.0;
        loop {
            digits[len] = b'0' + (rest % 10) as u8;
            len += 1;
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        for (position, digit) in digits[..len].iter().rev().enumerate() {
            if position > 0 && (len - position) % 3 == 0 {
                f.write_str(",")?;
            }
            write!(f, "{}", char::from(*digit))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_separated_like_python() {
        for (value, expected) in [
            (0, "0"),
            (7, "7"),
            (999, "999"),
            (1_000, "1,000"),
            (12_345, "12,345"),
            (100_000_000, "100,000,000"),
            (usize::MAX, "18,446,744,073,709,551,615"),
        ] {
            assert_eq!(Thousands(value).to_string(), expected);
        }
    }

    #[test]
    fn out_of_memory_message_is_the_contracts() {
        let err: Error<&str> = Error::OutOfMemory { count: 100_000_000 };
        assert_eq!(
            err.to_string(),
            "cannot allocate the result for count 100000000: \
             not enough memory for 100,000,000 primes"
        );
    }
}
