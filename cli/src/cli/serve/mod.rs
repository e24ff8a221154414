//! `pspec serve`: a provider simulator. One HTTP server plays Computop Paygate, Monext's
//! WebPayment API and Adyen Checkout on one port, at the providers' own paths, so that an app
//! under test swaps its base URL and nothing else.
//!
//! Every request goes through the generated crate exactly as an app's answer would: the
//! Computop envelope opened and its `MAC` checked with the runtime's verified paths, every body
//! read with the generated `from_wire_checked` and checked with `validate` (`validate_for` under
//! a Monext payment-method profile). Every answer the simulator builds is read back with the
//! generated response type and checked with `validate_with_request` before it leaves: an answer
//! its own spec refuses is a simulator bug, reported as HTTP 500 rather than sent.
//!
//! The module is split per provider (`computop`, `monext`, `adyen`); `store` keeps the
//! sessions (bounded), `notify` sends the notifies and webhooks. Handlers are synchronous
//! functions from a request to an [`Answer`]; the async glue here sends the answer and hands
//! its notifies to `notify`.
//!
//! Nothing the simulator prints comes out raw: log lines go through [`super::out::one_line`]
//! and the command's escaping writer, and no credential is ever printed (only the names of
//! the variables that hold them).

mod adyen;
mod computop;
mod monext;
mod notify;
mod store;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use pspec::runtime::computop_crypto::{BlowfishKey, Cipher};
use pspec::runtime::mac::HmacKey;
use pspec::runtime::signature::SignatureKey;
use subtle::ConstantTimeEq as _;
use tokio::sync::mpsc;

use super::args::Args;
use super::{EXIT_OK, Failure, Io, out};

/// What `pspec serve --help` prints after the options: how to run it and the rules a test
/// uses to choose an outcome.
pub const HELP: &str = "\
Credentials come from the environment (--hmac-key, --blowfish-key and --adyen-hmac-key
stand for theirs, but command lines are visible to other users); none is ever printed:
  PSPEC_HMAC_KEY, PSPEC_BLOWFISH_KEY     Computop HMAC and Blowfish passwords
  PSPEC_ADYEN_API_KEY                    the X-API-Key Adyen calls must carry
  PSPEC_ADYEN_HMAC_KEY                   Adyen webhook HMAC key, hex
  PSPEC_MONEXT_MERCHANT_ID, PSPEC_MONEXT_ACCESS_KEY   Monext HTTP Basic user and password
A provider whose variables are unset refuses every call (Adyen and Monext: HTTP 401).

Paths: Computop /wechat.aspx /WechatQuickpay.aspx /WechatQRCode.aspx /reverse.aspx
/credit.aspx; Adyen /v71/payments /v71/payments/details; Monext /V4/services/WebPaymentAPI
(doWebPayment, getWebPaymentDetails) and /V4/services/DirectPaymentAPI (doRefund); the
operation from SOAPAction or the body. The Monext payment page is /monext/pay/TOKEN.

