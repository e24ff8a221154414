//! The bodies of the fuzz targets (issue 12, point 4), one function per target.
//!
//! The cargo-fuzz binaries of `fuzz/fuzz_targets/` each call one of these on libFuzzer's
//! input; `tests/fuzz_corpus.rs` includes this file as a module and calls the same functions
//! on every file of `fuzz/corpus/<target>/` and `tests/fixtures/fuzz-regressions/<target>/`
//! on the stable toolchain. A body returns normally on any input, valid or not; it panics
//! only when a property breaks (a decoder panicking, something encoded that does not decode,
//! a value lost on the way, output out of proportion to the input), which is what libFuzzer
//! reports as a crash.
//!
//! The keys are the test keys of the README and of tests/verified.rs and tests/webhook.rs:
//! the fuzzer must be able to produce messages that pass the envelope, `MAC` and signature
//! checks, so that what lies behind them (the typed decoders, the validators) is reached.

use std::collections::BTreeMap;

use arbitrary::Unstructured;
use pspec::adyen;
use pspec::computop;
use pspec::monext;
use pspec::runtime::computop_crypto::{BlowfishKey, Cipher};
use pspec::runtime::mac::HmacKey;
use pspec::runtime::signature::SignatureKey;
use pspec::runtime::wire::catalog::{FieldInfo, OperationInfo, Transport};
use pspec::runtime::wire::form::{self, Envelope as _, NoEnvelope};
use pspec::runtime::wire::{
    DecodeError, EncodeError, KeyCase, WireObject, WireValue, json, query, soap,
};
use pspec::runtime::{Violations, carry_form, carry_xml};

/// A target's body: one input, a panic when a property breaks.
pub type Body = fn(&[u8]);

/// Every target, by the name of its cargo-fuzz binary and of its corpus directory.
pub const TARGETS: &[(&str, Body)] = &[
    ("computop_form", computop_form),
    ("blowfish_envelope", blowfish_envelope),
    ("json", json),
    ("soap", soap),
    ("webhook", webhook),
    ("roundtrip", roundtrip),
    ("spec_loader", spec_loader),
    ("expr", expr),
];

/// What a decoder may give back for an input of `input` bytes, in bytes of re-encoded
/// output: the wire grows a value by escaping it (`&` to `%26`, `<` to `&lt;`, a control
/// character to `\u0001`), never by more than 8x, plus the fixed text of an envelope.
fn bound(input: usize) -> usize {
    input.saturating_mul(8).saturating_add(4096)
}

pub fn assert_output_bounded(what: &str, input: usize, output: usize) {
    assert!(
        output <= bound(input),
        "{what}: {output} bytes out of {input} bytes in"
    );
}

/// The Blowfish key of the tests (16 bytes).
fn cipher() -> Cipher {
    match Cipher::new(&BlowfishKey::new("X*b89Q=eG!s23rJ[")) {
        Ok(cipher) => cipher,
        Err(err) => panic!("the test Blowfish key is refused: {err}"),
    }
}

/// The HMAC key of the tests.
fn hmac() -> HmacKey {
    HmacKey::new("h8G!s2Q*rT4=kP9[zY6]mN3(xB7)cV5w")
}

/// The Adyen webhook key of the tests (hex).
fn signature_key() -> SignatureKey {
    match adyen::WebhookResponse::signature_key(
        "6A2D9C41F07B3E85D4A1C62F98E05B7734C1A9F2E6D08B5C3F71A4E29D6B0C58",
    ) {
        Ok(key) => key,
        Err(err) => panic!("the test signature key is refused: {err}"),
    }
}

