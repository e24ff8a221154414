//! The generated clients (feature `client`) against a tiny HTTP server on loopback, started by
//! each test: success, retries only for the operations the spec marks retryable, the
//! provider's error bodies typed, and statuses nobody described refused.
//!
//! The server listens on 127.0.0.1 port 0, answers scripted replies one connection at a time
//! (`Connection: close`), and every wait is bounded: accepting polls a bounded number of
//! times, reads time out, and the test stops the server before joining it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use pspec::runtime::client::{CallError, ClientConfig};
use pspec::runtime::http::{ErrorBody, IdempotencyKey, ResponseError};

#[path = "support/samples.rs"]
#[allow(dead_code)]
mod samples;

/// What the server saw of one request.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    path: String,
    /// Header names lowercased.
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// One scripted answer: status, content type, body, computed from the request.
type Reply = Box<dyn FnOnce(&Seen) -> (u16, &'static str, Vec<u8>) + Send>;

fn reply(status: u16, content_type: &'static str, body: &str) -> Reply {
    let body = body.as_bytes().to_vec();
    Box::new(move |_| (status, content_type, body))
}

struct Server {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<Vec<Seen>>>,
}

/// The longest the server waits for one connection: 2,000 polls 5 ms apart.
const ACCEPT_POLLS: u32 = 2_000;

impl Server {
    /// A server answering `replies` in order, one per connection; it stops when they are all
    /// used, when told to, or when no connection comes within the poll budget.
    fn start(replies: Vec<Reply>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        listener.set_nonblocking(true).expect("nonblocking");
        let addr = listener.local_addr().expect("address");
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            let mut seen = Vec::new();
            for reply in replies {
                let Some(stream) = accept(&listener, &stopping) else {
                    break;
                };
                match answer(stream, reply) {
                    Some(request) => seen.push(request),
                    None => break,
                }
            }
            seen
        });
        Server {
            addr,
            stop,
            thread: Some(thread),
        }
    }

    fn base(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Stops the server and returns the requests it answered.
    fn finish(mut self) -> Vec<Seen> {
        self.stop.store(true, Ordering::SeqCst);
        self.thread
            .take()
            .map(|t| t.join().expect("server thread"))
            .unwrap_or_default()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn accept(listener: &TcpListener, stop: &AtomicBool) -> Option<TcpStream> {
    for _ in 0..ACCEPT_POLLS {
        if stop.load(Ordering::SeqCst) {
            return None;
        }
        match listener.accept() {
            Ok((stream, _)) => return Some(stream),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                std::thread::sleep(Duration::from_millis(5));
            }
            Err(_) => return None,
        }
    }
    None
}

/// Reads one request (headers, then `Content-Length` bytes) and writes the reply.
fn answer(stream: TcpStream, reply: Reply) -> Option<Seen> {
    stream.set_nonblocking(false).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_owned();
    let path = parts.next()?.to_owned();
    let mut headers = Vec::new();
    // At most 100 header lines: a bounded read.
    for _ in 0..100 {
        let mut header = String::new();
        reader.read_line(&mut header).ok()?;
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        let (name, value) = header.split_once(':')?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
    }
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length.min(1 << 20)];
    reader.read_exact(&mut body).ok()?;
    let seen = Seen {
        method,
        path,
        headers,
        body,
    };
    let (status, content_type, payload) = reply(&seen);
    let mut stream = stream;
    let head = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        payload.len()
    );
    stream.write_all(head.as_bytes()).ok()?;
    stream.write_all(&payload).ok()?;
    stream.flush().ok()?;
    Some(seen)
}

/// Short pauses and timeouts: the tests count attempts, never time them.
fn config() -> ClientConfig {
    ClientConfig {
        timeout: Duration::from_secs(10),
        connect_timeout: Duration::from_secs(5),
        max_attempts: 3,
        backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(2),
        max_body_bytes: 64 * 1024,
    }
}

fn run<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime")
        .block_on(future)
}

// ---------------------------------------------------------------------------------- Adyen