Outcomes. The merchant's reference chooses: Computop TransID, Monext order.ref, Adyen
reference. Starting with REFUSE: refused; ERROR: error; PENDING: pending; anything else:
success.
  Computop: success 00000000 (Status OK); refused 22000006 (FAILED); error 40000007 (FAILED);
    pending 60000008 (AUTHORIZE_REQUEST). Refusals of the call itself: 21000001 MAC wrong,
    21000002 envelope unreadable, 21000003 invalid request, 21000004 unknown PayID,
    21000005 amount or currency does not fit, 21000000 no Computop keys. Only the first
    character and 00000000 carry meaning (the document lists no other code).
    wechat.aspx answers 303 to URLSuccess (00000000) or URLFailure with Len and Data, then
    POSTs the notify; Channel=APP, QR code, quickpay, reverse and credit answer Len and Data
    in the body (wechat and QR code then POST a notify too).
  Monext (the Payconiq and Bancontact pages' test rules): doWebPayment gives a token and
    the payment page's URL. GET it: 02533 until then, 02306 once shown; ?choice=pay is
    MAKE A PAYMENT (00000 ACCEPTED, or by order.ref: 02020 REFUSED, 02101 ERROR, 02000
    ONHOLD_PARTNER), ?choice=abort is ABORT (02008 CANCELLED); getWebPaymentDetails reads
    it; an unknown token gives 02304. An invalid request gives 02305 with the fields.
    doRefund (DirectPaymentAPI) on getWebPaymentDetails' transaction.id: 00000 while the
    amounts refunded stay within the payment, 02110 past it or in another currency, 02301
    for an unknown transaction, 02302 for a payment that was not accepted.
  Adyen: /payments answers Pending with the Mini Program action; /payments/details with
    details.paymentStatus requestPayment:ok gives Authorised (or by reference: Refused
    code 2, Error code 4, Pending), requestPayment:fail cancel gives Cancelled (code 16),
    another requestPayment:fail Refused (code 2); then an AUTHORISATION webhook signed with
    PSPEC_ADYEN_HMAC_KEY goes to --notify-to. Errors: 401 errorCode 000, 400 errorCode 702
    (unreadable JSON), 422 errorCode 130 (invalid request, fields named), 422 errorCode
    14_018 (unknown paymentData).

Notifies: to --notify-to, else to the request's URLNotify (which the spec wants on https,
and the simulator sends plain HTTP only: give --notify-to); up to 3 attempts, 5 s each, no
redirects followed, no proxy. Sessions are kept in memory,
at most 10000 per provider, the oldest dropped first. Bodies over 16 MiB are refused.
Stop with Ctrl-C or SIGTERM.";

/// How many sessions each provider keeps before dropping the oldest.
pub(super) const MAX_SESSIONS: usize = 10_000;

/// How many log lines may wait for the terminal; past that, lines are dropped rather than
/// held (a flood of requests cannot grow the memory).
const LOG_QUEUE: usize = 1024;

/// The values a generated type could not hold (`found`) and the violations of its spec
/// (`more`), as one text for an error answer: fields and rules, never values; a violation
/// reported by both appears once.
pub(super) fn violations(
    found: &pspec::runtime::Violations,
    more: Result<(), pspec::runtime::Violations>,
) -> String {
    let mut all: Vec<String> = found.iter().map(ToString::to_string).collect();
    if let Err(more) = more {
        for violation in more.iter().map(ToString::to_string) {
            if !all.contains(&violation) {
                all.push(violation);
            }
        }
    }
    all.join("; ")
}

/// A credential from the environment, as the bytes the system gave (never converted to
/// text): compared in constant time, never shown, wiped when dropped.
pub(super) struct Secret(super::keys::Secret);

