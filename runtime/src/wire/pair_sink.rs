//! [`PairSink`]: a flat message written straight into `key=value&...` text, byte for byte
//! what the tree codecs write for the message's tree (issue 15): Computop's plain payload
//! ([`to_plain`](super::form::to_plain), unescaped), a form body
//! ([`to_form`](super::form::to_form), percent-encoded) and a query string
//! ([`to_query`](super::query::to_query)), with the same errors.
//!
//! Signing happens in the same pass: the sink keeps the raw values of the fields the `MAC`
//! covers as they go by (the first entry of each name under the operation's key matching,
//! as the tree's `mac_input_with` finds it), and where the `MAC` goes (the first entry named
//! like the `MAC` field: the generated writer's `computed` slot). The `MAC` is then computed
//! over exactly the values written and put in its place, as `sign_with` + `to_pairs` do on
//! the tree; `seal` also finds the clear fields (`MerchantID`) the same way.

use super::catalog::MacInfo;
use super::error::{EncodeError, EncodeProblem};
use super::query::percent_encode_checked;
use super::sink::{FieldSink, push_signed, push_unsigned};
use super::value::WireValue;

/// How the pairs are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PairMode {
    /// Computop's plain payload: unescaped (Paygate does not percent-decode the decrypted
    /// text), so a name holding `=` or `&` and a value holding `&` are refused.
    Plain,
    /// A form body: percent-encoded, with the same refusals as [`PairMode::Plain`] (the
    /// tree codec's `to_form` applies them too).
    Form,
    /// A GET query string: percent-encoded; only an empty name is refused.
    Query,
}

/// A scalar on its way to a pair.
#[derive(Clone, Copy)]
enum Scalar<'a> {
    Text(&'a str),
    Unsigned(u64),
    Signed(i64),
    Bool(bool),
    /// `null`, or the computed slot: left out unless the `MAC` goes there.
    Null,
}

impl Scalar<'_> {
    #[inline]
    fn write_raw(self, out: &mut String) {
        match self {
            Scalar::Text(text) => out.push_str(text),
            Scalar::Unsigned(value) => push_unsigned(out, value),
            Scalar::Signed(value) => push_signed(out, value),
            Scalar::Bool(value) => out.push_str(if value { "true" } else { "false" }),
            Scalar::Null => {}
        }
    }
}

/// The clear fields' pairs of a sealed request (`MerchantID`), names as spelled.
#[cfg(feature = "hmac-sha256")]
type ClearPairs = Vec<(String, String)>;

/// Where a watched value lies in [`Signing::raw`]: `None` until its name is seen.
type Span = Option<(usize, usize)>;

/// What signing and sealing need, collected while the pairs are written.
#[derive(Debug)]
struct Signing<'m> {
    mac: &'m MacInfo,
    /// The raw values (and, for the clear fields, the names as spelled) of watched entries.
    raw: String,
    /// Per `mac.request` field: its raw value.
    parts: Vec<Span>,
    /// Per `mac.clear` field: its name as spelled and its raw value (`None` value: the
    /// entry was `null`, which travels in clear as nothing; `Some(None)`: the `MAC` itself).
    clear: Vec<Option<(Span, ClearValue)>>,
    /// Where the `MAC` goes in the output: the value's byte range, once its entry is seen.
    target: Option<(usize, usize)>,
}

// Read only by the signing calls, which need `hmac-sha256`.
#[cfg_attr(not(feature = "hmac-sha256"), allow(dead_code))]
#[derive(Clone, Copy, Debug)]
enum ClearValue {
    /// A `null` entry: nothing travels in clear.
    Null,
    /// The entry the `MAC` goes in.
    Mac,
    /// A value, in `raw`.
    Raw(usize, usize),
}

/// Writes flat `key=value` pairs as the fields arrive (see the module docs). An object or a
/// list is refused as the tree codecs refuse it ([`EncodeProblem::NotFlat`]); the first
/// error is kept and returned when the sink finishes.
#[derive(Debug)]
pub struct PairSink<'m> {
    mode: PairMode,
    out: String,
    error: Option<EncodeError>,
    signing: Option<Signing<'m>>,
}

