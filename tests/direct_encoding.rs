//! The one-pass encoders write exactly what the tree codecs write (issue 15): for every
//! request operation of every provider, `to_json`, `to_soap`, `to_query`, `to_plain` and
//! `to_envelope` (which write through the generated `write_fields` straight into their
//! output) give the same bytes, or the same error, as the tree path they replace
//! (`to_wire()` then `json::to_json`, `soap::to_soap`, `query::to_query`, `form::sign_with`
//! + `form::to_plain`, `form::seal`), which the `pspec` command still uses.
//!
//! Checked on the request fixtures, and on requests drawn from each operation's catalog
//! with the characters every transport finds awkward (`&`, `=`, `%`, `+`, `<`, quotes,
//! controls, non-ASCII, U+FFFF), empty and two-item lists, and extras of every shape
//! (objects and lists a form refuses, `null`, names XML refuses, a name colliding with a
//! spec field).

use pspec::runtime::computop_crypto::{BlowfishKey, Cipher, HmacKey};
use pspec::runtime::wire::catalog::{FieldInfo, OperationInfo, Transport};
use pspec::runtime::wire::{EncodeError, WireObject, WireValue, form, json, query, soap};

/// Direct and tree output of one request, `None` when the tree does not read as the
/// request type (a drawn value the type cannot hold).
type Both = Option<(Result<String, EncodeError>, Result<String, EncodeError>)>;

fn hmac() -> HmacKey {
    HmacKey::new("h8G!s2Q*rT4=kP9[zY6]mN3(xB7)cV5w")
}

fn cipher() -> Cipher {
    Cipher::new(&BlowfishKey::new("X*b89Q=eG!s23rJ[")).expect("a 16-byte key")
}

fn soap_names(op: &OperationInfo) -> soap::SoapNames<'static> {
    let names = op.soap.expect("a SOAP operation has SOAP names");
    soap::SoapNames {
        namespace: names.namespace,
        objects_namespace: names.objects_namespace,
        element: names.request_element,
    }
}

macro_rules! json_op {
    ($ty:ty) => {
        |tree: &WireObject, extras: &[(String, WireValue)], _: &OperationInfo| -> Both {
            let mut request = <$ty>::from_wire(tree).ok()?;
            for (name, value) in extras {
                request.extras.set(name.clone(), value.clone());
            }
            Some((Ok(request.to_json()), Ok(json::to_json(&request.to_wire()))))
        }
    };
}

macro_rules! empty_json_op {
    ($ty:ty) => {
        |tree: &WireObject, _: &[(String, WireValue)], _: &OperationInfo| -> Both {
            let request = <$ty>::from_wire(tree).ok()?;
            Some((Ok(request.to_json()), Ok(json::to_json(&request.to_wire()))))
        }
    };
}

macro_rules! query_op {
    ($ty:ty) => {
        |tree: &WireObject, _: &[(String, WireValue)], _: &OperationInfo| -> Both {
            let request = <$ty>::from_wire(tree).ok()?;
            Some((request.to_query(), query::to_query(&request.to_wire())))
        }
    };
}

macro_rules! soap_op {
    ($ty:ty) => {
        |tree: &WireObject, extras: &[(String, WireValue)], op: &OperationInfo| -> Both {
            let mut request = <$ty>::from_wire(tree).ok()?;
            for (name, value) in extras {
                request.extras.set(name.clone(), value.clone());
            }
            Some((
                request.to_soap(),
                soap::to_soap(&request.to_wire(), &soap_names(op)),
            ))
        }
    };
}

