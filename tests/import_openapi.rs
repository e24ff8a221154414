//! Issue 16, point 4: `cargo xtask import openapi` on OpenAPI fixtures written for these tests
//! (`tests/fixtures/openapi/`, the constructs a large checkout API document uses: required,
//! lengths, patterns, enums, nested objects, arrays, `$ref`, `allOf`, `oneOf` by discriminator,
//! maps, 3.1 type lists, a recursive schema), and its refusals of malformed documents.

use std::path::PathBuf;

use codegen::import::Imported;
use codegen::import::openapi::import_openapi;
use codegen::spec::SpecSet;
use codegen::spec::ast::{Field, Presence};
use pspec_tests::workspace_root;

fn fixture(name: &str) -> PathBuf {
    workspace_root().join("tests/fixtures/openapi").join(name)
}

fn import(name: &str, paths: &[&str]) -> Imported {
    let bytes = std::fs::read(fixture(name)).expect("fixture");
    let paths: Vec<String> = paths.iter().map(|p| (*p).to_string()).collect();
    import_openapi(&bytes, name, "example", &paths).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn field<'a>(fields: &'a [Field], path: &str) -> &'a Field {
    let (head, rest) = path
        .split_once('.')
        .map_or((path, None), |(h, r)| (h, Some(r)));
    let found = fields
        .iter()
        .find(|f| f.name == head)
        .unwrap_or_else(|| panic!("no field {head}"));
    match rest {
        None => found,
        Some(rest) => field(
            found
                .fields
                .as_deref()
                .unwrap_or_else(|| panic!("{head} has no fields")),
            rest,
        ),
    }
}

fn format(f: &Field) -> String {
    f.format.as_ref().map(|f| f.notation()).unwrap_or_default()
}

fn values(f: &Field) -> Vec<&str> {
    f.values.iter().map(|v| v.value()).collect()
}

#[test]
fn drafts_a_checkout_request_and_response() {
    let imported = import("checkout-3.1.yaml", &["/payments", "/payments/details"]);
    let spec = &imported.loaded.spec;
    let payments = &spec.operations[0];
    assert_eq!(
        (payments.id.as_str(), payments.endpoint.as_str()),
        ("payments", "/payments")
    );
    let req = &payments.request.fields;
    // allOf merged, the document's order kept.
    let names: Vec<&str> = req.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "merchantAccount",
            "amount",
            "reference",
            "countryCode",
            "channel",
            "shopperPin",
            "shopperLocale",
            "paymentMethod",
            "lineItems",
            "additionalData",
            "shopperName",
            "deliveryDate",
            "category"
        ]
    );
    let m: Vec<&str> = req
        .iter()
        .filter(|f| f.presence == Presence::M)
        .map(|f| f.name.as_str())
        .collect();
    assert_eq!(
        m,
        ["merchantAccount", "amount", "reference", "paymentMethod"],
        "required -> M, the rest O"
    );
    // $ref to a component, minLength = maxLength, int64 with its minimum.
    assert_eq!(format(field(req, "amount.currency")), "text3");
    let value = field(req, "amount.value");
    assert_eq!(
        (format(value).as_str(), value.min, value.presence),
        ("int64", Some(0), Presence::M)
    );
    assert_eq!(format(field(req, "reference")), "text..80");
    assert_eq!(values(field(req, "channel")), ["iOS", "Android", "Web"]);
    // A pattern that is a format, and one that is not (left for review).
    assert_eq!(format(field(req, "shopperPin")), "n4");
    assert_eq!(format(field(req, "shopperLocale")), "text");
    // oneOf by discriminator: one object, the discriminator listing every variant.
    let pm = field(req, "paymentMethod.type");
    assert_eq!(
        (values(pm), pm.presence),
        (vec!["walletMiniProgram", "scheme"], Presence::M)
    );
    assert_eq!(field(req, "paymentMethod.openid").presence, Presence::O);
    assert_eq!(format(field(req, "paymentMethod.number")), "n12..19");
    // Arrays of objects, maps, 3.1 type lists, a cycle cut.
    let items = field(req, "lineItems");
    assert!(items.list && items.max_items == Some(50));
    assert_eq!(format(field(req, "lineItems.quantity")), "int64");
    assert_eq!(
        field(req, "additionalData").value_type,
        Some(codegen::spec::ast::ValueType::Map)
    );
    assert_eq!(format(field(req, "shopperName.firstName")), "text..80");
    assert_eq!(format(field(req, "category.parent")), "text");
    let resp = &payments.response.fields;
    assert_eq!(
        values(field(resp, "resultCode")),
        ["Authorised", "Pending", "Refused"]
    );
    assert_eq!(format(field(resp, "pspReference")), "text16");
    assert_eq!(values(field(resp, "action.type")), ["qrCode", "redirect"]);
    assert!(field(resp, "details").list);
    let details = &spec.operations[1];
    assert_eq!(details.id, "payments-details");
    assert_eq!(
        field(&details.request.fields, "details.paymentStatus").presence,
        Presence::O
    );
    assert_eq!(
        format(field(&details.request.fields, "paymentData")),
        "text..200000"
    );
    // Every guess is a review mark, each located in the YAML.
    let reviews = imported.reviews.join("\n");
    for expected in ["oneOf", "shopperLocale", "date-time", "cycle"] {
        assert!(
            reviews.contains(expected),
            "no review about {expected}:\n{reviews}"
        );
    }
    let marks = codegen::spec::review::open_review_errors([&imported.loaded]);
    assert_eq!(marks.len(), imported.reviews.len());
    // Each field cites its schema.
    assert!(
        imported
            .yaml
            .contains("note: \"#/components/schemas/Amount/properties/currency\""),
        "{}",
        imported.yaml
    );
    // The draft checks on its own.
    let set = SpecSet {
        specs: vec![imported.loaded.clone()],
    };
    if let Err(d) = codegen::check(set) {
        panic!("{d}\n{}", imported.yaml);
    }
}

