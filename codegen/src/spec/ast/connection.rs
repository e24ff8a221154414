//! The YAML shape of how to talk to a provider: the top-level `connection:` block (base URLs,
//! authentication, content type, idempotency, error bodies) and an operation's `http:` block
//! (path under the base URL, `SOAPAction`, whether a retry is safe). `specs/README.md`
//! documents both.

use serde::Deserialize;

use super::SourceRef;

/// A provider's `connection:` (one per provider, in any one of its files).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Connection {
    /// Where the facts come from.
    pub source: SourceRef,
    /// The base URLs the provider is reached at, test first by convention.
    pub environments: Vec<Environment>,
    /// How a request proves who sends it.
    pub auth: AuthSpec,
    /// The request body's media type (`application/json`, `text/xml; charset=utf-8`).
    pub content_type: String,
    /// The API version the base URLs and operations are for (`v71`), when the provider has one.
    #[serde(default)]
    pub api_version: Option<String>,
    /// The idempotency key header, when the provider honours one.
    #[serde(default)]
    pub idempotency: Option<IdempotencySpec>,
    /// What an answer that is not the operation's response looks like.
    #[serde(default)]
    pub error_body: Option<ErrorBodySpec>,
}

/// One environment: an id and its base URL.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Environment {
    /// `test`, `live`, ...: lowercase letters, digits and `_`.
    pub id: String,
    /// `https://` URL without a trailing `/`; `{NAME}` marks a part the merchant supplies.
    pub base_url: String,
    /// What it is for.
    #[serde(default)]
    pub doc: Option<String>,
}

/// How a request is authenticated.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(tag = "scheme", rename_all = "snake_case", deny_unknown_fields)]
pub enum AuthSpec {
    /// HTTP Basic: user name the merchant id, password the access key.
    Basic,
    /// A header carrying the API key.
    ApiKey {
        /// The header's name (`X-API-Key`).
        header: String,
    },
    /// No transport authentication: the merchant id and the MAC inside the body prove the
    /// sender (every operation with an `http:` block must have a `mac`).
    MacInBody,
}

impl AuthSpec {
    /// The spelling in specs.
    pub fn as_str(&self) -> &'static str {
        match self {
            AuthSpec::Basic => "basic",
            AuthSpec::ApiKey { .. } => "api_key",
            AuthSpec::MacInBody => "mac_in_body",
        }
    }
}

/// The idempotency key the provider honours.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct IdempotencySpec {
    /// The header's name (`Idempotency-Key`).
    pub header: String,
    /// The longest key the provider takes, in characters.
    pub max_len: u32,
}

/// The error body, by format.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(tag = "format", rename_all = "snake_case", deny_unknown_fields)]
pub enum ErrorBodySpec {
    /// A JSON object; each key names the wire key that fills one part of the typed error.
    Json {
        /// The HTTP status repeated in the body (an integer).
        #[serde(default)]
        status: Option<String>,
        /// The provider's error code (text).
        #[serde(default)]
        code: Option<String>,
        /// The error's category (text).
        #[serde(default)]
        kind: Option<String>,
        /// A readable message (text).
        #[serde(default)]
        message: Option<String>,
        /// The provider's reference of the failed call (text).
        #[serde(default)]
        reference: Option<String>,
    },
    /// A SOAP 1.1 `Fault` (`faultcode`, `faultstring`) in the envelope's body.
    SoapFault,
}

impl ErrorBodySpec {
    /// The spelling in specs.
    pub fn as_str(&self) -> &'static str {
        match self {
            ErrorBodySpec::Json { .. } => "json",
            ErrorBodySpec::SoapFault => "soap_fault",
        }
    }

    /// The JSON keys, as (part, wire key), parts in a fixed order.
    pub fn json_keys(&self) -> Vec<(&'static str, &str)> {
        match self {
            ErrorBodySpec::Json {
                status,
                code,
                kind,
                message,
                reference,
            } => [
                ("status", status),
                ("code", code),
                ("kind", kind),
                ("message", message),
                ("reference", reference),
            ]
            .into_iter()
            .filter_map(|(part, key)| key.as_deref().map(|key| (part, key)))
            .collect(),
            ErrorBodySpec::SoapFault => Vec::new(),
        }
    }
}

/// An operation's `http:`: how it is sent to the provider. Operations without one (webhooks
/// the provider sends, calls to third parties) get no request builder.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct OperationHttp {
    /// Path appended to the environment's base URL, starting with `/`.
    pub path: String,
    /// The `SOAPAction` header, for `transport: soap`.
    #[serde(default)]
    pub soap_action: Option<String>,
    /// Whether repeating the call (after a timeout or a 5xx) cannot act twice; a client
    /// retries only these.
    #[serde(default)]
    pub retryable: bool,
    /// Why the operation is or is not retryable.
    #[serde(default)]
    pub retry_doc: Option<String>,
}