fn adyen_client(server: &Server) -> pspec::adyen::Client {
    pspec::adyen::Client::with_config(
        pspec::adyen::Environment::Custom(server.base("/v71")),
        pspec::adyen::Credentials::new("test-api-key"),
        config(),
    )
    .expect("client")
}

fn adyen_request() -> pspec::adyen::PaymentsRequest {
    let mut request = samples::adyen_payments_document_example();
    request.payment_method.openid = "o-123".into();
    request.return_url = samples::ADYEN_RETURN_URL.into();
    request
}

const ADYEN_ANSWER: &str = include_str!("fixtures/wire/adyen-payments-response.json");

#[test]
fn adyen_payments_succeeds_with_key_and_idempotency_key() {
    let server = Server::start(vec![reply(200, "application/json", ADYEN_ANSWER)]);
    let client = adyen_client(&server);
    let key = IdempotencyKey::new("order-1-attempt").unwrap();
    let answer = run(client.payments(&adyen_request(), &key)).expect("payments answer");
    assert_eq!(answer.psp_reference.as_deref(), Some("PPKFQ89R6QRXGN82"));
    let seen = server.finish();
    assert_eq!(seen.len(), 1);
    let request = &seen[0];
    assert_eq!(
        (request.method.as_str(), request.path.as_str()),
        ("POST", "/v71/payments")
    );
    assert_eq!(request.header("x-api-key"), Some("test-api-key"));
    assert_eq!(request.header("idempotency-key"), Some("order-1-attempt"));
    assert_eq!(request.header("content-type"), Some("application/json"));
    let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(body["reference"], "JEP22U_698826xxxxx");
}

#[test]
fn adyen_payments_is_retried_after_a_5xx_with_the_same_key() {
    let server = Server::start(vec![
        reply(503, "text/plain", "busy"),
        reply(200, "application/json", ADYEN_ANSWER),
    ]);
    let client = adyen_client(&server);
    let key = IdempotencyKey::new("order-2").unwrap();
    run(client.payments(&adyen_request(), &key)).expect("answer after one retry");
    let seen = server.finish();
    assert_eq!(seen.len(), 2, "one retry");
    assert!(
        seen.iter()
            .all(|s| s.header("idempotency-key") == Some("order-2"))
    );
}

#[test]
fn adyen_retries_are_bounded() {
    let server = Server::start(vec![
        reply(503, "text/plain", "busy"),
        reply(503, "text/plain", "busy"),
        reply(503, "text/plain", "busy"),
        reply(200, "application/json", ADYEN_ANSWER),
    ]);
    let client = adyen_client(&server);
    let key = IdempotencyKey::new("order-3").unwrap();
    let err = run(client.payments(&adyen_request(), &key)).unwrap_err();
    assert!(
        matches!(
            err,
            CallError::Response(ResponseError::Status { status: 503 })
        ),
        "{err:?}"
    );
    assert_eq!(server.finish().len(), 3, "max_attempts");
}

#[test]
fn adyen_error_body_is_typed_and_not_retried() {
    let body = r#"{"status":422,"errorCode":"14_030","errorType":"validation","message":"Return URL is missing.","pspReference":"8816178952380553"}"#;
    let server = Server::start(vec![
        reply(422, "application/json", body),
        reply(200, "application/json", ADYEN_ANSWER),
    ]);
    let client = adyen_client(&server);
    let key = IdempotencyKey::new("order-4").unwrap();
    let err = run(client.payments(&adyen_request(), &key)).unwrap_err();
    let CallError::Response(ResponseError::Provider {
        status: 422,
        body: ErrorBody::Json(found),
    }) = &err
    else {
        panic!("{err:?}");
    };
    assert_eq!(found.code.as_deref(), Some("14_030"));
    assert_eq!(found.reference.as_deref(), Some("8816178952380553"));
    assert_eq!(server.finish().len(), 1, "a 4xx is the provider's answer");
}