#[test]
fn drafts_a_json_3_0_document() {
    let imported = import("refund-3.0.json", &["/refunds"]);
    let op = &imported.loaded.spec.operations[0];
    let req = &op.request.fields;
    assert_eq!(format(field(req, "paymentReference")), "text16");
    assert_eq!(field(req, "amount").min, Some(1));
    assert_eq!(values(field(req, "reason")), ["FRAUD", "RETURN", "OTHER"]);
    // The first 2xx response (201), through a $ref.
    assert_eq!(values(field(&op.response.fields, "status")), ["received"]);
    assert!(
        codegen::check(SpecSet {
            specs: vec![imported.loaded.clone()]
        })
        .is_ok()
    );
}

#[test]
fn refuses_malformed_documents() {
    let cases: [(&str, &[u8], &str); 6] = [
        ("not JSON", b"{\"openapi\": \"3.1.0\",", "malformed JSON"),
        ("not YAML", b"openapi: [3.1\n", "malformed YAML"),
        ("Swagger 2", b"{\"swagger\": \"2.0\", \"paths\": {}}", "expected an OpenAPI 3.0 or 3.1 document"),
        ("no paths", b"openapi: 3.0.0\n", "no `paths` object"),
        ("unknown path", b"openapi: 3.0.0\npaths: {}\n", "no path `/payments`"),
        (
            "dangling $ref",
            b"openapi: 3.0.0\npaths:\n  /payments:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema: { $ref: '#/components/schemas/Gone' }\n",
            "`$ref: #/components/schemas/Gone`",
        ),
    ];
    for (what, bytes, expected) in cases {
        let err = import_openapi(bytes, "doc.yaml", "example", &["/payments".to_string()])
            .expect_err(what);
        assert!(err.to_string().contains(expected), "{what}: {err}");
    }
}

/// Runs `cargo xtask import` in-process: (exit code, stdout, stderr).
fn xtask_import(args: &[&str]) -> (u8, String, String) {
    let args: Vec<String> = args.iter().map(|a| (*a).to_string()).collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = xtask::import_cmd::run(&workspace_root(), &args, &mut out, &mut err);
    (
        code,
        String::from_utf8_lossy(&out).into_owned(),
        String::from_utf8_lossy(&err).into_owned(),
    )
}

