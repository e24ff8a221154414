//! The `pspec` command end to end: the built binary, run on the fixtures of
//! `tests/fixtures/wire/` with the test keys, as docs/pspec.md shows it.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use pspec::runtime::computop_crypto::{
    BlowfishKey, Cipher, HmacKey, encode_pairs, mac, response_mac,
};

/// The test keys of docs/pspec.md (made-up passwords, shaped like Paygate's; the same as
/// runtime/tests/computop_crypto.rs, whose vectors were checked against Python's `hmac` and
/// pycryptodome).
const HMAC: &str = "h8G!s2Q*rT4=kP9[zY6]mN3(xB7)cV5w";
const BLOWFISH: &str = "X*b89Q=eG!s23rJ[";

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/wire")
        .join(name)
}

struct Run {
    status: i32,
    stdout: String,
    stderr: String,
}

fn pspec(args: &[&str], keys: bool, stdin: Option<&[u8]>) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_pspec"));
    command
        .args(args)
        .env_remove("PSPEC_HMAC_KEY")
        .env_remove("PSPEC_BLOWFISH_KEY");
    if keys {
        command
            .env("PSPEC_HMAC_KEY", HMAC)
            .env("PSPEC_BLOWFISH_KEY", BLOWFISH);
    }
    command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("the pspec binary runs");
    if let Some(mut pipe) = child.stdin.take() {
        let _ = pipe.write_all(stdin.unwrap_or_default());
    }
    let output = child.wait_with_output().expect("pspec finishes");
    let run = Run {
        status: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    };
    assert!(
        !run.stdout.contains(HMAC) && !run.stderr.contains(HMAC),
        "the HMAC password leaked"
    );
    assert!(
        !run.stdout.contains(BLOWFISH) && !run.stderr.contains(BLOWFISH),
        "the Blowfish password leaked"
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|err| panic!("not JSON ({err}): {text}"))
}

fn path(name: &str) -> String {
    fixture(name).to_string_lossy().into_owned()
}

// ---------------------------------------------------------------------------------------
// The Computop notify fixture
// ---------------------------------------------------------------------------------------

/// The plain pairs of `computop-notify.txt`: a successful WeChat notify, keys as Paygate
/// spells them, one parameter the spec does not know (`Type`).
fn notify_pairs(mac: &str) -> String {
    encode_pairs(&[
        ("mid", "Generic3DSTest"),
        ("PayID", "5d8e3c1f9a7b4e2d8c6a0b1f3e5d7c9a"),
        ("XID", "a1b2c3d4e5f60718293a4b5c6d7e8f90"),
        ("TransID", "T-1001"),
        ("Status", "OK"),
        ("Description", "success"),
        ("Code", "00000000"),
        ("Type", "WECHAT"),
        ("MAC", mac),
    ])
}

/// `computop-notify.txt` is what Paygate would send, built with the test keys: this test
/// rebuilds it (and writes it with `PSPEC_WRITE_FIXTURES=1`).
#[test]
fn computop_notify_fixture_is_built_with_the_test_keys() {
    let mac = response_mac(
        &HmacKey::new(HMAC),
        "5d8e3c1f9a7b4e2d8c6a0b1f3e5d7c9a",
        "T-1001",
        "Generic3DSTest",
        "OK",
        "00000000",
    );
    let cipher = Cipher::new(&BlowfishKey::new(BLOWFISH)).expect("16-byte key");
    // Lowercase hex, as some Paygate integrations send it.
    let envelope = cipher.encrypt(&notify_pairs(&mac.to_lowercase()));
    let expected = format!(
        "Len={}&Data={}\n",
        envelope.len,
        envelope.data.to_lowercase()
    );
    if std::env::var_os("PSPEC_WRITE_FIXTURES").is_some() {
        std::fs::write(fixture("computop-notify.txt"), &expected).expect("fixture written");
    }
    let found = std::fs::read_to_string(fixture("computop-notify.txt")).expect("fixture present");
    assert_eq!(found, expected);
}

// ---------------------------------------------------------------------------------------
// list, describe, codes
// ---------------------------------------------------------------------------------------

#[test]
fn list_names_every_operation_and_profile() {
    let run = pspec(&["list", "--json"], false, None);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let list = json(&run.stdout);
    let items = list.as_array().expect("an array");
    let ids: Vec<&str> = items
        .iter()
        .filter_map(|item| item["id"].as_str())
        .collect();
    for id in [
        "computop.wechat",
        "computop.quickpay",
        "computop.qrcode",
        "computop.reverse",
        "computop.credit",
        "adyen.payments",
        "adyen.payments-details",
        "adyen.jscode2session",
        "monext.doWebPayment",
        "monext.getWebPaymentDetails",
        "monext.payconiq",
        "monext.bancontact",
        "monext.wechatpay",
    ] {
        assert!(ids.contains(&id), "{id} missing from {ids:?}");
    }
    for item in items {
        for key in ["id", "provider", "endpoint", "transport", "profile"] {
            assert!(item.get(key).is_some(), "{key} missing in {item}");
        }
    }
    let payconiq = items
        .iter()
        .find(|item| item["id"] == "monext.payconiq")
        .unwrap();
    assert_eq!(payconiq["profile"], "PAYCONIQ_MNXT");
    assert_eq!(payconiq["transport"], "soap");
    let wechat = items
        .iter()
        .find(|item| item["id"] == "computop.wechat")
        .unwrap();
    assert_eq!(wechat["profile"], serde_json::Value::Null);
    assert_eq!(
        wechat["endpoint"],
        "https://www.computop-paygate.com/wechat.aspx"
    );

    let human = pspec(&["list"], false, None);
    assert_eq!(human.status, 0);
    assert!(
        human
            .stdout
            .lines()
            .any(|line| line.starts_with("monext.payconiq ") && line.contains("PAYCONIQ_MNXT"))
    );
}

#[test]
fn describe_gives_every_field() {
    let run = pspec(&["describe", "computop.wechat", "--json"], false, None);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let op = json(&run.stdout);
    let field = |side: &str, name: &str| {
        op[side]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("{side} {name}"))
    };
    let shop = field("request", "ShopSystem");
    assert_eq!(
        (shop["format"].as_str(), shop["presence"].as_str()),
        (Some("a..8"), Some("C"))
    );
    assert_eq!(shop["condition"], "required when Channel == 'W2A'");
    assert_eq!(shop["sensitive"], false);
    assert_eq!(field("request", "MAC")["sensitive"], true);
    assert_eq!(
        field("request", "MerchantID")["condition"],
        serde_json::Value::Null
    );
    assert_eq!(
        field("response", "UserData")["condition"],
        "absent when request.Channel == 'APP'"
    );

    let run = pspec(&["describe", "monext.payconiq", "--json"], false, None);
    let op = json(&run.stdout);
    let names: Vec<&str> = op["request"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["name"].as_str())
        .collect();
    assert!(
        names.contains(&"payment.amount") && names.contains(&"buyer.firstName"),
        "{names:?}"
    );
    let first = op["request"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "buyer.firstName")
        .unwrap();
    assert_eq!(first["presence"], "M", "the profile makes it mandatory");

    let human = pspec(&["describe", "adyen.payments"], false, None);
    assert!(
        human.stdout.contains("amount.value") && human.stdout.contains("int64"),
        "{}",
        human.stdout
    );
    let unknown = pspec(&["describe", "wechat"], false, None);
    assert_eq!(unknown.status, 2);
    assert!(
        unknown.stderr.contains("computop.wechat"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn codes_list_every_table_of_a_provider() {
    let run = pspec(&["codes", "monext", "--json"], false, None);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let tables = json(&run.stdout);
    let ids: Vec<&str> = tables
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t["table"].as_str())
        .collect();
    assert!(
        ids.contains(&"webpayment") && ids.contains(&"payconiq"),
        "{ids:?}"
    );
    let webpayment = tables
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["table"] == "webpayment")
        .unwrap();
    let code = webpayment["codes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "02319")
        .unwrap();
    assert_eq!(code["outcome"], "cancelled");
    assert_eq!(code["short_message"], "CANCELLED");
    assert_eq!(code["long_message"], "Payment cancelled by the buyer");

    let human = pspec(&["codes", "computop"], false, None);
    assert!(
        human.stdout.contains("00000000") && human.stdout.contains("2*"),
        "{}",
        human.stdout
    );
    assert_eq!(pspec(&["codes", "nobody"], false, None).status, 2);
}

// ---------------------------------------------------------------------------------------
// validate, encode
// ---------------------------------------------------------------------------------------

#[test]
fn validate_reports_the_shop_system_violation() {
    let bad = path("computop-w2a-bad.json");
    let run = pspec(&["validate", "computop.wechat", &bad, "--json"], true, None);
    assert_eq!(run.status, 1, "{}", run.stderr);
    let report = json(&run.stdout);
    assert_eq!(report["valid"], false);
    assert_eq!(
        report["violations"],
        serde_json::json!([{"field": "ShopSystem", "rule": "condition", "message": "missing while its condition holds (Channel == 'W2A')"}])
    );
    let human = pspec(&["validate", "computop.wechat", &bad], true, None);
    assert_eq!(human.status, 1);
    assert!(
        human.stdout.contains("ShopSystem  condition"),
        "{}",
        human.stdout
    );

    let fixed = pspec(
        &[
            "validate",
            "computop.wechat",
            &path("computop-w2a-fixed.json"),
            "--json",
        ],
        true,
        None,
    );
    assert_eq!(fixed.status, 0, "{}{}", fixed.stdout, fixed.stderr);
    assert_eq!(
        json(&fixed.stdout),
        serde_json::json!({"valid": true, "violations": []})
    );

    // Without the HMAC password the MAC cannot be computed, and the note says so.
    let no_key = pspec(
        &[
            "validate",
            "computop.wechat",
            &path("computop-w2a-fixed.json"),
        ],
        false,
        None,
    );
    assert_eq!(no_key.status, 1);
    assert!(
        no_key.stderr.contains("PSPEC_HMAC_KEY"),
        "{}",
        no_key.stderr
    );
}

#[test]
fn validate_reads_stdin_dotted_keys_and_reports_type_errors_as_violations() {
    let request = br#"{"version":"34","payment.amount":"12a","payment.currency":"978","payment.action":"999","payment.mode":"CPT",
        "payment.contractNumber":"C","returnURL":"https://r","cancelURL":"https://c",
        "order":{"ref":"O","amount":1000,"currency":"978","date":"19/01/2024 10:35"},"unknownThing":1}"#;
    let run = pspec(
        &["validate", "monext.doWebPayment", "-", "--json"],
        false,
        Some(request),
    );
    assert_eq!(run.status, 1, "{}", run.stderr);
    let report = json(&run.stdout);
    let found: Vec<(String, String)> = report["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["field"].as_str().unwrap().to_owned(),
                v["rule"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("payment.amount".to_owned(), "charset".to_owned()),
            ("payment.action".to_owned(), "not_allowed_value".to_owned())
        ]
    );
    assert!(
        run.stderr.contains("unknownThing is not a request field"),
        "{}",
        run.stderr
    );
}

