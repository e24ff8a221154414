//! End-to-end tests of `pspec serve` over loopback: each test starts the built binary as a
//! child (`--addr 127.0.0.1:0`), reads the port from its first line, drives every operation
//! of a provider with the generated crate's encoders over HTTP, and checks the answers with
//! the generated crate's verified decoders, as an app would. Notifies and webhooks come to
//! the test's own loopback listener (`--notify-to`) and are checked there, genuine, tampered
//! and forged.
//!
//! Every wait is bounded (the first line, every HTTP call, every notify); the child is killed
//! when its guard drops, also when an assertion fails. Nothing listens beyond 127.0.0.1.

use std::io::{BufRead as _, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::routing::post;
use base64::Engine as _;
use pspec::adyen::{
    PaymentsDetailsRequest, PaymentsDetailsRequestDetails, PaymentsDetailsResponse,
    PaymentsRequest, PaymentsResponse, WebhookResponse,
};
use pspec::computop::{
    CreditRequest, CreditResponse, QrcodeRequest, QrcodeResponse, QuickpayRequest,
    QuickpayResponse, ReverseRequest, ReverseResponse, WechatChannel, WechatRequest,
    WechatResponse,
};
use pspec::monext::{
    DoRefundPayment, DoRefundRequest, DoRefundResponse, DoWebPaymentRequest, DoWebPaymentResponse,
    GetWebPaymentDetailsRequest, GetWebPaymentDetailsResponse,
};
use pspec::runtime::Outcome;
use pspec::runtime::computop_crypto::{BlowfishKey, Cipher};
use pspec::runtime::mac::HmacKey;
use pspec::runtime::wire::form::{self, VerifyError};
use pspec::runtime::wire::{KeyCase, WireObject};

#[path = "../../tests/support/samples.rs"]
#[allow(dead_code)]
mod samples;

const HMAC: &str = "e2e-hmac-password";
const BLOWFISH: &str = "e2e-blowfish";
const ADYEN_API_KEY: &str = "e2e-adyen-api-key";
/// facts.md's worked example key.
const ADYEN_HMAC: &str = "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056";
const MONEXT_ID: &str = "e2e-merchant";
const MONEXT_KEY: &str = "e2e-access-key";

/// How long any one step may take before the test fails (not a speed goal: a bound, so a
/// hung server fails the test instead of hanging CI).
const WAIT: Duration = Duration::from_secs(30);

/// Every credential the simulator reads.
fn credentials() -> Vec<(&'static str, &'static str)> {
    vec![
        ("PSPEC_HMAC_KEY", HMAC),
        ("PSPEC_BLOWFISH_KEY", BLOWFISH),
        ("PSPEC_ADYEN_API_KEY", ADYEN_API_KEY),
        ("PSPEC_ADYEN_HMAC_KEY", ADYEN_HMAC),
        ("PSPEC_MONEXT_MERCHANT_ID", MONEXT_ID),
        ("PSPEC_MONEXT_ACCESS_KEY", MONEXT_KEY),
    ]
}

/// A running `pspec serve`, killed on drop.
struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The `pspec` command with only the given `PSPEC_*` variables.
fn command(env: &[(&str, &str)]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_pspec"));
    for (name, _) in credentials() {
        command.env_remove(name);
    }
    command.envs(env.iter().copied()).stdin(Stdio::null());
    command
}

/// Starts the simulator; returns once its first line named the port.
fn start(notify_to: Option<&str>) -> Server {
    let mut command = command(&credentials());
    command.args(["serve", "--addr", "127.0.0.1:0"]);
    if let Some(url) = notify_to {
        command.args(["--notify-to", url]);
    }
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start pspec serve");
    let stdout = child.stdout.take().expect("the child's stdout");
    let mut server = Server {
        child,
        base: String::new(),
    };
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = sender.send(line);
    });
    let line = receiver
        .recv_timeout(WAIT)
        .expect("pspec serve prints its first line");
    let base = line
        .trim_end()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"));
    assert!(base.starts_with("http://127.0.0.1:"), "{base}");
    server.base = base.to_owned();
    server
}

/// A loopback listener standing in for the app's notify URL: every body POSTed to it.
async fn listener() -> (String, tokio::sync::mpsc::Receiver<Vec<u8>>) {
    let (sender, receiver) = tokio::sync::mpsc::channel(64);
    let app = Router::new().route(
        "/notify",
        post(move |body: Bytes| {
            let sender = sender.clone();
            async move {
                let _ = sender.send(body.to_vec()).await;
                "[accepted]"
            }
        }),
    );
    let socket = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind the notify listener");
    let url = format!(
        "http://{}/notify",
        socket.local_addr().expect("its address")
    );
    tokio::spawn(async move {
        let _ = axum::serve(socket, app).await;
    });
    (url, receiver)
}

/// The next notify, within [`WAIT`].
async fn next(notifies: &mut tokio::sync::mpsc::Receiver<Vec<u8>>) -> Vec<u8> {
    tokio::time::timeout(WAIT, notifies.recv())
        .await
        .expect("a notify within the wait")
        .expect("the listener is up")
}

