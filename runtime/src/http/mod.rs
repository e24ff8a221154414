//! Sans-IO HTTP: the hand-written half of talking to a provider (feature `http`).
//!
//! The generated code knows each operation's path, `SOAPAction`, whether a retry is safe and
//! how its body is encoded and verified; this module turns that into an
//! [`http::Request<Vec<u8>>`] (URL, method, content type, authentication, idempotency key) and
//! sorts an [`http::Response<Vec<u8>>`] into a success body to decode, the provider's typed
//! error body ([`ErrorBody`]) or a status nobody described ([`ResponseError::Status`]).
//!
//! Nothing here performs I/O or needs an async runtime: an app can send the request with any
//! HTTP client, and hand the answer back. The `client` feature adds one on `reqwest`.
//!
//! Secrets: [`Secret`] (an access key, an API key) prints `<redacted>` in `Debug` and is wiped
//! from memory on drop; the header that carries it is marked sensitive
//! ([`http::HeaderValue::set_sensitive`]), so `http`'s own `Debug` prints `Sensitive` instead
//! of it. The `http` crate stores header values in shared buffers it does not wipe: send the
//! request and drop it, rather than keeping it around.

mod error_body;

use std::fmt;

pub use http;
use http::header::{AUTHORIZATION, CONTENT_TYPE, HeaderName, HeaderValue};
use zeroize::Zeroizing;

use crate::violation::Violations;
use crate::wire::{DecodeError, EncodeError};

pub use error_body::{ErrorBody, ErrorFormat, JsonErrorBody, JsonErrorKeys, SoapFault};

/// A secret text (an access key, an API key): `Debug` prints `<redacted>`, there is no
/// `Display`, and the text is wiped from memory when the value is dropped.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Zeroizing<String>);

impl Secret {
    /// Wraps a secret.
    #[must_use]
    pub fn new(secret: impl Into<String>) -> Self {
        Self(Zeroizing::new(secret.into()))
    }

    /// The secret itself, for the one place that must send it.
    #[must_use]
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// HTTP Basic credentials: the merchant id as the user name, the access key as the password
/// (Monext). `Debug` shows the merchant id (an identifier, not a secret) and redacts the key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BasicCredentials {
    /// The merchant id (user name).
    pub merchant_id: String,
    /// The access key (password).
    pub access_key: Secret,
}

impl BasicCredentials {
    /// Credentials from a merchant id and an access key.
    #[must_use]
    pub fn new(merchant_id: impl Into<String>, access_key: impl Into<String>) -> Self {
        Self {
            merchant_id: merchant_id.into(),
            access_key: Secret::new(access_key),
        }
    }
}

/// An API key sent in a header the spec names (Adyen's `X-API-Key`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiKeyCredentials {
    /// The key.
    pub api_key: Secret,
}

impl ApiKeyCredentials {
    /// Credentials from an API key.
    #[must_use]
    pub fn new(api_key: impl Into<String>) -> Self {
        Self {
            api_key: Secret::new(api_key),
        }
    }
}

/// The merchant's idempotency key for one logical call: the provider answers a repeated
/// request carrying the same key with its first answer, so the call may be retried. Reuse it
/// for every attempt of the same payment, never for another one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// A key: 1 or more visible ASCII characters (it travels in a header). The provider's
    /// length limit is checked when a request is built with it.
    ///
    /// # Errors
    ///
    /// [`RequestError::IdempotencyKey`] for an empty key or one with other characters.
    pub fn new(key: impl Into<String>) -> Result<Self, RequestError> {
        let key = key.into();
        if key.is_empty() || !key.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(RequestError::IdempotencyKey { max: None });
        }
        Ok(Self(key))
    }

    /// The key.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// How a provider is reached, from its spec's `connection:`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Connection {
    /// The request body's media type.
    pub content_type: &'static str,
    /// The API version, when the provider has one.
    pub api_version: Option<&'static str>,
    /// The idempotency header and the longest key, when the provider honours one.
    pub idempotency: Option<(&'static str, u32)>,
    /// What an error answer looks like.
    pub error_body: ErrorFormat,
}

