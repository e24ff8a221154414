//! A complete Adyen WeChat Pay Mini Program integration: build the `/payments` request,
//! validate it, encode it as JSON (Adyen authenticates the call with the `X-API-Key` header),
//! read the answer, then the `AUTHORISATION` webhook, whose items are verified (HMAC-SHA256 in
//! constant time) before anything is read, and branch on the outcome.
//!
//! `cargo run -p pspec --example adyen`; `cargo test -p pspec` runs it too. It reads the
//! answers from the repository's `tests/fixtures/wire/`, signed with the test key below.

use std::error::Error;

use pspec::adyen::{
    PaymentsAmount, PaymentsChannel, PaymentsPaymentMethod, PaymentsRequest, PaymentsResponse,
    WebhookResponse,
};
use pspec::runtime::{Currency, Money, Outcome, RuleKind};

fn main() -> Result<(), Box<dyn Error>> {
    let outcome = run()?;
    println!("adyen: {outcome:?}");
    Ok(())
}

fn run() -> Result<Outcome, Box<dyn Error>> {
    // 1. Build: 10.00 CNY from inside a Mini Program (the shopper's openid from WeChat).
    // `new` takes the mandatory fields in spec order (objects by their own `new`); the
    // payment method's `type` is fixed by the spec and filled in. `shopperReference` is not
    // in the spec yet: it goes in as an extra field, typed as wire values.
    let request = PaymentsRequest::new(
        "ShopNL",
        "ORDER-1",
        PaymentsAmount::new(Money::new(1000, Currency::CNY)),
        PaymentsPaymentMethod::new("o-1"),
        "https://shop.example/back",
    )
    .with_country_code("CN")
    .with_channel(PaymentsChannel::Web)
    .with_extra("shopperReference", "shopper-77");

    // 2. Validate: every violation of the spec, in spec order, naming the field and the rule,
    // never the value. An extra may not stand in for a spec field.
    request.validate()?;
    let found = request
        .clone()
        .with_extra("reference", "ORDER-2")
        .validate()
        .err()
        .ok_or("an extra named like a spec field must not validate")?;
    assert_eq!(
        (found.as_slice()[0].field, found.as_slice()[0].rule),
        ("reference", RuleKind::ExtraField)
    );

    // 3. Encode: the JSON body to POST to `/v71/payments`, the extras after the spec's fields.
    let body = request.to_json();
    assert!(body.contains("\"merchantAccount\":\"ShopNL\""));
    assert!(body.contains("\"shopperReference\":\"shopper-77\""));

    // 4a. Decode the answer: `Pending` with the SDK action the Mini Program runs.
    let answer = PaymentsResponse::from_json(fixture("adyen-payments-response.json")?)?;
    answer.validate()?;
    if answer.outcome() == Outcome::Pending {
        println!("hand the action to the Mini Program, then wait for the webhook");
    }

    // 4b. The webhook: every item's `hmacSignature` verified under the HMAC key (hex, from the
    // Customer Area) before the message is validated and returned.
    let key = WebhookResponse::signature_key(
        "6A2D9C41F07B3E85D4A1C62F98E05B7734C1A9F2E6D08B5C3F71A4E29D6B0C58",
    )?;
    let webhook = WebhookResponse::from_json(fixture("adyen-webhook.json")?, &key)?;
    assert!(WebhookResponse::from_json(fixture("adyen-webhook-tampered.json")?, &key).is_err());

    // 5. Branch on each item's outcome (answer `[accepted]` to Adyen either way).
    let mut outcome = Outcome::Unknown;
    for item in &webhook.notification_items {
        let item = &item.notification_request_item;
        if item.merchant_reference != request.reference {
            continue; // another order's event
        }
        outcome = item.outcome();
        match outcome {
            Outcome::Success => println!("paid: {}", item.psp_reference),
            Outcome::Refused | Outcome::Cancelled | Outcome::Fraud => println!("not paid"),
            _ => println!("keep waiting"),
        }
    }
    assert_eq!(outcome, Outcome::Success);
    Ok(outcome)
}

/// A file of the repository's `tests/fixtures/wire/`, found at run time from the manifest
/// directory cargo gives (`cargo run` and `cargo test` set it).
fn fixture(name: &str) -> Result<Vec<u8>, Box<dyn Error>> {
    let dir = std::env::var_os("CARGO_MANIFEST_DIR").ok_or("run me through cargo")?;
    let path = std::path::Path::new(&dir)
        .join("../tests/fixtures/wire")
        .join(name);
    std::fs::read(&path).map_err(|err| format!("{}: {err}", path.display()).into())
}

#[test]
fn integration_runs() {
    assert_eq!(run().map_err(|e| e.to_string()), Ok(Outcome::Success));
}
