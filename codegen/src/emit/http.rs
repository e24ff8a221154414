//! The HTTP layer of a provider with a `connection:` (spec keys `connection` and `http`):
//! behind the generated crate's `http` feature, an `Environment` enum (one variant per
//! environment, placeholders as fields, and `Custom` for any other base URL), the
//! `Credentials` the connection's `auth` needs, the `CONNECTION` constant, and per operation
//! with an `http:` block `to_http_request` on the request and `from_http_response` on the
//! response (the verified decode path where the provider signs); behind `client`, a `Client`
//! with one async method per such operation.
//!
//! Written as text: the items are few and regular, and the hand-written part of the work is
//! in the runtime (`rt::http`, `rt::client`).

use std::fmt::Write as _;

use super::docs;
use super::print::Part;
use super::text;

use crate::model::connection::{AuthSpec, Connection, ErrorBodySpec};
use crate::model::naming::{self, Case};
use crate::model::protocol::Envelope;
use crate::model::{Operation, Provider, Transport};

/// The HTTP items of a provider: empty without a `connection:`.
pub fn provider_items(provider: &Provider) -> Vec<Part> {
    let Some(connection) = &provider.connection else {
        return Vec::new();
    };
    let mut out = String::new();
    environment(&mut out, connection);
    credentials(&mut out, provider, connection);
    connection_const(&mut out, connection);
    for op in provider.operations.iter().filter(|op| op.http.is_some()) {
        request_impl(&mut out, op, connection);
        response_impl(&mut out, op, connection);
    }
    client(&mut out, provider, connection);
    vec![Part::Text(out)]
}

fn placeholder_field(name: &str) -> String {
    naming::sanitize(name, Case::Snake)
        .map(|n| n.bare().to_string())
        .unwrap_or_else(|_| "value".to_string())
}

fn environment(out: &mut String, connection: &Connection) {
    text::doc(
        out,
        0,
        &[
            "Where the provider is reached: the environments of the spec's `connection`, and `Custom` for any other base URL.".into(),
            docs::citation(&connection.source),
        ],
    );
    out.push_str("#[cfg(feature = \"http\")]\n#[derive(Clone, Debug, PartialEq, Eq)]\npub enum Environment {\n");
    for env in &connection.environments {
        let variant = naming::sanitize(&env.id, Case::UpperCamel)
            .map(|n| n.bare().to_string())
            .unwrap_or_else(|_| "Unnamed".into());
        let mut paragraphs = vec![format!("Base URL {}.", docs::code(&env.base_url))];
        if let Some(doc) = &env.doc {
            paragraphs.push(docs::sentence(doc));
        }
        text::doc(out, 4, &paragraphs);
        if env.placeholders.is_empty() {
            let _ = writeln!(out, "    {variant},");
        } else {
            let _ = writeln!(out, "    {variant} {{");
            for name in &env.placeholders {
                let _ = writeln!(
                    out,
                    "        /// The value of `{{{name}}}`: letters, digits and `-`.\n        {}: String,",
                    placeholder_field(name)
                );
            }
            out.push_str("    },\n");
        }
    }
    out.push_str(
        "    /// Any other base URL (`http://` or `https://`, no trailing `/`), such as a local\n    /// simulator: the operations' paths are appended to it.\n    Custom(String),\n}\n",
    );
    out.push_str("#[cfg(feature = \"http\")]\nimpl Environment {\n");
    out.push_str("    /// The base URL, placeholders filled.\n    ///\n    /// # Errors\n    ///\n    /// [`rt::http::RequestError::Placeholder`] for a placeholder value that is empty or\n    /// holds more than letters, digits and `-`; [`rt::http::RequestError::BaseUrl`] for a\n    /// custom URL that is not one.\n");
    out.push_str("    pub fn base_url(&self) -> Result<String, rt::http::RequestError> {\n        match self {\n");
    for env in &connection.environments {
        let variant = naming::sanitize(&env.id, Case::UpperCamel)
            .map(|n| n.bare().to_string())
            .unwrap_or_else(|_| "Unnamed".into());
        if env.placeholders.is_empty() {
            let _ = writeln!(
                out,
                "            Self::{variant} => Ok({}.to_owned()),",
                text::lit(&env.base_url)
            );
        } else {
            let fields: Vec<String> = env
                .placeholders
                .iter()
                .map(|p| placeholder_field(p))
                .collect();
            let values: Vec<String> = env
                .placeholders
                .iter()
                .zip(&fields)
                .map(|(name, field)| format!("({}, {field})", text::lit(name)))
                .collect();
            let _ = writeln!(
                out,
                "            Self::{variant} {{ {} }} => rt::http::fill_base({}, &[{}]),",
                fields.join(", "),
                text::lit(&env.base_url),
                values.join(", ")
            );
        }
    }
    out.push_str("            Self::Custom(url) => rt::http::custom_base(url).map(str::to_owned),\n        }\n    }\n}\n");
}