#[test]
fn the_command_writes_a_draft_or_nothing() {
    let dir = std::env::temp_dir().join(format!("pspec-import-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let out = dir.join("draft.yaml");
    let out_s = out.to_str().expect("utf-8");
    // Bad input: exit 1, nothing written.
    let bad = dir.join("bad.json");
    std::fs::write(&bad, "{\"openapi\": ").expect("write");
    let (code, _, err) = xtask_import(&[
        "openapi",
        bad.to_str().expect("utf-8"),
        "--paths",
        "/x",
        "--provider",
        "example",
        "--out",
        out_s,
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("malformed JSON") && err.contains("nothing written"),
        "{err}"
    );
    assert!(!out.exists());
    let prose = dir.join("prose.txt");
    std::fs::write(&prose, "Only prose here.\n").expect("write");
    let (code, _, err) = xtask_import(&[
        "doc",
        prose.to_str().expect("utf-8"),
        "--provider",
        "example",
        "--out",
        out_s,
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(!out.exists());
    // Good input: written, summary on stderr.
    let fixture = fixture("refund-3.0.json");
    let args = [
        "openapi",
        fixture.to_str().expect("utf-8"),
        "--paths",
        "/refunds",
        "--provider",
        "example",
        "--out",
        out_s,
    ];
    let (code, _, err) = xtask_import(&args);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("drafted 1 operation(s)"), "{err}");
    let written = std::fs::read_to_string(&out).expect("the draft");
    assert!(written.starts_with(
        "# Draft spec imported from refund-3.0.json by `cargo xtask import openapi`."
    ));
    // A draft never replaces an existing file without --force.
    let (code, _, err) = xtask_import(&args);
    assert_eq!(code, 1);
    assert!(err.contains("exists"), "{err}");
    let mut forced = args.to_vec();
    forced.push("--force");
    assert_eq!(xtask_import(&forced).0, 0);
    // Usage errors: exit 2.
    assert_eq!(xtask_import(&["openapi", "x.yaml", "--provider", "p"]).0, 2);
    assert_eq!(xtask_import(&["nope"]).0, 2);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn cycles_through_all_of_are_cut_not_followed() {
    let doc = b"openapi: 3.1.0\npaths:\n  /a:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema: { $ref: '#/components/schemas/A' }\ncomponents:\n  schemas:\n    A:\n      allOf:\n        - $ref: '#/components/schemas/B'\n        - { type: object, properties: { x: { type: string } } }\n    B:\n      allOf:\n        - $ref: '#/components/schemas/A'\n        - { type: object, properties: { y: { type: boolean } } }\n";
    let imported =
        import_openapi(doc, "cycle.yaml", "example", &["/a".to_string()]).expect("a cycle is cut");
    let names: Vec<&str> = imported.loaded.spec.operations[0]
        .request
        .fields
        .iter()
        .map(|f| f.name.as_str())
        .collect();
    // A = allOf [B, {x}], B = allOf [A (the cycle, cut), {y}]: B's y first, then x.
    assert_eq!(names, ["y", "x"]);
    assert!(
        imported.reviews.iter().any(|r| r.contains("cycle")),
        "{:?}",
        imported.reviews
    );
}

#[test]
fn arbitrary_pages_and_documents_never_panic() {
    use proptest::prelude::*;
    let hand = SpecSet::default();
    // Deep nesting, as a hostile page would have it: read, bounded, no stack overflow.
    let deep = format!(
        "{}<table><tr><th>Key</th><th>Format</th></tr><tr><td>a</td><td>an3</td></tr></table>{}",
        "<div>".repeat(20_000),
        "</div>".repeat(20_000)
    );
    let _ = codegen::import::import_doc(deep.as_bytes(), "deep.html", "example", &hand);
    let deep_json = format!("{{\"openapi\": \"3.1.0\", \"paths\": {}}}", "[".repeat(100));
    assert!(
        import_openapi(
            deep_json.as_bytes(),
            "deep.json",
            "example",
            &["/a".to_string()]
        )
        .is_err()
    );
    let pieces = prop::sample::select(vec![
        "KeyFormatCNDDescription\n",
        "Key\tFormat\tCND\n",
        "TransID\n",
        "ans..64\n",
        "M\n",
        "C\n",
        "Mandatory in case of W2A.\n",
        "https://x.example/a.aspx\n",
        "Parameters for a\n",
        "<table>",
        "<tr><td>",
        "</td></tr>",
        "</table>",
        "Code\tShortMessage\tLongMessage\n",
        "02012\tERROR\tx\n",
        "# Title\n",
        "Nom du champ\tExemple\n",
        "a.b\t1\n",
        "\u{1b}[31m",
        "é",
        "\t",
        "\n\n",
    ]);
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: 256,
        ..ProptestConfig::default()
    });
    runner
        .run(&prop::collection::vec(pieces, 0..40), |parts| {
            let page = parts.concat();
            if let Ok(imported) =
                codegen::import::import_doc(page.as_bytes(), "p.txt", "example", &hand)
            {
                prop_assert!(
                    !imported.yaml.contains('\u{1b}'),
                    "a control character reached the draft"
                );
            }
            Ok(())
        })
        .expect("no panic, no control character in a draft");
}
