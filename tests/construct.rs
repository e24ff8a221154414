//! Construction of requests and fields a spec does not cover (issue 14, points 1 and 5):
//!
//! - `new(mandatory fields)` and the profile constructors build requests that validate;
//! - values the spec fixes are filled in, sent, and refused with any other value on decode;
//! - the request's MAC is computed by the signing calls, never a field the app fills;
//! - extras reach every wire (JSON, form inside Computop's encrypted `Data` and outside its
//!   `MAC`, SOAP), and `validate()` reports an extra named like a spec field or shaped so that
//!   its wire cannot carry it; the encoders refuse those shapes too.

use pspec::adyen::{PaymentsAmount, PaymentsPaymentMethod, PaymentsRequest};
use pspec::computop::{WechatChannel, WechatRequest, WechatShopSystem};
use pspec::monext::{
    DoRefundPayment, DoRefundRequest, DoWebPaymentProfile, DoWebPaymentRequest,
    GetWebPaymentDetailsRequest,
};
use pspec::runtime::computop_crypto::{BlowfishKey, Cipher, HmacKey};
use pspec::runtime::wire::{EncodeProblem, KeyCase, WireObject, WireValue, form};
use pspec::runtime::{Extras, RuleKind, Violations};

/// The test keys of tests/fixtures/wire/.
fn hmac() -> HmacKey {
    HmacKey::new("h8G!s2Q*rT4=kP9[zY6]mN3(xB7)cV5w")
}

fn cipher() -> Cipher {
    Cipher::new(&BlowfishKey::new("X*b89Q=eG!s23rJ[")).expect("16-byte key")
}

fn rules(result: Result<(), Violations>) -> Vec<(&'static str, RuleKind)> {
    match result {
        Ok(()) => Vec::new(),
        Err(found) => found.iter().map(|v| (v.field, v.rule)).collect(),
    }
}

fn wechat() -> WechatRequest {
    WechatRequest::new(
        "Generic3DSTest",
        "T-1001",
        pspec::runtime::Money::new(1000, pspec::runtime::Currency::EUR),
        WechatChannel::W2a,
        "Tea set",
        "https://shop.example/success",
        "https://shop.example/failure",
        "https://shop.example/notify",
    )
    .with_shop_system(WechatShopSystem::Wap)
    .with_shop_name("TeaShop")
    .with_shop_url("https://m.shop.example")
}

fn payments() -> PaymentsRequest {
    PaymentsRequest::new(
        "ShopNL",
        "ORDER-1",
        PaymentsAmount::new(pspec::runtime::Money::new(
            1000,
            pspec::runtime::Currency::CNY,
        )),
        PaymentsPaymentMethod::new("o-1"),
        "https://shop.example/back",
    )
}

fn refund() -> DoRefundRequest {
    DoRefundRequest::new(
        "34",
        "G24011910351053102",
        DoRefundPayment::new(
            pspec::runtime::Money::new(500, pspec::runtime::Currency::EUR),
            "PAYCONIQFP",
        ),
    )
}

/// The signed plain payload of a Computop request, opened back from its envelope.
fn opened(request: &WechatRequest) -> WireObject {
    let sealed = request.to_envelope(&hmac(), &cipher()).expect("seals");
    form::open(sealed.to_query(), &cipher()).expect("opens")
}

// ---------------------------------------------------------------------------------------
// Constructors
// ---------------------------------------------------------------------------------------

#[test]
fn constructed_requests_validate_and_a_missing_condition_is_still_reported() {
    assert_eq!(rules(wechat().validate()), []);
    assert_eq!(rules(payments().validate()), []);
    assert_eq!(rules(refund().validate()), []);
    assert_eq!(
        rules(GetWebPaymentDetailsRequest::new("34", "tok").validate()),
        []
    );
    // A constructor cannot forget a mandatory field, but the values are the app's: an empty
    // one, or a condition (W2A needs ShopSystem), is still reported.
    let mut w2a = wechat();
    w2a.shop_system = None;
    assert_eq!(rules(w2a.validate()), [("ShopSystem", RuleKind::Condition)]);
    assert_eq!(
        rules(GetWebPaymentDetailsRequest::new("34", "").validate()),
        [("token", RuleKind::Missing)]
    );
}