#[test]
fn unreadable_input_exits_2_with_a_message() {
    for (input, what) in [
        (&b"{not json"[..], "malformed JSON"),
        (b"[1,2]", "not an object"),
        (b"", "empty"),
        (b"{\"a\":\"\xff\"}", "not UTF-8"),
        (
            br#"{"payment":1,"payment.amount":2}"#,
            "both as a value and as an object",
        ),
    ] {
        let run = pspec(
            &["validate", "monext.doWebPayment", "-"],
            false,
            Some(input),
        );
        assert_eq!(run.status, 2, "{what}");
        assert!(run.stdout.is_empty(), "{what}: {}", run.stdout);
        assert!(!run.stderr.is_empty(), "{what}");
    }
    let missing = pspec(
        &["validate", "computop.wechat", "/nonexistent/request.json"],
        false,
        None,
    );
    assert_eq!(missing.status, 2);
    assert!(missing.stderr.contains("cannot read"), "{}", missing.stderr);
    let usage = pspec(&["validate", "computop.wechat"], false, None);
    assert_eq!(usage.status, 2);
    assert!(
        usage.stderr.contains("Usage: pspec validate <ID> <FILE|->"),
        "{}",
        usage.stderr
    );
}

#[test]
fn encode_seals_the_fixed_request_and_refuses_the_bad_one() {
    let run = pspec(
        &[
            "encode",
            "computop.wechat",
            &path("computop-w2a-fixed.json"),
            "--json",
            "--reveal",
        ],
        true,
        None,
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let out = json(&run.stdout);
    let body = out["body"].as_str().unwrap();
    assert!(
        body.starts_with("MerchantID=Generic3DSTest&Len=354&Data="),
        "{body}"
    );
    // The MAC over *T-1001*Generic3DSTest*1000*EUR, from Python's hmac
    // (runtime/tests/computop_crypto.rs).
    assert_eq!(
        out["mac"],
        "3062109A6CA088A8D1FE62C3FB55C1944537DD36E2859E42C68070DFCF1F371F"
    );
    // What Paygate would decrypt.
    let cipher = Cipher::new(&BlowfishKey::new(BLOWFISH)).unwrap();
    let opened = pspec::runtime::wire::form::open(body, &cipher).unwrap();
    assert_eq!(
        opened.text("ShopSystem", pspec::runtime::wire::KeyCase::Exact),
        Some("WAP")
    );
    assert_eq!(
        pspec::runtime::wire::form::to_plain(&opened).unwrap(),
        out["plain"].as_str().unwrap()
    );

    let bad = pspec(
        &["encode", "computop.wechat", &path("computop-w2a-bad.json")],
        true,
        None,
    );
    assert_eq!(bad.status, 1);
    assert!(bad.stdout.contains("ShopSystem"), "{}", bad.stdout);
    assert!(bad.stderr.contains("refused"), "{}", bad.stderr);

    let no_keys = pspec(
        &[
            "encode",
            "computop.wechat",
            &path("computop-w2a-fixed.json"),
        ],
        false,
        None,
    );
    assert_eq!(no_keys.status, 2);
    assert!(
        no_keys.stderr.contains("PSPEC_HMAC_KEY"),
        "{}",
        no_keys.stderr
    );
    // Keys given as options work the same, and are not echoed.
    let options = pspec(
        &[
            "encode",
            "computop.wechat",
            &path("computop-w2a-fixed.json"),
            "--hmac-key",
            HMAC,
            &format!("--blowfish-key={BLOWFISH}"),
        ],
        false,
        None,
    );
    assert_eq!(options.status, 0, "{}", options.stderr);
}

/// A valid request for every operation and profile, encoded through the command.
#[test]
fn every_operation_encodes() {
    let computop = |extra: &str| {
        format!(
            r#"{{"MerchantID":"Generic3DSTest","TransID":"T-1","Amount":1000,"Currency":"EUR"{extra}}}"#
        )
    };
    let monext = |currency: &str, extra: &str| {
        format!(
            r#"{{"version":"34","payment":{{"amount":1000,"currency":"{currency}","action":"101","mode":"CPT","contractNumber":"C1"{extra}}},
            "returnURL":"https://r.example","cancelURL":"https://c.example",
            "order":{{"ref":"O-1","country":"BE","amount":1000,"currency":"{currency}","date":"19/01/2024 10:35"}},
            "buyer":{{"firstName":"John","lastName":"Doe","email":"j@example.com"}}}}"#
        )
    };
    let cases: Vec<(&str, String, &str)> = vec![
        ("computop.wechat", std::fs::read_to_string(fixture("computop-w2a-fixed.json")).unwrap(), "Data="),
        ("computop.quickpay", computop(r#","OrderDesc":"Tea","BuyerIDcode":"1"#.to_owned().as_str()).replace(r#""BuyerIDcode":"1"#, &format!(r#""BuyerIDcode":"{}""#, "1".repeat(128))), "Data="),
        ("computop.qrcode", computop(r#","OrderDesc":"Tea","URLNotify":"https://shop.example/notify""#), "Data="),
        ("computop.reverse", computop(r#","PayID":"5d8e3c1f9a7b4e2d8c6a0b1f3e5d7c9a""#), "Data="),
        ("computop.credit", computop(r#","PayID":"5d8e3c1f9a7b4e2d8c6a0b1f3e5d7c9a""#), "Data="),
        (
            "adyen.payments",
            r#"{"merchantAccount":"M","reference":"R","amount":{"currency":"CNY","value":1000},"paymentMethod":{"type":"wechatpayMiniProgram","openid":"o"},"returnUrl":"https://x.example"}"#.to_owned(),
            "\"paymentMethod\"",
        ),
        ("adyen.payments-details", r#"{"details":{"paymentStatus":"requestPayment:ok"}}"#.to_owned(), "requestPayment:ok"),
        (
            "adyen.jscode2session",
            r#"{"appid":"wx1","secret":"s","js_code":"c","grant_type":"authorization_code"}"#.to_owned(),
            "jscode2session?appid=wx1",
        ),
        ("monext.doWebPayment", monext("978", ""), "<impl:doWebPaymentRequest>"),
        ("monext.payconiq", monext("978", ""), "<obj:contractNumber>C1</obj:contractNumber>"),
        ("monext.bancontact", monext("978", ""), "<impl:buyer>"),
        ("monext.wechatpay", monext("840", r#","softDescriptor":"Tea shop""#), "<obj:softDescriptor>"),
        ("monext.getWebPaymentDetails", r#"{"version":"34","token":"1abc"}"#.to_owned(), "<impl:token>1abc</impl:token>"),
    ];
    for (id, request, expected) in cases {
        let run = pspec(&["encode", id, "-"], true, Some(request.as_bytes()));
        assert_eq!(run.status, 0, "{id}: {}{}", run.stdout, run.stderr);
        assert!(run.stdout.contains(expected), "{id}: {}", run.stdout);
    }
}

// ---------------------------------------------------------------------------------------
// decode
// ---------------------------------------------------------------------------------------

#[test]
fn decode_opens_the_computop_notify_and_checks_its_mac() {
    let notify = path("computop-notify.txt");
    let run = pspec(
        &["decode", "computop.wechat", &notify, "--json"],
        true,
        None,
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let out = json(&run.stdout);
    assert_eq!(out["mac"], "valid");
    assert_eq!(out["verified"], true);
    assert_eq!(out["violations"], serde_json::json!([]));
    assert_eq!(out["fields"]["PayID"], "5d8e3c1f9a7b4e2d8c6a0b1f3e5d7c9a");
    assert_eq!(out["fields"]["MAC"], "<redacted>");
    // A field the spec does not list is redacted: nobody has judged whether it is secret.
    assert_eq!(out["unknown"]["Type"], "<redacted>");
    assert_eq!(
        out["return_code"],
        serde_json::json!({"code": "00000000", "known": true, "outcome": "success", "short_message": "OK", "long_message": null})
    );
    let revealed = json(
        &pspec(
            &["decode", "computop.wechat", &notify, "--json", "--reveal"],
            true,
            None,
        )
        .stdout,
    );
    assert_eq!(revealed["fields"]["MAC"].as_str().map(str::len), Some(64));
    assert_eq!(revealed["unknown"]["Type"], "WECHAT");

    // Another HMAC password: the MAC does not match.
    let wrong = pspec(
        &[
            "decode",
            "computop.wechat",
            &notify,
            "--json",
            "--hmac-key",
            "not-the-key",
        ],
        true,
        None,
    );
    // Not verified: exit 1, the fields still printed.
    assert_eq!(wrong.status, 1);
    let out = json(&wrong.stdout);
    assert_eq!(out["mac"], "invalid");
    assert_eq!(out["verified"], false);
    assert_eq!(out["fields"]["TransID"], "T-1001");
    assert!(
        wrong.stderr.contains("the MAC is wrong"),
        "{}",
        wrong.stderr
    );
    // Without the Blowfish password the envelope cannot be opened.
    let locked = pspec(&["decode", "computop.wechat", &notify], false, None);
    assert_eq!(locked.status, 2);
    assert!(
        locked.stderr.contains("PSPEC_BLOWFISH_KEY"),
        "{}",
        locked.stderr
    );
    // A clear response with a lettered code and no MAC.
    let clear = pspec(
        &["decode", "computop.reverse", "-", "--json"],
        false,
        Some(b"MID=Generic3DSTest&payid=P&Status=FAILED&Code=2206014H"),
    );
    assert_eq!(clear.status, 1, "{}", clear.stderr);
    let out = json(&clear.stdout);
    assert_eq!(out["mac"], "absent");
    assert_eq!(out["verified"], false);
    assert_eq!(out["fields"]["mid"], "Generic3DSTest");
    assert_eq!(out["return_code"]["known"], false);
    assert_eq!(out["return_code"]["outcome"], "error");
    // A Len longer than the data.
    let long = pspec(
        &["decode", "computop.wechat", "-"],
        true,
        Some(b"Len=999&Data=00112233445566778899AABBCCDDEEFF"),
    );
    assert_eq!(long.status, 2);
    assert!(long.stderr.contains("Len is 999"), "{}", long.stderr);
}

#[test]
fn decode_reads_the_adyen_payments_response() {
    let run = pspec(
        &[
            "decode",
            "adyen.payments",
            &path("adyen-payments-response.json"),
            "--json",
        ],
        false,
        None,
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let out = json(&run.stdout);
    assert_eq!(out["fields"]["redirect"]["data"]["signType"], "MD5");
    assert_eq!(out["return_code"]["code"], "Pending");
    assert_eq!(out["return_code"]["outcome"], "pending");
    assert_eq!(out["mac"], "absent");
    assert_eq!(out["unknown"]["redirect.method"], "<redacted>");
    let unknown = pspec(
        &["decode", "adyen.payments", "-", "--json"],
        false,
        Some(br#"{"resultCode":"BrandNew"}"#),
    );
    let out = json(&unknown.stdout);
    assert_eq!(out["return_code"]["known"], false);
    assert_eq!(out["fields"]["resultCode"], "BrandNew");
}

/// `--request` for an operation that `answers` another: getWebPaymentDetails is checked
/// against the doWebPayment request whose order and amount it hands back (issue 10 point 4).
#[test]
fn decode_checks_monext_details_against_the_do_web_payment_request() {
    let response = path("monext-get-web-payment-details-response.xml");
    let decode = |stdin: Option<&[u8]>, request: &str| {
        pspec(
            &[
                "decode",
                "monext.getWebPaymentDetails",
                &response,
                "--request",
                request,
                "--json",
            ],
            false,
            stdin,
        )
    };
    let same = decode(None, &path("monext-do-web-payment-payconiq.json"));
    assert_eq!(same.status, 0, "{}", same.stderr);
    assert_eq!(json(&same.stdout)["verified"], true);
    // `describe` says which request `--request` takes.
    let described = pspec(
        &["describe", "monext.getWebPaymentDetails", "--json"],
        false,
        None,
    );
    assert_eq!(json(&described.stdout)["answers"], "monext.doWebPayment");
    let described = pspec(&["describe", "monext.doWebPayment", "--json"], false, None);
    assert_eq!(json(&described.stdout)["answers"], serde_json::Value::Null);
    // An answer for another order ref and amount must not pay this order.
    let other = br#"{"version":"34",
        "payment":{"amount":1000,"currency":"978","action":"101","mode":"CPT","contractNumber":"PAYCONIQ_1"},
        "returnURL":"https://shop.example/return","cancelURL":"https://shop.example/cancel",
        "order":{"ref":"ORDER-43","amount":990,"currency":"978","date":"19/01/2024 10:35"}}"#;
    let run = decode(Some(other), "-");
    assert_eq!(run.status, 1, "{}", run.stderr);
    let out = json(&run.stdout);
    assert_eq!(out["verified"], false);
    assert_eq!(
        out["violations"],
        serde_json::json!([
            {
                "field": "order.ref",
                "rule": "request_mismatch",
                "message": "differs from the request it answers (doWebPayment request order.ref)",
            },
            {
                "field": "order.amount",
                "rule": "request_mismatch",
                "message": "differs from the request it answers (doWebPayment request order.amount)",
            },
        ])
    );
    assert!(
        run.stderr
            .contains("monext.getWebPaymentDetails: not verified: 2 violations of the spec"),
        "{}",
        run.stderr
    );
    // The values themselves stay out of the report.
    assert!(!run.stdout.contains("ORDER-43") && !run.stderr.contains("ORDER-43"));
    // Its own request (version and token) is not what it answers: unusable input.
    let own = decode(Some(br#"{"version":"34","token":"1abc"}"#), "-");
    assert_eq!(own.status, 2, "{}", own.stdout);
    assert!(
        own.stderr
            .contains("-: not a monext.doWebPayment request: payment: missing"),
        "{}",
        own.stderr
    );
}

/// The same for Adyen: /payments/details against the /payments request.
#[test]
fn decode_checks_adyen_payment_details_against_the_payments_request() {
    let response = path("adyen-payments-details-response.json");
    let decode = |stdin: Option<&[u8]>, request: &str| {
        pspec(
            &[
                "decode",
                "adyen.payments-details",
                &response,
                "--request",
                request,
                "--json",
            ],
            false,
            stdin,
        )
    };
    let same = decode(None, &path("adyen-payments-request.json"));
    assert_eq!(same.status, 0, "{}", same.stderr);
    assert_eq!(json(&same.stdout)["verified"], true);
    let other = br#"{"merchantAccount":"ShopEU","reference":"LEDVRK_62471",
        "amount":{"currency":"EUR","value":1000},
        "paymentMethod":{"type":"wechatpayMiniProgram","openid":"o-123"},
        "returnUrl":"https://shop.example/done"}"#;
    let run = decode(Some(other), "-");
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_eq!(
        json(&run.stdout)["violations"],
        serde_json::json!([{
            "field": "amount.currency",
            "rule": "request_mismatch",
            "message": "differs from the request it answers (payments request amount.currency)",
        }])
    );
}

#[test]
fn decode_reads_monext_responses_with_extra_elements() {
    let run = pspec(
        &[
            "decode",
            "monext.getWebPaymentDetails",
            &path("monext-get-web-payment-details-response.xml"),
            "--json",
        ],
        false,
        None,
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let out = json(&run.stdout);
    assert_eq!(out["fields"]["result"]["code"], "00000");
    assert_eq!(out["fields"]["buyer"]["firstName"], "<redacted>");
    // An unknown object keeps its shape; its values are redacted unless `--reveal`.
    assert_eq!(out["unknown"]["authorization"]["number"], "<redacted>");
    let revealed = pspec(
        &[
            "decode",
            "monext.getWebPaymentDetails",
            &path("monext-get-web-payment-details-response.xml"),
            "--json",
            "--reveal",
        ],
        false,
        None,
    );
    assert_eq!(
        json(&revealed.stdout)["unknown"]["authorization"]["number"],
        "A55A"
    );
    assert_eq!(out["return_code"]["short_message"], "ACCEPTED");
    // Under the Payconiq profile, the page's own table describes its codes first.
    let response = br#"<Envelope><Body><doWebPaymentResponse><result><code>02020</code></result></doWebPaymentResponse></Body></Envelope>"#;
    let profile = json(
        &pspec(
            &["decode", "monext.payconiq", "-", "--json"],
            false,
            Some(response),
        )
        .stdout,
    );
    assert_eq!(profile["return_code"]["outcome"], "refused");
    assert_eq!(
        profile["return_code"]["long_message"],
        "Transaction refused by partner"
    );
}

/// Every operation decodes a minimal response, and no operation panics or exits other
/// than 0, 1 or 2 on garbage.
#[test]
fn every_operation_decodes_and_never_panics() {
    let list = json(&pspec(&["list", "--json"], false, None).stdout);
    for item in list.as_array().unwrap() {
        let id = item["id"].as_str().unwrap();
        let minimal: Vec<u8> = match item["transport"].as_str().unwrap() {
            "form" => b"mid=Generic3DSTest&Code=00000000".to_vec(),
            "json" | "query" => b"{}".to_vec(),
            _ => {
                let op = json(&pspec(&["describe", id, "--json"], false, None).stdout);
                // Every Monext response element is the operation's name + `Response`.
                let element = format!("{}Response", op["operation"].as_str().unwrap());
                format!("<{element}><result><code>00000</code></result></{element}>").into_bytes()
            }
        };
        // Read (exit 0 or 1: a minimal message may not verify or validate), never refused
        // as unreadable.
        let run = pspec(&["decode", id, "-", "--json"], true, Some(&minimal));
        assert!(run.status == 0 || run.status == 1, "{id}: {}", run.stderr);
        assert_eq!(json(&run.stdout)["verified"], run.status == 0, "{id}");
        for garbage in [
            &b"\x00\xff\xfe"[..],
            b"<<<",
            b"{\"a\":",
            b"Len=8&Data=zz",
            b"Len=&Data=",
            &[b'['; 5000],
        ] {
            let run = pspec(&["decode", id, "-"], true, Some(garbage));
            assert!((0..=2).contains(&run.status), "{id}: {}", run.status);
        }
    }
}

// ---------------------------------------------------------------------------------------
// Outcomes that match the documents (issue 10, points 1 and 9)
// ---------------------------------------------------------------------------------------

/// The `return_code` object `decode --json` prints for `input` under `id`. Asserts only
/// that the input was usable (exit 0 or 1): whether a message verifies is another matter.
fn decoded_code(id: &str, input: &[u8]) -> serde_json::Value {
    let run = pspec(&["decode", id, "-", "--json"], false, Some(input));
    assert!(run.status == 0 || run.status == 1, "{id}: {}", run.stderr);
    json(&run.stdout)["return_code"].clone()
}

#[test]
fn decode_reports_only_00000000_as_a_computop_success() {
    let success = decoded_code(
        "computop.reverse",
        b"mid=Generic3DSTest&PayID=P&Status=OK&Code=00000000",
    );
    assert_eq!(success["outcome"], "success");
    for code in ["00000001", "0100000A", "0"] {
        let input = format!("mid=Generic3DSTest&PayID=P&Status=OK&Code={code}");
        let other = decoded_code("computop.reverse", input.as_bytes());
        assert_eq!(other["code"], code);
        assert_eq!(other["outcome"], "unknown", "{code}");
    }
}

#[test]
fn decode_reads_do_web_payment_00000_as_a_session_and_profiles_with_their_table() {
    let answer = |code: &str| {
        format!(
            "<Envelope><Body><doWebPaymentResponse><result><code>{code}</code></result><token>1fY0yZ</token></doWebPaymentResponse></Body></Envelope>"
        )
    };
    // doWebPayment: a created session, whatever the profile.
    for id in [
        "monext.doWebPayment",
        "monext.payconiq",
        "monext.bancontact",
        "monext.wechatpay",
    ] {
        let code = decoded_code(id, answer("00000").as_bytes());
        assert_eq!(code["outcome"], "pending", "{id}");
        assert_eq!(code["short_message"], "ACCEPTED", "{id}");
        let approved = decoded_code(id, answer("02500").as_bytes());
        assert_eq!(approved["outcome"], "pending", "{id}");
    }
    // The same code answering getWebPaymentDetails is the payment's success.
    let details = decoded_code(
        "monext.getWebPaymentDetails",
        b"<getWebPaymentDetailsResponse><result><code>00000</code></result></getWebPaymentDetailsResponse>",
    );
    assert_eq!(details["outcome"], "success");
    // Under Payconiq, its own table first: listed there, with the page's message.
    let partner = decoded_code("monext.payconiq", answer("02106").as_bytes());
    assert_eq!(
        partner,
        serde_json::json!({"code": "02106", "known": true, "outcome": "error", "short_message": "ERROR", "long_message": "Payment partner error"})
    );
    // Not in the page's table: the shared table's row.
    let waiting = decoded_code("monext.payconiq", answer("02015").as_bytes());
    assert_eq!(waiting["outcome"], "pending");
    assert_eq!(waiting["short_message"], "REFUSED");
    // The text form says the same.
    let run = pspec(
        &["decode", "monext.doWebPayment", "-"],
        false,
        Some(answer("00000").as_bytes()),
    );
    assert!(
        run.stdout.contains("00000 (pending, listed): ACCEPTED"),
        "{}",
        run.stdout
    );
}

#[test]
fn validate_checks_the_payment_status_prefix_and_the_wechatpay_order_currency() {
    let details = |status: &str| {
        serde_json::json!({"paymentData": "Ab02b4c0!", "details": {"paymentStatus": status}})
            .to_string()
    };
    let ok = pspec(
        &["validate", "adyen.payments-details", "-", "--json"],
        false,
        Some(details("requestPayment:fail cancel").as_bytes()),
    );
    assert_eq!(ok.status, 0, "{}{}", ok.stdout, ok.stderr);
    let bad = pspec(
        &["validate", "adyen.payments-details", "-", "--json"],
        false,
        Some(details("fail cancel").as_bytes()),
    );
    assert_eq!(bad.status, 1, "{}{}", bad.stdout, bad.stderr);
    let report = json(&bad.stdout);
    assert_eq!(report["violations"][0]["field"], "details.paymentStatus");
    assert_eq!(report["violations"][0]["rule"], "prefix");
    assert!(
        report["violations"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("requestPayment:")),
        "{report}"
    );

    let mut request = json(
        &std::fs::read_to_string(fixture("monext-do-web-payment-payconiq.json"))
            .expect("the Payconiq fixture"),
    );
    request["payment.currency"] = "840".into();
    request["payment.softDescriptor"] = "SHOP".into();
    request["order"]["currency"] = "840".into();
    let usd = pspec(
        &["validate", "monext.wechatpay", "-", "--json"],
        false,
        Some(request.to_string().as_bytes()),
    );
    assert_eq!(usd.status, 0, "{}{}", usd.stdout, usd.stderr);
    request["order"]["currency"] = "978".into();
    let euro = pspec(
        &["validate", "monext.wechatpay", "-", "--json"],
        false,
        Some(request.to_string().as_bytes()),
    );
    assert_eq!(euro.status, 1, "{}{}", euro.stdout, euro.stderr);
    let report = json(&euro.stdout);
    assert_eq!(
        report["violations"],
        serde_json::json!([{"field": "order.currency", "rule": "cross_field", "message": "cross-field rule broken (order.currency == '840')"}])
    );
}

// ---------------------------------------------------------------------------------------
// decode verifies (issue 10, points 2, 3, 4 and 8)
// ---------------------------------------------------------------------------------------

/// A WeChat notify sealed under the test keys, its MAC computed over `pairs` (none when
/// `signed` is false).
fn sealed_notify(pairs: &[(&str, &str)], signed: bool) -> Vec<u8> {
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| *k == name)
            .map_or("", |(_, v)| *v)
    };
    let signature = response_mac(
        &HmacKey::new(HMAC),
        get("PayID"),
        get("TransID"),
        get("mid"),
        get("Status"),
        get("Code"),
    );
    let mut all = pairs.to_vec();
    if signed {
        all.push(("MAC", &signature));
    }
    let cipher = Cipher::new(&BlowfishKey::new(BLOWFISH)).expect("16-byte key");
    let envelope = cipher.encrypt(&encode_pairs(&all));
    format!("Len={}&Data={}", envelope.len, envelope.data).into_bytes()
}

#[test]
fn decode_refuses_a_forged_clear_text_success() {
    let forged = b"mid=Generic3DSTest&PayID=5d8e3c1f9a7b4e2d8c6a0b1f3e5d7c9a&XID=a1b2c3d4e5f60718293a4b5c6d7e8f90&TransID=T-1001&Status=OK&Description=success&Code=00000000";
    let run = pspec(&["decode", "computop.wechat", "-"], true, Some(forged));
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("not verified: the MAC is absent"),
        "{}",
        run.stderr
    );
    // Printed all the same, with the verdict next to the code.
    assert!(run.stdout.contains("T-1001"), "{}", run.stdout);
    assert!(
        run.stdout.contains("verified     no: the MAC is absent"),
        "{}",
        run.stdout
    );
}

#[test]
fn decode_without_the_hmac_key_says_it_could_not_verify() {
    let mut command = Command::new(env!("CARGO_BIN_EXE_pspec"));
    let output = command
        .args([
            "decode",
            "computop.wechat",
            &path("computop-notify.txt"),
            "--json",
        ])
        .env_remove("PSPEC_HMAC_KEY")
        .env("PSPEC_BLOWFISH_KEY", BLOWFISH)
        .output()
        .expect("pspec runs");
    assert_eq!(output.status.code(), Some(1));
    let out = json(&String::from_utf8_lossy(&output.stdout));
    assert_eq!(out["mac"], "unchecked");
    assert_eq!(out["verified"], false);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("could not check the MAC"), "{stderr}");
    assert!(stderr.contains("PSPEC_HMAC_KEY"), "{stderr}");
}

#[test]
fn decode_refuses_a_len_cut_short() {
    let notify = std::fs::read_to_string(fixture("computop-notify.txt")).expect("fixture");
    let short = notify.trim().replace("Len=234", "Len=160");
    let run = pspec(
        &["decode", "computop.wechat", "-", "--json"],
        true,
        Some(short.as_bytes()),
    );
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_eq!(json(&run.stdout)["verified"], false);
    assert!(
        run.stderr
            .contains("Len is 160 but Data decrypts to 240 bytes"),
        "{}",
        run.stderr
    );
}

#[test]
fn decode_reports_a_genuine_notify_missing_mandatory_fields() {
    let input = sealed_notify(
        &[
            ("XID", "a1b2c3d4e5f60718293a4b5c6d7e8f90"),
            ("TransID", "T-1001"),
            ("Status", "OK"),
            ("Description", "success"),
            ("Code", "00000000"),
        ],
        true,
    );
    let run = pspec(
        &["decode", "computop.wechat", "-", "--json"],
        true,
        Some(&input),
    );
    assert_eq!(run.status, 1, "{}", run.stderr);
    let out = json(&run.stdout);
    assert_eq!(out["mac"], "valid");
    assert_eq!(out["verified"], false);
    assert_eq!(
        out["violations"],
        serde_json::json!([
            {"field": "mid", "rule": "missing", "message": "missing (mandatory)"},
            {"field": "PayID", "rule": "missing", "message": "missing (mandatory)"},
        ])
    );
}

#[test]
fn decode_checks_the_answer_against_its_request() {
    let notify = path("computop-notify.txt");
    let same = pspec(
        &[
            "decode",
            "computop.wechat",
            &notify,
            "--request",
            &path("computop-w2a-fixed.json"),
            "--json",
        ],
        true,
        None,
    );
    assert_eq!(same.status, 0, "{}", same.stderr);
    assert_eq!(json(&same.stdout)["verified"], true);
    // The notify is genuine, but for order T-1001, not T-2002.
    let other = pspec(
        &[
            "decode",
            "computop.wechat",
            &notify,
            "--request",
            &path("computop-w2a-other-order.json"),
            "--json",
        ],
        true,
        None,
    );
    assert_eq!(other.status, 1, "{}", other.stderr);
    let out = json(&other.stdout);
    assert_eq!(out["mac"], "valid");
    assert_eq!(out["verified"], false);
    assert_eq!(
        out["violations"],
        serde_json::json!([{
            "field": "TransID",
            "rule": "request_mismatch",
            "message": "differs from the request it answers (request TransID)",
        }])
    );
    // --request belongs to decode; an unreadable request is unusable input.
    let misuse = pspec(
        &["validate", "computop.wechat", &notify, "--request", &notify],
        true,
        None,
    );
    assert_eq!(misuse.status, 2);
    assert!(
        misuse
            .stderr
            .contains("error: unexpected argument '--request' found"),
        "{}",
        misuse.stderr
    );
    let bad = pspec(
        &["decode", "computop.wechat", &notify, "--request", &notify],
        true,
        None,
    );
    assert_eq!(bad.status, 2, "{}", bad.stderr);
}

#[test]
fn encode_signs_the_amount_as_it_is_sent() {
    let mut request: serde_json::Value =
        json(&std::fs::read_to_string(fixture("computop-w2a-fixed.json")).expect("fixture"));
    request["Amount"] = serde_json::Value::from("01000");
    let text = request.to_string();
    let run = pspec(
        &["encode", "computop.wechat", "-", "--json", "--reveal"],
        true,
        Some(text.as_bytes()),
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let out = json(&run.stdout);
    let plain = out["plain"].as_str().expect("plain payload");
    assert!(plain.contains("&Amount=1000&"), "{plain}");
    let key = HmacKey::new(HMAC);
    let sent = mac(&key, "*T-1001*Generic3DSTest*1000*EUR");
    assert_eq!(out["mac"], sent.as_str());
    assert!(plain.contains(&format!("&MAC={sent}&")), "{plain}");
    assert_ne!(
        out["mac"],
        mac(&key, "*T-1001*Generic3DSTest*01000*EUR").as_str()
    );
}

// ---------------------------------------------------------------------------------------
// Adyen webhooks: every item's hmacSignature verified (issue 10, point 5)
// ---------------------------------------------------------------------------------------

/// The Adyen webhook test key of README.md (made up; the fixtures `adyen-webhook*.json` are
/// signed with it by Python's `hmac`, independently of this crate).
const ADYEN_KEY: &str = "6A2D9C41F07B3E85D4A1C62F98E05B7734C1A9F2E6D08B5C3F71A4E29D6B0C58";

/// `pspec` with `PSPEC_ADYEN_HMAC_KEY` set to `key` (or unset); checks that no key leaks.
fn pspec_adyen(args: &[&str], key: Option<&str>) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_pspec"));
    command
        .args(args)
        .env_remove("PSPEC_ADYEN_HMAC_KEY")
        .env_remove("PSPEC_HMAC_KEY")
        .env_remove("PSPEC_BLOWFISH_KEY");
    if let Some(key) = key {
        command.env("PSPEC_ADYEN_HMAC_KEY", key);
    }
    let output = command.output().expect("the pspec binary runs");
    let run = Run {
        status: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    };
    for secret in [ADYEN_KEY, "+fQOo5ftIi8DKhm0K", "nusmzfW8olpSm"] {
        assert!(
            !run.stdout.contains(secret) && !run.stderr.contains(secret),
            "a key or signature leaked: {}{}",
            run.stdout,
            run.stderr
        );
    }
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run
}

#[test]
fn list_and_describe_show_the_adyen_webhook_and_its_signature() {
    let run = pspec_adyen(&["list"], None);
    assert!(
        run.stdout
            .lines()
            .any(|line| line.starts_with("adyen.webhook ")),
        "{}",
        run.stdout
    );
    let run = pspec_adyen(&["describe", "adyen.webhook"], None);
    assert!(run.stdout.contains(
        "  hmac-sha256 of each notificationItems.NotificationRequestItem over pspReference:originalReference:merchantAccountCode:merchantReference:amount.value:amount.currency:eventCode:success (a missing value empty)\n  key: hex, from --adyen-hmac-key or PSPEC_ADYEN_HMAC_KEY; signature: base64 in additionalData.hmacSignature\n"
    ), "{}", run.stdout);
    let value = json(&pspec_adyen(&["describe", "adyen.webhook", "--json"], None).stdout);
    assert_eq!(value["signature"]["at"], "additionalData.hmacSignature");
    assert_eq!(value["outcome"]["table"], "webhook-event");
    // An operation without either says so.
    let value = json(&pspec_adyen(&["describe", "adyen.payments", "--json"], None).stdout);
    assert!(value["signature"].is_null() && value["outcome"].is_null());
}

#[test]
fn decode_adyen_webhook_verifies_every_item() {
    let file = path("adyen-webhook.json");
    let run = pspec_adyen(&["decode", "adyen.webhook", &file], Some(ADYEN_KEY));
    assert_eq!(run.status, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains(
        "notificationItems[0].NotificationRequestItem  signature valid  AUTHORISATION:true (success, listed): The payment was authorised."
    ), "{}", run.stdout);
    assert!(
        run.stdout.contains("AUTHORISATION:false (refused, listed)"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.ends_with("\nverified  yes\n"), "{}", run.stdout);
    assert!(
        run.stdout.contains("additionalData       <redacted>"),
        "{}",
        run.stdout
    );

    // The key from the option, machine form.
    let run = pspec_adyen(
        &[
            "decode",
            "adyen.webhook",
            &file,
            "--json",
            "--adyen-hmac-key",
            ADYEN_KEY,
        ],
        None,
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let value = json(&run.stdout);
    assert_eq!(value["mac"], "valid");
    assert_eq!(value["verified"], true);
    assert_eq!(value["violations"], serde_json::json!([]));
    assert_eq!(value["signatures"][0]["signature"], "valid");
    assert_eq!(value["signatures"][0]["outcome"]["outcome"], "success");
    assert_eq!(
        value["signatures"][1]["outcome"]["code"],
        "AUTHORISATION:false"
    );
    assert_eq!(value["signatures"][1]["outcome"]["outcome"], "refused");
}

#[test]
fn decode_adyen_webhook_refuses_tampered_unsigned_and_wrongly_keyed_messages() {
    // Amount changed after signing: exit 1, fields still printed, the outcome not trusted.
    let run = pspec_adyen(
        &[
            "decode",
            "adyen.webhook",
            &path("adyen-webhook-tampered.json"),
        ],
        Some(ADYEN_KEY),
    );
    assert_eq!(run.status, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("amount.value         100000"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains(
        "notificationItems[0].NotificationRequestItem  signature invalid  untrusted: AUTHORISATION:true"
    ), "{}", run.stdout);
    assert!(
        run.stdout.ends_with(
            "\nverified  no: signature check failed (notificationItems[0].NotificationRequestItem invalid): the message is not from the provider or was altered\n"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains(
            "signature check failed (notificationItems[0].NotificationRequestItem invalid)"
        ),
        "{}",
        run.stderr
    );

    // The second item carries no signature.
    let run = pspec_adyen(
        &[
            "decode",
            "adyen.webhook",
            &path("adyen-webhook-unsigned.json"),
            "--json",
        ],
        Some(ADYEN_KEY),
    );
    assert_eq!(run.status, 1, "{}", run.stderr);
    let value = json(&run.stdout);
    assert_eq!(value["mac"], "absent");
    assert_eq!(value["verified"], false);
    assert_eq!(value["signatures"][1]["signature"], "absent");
    assert_eq!(
        value["fields"]["notificationItems"][1]["NotificationRequestItem"]["merchantReference"],
        "ORDER-2"
    );

    // Another key: every item invalid.
    let wrong = ADYEN_KEY.replace('6', "7");
    let run = pspec_adyen(
        &[
            "decode",
            "adyen.webhook",
            &path("adyen-webhook.json"),
            "--json",
        ],
        Some(&wrong),
    );
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_eq!(json(&run.stdout)["mac"], "invalid");

    // No key: not verified, and said so.
    let run = pspec_adyen(
        &[
            "decode",
            "adyen.webhook",
            &path("adyen-webhook.json"),
            "--json",
        ],
        None,
    );
    assert_eq!(run.status, 1);
    assert_eq!(json(&run.stdout)["mac"], "unchecked");
    assert!(
        run.stderr.contains(
            "could not verify the signatures: no key (--adyen-hmac-key or PSPEC_ADYEN_HMAC_KEY)"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn decode_adyen_webhook_with_a_bad_hex_key_or_bad_input_exits_2() {
    let run = pspec_adyen(
        &[
            "decode",
            "adyen.webhook",
            &path("adyen-webhook.json"),
            "--adyen-hmac-key",
            "6A2D9C41xyz",
        ],
        None,
    );
    assert_eq!(run.status, 2);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains(
        "the key of --adyen-hmac-key / PSPEC_ADYEN_HMAC_KEY cannot be used: the key is not hex: character 9 is not a hex digit"
    ), "{}", run.stderr);
    assert!(!run.stderr.contains("6A2D9C41xyz"));
    // A message with nothing signed (and so missing its mandatory items): exit 1, both said.
    let empty =
        std::env::temp_dir().join(format!("pspec-webhook-empty-{}.json", std::process::id()));
    std::fs::write(&empty, r#"{"live": "false", "notificationItems": []}"#).unwrap();
    let run = pspec_adyen(
        &["decode", "adyen.webhook", &empty.to_string_lossy()],
        Some(ADYEN_KEY),
    );
    let _ = std::fs::remove_file(&empty);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("  (none: nothing in the message is signed)\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("  notificationItems  missing  missing (mandatory)\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr
            .contains("no signed item in the message: nothing is verified"),
        "{}",
        run.stderr
    );
    // Not JSON at all.
    let run = pspec_adyen(
        &["decode", "adyen.webhook", &path("computop-notify.txt")],
        Some(ADYEN_KEY),
    );
    assert_eq!(run.status, 2, "{}", run.stderr);
}

// ---------------------------------------------------------------------------------------
// No ambiguous input (issue 10, point 6)
// ---------------------------------------------------------------------------------------

#[test]
fn decode_refuses_a_key_given_twice_and_names_it() {
    // JSON: serde_json keeps the last `resultCode`, our tree the first: refused.
    let twice = pspec(
        &["decode", "adyen.payments", "-"],
        false,
        Some(br#"{"resultCode":"Refused","resultCode":"Authorised"}"#),
    );
    assert_eq!(twice.status, 2, "{}", twice.stdout);
    assert!(
        twice.stderr.contains("resultCode: given more than once"),
        "{}",
        twice.stderr
    );
    assert!(twice.stdout.is_empty());
    let once = pspec(
        &["decode", "adyen.payments", "-"],
        false,
        Some(br#"{"resultCode":"Refused"}"#),
    );
    assert_eq!(once.status, 0, "{}", once.stderr);

    // Form: Paygate's keys match in any case, so `Code` and `code` are one key twice.
    let clear = |body: &[u8]| pspec(&["decode", "computop.reverse", "-"], false, Some(body));
    let twice = clear(b"mid=M&Status=FAILED&Code=2206014H&code=00000000");
    assert_eq!(twice.status, 2);
    assert!(
        twice.stderr.contains("code: given more than once"),
        "{}",
        twice.stderr
    );
    // Once: readable (not verified, since it carries no MAC: exit 1, never 2).
    let once = clear(b"mid=M&Status=FAILED&Code=2206014H");
    assert_eq!(once.status, 1, "{}", once.stderr);
    assert!(once.stderr.contains("the MAC is absent"), "{}", once.stderr);

    // SOAP: a repeated element is a list only where the spec has one.
    let soap = |result: &str| {
        format!(
            "<Envelope><Body><doWebPaymentResponse><result>{result}</result></doWebPaymentResponse></Body></Envelope>"
        )
    };
    let twice = pspec(
        &["decode", "monext.doWebPayment", "-"],
        false,
        Some(soap("<code>02319</code><code>00000</code>").as_bytes()),
    );
    assert_eq!(twice.status, 2);
    assert!(
        twice.stderr.contains("result.code: given more than once"),
        "{}",
        twice.stderr
    );
    let once = pspec(
        &["decode", "monext.doWebPayment", "-"],
        false,
        Some(soap("<code>02319</code>").as_bytes()),
    );
    assert_eq!(once.status, 0, "{}", once.stderr);

    // A request file with a key twice cannot be validated either.
    let request = pspec(
        &["validate", "adyen.payments-details", "-"],
        false,
        Some(br#"{"details":{"paymentStatus":"requestPayment:ok","paymentStatus":"x"}}"#),
    );
    assert_eq!(request.status, 2);
    assert!(
        request
            .stderr
            .contains("details.paymentStatus: given more than once"),
        "{}",
        request.stderr
    );
}

#[test]
fn validate_reports_a_fraction_or_exponent_in_an_integer_field() {
    let request = |value: &str| {
        format!(
            r#"{{"merchantAccount":"M","reference":"R","amount":{{"currency":"CNY","value":{value}}},"paymentMethod":{{"type":"wechatpayMiniProgram","openid":"o"}},"returnUrl":"https://x.example"}}"#
        )
    };
    for bad in ["1e3", "1000.5", "1000.0", "1E+3"] {
        let run = pspec(
            &["validate", "adyen.payments", "-", "--json"],
            false,
            Some(request(bad).as_bytes()),
        );
        assert_eq!(run.status, 1, "{bad}: {}{}", run.stdout, run.stderr);
        let out = json(&run.stdout);
        assert_eq!(
            out["violations"],
            serde_json::json!([{"field": "amount.value", "rule": "charset", "message": "character outside the allowed set (int64)"}]),
            "{bad}"
        );
        // `encode` refuses it the same way, and never sends a rounded amount.
        let encoded = pspec(
            &["encode", "adyen.payments", "-"],
            false,
            Some(request(bad).as_bytes()),
        );
        assert_eq!(encoded.status, 1, "{bad}");
        assert!(
            !encoded.stdout.contains("\"value\": 1000"),
            "{}",
            encoded.stdout
        );
    }
    let run = pspec(
        &["validate", "adyen.payments", "-"],
        false,
        Some(request("1000").as_bytes()),
    );
    assert_eq!(run.status, 0, "{}{}", run.stdout, run.stderr);
}

#[test]
fn what_validate_accepts_encode_encodes() {
    let fixed = std::fs::read_to_string(fixture("computop-w2a-fixed.json")).unwrap();
    // `&` would split the unescaped Computop payload into another parameter.
    let ampersand = fixed.replace(r#""TransID": "T-1001""#, r#""TransID": "T-1&Amount=1""#);
    assert_ne!(ampersand, fixed);
    let run = pspec(
        &["validate", "computop.wechat", "-", "--json"],
        true,
        Some(ampersand.as_bytes()),
    );
    assert_eq!(run.status, 1, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        json(&run.stdout)["violations"],
        serde_json::json!([{"field": "TransID", "rule": "forbidden_char", "message": "forbidden character (&, which the form payload cannot escape)"}])
    );
    let encoded = pspec(
        &["encode", "computop.wechat", "-"],
        true,
        Some(ampersand.as_bytes()),
    );
    assert_eq!(
        encoded.status, 1,
        "a validation failure, not unusable input: {}",
        encoded.stderr
    );
    // `=` travels: a pair is split at its first `=`.
    let equals = fixed.replace(r#""TransID": "T-1001""#, r#""TransID": "T=1001""#);
    let run = pspec(
        &["validate", "computop.wechat", "-"],
        true,
        Some(equals.as_bytes()),
    );
    assert_eq!(run.status, 0, "{}{}", run.stdout, run.stderr);
    let encoded = pspec(
        &["encode", "computop.wechat", "-", "--json"],
        true,
        Some(equals.as_bytes()),
    );
    assert_eq!(encoded.status, 0, "{}", encoded.stderr);
    assert!(
        json(&encoded.stdout)["plain"]
            .as_str()
            .is_some_and(|plain| plain.contains("&TransID=T=1001&")),
        "{}",
        encoded.stdout
    );
}

#[test]
fn an_empty_optional_is_not_sent() {
    let request = |country: &str| {
        format!(
            r#"{{"merchantAccount":"M","reference":"R","countryCode":"{country}","amount":{{"currency":"CNY","value":1000}},"paymentMethod":{{"type":"wechatpayMiniProgram","openid":"o"}},"returnUrl":"https://x.example"}}"#
        )
    };
    let empty = pspec(
        &["encode", "adyen.payments", "-"],
        false,
        Some(request("").as_bytes()),
    );
    assert_eq!(empty.status, 0, "{}", empty.stderr);
    assert!(!empty.stdout.contains("countryCode"), "{}", empty.stdout);
    let given = pspec(
        &["encode", "adyen.payments", "-"],
        false,
        Some(request("CN").as_bytes()),
    );
    assert_eq!(given.status, 0, "{}", given.stderr);
    assert!(
        given.stdout.contains(r#""countryCode": "CN""#),
        "{}",
        given.stdout
    );
}

// ---------------------------------------------------------------------------------------
// Nothing sensitive or hostile reaches a screen (issue 10, point 7)
// ---------------------------------------------------------------------------------------

/// Whether `text` holds a character that could drive a terminal: any control but the line
/// feed, or a bidirectional override.
fn has_raw_control(text: &str) -> bool {
    text.chars()
        .any(|c| (c.is_control() && c != '\n') || matches!(c, '\u{202A}'..='\u{202E}'))
}

/// A refused Adyen payment whose `pspReference` tries to erase its line and print
/// `Authorised` instead, with an unknown key that sets the window title.
const HOSTILE: &str = concat!(
    r#"{"resultCode":"Refused","#,
    r#""pspReference":"PSP\u001b[2K\rresultCode  Authorised\u009b31m\u202e","#,
    r#""title\u001b]0;pwned\u0007":"v\nresultCode  Authorised"}"#
);

#[test]
fn decode_escapes_control_characters_of_a_hostile_message() {
    let text = pspec(
        &["decode", "adyen.payments", "-", "--reveal"],
        false,
        Some(HOSTILE.as_bytes()),
    );
    // Read, but not valid: the control characters break `pspReference`'s format.
    assert_eq!(text.status, 1, "{}", text.stderr);
    assert!(!has_raw_control(&text.stdout), "{:?}", text.stdout);
    assert!(
        text.stdout
            .contains(r"PSP\u{1b}[2K\rresultCode  Authorised\u{9b}31m\u{202e}"),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout.contains(r"title\u{1b}]0;pwned\u{7}"),
        "{}",
        text.stdout
    );
    // A value's line feed cannot start a line of its own.
    assert!(
        text.stdout.contains(r"v\nresultCode  Authorised"),
        "{}",
        text.stdout
    );
    assert!(
        !text
            .stdout
            .lines()
            .any(|line| line.starts_with("resultCode")
                || line.trim_start().starts_with("resultCode  Authorised")),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout
            .contains("return code  Refused (refused, listed)"),
        "{}",
        text.stdout
    );

    // JSON output stays JSON, with the values intact once parsed.
    let machine = pspec(
        &["decode", "adyen.payments", "-", "--json", "--reveal"],
        false,
        Some(HOSTILE.as_bytes()),
    );
    assert_eq!(machine.status, 1, "{}", machine.stderr);
    assert!(!has_raw_control(&machine.stdout), "{:?}", machine.stdout);
    let out = json(&machine.stdout);
    assert_eq!(
        out["fields"]["pspReference"],
        "PSP\u{1b}[2K\rresultCode  Authorised\u{9b}31m\u{202e}"
    );
    assert_eq!(
        out["unknown"]["title\u{1b}]0;pwned\u{7}"],
        "v\nresultCode  Authorised"
    );

    // An ordinary message prints unchanged.
    let plain = pspec(
        &["decode", "adyen.payments", "-"],
        false,
        Some(br#"{"resultCode":"Refused","pspReference":"PSP-1 \u00e9"}"#),
    );
    assert!(
        plain.stdout.contains("pspReference  PSP-1 é\n"),
        "{}",
        plain.stdout
    );
}

#[test]
fn error_messages_and_fault_strings_are_escaped() {
    let fault = "<Envelope><Body><Fault><faultcode>soap:Server</faultcode><faultstring>boom\r\n\u{9b}2J\u{202e} Authorised\u{1b}]0;x\u{7}</faultstring></Fault></Body></Envelope>";
    // ESC and BEL are not XML characters: the parser refuses them, so they cannot come in
    // through a fault; C1 and bidirectional controls can.
    let fault = fault.replace("\u{1b}]0;x\u{7}", "");
    let run = pspec(
        &["decode", "monext.doWebPayment", "-"],
        false,
        Some(fault.as_bytes()),
    );
    assert_eq!(run.status, 2);
    assert!(!has_raw_control(&run.stderr), "{:?}", run.stderr);
    assert!(
        run.stderr
            .contains(r"SOAP fault soap:Server: boom\n\u{9b}2J\u{202e} Authorised"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    // A request key name in a warning.
    let warned = pspec(
        &["validate", "adyen.payments-details", "-"],
        false,
        Some(b"{\"details\":{\"paymentStatus\":\"requestPayment:ok\"},\"x\\u001b[2Jy\\nz\":1}"),
    );
    assert_eq!(warned.status, 0, "{}", warned.stderr);
    assert!(!has_raw_control(&warned.stderr), "{:?}", warned.stderr);
    assert!(
        warned
            .stderr
            .contains(r"x\u{1b}[2Jy\nz is not a request field"),
        "{}",
        warned.stderr
    );
    // An id given on the command line.
    let unknown = pspec(&["describe", "adyen.\u{1b}[2J"], false, None);
    assert_eq!(unknown.status, 2);
    assert!(!has_raw_control(&unknown.stderr), "{:?}", unknown.stderr);
}

#[test]
fn encode_shows_the_request_mac_only_when_revealed() {
    let mac = "3062109A6CA088A8D1FE62C3FB55C1944537DD36E2859E42C68070DFCF1F371F";
    let fixed = path("computop-w2a-fixed.json");
    let hidden = pspec(&["encode", "computop.wechat", &fixed, "--json"], true, None);
    assert_eq!(hidden.status, 0, "{}", hidden.stderr);
    assert!(!hidden.stdout.contains(mac), "{}", hidden.stdout);
    let out = json(&hidden.stdout);
    assert_eq!(out["mac"], "<redacted>");
    assert!(
        out["plain"]
            .as_str()
            .is_some_and(|plain| plain.contains("&MAC=<redacted>&")),
        "{}",
        hidden.stdout
    );
    // The body is what is sent: the same bytes either way.
    let shown = pspec(
        &["encode", "computop.wechat", &fixed, "--json", "--reveal"],
        true,
        None,
    );
    assert_eq!(json(&shown.stdout)["mac"], mac);
    assert_eq!(json(&shown.stdout)["body"], out["body"]);
}

#[test]
fn unknown_fields_and_unlisted_macs_are_redacted_unless_revealed() {
    // WeChat's session key is not a field of the spec's response.
    let session = br#"{"openid":"o-1","session_key":"tiWrIs5ECret==","unionid":"u-1"}"#;
    let hidden = pspec(
        &["decode", "adyen.jscode2session", "-", "--json"],
        false,
        Some(session),
    );
    assert_eq!(hidden.status, 0, "{}", hidden.stderr);
    assert!(!hidden.stdout.contains("tiWrIs5ECret"), "{}", hidden.stdout);
    assert_eq!(json(&hidden.stdout)["unknown"]["session_key"], "<redacted>");
    let text = pspec(
        &["decode", "adyen.jscode2session", "-"],
        false,
        Some(session),
    );
    assert!(!text.stdout.contains("tiWrIs5ECret"), "{}", text.stdout);
    assert!(
        text.stdout.contains("session_key  <redacted>"),
        "{}",
        text.stdout
    );
    let shown = pspec(
        &["decode", "adyen.jscode2session", "-", "--json", "--reveal"],
        false,
        Some(session),
    );
    assert_eq!(
        json(&shown.stdout)["unknown"]["session_key"],
        "tiWrIs5ECret=="
    );

    // computop.reverse's response table has no MAC row; its MAC is redacted all the same.
    let mac = "3062109A6CA088A8D1FE62C3FB55C1944537DD36E2859E42C68070DFCF1F371F";
    let body = format!("mid=M&PayID=P&Status=OK&Code=00000000&mac={mac}");
    // (The MAC does not verify: its exit status is point 8's business, not this test's.)
    let hidden = pspec(
        &["decode", "computop.reverse", "-"],
        true,
        Some(body.as_bytes()),
    );
    assert!(
        hidden.stdout.contains("  mac  <redacted>\n"),
        "{}{}",
        hidden.stdout,
        hidden.stderr
    );
    assert!(!hidden.stdout.contains(mac), "{}", hidden.stdout);
    let shown = pspec(
        &["decode", "computop.reverse", "-", "--reveal"],
        true,
        Some(body.as_bytes()),
    );
    assert!(shown.stdout.contains(mac), "{}", shown.stdout);
}

// ---------------------------------------------------------------------------------------
// The command line itself (clap)
// ---------------------------------------------------------------------------------------

#[test]
fn help_and_version_succeed_on_stdout_and_usage_errors_exit_2_on_stderr() {
    for args in [&[][..], &["--help"], &["help"], &["-h"]] {
        let run = pspec(args, false, None);
        assert_eq!(run.status, 0, "{args:?}: {}", run.stderr);
        assert!(run.stderr.is_empty(), "{args:?}: {}", run.stderr);
        for line in [
            "Usage: pspec [OPTIONS] [COMMAND]",
            "  decode ",
            "--hmac-key <PASSWORD>",
            "--blowfish-key <PASSWORD>",
            // From the catalog: the one signature key the specs name today.
            "--adyen-hmac-key <KEY>     Signature key, written in hex (or env PSPEC_ADYEN_HMAC_KEY)",
            "Exit status: 0 ok, 1 invalid request",
        ] {
            assert!(
                run.stdout.contains(line),
                "{args:?} lacks {line:?}:\n{}",
                run.stdout
            );
        }
    }
    let decode = pspec(&["help", "decode"], false, None);
    assert_eq!(decode.status, 0);
    assert!(
        decode
            .stdout
            .contains("Usage: pspec decode [OPTIONS] <ID> <FILE|->"),
        "{}",
        decode.stdout
    );
    assert!(
        decode.stdout.contains("--request <FILE|->"),
        "{}",
        decode.stdout
    );
    let version = pspec(&["--version"], false, None);
    assert_eq!((version.status, version.stdout.trim()), (0, "pspec 0.1.0"));

    for (args, says) in [
        (&["lst"][..], "error: unrecognized subcommand 'lst'"),
        (
            &["list", "extra"],
            "error: unexpected argument 'extra' found",
        ),
        (
            &["list", "--jsn"],
            "error: unexpected argument '--jsn' found",
        ),
        (
            &["describe"],
            "error: the following required arguments were not provided",
        ),
        (
            &["codes", "adyen", "--json=yes"],
            "error: unexpected value 'yes' for '--json' found",
        ),
    ] {
        let run = pspec(args, false, None);
        assert_eq!(run.status, 2, "{args:?}");
        assert!(run.stdout.is_empty(), "{args:?}: {}", run.stdout);
        assert!(run.stderr.starts_with(says), "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("For more information, try '--help'."),
            "{args:?}: {}",
            run.stderr
        );
    }
}

#[test]
fn options_go_anywhere_and_keys_never_show_in_usage_errors() {
    // Before the command or after it, the same run.
    let before = pspec(&["--json", "codes", "adyen"], false, None);
    let after = pspec(&["codes", "adyen", "--json"], false, None);
    assert_eq!(before.status, 0, "{}", before.stderr);
    assert_eq!(before.stdout, after.stdout);
    json(&before.stdout);

    // A mistyped key option stops at the option, before the key that follows it; `pspec`
    // (the helper) fails the test if the key shows anywhere.
    for option in ["--hmac-keys", "--blowfish", "--adyen-hmac"] {
        let run = pspec(&["list", option, HMAC], false, None);
        assert_eq!(run.status, 2, "{option}");
        assert!(
            run.stderr
                .contains(&format!("unexpected argument '{option}'")),
            "{}",
            run.stderr
        );
    }
    // A key that starts with `-` is the key, not an unknown option to be quoted back.
    let dash = format!("-{HMAC}");
    let run = pspec(&["--hmac-key", &dash, "list"], false, None);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(!run.stdout.contains(&dash) && !run.stderr.contains(&dash));
    // Given twice, the last one counts and nothing complains (so nothing quotes either).
    let notify = path("computop-notify.txt");
    let twice = pspec(
        &[
            "decode",
            "computop.wechat",
            &notify,
            "--blowfish-key",
            "wrong-key",
            "--blowfish-key",
            BLOWFISH,
            "--hmac-key",
            HMAC,
        ],
        false,
        None,
    );
    assert_eq!(twice.status, 0, "{}", twice.stderr);
    assert!(!twice.stdout.contains("wrong-key") && !twice.stderr.contains("wrong-key"));
}

/// Runs `pspec` with raw (possibly non-UTF-8) arguments and environment values, on Unix,
/// where both are bytes.
#[cfg(unix)]
fn pspec_raw(args: &[&[u8]], env: &[(&str, &[u8])]) -> (i32, Vec<u8>, String) {
    use std::os::unix::ffi::OsStrExt;
    let mut command = Command::new(env!("CARGO_BIN_EXE_pspec"));
    command
        .args(args.iter().map(|arg| std::ffi::OsStr::from_bytes(arg)))
        .env_remove("PSPEC_HMAC_KEY")
        .env("PSPEC_BLOWFISH_KEY", BLOWFISH)
        .stdin(Stdio::null());
    for (name, value) in env {
        command.env(name, std::ffi::OsStr::from_bytes(value));
    }
    let output = command.output().expect("the pspec binary runs");
    (
        output.status.code().unwrap_or(-1),
        output.stdout,
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Issue 12, point 3: two passwords that differ only in bytes that are not UTF-8 are two
/// keys. A lossy conversion made both `\u{FFFD}`, and so the same MAC; an environment value
/// that was not UTF-8 was ignored as if no key had been given.
#[test]
#[cfg(unix)]
fn keys_are_taken_as_bytes_from_options_and_environment() {
    let fixed = fixture("computop-w2a-fixed.json");
    let fixed = fixed.to_str().expect("a UTF-8 path").as_bytes();
    let encode = |key: &[u8]| {
        let (status, stdout, stderr) = pspec_raw(
            &[
                b"encode",
                b"computop.wechat",
                fixed,
                b"--json",
                b"--hmac-key",
                key,
            ],
            &[],
        );
        assert_eq!(status, 0, "{stderr}");
        stdout
    };
    let one = encode(b"key-\xff");
    let other = encode(b"key-\xfe");
    assert_ne!(one, other, "two different keys gave the same request");
    assert_eq!(
        one,
        encode(b"key-\xff"),
        "the same key gives the same request"
    );

    // The same bytes from the environment: used, and the same as from the option.
    let (status, from_env, stderr) = pspec_raw(
        &[b"encode", b"computop.wechat", fixed, b"--json"],
        &[("PSPEC_HMAC_KEY", b"key-\xff")],
    );
    assert_eq!(status, 0, "{stderr}");
    assert_eq!(from_env, one);
    // And a valid UTF-8 key still works as text.
    assert_ne!(encode(HMAC.as_bytes()), one);
}
