//! Protocol traits from the spec (issue 11, point 2): a form provider whose envelope, MAC
//! scheme and key matching are stated in YAML alone, `tests/golden/acmeform/spec/`
//! (HMAC-SHA256 over `|`-joined fields, no envelope, exact keys).
//!
//! - Its generated module builds on its own against `pspec-runtime` with exactly the
//!   features `codegen::emit::runtime_features` computes for it (`form`, `hmac-sha256`; no
//!   Blowfish), in a temporary crate built with `cargo build --offline`.
//! - Its generated API behaves: `to_form` signs with the HMAC key alone, `from_query`
//!   verifies, and a wrong `Signature`, a tampered value or a key in another case is refused.

#![deny(warnings)]

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use pspec_runtime::mac::{HmacKey, hmac_sha256_hex};
use pspec_runtime::wire::form::{MacStatus, VerifyError};

#[allow(dead_code, unused_imports)]
#[rustfmt::skip]
#[path = "golden/acmeform/generated/src/gen/acmeform/mod.rs"]
mod acmeform;

use acmeform::{PayCurrency, PayRequest, PayResponse, PayStatus};

fn key() -> HmacKey {
    HmacKey::new("acme-test-key-not-a-secret")
}

fn request() -> PayRequest {
    PayRequest::new("M42", "O-1001", 1250, PayCurrency::Eur)
}

/// A response as the provider would send it, signed over
/// `MerchantId|OrderId|Status|Code` (computed here by hand, not through the generated code).
fn response_body(status: &str, code: &str) -> String {
    let mac = hmac_sha256_hex(&key(), &format!("M42|O-1001|{status}|{code}"));
    format!("MerchantId=M42&OrderId=O-1001&Status={status}&Code={code}&Signature={mac}")
}

/// The acmeform fixture, loaded and checked (then lowered by the callers).
fn acmeform_specs(root: &std::path::Path) -> codegen::CheckedSpecSet {
    let dir = root.join("tests/golden/acmeform/spec");
    codegen::check(codegen::spec::load_dir(&dir, "tests/golden/acmeform/spec"))
        .unwrap_or_else(|d| panic!("{d}"))
}

#[test]
fn the_spec_alone_decides_the_runtime_features() {
    let root = pspec_tests::workspace_root();
    let set = acmeform_specs(&root);
    let features = codegen::emit::runtime_features(&codegen::lower(set));
    assert_eq!(features.len(), 1);
    assert_eq!(features[0].provider, "acmeform");
    // No envelope: no Blowfish. The MAC: HMAC-SHA256.
    assert_eq!(features[0].runtime, vec!["form", "hmac-sha256"]);
}

#[test]
fn the_mac_covers_the_spec_fields_joined_by_its_separator() {
    // The request has no `Signature` field: `to_form` computes it over the text it sends.
    let req = request();
    assert!(req.validate().is_ok());
    let expected = hmac_sha256_hex(&key(), "M42|O-1001|1250|EUR");
    let body = req.to_form(&key()).expect("encodes");
    assert!(body.ends_with(&format!("&Signature={expected}")), "{body}");
    // Another key gives another MAC.
    let other = req.to_form(&HmacKey::new("another key")).expect("encodes");
    assert!(!other.contains(&expected), "{other}");
}

#[test]
fn to_form_signs_and_percent_encodes_without_an_envelope() {
    let mut req = request();
    req.order_id = "O 1001".into();
    let body = req.to_form(&key()).expect("encodes");
    let mac = hmac_sha256_hex(&key(), "M42|O 1001|1250|EUR");
    assert_eq!(
        body,
        format!("MerchantId=M42&OrderId=O%201001&Amount=1250&Currency=EUR&Signature={mac}")
    );
    assert!(!body.contains("Len=") && !body.contains("Data="));
}

#[test]
fn from_query_accepts_a_genuine_response() {
    let response = PayResponse::from_query(response_body("OK", "0"), &key()).expect("verifies");
    assert_eq!(response.status, PayStatus::Ok);
    assert_eq!(response.code.as_deref(), Some("0"));
    assert_eq!(response.verify_mac(&key()), MacStatus::Valid);
    let answered = PayResponse::from_query_for(response_body("OK", "0"), &request(), &key());
    assert!(answered.is_ok(), "{answered:?}");
    // The MAC may come in lowercase hex.
    let mac = hmac_sha256_hex(&key(), "M42|O-1001|OK|0");
    let lower = response_body("OK", "0").replace(&mac, &mac.to_ascii_lowercase());
    assert!(PayResponse::from_query(lower, &key()).is_ok());
}

