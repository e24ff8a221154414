//! Golden tests of the generator.
//!
//! - Every `tests/golden/<case>/spec/` regenerates, byte for byte, into
//!   `tests/golden/<case>/generated/` (`cargo xtask regenerate` refreshes them).
//! - The outputs compile as modules of this test under `#![deny(warnings)]`, and a few tests
//!   use them: names, validation, open enums, return codes, profiles, redaction.
//! - The collision fixtures `tests/golden/collisions/*.yaml` fail with a `NameCollision`
//!   naming both spec locations.

#![deny(warnings)]

use std::path::{Path, PathBuf};

use codegen::diagnostic::{Diagnostic, DiagnosticKind};

// The golden outputs, compiled here so that they must build warning-free. `dead_code` and
// `unused_imports` are allowed because these tests use a sample of the items (and of the
// folders' re-exports), not all of them.
#[allow(dead_code, unused_imports)]
#[rustfmt::skip]
#[path = "golden/obstacle/generated/src/gen/obstacle/mod.rs"]
mod obstacle;

#[allow(dead_code, unused_imports)]
#[rustfmt::skip]
#[path = "golden/obstacle/generated/src/gen/tiny/mod.rs"]
mod tiny;

const REFRESH: &str = "cargo xtask regenerate";

fn root() -> PathBuf {
    pspec_tests::workspace_root()
}

