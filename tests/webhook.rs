//! Adyen standard webhooks through the crate: the verified `from_json` (every item's
//! `hmacSignature` must match, then the message must validate), the diagnostic
//! `from_json_unverified`, and each item's outcome from `eventCode` + `success`.
//!
//! The fixtures of `tests/fixtures/wire/adyen-webhook*.json` are signed with the test key
//! below (README.md, "test keys"); their signatures were computed with Python's `hmac` and
//! `base64`, independently of this crate.
#![cfg(feature = "adyen")]

use pspec::adyen::*;
use pspec::runtime::Outcome;
use pspec::runtime::signature::{KeyError, SignatureStatus, VerifiedDecodeError};

const KEY: &str = "6A2D9C41F07B3E85D4A1C62F98E05B7734C1A9F2E6D08B5C3F71A4E29D6B0C58";

fn fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/wire")
        .join(name);
    std::fs::read(path).expect("fixture")
}

fn key() -> pspec::runtime::signature::SignatureKey {
    WebhookResponse::signature_key(KEY).expect("the test key is hex")
}

#[test]
fn a_signed_webhook_decodes_verified_with_outcomes() {
    let webhook = WebhookResponse::from_json(fixture("adyen-webhook.json"), &key()).unwrap();
    assert_eq!(webhook.live, WebhookLive::False);
    let items: Vec<_> = webhook
        .notification_items
        .iter()
        .map(|item| &item.notification_request_item)
        .collect();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].merchant_reference, "ORDER-1");
    assert_eq!(items[0].outcome(), Outcome::Success);
    assert_eq!(items[0].outcome_code().code(), "AUTHORISATION:true");
    assert_eq!(items[1].outcome(), Outcome::Refused);
    // The signed text, exactly as facts.md lays it out (no originalReference: empty).
    assert_eq!(
        items[0].signing_input(),
        "PPKFQ89R6QRXGN82::ShopNL:ORDER-1:1000:CNY:AUTHORISATION:true"
    );
    assert_eq!(items[0].verify_signature(&key()), SignatureStatus::Valid);
    assert!(
        webhook
            .verify_signatures(&key())
            .iter()
            .all(|check| check.status == SignatureStatus::Valid)
    );
}

#[test]
fn facts_worked_example_verifies_through_the_generated_scheme() {
    // facts.md: Adyen's public example (key, signed text, signature).
    let key = WebhookResponse::signature_key(
        "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056",
    )
    .unwrap();
    let body = r#"{"live": "false", "notificationItems": [{"NotificationRequestItem": {
        "pspReference": "7914073381342284", "merchantAccountCode": "TestMerchant",
        "merchantReference": "TestPayment-1407325143704", "amount": {"value": 1130, "currency": "EUR"},
        "eventCode": "AUTHORISATION", "success": "true",
        "additionalData": {"hmacSignature": "coqCmt/IZ4E3CzPvMY8zTjQVL5hYJUiBRg8UU+iCWo0="}}}]}"#;
    let webhook = WebhookResponse::from_json(body, &key).unwrap();
    let item = &webhook.notification_items[0].notification_request_item;
    assert_eq!(
        item.signing_input(),
        "7914073381342284::TestMerchant:TestPayment-1407325143704:1130:EUR:AUTHORISATION:true"
    );
    // One character of the signature changed: refused.
    let forged = body.replace("coqCmt", "coqCmu");
    assert!(matches!(
        WebhookResponse::from_json(forged, &key),
        Err(VerifiedDecodeError::Signature {
            status: SignatureStatus::Invalid,
            ..
        })
    ));
}

#[test]
fn a_tampered_amount_is_refused_naming_the_item() {
    let err =
        WebhookResponse::from_json(fixture("adyen-webhook-tampered.json"), &key()).unwrap_err();
    match &err {
        VerifiedDecodeError::Signature { path, status } => {
            assert_eq!(path, "notificationItems[0].NotificationRequestItem");
            assert_eq!(*status, SignatureStatus::Invalid);
        }
        other => panic!("expected a signature error, got {other:?}"),
    }
    // The message names the item and the status, never a value or the signature.
    let message = err.to_string();
    assert!(
        !message.contains("100000") && !message.contains("+fQOo5"),
        "{message}"
    );
    // The lenient reader still reads it, for diagnostics; it does not vouch for anything.
    let unverified =
        WebhookResponse::from_json_unverified(fixture("adyen-webhook-tampered.json")).unwrap();
    let item = &unverified.notification_items[0].notification_request_item;
    assert_eq!(item.amount.value, 100_000);
    assert_eq!(item.verify_signature(&key()), SignatureStatus::Invalid);
}

