//! The wire layer: a transport-neutral tree, [`WireObject`], its codecs, the sinks that
//! write a typed message straight to its wire, and the one-pass readers that read a typed
//! response straight from it.
//!
//! ```text
//!   typed request ──write_fields──▶ FieldSink ──▶ form / JSON / SOAP / query text
//!   typed request ──to_wire──▶ WireObject ──codec──▶ the same text (the `pspec` command)
//!   typed response ◀─read_fields── pull::FieldSource ◀── raw response bytes
//!   typed response ◀─from_wire── WireObject ◀─codec── raw bytes (the `pspec` command)
//! ```
//!
//! Every generated struct has one writer, `write_fields`, which hands its fields to a
//! [`FieldSink`]: the encoders pass [`JsonSink`], [`SoapSink`] or [`PairSink`] and get
//! their text in one pass, `to_wire` passes [`TreeSink`] and gets the tree, whose codecs
//! write the same bytes (tests/direct_encoding.rs holds them to it).
//!
//! Every generated response has one reader, `read_fields`, which pulls names from a
//! [`pull::FieldSource`]: `from_json`, `from_soap` and `from_query_unverified` read the
//! bytes in one pass, `from_wire` reads a tree through the same reader
//! (tests/one_pass.rs holds the two to the same answers). Requests are read from trees
//! ([`WireReader`]), where validation needs its read modes.
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
//! is limited to [`MAX_DEPTH`] levels everywhere, so no input can exhaust the stack; an
//! input is at most [`MAX_INPUT`] bytes and holds at most [`MAX_ENTRIES`] names and list
//! items, each refused before the tree is built, so that decoding takes time linear in the
//! input and memory within a small multiple of it (docs/reliability.md has the figures).

pub mod catalog;
mod date;
mod dotted;
mod echo;
mod error;
mod fields;
mod joined;
#[cfg(feature = "json")]
mod json_sink;
mod pair_sink;
pub mod pull;
mod read;
mod sink;
#[cfg(feature = "soap")]
mod soap_sink;
mod value;
pub mod work;

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
// One-pass encoding (issue 15): the generated `write_fields` and its sinks.
#[cfg(feature = "json")]
pub use json_sink::JsonSink;
pub use pair_sink::{PairMode, PairSink};
#[doc(hidden)]
pub use sink::write_map;
pub use sink::{FieldSink, TreeSink};
#[cfg(feature = "soap")]
pub use soap_sink::SoapSink;

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
pub use read::WireReader;

/// How deep objects and lists may nest in anything the wire layer reads or writes. The
/// specs nest three levels at most (`redirect.data.package`); the limit keeps recursion
/// over a hostile input bounded.
pub const MAX_DEPTH: usize = 32;

/// The largest input any decoder reads, in bytes ([`DecodeProblem::TooLarge`] beyond). No
/// provider message comes near it (the largest fixture is a few kilobytes); the `pspec`
/// command reads no more than this either.
pub const MAX_INPUT: usize = 16 * 1024 * 1024;

/// The most entries one message may hold: names of every object and items of every list,
/// counted through the whole tree ([`DecodeProblem::TooManyEntries`] beyond). The specs'
/// messages have a few dozen fields and Adyen's `additionalData` a few hundred keys; the
/// cap is far above that and keeps a message of millions of tiny entries (`a&a&a...`, a
/// list of zeros) from taking 50 to 100 bytes of tree per byte of input.
pub const MAX_ENTRIES: usize = 100_000;

/// The input as UTF-8, or [`DecodeProblem::NotUtf8`] with the raw input attached;
/// [`DecodeProblem::TooLarge`] (without the raw input) past [`MAX_INPUT`]. Every decoder
/// starts here.
fn utf8(raw: &[u8]) -> Result<&str, DecodeError> {
    if raw.len() > MAX_INPUT {
        return Err(DecodeError::input(DecodeProblem::TooLarge {
            limit: MAX_INPUT,
        }));
    }
    std::str::from_utf8(raw).map_err(|err| {
        DecodeError::input(DecodeProblem::NotUtf8 {
            offset: err.valid_up_to(),
        })
        .with_raw(raw)
    })
}

/// Refuses a `key=value&...` text of more than [`MAX_ENTRIES`] pairs (empty segments do
/// not count, as the parsers skip them) before a pair is allocated: counting is a scan
/// of the bytes.
fn check_pair_count(text: &str) -> Result<(), DecodeError> {
    if pair_count_within_limit(text) {
        Ok(())
    } else {
        Err(DecodeError::input(DecodeProblem::TooManyEntries {
            limit: MAX_ENTRIES,
        }))
    }
}

fn pair_count_within_limit(text: &str) -> bool {
    text.split('&')
        .filter(|segment| !segment.is_empty())
        .take(MAX_ENTRIES + 1)
        .count()
        <= MAX_ENTRIES
}