/// How one operation is sent, from its spec's `http:`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OperationHttp {
    /// `POST` or `GET`.
    pub method: &'static str,
    /// Path under the environment's base URL (`/payments`).
    pub path: &'static str,
    /// The `SOAPAction` header, for SOAP operations.
    pub soap_action: Option<&'static str>,
    /// Whether repeating the call cannot act twice (a client retries only these).
    pub retryable: bool,
}

/// How the request proves who sends it.
#[derive(Clone, Copy, Debug)]
pub enum Auth<'a> {
    /// Nothing at the HTTP level (the body carries a MAC).
    None,
    /// HTTP Basic.
    Basic(&'a BasicCredentials),
    /// An API key in the named header.
    ApiKey(&'static str, &'a ApiKeyCredentials),
}

/// Why a request could not be built. Never carries a secret or a field value.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RequestError {
    /// The request breaks its spec: nothing is sent.
    #[error("the request is invalid: {0}")]
    Invalid(Violations),
    /// The request could not be encoded.
    #[error("the request cannot be encoded: {0}")]
    Encode(EncodeError),
    /// A base-URL placeholder (Adyen's live prefix) is empty or holds more than letters,
    /// digits and `-`: it would change the host.
    #[error("environment placeholder {name} must be letters, digits and `-`, and not empty")]
    Placeholder {
        /// The placeholder (`PREFIX`).
        name: &'static str,
    },
    /// A custom base URL is not `http://` or `https://` with a host, or ends with `/`.
    #[error(
        "the base URL must be http:// or https:// with a host, without query, fragment or trailing /"
    )]
    BaseUrl,
    /// The idempotency key is empty, holds other than visible ASCII, or is too long.
    #[error("the idempotency key must be 1 to {} visible ASCII characters", max.map_or_else(|| "the provider's limit of".to_owned(), |m| m.to_string()))]
    IdempotencyKey {
        /// The provider's limit, when known.
        max: Option<u32>,
    },
    /// A credential holds a character a header cannot carry.
    #[error("the credentials hold a character an HTTP header cannot carry")]
    Credentials,
    /// The `http` crate refused the request (a bad URL).
    #[error("the HTTP request cannot be built: {0}")]
    Http(#[from] http::Error),
}

/// Why an answer was not accepted as the operation's response. Says which check failed; the
/// provider's own texts are in the typed error body, escaped when displayed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ResponseError {
    /// The provider answered with its error body (Adyen's JSON error, a SOAP fault).
    #[error("the provider answered HTTP {status} with an error: {body}")]
    Provider {
        /// The HTTP status.
        status: u16,
        /// The typed error body.
        body: ErrorBody,
    },
    /// A status the operation does not answer with, and no error body the spec describes.
    #[error("unexpected HTTP status {status} (no error body the spec describes)")]
    Status {
        /// The HTTP status.
        status: u16,
    },
    /// The success body does not decode.
    #[error("the answer does not decode: {0}")]
    Decode(DecodeError),
    /// The answer is not genuine (MAC, envelope) or does not decode: see the cause.
    #[cfg(feature = "form")]
    #[error("the answer is not accepted: {0}")]
    Verify(crate::wire::form::VerifyError),
    /// The answer decodes but breaks its spec or does not match the request it answers.
    #[error("the answer is invalid: {0}")]
    Invalid(Violations),
}

impl ResponseError {
    /// The HTTP status, when the answer had one the operation does not succeed with.
    #[must_use]
    pub fn status(&self) -> Option<u16> {
        match self {
            ResponseError::Provider { status, .. } | ResponseError::Status { status } => {
                Some(*status)
            }
            _ => None,
        }
    }
}

/// The base URL of a custom environment (a local simulator), checked: `http://` or
/// `https://`, a host, no query, fragment, trailing `/`, space or control character.
///
/// # Errors
///
/// [`RequestError::BaseUrl`].
pub fn custom_base(url: &str) -> Result<&str, RequestError> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or(RequestError::BaseUrl)?;
    let host_ok = !rest.is_empty() && !rest.starts_with('/');
    let clean = !url.ends_with('/')
        && !url
            .bytes()
            .any(|b| b <= b' ' || b >= 0x7f || b == b'?' || b == b'#');
    if host_ok && clean {
        Ok(url)
    } else {
        Err(RequestError::BaseUrl)
    }
}