/// Whether some operation sent under the connection seals its pairs in the Blowfish envelope.
fn needs_cipher(provider: &Provider) -> bool {
    provider
        .operations
        .iter()
        .any(|op| op.http.is_some() && op.protocol.envelope == Envelope::BlowfishEcb)
}

fn credentials(out: &mut String, provider: &Provider, connection: &Connection) {
    match &connection.auth {
        AuthSpec::Basic => out.push_str(
            "/// The credentials requests carry: HTTP Basic, the merchant id as user name and the\n/// access key as password (`Debug` redacts the key; it is wiped on drop).\n#[cfg(feature = \"http\")]\npub type Credentials = rt::http::BasicCredentials;\n",
        ),
        AuthSpec::ApiKey { header } => {
            let _ = write!(
                out,
                "/// The credentials requests carry: the API key, in the {} header (`Debug` redacts it;\n/// it is wiped on drop).\n#[cfg(feature = \"http\")]\npub type Credentials = rt::http::ApiKeyCredentials;\n",
                docs::code(header)
            );
        }
        AuthSpec::MacInBody => {
            out.push_str("/// The keys that authenticate requests and verify answers: the MAC inside the body is\n/// the proof of the sender (`Debug` shows no key; keys are wiped on drop).\n#[cfg(feature = \"http\")]\n#[derive(Clone, Debug)]\npub struct Credentials {\n    /// The merchant's HMAC password.\n    pub hmac: rt::mac::HmacKey,\n");
            if needs_cipher(provider) {
                out.push_str("    /// The cipher of the merchant's Blowfish password (the `Len`/`Data` envelope).\n    pub cipher: rt::computop_crypto::Cipher,\n}\n");
                out.push_str("#[cfg(feature = \"http\")]\nimpl Credentials {\n    /// Credentials from the merchant's HMAC and Blowfish passwords, as the merchant\n    /// account gives them.\n    ///\n    /// # Errors\n    ///\n    /// [`rt::computop_crypto::KeyLengthError`] when the Blowfish password is shorter than 4\n    /// or longer than 56 bytes.\n    pub fn new(\n        hmac_password: impl AsRef<[u8]>,\n        blowfish_password: impl AsRef<[u8]>,\n    ) -> Result<Self, rt::computop_crypto::KeyLengthError> {\n        Ok(Self {\n            hmac: rt::mac::HmacKey::new(hmac_password),\n            cipher: rt::computop_crypto::Cipher::new(&rt::computop_crypto::BlowfishKey::new(blowfish_password))?,\n        })\n    }\n}\n");
            } else {
                out.push_str("}\n#[cfg(feature = \"http\")]\nimpl Credentials {\n    /// Credentials from the merchant's HMAC password.\n    pub fn new(hmac_password: impl AsRef<[u8]>) -> Self {\n        Self {\n            hmac: rt::mac::HmacKey::new(hmac_password),\n        }\n    }\n}\n");
            }
        }
    }
}