/// An HTTP client that shows redirects instead of following them.
fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .timeout(WAIT)
        .build()
        .expect("client")
}

fn keys() -> (HmacKey, Cipher) {
    (
        HmacKey::new(HMAC),
        Cipher::new(&BlowfishKey::new(BLOWFISH)).expect("Blowfish key"),
    )
}

/// A Computop request tree from its wire pairs.
fn wire(pairs: &[(&str, &str)]) -> WireObject {
    pairs.iter().copied().collect()
}

/// POSTs a form body; returns the status, the Location header and the body.
async fn post_form(url: &str, body: String) -> (u16, Option<String>, String) {
    let response = client()
        .post(url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .expect("the simulator answers");
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get("location")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let text = response.text().await.expect("a text body");
    (status, location, text)
}

/// An in-app request: without the W2A fields and `UserData`.
fn without_w2a_fields(mut request: WechatRequest) -> WechatRequest {
    request.shop_system = None;
    request.shop_name = None;
    request.shop_url = None;
    request.user_data = None;
    request
}

fn wechat(trans_id: &str, channel: WechatChannel) -> WechatRequest {
    let mut request = samples::computop_wechat_w2a();
    request.trans_id = trans_id.into();
    request.channel = channel;
    request.user_data = Some("cart=42".into());
    request
}

#[tokio::test]
async fn computop_every_call_is_verified_and_answered_in_its_envelope() {
    let (notify_url, mut notifies) = listener().await;
    let server = start(Some(&notify_url));
    let (hmac, cipher) = keys();
    let url = |path: &str| format!("{}{path}", server.base);

    // A page call (W2A): 303 to URLSuccess carrying Len and Data, then the notify.
    let request = wechat("TID-PAGE-1", WechatChannel::W2a);
    let sealed = request.to_envelope(&hmac, &cipher).expect("seal");
    let (status, location, _) = post_form(&url("/wechat.aspx"), sealed.to_query()).await;
    assert_eq!(status, 303);
    let location = location.expect("a Location");
    let (target, query) = location.split_once('?').expect("Len and Data in the query");
    assert_eq!(target, request.url_success);
    let answer = WechatResponse::from_query_for(query, &request, &hmac, &cipher)
        .expect("the redirect verifies");
    assert_eq!(answer.outcome(), Outcome::Success);
    assert_eq!(answer.user_data.as_deref(), Some("cart=42"));
    let notify = next(&mut notifies).await;
    let notified = WechatResponse::from_query_for(&notify, &request, &hmac, &cipher)
        .expect("the notify verifies");
    assert_eq!(notified.pay_id, answer.pay_id);
    // Tampered: one hex digit of Data changed.
    let text = String::from_utf8(notify).expect("ascii");
    let flipped = if text.ends_with('0') { "1" } else { "0" };
    let tampered = format!("{}{flipped}", &text[..text.len() - 1]);
    assert!(WechatResponse::from_query_for(&tampered, &request, &hmac, &cipher).is_err());

    // A refusal chosen by the reference: URLFailure; forging a success from it (re-encrypted
    // with the Blowfish key, without the HMAC password) is refused by the app side.
    let request = wechat("REFUSE-PAGE-2", WechatChannel::W2a);
    let sealed = request.to_envelope(&hmac, &cipher).expect("seal");
    let (status, location, _) = post_form(&url("/wechat.aspx"), sealed.to_query()).await;
    assert_eq!(status, 303);
    let location = location.expect("a Location");
    let (target, query) = location.split_once('?').expect("Len and Data");
    assert_eq!(target, request.url_failure);
    let refused = WechatResponse::from_query_for(query, &request, &hmac, &cipher)
        .expect("the refusal verifies");
    assert_eq!(refused.code.code(), "22000006");
    assert_ne!(refused.outcome(), Outcome::Success);
    let notify = next(&mut notifies).await;
    let mut forged = form::open(&notify, &cipher).expect("the attacker can decrypt");
    forged.set_with("Code", "00000000", KeyCase::Insensitive);
    forged.set_with("Status", "OK", KeyCase::Insensitive);
    let envelope = cipher.encrypt(&form::to_plain(&forged).expect("plain"));
    let forged = format!("Len={}&Data={}", envelope.len, envelope.data);
    assert!(matches!(
        WechatResponse::from_query_for(&forged, &request, &hmac, &cipher),
        Err(VerifyError::MacWrong { .. })
    ));
    // A notify in clear, without a MAC, is refused too.
    let clear = format!(
        "mid=Test_Merchant&PayID={}&XID={}&TransID=REFUSE-PAGE-2&Status=OK&Description=ok&Code=00000000",
        "A".repeat(32),
        "B".repeat(32)
    );
    assert!(WechatResponse::from_query_for(&clear, &request, &hmac, &cipher).is_err());

    // In-app (server to server): the answer is the body, with a PrepayID; then the notify.
    let app = wechat("TID-APP-3", WechatChannel::App);
    let app = without_w2a_fields(app);
    let sealed = app.to_envelope(&hmac, &cipher).expect("seal");
    let (status, _, body) = post_form(&url("/wechat.aspx"), sealed.to_query()).await;
    assert_eq!(status, 200);
    let paid = WechatResponse::from_query_for(&body, &app, &hmac, &cipher).expect("verifies");
    assert_eq!(paid.outcome(), Outcome::Success);
    assert!(paid.prepay_id.is_some());
    let notify = next(&mut notifies).await;
    WechatResponse::from_query_for(&notify, &app, &hmac, &cipher).expect("notify verifies");

    // QR code (server mode): the QR code URL, then the notify.
    let qr = QrcodeRequest::from_wire(&wire(&[
        ("MerchantID", "Test_Merchant"),
        ("TransID", "TID-QR-4"),
        ("Amount", "250"),
        ("Currency", "CNY"),
        ("OrderDesc", "Tea"),
        ("URLNotify", "https://shop.example/notify"),
    ]))
    .expect("a QR code request");
    let sealed = qr.to_envelope(&hmac, &cipher).expect("seal");
    let (status, _, body) = post_form(&url("/WechatQRCode.aspx"), sealed.to_query()).await;
    assert_eq!(status, 200);
    let answer = QrcodeResponse::from_query_for(&body, &qr, &hmac, &cipher).expect("verifies");
    assert!(answer.qr_code_url.is_some());
    let notify = next(&mut notifies).await;
    QrcodeResponse::from_query_for(&notify, &qr, &hmac, &cipher).expect("notify verifies");

    // Quickpay, then its reversal; a second reversal does not fit any more.
    let quick = QuickpayRequest::from_wire(&wire(&[
        ("MerchantID", "Test_Merchant"),
        ("TransID", "TID-QUICK-5"),
        ("Amount", "300"),
        ("Currency", "CNY"),
        ("OrderDesc", "Coffee"),
        ("BuyerIDcode", &"1".repeat(128)),
    ]))
    .expect("a quickpay request");
    let sealed = quick.to_envelope(&hmac, &cipher).expect("seal");
    let (_, _, body) = post_form(&url("/WechatQuickpay.aspx"), sealed.to_query()).await;
    let charged =
        QuickpayResponse::from_query_for(&body, &quick, &hmac, &cipher).expect("verifies");
    assert_eq!(charged.outcome(), Outcome::Success);
    let reverse = ReverseRequest::from_wire(&wire(&[
        ("MerchantID", "Test_Merchant"),
        ("PayID", &charged.pay_id),
        ("TransID", "TID-QUICK-5"),
        ("Amount", "300"),
        ("Currency", "CNY"),
    ]))
    .expect("a reverse request");
    for expected in ["00000000", "21000005"] {
        let sealed = reverse.to_envelope(&hmac, &cipher).expect("seal");
        let (_, _, body) = post_form(&url("/reverse.aspx"), sealed.to_query()).await;
        let answer =
            ReverseResponse::from_query_for(&body, &reverse, &hmac, &cipher).expect("verifies");
        assert_eq!(answer.code.code(), expected);
    }

    // Credits on the in-app payment: 60 of 100, then 60 more is too much; an unknown PayID.
    let credit = |pay_id: &str| {
        CreditRequest::from_wire(&wire(&[
            ("MerchantID", "Test_Merchant"),
            ("PayID", pay_id),
            ("TransID", "TID-APP-3"),
            ("Amount", "60"),
            ("Currency", "CNY"),
        ]))
        .expect("a credit request")
    };
    let unknown = "0".repeat(32);
    for (pay_id, expected) in [
        (paid.pay_id.as_str(), "00000000"),
        (paid.pay_id.as_str(), "21000005"),
        (unknown.as_str(), "21000004"),
    ] {
        let request = credit(pay_id);
        let sealed = request.to_envelope(&hmac, &cipher).expect("seal");
        let (_, _, body) = post_form(&url("/credit.aspx"), sealed.to_query()).await;
        let answer =
            CreditResponse::from_query_for(&body, &request, &hmac, &cipher).expect("verifies");
        assert_eq!(answer.code.code(), expected, "credit on {pay_id}");
    }

    // An invalid request (a character OrderDesc forbids): the format error, verified.
    let mut invalid = wechat("TID-BAD-6", WechatChannel::W2a);
    invalid.order_desc = "50% off #1".into();
    let sealed = invalid.to_envelope(&hmac, &cipher).expect("seal");
    let (status, _, body) = post_form(&url("/wechat.aspx"), sealed.to_query()).await;
    assert_eq!(status, 200);
    let answer = WechatResponse::from_query_unverified(&body, &cipher).expect("readable");
    assert_eq!(answer.code.code(), "21000003");
    assert!(
        answer.description.contains("OrderDesc"),
        "{}",
        answer.description
    );

    // Wrong HMAC password: refused (21000001); the app's own key cannot verify the answer.
    let wrong = HmacKey::new("not-the-password");
    let request = wechat("TID-KEY-7", WechatChannel::W2a);
    let sealed = request.to_envelope(&wrong, &cipher).expect("seal");
    let (status, _, body) = post_form(&url("/wechat.aspx"), sealed.to_query()).await;
    assert_eq!(status, 200);
    assert!(matches!(
        WechatResponse::from_query(&body, &wrong, &cipher),
        Err(VerifyError::MacWrong { .. })
    ));
    let answer = WechatResponse::from_query(&body, &hmac, &cipher).expect("Paygate's own MAC");
    assert_eq!(answer.code.code(), "21000001");
    // Wrong Blowfish password: answered in clear, which nothing vouches for.
    let other = Cipher::new(&BlowfishKey::new("another-key")).expect("key");
    let sealed = request.to_envelope(&hmac, &other).expect("seal");
    let (_, _, body) = post_form(&url("/wechat.aspx"), sealed.to_query()).await;
    assert!(body.contains("Code=21000002"), "{body}");
    assert!(WechatResponse::from_query(&body, &hmac, &cipher).is_err());
    // Parameters in clear, however well signed, are not a Paygate request.
    let mut clear = request.to_wire();
    form::sign_with(&mut clear, &hmac, &WechatRequest::MAC);
    let clear = form::to_form(&clear).expect("a form");
    let (_, _, body) = post_form(&url("/wechat.aspx"), clear).await;
    assert!(body.contains("Code=21000002"), "{body}");
}

/// A Monext SOAP call; the status and the body.
async fn soap(
    server: &Server,
    service: &str,
    action: Option<&str>,
    credentials: Option<(&str, &str)>,
    body: String,
) -> (u16, String) {
    let mut call = client()
        .post(format!("{}/V4/services/{service}", server.base))
        .header("content-type", "text/xml; charset=utf-8")
        .body(body);
    if let Some(action) = action {
        call = call.header("SOAPAction", action);
    }
    if let Some((user, password)) = credentials {
        let token = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
        call = call.header("authorization", format!("Basic {token}"));
    }
    let response = call.send().await.expect("the simulator answers");
    let status = response.status().as_u16();
    (status, response.text().await.expect("a text body"))
}

const MONEXT: Option<(&str, &str)> = Some((MONEXT_ID, MONEXT_KEY));

/// Opens a session; its token and redirect URL.
async fn open_session(server: &Server, request: &DoWebPaymentRequest) -> (String, String) {
    let body = request.to_soap().expect("SOAP");
    let (status, xml) = soap(server, "WebPaymentAPI", Some("doWebPayment"), MONEXT, body).await;
    assert_eq!(status, 200, "{xml}");
    let answer = DoWebPaymentResponse::from_soap(&xml).expect("a doWebPayment answer");
    answer.validate_with_request(request).expect("valid");
    assert_eq!(answer.result.code.code(), "00000");
    (
        answer.token.expect("a token"),
        answer.redirect_url.expect("a redirect URL"),
    )
}

/// The session's details, as the app reads them.
async fn details(server: &Server, token: &str) -> GetWebPaymentDetailsResponse {
    let request = GetWebPaymentDetailsRequest::new("34", token);
    // Without SOAPAction: the operation comes from the body.
    let body = request.to_soap().expect("SOAP");
    let (status, xml) = soap(server, "WebPaymentAPI", None, MONEXT, body).await;
    assert_eq!(status, 200, "{xml}");
    let answer = GetWebPaymentDetailsResponse::from_soap(&xml).expect("a details answer");
    answer.validate_with_request(&request).expect("valid");
    answer
}

/// Presses a button of the payment page; where it redirects.
async fn press(url: &str, choice: &str) -> String {
    let response = client()
        .get(format!("{url}?choice={choice}"))
        .send()
        .await
        .expect("the page answers");
    assert_eq!(response.status().as_u16(), 303);
    response
        .headers()
        .get("location")
        .and_then(|value| value.to_str().ok())
        .expect("a Location")
        .to_owned()
}

#[tokio::test]
async fn monext_sessions_follow_the_documents_test_rules() {
    let server = start(None);
    let request = samples::monext_do_web_payment();

    // MAKE A PAYMENT: 02533 before the page, 02306 on it, 00000 ACCEPTED after.
    let (token, page) = open_session(&server, &request).await;
    assert_eq!(details(&server, &token).await.result.code.code(), "02533");
    let shown = client().get(&page).send().await.expect("the page");
    assert_eq!(shown.status().as_u16(), 200);
    assert!(shown.text().await.expect("html").contains("MAKE A PAYMENT"));
    let answer = details(&server, &token).await;
    assert_eq!(answer.result.code.code(), "02306");
    assert_eq!(answer.outcome(), Outcome::Pending);
    assert_eq!(press(&page, "pay").await, request.return_url);
    let answer = details(&server, &token).await;
    assert_eq!(answer.result.code.code(), "00000");
    assert_eq!(answer.outcome(), Outcome::Success);
    answer
        .check_against(&request)
        .expect("the answer echoes the payment");
    let paid = transaction_id(&answer);

    // ABORT: 02008 CANCELLED, and the buyer goes to cancelURL.
    let (token, page) = open_session(&server, &request).await;
    assert_eq!(press(&page, "abort").await, request.cancel_url);
    let answer = details(&server, &token).await;
    assert_eq!(answer.result.code.code(), "02008");
    assert_eq!(answer.outcome(), Outcome::Cancelled);
    let aborted = transaction_id(&answer);

    // A refusal chosen by order.ref.
    let mut refused = request.clone();
    refused.order.r#ref = "REFUSE-ORDER-2".into();
    let (token, page) = open_session(&server, &refused).await;
    press(&page, "pay").await;
    let answer = details(&server, &token).await;
    assert_eq!(answer.result.code.code(), "02020");
    assert_eq!(answer.outcome(), Outcome::Refused);

    // An unknown token.
    assert_eq!(
        details(&server, "00000000000000000000")
            .await
            .result
            .code
            .code(),
        "02304"
    );

    // An invalid request: 02305 naming the field.
    // (A `Currency` holds ISO 4217 codes only, so the bad one is written into the text.)
    let invalid = request
        .to_soap()
        .expect("SOAP")
        .replacen(">978<", ">9780<", 1);
    assert!(invalid.contains(">9780<"));
    let (status, xml) = soap(
        &server,
        "WebPaymentAPI",
        Some("doWebPayment"),
        MONEXT,
        invalid,
    )
    .await;
    assert_eq!(status, 200);
    let answer = DoWebPaymentResponse::from_soap(&xml).expect("an answer");
    assert_eq!(answer.result.code.code(), "02305");
    assert!(
        answer
            .result
            .long_message
            .as_deref()
            .unwrap_or_default()
            .contains("payment.currency"),
        "{xml}"
    );

    // Wrong or missing credentials: 401.
    let body = request.to_soap().expect("SOAP");
    for credentials in [
        None,
        Some((MONEXT_ID, "wrong")),
        Some(("someone", MONEXT_KEY)),
    ] {
        let (status, _) = soap(
            &server,
            "WebPaymentAPI",
            Some("doWebPayment"),
            credentials,
            body.clone(),
        )
        .await;
        assert_eq!(status, 401, "{credentials:?}");
    }

    // Not a SOAP request of the operation: a SOAP fault, which the decoder reports.
    let (status, xml) = soap(
        &server,
        "WebPaymentAPI",
        Some("doWebPayment"),
        MONEXT,
        "<not-soap/>".into(),
    )
    .await;
    assert_eq!(status, 500);
    assert!(DoWebPaymentResponse::from_soap(&xml).is_err());
    // Refunds (DirectPaymentAPI): part of the paid amount, then more than is left, the rest,
    // an unknown transaction, a payment that was aborted, an invalid action.
    for (transaction, amount, action, expected) in [
        (paid.as_str(), 400, "421", "00000"),
        (paid.as_str(), 700, "421", "02110"),
        (paid.as_str(), 600, "421", "00000"),
        ("UNKNOWN", 100, "421", "02301"),
        (aborted.as_str(), 100, "421", "02302"),
        (paid.as_str(), 100, "101", "02305"),
    ] {
        let body = refund(transaction, amount, action);
        let (status, xml) = soap(&server, "DirectPaymentAPI", Some("doRefund"), MONEXT, body).await;
        assert_eq!(status, 200, "{xml}");
        // Read by the generated type; a valid answer also matches the request it answers.
        let answer = DoRefundResponse::from_soap(&xml).expect("a doRefund answer");
        assert_eq!(
            answer.result.code.code(),
            expected,
            "refund {amount} on {transaction}: {xml}"
        );
    }
    // doRefund lives on DirectPaymentAPI only.
    let body = refund(&paid, 1, "421");
    let (status, _) = soap(&server, "WebPaymentAPI", Some("doRefund"), MONEXT, body).await;
    assert_eq!(status, 500);
}

/// The transaction id of a details answer.
fn transaction_id(answer: &GetWebPaymentDetailsResponse) -> String {
    answer
        .transaction
        .as_ref()
        .and_then(|transaction| transaction.id.clone())
        .expect("a transaction id")
}

/// A doRefund request, built and encoded by the generated crate. `payment.action` is fixed
/// (421) and cannot be set to another value through the type, so a refused `action` is put
/// in the encoded text: what a broken client would send.
fn refund(transaction: &str, amount: u64, action: &str) -> String {
    DoRefundRequest::new(
        "34",
        transaction,
        DoRefundPayment::new(
            pspec::runtime::Money::new(amount, pspec::runtime::Currency::EUR),
            "PAYCONIQFP",
        ),
    )
    .to_soap()
    .expect("SOAP")
    .replace(":action>421</", &format!(":action>{action}</"))
}

/// An Adyen call; the status and the body.
async fn adyen(server: &Server, path: &str, key: Option<&str>, body: String) -> (u16, String) {
    let mut call = client()
        .post(format!("{}/v71{path}", server.base))
        .header("content-type", "application/json")
        .body(body);
    if let Some(key) = key {
        call = call.header("X-API-Key", key);
    }
    let response = call.send().await.expect("the simulator answers");
    let status = response.status().as_u16();
    (status, response.text().await.expect("a text body"))
}

/// A `/payments/details` request.
fn details_request(payment_data: Option<String>, status: &str) -> PaymentsDetailsRequest {
    let mut request = PaymentsDetailsRequest::new(PaymentsDetailsRequestDetails::new(status));
    request.payment_data = payment_data;
    request
}

fn payment(reference: &str) -> PaymentsRequest {
    let mut request = samples::adyen_payments_document_example();
    request.reference = reference.into();
    request.return_url = samples::ADYEN_RETURN_URL.into();
    request
}

/// `/payments` then `/payments/details` with `status`; the details answer.
async fn pay(server: &Server, request: &PaymentsRequest, status: &str) -> PaymentsDetailsResponse {
    let (code, body) = adyen(server, "/payments", Some(ADYEN_API_KEY), request.to_json()).await;
    assert_eq!(code, 200, "{body}");
    let started = PaymentsResponse::from_json(&body).expect("a payments answer");
    started.validate_with_request(request).expect("valid");
    assert_eq!(started.outcome(), Outcome::Pending);
    let package = started
        .redirect
        .as_ref()
        .and_then(|redirect| redirect.data.as_ref())
        .and_then(|data| data.package.as_deref())
        .expect("redirect.data.package");
    assert!(package.starts_with("prepay_id="));
    let details = details_request(started.payment_data.clone(), status);
    let (code, body) = adyen(
        server,
        "/payments/details",
        Some(ADYEN_API_KEY),
        details.to_json(),
    )
    .await;
    assert_eq!(code, 200, "{body}");
    let answer = PaymentsDetailsResponse::from_json(&body).expect("a details answer");
    answer.validate_with_request(&details).expect("valid");
    answer
        .check_against(request)
        .expect("the answer echoes the payment");
    answer
}

#[tokio::test]
async fn adyen_answers_and_signs_its_webhooks() {
    let (notify_url, mut notifies) = listener().await;
    let server = start(Some(&notify_url));
    let key = WebhookResponse::signature_key(ADYEN_HMAC).expect("hex key");

    // Authorised, and a webhook that verifies.
    let request = payment("ORDER-A1");
    let answer = pay(&server, &request, "requestPayment:ok").await;
    assert_eq!(answer.outcome(), Outcome::Success);
    let webhook = next(&mut notifies).await;
    let verified = WebhookResponse::from_json(&webhook, &key).expect("the webhook verifies");
    let item = &verified.notification_items[0].notification_request_item;
    assert_eq!(item.merchant_reference, "ORDER-A1");
    assert_eq!(item.outcome(), Outcome::Success);
    // Tampered (another amount) or without its signature: refused by the app side.
    let text = String::from_utf8(webhook).expect("utf-8");
    let tampered = text.replace("\"value\":1000", "\"value\":1");
    assert_ne!(tampered, text);
    assert!(WebhookResponse::from_json(&tampered, &key).is_err());
    let unsigned = text.replace("hmacSignature", "somethingElse");
    assert!(WebhookResponse::from_json(&unsigned, &key).is_err());
    let other = WebhookResponse::signature_key(&"00".repeat(32)).expect("hex");
    assert!(WebhookResponse::from_json(&text, &other).is_err());

    // Refused by the reference; a forged success from its webhook is refused.
    let answer = pay(&server, &payment("REFUSE-A2"), "requestPayment:ok").await;
    assert_eq!(answer.outcome(), Outcome::Refused);
    let webhook = String::from_utf8(next(&mut notifies).await).expect("utf-8");
    let verified = WebhookResponse::from_json(&webhook, &key).expect("verifies");
    assert_ne!(
        verified.notification_items[0]
            .notification_request_item
            .outcome(),
        Outcome::Success
    );
    let forged = webhook.replace("\"success\":\"false\"", "\"success\":\"true\"");
    assert_ne!(forged, webhook);
    assert!(WebhookResponse::from_json(&forged, &key).is_err());

    // The shopper cancels.
    let answer = pay(&server, &payment("ORDER-A3"), "requestPayment:fail cancel").await;
    assert_eq!(answer.outcome(), Outcome::Cancelled);
    next(&mut notifies).await;

    // Invalid request (no returnUrl): 422 naming the field.
    let mut invalid = payment("ORDER-A4");
    invalid.return_url = String::new();
    let (status, body) = adyen(&server, "/payments", Some(ADYEN_API_KEY), invalid.to_json()).await;
    assert_eq!(status, 422);
    assert!(
        body.contains("\"errorCode\":\"130\"") && body.contains("returnUrl"),
        "{body}"
    );
    // Not JSON: 400.
    let (status, _) = adyen(&server, "/payments", Some(ADYEN_API_KEY), "{".into()).await;
    assert_eq!(status, 400);
    // Unknown paymentData: 422.
    let details = details_request(Some("unknown".into()), "requestPayment:ok");
    let (status, body) = adyen(
        &server,
        "/payments/details",
        Some(ADYEN_API_KEY),
        details.to_json(),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    // Wrong or missing API key: 401 with Adyen's security error.
    for key in [None, Some("wrong-key")] {
        let (status, body) = adyen(&server, "/payments", key, payment("ORDER-A5").to_json()).await;
        assert_eq!(status, 401);
        assert!(body.contains("\"errorType\":\"security\""), "{body}");
    }
}

#[test]
fn serve_refuses_unusable_settings_without_printing_secrets() {
    let output = command(&[])
        .args(["serve", "--addr", "not-an-address"])
        .output()
        .expect("run pspec");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("expected IP:PORT"));

    let output = command(&[("PSPEC_HMAC_KEY", "s3cret-hmac-value")])
        .args(["serve"])
        .output()
        .expect("run pspec");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("PSPEC_BLOWFISH_KEY"), "{stderr}");
    assert!(!stderr.contains("s3cret"), "{stderr}");

    // The key options stand for their variables: half a pair given there is refused too.
    let output = command(&[])
        .args(["serve", "--hmac-key", "s3cret-option-value"])
        .output()
        .expect("run pspec");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("PSPEC_BLOWFISH_KEY"), "{stderr}");
    assert!(!stderr.contains("s3cret"), "{stderr}");

    let output = command(&[])
        .args(["serve", "--help"])
        .output()
        .expect("run");
    let help = String::from_utf8_lossy(&output.stdout);
    assert!(
        help.contains("REFUSE") && help.contains("PSPEC_MONEXT_ACCESS_KEY"),
        "{help}"
    );
}