#[test]
fn profile_constructors_pass_their_profile_and_fill_its_fixed_values() {
    let payconiq = DoWebPaymentRequest::payconiq(
        "34",
        pspec::runtime::Money::new(1000, pspec::runtime::Currency::EUR),
        "PAYCONIQ_1",
        "https://shop.example/return",
        "https://shop.example/cancel",
        "ORDER-42",
        "BE",
        pspec::runtime::Money::new(1000, pspec::runtime::Currency::EUR),
        pspec::runtime::dates::parse("date(DD/MM/YYYY hh:mm)", "19/01/2024 10:35").expect("a date"),
        "Peeters",
        "Élodie",
    );
    assert_eq!(
        rules(payconiq.validate_for(DoWebPaymentProfile::Payconiq)),
        []
    );
    assert_eq!(payconiq.payment.action.as_str(), "101");
    assert_eq!(payconiq.payment.mode.as_str(), "CPT");
    let buyer = payconiq.buyer.as_ref().expect("the profile's buyer");
    assert_eq!(buyer.first_name.as_deref(), Some("Élodie"));
    // Bancontact asks for the buyer's e-mail, which the Payconiq request lacks.
    assert_eq!(
        rules(payconiq.validate_for(DoWebPaymentProfile::Bancontact)),
        [("buyer.email", RuleKind::Missing)]
    );

    let bancontact = DoWebPaymentRequest::bancontact(
        "34",
        pspec::runtime::Money::new(1000, pspec::runtime::Currency::EUR),
        "BANCONTACT_1",
        "https://shop.example/return",
        "https://shop.example/cancel",
        "ORDER-43",
        pspec::runtime::Money::new(1000, pspec::runtime::Currency::EUR),
        pspec::runtime::dates::parse("date(DD/MM/YYYY hh:mm)", "19/01/2024 10:35").expect("a date"),
        "Peeters",
        "Élodie",
        "elodie@example.be",
    );
    assert_eq!(
        rules(bancontact.validate_for(DoWebPaymentProfile::Bancontact)),
        []
    );

    let wechatpay = DoWebPaymentRequest::wechatpay(
        "34",
        pspec::runtime::Money::new(1000, pspec::runtime::Currency::USD),
        "WECHATPAY_1",
        "TEA HOUSE",
        "https://shop.example/return",
        "https://shop.example/cancel",
        "ORDER-44",
        pspec::runtime::Money::new(1000, pspec::runtime::Currency::USD),
        pspec::runtime::dates::parse("date(DD/MM/YYYY hh:mm)", "19/01/2024 10:35").expect("a date"),
    );
    assert_eq!(
        rules(wechatpay.validate_for(DoWebPaymentProfile::Wechatpay)),
        []
    );
    // The profile's currency restriction stays a rule: euros are refused.
    let mut euros = wechatpay.clone();
    euros.payment.currency = pspec::runtime::Currency::EUR;
    assert!(
        rules(euros.validate_for(DoWebPaymentProfile::Wechatpay))
            .contains(&("payment.currency", RuleKind::NotAllowedValue))
    );
}

// ---------------------------------------------------------------------------------------
// Fixed values
// ---------------------------------------------------------------------------------------