/// `to_plain` and `to_envelope` (its clear fields, `Len` and the decrypted `Data`) against
/// the tree's signing and sealing, as one text each.
macro_rules! sealed_op {
    ($ty:ty) => {
        |tree: &WireObject, extras: &[(String, WireValue)], _: &OperationInfo| -> Both {
            let mut request = <$ty>::from_wire(tree).ok()?;
            for (name, value) in extras {
                request.extras.set(name.clone(), value.clone());
            }
            let (hmac, cipher) = (hmac(), cipher());
            let mut signed = request.to_wire();
            form::sign_with(&mut signed, &hmac, &<$ty>::MAC);
            let sealed = |sealed: form::SealedRequest| format!("{sealed:?}");
            let direct = request.to_plain(&hmac).and_then(|plain| {
                Ok(format!(
                    "{plain}\n{}",
                    sealed(request.to_envelope(&hmac, &cipher)?)
                ))
            });
            let tree = form::to_plain(&signed).and_then(|plain| {
                let envelope = form::seal(&request.to_wire(), &<$ty>::MAC, &hmac, &cipher)?;
                Ok(format!("{plain}\n{}", sealed(envelope)))
            });
            Some((direct, tree))
        }
    };
}

type Check = fn(&WireObject, &[(String, WireValue)], &OperationInfo) -> Both;

/// Every request operation's direct encoders, by catalog id.
fn checks() -> Vec<(&'static str, Check)> {
    use pspec::{adyen, computop, monext};
    vec![
        ("adyen.webhook", empty_json_op!(adyen::WebhookRequest)),
        ("adyen.payments", json_op!(adyen::PaymentsRequest)),
        (
            "adyen.payments-details",
            json_op!(adyen::PaymentsDetailsRequest),
        ),
        (
            "adyen.jscode2session",
            query_op!(adyen::Jscode2sessionRequest),
        ),
        ("computop.wechat", sealed_op!(computop::WechatRequest)),
        ("computop.quickpay", sealed_op!(computop::QuickpayRequest)),
        ("computop.qrcode", sealed_op!(computop::QrcodeRequest)),
        ("computop.reverse", sealed_op!(computop::ReverseRequest)),
        ("computop.credit", sealed_op!(computop::CreditRequest)),
        ("monext.doWebPayment", soap_op!(monext::DoWebPaymentRequest)),
        (
            "monext.getWebPaymentDetails",
            soap_op!(monext::GetWebPaymentDetailsRequest),
        ),
        ("monext.doRefund", soap_op!(monext::DoRefundRequest)),
    ]
}

fn operations() -> Vec<OperationInfo> {
    pspec::OPERATIONS
        .iter()
        .flat_map(|list| list.iter().copied())
        .filter(|op| op.profile.is_none())
        .collect()
}

fn check_of(id: &str) -> Check {
    checks()
        .into_iter()
        .find(|(known, _)| *known == id)
        .map(|(_, check)| check)
        .unwrap_or_else(|| panic!("{id}: no direct-encoding check; add one to checks()"))
}

#[test]
fn every_request_operation_is_checked() {
    let ids: Vec<&str> = operations().iter().map(|op| op.id).collect();
    for op in operations() {
        check_of(op.id);
    }
    for (id, _) in checks() {
        assert!(ids.contains(&id), "{id} is no operation of the catalog");
    }
    // A transport a check does not cover would go untested.
    for op in operations() {
        assert!(matches!(
            op.transport,
            Transport::Json | Transport::Soap | Transport::Form | Transport::Query
        ));
    }
}

fn fixture(name: &str) -> WireObject {
    let path = format!("{}/fixtures/wire/{name}", env!("CARGO_MANIFEST_DIR"));
    let tree = json::from_json(std::fs::read(&path).expect("fixture")).expect("fixture JSON");
    // Fixtures may write nested fields dotted (`payment.amount`), as `pspec` reads them.
    pspec::runtime::wire::expand_dotted(tree).expect("dotted keys")
}

fn operation(id: &str) -> OperationInfo {
    operations()
        .into_iter()
        .find(|op| op.id == id)
        .expect("catalog entry")
}