/// The golden cases: directories of `tests/golden/` with a `spec/` directory.
fn cases() -> Vec<(String, PathBuf)> {
    let golden = root().join("tests").join("golden");
    let mut cases: Vec<(String, PathBuf)> = std::fs::read_dir(&golden)
        .expect("tests/golden exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("spec").is_dir())
        .map(|p| {
            (
                p.file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned(),
                p,
            )
        })
        .collect();
    cases.sort();
    cases
}

fn generate_case(name: &str, dir: &Path) -> Vec<codegen::GeneratedFile> {
    let display = format!("tests/golden/{name}/spec");
    codegen::generate_dir(&dir.join("spec"), &display).unwrap_or_else(|d| panic!("{d}"))
}

fn first_difference(expected: &str, actual: &str) -> String {
    let line = expected
        .lines()
        .zip(actual.lines())
        .position(|(e, a)| e != a);
    match line {
        Some(i) => format!(
            "first difference at line {}:\n  checked in: {}\n  generated:  {}",
            i + 1,
            expected.lines().nth(i).unwrap_or_default(),
            actual.lines().nth(i).unwrap_or_default()
        ),
        None => format!(
            "lengths differ ({} vs {} lines)",
            expected.lines().count(),
            actual.lines().count()
        ),
    }
}

#[test]
fn goldens_match_the_generator_byte_for_byte() {
    let mut problems = Vec::new();
    let cases = cases();
    assert!(
        !cases.is_empty(),
        "no golden case under tests/golden/*/spec"
    );
    for (name, dir) in cases {
        let files = generate_case(&name, &dir);
        let generated = dir.join("generated");
        for file in &files {
            let path = generated.join(&file.path);
            let shown = format!("tests/golden/{name}/generated/{}", file.path);
            match std::fs::read_to_string(&path) {
                Ok(checked_in) if checked_in.replace("\r\n", "\n") == file.contents => {}
                Ok(checked_in) => problems.push(format!(
                    "{shown} is stale; {}",
                    first_difference(&checked_in, &file.contents)
                )),
                Err(_) => problems.push(format!("{shown} is missing")),
            }
        }
        // Every file under src/gen (the providers' folders one level down) must be one the
        // generator writes.
        let gen_dir = generated.join("src").join("gen");
        let mut on_disk = Vec::new();
        for entry in std::fs::read_dir(&gen_dir).into_iter().flatten().flatten() {
            let entry_name = entry.file_name().to_string_lossy().into_owned();
            if entry.path().is_dir() {
                for inner in std::fs::read_dir(entry.path())
                    .into_iter()
                    .flatten()
                    .flatten()
                {
                    let inner = inner.file_name().to_string_lossy().into_owned();
                    on_disk.push(format!("src/gen/{entry_name}/{inner}"));
                }
            } else {
                on_disk.push(format!("src/gen/{entry_name}"));
            }
        }
        for relative in on_disk {
            if !files.iter().any(|f| f.path == relative) {
                problems.push(format!(
                    "tests/golden/{name}/generated/{relative} is not generated any more"
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{}\nrun `{REFRESH}` to refresh the goldens, then review the diff",
        problems.join("\n")
    );
}

#[test]
fn output_is_the_same_whatever_the_load_order() {
    for (name, dir) in cases() {
        let display = format!("tests/golden/{name}/spec");
        let mut files: Vec<(PathBuf, String)> = std::fs::read_dir(dir.join("spec"))
            .expect("spec dir")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .map(|p| {
                let shown = format!(
                    "{display}/{}",
                    p.file_name().unwrap_or_default().to_string_lossy()
                );
                (p, shown)
            })
            .collect();
        files.sort();
        files.reverse();
        let reversed =
            codegen::check(codegen::load_files(&files)).unwrap_or_else(|d| panic!("{d}"));
        let again = codegen::emit(&codegen::lower(reversed)).unwrap_or_else(|d| panic!("{d}"));
        assert_eq!(
            again,
            generate_case(&name, &dir),
            "{name}: output depends on load order"
        );
        assert_eq!(
            generate_case(&name, &dir),
            generate_case(&name, &dir),
            "{name}: output differs between runs"
        );
    }
}

#[test]
fn every_generated_file_starts_with_the_header() {
    for (name, dir) in cases() {
        for file in generate_case(&name, &dir) {
            let first = file.contents.lines().next().unwrap_or_default();
            assert!(
                first.starts_with(&format!("{} from tests/golden/", codegen::GENERATED_MARKER))
                    && first.ends_with(" — do not edit"),
                "{}: {first}",
                file.path
            );
        }
    }
}

/// Loads one collision fixture and generates; returns every diagnostic.
fn collision_diagnostics(file: &str) -> Vec<Diagnostic> {
    let path = root()
        .join("tests")
        .join("golden")
        .join("collisions")
        .join(file);
    let shown = format!("tests/golden/collisions/{file}");
    let result = codegen::check(codegen::load_files(&[(path, shown)]))
        .and_then(|checked| codegen::emit(&codegen::lower(checked)));
    match result {
        Ok(_) => panic!("{file}: generation succeeded, expected a name collision"),
        Err(d) => d.0,
    }
}

#[test]
fn collisions_are_errors_naming_both_locations() {
    // (fixture, first name's place, second name's place)
    let cases = [
        ("field-names.yaml", "17:11", "20:11"),
        ("operation-ids.yaml", "9:5", "23:5"),
        ("values.yaml", "21:15", "22:15"),
        ("nested-types.yaml", "21:15", "25:11"),
    ];
    for (file, first, second) in cases {
        let diagnostics = collision_diagnostics(file);
        let shown = format!("tests/golden/collisions/{file}");
        let collision = diagnostics
            .iter()
            .find(|d| d.kind == DiagnosticKind::NameCollision)
            .unwrap_or_else(|| panic!("{file}: no NameCollision in {diagnostics:?}"));
        let text = collision.to_string();
        assert!(
            text.starts_with(&format!("{shown}:{second}: ")),
            "{file}: second place: {text}"
        );
        assert!(
            text.contains(&format!("{shown}:{first}")),
            "{file}: first place: {text}"
        );
    }
}

#[test]
fn a_value_named_like_the_unknown_variant_is_a_collision() {
    let diagnostics = collision_diagnostics("reserved-unknown.yaml");
    let collision = diagnostics
        .iter()
        .find(|d| d.kind == DiagnosticKind::NameCollision)
        .expect("a collision");
    let text = collision.to_string();
    assert!(
        text.starts_with("tests/golden/collisions/reserved-unknown.yaml:25:"),
        "{text}"
    );
    assert!(text.contains("reserved"), "{text}");
}

mod obstacle_course {
    //! The obstacle course's generated code, used.

    use super::obstacle::*;
    use pspec::runtime::{Outcome, RuleKind, Violation};

    fn valid() -> TypeRequest {
        TypeRequest {
            r#type: TypeRequestType::N3ds,
            r#ref: Some("order 42".into()),
            self_: Some("me".into()),
            crate_: Some("12".into()),
            super_: None,
            n_3d_secure: Some(true),
            url_success: "https://shop.example/ok".into(),
            merchant_id: "M-1".into(),
            buyer_id_code: Some("BUYER1".into()),
            amount: 1000,
            fee: Some(5),
            channel: TypeChannel::Web,
            app_name: None,
            web_only: Some("web only".into()),
            note: Some("Élodie's note".into()),
            letters: Some("abcXYZ".into()),
            ip_addr: Some("192.168.0.1".into()),
            label: Some("Müller".into()),
            due: pspec::runtime::dates::parse("date(DD/MM/YYYY)", "31/12/2024"),
            at: Some("2024-12-31T23:59:59".into()),
            response: Some("encrypt".into()),
            secret: "s3cr3t".into(),
            tags: Some(vec!["a".into(), "b".into()]),
            order: TypeOrder {
                amount: 1000,
                currency: "978".into(),
                shipping: Some(TypeOrderShipping {
                    line1: "1 Rue de la Paix".into(),
                    country: Some("BE".into()),
                }),
            },
            payment: TypePayment {
                amount: 1000,
                mode: TypePaymentMode::Cpt,
                date: None,
            },
            items: Some(vec![TypeItems {
                sku: "SKU1".into(),
                qty: 2,
            }]),
            extra_keys: Some([("k".to_string(), "v".to_string())].into_iter().collect()),
            extras: Default::default(),
        }
    }

    fn violations(
        result: Result<(), pspec::runtime::Violations>,
    ) -> Vec<(&'static str, RuleKind, &'static str)> {
        match result {
            Ok(()) => Vec::new(),
            Err(found) => found.iter().map(|v| (v.field, v.rule, v.limit)).collect(),
        }
    }

    #[test]
    fn a_valid_request_validates_plain_and_under_each_profile() {
        let request = valid();
        assert_eq!(violations(request.validate()), []);
        assert_eq!(violations(request.validate_for(TypeProfile::Express)), []);
        assert_eq!(violations(request.validate_for(TypeProfile::Self_)), []);
    }

    #[test]
    fn every_violation_comes_back_in_spec_order() {
        let mut request = valid();
        request.r#ref = Some("x".repeat(21));
        request.crate_ = Some("12a".into());
        request.url_success = "http://shop.example:8080/ok?x=1".into();
        request.merchant_id = String::new();
        request.amount = 100_000;
        request.fee = Some(-101);
        request.note = Some("a#b\u{7}".into());
        request.response = Some("plain".into());
        request.tags = Some(vec!["1".into(), "2".into(), "3".into(), "4".into()]);
        request.order.currency = "97".into();
        request.payment.date = pspec::runtime::dates::parse("date(DD/MM/YY)", "01/01/25");
        request.payment.amount = 2000;
        request.items = Some(vec![TypeItems {
            sku: "TOO-LONG-SKU".into(),
            qty: 1000,
        }]);
        assert_eq!(
            violations(request.validate()),
            [
                ("ref", RuleKind::TooLong, "ans..20"),
                ("crate", RuleKind::Charset, "n..4"),
                ("URLSuccess", RuleKind::NotAllowedValue, "https"),
                ("URLSuccess", RuleKind::NotAllowedValue, "443"),
                ("URLSuccess", RuleKind::ForbiddenChar, "?"),
                ("MerchantID", RuleKind::Missing, "mandatory"),
                ("Amount", RuleKind::Range, "<= 99999"),
                ("Fee", RuleKind::Range, ">= -100"),
                ("Note", RuleKind::Charset, "text..40"),
                ("Note", RuleKind::ForbiddenChar, "#&"),
                ("Response", RuleKind::FixedValue, "encrypt"),
                ("Tags", RuleKind::TooLong, "3 items"),
                ("order.currency", RuleKind::WrongLength, "n3"),
                (
                    "payment.date",
                    RuleKind::MustBeAbsent,
                    "payment.mode != 'DIF'"
                ),
                ("items.sku", RuleKind::TooLong, "an..10"),
                ("items.sku", RuleKind::Charset, "an..10"),
                ("items.qty", RuleKind::TooLong, "n..3"),
                (
                    "order.amount",
                    RuleKind::CrossField,
                    "order.amount >= payment.amount"
                ),
            ]
        );
    }

    /// A date field is typed: text off its mask, or no calendar day, is refused when read
    /// (as the mask check reports it when read to be validated), never kept as text.
    #[test]
    fn dates_are_read_by_their_mask_and_the_calendar() {
        let wire = valid().to_wire();
        for (text, rule) in [
            ("31/13/2024", RuleKind::Range),
            ("31/02/2024", RuleKind::Range),
            ("2024-12-31", RuleKind::Charset),
            ("31/12/24", RuleKind::WrongLength),
        ] {
            let mut tree = wire.clone();
            tree.set("Due", text);
            let err = TypeRequest::from_wire(&tree).expect_err(text);
            assert_eq!(err.path(), "Due", "{text}");
            assert!(!err.to_string().contains(text), "{err}");
            let (_, found) = TypeRequest::from_wire_checked(&tree).expect("checked read");
            assert_eq!(
                violations(found.into_result()),
                [("Due", rule, "date(DD/MM/YYYY)")],
                "{text}"
            );
        }
        let mut tree = wire.clone();
        tree.set("Due", "29/02/2024");
        let request = TypeRequest::from_wire(&tree).expect("a leap day");
        assert_eq!(
            request
                .due
                .map(|d| pspec::runtime::dates::write(d, "date(DD/MM/YYYY)")),
            Some("29/02/2024".to_string())
        );
    }

    #[test]
    fn conditions_follow_the_channel() {
        let mut request = valid();
        request.channel = TypeChannel::App;
        assert_eq!(
            violations(request.validate()),
            [
                ("AppName", RuleKind::Condition, "Channel == 'APP'"),
                ("WebOnly", RuleKind::MustBeAbsent, "Channel != 'WEB'"),
                (
                    "Channel",
                    RuleKind::CrossField,
                    "Channel != 'APP' or present(AppName)"
                ),
            ]
        );
        request.app_name = Some("Shop".into());
        request.web_only = None;
        assert_eq!(violations(request.validate()), []);
    }

    #[test]
    fn profiles_add_their_rules() {
        let mut request = valid();
        request.fee = None;
        request.self_ = None;
        request.order.shipping = None;
        request.order.currency = "124".into();
        request.payment.mode = TypePaymentMode::Dif;
        assert_eq!(violations(request.validate()), []);
        assert_eq!(
            violations(request.validate_for(TypeProfile::Express)),
            [
                ("Fee", RuleKind::Missing, "mandatory for express"),
                (
                    "order.shipping.country",
                    RuleKind::Missing,
                    "mandatory for express"
                ),
                (
                    "order.shipping.line1",
                    RuleKind::Missing,
                    "mandatory for express"
                ),
                ("self", RuleKind::Missing, "mandatory for express"),
                ("payment.mode", RuleKind::FixedValue, "CPT"),
                ("order.currency", RuleKind::NotAllowedValue, "978, 840"),
            ]
        );
        request.channel = TypeChannel::App;
        request.app_name = Some("App".into());
        request.web_only = None;
        assert_eq!(
            violations(request.validate_for(TypeProfile::Self_)),
            [("Channel", RuleKind::FixedValue, "WEB")]
        );
        assert_eq!(TypeProfile::Express.card_code(), "EXPRESS_1");
        assert_eq!(TypeProfile::Express.refund_window_days(), Some(30));
        assert_eq!(TypeProfile::Self_.refund_window_days(), None);
        assert_eq!(
            TypeProfile::from_card_code("SELF_2"),
            Some(TypeProfile::Self_)
        );
        assert_eq!(TypeProfile::ALL.map(TypeProfile::id), ["express", "self"]);
    }

    #[test]
    fn closed_enums_map_wire_values() {
        assert_eq!(
            TypeRequestType::from_wire("3ds"),
            Some(TypeRequestType::N3ds)
        );
        assert_eq!(TypeRequestType::N3ds.as_str(), "3ds");
        assert_eq!(TypeRequestType::from_wire("cash"), None);
        assert_eq!(TypeRequestType::ALL.len(), 3);
    }

    #[test]
    fn open_enums_keep_unknown_values_and_responses_validate_on_request() {
        let status = TypeStatus::from_wire("PENDING");
        assert_eq!(status, TypeStatus::Unknown("PENDING".into()));
        assert_eq!(status.as_str(), "PENDING");
        assert!(!status.is_listed());
        assert_eq!(
            TypeSignType::from_wire("HMAC-SHA256"),
            TypeSignType::HmacSha256
        );
        let response = TypeResponse {
            status,
            code: ResultCode::from_wire("2206014H"),
            pay_id: "0".repeat(32),
            prepay_id: Some("prepay".into()),
            redirect: None,
            openid: Some("o-123".into()),
            channel_echo: None,
            redirected: None,
            extras: Default::default(),
        };
        assert_eq!(
            violations(response.validate()),
            [("Status", RuleKind::NotAllowedValue, "OK, FAILED")]
        );
        let mut request = valid();
        assert_eq!(
            violations(response.validate_with_request(&request)),
            [
                ("Status", RuleKind::NotAllowedValue, "OK, FAILED"),
                (
                    "PrepayID",
                    RuleKind::MustBeAbsent,
                    "request.Channel != 'APP'"
                ),
            ]
        );
        request.channel = TypeChannel::App;
        request.app_name = Some("App".into());
        request.web_only = None;
        assert_eq!(
            violations(response.validate_with_request(&request)).len(),
            1
        );
    }

    #[test]
    fn a_text_field_compares_with_an_enum_field_by_its_wire_text() {
        let mut request = valid();
        request.channel = TypeChannel::App;
        request.app_name = Some("App".into());
        request.web_only = None;
        let mut response = TypeResponse {
            status: TypeStatus::Ok,
            code: ResultCode::from_wire("00000000"),
            pay_id: "0".repeat(32),
            prepay_id: Some("prepay".into()),
            redirect: None,
            openid: None,
            channel_echo: Some("APP".into()),
            redirected: Some("https://example.test/r".into()),
            extras: Default::default(),
        };
        // `ChannelEcho == request.Channel`: "APP" equals the enum's wire text, so
        // `Redirected` must be absent.
        assert_eq!(
            violations(response.validate_with_request(&request)),
            [(
                "Redirected",
                RuleKind::MustBeAbsent,
                "ChannelEcho == request.Channel"
            )]
        );
        response.channel_echo = Some("WEB".into());
        assert_eq!(violations(response.validate_with_request(&request)), []);
        // Without the request, conditions naming it are not checked.
        response.channel_echo = Some("APP".into());
        assert_eq!(violations(response.validate()), []);
    }

    #[test]
    fn return_codes_parse_anything_and_classify_by_longest_prefix() {
        let listed = ResultCode::from_wire("2206014H");
        assert_eq!(listed, ResultCode::N2206014h);
        assert_eq!(
            (listed.code(), listed.short_message(), listed.outcome()),
            ("2206014H", Some("REFUSED"), Outcome::Refused)
        );
        assert_eq!(ResultCode::N00000000.long_message(), Some("Accepted"));
        assert_eq!(ResultCode::N60000000.short_message(), None);
        for (code, outcome) in [
            ("22999999", Outcome::Refused),
            ("21000000", Outcome::Error),
            ("01234567", Outcome::Pending),
            ("6", Outcome::Pending),
            ("9", Outcome::Unknown),
            ("", Outcome::Unknown),
        ] {
            let parsed = ResultCode::from_wire(code);
            assert_eq!(parsed.code(), code, "re-encoded unchanged");
            assert!(!parsed.is_listed());
            assert_eq!(parsed.outcome(), outcome, "{code}");
        }
        assert_eq!(ResultCode::LISTED.len(), 3);
    }

    #[test]
    fn outcome_reads_the_operations_meanings_then_the_profiles_table_then_the_operations() {
        // The operation's own meaning wins over the table's `success`.
        assert_eq!(ResultCode::N00000000.outcome(), Outcome::Success);
        assert_eq!(TypeResponse::code_outcome("00000000"), Outcome::Pending);
        // Without a profile: the table, listed codes then families.
        assert_eq!(TypeResponse::code_outcome("2206014H"), Outcome::Refused);
        assert_eq!(TypeResponse::code_outcome("21000000"), Outcome::Error);
        assert_eq!(TypeResponse::code_outcome("9"), Outcome::Unknown);
        // Under the express profile: its own table first (listed, then its family before
        // the operation table's), the operation's meanings still ahead of both.
        let express = TypeProfile::Express;
        assert_eq!(
            TypeResponse::code_outcome_under("2206014H", express),
            Outcome::Cancelled
        );
        assert_eq!(
            TypeResponse::code_outcome_under("21000000", express),
            Outcome::Fraud
        );
        assert_eq!(
            TypeResponse::code_outcome_under("22999999", express),
            Outcome::Refused
        );
        assert_eq!(
            TypeResponse::code_outcome_under("00000000", express),
            Outcome::Pending
        );
        assert_eq!(
            TypeResponse::code_outcome_under("60000000", express),
            Outcome::Pending
        );
        // A profile without a table of its own reads as `outcome()`.
        assert_eq!(
            TypeResponse::code_outcome_under("2206014H", TypeProfile::Self_),
            Outcome::Refused
        );
        // On a response: the code field read, then resolved the same way.
        let response = TypeResponse {
            status: TypeStatus::Ok,
            code: ResultCode::from_wire("2206014H"),
            pay_id: "0".repeat(32),
            prepay_id: None,
            redirect: None,
            openid: None,
            channel_echo: None,
            redirected: None,
            extras: Default::default(),
        };
        assert_eq!(response.outcome(), Outcome::Refused);
        assert_eq!(response.outcome_under(express), Outcome::Cancelled);
    }

    #[test]
    fn debug_redacts_sensitive_fields() {
        let shown = format!("{:?}", valid());
        for secret in ["s3cr3t", "BUYER1", "1 Rue de la Paix"] {
            assert!(!shown.contains(secret), "{secret} leaks: {shown}");
        }
        assert!(shown.contains("secret: <redacted>"), "{shown}");
        assert!(shown.contains("buyer_id_code: Some(<redacted>)"), "{shown}");
        assert!(shown.contains("merchant_id: \"M-1\""), "{shown}");
    }

    #[test]
    fn violations_name_the_field_never_the_value() {
        let mut request = valid();
        request.secret = "not a valid secret!".into();
        let found = request.validate().expect_err("charset");
        let shown = found.to_string();
        assert_eq!(
            found.as_slice(),
            [Violation::new("Secret", RuleKind::Charset, "an..64")]
        );
        assert!(!shown.contains("not a valid"), "{shown}");
        assert_eq!(shown, "Secret: character outside the allowed set (an..64)");
    }

    #[test]
    fn the_request_carries_its_endpoint() {
        assert_eq!(TypeRequest::ENDPOINT, "https://pay.example/type.aspx");
        assert_eq!(TypeRequest::METHOD, "POST");
        assert_eq!(super::tiny::PingRequest::METHOD, "GET");
        assert!(
            super::tiny::PingRequest::new()
                .with_echo("ok")
                .validate()
                .is_ok()
        );
    }
}