impl<'m> PairSink<'m> {
    /// The room reserved up front: a Computop request fits (the validation bench's full
    /// `WechatRequest` is 840 bytes percent-encoded), so the text is allocated once.
    const CAPACITY: usize = 1024;

    /// An unsigned sink.
    #[must_use]
    #[inline]
    pub fn new(mode: PairMode) -> Self {
        Self {
            mode,
            out: String::with_capacity(Self::CAPACITY),
            error: None,
            signing: None,
        }
    }

    /// A sink that collects what signing under `mac` needs (see the module docs); finish
    /// it with [`PairSink::finish_signed`] or [`PairSink::finish_sealed`].
    #[must_use]
    #[inline]
    pub fn signing(mode: PairMode, mac: &'m MacInfo) -> Self {
        let mut sink = Self::new(mode);
        sink.signing = Some(Signing {
            mac,
            raw: String::with_capacity(128),
            parts: vec![None; mac.request.len()],
            clear: vec![None; mac.clear.len()],
            target: None,
        });
        sink
    }

    /// The unsigned pairs `write` writes (what a generated `to_query` or unsigned `to_form`
    /// calls with its `write_fields`).
    ///
    /// # Errors
    ///
    /// As [`PairSink::finish`].
    #[inline]
    pub fn encode(mode: PairMode, write: impl FnOnce(&mut Self)) -> Result<String, EncodeError> {
        let mut sink = Self::new(mode);
        write(&mut sink);
        sink.finish()
    }

    /// The pairs, unsigned.
    ///
    /// # Errors
    ///
    /// The first error met: [`EncodeProblem::BadName`], [`EncodeProblem::Ampersand`] or
    /// [`EncodeProblem::NotFlat`], naming the field.
    #[inline]
    pub fn finish(self) -> Result<String, EncodeError> {
        match self.error {
            Some(error) => Err(error),
            None => Ok(self.out),
        }
    }

    #[inline]
    fn fail(&mut self, name: &str, problem: EncodeProblem) {
        if self.error.is_none() {
            self.error = Some(EncodeError::new(name, problem));
        }
    }

    /// Whether `name` may be a pair's name in this mode.
    #[inline]
    fn name_ok(&self, name: &str) -> bool {
        match self.mode {
            PairMode::Query => !name.is_empty(),
            PairMode::Plain | PairMode::Form => {
                !name.is_empty() && !name.bytes().any(|b| b == b'=' || b == b'&')
            }
        }
    }

    /// One entry of the message, as the tree's codecs take it: the name refused when empty
    /// (or, outside a query string, holding `=` or `&`), a `null` left out, a text value
    /// refused when it holds `&` (outside a query string; the `MAC`'s own entry carries the
    /// `MAC`, not what was there). In a percent-encoded mode those bytes are escaped
    /// anyway, so they are looked for only among the escaped ones.
    #[inline]
    fn pair(&mut self, name: &str, value: Scalar<'_>) {
        if self.error.is_some() {
            return;
        }
        if name.is_empty() {
            return self.fail(name, EncodeProblem::BadName);
        }
        // Outside a query string, `=` and `&` in a name and `&` in a value are refused.
        let checked = self.mode != PairMode::Query;
        if self.mode == PairMode::Plain && !self.name_ok(name) {
            return self.fail(name, EncodeProblem::BadName);
        }
        let is_target = self.watch(name, value);
        if matches!(value, Scalar::Null) && !is_target {
            // Left out, but its name is checked all the same, as `to_pairs` checks it.
            if !self.name_ok(name) {
                self.fail(name, EncodeProblem::BadName);
            }
            return;
        }
        let refuse_ampersand = checked && !is_target;
        if self.mode == PairMode::Plain
            && refuse_ampersand
            && matches!(value, Scalar::Text(text) if text.as_bytes().contains(&b'&'))
        {
            return self.fail(name, EncodeProblem::Ampersand);
        }
        if !self.out.is_empty() {
            self.out.push('&');
        }
        match self.mode {
            PairMode::Plain => self.out.push_str(name),
            PairMode::Form | PairMode::Query => {
                let refused = percent_encode_checked(&mut self.out, name, checked, checked);
                if refused {
                    return self.fail(name, EncodeProblem::BadName);
                }
            }
        }
        self.out.push('=');
        let start = self.out.len();
        match value {
            Scalar::Text(text) if self.mode == PairMode::Plain => self.out.push_str(text),
            Scalar::Text(text) => {
                if percent_encode_checked(&mut self.out, text, false, refuse_ampersand) {
                    return self.fail(name, EncodeProblem::Ampersand);
                }
            }
            other => other.write_raw(&mut self.out),
        }
        if is_target && let Some(signing) = self.signing.as_mut() {
            signing.target = Some((start, self.out.len()));
        }
    }

