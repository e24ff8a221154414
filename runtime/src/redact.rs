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

/// A field's name as `Debug` shows it: a raw identifier without its `r#`.
#[doc(hidden)]
pub fn field_name(ident: &'static str) -> &'static str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// `Debug` for a generated struct with sensitive fields, written once instead of per struct:
/// `redacted_debug!(Buyer { title, email: redacted_option, token: redacted })` shows `title`
/// as it is and the others through [`redacted`] / [`redacted_option`], in field order.
#[doc(hidden)]
#[macro_export]
macro_rules! redacted_debug {
    ($type:ident { $($field:ident $(: $redact:ident)?),* $(,)? }) => {
        impl ::core::fmt::Debug for $type {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_struct(stringify!($type))
                    $(.field(
                        $crate::redact::field_name(stringify!($field)),
                        $crate::redacted_debug!(@value self.$field $(, $redact)?),
                    ))*
                    .finish()
            }
        }
    };
    (@value $value:expr) => { &$value };
    (@value $value:expr, $redact:ident) => { &$crate::$redact(&$value) };
}