fn connection_const(out: &mut String, connection: &Connection) {
    let idempotency = connection.idempotency.as_ref().map_or_else(
        || "None".to_string(),
        |i| format!("Some(({}, {}))", text::lit(&i.header), i.max_len),
    );
    let error_body = match &connection.error_body {
        None => "rt::http::ErrorFormat::None".to_string(),
        Some(ErrorBodySpec::SoapFault) => "rt::http::ErrorFormat::SoapFault".to_string(),
        Some(ErrorBodySpec::Json {
            status,
            code,
            kind,
            message,
            reference,
        }) => format!(
            "rt::http::ErrorFormat::Json(rt::http::JsonErrorKeys {{\n        status: {},\n        code: {},\n        kind: {},\n        message: {},\n        reference: {},\n    }})",
            text::opt_lit(status.as_ref()),
            text::opt_lit(code.as_ref()),
            text::opt_lit(kind.as_ref()),
            text::opt_lit(message.as_ref()),
            text::opt_lit(reference.as_ref()),
        ),
    };
    text::doc(
        out,
        0,
        &[
            "How the provider is reached: content type, API version, idempotency header, error body.".into(),
            docs::citation(&connection.source),
        ],
    );
    let _ = write!(
        out,
        "#[cfg(feature = \"http\")]\npub const CONNECTION: rt::http::Connection = rt::http::Connection {{\n    content_type: {},\n    api_version: {},\n    idempotency: {idempotency},\n    error_body: {error_body},\n}};\n",
        text::lit(&connection.content_type),
        text::opt_lit(connection.api_version.as_ref()),
    );
}

fn method(op: &Operation) -> &'static str {
    match op.method {
        crate::model::HttpMethod::Get => "GET",
        crate::model::HttpMethod::Post => "POST",
    }
}

fn request_impl(out: &mut String, op: &Operation, connection: &Connection) {
    let Some(http) = &op.http else { return };
    let request = op.request.type_name.bare();
    let idempotent = connection.idempotency.is_some();
    let auth = match &connection.auth {
        AuthSpec::Basic => "rt::http::Auth::Basic(credentials)".to_string(),
        AuthSpec::ApiKey { header } => {
            format!("rt::http::Auth::ApiKey({}, credentials)", text::lit(header))
        }
        AuthSpec::MacInBody => "rt::http::Auth::None".to_string(),
    };
    let retry = if http.retryable {
        "retryable: a repeated call cannot act twice"
    } else {
        "not retryable: a repeated call could act twice"
    };
    let _ = write!(
        out,
        "#[cfg(feature = \"http\")]\nimpl {request} {{\n    /// How the operation is sent: `{} {}` under the environment's base URL; {retry}.\n",
        method(op),
        http.path
    );
    if let Some(doc) = &http.retry_doc {
        let _ = writeln!(out, "    ///\n    /// {}", docs::sentence(doc));
    }
    let _ = write!(
        out,
        "    pub const HTTP: rt::http::OperationHttp = rt::http::OperationHttp {{\n        method: {},\n        path: {},\n        soap_action: {},\n        retryable: {},\n    }};\n\n",
        text::lit(method(op)),
        text::lit(&http.path),
        text::opt_lit(http.soap_action.as_ref()),
        http.retryable
    );
    let (encode, what) = request_body(op);
    let _ = write!(
        out,
        "    /// The HTTP request for this operation: {what}, sent to `environment`, authenticated with\n    /// `credentials`{}. Nothing is sent: hand the request to any HTTP client.\n    ///\n    /// # Errors\n    ///\n    /// [`rt::http::RequestError::Invalid`] when the request breaks its spec (nothing may be\n    /// sent), or why the request could not be built.\n",
        if idempotent {
            ", carrying `idempotency_key` (reuse it for every attempt of this call)"
        } else {
            ""
        }
    );
    let _ = write!(
        out,
        "    pub fn to_http_request(\n        &self,\n        environment: &Environment,\n        credentials: &Credentials,\n{}    ) -> Result<rt::http::http::Request<Vec<u8>>, rt::http::RequestError> {{\n{encode}        rt::http::build(\n            &CONNECTION,\n            &Self::HTTP,\n            &environment.base_url()?,\n            {auth},\n            {},\n            body,\n        )\n    }}\n}}\n",
        if idempotent {
            "        idempotency_key: &rt::http::IdempotencyKey,\n"
        } else {
            ""
        },
        if idempotent {
            "Some(idempotency_key)"
        } else {
            "None"
        },
    );
}