    /// Records `name`'s value if signing watches it; whether the `MAC` goes in this entry.
    #[inline]
    fn watch(&mut self, name: &str, value: Scalar<'_>) -> bool {
        let Some(signing) = self.signing.as_mut() else {
            return false;
        };
        let mac = signing.mac;
        let keys = mac.keys;
        let is_target = signing.target.is_none() && keys.matches(name, mac.field);
        let mut raw_value = None;
        let mut copy = |signing: &mut Signing<'_>| {
            *raw_value.get_or_insert_with(|| {
                let start = signing.raw.len();
                value.write_raw(&mut signing.raw);
                (start, signing.raw.len())
            })
        };
        for (index, part) in mac.request.iter().enumerate() {
            if signing.parts.get(index).is_some_and(Option::is_none) && keys.matches(name, part) {
                let span = copy(signing);
                if let Some(slot) = signing.parts.get_mut(index) {
                    *slot = Some(span);
                }
            }
        }
        for (index, clear) in mac.clear.iter().enumerate() {
            if signing.clear.get(index).is_some_and(Option::is_none) && keys.matches(name, clear) {
                let spelled = {
                    let start = signing.raw.len();
                    signing.raw.push_str(name);
                    Some((start, signing.raw.len()))
                };
                let value = if is_target {
                    ClearValue::Mac
                } else if matches!(value, Scalar::Null) {
                    ClearValue::Null
                } else {
                    let (start, end) = copy(signing);
                    ClearValue::Raw(start, end)
                };
                if let Some(slot) = signing.clear.get_mut(index) {
                    *slot = Some((spelled, value));
                }
            }
        }
        if is_target {
            // Marked now (the byte range is set once the pair is written), so that a later
            // entry of the same name is an ordinary one.
            signing.target = Some((usize::MAX, usize::MAX));
        }
        is_target
    }

    #[inline]
    fn object_or_list(&mut self, name: &str, found: &'static str) {
        if self.error.is_some() {
            return;
        }
        if !self.name_ok(name) {
            return self.fail(name, EncodeProblem::BadName);
        }
        self.fail(name, EncodeProblem::NotFlat { found });
    }
}