impl Secret {
    /// Whether `given` is this secret (constant time over the bytes; the length may show).
    pub(super) fn matches(&self, given: &[u8]) -> bool {
        self.0.as_slice().ct_eq(given).into()
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

/// The credentials the simulator accepts, per provider; `None` where the environment gives
/// none (that provider then refuses every call).
#[derive(Debug, Default)]
pub(super) struct Keys {
    /// Computop: the HMAC password and the Blowfish cipher.
    pub computop: Option<(HmacKey, Cipher)>,
    /// Adyen: the `X-API-Key` value.
    pub adyen_api_key: Option<Secret>,
    /// Adyen: the webhook HMAC key (hex-decoded).
    pub adyen_hmac: Option<SignatureKey>,
    /// Monext: the HTTP Basic user (merchant id) and password (access key).
    pub monext: Option<(Secret, Secret)>,
}

impl Keys {
    /// Reads the variables through `env` (empty counts as unset).
    ///
    /// # Errors
    ///
    /// Half a pair given (one Computop password without the other, a Monext merchant id
    /// without its access key), a Blowfish password of a length Blowfish refuses, an Adyen
    /// HMAC key that is not hex: the message names the variable, never its value.
    fn from_env(env: &dyn Fn(&str) -> Option<super::keys::Secret>) -> Result<Self, Failure> {
        let var = |name: &str| env(name).filter(|value| !value.is_empty());
        let pair = |first: &str, second: &str| match (var(first), var(second)) {
            (Some(a), Some(b)) => Ok(Some((a, b))),
            (None, None) => Ok(None),
            (Some(_), None) => Err(Failure::unusable(format!(
                "{first} is set but {second} is not: set both or neither"
            ))),
            (None, Some(_)) => Err(Failure::unusable(format!(
                "{second} is set but {first} is not: set both or neither"
            ))),
        };
        let computop = match pair("PSPEC_HMAC_KEY", "PSPEC_BLOWFISH_KEY")? {
            None => None,
            Some((hmac, blowfish)) => {
                let cipher = Cipher::new(&BlowfishKey::new(blowfish)).map_err(|err| {
                    Failure::unusable(format!("PSPEC_BLOWFISH_KEY cannot be used: {err}"))
                })?;
                Some((HmacKey::new(hmac), cipher))
            }
        };
        let adyen_hmac = match var("PSPEC_ADYEN_HMAC_KEY") {
            None => None,
            // Hex text: bytes that are not UTF-8 cannot be hex, and are refused as such.
            Some(bytes) => {
                let unusable = |why: String| {
                    Failure::unusable(format!("PSPEC_ADYEN_HMAC_KEY cannot be used: {why}"))
                };
                let text = std::str::from_utf8(&bytes)
                    .map_err(|_| unusable("expected hex digits".to_string()))?;
                Some(
                    pspec::adyen::WebhookResponse::signature_key(text)
                        .map_err(|err| unusable(err.to_string()))?,
                )
            }
        };
        let monext = pair("PSPEC_MONEXT_MERCHANT_ID", "PSPEC_MONEXT_ACCESS_KEY")?
            .map(|(id, key)| (Secret(id), Secret(key)));
        Ok(Self {
            computop,
            adyen_api_key: var("PSPEC_ADYEN_API_KEY").map(Secret),
            adyen_hmac,
            monext,
        })
    }

    /// One line per provider saying whether it is configured (variable names only).
    fn summary(&self) -> [String; 3] {
        let state = |on: bool, vars: &str| {
            if on {
                "ready".to_owned()
            } else {
                format!("refuses every call (set {vars})")
            }
        };
        let adyen = match (&self.adyen_api_key, &self.adyen_hmac) {
            (Some(_), Some(_)) => "ready".to_owned(),
            (Some(_), None) => "ready, but sends no webhook (set PSPEC_ADYEN_HMAC_KEY)".to_owned(),
            (None, _) => state(false, "PSPEC_ADYEN_API_KEY and PSPEC_ADYEN_HMAC_KEY"),
        };
        [
            format!(
                "computop: {}",
                state(
                    self.computop.is_some(),
                    "PSPEC_HMAC_KEY and PSPEC_BLOWFISH_KEY"
                )
            ),
            format!(
                "monext: {}",
                state(
                    self.monext.is_some(),
                    "PSPEC_MONEXT_MERCHANT_ID and PSPEC_MONEXT_ACCESS_KEY"
                )
            ),
            format!("adyen: {adyen}"),
        ]
    }
}

/// The outcome a test chose through the merchant's reference (see [`HELP`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Rule {
    /// Anything but the prefixes below.
    Success,
    /// `REFUSE...`.
    Refused,
    /// `ERROR...`.
    Error,
    /// `PENDING...`.
    Pending,
}

impl Rule {
    /// The rule a reference asks for. Prefixes, case-sensitive: a reference an app makes up
    /// (an order number) does not start with them by chance.
    pub(super) fn of(reference: &str) -> Self {
        if reference.starts_with("REFUSE") {
            Self::Refused
        } else if reference.starts_with("ERROR") {
            Self::Error
        } else if reference.starts_with("PENDING") {
            Self::Pending
        } else {
            Self::Success
        }
    }
}

/// What a handler answers: the HTTP response, and the notifies to send after it.
pub(super) struct Answer {
    status: StatusCode,
    headers: Vec<(HeaderName, String)>,
    body: Vec<u8>,
    notifies: Vec<notify::Notify>,
    /// One line for the log: what was asked and how it was answered (no secret, no body).
    log: String,
}

impl Answer {
    /// An answer with a body of `content_type`.
    pub(super) fn new(
        status: StatusCode,
        content_type: &'static str,
        body: impl Into<Vec<u8>>,
        log: impl Into<String>,
    ) -> Self {
        Self {
            status,
            headers: vec![(header::CONTENT_TYPE, content_type.to_owned())],
            body: body.into(),
            notifies: Vec::new(),
            log: log.into(),
        }
    }