#[test]
fn the_request_fixtures_encode_to_the_same_bytes() {
    for (id, file) in [
        ("adyen.payments", "adyen-payments-request.json"),
        ("computop.wechat", "computop-w2a-fixed.json"),
        ("computop.wechat", "computop-w2a-other-order.json"),
        ("monext.doWebPayment", "monext-do-web-payment-payconiq.json"),
    ] {
        let op = operation(id);
        let (direct, tree) = check_of(id)(&fixture(file), &[], &op).expect("the fixture reads");
        assert!(direct.is_ok(), "{file}: {direct:?}");
        assert_eq!(direct, tree, "{file}");
    }
}

#[test]
fn a_difference_would_be_seen() {
    // The comparison is of whole texts: the same request with one value changed differs.
    let op = operation("adyen.payments");
    let mut changed = fixture("adyen-payments-request.json");
    changed.set("reference", "ORDER-2");
    let check = check_of("adyen.payments");
    let (one, _) = check(&fixture("adyen-payments-request.json"), &[], &op).unwrap();
    let (other, _) = check(&changed, &[], &op).unwrap();
    assert_ne!(one, other);
}

#[test]
fn refused_extras_are_refused_alike() {
    let object = WireValue::Object([("a", "b")].into_iter().collect());
    let cases = [
        (
            "computop.wechat",
            "computop-w2a-fixed.json",
            "meta",
            object.clone(),
        ),
        (
            "computop.wechat",
            "computop-w2a-fixed.json",
            "tags",
            WireValue::List(vec![WireValue::from("x")]),
        ),
        (
            "computop.wechat",
            "computop-w2a-fixed.json",
            "note",
            WireValue::from("a&b"),
        ),
        (
            "monext.doWebPayment",
            "monext-do-web-payment-payconiq.json",
            "bad name",
            WireValue::from("x"),
        ),
        (
            "monext.doWebPayment",
            "monext-do-web-payment-payconiq.json",
            "bell",
            WireValue::from("\u{7}"),
        ),
        (
            "monext.doWebPayment",
            "monext-do-web-payment-payconiq.json",
            "nested",
            WireValue::List(vec![WireValue::List(Vec::new())]),
        ),
    ];
    for (id, file, name, value) in cases {
        let op = operation(id);
        let extras = [(name.to_owned(), value)];
        let (direct, tree) = check_of(id)(&fixture(file), &extras, &op).expect("reads");
        let error = direct.as_ref().expect_err("refused");
        assert_eq!(error.path, name, "{id} {name}");
        assert_eq!(direct, tree, "{id} {name}");
    }
}

/// A small deterministic generator (xorshift): the same draws on every run.
struct Draws(u64);

impl Draws {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())].clone()
    }

    fn hostile(&mut self) -> String {
        const CHARS: &[char] = &[
            'a', 'Z', '0', '9', '-', '.', '_', '~', ' ', '&', '=', '%', '+', '<', '>', '"', '\'',
            '\\', '/', ':', '\r', '\n', '\t', '\u{7f}', 'é', '€', '😀',
        ];
        // Now and then a character XML cannot carry, which SOAP refuses.
        const CONTROLS: &[char] = &['\u{1}', '\u{FFFF}'];
        let len = self.below(8);
        let controls = self.below(8) == 0;
        (0..len)
            .map(|_| {
                if controls && self.below(4) == 0 {
                    self.pick(CONTROLS)
                } else {
                    self.pick(CHARS)
                }
            })
            .collect()
    }
}