#[test]
fn a_status_nobody_described_is_refused() {
    let server = Server::start(vec![reply(404, "text/html", "<html>not here</html>")]);
    let client = adyen_client(&server);
    let key = IdempotencyKey::new("order-5").unwrap();
    let err = run(client.payments(&adyen_request(), &key)).unwrap_err();
    assert!(
        matches!(
            err,
            CallError::Response(ResponseError::Status { status: 404 })
        ),
        "{err:?}"
    );
    server.finish();
}

#[test]
fn an_invalid_request_is_never_sent() {
    let server = Server::start(vec![reply(200, "application/json", ADYEN_ANSWER)]);
    let client = adyen_client(&server);
    let mut request = adyen_request();
    request.return_url = String::new();
    let key = IdempotencyKey::new("order-6").unwrap();
    let err = run(client.payments(&request, &key)).unwrap_err();
    assert!(matches!(err, CallError::Request(_)), "{err:?}");
    assert!(server.finish().is_empty());
}

#[test]
fn an_unreachable_server_is_a_transport_error() {
    // A port that was just free: nothing listens there.
    let addr = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let client = pspec::adyen::Client::with_config(
        pspec::adyen::Environment::Custom(format!("http://{addr}/v71")),
        pspec::adyen::Credentials::new("k"),
        config(),
    )
    .unwrap();
    let key = IdempotencyKey::new("order-7").unwrap();
    let err = run(client.payments(&adyen_request(), &key)).unwrap_err();
    assert!(matches!(err, CallError::Transport(_)), "{err:?}");
}

// ---------------------------------------------------------------------------------- Monext

fn monext_client(server: &Server) -> pspec::monext::Client {
    pspec::monext::Client::with_config(
        pspec::monext::Environment::Custom(server.base("/V4/services")),
        pspec::monext::Credentials::new("merchant-42", "access-key"),
        config(),
    )
    .expect("client")
}

const MONEXT_ANSWER: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>
<impl:doWebPaymentResponse xmlns:impl="http://impl.ws.payline.experian.com" xmlns:obj="http://obj.ws.payline.experian.com">
<impl:result><obj:code>00000</obj:code><obj:shortMessage>ACCEPTED</obj:shortMessage><obj:longMessage>Transaction approved</obj:longMessage></impl:result>
<impl:token>1f8nZ4Wm2aNx1</impl:token><impl:redirectURL>https://homologation-webpayment.payline.com/v2/?token=1f8nZ4Wm2aNx1</impl:redirectURL>
</impl:doWebPaymentResponse></soap:Body></soap:Envelope>"#;

const MONEXT_FAULT: &str = r#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>soap:Server</faultcode><faultstring>Internal error</faultstring></soap:Fault></soap:Body></soap:Envelope>"#;

#[test]
fn monext_do_web_payment_succeeds_with_basic_auth_and_soap_action() {
    let server = Server::start(vec![reply(200, "text/xml", MONEXT_ANSWER)]);
    let client = monext_client(&server);
    let answer = run(client.do_web_payment(&samples::monext_do_web_payment())).expect("answer");
    assert_eq!(answer.token.as_deref(), Some("1f8nZ4Wm2aNx1"));
    assert_eq!(answer.outcome(), pspec::runtime::Outcome::Pending);
    let seen = server.finish();
    let request = &seen[0];
    assert_eq!(request.path, "/V4/services/WebPaymentAPI");
    assert_eq!(request.header("soapaction"), Some("\"doWebPayment\""));
    // base64("merchant-42:access-key")
    assert_eq!(
        request.header("authorization"),
        Some("Basic bWVyY2hhbnQtNDI6YWNjZXNzLWtleQ==")
    );
    assert!(String::from_utf8_lossy(&request.body).contains("<impl:doWebPaymentRequest>"));
}

#[test]
fn monext_do_web_payment_is_not_retried() {
    let server = Server::start(vec![
        reply(503, "text/plain", "busy"),
        reply(200, "text/xml", MONEXT_ANSWER),
    ]);
    let client = monext_client(&server);
    let err = run(client.do_web_payment(&samples::monext_do_web_payment())).unwrap_err();
    assert!(
        matches!(
            err,
            CallError::Response(ResponseError::Status { status: 503 })
        ),
        "{err:?}"
    );
    assert_eq!(server.finish().len(), 1, "not retryable: one attempt");
}