    /// A 303 to `location`, without a body.
    pub(super) fn see_other(location: String, log: impl Into<String>) -> Self {
        Self {
            status: StatusCode::SEE_OTHER,
            headers: vec![(header::LOCATION, location)],
            body: Vec::new(),
            notifies: Vec::new(),
            log: log.into(),
        }
    }

    /// A simulator bug (an answer its own spec refuses): HTTP 500, said plainly.
    pub(super) fn bug(what: &str, why: impl std::fmt::Display) -> Self {
        let text = format!("pspec serve: the simulator built a {what} its spec refuses: {why}");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "text/plain; charset=utf-8",
            text.clone(),
            text,
        )
    }

    /// Adds a header.
    pub(super) fn with_header(mut self, name: HeaderName, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    /// Adds a notify to send once the answer is out.
    pub(super) fn with_notify(mut self, notify: notify::Notify) -> Self {
        self.notifies.push(notify);
        self
    }
}

/// The simulator: credentials, sessions, where notifies go, and the log.
pub(super) struct Sim {
    keys: Keys,
    /// `http://IP:PORT`, for the URLs the simulator hands out (Monext's payment page).
    base: String,
    /// `--notify-to`.
    notify_to: Option<reqwest::Url>,
    sessions: Mutex<Sessions>,
    log: mpsc::Sender<String>,
    client: reqwest::Client,
}

/// Every provider's sessions.
#[derive(Default)]
pub(super) struct Sessions {
    pub computop: store::Store<computop::Payment>,
    pub monext: store::Store<monext::Session>,
    /// Monext transaction ids (what `doRefund` names) to session tokens.
    pub monext_transactions: store::Store<String>,
    pub adyen: store::Store<adyen::Payment>,
}

impl Sim {
    /// The sessions, locked. A handler never panics while holding them, but should one
    /// ever, the data is still consistent enough for a test tool: take it anyway.
    pub(super) fn sessions(&self) -> MutexGuard<'_, Sessions> {
        self.sessions.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Queues a log line; dropped when the queue is full.
    pub(super) fn log(&self, line: String) {
        let _ = self.log.try_send(line);
    }
}

/// Random uppercase hex of `bytes` random bytes: tokens, PayIDs, pspReferences. From the
/// operating system's generator; should that fail, from std's randomly keyed hasher, which
/// is still unguessable enough for a test tool.
pub(super) fn random_hex(bytes: usize) -> String {
    let mut buffer = vec![0u8; bytes];
    if getrandom::fill(&mut buffer).is_err() {
        use std::hash::BuildHasher as _;
        static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        for chunk in buffer.chunks_mut(8) {
            let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let word = std::hash::RandomState::new().hash_one(n).to_le_bytes();
            let len = chunk.len();
            chunk.copy_from_slice(word.get(..len).unwrap_or_default());
        }
    }
    hex::encode_upper(buffer)
}

/// Runs `pspec serve` until Ctrl-C or SIGTERM.
pub(super) fn run(
    addr: &str,
    notify_to: Option<&str>,
    args: &Args,
    io: &mut Io<'_>,
) -> Result<u8, Failure> {
    let addr: SocketAddr = addr.parse().map_err(|_| {
        Failure::unusable(format!(
            "--addr {}: expected IP:PORT, such as 127.0.0.1:0",
            out::one_line(addr)
        ))
    })?;
    let notify_to = notify_to.map(notify::parse_target).transpose()?;
    // The command's key options stand for their variables, as in every other command.
    let lookup = |name: &str| -> Option<super::keys::Secret> {
        let option = match name {
            "PSPEC_HMAC_KEY" => args.hmac_key.clone(),
            "PSPEC_BLOWFISH_KEY" => args.blowfish_key.clone(),
            "PSPEC_ADYEN_HMAC_KEY" => args
                .signature_keys
                .iter()
                .find(|(option, _)| option == "adyen-hmac-key")
                .map(|(_, key)| key.clone()),
            _ => None,
        };
        // Taken as the bytes the system gives, like every key of the command (keys.rs).
        option.or_else(|| (io.env)(name).map(super::keys::secret))
    };
    let keys = Keys::from_env(&lookup)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|err| Failure::unusable(format!("cannot start the async runtime: {err}")))?;
    runtime.block_on(serve(addr, notify_to, keys, io))
}