#[cfg(feature = "hmac-sha256")]
impl PairSink<'_> {
    /// The pairs with the `MAC` (HMAC-SHA256 under `key` over the watched values, uppercase
    /// hex) in its entry, or appended when no entry is named like it; and, `with_clear`,
    /// the clear fields' pairs, for sealing.
    #[inline]
    fn sign(
        self,
        key: &crate::mac::HmacKey,
        with_clear: bool,
    ) -> Result<(String, ClearPairs), EncodeError> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let mut out = self.out;
        let Some(signing) = self.signing else {
            return Ok((out, Vec::new()));
        };
        let text = |span: (usize, usize)| signing.raw.get(span.0..span.1).unwrap_or_default();
        let mut input = String::with_capacity(signing.raw.len() + 8);
        for (index, span) in signing.parts.iter().enumerate() {
            if index > 0 {
                input.push_str(signing.mac.separator);
            }
            if let Some(span) = span {
                input.push_str(text(*span));
            }
        }
        let mac = crate::mac::hmac_sha256_hex(key, &input);
        match signing.target {
            Some((start, end)) if end <= out.len() => out.replace_range(start..end, &mac),
            _ => {
                if !out.is_empty() {
                    out.push('&');
                }
                match self.mode {
                    PairMode::Plain => out.push_str(signing.mac.field),
                    PairMode::Form | PairMode::Query => {
                        percent_encode_checked(&mut out, signing.mac.field, false, false);
                    }
                }
                out.push('=');
                out.push_str(&mac);
            }
        }
        if !with_clear {
            return Ok((out, Vec::new()));
        }
        let clear = signing
            .clear
            .iter()
            .filter_map(|entry| {
                let (spelled, value) = (*entry)?;
                let name = text(spelled?).to_owned();
                match value {
                    ClearValue::Null => None,
                    ClearValue::Mac => Some((name, mac.clone())),
                    ClearValue::Raw(start, end) => Some((name, text((start, end)).to_owned())),
                }
            })
            .collect();
        Ok((out, clear))
    }

    /// The pairs, signed under `key` (see the module docs).
    ///
    /// # Errors
    ///
    /// As [`PairSink::finish`].
    #[inline]
    pub fn finish_signed(self, key: &crate::mac::HmacKey) -> Result<String, EncodeError> {
        self.sign(key, false).map(|(out, _)| out)
    }

    /// The plain pairs signed under `key`, encrypted under `cipher`, with the clear fields
    /// of the `MAC` scheme next to them: what [`seal`](super::form::seal) returns for the
    /// same message.
    ///
    /// # Errors
    ///
    /// As [`PairSink::finish`].
    #[cfg(feature = "blowfish-envelope")]
    #[inline]
    pub fn finish_sealed(
        self,
        key: &crate::mac::HmacKey,
        cipher: &crate::computop_crypto::Cipher,
    ) -> Result<super::form::SealedRequest, EncodeError> {
        let (plain, clear) = self.sign(key, true)?;
        let envelope = cipher.encrypt(&plain);
        Ok(super::form::SealedRequest {
            clear,
            len: envelope.len,
            data: envelope.data,
        })
    }
}

impl FieldSink for PairSink<'_> {
    #[inline]
    fn text(&mut self, name: &str, value: &str) {
        self.pair(name, Scalar::Text(value));
    }

    #[inline]
    fn unsigned(&mut self, name: &str, value: u64) {
        self.pair(name, Scalar::Unsigned(value));
    }

    #[inline]
    fn signed(&mut self, name: &str, value: i64) {
        self.pair(name, Scalar::Signed(value));
    }

    #[inline]
    fn boolean(&mut self, name: &str, value: bool) {
        self.pair(name, Scalar::Bool(value));
    }

    #[inline]
    fn begin_object(&mut self, name: &'static str) {
        self.object_or_list(name, "object");
    }

    #[inline]
    fn end_object(&mut self) {}

    #[inline]
    fn begin_list(&mut self, name: &'static str) {
        self.object_or_list(name, "list");
    }

    #[inline]
    fn end_list(&mut self) {}

    #[inline]
    fn computed(&mut self, name: &'static str) {
        self.pair(name, Scalar::Null);
    }

    #[inline]
    fn value(&mut self, name: &str, value: &WireValue) {
        match value {
            WireValue::Null => self.pair(name, Scalar::Null),
            WireValue::Bool(value) => self.pair(name, Scalar::Bool(*value)),
            WireValue::Number(number) => self.pair(name, Scalar::Text(number.as_str())),
            WireValue::Text(text) => self.pair(name, Scalar::Text(text)),
            WireValue::Object(_) | WireValue::List(_) => self.object_or_list(name, value.kind()),
        }
    }
}

// The tree codecs compared against (form, signing, sealing) need these capabilities.
#[cfg(all(
    test,
    feature = "form",
    feature = "hmac-sha256",
    feature = "blowfish-envelope"
))]
mod tests {
    use super::super::value::{KeyCase, WireObject};
    use super::super::{form, query};
    use super::*;

    fn message(sink: &mut impl FieldSink) {
        sink.text("MerchantID", "Shop 1/ü");
        sink.text("TransID", "T-1");
        sink.unsigned("Amount", 1000);
        sink.text("Currency", "EUR");
        sink.computed("MAC");
        sink.boolean("Flag", true);
        sink.signed("Delta", -2);
        sink.value("extra", &WireValue::from("x~y"));
        sink.value("none", &WireValue::Null);
    }

    fn tree() -> WireObject {
        let mut sink = super::super::sink::TreeSink::default();
        message(&mut sink);
        sink.finish()
    }