#[test]
fn monext_get_web_payment_details_is_retried() {
    let details = include_str!("fixtures/wire/monext-get-web-payment-details-response.xml");
    let server = Server::start(vec![
        reply(502, "text/plain", "bad gateway"),
        reply(200, "text/xml", details),
    ]);
    let client = monext_client(&server);
    let request = pspec::monext::GetWebPaymentDetailsRequest::new("34", "1f8nZ4Wm2aNx1");
    run(client.get_web_payment_details(&request)).expect("answer after one retry");
    let seen = server.finish();
    assert_eq!(seen.len(), 2);
    assert_eq!(
        seen[1].header("soapaction"),
        Some("\"getWebPaymentDetails\"")
    );
}

#[test]
fn monext_soap_fault_is_typed() {
    let server = Server::start(vec![reply(500, "text/xml", MONEXT_FAULT)]);
    let client = monext_client(&server);
    let err = run(client.do_web_payment(&samples::monext_do_web_payment())).unwrap_err();
    let CallError::Response(ResponseError::Provider {
        status: 500,
        body: ErrorBody::SoapFault(fault),
    }) = &err
    else {
        panic!("{err:?}");
    };
    assert_eq!(
        (fault.code.as_str(), fault.message.as_str()),
        ("soap:Server", "Internal error")
    );
    server.finish();
}

#[test]
fn monext_refund_goes_to_direct_payment_api() {
    let answer = r#"<Envelope><Body><doRefundResponse><result><code>00000</code><shortMessage>ACCEPTED</shortMessage></result><transaction><id>G24011910351053103</id><date>20/01/2024 09:00:00</date></transaction></doRefundResponse></Body></Envelope>"#;
    let server = Server::start(vec![reply(200, "text/xml", answer)]);
    let client = monext_client(&server);
    let request = pspec::monext::DoRefundRequest::new(
        "34",
        "G24011910351053102",
        pspec::monext::DoRefundPayment::new(
            pspec::runtime::Money::new(500, pspec::runtime::Currency::EUR),
            "PAYCONIQFP",
        ),
    );
    let answer = run(client.do_refund(&request)).expect("refund answer");
    assert_eq!(answer.outcome(), pspec::runtime::Outcome::Success);
    let seen = server.finish();
    assert_eq!(seen[0].path, "/V4/services/DirectPaymentAPI");
    assert_eq!(seen[0].header("soapaction"), Some("\"doRefund\""));
}

// -------------------------------------------------------------------------------- Computop

use pspec::runtime::computop_crypto::{BlowfishKey, Cipher, HmacKey, encode_pairs, response_mac};

const HMAC_PASSWORD: &str = "h8G!s2Q*rT4=kP9[zY6]mN3(xB7)cV5w";
const BLOWFISH_PASSWORD: &str = "X*b89Q=eG!s23rJ[";

fn computop_cipher() -> Cipher {
    Cipher::new(&BlowfishKey::new(BLOWFISH_PASSWORD)).expect("16-byte key")
}

fn computop_client(server: &Server) -> pspec::computop::Client {
    pspec::computop::Client::with_config(
        pspec::computop::Environment::Custom(server.base("")),
        pspec::computop::Credentials::new(HMAC_PASSWORD, BLOWFISH_PASSWORD).expect("16-byte key"),
        config(),
    )
    .expect("client")
}

fn reverse_request() -> pspec::computop::ReverseRequest {
    pspec::computop::ReverseRequest::new(
        "Shop1",
        "5d8e3c1f9a7b4e2d8c6a0b1f3e5d7c9a",
        "T-1",
        pspec::runtime::Money::new(1000, pspec::runtime::Currency::EUR),
    )
}