/// Runs one Computop response type's decoders over `$input`: the unverified reader, the
/// verified one (which refuses almost everything the fuzzer makes, by design), and, when
/// the unverified read succeeds, its re-encoding, which must stay in proportion.
macro_rules! computop_responses {
    ($input:expr, $cipher:expr, $hmac:expr, $($ty:ty),+) => {{
        let input: &[u8] = $input;
        $(
            // The one-pass reader (issue 15) and the tree reader agree (see `json`).
            let one = <$ty>::from_query_unverified(input, $cipher);
            let tree = $cipher
                .open_form(input, KeyCase::Insensitive)
                .and_then(|tree| <$ty>::from_wire(&tree));
            match (&one, &tree) {
                (Ok(one), Ok(tree)) => assert_eq!(one, tree, "the one-pass and tree readers differ"),
                (Err(_), Err(_)) => {}
                _ => panic!("one reader refuses what the other reads: {one:?} / {tree:?}"),
            }
            if let Ok(response) = <$ty>::from_query_unverified(input, $cipher) {
                let wire = response.to_wire();
                let _ = response.validate();
                let plain = form::to_plain(&wire).map(|text| text.len()).unwrap_or(0);
                assert_output_bounded(stringify!($ty), input.len(), plain);
            }
            let _ = <$ty>::from_query(input, $hmac, $cipher);
        )+
    }};
}

fn computop_all(input: &[u8], cipher: &Cipher, hmac: &HmacKey) {
    computop_responses!(
        input,
        cipher,
        hmac,
        computop::WechatResponse,
        computop::QuickpayResponse,
        computop::QrcodeResponse,
        computop::ReverseResponse,
        computop::CreditResponse
    );
}

/// Computop responses and notifies as received (a query string or form body, with `Len` and
/// `Data` or in clear), and the runtime's form and query readers under them.
pub fn computop_form(data: &[u8]) {
    let cipher = cipher();
    let hmac = hmac();
    computop_all(data, &cipher, &hmac);
    if let Ok(object) = query::from_query(data) {
        // What the query reader gives, written back and read again, is the same object.
        if let Ok(text) = query::to_query(&object) {
            assert_output_bounded("to_query", data.len(), text.len());
            let again = query::from_query(&text)
                .unwrap_or_else(|err| panic!("to_query wrote what from_query refuses: {err}"));
            assert_eq!(again, object, "query text changed on a round trip");
        }
    }
    if let Ok(object) = NoEnvelope.open_form(data, KeyCase::Insensitive) {
        let _ = form::to_plain(&object);
    }
    let _ = form::open(data, &cipher);
    let _ = form::check_len(data, &cipher);
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = pspec::runtime::computop_crypto::Pairs::parse(text);
        let _ = pspec::runtime::computop_crypto::Pairs::parse_query(text);
    }
}

/// The Blowfish `Len`/`Data` envelope. The first byte picks how the rest is used:
/// - 0: as received text for `form::open` and the verified openers;
/// - 1: as the plain text inside an envelope sealed with the test key (so that the pair
///   parser behind the decryption sees the fuzzer's bytes), opened and decoded;
/// - 2: as in 1, signed with the test HMAC key first, so that `from_query`'s checks pass and
///   the typed decoders and validators run;
/// - 3: as in 1 with a `Len` taken from the input (short, long, zero, huge);
/// - else: as raw ciphertext blocks for the block primitives.
pub fn blowfish_envelope(data: &[u8]) {
    let cipher = cipher();
    let hmac = hmac();
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    match mode {
        0 => {
            let _ = form::open(rest, &cipher);
            let _ = form::open_verified(rest, &cipher, &hmac, &computop::WechatRequest::MAC);
            let _ = pspec::runtime::computop_crypto::open_response(
                &cipher,
                &String::from_utf8_lossy(rest),
            );
        }
        1..=3 => {
            let plain = String::from_utf8_lossy(rest);
            let mut plain = plain.into_owned();
            if mode == 2 {
                // Signed as Paygate signs a response: the MAC over PayID*TransID*mid*Status*Code.
                let mut object = form::from_pairs(
                    pspec::runtime::computop_crypto::Pairs::parse(&plain).into_vec(),
                );
                form::sign(
                    &mut object,
                    &hmac,
                    "MAC",
                    computop::WechatResponse::MAC_INPUT,
                );
                match form::to_plain(&object) {
                    Ok(text) => plain = text,
                    Err(_) => return,
                }
            }
            let envelope = cipher.encrypt(&plain);
            let len = if mode == 3 {
                let bytes = rest.get(..8).unwrap_or(rest);
                let mut n = [0u8; 8];
                n.get_mut(..bytes.len())
                    .unwrap_or_default()
                    .copy_from_slice(bytes);
                usize::try_from(u64::from_le_bytes(n) % (plain.len() as u64 * 2 + 64)).unwrap_or(0)
            } else {
                envelope.len
            };
            let received = format!("Len={len}&Data={}", envelope.data);
            if mode != 3 {
                // A sealed envelope opens to the pairs the plain text holds.
                if let Err(err) = form::open(&received, &cipher) {
                    // The plain text may itself be refused (a duplicate key, bad escapes).
                    assert!(
                        !matches!(
                            err.problem(),
                            pspec::runtime::wire::DecodeProblem::Envelope(_)
                        ),
                        "a sealed envelope does not open: {err}"
                    );
                }
            }
            let _ = cipher.decrypt(len, &envelope.data);
            computop_all(received.as_bytes(), &cipher, &hmac);
        }
        _ => {
            let _ = cipher.decrypt_blocks(rest);
            if let Ok(blocks) = cipher.encrypt_blocks(rest) {
                let back = cipher
                    .decrypt_blocks(&blocks)
                    .unwrap_or_else(|err| panic!("encrypted blocks do not decrypt: {err}"));
                assert_eq!(back, rest, "Blowfish blocks changed on a round trip");
            }
            if let Ok(text) = std::str::from_utf8(rest) {
                let _ = cipher.decrypt(rest.len(), text);
            }
        }
    }
}

