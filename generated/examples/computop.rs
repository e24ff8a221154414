//! A complete Computop Paygate WeChat Pay integration: build the request, validate it, sign and
//! encrypt it for the wire, then read what Paygate posts back to `URLNotify`, verified (Blowfish
//! envelope, `Len`, the `MAC` in constant time, the spec, and the answer against this request),
//! and branch on the outcome.
//!
//! `cargo run -p pspec --example computop`; `cargo test -p pspec` runs it too. It reads the
//! answer from the repository's `tests/fixtures/wire/`, made with the test keys below.

use std::error::Error;

use pspec::computop::{WechatChannel, WechatRequest, WechatResponse, WechatShopSystem};
use pspec::runtime::computop_crypto::{BlowfishKey, Cipher, HmacKey};
use pspec::runtime::wire::form::VerifyError;
use pspec::runtime::{Currency, Money, Outcome, RuleKind};

fn main() -> Result<(), Box<dyn Error>> {
    let outcome = run()?;
    println!("computop: {outcome:?}");
    Ok(())
}

fn run() -> Result<Outcome, Box<dyn Error>> {
    // The merchant's keys come from its secret store; these are the fixtures' test keys.
    let hmac = HmacKey::new("h8G!s2Q*rT4=kP9[zY6]mN3(xB7)cV5w");
    let cipher = Cipher::new(&BlowfishKey::new("X*b89Q=eG!s23rJ["))?;

    // 1. Build: a mobile-web (W2A) payment of 10.00 EUR. `new` takes the mandatory fields
    // in spec order, the `with_*` methods the others; `Response=encrypt` (fixed by the spec)
    // is filled in, and the `MAC` is no field: the signing calls compute it.
    let request = WechatRequest::new(
        "Generic3DSTest",
        "T-1001",
        Money::new(1000, Currency::EUR),
        WechatChannel::W2a,
        "Tea set (2 cups)",
        "https://shop.example/success",
        "https://shop.example/failure",
        "https://shop.example/notify",
    )
    .with_shop_name("TeaShop")
    .with_shop_url("https://m.shop.example");

    // 2. Validate: W2A needs `ShopSystem`; each violation names the field and the rule,
    // never the value. Fix, and validate again.
    let found = request
        .validate()
        .err()
        .ok_or("W2A without ShopSystem must not validate")?;
    assert!(
        found
            .iter()
            .any(|v| (v.field, v.rule) == ("ShopSystem", RuleKind::Condition))
    );
    let request = request.with_shop_system(WechatShopSystem::Wap);
    request.validate()?;

    // 3. Encode: signed (the `MAC` over the fields the spec names, as sent) and sealed in the
    // Blowfish `Len`/`Data` envelope, as a form body.
    let body = request.to_envelope(&hmac, &cipher)?.to_query();
    assert!(body.starts_with("MerchantID=Generic3DSTest&Len="));

    // 4. Decode what Paygate posts to `URLNotify`, verified against this request.
    let notify = fixture("computop-notify.txt")?;
    let response = match WechatResponse::from_query_for(&notify, &request, &hmac, &cipher) {
        Ok(response) => response,
        // Never act on an answer that does not verify: log which check failed (no value is
        // in the error) and answer the notify with an error.
        Err(VerifyError::MacAbsent { .. } | VerifyError::MacWrong { .. }) => {
            return Err("forged or altered notify: refused".into());
        }
        Err(other) => return Err(other.into()),
    };

    // 5. Branch on the outcome, never on the message text.
    let outcome = response.outcome();
    match outcome {
        Outcome::Success => println!("paid: PayID {}", response.pay_id),
        Outcome::Pending | Outcome::ActionRequired => println!("wait for the next notify"),
        Outcome::Refused | Outcome::Cancelled | Outcome::Fraud => println!("not paid"),
        _ => println!("unknown: keep the payment open and ask Computop"),
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