fn value(field: &FieldInfo, draws: &mut Draws) -> WireValue {
    if !field.values.is_empty() && draws.below(8) > 0 {
        return WireValue::text(draws.pick(field.values));
    }
    if field.map {
        let mut map = WireObject::new();
        map.push("k", draws.hostile());
        map.push("a<b", draws.hostile());
        return WireValue::Object(map);
    }
    if let Some(form) = field.currency {
        let codes: &[&str] = match form {
            pspec::runtime::CurrencyForm::Alphabetic => &["EUR", "CNY", "JPY"],
            pspec::runtime::CurrencyForm::Numeric => &["978", "156", "392"],
        };
        return WireValue::text(draws.pick(codes));
    }
    match field.format.unwrap_or("ans") {
        "bool" => WireValue::Bool(draws.below(2) == 0),
        // Mostly what an amount can hold (minor units, never negative), now and then not.
        "int64" if draws.below(8) == 0 => WireValue::from(-(draws.below(1000) as i64)),
        "int64" => WireValue::from(draws.next() >> (1 + draws.below(63))),
        format if format.starts_with("date(") => {
            let mask = &format[5..format.len() - 1];
            WireValue::text(
                mask.replace("YYYY", "2024")
                    .replace("YY", "24")
                    .replace("DD", "19")
                    .replace("MM", "01")
                    .replace("hh", "10")
                    .replace("mm", "35")
                    .replace("ss", "07"),
            )
        }
        format if format.starts_with('n') && draws.below(8) > 0 => {
            WireValue::text(draws.below(1_000_000).to_string())
        }
        _ => WireValue::text(draws.hostile()),
    }
}

fn tree(fields: &[FieldInfo], prefix: &str, draws: &mut Draws) -> WireObject {
    let mut out = WireObject::new();
    for field in fields {
        let Some(name) = field.name.strip_prefix(prefix) else {
            continue;
        };
        if name.contains('.') || (field.presence != "M" && draws.below(3) == 0) {
            continue;
        }
        let one = |draws: &mut Draws| {
            if field.object {
                WireValue::Object(tree(fields, &format!("{}.", field.name), draws))
            } else {
                value(field, draws)
            }
        };
        let value = if field.list {
            let count = draws.below(3);
            WireValue::List((0..count).map(|_| one(draws)).collect())
        } else {
            one(draws)
        };
        out.push(name, value);
    }
    out
}

fn extras(draws: &mut Draws) -> Vec<(String, WireValue)> {
    let pool = [
        (
            "shopperReference".to_owned(),
            WireValue::text(draws.hostile()),
        ),
        ("quantity".to_owned(), WireValue::from(2)),
        (
            "ratio".to_owned(),
            WireValue::Number(pspec::runtime::wire::WireNumber::from_f64(0.5).unwrap()),
        ),
        ("flag".to_owned(), WireValue::Bool(true)),
        ("nothing".to_owned(), WireValue::Null),
        (
            "meta".to_owned(),
            WireValue::Object([("a", "b")].into_iter().collect()),
        ),
        (
            "tags".to_owned(),
            WireValue::List(vec![WireValue::from("x"), WireValue::Null]),
        ),
        ("bad name".to_owned(), WireValue::from("x")),
        ("amount".to_owned(), WireValue::from("7")),
        ("MAC".to_owned(), WireValue::from("stale")),
        ("PayID".to_owned(), WireValue::text(draws.hostile())),
    ];
    let count = draws.below(3);
    (0..count).map(|_| draws.pick(&pool)).collect()
}

#[test]
fn drawn_requests_encode_to_the_same_bytes_or_the_same_error() {
    let mut draws = Draws(0x9E37_79B9_7F4A_7C15);
    for op in operations() {
        let check = check_of(op.id);
        let (mut read, mut encoded) = (0, 0);
        for _ in 0..300 {
            let message = tree(op.request, "", &mut draws);
            let extras = extras(&mut draws);
            let Some((direct, tree)) = check(&message, &extras, &op) else {
                continue;
            };
            read += 1;
            encoded += usize::from(direct.is_ok());
            assert_eq!(direct, tree, "{}: {message:?} with {extras:?}", op.id);
        }
        // The draws reach the encoders, and not only their refusals.
        assert!(read >= 30, "{}: only {read} drawn requests read", op.id);
        assert!(
            encoded >= 10,
            "{}: only {encoded} drawn requests encoded",
            op.id
        );
    }
}