async fn serve(
    addr: SocketAddr,
    notify_to: Option<reqwest::Url>,
    keys: Keys,
    io: &mut Io<'_>,
) -> Result<u8, Failure> {
    let stop = shutdown_signal()?;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|err| Failure::unusable(format!("cannot listen on {addr}: {err}")))?;
    let local = listener
        .local_addr()
        .map_err(|err| Failure::unusable(format!("cannot read the bound address: {err}")))?;
    let base = format!("http://{local}");
    // The first line is the contract with whoever started us (a test reads the port from
    // it): written and flushed before anything else.
    let _ = writeln!(io.stdout, "listening on {base}");
    let _ = io.stdout.flush();
    for line in keys.summary() {
        let _ = writeln!(io.stderr, "pspec serve: {line}");
    }
    if let Some(target) = &notify_to {
        let _ = writeln!(
            io.stderr,
            "pspec serve: notifies and webhooks go to {}",
            out::one_line(target.as_str())
        );
    }
    let _ = io.stderr.flush();
    let (log, mut lines) = mpsc::channel(LOG_QUEUE);
    let sim = Arc::new(Sim {
        keys,
        base,
        notify_to,
        sessions: Mutex::new(Sessions::default()),
        log,
        client: notify::client()?,
    });
    let server = axum::serve(listener, router(sim)).with_graceful_shutdown(stop);
    let server = std::future::IntoFuture::into_future(server);
    tokio::pin!(server);
    let result = loop {
        tokio::select! {
            result = &mut server => break result,
            Some(line) = lines.recv() => {
                let _ = writeln!(io.stderr, "pspec serve: {}", out::one_line(&line));
                let _ = io.stderr.flush();
            }
        }
    };
    while let Ok(line) = lines.try_recv() {
        let _ = writeln!(io.stderr, "pspec serve: {}", out::one_line(&line));
    }
    result.map_err(|err| Failure::unusable(format!("the server stopped: {err}")))?;
    let _ = writeln!(io.stderr, "pspec serve: stopped");
    Ok(EXIT_OK)
}

/// A future resolving on Ctrl-C (SIGINT) or SIGTERM. The handlers are installed here, before
/// the first line is printed: whoever reads that line may signal at once, and a signal that
/// came before the handlers would kill the process instead of stopping it cleanly.
#[cfg(unix)]
fn shutdown_signal() -> Result<impl Future<Output = ()>, Failure> {
    use tokio::signal::unix::{SignalKind, signal};
    let install = |kind: SignalKind| {
        signal(kind).map_err(|err| Failure::unusable(format!("cannot handle signals: {err}")))
    };
    let mut terminate = install(SignalKind::terminate())?;
    let mut interrupt = install(SignalKind::interrupt())?;
    Ok(async move {
        tokio::select! {
            _ = terminate.recv() => {}
            _ = interrupt.recv() => {}
        }
    })
}

/// A future resolving on Ctrl-C.
#[cfg(not(unix))]
fn shutdown_signal() -> Result<impl Future<Output = ()>, Failure> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}