/// Adyen responses (`from_json` of each response type) and the runtime's JSON reader, whose
/// output written back must read the same.
pub fn json(data: &[u8]) {
    // The one-pass reader (issue 15) and the tree reader agree: the same answer, or both
    // refuse the body.
    let one = adyen::PaymentsResponse::from_json(data);
    let tree = json::from_json(data).and_then(|tree| adyen::PaymentsResponse::from_wire(&tree));
    match (&one, &tree) {
        (Ok(one), Ok(tree)) => assert_eq!(one, tree, "the one-pass and tree readers differ"),
        (Err(_), Err(_)) => {}
        _ => panic!("one reader refuses what the other reads: {one:?} / {tree:?}"),
    }
    if let Ok(response) = adyen::PaymentsResponse::from_json(data) {
        let _ = response.validate();
        assert_output_bounded(
            "PaymentsResponse",
            data.len(),
            json::to_json(&response.to_wire()).len(),
        );
    }
    if let Ok(response) = adyen::PaymentsDetailsResponse::from_json(data) {
        let _ = response.validate();
        assert_output_bounded(
            "PaymentsDetailsResponse",
            data.len(),
            json::to_json(&response.to_wire()).len(),
        );
    }
    if let Ok(object) = json::from_json(data) {
        if let Ok(response) = adyen::Jscode2sessionResponse::from_wire(&object) {
            let _ = response.validate();
        }
        let text = json::to_json(&object);
        assert_output_bounded("to_json", data.len(), text.len());
        let again = json::from_json(&text)
            .unwrap_or_else(|err| panic!("to_json wrote what from_json refuses: {err}"));
        assert_eq!(again, object, "JSON changed on a round trip");
        let _ = json::to_json_pretty(&object);
    }
    let _ = json::value_from_json(data);
}