#[test]
fn an_amount_and_its_currency_are_one_money_argument_written_in_each_wire_form() {
    use pspec::runtime::{Currency, Money};
    // Computop: alphabetic currency, the amount in minor units, both from one `Money`.
    let request = wechat();
    assert_eq!((request.amount, request.currency), (1000, Currency::EUR));
    assert_eq!(request.money(), Money::new(1000, Currency::EUR));
    let wire = request.to_wire();
    let text = |name: &str| {
        wire.get(name)
            .and_then(WireValue::scalar_text)
            .map(|t| t.into_owned())
    };
    assert_eq!(text("Amount").as_deref(), Some("1000"));
    assert_eq!(text("Currency").as_deref(), Some("EUR"));
    // Adyen: the amount object is built from one `Money`.
    let json = payments().to_json();
    assert!(
        json.contains(r#""amount":{"currency":"CNY","value":1000}"#),
        "{json}"
    );
    // Monext: the profile constructor takes `payment_money` and `order_money`; the wire
    // has the numeric code.
    let payconiq = DoWebPaymentRequest::payconiq(
        "34",
        Money::new(1000, Currency::EUR),
        "PAYCONIQ_1",
        "https://shop.example/return",
        "https://shop.example/cancel",
        "ORDER-42",
        "BE",
        Money::new(1500, Currency::USD),
        pspec::runtime::dates::parse("date(DD/MM/YYYY hh:mm)", "19/01/2024 10:35").expect("a date"),
        "Peeters",
        "Élodie",
    );
    assert_eq!(payconiq.payment.money(), Money::new(1000, Currency::EUR));
    assert_eq!(payconiq.order.money(), Money::new(1500, Currency::USD));
    let soap = payconiq.to_soap().expect("soap");
    assert!(
        soap.contains(":currency>978</") && soap.contains(":currency>840</"),
        "{soap}"
    );
    // A refund's payment likewise.
    assert_eq!(refund().payment.money(), Money::new(500, Currency::EUR));
}

#[test]
fn computop_response_is_sent_as_encrypt_by_default_and_can_be_left_out() {
    let request = wechat();
    assert_eq!(request.response(), Some("encrypt"));
    assert_eq!(
        opened(&request).text("Response", KeyCase::Exact),
        Some("encrypt")
    );
    let without = request.without_response();
    assert_eq!(without.response(), None);
    assert_eq!(rules(without.validate()), []);
    assert!(!opened(&without).contains("Response", KeyCase::Insensitive));
}

#[test]
fn decoding_a_request_refuses_another_fixed_value() {
    // The value the spec fixes reads back.
    let tree = wechat().to_wire();
    assert_eq!(
        WechatRequest::from_wire(&tree).expect("reads").response(),
        Some("encrypt")
    );
    // Another value: the strict decoder refuses it, naming the field ...
    let mut other = tree.clone();
    other.set_with("Response", "plain", KeyCase::Insensitive);
    let err = WechatRequest::from_wire(&other).expect_err("refused");
    assert_eq!(err.path(), "Response");
    assert!(!err.to_string().contains("plain"), "{err}");
    // ... and reading a captured request to validate it reports it as a violation.
    let (read, found) = WechatRequest::from_wire_checked(&other).expect("structure is fine");
    assert!(found.is_empty());
    assert_eq!(rules(read.validate()), [("Response", RuleKind::FixedValue)]);

    // A mandatory fixed value (Monext doRefund's payment.action 421) is written by the
    // encoder and refused when it differs or is missing.
    let refund = refund();
    assert_eq!(refund.payment.action(), "421");
    assert_eq!(refund.payment.mode(), "CPT");
    let soap = refund.to_soap().expect("SOAP");
    assert!(soap.contains(":action>421</"), "{soap}");
    let tree = refund.to_wire();
    assert_eq!(DoRefundRequest::from_wire(&tree).expect("reads"), refund);
    for value in [Some("101"), None] {
        let mut tree = tree.clone();
        if let Some(WireValue::Object(payment)) = tree.get_mut("payment") {
            match value {
                Some(value) => {
                    payment.set("action", value);
                }
                None => {
                    payment.remove("action", KeyCase::Exact);
                }
            }
        }
        let err = DoRefundRequest::from_wire(&tree).expect_err("refused");
        assert_eq!(err.path(), "payment.action", "{value:?}");
    }
}

// ---------------------------------------------------------------------------------------
// The computed MAC
// ---------------------------------------------------------------------------------------

#[test]
fn the_mac_is_computed_when_sending_and_never_held() {
    let request = wechat();
    // In its place in spec order, empty until signed.
    let tree = request.to_wire();
    let names: Vec<&str> = tree.keys().collect();
    assert_eq!(
        &names[..6],
        [
            "MerchantID",
            "TransID",
            "Amount",
            "Currency",
            "MAC",
            "Channel"
        ]
    );
    assert_eq!(tree.get("MAC"), Some(&WireValue::Null));
    // The envelope carries the MAC over the fields the spec names, as sent.
    let sent = opened(&request);
    let mac = sent.text("MAC", KeyCase::Exact).expect("signed");
    let expected = pspec::runtime::mac::hmac_sha256_hex(&hmac(), "*T-1001*Generic3DSTest*1000*EUR");
    assert_eq!(mac, expected);
    // A MAC in a captured request is not kept: the request is the same without it.
    assert_eq!(WechatRequest::from_wire(&sent).expect("reads"), request);
}

// ---------------------------------------------------------------------------------------
// Extras
// ---------------------------------------------------------------------------------------

#[test]
fn extras_reach_the_json_body_after_the_spec_fields() {
    let metadata: WireObject = [("orderChannel", WireValue::text("miniprogram"))]
        .into_iter()
        .collect();
    let request = payments()
        .with_extra("shopperReference", "shopper-77")
        .with_extra("metadata", metadata)
        .with_extra("storePaymentMethod", true)
        .with_extra("shopperReference", "shopper-78");
    assert_eq!(rules(request.validate()), []);
    let body = request.to_json();
    assert!(
        body.ends_with(
            r#""shopperReference":"shopper-78","metadata":{"orderChannel":"miniprogram"},"storePaymentMethod":true}"#
        ),
        "{body}"
    );
    assert_eq!(
        request.extras.len(),
        3,
        "a name given again replaces its value"
    );
}

#[test]
fn extras_travel_inside_the_computop_envelope_and_outside_the_mac() {
    let plain = wechat();
    let extra = wechat()
        .with_extra("Language", "en")
        .with_extra("Sequence", 7u64);
    assert_eq!(rules(extra.validate()), []);
    let (sent_plain, sent_extra) = (opened(&plain), opened(&extra));
    assert_eq!(sent_extra.text("Language", KeyCase::Exact), Some("en"));
    assert_eq!(sent_extra.text("Sequence", KeyCase::Exact), Some("7"));
    // The MAC covers the fields the spec names only: the extras do not change it.
    assert_eq!(
        sent_extra.text("MAC", KeyCase::Exact),
        sent_plain.text("MAC", KeyCase::Exact)
    );
    // Only MerchantID travels in clear beside Len and Data.
    let sealed = extra.to_envelope(&hmac(), &cipher()).expect("seals");
    assert_eq!(sealed.clear.len(), 1);
    assert!(!sealed.to_query().contains("Language"));
}

#[test]
fn extras_reach_the_soap_body() {
    let request = GetWebPaymentDetailsRequest::new("34", "tok").with_extra("channel", "web");
    assert_eq!(rules(request.validate()), []);
    let soap = request.to_soap().expect("SOAP");
    assert!(soap.contains(":channel>web</"), "{soap}");
}

#[test]
fn an_extra_named_like_a_spec_field_is_a_violation() {
    // JSON keys match exactly: `reference` collides, `Reference` is another key.
    assert_eq!(
        rules(payments().with_extra("reference", "ORDER-2").validate()),
        [("reference", RuleKind::ExtraField)]
    );
    assert_eq!(
        rules(payments().with_extra("Reference", "ORDER-2").validate()),
        []
    );
    // Computop's names match in any case: `amount` is `Amount`, and the computed MAC is a
    // spec field too.
    assert_eq!(
        rules(
            wechat()
                .with_extra("amount", 1)
                .with_extra("mac", "0")
                .validate()
        ),
        [
            ("Amount", RuleKind::ExtraField),
            ("MAC", RuleKind::ExtraField)
        ]
    );
    // The violation names the field and the rule, never the extra's value.
    let found = payments()
        .with_extra("reference", "SECRET-REF")
        .validate()
        .expect_err("collides");
    assert!(!format!("{found:?} {found}").contains("SECRET-REF"));
}

#[test]
fn a_shape_the_wire_cannot_carry_is_a_violation_and_an_encode_error() {
    let object: WireObject = [("a", WireValue::text("1"))].into_iter().collect();
    let request = wechat().with_extra("Basket", object);
    assert_eq!(
        rules(request.validate()),
        [("extras", RuleKind::ExtraField)]
    );
    let err = request
        .to_envelope(&hmac(), &cipher())
        .expect_err("an object on a flat form");
    assert_eq!(
        (err.path.as_str(), &err.problem),
        ("Basket", &EncodeProblem::NotFlat { found: "object" })
    );
    // `null` would vanish from a form or an XML body: refused there, kept in JSON.
    assert_eq!(
        rules(wechat().with_extra("Note", WireValue::Null).validate()),
        [("extras", RuleKind::ExtraField)]
    );
    assert_eq!(
        rules(
            GetWebPaymentDetailsRequest::new("34", "tok")
                .with_extra("note", WireValue::Null)
                .validate()
        ),
        [("extras", RuleKind::ExtraField)]
    );
    assert_eq!(
        rules(payments().with_extra("note", WireValue::Null).validate()),
        []
    );
}

#[test]
fn extras_debug_shows_names_only() {
    let mut extras = Extras::new();
    extras.set("shopperEmail", "jane@example.com");
    let shown = format!(
        "{extras:?} {:?}",
        payments().with_extra("shopperEmail", "jane@example.com")
    );
    assert!(shown.contains("shopperEmail"), "{shown}");
    assert!(!shown.contains("jane@"), "{shown}");
}

// ---------------------------------------------------------------------------------------
// Responses keep the fields their spec does not list
// ---------------------------------------------------------------------------------------

#[test]
fn a_response_keeps_the_top_level_fields_its_spec_does_not_list() {
    use pspec::adyen::PaymentsResponse;
    let answer = PaymentsResponse::from_json(
        r#"{"resultCode":"Pending","pspReference":"P-1","merchantReference":"ORDER-1",
            "donationToken":"tok-9","fraudResult":{"accountScore":12}}"#,
    )
    .expect("an answer");
    // Spec fields are read as before; the others are kept in order, as received.
    assert_eq!(answer.psp_reference.as_deref(), Some("P-1"));
    let kept: Vec<&str> = answer.extras.iter().map(|(name, _)| name).collect();
    assert_eq!(kept, ["merchantReference", "donationToken", "fraudResult"]);
    assert_eq!(
        answer
            .extras
            .get("donationToken")
            .and_then(WireValue::as_str),
        Some("tok-9")
    );
    // Written back after the spec's fields, so nothing is lost on a round trip.
    let again = PaymentsResponse::from_wire(&answer.to_wire()).expect("reads back");
    assert_eq!(again, answer);
    // A response without unlisted fields keeps none; a field in another case is another
    // field in JSON (exact keys), but the same one on Computop's forms.
    let plain = PaymentsResponse::from_json(r#"{"resultCode":"Pending"}"#).expect("an answer");
    assert!(plain.extras.is_empty());
    let tree: WireObject = [("MID", "Shop"), ("status", "OK"), ("Extra", "1")]
        .into_iter()
        .collect();
    let computop = pspec::computop::WechatResponse::from_wire(&tree).expect("reads");
    let kept: Vec<&str> = computop.extras.iter().map(|(name, _)| name).collect();
    assert_eq!(kept, ["Extra"]);
}
