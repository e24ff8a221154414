//! The wire layer: every message goes through one transport-neutral tree,
//! [`WireObject`], on its way to and from the wire.
//!
//! ```text
//!   typed request ──to_wire──▶ WireObject ──codec──▶ form / JSON / SOAP / query text
//!   typed response ◀─from_wire── WireObject ◀─codec── raw response bytes
//! ```
//!
//! | transport | codec | feature of this crate |
//! |---|---|---|
//! | `form` (Computop) | [`form`]: pairs; with `hmac-sha256` the `MAC`, with `blowfish-envelope` the `Len`/`Data` envelope | `form` |
//! | `json` (Adyen) | [`json`]: key order kept both ways | `json` |
//! | `soap` (Monext) | [`soap`]: SOAP 1.1 envelope, read by local names | `soap` |
//! | `query` (GET) | [`query`]: percent-encoded pairs | always |
//!
//! Every decoder takes raw bytes and returns a [`DecodeError`] (what was wrong, at which
//! dotted path, with the raw input kept) instead of panicking, whatever the bytes. Nesting
//! is limited to [`MAX_DEPTH`] levels everywhere, so no input can exhaust the stack.

pub mod catalog;
mod date;
mod dotted;
mod echo;
mod error;
mod fields;
mod joined;
mod read;
mod value;

#[cfg(feature = "form")]
pub mod form;
#[cfg(feature = "json")]
pub mod json;
pub mod query;
#[cfg(feature = "soap")]
pub mod soap;

pub use error::{DecodeError, DecodeProblem, EncodeError, EncodeProblem};
pub use read::{Checked, ReadMode};
pub use value::{KeyCase, WireNumber, WireObject, WireValue};

// What only the generated `to_wire` / `from_wire` call: public, hidden from the docs.
#[doc(hidden)]
pub use date::{DateFields, parse_date};
#[doc(hidden)]
pub use dotted::{expand_dotted, expand_dotted_where};
#[doc(hidden)]
pub use echo::echo;
#[doc(hidden)]
pub use fields::{Fields, item_object, item_text};
#[doc(hidden)]
pub use joined::{join_fields, scoped_objects};
#[doc(hidden)]
pub use read::{WireReader, list_value, map_value};

/// How deep objects and lists may nest in anything the wire layer reads or writes. The
/// specs nest three levels at most (`redirect.data.package`); the limit keeps recursion
/// over a hostile input bounded.
pub const MAX_DEPTH: usize = 32;

/// The input as UTF-8, or [`DecodeProblem::NotUtf8`] with the raw input attached.
fn utf8(raw: &[u8]) -> Result<&str, DecodeError> {
    std::str::from_utf8(raw).map_err(|err| {
        DecodeError::input(DecodeProblem::NotUtf8 {
            offset: err.valid_up_to(),
        })
        .with_raw(raw)
    })
}
