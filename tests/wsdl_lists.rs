//! Monext SOAP bodies against the types of Monext's WSDL (issue 13, point 5): every request the
//! crate encodes conforms to an XML-schema description of those types written from facts.md
//! (tests/fixtures/xsd/), checked by a small checker of the schema subset it uses
//! (support/xsd.rs). Wrapped lists (`selectedContractList` > `selectedContract`,
//! `contractNumberWalletList`, `privateDataList` > `privateData`, `order.details` > `details`)
//! are written and read back as the WSDL declares them.

use pspec::monext::*;
use pspec::runtime::wire::soap;

#[path = "support/samples.rs"]
#[allow(dead_code)]
mod samples;
#[path = "support/xsd.rs"]
mod xsd;

fn schemas() -> xsd::Schemas {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/xsd");
    let mut schemas = xsd::Schemas::default();
    for file in ["monext-obj.xsd", "monext-impl.xsd"] {
        let text = std::fs::read_to_string(dir.join(file)).expect("schema fixture");
        schemas
            .load(&text)
            .unwrap_or_else(|e| panic!("{file}: {e}"));
    }
    schemas
}

fn line(reference: &str) -> DoWebPaymentOrderDetails {
    DoWebPaymentOrderDetails {
        r#ref: Some(reference.into()),
        price: Some("500".into()),
        quantity: Some("2".into()),
        comment: None,
        category: Some("books".into()),
        brand: None,
        subcategory1: None,
        subcategory2: None,
        additional_data: None,
        tax_rate: None,
        seller: None,
        seller_type: None,
    }
}

fn private(key: &str, value: &str) -> DoWebPaymentPrivateDataList {
    DoWebPaymentPrivateDataList {
        key: key.into(),
        value: value.into(),
    }
}

/// A doWebPayment with every list the spec has filled.
fn full_request() -> DoWebPaymentRequest {
    let mut request = samples::monext_do_web_payment();
    request.selected_contract_list = Some(vec!["PAYCONIQFP".into(), "BANCONTACT".into()]);
    request.second_selected_contract_list = Some(vec!["CB".into()]);
    request.private_data_list = Some(vec![private("cart", "42"), private("channel", "web")]);
    request.contract_number_wallet_list = Some(vec!["WALLET1".into()]);
    request.order.details = Some(vec![line("BOOK-1"), line("BOOK-2")]);
    request.notification_url = Some("https://shop.example/notify".into());
    request
}

#[test]
fn every_encoded_request_conforms_to_the_schema() {
    let schemas = schemas();
    let full = full_request();
    assert!(full.validate().is_ok(), "{:?}", full.validate());
    let bodies = [
        (
            "minimal doWebPayment",
            samples::monext_do_web_payment().to_soap().unwrap(),
        ),
        ("full doWebPayment", full.to_soap().unwrap()),
        (
            "getWebPaymentDetails",
            GetWebPaymentDetailsRequest::new("34", "tok")
                .to_soap()
                .unwrap(),
        ),
        ("doRefund", refund().to_soap().unwrap()),
    ];
    for (what, xml) in bodies {
        schemas
            .check_envelope(&xml)
            .unwrap_or_else(|e| panic!("{what}: {e}\n{xml}"));
    }
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
    .with_comment("damaged")
    .with_private_data_list(vec![DoRefundPrivateDataList::new("ticket", "T-9")])
}

#[test]
fn lists_are_wrapped_as_the_wsdl_declares() {
    let xml = full_request().to_soap().unwrap();
    let compact: String = xml.split_whitespace().collect();
    for wanted in [
        "<impl:selectedContractList><obj:selectedContract>PAYCONIQFP</obj:selectedContract><obj:selectedContract>BANCONTACT</obj:selectedContract></impl:selectedContractList>",
        "<impl:privateDataList><obj:privateData><obj:key>cart</obj:key><obj:value>42</obj:value></obj:privateData>",
        "<impl:contractNumberWalletList><obj:contractNumberWallet>WALLET1</obj:contractNumberWallet></impl:contractNumberWalletList>",
        "<obj:details><obj:details><obj:ref>BOOK-1</obj:ref>",
    ] {
        assert!(compact.contains(wanted), "{wanted} not in\n{xml}");
    }
}

