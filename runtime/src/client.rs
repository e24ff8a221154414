//! An async HTTP client for the sans-IO layer (feature `client`): sends the
//! [`http::Request<Vec<u8>>`] the generated code builds with `reqwest` over rustls, and hands
//! back an [`http::Response<Vec<u8>>`] for the generated code to decode and verify.
//!
//! - Every attempt has a timeout ([`ClientConfig::timeout`], connecting included) and the body
//!   is read up to [`ClientConfig::max_body_bytes`], so a slow or endless answer cannot hold a
//!   task or memory for long.
//! - Only an operation the spec marks `retryable` is sent again, and only after a failure that
//!   leaves the outcome unknown or transient: the connection failed or timed out, or the
//!   provider answered 429 or 5xx. At most [`ClientConfig::max_attempts`] attempts, with a
//!   doubling pause between them ([`ClientConfig::backoff`] up to
//!   [`ClientConfig::max_backoff`]). A 4xx is the provider's answer and is never retried.
//! - Redirects are not followed: an operation's answer is its own (a 3xx is reported as an
//!   unexpected status by the decoding side).

use std::time::Duration;

/// Timeouts, retries and limits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientConfig {
    /// The longest one attempt may take, from connecting to the last byte of the body.
    pub timeout: Duration,
    /// The longest connecting may take.
    pub connect_timeout: Duration,
    /// Attempts per call for a retryable operation (at least 1; others get exactly 1).
    pub max_attempts: u32,
    /// The pause before the second attempt; it doubles for each further one.
    pub backoff: Duration,
    /// The longest pause between two attempts.
    pub max_backoff: Duration,
    /// The largest answer body read; a longer one is an error.
    pub max_body_bytes: usize,
}

impl Default for ClientConfig {
    /// 30 s per attempt (10 s to connect), 3 attempts, 250 ms doubling up to 2 s, 1 MiB bodies.
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            max_attempts: 3,
            backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(2),
            max_body_bytes: 1 << 20,
        }
    }
}

/// Why no answer came back. Never carries a body, a header or a credential.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TransportError {
    /// The client could not be set up (TLS backend).
    #[error("the HTTP client cannot be built: {0}")]
    Setup(String),
    /// The attempt timed out: the provider may or may not have acted on the request.
    #[error("no answer within the timeout after {attempts} attempt(s)")]
    Timeout {
        /// Attempts made.
        attempts: u32,
    },
    /// The connection failed (refused, reset, TLS, DNS).
    #[error("the connection failed after {attempts} attempt(s): {reason}")]
    Connect {
        /// Attempts made.
        attempts: u32,
        /// What failed, as reqwest says it (no URL, no header).
        reason: String,
    },
    /// The answer's body is longer than the limit.
    #[error("the answer body is longer than {limit} bytes")]
    BodyTooLarge {
        /// The limit.
        limit: usize,
    },
    /// The request or answer could not be carried over (a URL or header reqwest refuses).
    #[error("the request could not be sent: {0}")]
    Other(String),
}

/// Sends requests; one per provider client, shared by its calls (connections are pooled).
#[derive(Clone, Debug)]
pub struct HttpClient {
    inner: reqwest::Client,
    config: ClientConfig,
}

/// The outcome of one attempt, before deciding whether to try again.
enum Attempt {
    Answer(http::Response<Vec<u8>>),
    Retry(TransportError),
    Fail(TransportError),
}

impl HttpClient {
    /// A client with `config`.
    ///
    /// # Errors
    ///
    /// [`TransportError::Setup`] when the TLS backend cannot start.
    pub fn new(config: ClientConfig) -> Result<Self, TransportError> {
        let inner = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(config.connect_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| TransportError::Setup(without_url(&e)))?;
        Ok(Self { inner, config })
    }