/// Paygate's answer to a reverse: the request opened with the test key, then an answer
/// echoing it, signed with `hmac_password` and sealed.
fn paygate_answer(hmac_password: &'static str, code: &'static str) -> Reply {
    Box::new(move |seen: &Seen| {
        let text = String::from_utf8_lossy(&seen.body).into_owned();
        let opened = pspec::runtime::wire::form::open(text.as_bytes(), &computop_cipher())
            .expect("the client's request opens under the test key");
        let get = |name: &str| {
            opened
                .text(name, pspec::runtime::wire::KeyCase::Insensitive)
                .unwrap_or("")
                .to_owned()
        };
        let (pay_id, trans_id, mid) = (get("PayID"), get("TransID"), get("MerchantID"));
        let mac = response_mac(
            &HmacKey::new(hmac_password),
            &pay_id,
            &trans_id,
            &mid,
            "OK",
            code,
        );
        let pairs = [
            ("mid", mid.as_str()),
            ("PayID", pay_id.as_str()),
            ("XID", "a1b2c3d4e5f60718293a4b5c6d7e8f90"),
            ("TransID", trans_id.as_str()),
            ("Status", "OK"),
            ("Description", "success"),
            ("Code", code),
            ("MAC", mac.as_str()),
        ];
        let envelope = computop_cipher().encrypt(&encode_pairs(&pairs));
        (
            200,
            "text/plain",
            format!("Len={}&Data={}", envelope.len, envelope.data).into_bytes(),
        )
    })
}