/// Monext responses (`from_soap` of each response type) and the runtime's SOAP reader.
pub fn soap(data: &[u8]) {
    // The one-pass reader (issue 15) and the tree reader agree (see `json`).
    let one = monext::GetWebPaymentDetailsResponse::from_soap(data);
    let tree = soap::from_soap(data, "getWebPaymentDetailsResponse")
        .and_then(|tree| monext::GetWebPaymentDetailsResponse::from_wire(&tree));
    match (&one, &tree) {
        (Ok(one), Ok(tree)) => assert_eq!(one, tree, "the one-pass and tree readers differ"),
        (Err(_), Err(_)) => {}
        _ => panic!("one reader refuses what the other reads: {one:?} / {tree:?}"),
    }
    if let Ok(response) = monext::DoWebPaymentResponse::from_soap(data) {
        let _ = response.validate();
    }
    if let Ok(response) = monext::GetWebPaymentDetailsResponse::from_soap(data) {
        let _ = response.validate();
    }
    let _ = soap::parse_xml(data);
    for op in pspec::OPERATIONS.iter().flat_map(|list| list.iter()) {
        let Some(names) = op.soap else { continue };
        if let Ok(object) = soap::from_soap(data, names.response_element) {
            // What the SOAP reader gives, written back and read again, is the same object.
            let soap_names = soap::SoapNames {
                namespace: names.namespace,
                objects_namespace: names.objects_namespace,
                element: names.response_element,
            };
            if let Ok(xml) = soap::to_soap(&object, &soap_names) {
                assert_output_bounded("to_soap", data.len(), xml.len());
                let again = soap::from_soap(&xml, names.response_element)
                    .unwrap_or_else(|err| panic!("to_soap wrote what from_soap refuses: {err}"));
                assert_eq!(again, object, "SOAP changed on a round trip");
            }
            let _ = (op.decode)(&object);
        }
    }
}

/// Re-signs every notification item of a webhook body with the test key, so that the
/// verified decoder gets past the signatures to the typed reader and the validator.
fn resign(body: &mut WireObject, key: &SignatureKey) {
    let scheme = adyen::WebhookResponse::SIGNATURE;
    let Some(WireValue::List(items)) = body.get_mut("notificationItems") else {
        return;
    };
    for item in items {
        let WireValue::Object(item) = item else {
            continue;
        };
        let Some(WireValue::Object(signed)) = item.get_mut("NotificationRequestItem") else {
            continue;
        };
        let signature = scheme.sign(key, signed);
        match signed.get_mut("additionalData") {
            Some(WireValue::Object(extra)) => {
                extra.set("hmacSignature", signature);
            }
            Some(_) => {}
            None => {
                let mut extra = WireObject::new();
                extra.push("hmacSignature", signature);
                signed.push("additionalData", WireValue::Object(extra));
            }
        }
    }
}