    const MAC: MacInfo = MacInfo {
        field: "MAC",
        request: &["PayID", "TransID", "MerchantID", "Amount", "Currency"],
        response: &[],
        clear: &["MerchantID"],
        separator: "*",
        keys: KeyCase::Insensitive,
    };

    #[test]
    fn unsigned_pairs_match_the_tree_codecs() {
        for (mode, expected) in [
            (PairMode::Plain, form::to_plain(&tree())),
            (PairMode::Form, form::to_form(&tree())),
            (PairMode::Query, query::to_query(&tree())),
        ] {
            let mut sink = PairSink::new(mode);
            message(&mut sink);
            assert_eq!(sink.finish(), expected, "{mode:?}");
        }
    }

    #[test]
    fn signed_pairs_match_the_tree_codecs() {
        let key = crate::mac::HmacKey::new("secret");
        let mut signed = tree();
        form::sign_with(&mut signed, &key, &MAC);
        let mut sink = PairSink::signing(PairMode::Plain, &MAC);
        message(&mut sink);
        assert_eq!(sink.finish_signed(&key), form::to_plain(&signed));
        let mut sink = PairSink::signing(PairMode::Form, &MAC);
        message(&mut sink);
        assert_eq!(
            sink.finish_signed(&key),
            form::to_form_signed(&tree(), &key, &MAC)
        );
    }

    #[test]
    fn a_message_without_a_mac_slot_gets_the_mac_appended() {
        let key = crate::mac::HmacKey::new("secret");
        let mut tree = WireObject::new();
        tree.push("TransID", "T-1");
        let mut sink = PairSink::signing(PairMode::Form, &MAC);
        sink.text("TransID", "T-1");
        assert_eq!(
            sink.finish_signed(&key),
            form::to_form_signed(&tree, &key, &MAC)
        );
    }

    #[test]
    fn sealing_matches_the_tree_codec() {
        let key = crate::mac::HmacKey::new("secret");
        let cipher = crate::computop_crypto::Cipher::new(
            &crate::computop_crypto::BlowfishKey::new("0123456789abcdef"),
        )
        .unwrap();
        let mut sink = PairSink::signing(PairMode::Plain, &MAC);
        message(&mut sink);
        assert_eq!(
            sink.finish_sealed(&key, &cipher),
            form::seal(&tree(), &MAC, &key, &cipher)
        );
    }

    #[test]
    fn refusals_match_the_tree_codecs() {
        let cases: [(&str, WireValue); 8] = [
            ("a=b", WireValue::from("x")),
            ("a&b", WireValue::from("x")),
            ("a=b", WireValue::Null),
            ("", WireValue::from("x")),
            ("ok", WireValue::from("x&y")),
            ("obj", WireValue::Object(WireObject::new())),
            ("list", WireValue::List(Vec::new())),
            ("ok", WireValue::from("&")),
        ];
        for (name, value) in cases {
            let mut tree = WireObject::new();
            tree.push(name, value.clone());
            let mut sink = PairSink::new(PairMode::Form);
            sink.value(name, &value);
            assert_eq!(sink.finish(), form::to_form(&tree), "{name}");
            let mut sink = PairSink::new(PairMode::Query);
            sink.value(name, &value);
            assert_eq!(sink.finish(), query::to_query(&tree), "{name}");
            let mut sink = PairSink::new(PairMode::Plain);
            sink.value(name, &value);
            assert_eq!(sink.finish(), form::to_plain(&tree), "{name}");
        }
        let mut sink = PairSink::new(PairMode::Plain);
        sink.begin_object("payment");
        sink.text("amount", "1");
        sink.end_object();
        let error = sink.finish().unwrap_err();
        assert_eq!(error.problem, EncodeProblem::NotFlat { found: "object" });
        assert_eq!(error.path, "payment");
    }

    #[test]
    fn percent_encoding_matches_the_query_codec() {
        let every: String = (1_u8..=0x7F)
            .map(char::from)
            .chain("é€😀".chars())
            .collect();
        let mut out = String::new();
        assert!(!percent_encode_checked(&mut out, &every, false, false));
        assert_eq!(out, query::percent_encode(&every));
    }
}