/// The statements that leave the body in `body`, and what they do in words.
fn request_body(op: &Operation) -> (String, &'static str) {
    let validate = "        self.validate().map_err(rt::http::RequestError::Invalid)?;\n";
    match (op.transport, op.mac.is_some(), op.protocol.envelope) {
        (Transport::Json, _, _) => (
            format!("{validate}        let body = self.to_json().into_bytes();\n"),
            "validated, as JSON",
        ),
        (Transport::Soap, _, _) => (
            format!(
                "{validate}        let body = self.to_soap().map_err(rt::http::RequestError::Encode)?.into_bytes();\n"
            ),
            "validated, in a SOAP envelope",
        ),
        (_, true, Envelope::BlowfishEcb) => (
            "        // The MAC is no field: `to_envelope` computes it over exactly the text it seals.\n        self.validate().map_err(rt::http::RequestError::Invalid)?;\n        let body = self\n            .to_envelope(&credentials.hmac, &credentials.cipher)\n            .map_err(rt::http::RequestError::Encode)?\n            .to_query()\n            .into_bytes();\n".to_string(),
            "validated, signed and sealed in the `Len`/`Data` envelope",
        ),
        (_, true, Envelope::None) => (
            "        // The MAC is no field: `to_form` computes it over exactly the text it sends.\n        self.validate().map_err(rt::http::RequestError::Invalid)?;\n        let body = self\n            .to_form(&credentials.hmac)\n            .map_err(rt::http::RequestError::Encode)?\n            .into_bytes();\n".to_string(),
            "validated, signed, as a form body",
        ),
        (_, false, _) => (
            format!(
                "{validate}        let body = self.to_form().map_err(rt::http::RequestError::Encode)?.into_bytes();\n"
            ),
            "validated, as a form body",
        ),
    }
}

fn response_impl(out: &mut String, op: &Operation, connection: &Connection) {
    let request = op.request.type_name.bare();
    let response = op.response.type_name.bare();
    let signed = op.mac.is_some() && op.transport == Transport::Form;
    let (decode, how) = match (op.transport, signed, op.protocol.envelope) {
        (Transport::Json, _, _) => (
            "        let answer = Self::from_json(body).map_err(rt::http::ResponseError::Decode)?;\n        answer.validate_with_request(request).map_err(rt::http::ResponseError::Invalid)?;\n        Ok(answer)\n".to_string(),
            "decoded from JSON and validated against `request`",
        ),
        (Transport::Soap, _, _) => (
            "        let answer = Self::from_soap(body).map_err(rt::http::ResponseError::Decode)?;\n        answer.validate_with_request(request).map_err(rt::http::ResponseError::Invalid)?;\n        Ok(answer)\n".to_string(),
            "decoded from its SOAP envelope and validated against `request`",
        ),
        (_, true, Envelope::BlowfishEcb) => (
            "        Self::from_query_for(body, request, &credentials.hmac, &credentials.cipher)\n            .map_err(rt::http::ResponseError::Verify)\n".to_string(),
            "opened, its `MAC` verified and validated against `request` ([`Self::from_query_for`])",
        ),
        (_, true, Envelope::None) => (
            "        Self::from_query_for(body, request, &credentials.hmac).map_err(rt::http::ResponseError::Verify)\n".to_string(),
            "its `MAC` verified and validated against `request` ([`Self::from_query_for`])",
        ),
        (_, false, _) => (
            "        let answer = Self::from_query_unverified(body).map_err(rt::http::ResponseError::Decode)?;\n        answer.validate_with_request(request).map_err(rt::http::ResponseError::Invalid)?;\n        Ok(answer)\n".to_string(),
            "decoded and validated against `request`",
        ),
    };
    let uses_credentials = signed;
    let credentials_param = if uses_credentials {
        "        credentials: &Credentials,\n"
    } else {
        ""
    };
    let error_doc = match &connection.error_body {
        Some(ErrorBodySpec::Json { .. }) => {
            "[`rt::http::ResponseError::Provider`] for the provider's JSON error body on a status\n    /// other than 2xx; "
        }
        Some(ErrorBodySpec::SoapFault) => {
            "[`rt::http::ResponseError::Provider`] for a SOAP fault, whatever the status;\n    /// "
        }
        // The spec describes no error body: every status other than 2xx is unexpected.
        None => "",
    };
    let _ = write!(
        out,
        "#[cfg(feature = \"http\")]\nimpl {response} {{\n    /// Reads the provider's answer to `request`: a 2xx body {how}.\n    ///\n    /// # Errors\n    ///\n    /// {error_doc}[`rt::http::ResponseError::Status`] for a status other than\n    /// 2xx; otherwise why the body was not accepted.\n    pub fn from_http_response(\n        response: &rt::http::http::Response<Vec<u8>>,\n        request: &{request},\n{credentials_param}    ) -> Result<Self, rt::http::ResponseError> {{\n        let body = rt::http::success_body(response, &CONNECTION)?;\n{decode}    }}\n}}\n"
    );
}

