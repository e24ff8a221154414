//! How a form operation's messages are protected and read, as its spec states it: the
//! envelope around the pairs and how received keys are matched. The MAC scheme itself
//! (algorithm, output, separator, inputs) stays in the operation's `mac`.
//!
//! Nothing here depends on the provider's name or on the transport: an operation that
//! states nothing gets no envelope and exact keys (specs/README.md documents both
//! defaults).

use crate::spec::ast::{self, EnvelopeSpec, KeysSpec};

/// How the pairs travel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Envelope {
    /// In clear, percent-encoded: only the MAC (if any) vouches for the message.
    None,
    /// Blowfish-ECB `Len`/`Data` (Computop Paygate): the readers and writers take a cipher.
    BlowfishEcb,
}

/// How received keys are matched against the spec's wire names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyMatching {
    /// Byte for byte.
    Exact,
    /// ASCII letters in either case.
    AnyCase,
}

/// The protocol traits of one operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Protocol {
    /// The envelope (`none` for every transport but `form`, which may say otherwise).
    pub envelope: Envelope,
    /// Key matching when reading.
    pub keys: KeyMatching,
}

/// The operation's protocol traits, its defaults filled in.
pub(super) fn lower(op: &ast::Operation) -> Protocol {
    Protocol {
        envelope: match op.envelope.unwrap_or_default() {
            EnvelopeSpec::None => Envelope::None,
            EnvelopeSpec::BlowfishEcb => Envelope::BlowfishEcb,
        },
        keys: match op.keys.unwrap_or_default() {
            KeysSpec::Exact => KeyMatching::Exact,
            KeysSpec::AnyCase => KeyMatching::AnyCase,
        },
    }
}