#[test]
fn from_query_refuses_a_wrong_or_missing_mac() {
    // Signed under another key.
    let forged = response_body("OK", "0").replace(
        &hmac_sha256_hex(&key(), "M42|O-1001|OK|0"),
        &hmac_sha256_hex(&HmacKey::new("attacker"), "M42|O-1001|OK|0"),
    );
    assert!(matches!(
        PayResponse::from_query(&forged, &key()),
        Err(VerifyError::MacWrong { field: "Signature" })
    ));
    // A value changed after signing.
    let tampered = response_body("FAILED", "0").replace("Status=FAILED", "Status=OK");
    assert!(matches!(
        PayResponse::from_query(&tampered, &key()),
        Err(VerifyError::MacWrong { .. })
    ));
    // No MAC at all.
    assert!(matches!(
        PayResponse::from_query("MerchantId=M42&OrderId=O-1001&Status=OK&Code=0", &key()),
        Err(VerifyError::MacAbsent { field: "Signature" })
    ));
}

#[test]
fn exact_keys_refuse_a_key_in_another_case() {
    // `signature` is not `Signature` under `keys: exact`: the MAC is absent.
    let body = response_body("OK", "0").replace("Signature=", "signature=");
    assert!(matches!(
        PayResponse::from_query(&body, &key()),
        Err(VerifyError::MacAbsent { .. })
    ));
    // `status` is not `Status`: the signed input lacks it, so the MAC does not match.
    let body = response_body("OK", "0").replace("Status=", "status=");
    assert!(matches!(
        PayResponse::from_query(&body, &key()),
        Err(VerifyError::MacWrong { .. })
    ));
    // Read without verifying, a key in another case is simply not the field.
    let read =
        PayResponse::from_query_unverified(response_body("OK", "0").replace("Code=", "CODE="))
            .expect("reads");
    assert_eq!(read.code, None);
}

#[test]
fn a_key_given_twice_is_refused() {
    let body = format!("{}&Status=FAILED", response_body("OK", "0"));
    assert!(matches!(
        PayResponse::from_query(&body, &key()),
        Err(VerifyError::Envelope(_))
    ));
}

/// Builds `acmeform.rs` as the only module of a fresh crate that depends on
/// `pspec-runtime` with `default-features = false` and the computed features, offline and
/// warning-free. Its own target directory under the workspace's (cargo locks a target
/// directory for the whole `cargo test` run, so the outer one cannot be shared), kept
/// between runs so that only the first build compiles the dependencies.
#[test]
fn the_generated_module_builds_alone_under_its_own_features() {
    let root = pspec_tests::workspace_root();
    let set = acmeform_specs(&root);
    let features = codegen::emit::runtime_features(&codegen::lower(set))
        .into_iter()
        .find(|p| p.provider == "acmeform")
        .expect("acmeform has features")
        .runtime;
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
        .join("pspec-alone");
    let krate = target.join("acmeform-alone");
    std::fs::create_dir_all(krate.join("src")).expect("create the crate");
    let quoted: Vec<String> = features.iter().map(|f| format!("{f:?}")).collect();
    // Generated code names a `serde` feature of the crate holding it (`cfg_attr(feature =
    // "serde", derive(...))`), which that crate must declare, as `pspec` does.
    let manifest = format!(
        "[package]\nname = \"acmeform-alone\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\npspec-runtime = {{ path = {:?}, default-features = false, features = [{}] }}\n\
         serde = {{ version = \"1\", features = [\"derive\"], optional = true }}\n\n\
         [features]\nserde = [\"dep:serde\", \"pspec-runtime/serde\"]\n\n\
         [workspace]\n",
        root.join("runtime").display().to_string(),
        quoted.join(", ")
    );
    std::fs::write(krate.join("Cargo.toml"), manifest).expect("write the manifest");
    // The workspace's lock file, so that the offline build picks the versions already fetched.
    std::fs::copy(root.join("Cargo.lock"), krate.join("Cargo.lock")).expect("copy Cargo.lock");
    let module = root.join("tests/golden/acmeform/generated/src/gen/acmeform/mod.rs");
    std::fs::write(
        krate.join("src/lib.rs"),
        format!(
            "//! acmeform alone.\n#![deny(warnings)]\n#[path = {:?}]\npub mod acmeform;\n",
            module.display().to_string()
        ),
    )
    .expect("write lib.rs");
    let status = run_bounded(
        Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
            .args(["build", "--offline", "--quiet", "--manifest-path"])
            .arg(krate.join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", target.join("target"))
            .env_remove("RUSTFLAGS")
            .stdin(Stdio::null()),
        Duration::from_secs(600),
    );
    assert!(
        status,
        "acmeform.rs does not build alone with pspec-runtime features {features:?}"
    );
}

/// Runs `command` to its end or kills it after `limit`; whether it succeeded.
fn run_bounded(command: &mut Command, limit: Duration) -> bool {
    let mut child = command.spawn().expect("start cargo");
    let start = Instant::now();
    loop {
        match child.try_wait().expect("wait for cargo") {
            Some(status) => return status.success(),
            None if start.elapsed() > limit => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("cargo build did not finish within {limit:?}");
            }
            None => std::thread::sleep(Duration::from_millis(100)),
        }
    }
}
