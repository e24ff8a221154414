//! The provider's error bodies, typed: a JSON error object whose keys the spec names (Adyen:
//! `status`, `errorCode`, `errorType`, `message`, `pspReference`), or a SOAP 1.1 fault.

use std::fmt;

/// Which wire key carries each part of a JSON error body (the spec's `error_body`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JsonErrorKeys {
    /// The HTTP status repeated in the body.
    pub status: Option<&'static str>,
    /// The provider's error code.
    pub code: Option<&'static str>,
    /// The error's category.
    pub kind: Option<&'static str>,
    /// A readable message.
    pub message: Option<&'static str>,
    /// The provider's reference of the failed call.
    pub reference: Option<&'static str>,
}

/// What an error answer looks like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorFormat {
    /// The spec describes none.
    None,
    /// A JSON object, on a status other than 2xx.
    Json(JsonErrorKeys),
    /// A SOAP 1.1 `Fault` in the envelope's body, on any status.
    SoapFault,
}

/// A provider's error answer.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorBody {
    /// A JSON error object.
    Json(JsonErrorBody),
    /// A SOAP fault.
    SoapFault(SoapFault),
}

/// A JSON error object, each part read from the key the spec names; a part the body lacks
/// (or holds with another type) is `None`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JsonErrorBody {
    /// The HTTP status repeated in the body.
    pub status: Option<i64>,
    /// The provider's error code (Adyen's `errorCode`).
    pub code: Option<String>,
    /// The error's category (Adyen's `errorType`).
    pub kind: Option<String>,
    /// A readable message.
    pub message: Option<String>,
    /// The provider's reference of the failed call (Adyen's `pspReference`).
    pub reference: Option<String>,
}

/// A SOAP 1.1 fault (`faultcode`, `faultstring`; SOAP 1.2's `Code`/`Reason` read the same).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SoapFault {
    /// `faultcode` (`soapenv:Server`).
    pub code: String,
    /// `faultstring`.
    pub message: String,
}

impl ErrorBody {
    /// The provider's code: Adyen's `errorCode`, a fault's `faultcode`.
    #[must_use]
    pub fn code(&self) -> Option<&str> {
        match self {
            ErrorBody::Json(body) => body.code.as_deref(),
            ErrorBody::SoapFault(fault) => Some(&fault.code),
        }
    }

    /// The provider's readable message.
    #[must_use]
    pub fn message(&self) -> Option<&str> {
        match self {
            ErrorBody::Json(body) => body.message.as_deref(),
            ErrorBody::SoapFault(fault) => Some(&fault.message),
        }
    }
}

/// Shows the kind and the provider's code, escaped (`{:?}`), never the message: it is the
/// provider's free text, read from the body with the typed fields.
impl fmt::Display for ErrorBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorBody::Json(body) => match &body.code {
                Some(code) => write!(f, "error code {code:?}"),
                None => f.write_str("error body without a code"),
            },
            ErrorBody::SoapFault(fault) => write!(f, "SOAP fault {:?}", fault.code),
        }
    }
}

impl ErrorFormat {
    /// The error body of an answer, when it is one this format reads.
    #[must_use]
    pub fn read(&self, status: http::StatusCode, body: &[u8]) -> Option<ErrorBody> {
        match self {
            ErrorFormat::None => None,
            ErrorFormat::Json(keys) if !status.is_success() => read_json(keys, body),
            ErrorFormat::Json(_) => None,
            ErrorFormat::SoapFault => read_fault(body),
        }
    }
}

#[cfg(feature = "json")]
fn read_json(keys: &JsonErrorKeys, body: &[u8]) -> Option<ErrorBody> {
    let object = crate::wire::json::from_json(body).ok()?;
    let text = |key: Option<&str>| {
        key.and_then(|key| object.get(key))
            .and_then(crate::wire::WireValue::as_str)
            .map(str::to_owned)
    };
    let status = keys
        .status
        .and_then(|key| object.get(key))
        .and_then(|value| match value {
            crate::wire::WireValue::Number(n) => n.as_i64(),
            _ => None,
        });
    let found = JsonErrorBody {
        status,
        code: text(keys.code),
        kind: text(keys.kind),
        message: text(keys.message),
        reference: text(keys.reference),
    };
    // An object with none of the keys is not the provider's error body (a proxy's page, say).
    (found != JsonErrorBody::default()).then_some(ErrorBody::Json(found))
}

#[cfg(not(feature = "json"))]
fn read_json(_: &JsonErrorKeys, _: &[u8]) -> Option<ErrorBody> {
    None
}

#[cfg(feature = "soap")]
fn read_fault(body: &[u8]) -> Option<ErrorBody> {
    // `from_soap` reports a fault as its own problem, whatever element was expected.
    match crate::wire::soap::from_soap(body, "Fault") {
        Err(err) => match err.problem() {
            crate::wire::DecodeProblem::SoapFault { code, message } => {
                Some(ErrorBody::SoapFault(SoapFault {
                    code: code.clone(),
                    message: message.clone(),
                }))
            }
            _ => None,
        },
        Ok(_) => None,
    }
}

#[cfg(not(feature = "soap"))]
fn read_fault(_: &[u8]) -> Option<ErrorBody> {
    None
}