/// A base URL template with its `{NAME}` placeholders filled. Each value must be letters,
/// digits and `-` (a DNS label's characters), so that no value can change the host.
///
/// # Errors
///
/// [`RequestError::Placeholder`] naming the first bad value.
pub fn fill_base(template: &str, values: &[(&'static str, &str)]) -> Result<String, RequestError> {
    let mut url = template.to_owned();
    for (name, value) in values {
        let ok = !value.is_empty()
            && value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-');
        if !ok {
            return Err(RequestError::Placeholder { name });
        }
        url = url.replace(&format!("{{{name}}}"), value);
    }
    Ok(url)
}

/// The request: `base` + the operation's path, its method, the connection's content type,
/// `SOAPAction` when given, the authentication and the idempotency key.
///
/// # Errors
///
/// [`RequestError::IdempotencyKey`] for a key longer than the connection allows,
/// [`RequestError::Credentials`] for a credential a header cannot carry,
/// [`RequestError::Http`] for a URL the `http` crate refuses.
pub fn build(
    connection: &Connection,
    operation: &OperationHttp,
    base: &str,
    auth: Auth<'_>,
    idempotency_key: Option<&IdempotencyKey>,
    body: Vec<u8>,
) -> Result<http::Request<Vec<u8>>, RequestError> {
    let mut builder = http::Request::builder()
        .method(operation.method)
        .uri(format!("{base}{}", operation.path))
        .header(CONTENT_TYPE, connection.content_type);
    if let Some(action) = operation.soap_action {
        // SOAP 1.1 quotes the action.
        builder = builder.header("SOAPAction", format!("\"{action}\""));
    }
    match auth {
        Auth::None => {}
        Auth::Basic(credentials) => {
            use base64::Engine as _;
            let plain = Zeroizing::new(format!(
                "{}:{}",
                credentials.merchant_id,
                credentials.access_key.expose()
            ));
            let encoded = Zeroizing::new(format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(plain.as_bytes())
            ));
            builder = builder.header(AUTHORIZATION, sensitive(&encoded)?);
        }
        Auth::ApiKey(header, credentials) => {
            let name = header_name(header)?;
            builder = builder.header(name, sensitive(credentials.api_key.expose())?);
        }
    }
    if let (Some((header, max)), Some(key)) = (connection.idempotency, idempotency_key) {
        if key.as_str().chars().count() > max as usize {
            return Err(RequestError::IdempotencyKey { max: Some(max) });
        }
        let name = header_name(header)?;
        let value = HeaderValue::from_str(key.as_str())
            .map_err(|_| RequestError::IdempotencyKey { max: Some(max) })?;
        builder = builder.header(name, value);
    }
    Ok(builder.body(body)?)
}

/// A header value marked sensitive (`http`'s `Debug` hides it).
fn sensitive(text: &str) -> Result<HeaderValue, RequestError> {
    let mut value = HeaderValue::from_str(text).map_err(|_| RequestError::Credentials)?;
    value.set_sensitive(true);
    Ok(value)
}

/// A header name from the spec (checked there as an HTTP token).
fn header_name(name: &'static str) -> Result<HeaderName, RequestError> {
    HeaderName::from_bytes(name.as_bytes()).map_err(|e| RequestError::Http(e.into()))
}

/// The body of a successful answer (status 2xx), or the reason there is none: the provider's
/// error body when the connection's format reads one (a SOAP fault is recognised whatever the
/// status), else the bare status.
///
/// # Errors
///
/// [`ResponseError::Provider`] or [`ResponseError::Status`].
pub fn success_body<'r>(
    response: &'r http::Response<Vec<u8>>,
    connection: &Connection,
) -> Result<&'r [u8], ResponseError> {
    let status = response.status().as_u16();
    let body = response.body().as_slice();
    if let Some(error) = connection.error_body.read(response.status(), body) {
        return Err(ResponseError::Provider {
            status,
            body: error,
        });
    }
    if response.status().is_success() {
        Ok(body)
    } else {
        Err(ResponseError::Status { status })
    }
}

#[cfg(test)]
mod tests;
