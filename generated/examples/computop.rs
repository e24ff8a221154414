//! A complete Computop Paygate WeChat Pay integration: build the request, validate it, sign and
//! encrypt it for the wire, then read what Paygate posts back to `URLNotify`, verified (Blowfish
//! envelope, `Len`, the `MAC` in constant time, the spec, and the answer against this request),
//! and branch on the outcome.
//!
//! `cargo run -p pspec --example computop`; `cargo test -p pspec` runs it too. It reads the
//! answer from the repository's `tests/fixtures/wire/`, made with the test keys below.

use std::error::Error;

use pspec::computop::{
    WechatRequest, WechatRequestChannel, WechatRequestShopSystem, WechatResponse,
};
use pspec::runtime::computop_crypto::{BlowfishKey, Cipher, HmacKey};
use pspec::runtime::wire::form::VerifyError;
use pspec::runtime::{Outcome, RuleKind};

fn main() -> Result<(), Box<dyn Error>> {
    let outcome = run()?;
    println!("computop: {outcome:?}");
    Ok(())
}

fn run() -> Result<Outcome, Box<dyn Error>> {
    // The merchant's keys come from its secret store; these are the fixtures' test keys.
    let hmac = HmacKey::new("h8G!s2Q*rT4=kP9[zY6]mN3(xB7)cV5w");
    let cipher = Cipher::new(&BlowfishKey::new("X*b89Q=eG!s23rJ["))?;

    // 1. Build: a mobile-web (W2A) payment of 10.00 EUR.
    let mut request = WechatRequest {
        merchant_id: "Generic3DSTest".into(),
        trans_id: "T-1001".into(),
        refnr: None,
        amount: 1000,
        currency: pspec::runtime::Currency::EUR,
        mac: String::new(), // computed by `to_envelope`
        channel: WechatRequestChannel::W2a,
        order_desc: "Tea set (2 cups)".into(),
        order_desc2: None,
        url_success: "https://shop.example/success".into(),
        url_failure: "https://shop.example/failure".into(),
        response: None,
        url_notify: "https://shop.example/notify".into(),
        user_data: None,
        req_id: None,
        ip_addr: None,
        time_out: None,
        goods_category: None,
        product_nr: None,
        limit: None,
        shop_system: None,
        shop_name: Some("TeaShop".into()),
        shop_url: Some("https://m.shop.example".into()),
        plain: None,
        custom: None,
    };

    // 2. Validate: W2A needs `ShopSystem` (and the `MAC` is not computed yet); each violation
    // names the field and the rule, never the value. Fix, sign, and validate again.
    let found = request
        .validate()
        .err()
        .ok_or("W2A without ShopSystem must not validate")?;
    assert!(
        found
            .iter()
            .any(|v| (v.field, v.rule) == ("ShopSystem", RuleKind::Condition))
    );
    request.shop_system = Some(WechatRequestShopSystem::Wap);
    request.sign(&hmac); // the `MAC` over the fields the spec names
    request.validate()?;

    // 3. Encode: signed again (whatever changed) and sealed in the Blowfish `Len`/`Data`
    // envelope, as a form body.
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
