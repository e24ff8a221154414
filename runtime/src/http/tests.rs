use super::*;

const JSON: Connection = Connection {
    content_type: "application/json",
    api_version: Some("v71"),
    idempotency: Some(("Idempotency-Key", 8)),
    error_body: ErrorFormat::Json(JsonErrorKeys {
        status: Some("status"),
        code: Some("errorCode"),
        kind: Some("errorType"),
        message: Some("message"),
        reference: Some("pspReference"),
    }),
};

const SOAP: Connection = Connection {
    content_type: "text/xml; charset=utf-8",
    api_version: None,
    idempotency: None,
    error_body: ErrorFormat::SoapFault,
};

const PAY: OperationHttp = OperationHttp {
    method: "POST",
    path: "/payments",
    soap_action: None,
    retryable: true,
};

fn answer(status: u16, body: &str) -> http::Response<Vec<u8>> {
    http::Response::builder()
        .status(status)
        .body(body.as_bytes().to_vec())
        .unwrap()
}

#[test]
fn secrets_are_redacted_in_debug() {
    let basic = BasicCredentials::new("merchant-1", "s3cr3t-key");
    let api = ApiKeyCredentials::new("AQE-api-key");
    let shown = format!("{basic:?} {api:?}");
    assert!(shown.contains("merchant-1"), "{shown}");
    assert!(
        !shown.contains("s3cr3t") && !shown.contains("AQE"),
        "{shown}"
    );
}

#[test]
fn api_key_request_carries_its_headers_marked_sensitive() {
    let api = ApiKeyCredentials::new("AQE-api-key");
    let key = IdempotencyKey::new("order-1").unwrap();
    let request = build(
        &JSON,
        &PAY,
        "https://checkout-test.adyen.com/v71",
        Auth::ApiKey("X-API-Key", &api),
        Some(&key),
        b"{}".to_vec(),
    )
    .unwrap();
    assert_eq!(request.method(), http::Method::POST);
    assert_eq!(
        request.uri(),
        "https://checkout-test.adyen.com/v71/payments"
    );
    let headers = request.headers();
    assert_eq!(headers["content-type"], "application/json");
    assert_eq!(headers["x-api-key"], "AQE-api-key");
    assert!(headers["x-api-key"].is_sensitive());
    assert_eq!(headers["idempotency-key"], "order-1");
    assert!(!format!("{request:?}").contains("AQE-api-key"));
}

#[test]
fn basic_auth_is_merchant_id_and_access_key() {
    let basic = BasicCredentials::new("Aladdin", "open sesame");
    let action = OperationHttp {
        soap_action: Some("doWebPayment"),
        ..PAY
    };
    let request = build(
        &SOAP,
        &action,
        "https://h.example",
        Auth::Basic(&basic),
        None,
        Vec::new(),
    )
    .unwrap();
    // RFC 7617's own example.
    assert_eq!(
        request.headers()["authorization"],
        "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
    );
    assert!(request.headers()["authorization"].is_sensitive());
    assert_eq!(request.headers()["soapaction"], "\"doWebPayment\"");
}

#[test]
fn idempotency_keys_are_bounded() {
    assert!(IdempotencyKey::new("").is_err());
    assert!(IdempotencyKey::new("with space").is_err());
    let long = IdempotencyKey::new("123456789").unwrap();
    let api = ApiKeyCredentials::new("k");
    let err = build(
        &JSON,
        &PAY,
        "https://h.example",
        Auth::ApiKey("X-API-Key", &api),
        Some(&long),
        Vec::new(),
    )
    .unwrap_err();
    assert!(
        matches!(err, RequestError::IdempotencyKey { max: Some(8) }),
        "{err}"
    );
}

#[test]
fn placeholders_cannot_change_the_host() {
    let template = "https://{PREFIX}-checkout-live.adyenpayments.com/checkout/v71";
    assert_eq!(
        fill_base(template, &[("PREFIX", "1797a841fbb37ca7-AdyenDemo")]).unwrap(),
        "https://1797a841fbb37ca7-AdyenDemo-checkout-live.adyenpayments.com/checkout/v71"
    );
    for bad in ["", "evil.example/", "a@b", "x.y"] {
        assert!(fill_base(template, &[("PREFIX", bad)]).is_err(), "{bad}");
    }
    assert!(custom_base("http://127.0.0.1:8080/v71").is_ok());
    for bad in [
        "ftp://x",
        "http://",
        "http://x/",
        "http://x?y",
        "127.0.0.1:80",
    ] {
        assert!(custom_base(bad).is_err(), "{bad}");
    }
}

#[test]
fn a_json_error_body_is_typed() {
    let body = r#"{"status":422,"errorCode":"14_030","errorType":"validation","message":"Return URL is missing.","pspReference":"8816178952380553"}"#;
    let err = success_body(&answer(422, body), &JSON).unwrap_err();
    let ResponseError::Provider {
        status,
        body: ErrorBody::Json(found),
    } = &err
    else {
        panic!("{err:?}");
    };
    assert_eq!(*status, 422);
    assert_eq!(found.status, Some(422));
    assert_eq!(found.code.as_deref(), Some("14_030"));
    assert_eq!(found.kind.as_deref(), Some("validation"));
    assert_eq!(found.reference.as_deref(), Some("8816178952380553"));
    // Display names the code, escaped, not the provider's message.
    assert_eq!(
        err.to_string(),
        "the provider answered HTTP 422 with an error: error code \"14_030\""
    );
}

#[test]
fn a_status_without_the_error_body_is_a_wrong_status() {
    let err = success_body(&answer(502, "<html>bad gateway</html>"), &JSON).unwrap_err();
    assert!(
        matches!(err, ResponseError::Status { status: 502 }),
        "{err:?}"
    );
    let err = success_body(&answer(303, ""), &JSON).unwrap_err();
    assert!(
        matches!(err, ResponseError::Status { status: 303 }),
        "{err:?}"
    );
    // A 2xx JSON body is the success body, even when it has an `errorCode` key.
    assert_eq!(
        success_body(&answer(200, r#"{"errorCode":"x"}"#), &JSON).unwrap(),
        br#"{"errorCode":"x"}"#
    );
}

#[test]
fn a_soap_fault_is_typed_whatever_the_status() {
    let fault = r#"<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault><faultcode>soapenv:Server</faultcode><faultstring>Access denied</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>"#;
    for status in [500, 200] {
        let err = success_body(&answer(status, fault), &SOAP).unwrap_err();
        let ResponseError::Provider {
            body: ErrorBody::SoapFault(found),
            ..
        } = &err
        else {
            panic!("{err:?}");
        };
        assert_eq!(
            (found.code.as_str(), found.message.as_str()),
            ("soapenv:Server", "Access denied")
        );
    }
    let ok = r#"<Envelope><Body><doWebPaymentResponse/></Body></Envelope>"#;
    assert!(success_body(&answer(200, ok), &SOAP).is_ok());
    assert!(matches!(
        success_body(&answer(401, "Unauthorized"), &SOAP),
        Err(ResponseError::Status { status: 401 })
    ));
}