#[test]
fn wrapped_lists_read_back() {
    let request = full_request();
    let xml = request.to_soap().unwrap();
    let wire = soap::from_soap(&xml, "doWebPaymentRequest").unwrap();
    let back = DoWebPaymentRequest::from_wire(&wire).unwrap();
    assert_eq!(back, request);
    // A JSON tree may give the list bare (the command's JSON request files).
    let mut bare = soap::from_soap(&xml, "doWebPaymentRequest").unwrap();
    bare.set(
        "selectedContractList",
        pspec::runtime::wire::WireValue::List(vec!["A".into(), "B".into()]),
    );
    assert_eq!(
        DoWebPaymentRequest::from_wire(&bare)
            .unwrap()
            .selected_contract_list,
        Some(vec!["A".to_string(), "B".to_string()])
    );
    // An empty wrapper reads as no list.
    let empty = xml.replace(
        "<obj:contractNumberWallet>WALLET1</obj:contractNumberWallet>",
        "",
    );
    let wire = soap::from_soap(&empty, "doWebPaymentRequest").unwrap();
    assert_eq!(
        DoWebPaymentRequest::from_wire(&wire)
            .unwrap()
            .contract_number_wallet_list,
        None
    );
}

/// The checker refuses what the WSDL refuses: each case breaks the full request's body once.
#[test]
fn the_schema_check_refuses_what_the_wsdl_refuses() {
    let schemas = schemas();
    let xml = full_request().to_soap().unwrap();
    let compact: String = xml.lines().map(str::trim).collect();
    let broken = [
        (
            "the contract number as the list's text (the encoding before this fix)",
            compact.replace(
                "<impl:selectedContractList><obj:selectedContract>PAYCONIQFP</obj:selectedContract><obj:selectedContract>BANCONTACT</obj:selectedContract></impl:selectedContractList>",
                "<impl:selectedContractList>PAYCONIQFP</impl:selectedContractList><impl:selectedContractList>BANCONTACT</impl:selectedContractList>",
            ),
        ),
        (
            "an empty selectedContractList (1 to 25 items)",
            compact.replace(
                "<obj:selectedContract>PAYCONIQFP</obj:selectedContract><obj:selectedContract>BANCONTACT</obj:selectedContract>",
                "",
            ),
        ),
        (
            "26 selected contracts",
            compact.replace(
                "<obj:selectedContract>PAYCONIQFP</obj:selectedContract>",
                &"<obj:selectedContract>C</obj:selectedContract>".repeat(25),
            ),
        ),
        (
            "a privateData without its value",
            compact.replacen("<obj:value>42</obj:value>", "", 1),
        ),
        (
            "order lines in the operations namespace",
            compact.replace("<obj:details><obj:details>", "<obj:details><impl:details>").replacen(
                "</obj:details><obj:details>",
                "</impl:details><obj:details>",
                1,
            ),
        ),
        (
            "children out of order",
            compact.replacen(
                "<impl:version>34</impl:version>",
                "",
                1,
            )
            .replacen("<impl:returnURL>", "<impl:version>34</impl:version><impl:returnURL>", 1),
        ),
    ];
    for (what, body) in broken {
        assert_ne!(body, compact, "{what}: the case changed nothing");
        let err = schemas.check_envelope(&body).expect_err(what);
        // A schema finding names the element path, never a parse failure.
        assert!(err.starts_with("doWebPaymentRequest"), "{what}: {err}");
    }
    // The unbroken body passes the same check.
    schemas.check_envelope(&compact).unwrap();
}

#[test]
fn more_than_25_contracts_fail_validation_before_encoding() {
    let mut request = full_request();
    request.selected_contract_list = Some(vec!["C".into(); 26]);
    let found = request.validate().unwrap_err();
    assert!(
        found
            .as_slice()
            .iter()
            .any(|v| v.field == "selectedContractList"),
        "{found:?}"
    );
}
