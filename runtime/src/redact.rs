//! `Debug` output of sensitive fields (secrets, personal data): their presence shows, their
//! value never does.

use std::fmt;

/// Stands in for a sensitive value in `Debug` output.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Redacted {
    /// `None` for an absent optional value, `Some(true)` for a present optional one,
    /// `Some(false)` for a value that is not optional.
    option: Option<bool>,
}

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.option {
            None => "None",
            Some(true) => "Some(<redacted>)",
            Some(false) => "<redacted>",
        })
    }
}

/// Shows a sensitive value as `<redacted>`.
pub fn redacted<T: ?Sized>(_value: &T) -> Redacted {
    Redacted {
        option: Some(false),
    }
}

/// Shows a sensitive optional value as `None` or `Some(<redacted>)`.
pub fn redacted_option<T>(value: &Option<T>) -> Redacted {
    Redacted {
        option: value.as_ref().map(|_| true),
    }
}