#[test]
fn computop_reverse_is_sealed_and_its_answer_verified() {
    let server = Server::start(vec![paygate_answer(HMAC_PASSWORD, "00000000")]);
    let client = computop_client(&server);
    let answer = run(client.reverse(&reverse_request())).expect("verified answer");
    assert_eq!(answer.code.code(), "00000000");
    let seen = server.finish();
    assert_eq!(seen[0].path, "/reverse.aspx");
    assert_eq!(
        seen[0].header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    let body = String::from_utf8_lossy(&seen[0].body);
    assert!(body.starts_with("MerchantID=Shop1&Len="), "{body}");
    assert!(!body.contains("T-1"), "the TransID travels encrypted");
}

#[test]
fn computop_answer_signed_with_another_key_is_refused_and_not_retried() {
    let server = Server::start(vec![
        paygate_answer("another-hmac-password", "00000000"),
        paygate_answer(HMAC_PASSWORD, "00000000"),
    ]);
    let client = computop_client(&server);
    let err = run(client.reverse(&reverse_request())).unwrap_err();
    assert!(
        matches!(
            err,
            CallError::Response(ResponseError::Verify(
                pspec::runtime::wire::form::VerifyError::MacWrong { .. }
            ))
        ),
        "{err:?}"
    );
    assert_eq!(server.finish().len(), 1);
}

// --------------------------------------------------------------- acmehttp, acmemac (golden)

// The golden fixtures whose HTTP layer is YAML alone: HTTP Basic with an idempotency header,
// a JSON error body, a JSON and an unsigned form operation (acmehttp); a signed form without
// an envelope under `mac_in_body` (acmemac).
#[allow(dead_code, unused_imports)]
#[rustfmt::skip]
#[path = "golden/acmehttp/generated/src/gen/acmehttp/mod.rs"]
mod acmehttp;

#[allow(dead_code, unused_imports)]
#[rustfmt::skip]
#[path = "golden/acmehttp/generated/src/gen/acmemac/mod.rs"]
mod acmemac;

use pspec::runtime::mac::{HmacKey as AcmeKey, hmac_sha256_hex};

fn acme_client(server: &Server) -> acmehttp::Client {
    acmehttp::Client::with_config(
        acmehttp::Environment::Custom(server.base("/api")),
        acmehttp::Credentials::new("M42", "acme-access-key"),
        config(),
    )
    .expect("client")
}

#[test]
fn a_yaml_only_provider_fills_its_placeholders_safely() {
    let live = acmehttp::Environment::Live {
        region: "eu".into(),
        shop_id: "shop-7".into(),
    };
    assert_eq!(
        live.base_url().unwrap(),
        "https://eu.shop-7.acme.example/api"
    );
    let hostile = acmehttp::Environment::Live {
        region: "evil.example/x".into(),
        shop_id: "s".into(),
    };
    assert!(hostile.base_url().is_err());
}

#[test]
fn a_yaml_only_provider_calls_json_and_form_operations() {
    let server = Server::start(vec![
        reply(
            200,
            "application/json",
            r#"{"orderId":"O-1","status":"OK"}"#,
        ),
        reply(
            200,
            "application/x-www-form-urlencoded",
            "OrderId=O-1&Status=PAID",
        ),
        reply(
            409,
            "application/json",
            r#"{"error":"duplicate","detail":"seen"}"#,
        ),
    ]);
    let client = acme_client(&server);
    let key = IdempotencyKey::new("req-1").unwrap();
    let pay = acmehttp::PayRequest::new("O-1", 1250);
    assert_eq!(run(client.pay(&pay, &key)).unwrap().status, "OK");
    let status = acmehttp::StatusRequest::new("O-1");
    assert_eq!(run(client.status(&status, &key)).unwrap().status, "PAID");
    let err = run(client.pay(&pay, &key)).unwrap_err();
    let CallError::Response(ResponseError::Provider {
        status: 409,
        body: ErrorBody::Json(found),
    }) = &err
    else {
        panic!("{err:?}");
    };
    assert_eq!(
        (found.code.as_deref(), found.message.as_deref()),
        (Some("duplicate"), Some("seen"))
    );
    let seen = server.finish();
    assert_eq!(seen[0].path, "/api/pay");
    assert_eq!(seen[0].header("x-request-id"), Some("req-1"));
    // base64("M42:acme-access-key")
    assert_eq!(
        seen[0].header("authorization"),
        Some("Basic TTQyOmFjbWUtYWNjZXNzLWtleQ==")
    );
    assert_eq!(seen[1].path, "/api/status");
    assert_eq!(seen[1].body, b"OrderId=O-1");
    // An idempotency key longer than the spec's 16 characters is refused before sending.
    let long = IdempotencyKey::new("x".repeat(17)).unwrap();
    assert!(matches!(
        run(client.pay(&pay, &long)),
        Err(CallError::Request(
            pspec::runtime::http::RequestError::IdempotencyKey { max: Some(16) }
        ))
    ));
}

fn acme_mac_server_answer(key: &'static str, status: &'static str) -> Reply {
    Box::new(move |seen: &Seen| {
        let body = String::from_utf8_lossy(&seen.body).into_owned();
        let mac = hmac_sha256_hex(&AcmeKey::new(key), &format!("M42|O-1|{status}"));
        assert!(
            body.contains("Signature="),
            "the request goes out signed: {body}"
        );
        let answer = format!("MerchantId=M42&OrderId=O-1&Status={status}&Signature={mac}");
        (
            200,
            "application/x-www-form-urlencoded",
            answer.into_bytes(),
        )
    })
}

#[test]
fn a_signed_form_provider_signs_requests_and_verifies_answers() {
    let server = Server::start(vec![
        acme_mac_server_answer("acme-hmac", "OK"),
        acme_mac_server_answer("another-key", "OK"),
    ]);
    let client = acmemac::Client::with_config(
        acmemac::Environment::Custom(server.base("")),
        acmemac::Credentials::new("acme-hmac"),
        config(),
    )
    .unwrap();
    let request = acmemac::PayRequest::new("M42", "O-1", 1250);
    let answer = run(client.pay(&request)).expect("a genuine answer");
    assert_eq!(answer.status, acmemac::PayStatus::Ok);
    let err = run(client.pay(&request)).unwrap_err();
    assert!(
        matches!(
            err,
            CallError::Response(ResponseError::Verify(
                pspec::runtime::wire::form::VerifyError::MacWrong { .. }
            ))
        ),
        "{err:?}"
    );
    let seen = server.finish();
    let mac = hmac_sha256_hex(&AcmeKey::new("acme-hmac"), "M42|O-1|1250");
    assert_eq!(
        String::from_utf8_lossy(&seen[0].body),
        format!("MerchantId=M42&OrderId=O-1&Amount=1250&Signature={mac}")
    );
    assert_eq!(seen[0].header("authorization"), None);
}
