//! Hand-written support the generated code calls: violations and their rule kinds, the checks
//! behind every generated `validate()`, return-code outcomes and `Debug` redaction.
//!
//! Every check here reports into a [`Violations`] list and never allocates unless it reports:
//! a valid request validates without touching the heap. Character-class checks are
//! branch-free scans over every byte (a 256-entry lookup table folded over the whole value,
//! no early exit, no regex), so their running time depends on the length of a value only.

// Non-test code never panics on input: every lookup is `.get()` with a located error, an
// iterator or a slice pattern (issue 11, point 6). Tests may unwrap and index freely.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

pub mod carry;
pub mod chars;
#[cfg(feature = "computop")]
pub mod computop_crypto;
pub mod date;
pub mod number;
pub mod outcome;
pub mod redact;
#[cfg(feature = "signature")]
pub mod signature;
pub mod url;
pub mod violation;
pub mod wire;

pub use carry::{carry_form, carry_xml};
pub use chars::{
    ByteSet, CLASS_A, CLASS_AN, CLASS_ANS, CLASS_AS, CLASS_N, CLASS_NS, CharClass, ClassA, ClassAn,
    ClassAns, ClassAs, ClassN, ClassNs, Len, ascii, forbidden, given, prefix, required, text,
};
pub use date::{DatePart, ISO_DATE_TIME, date};
pub use number::{at_least, at_most, digits};
pub use outcome::{Outcome, family_outcome};
pub use redact::{Redacted, redacted, redacted_option};
pub use url::{UrlRule, url};
pub use violation::{RuleKind, Violation, Violations, fixed, one_of};
/// The catalog rows, re-exported so that the generated catalogs name them briefly.
pub use wire::catalog::{CodeInfo, FieldInfo};
