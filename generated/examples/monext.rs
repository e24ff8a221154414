//! A complete Monext (Payline) WebPayment integration, Payconiq profile: build the
//! `doWebPayment` request, validate it under the profile, encode it as SOAP (Monext
//! authenticates the call with HTTP Basic, not a message signature), then read the
//! `getWebPaymentDetails` answer, check it against the request it reports on, and branch on
//! the outcome.
//!
//! `cargo run -p pspec --example monext`; `cargo test -p pspec` runs it too. It reads the
//! answer from the repository's `tests/fixtures/wire/`.

use pspec::runtime::time;
use std::error::Error;

use pspec::monext::{DoWebPaymentProfile, DoWebPaymentRequest, GetWebPaymentDetailsResponse};
use pspec::runtime::{Currency, Money, Outcome, RuleKind};

fn main() -> Result<(), Box<dyn Error>> {
    let outcome = run()?;
    println!("monext: {outcome:?}");
    Ok(())
}

fn run() -> Result<Outcome, Box<dyn Error>> {
    // 1. Build under the Payconiq profile: 10.00 EUR (ISO 4217 numeric 978, as Monext wants
    // it), Belgium. The profile's constructor takes the operation's mandatory fields and the
    // profile's, in spec order, and fills in what the profile fixes (payment.action 101,
    // payment.mode CPT); every other field is absent until a `with_*` method sets it.
    let request = DoWebPaymentRequest::payconiq(
        "34",
        Money::new(1000, Currency::EUR),
        "PAYCONIQ_1",
        "https://shop.example/return",
        "https://shop.example/cancel",
        "ORDER-42",
        "BE",
        Money::new(1000, Currency::EUR),
        // Typed: the `time` crate's date and time, written as the mask says.
        time::PrimitiveDateTime::new(
            time::Date::from_calendar_date(2024, time::Month::January, 19)?,
            time::Time::from_hms(10, 35, 0)?,
        ),
        "Peeters",
        "Élodie",
    )
    .with_language_code("fr");

    // 2. Validate under the profile. Each violation names the field and the rule, never the
    // value: without `order.country`, which the profile makes mandatory, it would not pass.
    request.validate_for(DoWebPaymentProfile::Payconiq)?;
    let mut without_country = request.clone();
    without_country.order.country = None;
    let found = without_country
        .validate_for(DoWebPaymentProfile::Payconiq)
        .err()
        .ok_or("Payconiq without order.country must not validate")?;
    assert_eq!(
        (found.as_slice()[0].field, found.as_slice()[0].rule),
        ("order.country", RuleKind::Missing)
    );

    // 3. Encode: the SOAP body to POST (with HTTP Basic credentials) to the WebPayment API.
    let soap = request.to_soap()?;
    assert!(soap.contains("doWebPaymentRequest") && soap.contains("ORDER-42"));

    // 4. Decode the `getWebPaymentDetails` answer, then check it reports on this request
    // (order reference, amount, currency): an answer for another order must not pay this one.
    let details = GetWebPaymentDetailsResponse::from_soap(fixture(
        "monext-get-web-payment-details-response.xml",
    )?)?;
    details.validate()?;
    details.check_against(&request)?;

    // 5. Branch on the outcome, never on the message text.
    let outcome = details.outcome();
    match outcome {
        Outcome::Success => println!("paid: {}", details.result.code),
        Outcome::Pending | Outcome::ActionRequired => println!("ask again later"),
        Outcome::Refused | Outcome::Cancelled | Outcome::Fraud => println!("not paid"),
        _ => println!("unknown: keep the order open"),
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