/// Every path the simulator answers.
fn router(sim: Arc<Sim>) -> Router {
    let cap = usize::try_from(super::input::MAX_INPUT).unwrap_or(usize::MAX);
    let mut router = Router::new();
    for op in computop::OPERATIONS {
        let handle = op.handle;
        router = router.route(
            computop::path_of(op.endpoint),
            post(move |State(sim): State<Arc<Sim>>, body: Bytes| async move {
                respond(&sim, handle(&sim, &body))
            }),
        );
    }
    for service in monext::SERVICES {
        router = router.route(
            service.path,
            post(
                move |State(sim): State<Arc<Sim>>, headers: HeaderMap, body: Bytes| async move {
                    respond(&sim, monext::handle(&sim, *service, &headers, &body))
                },
            ),
        );
    }
    for op in adyen::OPERATIONS {
        let handle = op.handle;
        router = router.route(
            op.path,
            post(
                move |State(sim): State<Arc<Sim>>, headers: HeaderMap, body: Bytes| async move {
                    respond(&sim, handle(&sim, &headers, &body))
                },
            ),
        );
    }
    router
        .route(
            "/monext/pay/{token}",
            get(
                |State(sim): State<Arc<Sim>>, Path(token): Path<String>, uri: Uri| async move {
                    respond(&sim, monext::page(&sim, &token, uri.query()))
                },
            ),
        )
        .fallback(|| async {
            (
                StatusCode::NOT_FOUND,
                "pspec serve: no provider answers this path (see pspec serve --help)\n",
            )
        })
        .layer(DefaultBodyLimit::max(cap))
        .with_state(sim)
}

/// Sends the answer's notifies off and turns it into the HTTP response.
fn respond(sim: &Arc<Sim>, answer: Answer) -> Response {
    sim.log(answer.log);
    for message in answer.notifies {
        tokio::spawn(notify::send(Arc::clone(sim), message));
    }
    let mut response = Body::from(answer.body).into_response();
    *response.status_mut() = answer.status;
    for (name, value) in answer.headers {
        match HeaderValue::from_str(&value) {
            Ok(value) => {
                response.headers_mut().insert(name, value);
            }
            // A Location built from a URL the request gave, holding what a header cannot:
            // the request's URL validated, so this is the simulator's own failure.
            Err(_) => {
                return (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "pspec serve: cannot write a header of the answer\n",
                )
                    .into_response();
            }
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::{Keys, Rule};

    #[test]
    fn the_reference_prefix_chooses_the_outcome() {
        assert_eq!(Rule::of("ORDER-1"), Rule::Success);
        assert_eq!(Rule::of("REFUSE-1"), Rule::Refused);
        assert_eq!(Rule::of("ERROR"), Rule::Error);
        assert_eq!(Rule::of("PENDING-7"), Rule::Pending);
        // Case-sensitive and anchored: an order number does not match by chance.
        assert_eq!(Rule::of("refuse-1"), Rule::Success);
        assert_eq!(Rule::of("X-REFUSE"), Rule::Success);
    }

    #[test]
    fn keys_come_in_pairs_and_errors_never_show_them() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(key, _)| *key == name)
                    .map(|(_, value)| zeroize::Zeroizing::new(value.as_bytes().to_vec()))
            }
        };
        let none = Keys::from_env(&env(&[])).expect("no keys is fine");
        assert!(none.computop.is_none() && none.monext.is_none() && none.adyen_api_key.is_none());
        let half = Keys::from_env(&env(&[("PSPEC_MONEXT_ACCESS_KEY", "hush-1")]))
            .expect_err("half a pair");
        assert!(half.message.contains("PSPEC_MONEXT_MERCHANT_ID"));
        assert!(!half.message.contains("hush"));
        let bad =
            Keys::from_env(&env(&[("PSPEC_ADYEN_HMAC_KEY", "hush-not-hex")])).expect_err("not hex");
        assert!(bad.message.contains("PSPEC_ADYEN_HMAC_KEY"));
        assert!(!bad.message.contains("hush"));
        let all = Keys::from_env(&env(&[
            ("PSPEC_HMAC_KEY", "hush-2"),
            ("PSPEC_BLOWFISH_KEY", "hush-blowfish"),
            ("PSPEC_MONEXT_MERCHANT_ID", "m"),
            ("PSPEC_MONEXT_ACCESS_KEY", "hush-3"),
        ]))
        .expect("keys");
        assert!(all.computop.is_some() && all.monext.is_some());
        assert!(!format!("{all:?}").contains("hush"));
    }
}