    /// Its configuration.
    #[must_use]
    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// Sends `request`; when `retryable`, tries again after a transient failure (see the
    /// module). Any answer that is not retried is returned, whatever its status.
    ///
    /// # Errors
    ///
    /// A [`TransportError`] when no answer came back within the attempts allowed.
    pub async fn send(
        &self,
        request: &http::Request<Vec<u8>>,
        retryable: bool,
    ) -> Result<http::Response<Vec<u8>>, TransportError> {
        let attempts = if retryable {
            self.config.max_attempts.max(1)
        } else {
            1
        };
        let mut pause = self.config.backoff;
        let mut attempt = 1;
        loop {
            let last = attempt >= attempts;
            match self.once(request, attempt, last).await {
                Attempt::Answer(answer) => return Ok(answer),
                Attempt::Fail(error) => return Err(error),
                Attempt::Retry(error) if last => return Err(error),
                Attempt::Retry(_) => {}
            }
            tokio::time::sleep(pause).await;
            pause = (pause * 2).min(self.config.max_backoff);
            attempt += 1;
        }
    }

    async fn once(&self, request: &http::Request<Vec<u8>>, attempt: u32, last: bool) -> Attempt {
        let sent = self
            .inner
            .request(request.method().clone(), request.uri().to_string())
            .headers(request.headers().clone())
            .body(request.body().clone())
            .send()
            .await;
        let response = match sent {
            Ok(response) => response,
            Err(error) => return Attempt::Retry(transport(&error, attempt)),
        };
        let status = response.status();
        // 429 and 5xx say "not now"; on the last attempt the answer itself is returned, so
        // the caller reads the provider's error body.
        if !last && (status.as_u16() == 429 || status.is_server_error()) {
            return Attempt::Retry(TransportError::Other(format!("HTTP {status}")));
        }
        match self.collect(response, attempt).await {
            Ok(answer) => Attempt::Answer(answer),
            Err(error @ TransportError::BodyTooLarge { .. }) => Attempt::Fail(error),
            Err(error) => Attempt::Retry(error),
        }
    }

    /// The answer as an `http::Response`, its body read up to the limit.
    async fn collect(
        &self,
        mut response: reqwest::Response,
        attempt: u32,
    ) -> Result<http::Response<Vec<u8>>, TransportError> {
        let limit = self.config.max_body_bytes;
        if response
            .content_length()
            .is_some_and(|len| len > limit as u64)
        {
            return Err(TransportError::BodyTooLarge { limit });
        }
        let mut builder = http::Response::builder().status(response.status());
        for (name, value) in response.headers() {
            builder = builder.header(name, value);
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| transport(&e, attempt))? {
            if body.len() + chunk.len() > limit {
                return Err(TransportError::BodyTooLarge { limit });
            }
            body.extend_from_slice(&chunk);
        }
        builder
            .body(body)
            .map_err(|e| TransportError::Other(e.to_string()))
    }
}

fn transport(error: &reqwest::Error, attempts: u32) -> TransportError {
    if error.is_timeout() {
        TransportError::Timeout { attempts }
    } else if error.is_connect() || error.is_request() || error.is_body() {
        TransportError::Connect {
            attempts,
            reason: without_url(error),
        }
    } else {
        TransportError::Other(without_url(error))
    }
}

/// reqwest's message without the URL (which may carry a merchant's live prefix).
fn without_url(error: &reqwest::Error) -> String {
    let mut text = String::new();
    let mut source: Option<&dyn std::error::Error> = Some(error);
    // reqwest nests the cause; a few levels say enough.
    for _ in 0..4 {
        let Some(current) = source else { break };
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&current.to_string());
        source = current.source();
    }
    match error.url() {
        Some(url) => text.replace(url.as_str(), "<url>"),
        None => text,
    }
}

/// Why a call of a generated client failed: building the request, carrying it, or accepting
/// the answer.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CallError {
    /// The request was not built (invalid, or bad credentials or environment): nothing was
    /// sent.
    #[error(transparent)]
    Request(#[from] crate::http::RequestError),
    /// No answer came back: for an operation that is not retryable, the outcome is unknown
    /// and must be looked up before trying again.
    #[error(transparent)]
    Transport(#[from] TransportError),
    /// An answer came back and was not accepted as the operation's response (the provider's
    /// error body, an unexpected status, a body that does not verify or validate).
    #[error(transparent)]
    Response(#[from] crate::http::ResponseError),
}