/// The Adyen webhook: the verified `from_json(body, &key)` on the body as given and, when it
/// parses, on the body re-signed with the key (so validation is reached), the unverified
/// reader and each item's signature check.
pub fn webhook(data: &[u8]) {
    let key = signature_key();
    let _ = adyen::WebhookResponse::from_json(data, &key);
    if let Ok(response) = adyen::WebhookResponse::from_json_unverified(data) {
        let checks = response.verify_signatures(&key);
        assert!(
            checks.len() <= data.len(),
            "more signed items than input bytes"
        );
        for item in &response.notification_items {
            let _ = item.notification_request_item.outcome();
        }
    }
    if let Ok(mut object) = json::from_json(data) {
        resign(&mut object, &key);
        let body = json::to_json(&object);
        match adyen::WebhookResponse::from_json(&body, &key) {
            Ok(response) => {
                // Accepted: every item verifies, as written back from the typed response.
                for check in response.verify_signatures(&key) {
                    assert_eq!(
                        check.status,
                        pspec::runtime::signature::SignatureStatus::Valid,
                        "an accepted webhook has an item that does not verify"
                    );
                }
            }
            Err(err) => {
                let _ = err.to_string();
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Round trip of typed requests and responses, mirroring tests/wire_properties.rs: values
// drawn from each field's format (and, here, also arbitrary text), filtered by `validate`,
// put on the operation's wire, read back and compared.

/// Characters beyond printable ASCII that the `text` class admits or a transport trips on.
const AWKWARD: [char; 12] = [
    'é', 'Ł', '漢', '€', '\u{a0}', '😀', '\u{202e}', '\u{FFFF}', '\t', '\r', '\n', '\u{1b}',
];

fn alphabet(class: &str) -> Vec<char> {
    let printable = (' '..='~').collect::<Vec<char>>();
    match class {
        "n" => ('0'..='9').collect(),
        "a" => printable
            .into_iter()
            .filter(char::is_ascii_alphabetic)
            .collect(),
        "an" => printable
            .into_iter()
            .filter(char::is_ascii_alphanumeric)
            .collect(),
        "as" => printable
            .into_iter()
            .filter(|c| !c.is_ascii_digit())
            .collect(),
        "ns" => printable
            .into_iter()
            .filter(|c| !c.is_ascii_alphabetic())
            .collect(),
        "text" => printable.into_iter().chain(AWKWARD).collect(),
        _ => printable,
    }
}

/// Class and length bounds of a `Chars` format (`ans..30`, `an8`, `text`).
fn class_and_length(format: &str) -> (String, usize, usize) {
    let class: String = format
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect();
    let length = format.get(class.len()..).unwrap_or("");
    let (min, max) = match length.split_once("..") {
        Some((min, max)) => (min.parse().unwrap_or(0), max.parse().unwrap_or(usize::MAX)),
        None if length.is_empty() => (0, usize::MAX),
        None => {
            let exact = length.parse().unwrap_or(1);
            (exact, exact)
        }
    };
    (class, min, max)
}

/// The fuzzer's bytes, handed out as choices.
struct Draws<'a, 'b> {
    u: &'b mut Unstructured<'a>,
}

impl Draws<'_, '_> {
    fn next(&mut self) -> u32 {
        self.u.arbitrary().unwrap_or(0)
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> Option<T> {
        self.u.choose(items).ok().copied()
    }

    /// Arbitrary text, at most 64 characters.
    fn hostile(&mut self) -> String {
        let text: &str = self.u.arbitrary().unwrap_or("");
        text.chars().take(64).collect()
    }
}

/// A value of the field's format, or, one time in four for text formats, any text.
fn value(field: &FieldInfo, draws: &mut Draws<'_, '_>) -> WireValue {
    if !field.values.is_empty() {
        return WireValue::text(draws.pick(field.values).unwrap_or(""));
    }
    if field.map {
        let mut map = WireObject::new();
        let text = text_of("ans..12", draws);
        map.push("key", text);
        return WireValue::Object(map);
    }
    // A currency: a listed ISO 4217 code of the field's form, or, one time in four, any text.
    if let Some(form) = field.currency {
        if draws.next().is_multiple_of(4) {
            return WireValue::text(draws.hostile());
        }
        let codes: &[&str] = match form {
            pspec::runtime::CurrencyForm::Alphabetic => &["EUR", "USD", "CNY", "JPY", "BHD"],
            pspec::runtime::CurrencyForm::Numeric => &["978", "840", "156", "392", "008"],
        };
        return WireValue::text(draws.pick(codes).unwrap_or("EUR"));
    }
    let format = field.format.unwrap_or("ans");
    match format {
        "bool" => return WireValue::Bool(draws.next().is_multiple_of(2)),
        // An amount is minor units, never negative; other int64 values take any sign.
        "int64" if field.minor_units_of.is_some() => {
            return WireValue::from(u64::from(draws.next()));
        }
        "int64" => return WireValue::from(i64::from(draws.next().cast_signed())),
        _ => {}
    }
    if let Some(mask) = format
        .strip_prefix("date(")
        .and_then(|m| m.strip_suffix(')'))
    {
        let text: String = mask
            .chars()
            .map(|c| {
                if c.is_ascii_alphabetic() {
                    char::from(b'0' + (draws.next() % 10) as u8)
                } else {
                    c
                }
            })
            .collect();
        return WireValue::text(text);
    }
    if draws.next().is_multiple_of(4) && !format.starts_with('n') {
        return WireValue::text(draws.hostile());
    }
    WireValue::text(text_of(format, draws))
}

fn text_of(format: &str, draws: &mut Draws<'_, '_>) -> String {
    let (class, mut min, max) = class_and_length(format);
    if class == "n" {
        min = min.max(1);
    }
    let chars = alphabet(&class);
    let mut max = max.min(min.max(1) + 20);
    if class == "n" {
        max = max.min(min.max(18));
    }
    let len = min + draws.next() as usize % (max.saturating_sub(min) + 1);
    (0..len).filter_map(|_| draws.pick(&chars)).collect()
}

/// A message with values for the fields under `prefix`; optional fields at random, lists of
/// one or two items.
fn tree(fields: &[FieldInfo], prefix: &str, draws: &mut Draws<'_, '_>) -> WireObject {
    let mut out = WireObject::new();
    for field in fields {
        let Some(name) = field.name.strip_prefix(prefix) else {
            continue;
        };
        if name.contains('.') || (field.presence != "M" && draws.next().is_multiple_of(3)) {
            continue;
        }
        let one = |draws: &mut Draws<'_, '_>| {
            if field.object {
                WireValue::Object(tree(fields, &format!("{}.", field.name), draws))
            } else {
                value(field, draws)
            }
        };
        let value = if field.list {
            let count = 1 + draws.next() as usize % 2;
            WireValue::List((0..count).map(|_| one(draws)).collect())
        } else {
            one(draws)
        };
        out.push(name, value);
    }
    out
}

fn soap_names_of(
    names: &pspec::runtime::wire::catalog::SoapInfo,
    response: bool,
) -> soap::SoapNames<'static> {
    soap::SoapNames {
        namespace: names.namespace,
        objects_namespace: names.objects_namespace,
        element: if response {
            names.response_element
        } else {
            names.request_element
        },
    }
}

/// The message on the operation's wire and back; what was encoded must decode.
fn through_wire(
    op: &OperationInfo,
    message: &WireObject,
    response: bool,
) -> Result<WireObject, EncodeError> {
    let back: Result<WireObject, DecodeError> = match op.transport {
        Transport::Form => {
            let envelope = cipher().encrypt(&form::to_plain(message)?);
            form::open(
                format!("Len={}&Data={}", envelope.len, envelope.data),
                &cipher(),
            )
        }
        Transport::Json => json::from_json(json::to_json(message)),
        Transport::Query if !response => query::from_query(query::to_query(message)?),
        Transport::Query => json::from_json(json::to_json(message)),
        Transport::Soap => {
            let Some(names) = op.soap else {
                panic!("{}: a SOAP operation without SOAP names", op.id)
            };
            let names = soap_names_of(&names, response);
            let xml = soap::to_soap(message, &names)?;
            soap::from_soap(xml, names.element)
        }
    };
    Ok(back.unwrap_or_else(|err| panic!("{}: what was encoded does not decode: {err}", op.id)))
}

/// A dotted leaf path without its list indices (`details.0.key` to `details.key`).
fn field_of(path: &str) -> String {
    path.split('.')
        .filter(|part| !part.bytes().all(|b| b.is_ascii_digit()))
        .collect::<Vec<_>>()
        .join(".")
}

/// Whether `validate` reported the field at `path` (or an object holding it).
fn reported(found: &[String], path: &str) -> bool {
    let field = field_of(path);
    found
        .iter()
        .any(|bad| field == *bad || field.starts_with(&format!("{bad}.")))
}

fn leaves(tree: &WireObject) -> BTreeMap<String, WireValue> {
    tree.flatten()
        .into_iter()
        .map(|(path, value)| (path, value.clone()))
        .collect()
}

fn request_round_trips(op: &OperationInfo, draws: &mut Draws<'_, '_>) {
    let message = tree(op.request, "", draws);
    // Arbitrary text in a typed field can make the tree unreadable: refused, not a finding.
    let Ok(found) = (op.validate)(&message) else {
        return;
    };
    let found: Vec<String> = found
        .iter()
        .map(|violation| violation.field.to_owned())
        .collect();
    let typed = match (op.encode)(&message) {
        Ok(typed) => typed,
        Err(err) => {
            assert!(
                reported(&found, err.path()),
                "{}: {err} not reported",
                op.id
            );
            return;
        }
    };
    let back = match through_wire(op, &typed, false) {
        Ok(back) => back,
        Err(err) => {
            assert!(
                reported(&found, &err.path),
                "{}: validate accepted {} but encoding refused it: {err}",
                op.id,
                err.path
            );
            return;
        }
    };
    let again = leaves(
        &(op.encode)(&back)
            .unwrap_or_else(|err| panic!("{}: a decoded request is unreadable: {err}", op.id)),
    );
    let sent = leaves(&typed);
    for (path, value) in &sent {
        if !reported(&found, path) {
            assert_eq!(again.get(path), Some(value), "{}: {}", op.id, path);
        }
    }
    for path in again.keys() {
        assert!(sent.contains_key(path), "{}: {} appeared", op.id, path);
    }
}

/// Whether a response value is one the transport carries and its class admits.
fn carried(op: &OperationInfo, value: &str) -> bool {
    let mut found = Violations::new();
    match op.transport {
        Transport::Form => carry_form(&mut found, "f", value),
        Transport::Soap => carry_xml(&mut found, "f", value),
        Transport::Json | Transport::Query => {}
    }
    found.is_empty() && !value.chars().any(char::is_control)
}

fn response_round_trips(op: &OperationInfo, draws: &mut Draws<'_, '_>) {
    let message = tree(op.response, "", draws);
    let valid = message
        .flatten()
        .iter()
        .all(|(_, value)| value.as_str().is_none_or(|text| carried(op, text)));
    if !valid {
        return;
    }
    // Responses read leniently, but arbitrary text in a number field is refused.
    let Ok(decoded) = (op.decode)(&message) else {
        return;
    };
    let back = through_wire(op, &decoded.fields, true)
        .unwrap_or_else(|err| panic!("{}: a carried value did not encode: {err}", op.id));
    let again = (op.decode)(&back)
        .unwrap_or_else(|err| panic!("{}: a decoded response is unreadable: {err}", op.id));
    assert_eq!(again, decoded, "{} response", op.id);
}

/// An operation picked by the input, a request and a response drawn for it from the rest.
pub fn roundtrip(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let ops: Vec<&OperationInfo> = pspec::OPERATIONS
        .iter()
        .flat_map(|list| list.iter())
        .filter(|op| op.profile.is_none())
        .collect();
    let Ok(op) = u.choose(&ops) else {
        return;
    };
    let op: &OperationInfo = op;
    let mut draws = Draws { u: &mut u };
    request_round_trips(op, &mut draws);
    response_round_trips(op, &mut draws);
}

// ---------------------------------------------------------------------------------------
// The spec side.

/// One spec file: loaded, checked alone and, when it passes, lowered and emitted, as
/// `cargo xtask regenerate` would. Every failure must be a located diagnostic.
pub fn spec_loader(data: &[u8]) {
    let display = "specs/fuzz.yaml";
    let spec = match codegen::spec::load_text(display, data) {
        Ok(spec) => spec,
        Err(diagnostic) => {
            assert_eq!(diagnostic.file, display);
            assert!(
                diagnostic.line >= 1 && diagnostic.column >= 1,
                "{diagnostic}"
            );
            return;
        }
    };
    let set = codegen::spec::SpecSet { specs: vec![spec] };
    match codegen::check(set) {
        Ok(checked) => {
            let model = codegen::lower(checked);
            let _ = codegen::emit(&model);
        }
        Err(found) => {
            for diagnostic in &found.0 {
                assert!(
                    diagnostic.line >= 1 && diagnostic.column >= 1,
                    "unlocated: {diagnostic}"
                );
            }
        }
    }
}

/// The expression parser of `required_when` / `absent_when`: parses or says why, and what
/// parses, parses again to the same expression.
pub fn expr(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(condition) = codegen::spec::expr::Condition::parse(text) {
        let _ = condition.expr.paths();
        let again = codegen::spec::expr::Condition::parse(&condition.text)
            .unwrap_or_else(|err| panic!("the trimmed text of a condition does not parse: {err}"));
        assert_eq!(again.expr, condition.expr);
    }
}