#[test]
fn a_wrong_key_or_a_missing_signature_is_refused() {
    let other = WebhookResponse::signature_key(&KEY.replace('6', "7")).unwrap();
    assert!(matches!(
        WebhookResponse::from_json(fixture("adyen-webhook.json"), &other),
        Err(VerifiedDecodeError::Signature {
            status: SignatureStatus::Invalid,
            ..
        })
    ));
    match WebhookResponse::from_json(fixture("adyen-webhook-unsigned.json"), &key()) {
        Err(VerifiedDecodeError::Signature { path, status }) => {
            assert_eq!(path, "notificationItems[1].NotificationRequestItem");
            assert_eq!(status, SignatureStatus::Absent);
        }
        other => panic!("expected an absent signature, got {other:?}"),
    }
}

#[test]
fn a_bad_hex_key_is_a_clear_error_without_the_key() {
    assert_eq!(
        WebhookResponse::signature_key("6A2D9C41F07B3E85Z4").unwrap_err(),
        KeyError::NotHex(17)
    );
    assert_eq!(
        WebhookResponse::signature_key("ABC").unwrap_err(),
        KeyError::OddLength(3)
    );
    assert_eq!(
        WebhookResponse::signature_key("").unwrap_err(),
        KeyError::Empty
    );
    assert!(!KeyError::NotHex(17).to_string().contains("6A2D"));
    assert_eq!(format!("{:?}", key()), "[redacted]");
}

#[test]
fn signed_but_invalid_or_empty_messages_are_refused() {
    // Nothing signed: an empty list vouches for nothing.
    assert!(matches!(
        WebhookResponse::from_json(r#"{"live": "false", "notificationItems": []}"#, &key()),
        Err(VerifiedDecodeError::NothingSigned { .. })
    ));
    // Signed correctly but breaking the spec (a 4-letter currency, written into the wire
    // since a `Currency` holds ISO 4217 codes only): refused, naming the field, never the
    // value, and never read as another currency.
    use pspec::runtime::wire::{WireObject, WireValue};
    let key = key();
    let item = WebhookResponse::from_json(fixture("adyen-webhook.json"), &key)
        .unwrap()
        .notification_items
        .remove(0);
    let mut wire = item.notification_request_item.to_wire();
    let Some(WireValue::Object(amount)) = wire.get_mut("amount") else {
        panic!("an amount object")
    };
    amount.set("currency", "CNYY");
    let signature = WebhookResponse::SIGNATURE.sign(&key, &wire);
    let Some(WireValue::Object(extra)) = wire.get_mut("additionalData") else {
        panic!("the fixture's additionalData")
    };
    extra.set("hmacSignature", signature);
    let mut holder = WireObject::with_capacity(1);
    holder.push("NotificationRequestItem", wire);
    let mut top = WireObject::with_capacity(2);
    top.push("live", "false");
    top.push(
        "notificationItems",
        WireValue::List(vec![WireValue::Object(holder)]),
    );
    let body = pspec::runtime::wire::json::to_json(&top);
    match WebhookResponse::from_json(body, &key) {
        Err(VerifiedDecodeError::Decode(err)) => {
            let text = err.to_string();
            assert!(
                text.contains("amount.currency") && text.contains("ISO 4217 alphabetic code"),
                "{text}"
            );
            assert!(!text.contains("CNYY"), "{text}");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[test]
fn unknown_events_are_kept_and_never_a_success() {
    let body = br#"{"live": "true", "notificationItems": [{"NotificationRequestItem": {
        "pspReference": "P", "merchantAccountCode": "M", "merchantReference": "R",
        "amount": {"value": 1, "currency": "EUR"}, "eventCode": "NEW_EVENT", "success": "true"}}]}"#;
    let webhook = WebhookResponse::from_json_unverified(body).unwrap();
    let item = &webhook.notification_items[0].notification_request_item;
    assert_eq!(
        item.event_code,
        WebhookResponseEventCode::Unknown("NEW_EVENT".into())
    );
    assert_eq!(item.outcome(), Outcome::Unknown);
    assert!(!item.outcome_code().is_listed());
    // Other listed events, and a success value that is neither "true" nor "false".
    for (event, success, outcome) in [
        ("CANCELLATION", "true", Outcome::Cancelled),
        ("REFUND", "false", Outcome::Error),
        ("CAPTURE", "true", Outcome::Success),
        ("AUTHORISATION", "TRUE", Outcome::Unknown),
    ] {
        let text = std::str::from_utf8(body)
            .unwrap()
            .replace("NEW_EVENT", event)
            .replace(
                r#""success": "true""#,
                &format!(r#""success": "{success}""#),
            );
        let webhook = WebhookResponse::from_json_unverified(text).unwrap();
        assert_eq!(
            webhook.notification_items[0]
                .notification_request_item
                .outcome(),
            outcome,
            "{event}:{success}"
        );
    }
}