#[cfg(unix)]
#[test]
fn serve_stops_cleanly_on_sigterm() {
    let mut server = start(None);
    let pid = server.child.id().to_string();
    let status = Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("run kill");
    assert!(status.success());
    // Bounded wait for the exit.
    let mut exited = None;
    for _ in 0..300 {
        if let Some(status) = server.child.try_wait().expect("wait") {
            exited = Some(status);
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(exited.and_then(|status| status.code()), Some(0));
}

/// Issue 13, point 6: the generated clients (`client` feature) against the simulator, every
/// operation of every provider: each request built, signed or authenticated, sent and its
/// answer decoded through the verified path by the crate alone; a refusal and wrong
/// credentials surface as typed errors or outcomes, never as a success.
#[tokio::test]
async fn the_generated_clients_drive_every_operation_against_the_simulator() {
    use pspec::runtime::client::CallError;
    use pspec::runtime::http::{
        ApiKeyCredentials, BasicCredentials, IdempotencyKey, ResponseError,
    };

    let server = start(None);

    // Adyen: /payments then /payments/details, with an idempotency key each.
    let adyen_env = || pspec::adyen::Environment::Custom(format!("{}/v71", server.base));
    let adyen = pspec::adyen::Client::new(adyen_env(), ApiKeyCredentials::new(ADYEN_API_KEY))
        .expect("client");
    let request = payment("ORDER-CLIENT-1");
    let key = |text: &str| IdempotencyKey::new(text).expect("a key");
    let started = adyen
        .payments(&request, &key("client-1"))
        .await
        .expect("payments");
    assert_eq!(started.outcome(), Outcome::Pending);
    let details = details_request(started.payment_data.clone(), "requestPayment:ok");
    let answer = adyen
        .payments_details(&details, &key("client-2"))
        .await
        .expect("payments/details");
    assert_eq!(answer.outcome(), Outcome::Success);
    answer.check_against(&request).expect("echoes the payment");
    // A refusal chosen by the reference is an outcome of the details call, not an error.
    let refusal = payment("REFUSE-CLIENT-2");
    let started = adyen
        .payments(&refusal, &key("client-3"))
        .await
        .expect("payments");
    let details = details_request(started.payment_data.clone(), "requestPayment:ok");
    let refused = adyen
        .payments_details(&details, &key("client-3b"))
        .await
        .expect("answered");
    assert_eq!(refused.outcome(), Outcome::Refused);
    // Wrong API key: the provider's 401 and its error body, typed.
    let wrong = pspec::adyen::Client::new(adyen_env(), ApiKeyCredentials::new("not-the-key"))
        .expect("client");
    match wrong.payments(&request, &key("client-4")).await {
        Err(CallError::Response(ResponseError::Provider { status, .. })) => {
            assert_eq!(status, 401)
        }
        other => panic!("expected Adyen's 401, got {other:?}"),
    }

    // Monext: doWebPayment, the buyer pays on the page, getWebPaymentDetails, doRefund.
    let monext_env = || pspec::monext::Environment::Custom(format!("{}/V4/services", server.base));
    let monext =
        pspec::monext::Client::new(monext_env(), BasicCredentials::new(MONEXT_ID, MONEXT_KEY))
            .expect("client");
    let request = samples::monext_do_web_payment();
    let session = monext.do_web_payment(&request).await.expect("doWebPayment");
    assert_eq!(session.result.code.code(), "00000");
    let token = session.token.clone().expect("a token");
    press(&session.redirect_url.clone().expect("a page"), "pay").await;
    let lookup = GetWebPaymentDetailsRequest::new("34", token);
    let paid = monext
        .get_web_payment_details(&lookup)
        .await
        .expect("getWebPaymentDetails");
    assert_eq!(paid.outcome(), Outcome::Success);
    let refund = DoRefundRequest::new(
        "34",
        transaction_id(&paid),
        DoRefundPayment::new(
            pspec::runtime::Money::new(request.payment.amount, request.payment.currency),
            "PAYCONIQFP",
        ),
    );
    let refunded = monext.do_refund(&refund).await.expect("doRefund");
    assert_eq!(refunded.result.code.code(), "00000");
    // The same refund again exceeds what is left: refused by code, not by error.
    let again = monext.do_refund(&refund).await.expect("answered");
    assert_eq!(again.result.code.code(), "02110");
    // Wrong access key: HTTP 401, an error, never an answer.
    let wrong = pspec::monext::Client::new(
        monext_env(),
        BasicCredentials::new(MONEXT_ID, "not-the-key"),
    )
    .expect("client");
    assert!(matches!(
        wrong.do_web_payment(&request).await,
        Err(CallError::Response(_))
    ));

    // Computop: the server-to-server calls, sealed and verified by the client.
    let computop_env = || pspec::computop::Environment::Custom(server.base.clone());
    let credentials =
        |hmac: &str| pspec::computop::Credentials::new(hmac, BLOWFISH).expect("Blowfish key");
    let computop = pspec::computop::Client::new(computop_env(), credentials(HMAC)).expect("client");
    let app = without_w2a_fields(wechat("TID-CLIENT-APP", WechatChannel::App));
    let paid = computop.wechat(&app).await.expect("wechat in-app");
    assert_eq!(paid.outcome(), Outcome::Success);
    let qr = QrcodeRequest::from_wire(&wire(&[
        ("MerchantID", "Test_Merchant"),
        ("TransID", "TID-CLIENT-QR"),
        ("Amount", "250"),
        ("Currency", "CNY"),
        ("OrderDesc", "Tea"),
        ("URLNotify", "https://shop.example/notify"),
    ]))
    .expect("a QR code request");
    assert!(
        computop
            .qrcode(&qr)
            .await
            .expect("qrcode")
            .qr_code_url
            .is_some()
    );
    let quick = QuickpayRequest::from_wire(&wire(&[
        ("MerchantID", "Test_Merchant"),
        ("TransID", "TID-CLIENT-QUICK"),
        ("Amount", "300"),
        ("Currency", "CNY"),
        ("OrderDesc", "Coffee"),
        ("BuyerIDcode", &"1".repeat(128)),
    ]))
    .expect("a quickpay request");
    let charged = computop.quickpay(&quick).await.expect("quickpay");
    assert_eq!(charged.outcome(), Outcome::Success);
    let reverse = ReverseRequest::from_wire(&wire(&[
        ("MerchantID", "Test_Merchant"),
        ("PayID", &charged.pay_id),
        ("TransID", "TID-CLIENT-QUICK"),
        ("Amount", "300"),
        ("Currency", "CNY"),
    ]))
    .expect("a reverse request");
    let reversed = computop.reverse(&reverse).await.expect("reverse");
    assert_eq!(reversed.code.code(), "00000000");
    let credit = CreditRequest::from_wire(&wire(&[
        ("MerchantID", "Test_Merchant"),
        ("PayID", &paid.pay_id),
        ("TransID", "TID-CLIENT-APP"),
        ("Amount", "60"),
        ("Currency", "CNY"),
    ]))
    .expect("a credit request");
    let credited = computop.credit(&credit).await.expect("credit");
    assert_eq!(credited.code.code(), "00000000");
    // A refusal chosen by the reference: a verified answer whose outcome is not success.
    let mut refused = quick.clone();
    refused.trans_id = "REFUSE-CLIENT-QUICK".into();
    let answer = computop.quickpay(&refused).await.expect("answered");
    assert_ne!(answer.outcome(), Outcome::Success);
    // Wrong HMAC password: Paygate's answer does not verify under it, so the client refuses
    // it rather than handing back anything that looks like a result.
    let wrong = pspec::computop::Client::new(computop_env(), credentials("not-the-password"))
        .expect("client");
    assert!(wrong.quickpay(&quick).await.is_err());
}