fn client(out: &mut String, provider: &Provider, connection: &Connection) {
    let ops: Vec<&Operation> = provider
        .operations
        .iter()
        .filter(|op| op.http.is_some())
        .collect();
    if ops.is_empty() {
        return;
    }
    let idempotent = connection.idempotency.is_some();
    let _ = write!(
        out,
        "/// An async client for {}: one method per operation the spec says how to send, each\n/// building the request ([`Environment`], [`Credentials`]), sending it with timeouts and,\n/// for retryable operations only, bounded retries ([`rt::client::ClientConfig`]), and\n/// decoding the answer through the verified path.\n#[cfg(feature = \"client\")]\n#[derive(Clone, Debug)]\npub struct Client {{\n    http: rt::client::HttpClient,\n    environment: Environment,\n    credentials: Credentials,\n}}\n#[cfg(feature = \"client\")]\nimpl Client {{\n    /// A client with the default timeouts and retries.\n    ///\n    /// # Errors\n    ///\n    /// [`rt::client::TransportError::Setup`] when the TLS backend cannot start.\n    pub fn new(environment: Environment, credentials: Credentials) -> Result<Self, rt::client::TransportError> {{\n        Self::with_config(environment, credentials, rt::client::ClientConfig::default())\n    }}\n\n    /// A client with `config`.\n    ///\n    /// # Errors\n    ///\n    /// As [`Self::new`].\n    pub fn with_config(\n        environment: Environment,\n        credentials: Credentials,\n        config: rt::client::ClientConfig,\n    ) -> Result<Self, rt::client::TransportError> {{\n        Ok(Self {{\n            http: rt::client::HttpClient::new(config)?,\n            environment,\n            credentials,\n        }})\n    }}\n\n    /// The environment requests go to.\n    pub fn environment(&self) -> &Environment {{\n        &self.environment\n    }}\n",
        docs::code(&provider.id)
    );
    for op in ops {
        let Ok(name) = naming::sanitize(&op.id, Case::Snake) else {
            continue;
        };
        let name = name.ident().to_string();
        let request = op.request.type_name.bare();
        let response = op.response.type_name.bare();
        let retryable = op.http.as_ref().is_some_and(|h| h.retryable);
        let signed = op.mac.is_some() && op.transport == Transport::Form;
        let _ = write!(
            out,
            "\n    /// `{}`: {} ({}).\n    ///\n    /// # Errors\n    ///\n    /// [`rt::client::CallError`]: the request, the transport or the answer.\n    pub async fn {name}(\n        &self,\n        request: &{request},\n{}    ) -> Result<{response}, rt::client::CallError> {{\n        let sent = request.to_http_request(&self.environment, &self.credentials{})?;\n        let answer = self.http.send(&sent, {request}::HTTP.retryable).await?;\n        Ok({response}::from_http_response(&answer, request{})?)\n    }}\n",
            op.id,
            docs::sentence(&op.title).trim_end_matches('.'),
            if retryable {
                "retried when the outcome is unknown"
            } else {
                "never retried"
            },
            if idempotent {
                "        idempotency_key: &rt::http::IdempotencyKey,\n"
            } else {
                ""
            },
            if idempotent { ", idempotency_key" } else { "" },
            if signed { ", &self.credentials" } else { "" },
        );
    }
    out.push_str("}\n");
}
