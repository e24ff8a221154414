//! What the generated code says about itself, for tools: every operation and profile
//! with its fields, transport and entry points over [`WireObject`], and every return-code
//! table. The `pspec` command is built on it; an application can use it to drive a
//! generic client or a form.
//!
//! The generated `OPERATIONS` and `CODE_TABLES` statics fill these types; nothing here
//! is provider-specific.

use crate::{Outcome, Violations};

use super::error::DecodeError;
use super::value::{KeyCase, WireObject};

/// How an operation's messages travel (the spec's `transport`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Transport {
    /// `key=value` pairs (Computop; the request sealed in a `Len`/`Data` envelope).
    Form,
    /// A JSON body (Adyen).
    Json,
    /// A SOAP 1.1 envelope (Monext).
    Soap,
    /// A GET query string.
    Query,
}

impl Transport {
    /// `form`, `json`, `soap` or `query`, as in the spec.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Transport::Form => "form",
            Transport::Json => "json",
            Transport::Soap => "soap",
            Transport::Query => "query",
        }
    }

    /// How names are matched when reading this transport: any case for forms (Computop
    /// sends keys in upper, lower or mixed case), exactly otherwise.
    #[must_use]
    pub const fn key_case(self) -> KeyCase {
        match self {
            Transport::Form => KeyCase::Insensitive,
            Transport::Json | Transport::Soap | Transport::Query => KeyCase::Exact,
        }
    }
}

/// One field of a message, flattened: nested fields appear after their object, with a
/// dotted name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldInfo {
    /// Dotted wire name (`payment.amount`).
    pub name: &'static str,
    /// The format in spec notation (`ans..30`, `date(DD/MM/YY)`); `None` for an object.
    pub format: Option<&'static str>,
    /// `M`, `O` or `C`.
    pub presence: &'static str,
    /// For `C` fields: `required_when` or `absent_when` as written in the spec, prefixed
    /// with which of the two it is (`required when Channel == 'W2A'`).
    pub condition: Option<&'static str>,
    /// Secret or personal data.
    pub sensitive: bool,
    /// Whether it is an object (its fields follow, dotted).
    pub object: bool,
    /// Whether it repeats.
    pub list: bool,
    /// Whether it is a string map (`type: map`): an object whose keys the provider chooses.
    pub map: bool,
    /// Allowed values (closed in requests, open in responses), in spec order.
    pub values: &'static [&'static str],
    /// The return-code table the field carries codes of.
    pub code_table: Option<&'static str>,
    /// An ISO 4217 currency, written in this form (`type: currency` in the spec).
    pub currency: Option<crate::CurrencyForm>,
    /// An amount in minor units of the currency in this sibling field (spec key `currency`
    /// on the amount): a non-negative integer.
    pub minor_units_of: Option<&'static str>,
}

impl FieldInfo {
    /// A field holding a value of `format` (spec notation), present as `presence` (`M`, `O`
    /// or `C`); not sensitive, not repeated, no listed values. The generated catalogs build
    /// every field from this or [`FieldInfo::object`] and the modifiers below, which keeps
    /// them one short line per field.
    #[must_use]
    pub const fn value(
        name: &'static str,
        format: &'static str,
        presence: &'static str,
    ) -> FieldInfo {
        FieldInfo {
            name,
            format: Some(format),
            presence,
            condition: None,
            sensitive: false,
            object: false,
            list: false,
            map: false,
            values: &[],
            code_table: None,
            currency: None,
            minor_units_of: None,
        }
    }

    /// An object (its fields follow it, dotted), present as `presence`.
    #[must_use]
    pub const fn object(name: &'static str, presence: &'static str) -> FieldInfo {
        FieldInfo {
            format: None,
            object: true,
            ..FieldInfo::value(name, "", presence)
        }
    }

    /// With the condition of a `C` field, as [`FieldInfo::condition`] describes it.
    #[must_use]
    pub const fn when(self, condition: &'static str) -> FieldInfo {
        FieldInfo {
            condition: Some(condition),
            ..self
        }
    }

    /// Marked as secret or personal data.
    #[must_use]
    pub const fn secret(self) -> FieldInfo {
        FieldInfo {
            sensitive: true,
            ..self
        }
    }

    /// Marked as repeating.
    #[must_use]
    pub const fn repeated(self) -> FieldInfo {
        FieldInfo { list: true, ..self }
    }

    /// Marked as a string map.
    #[must_use]
    pub const fn string_map(self) -> FieldInfo {
        FieldInfo { map: true, ..self }
    }

    /// With its allowed values, in spec order.
    #[must_use]
    pub const fn allowing(self, values: &'static [&'static str]) -> FieldInfo {
        FieldInfo { values, ..self }
    }

    /// An ISO 4217 currency written in `form`.
    #[must_use]
    pub const fn currency(self, form: crate::CurrencyForm) -> FieldInfo {
        FieldInfo {
            currency: Some(form),
            ..self
        }
    }

    /// An amount in minor units of the currency in the sibling field `currency`.
    #[must_use]
    pub const fn minor_units_of(self, currency: &'static str) -> FieldInfo {
        FieldInfo {
            minor_units_of: Some(currency),
            ..self
        }
    }

    /// Carrying codes of the return-code table `table`.
    #[must_use]
    pub const fn codes_of(self, table: &'static str) -> FieldInfo {
        FieldInfo {
            code_table: Some(table),
            ..self
        }
    }
}

/// A form operation's `MAC` (a spec's `mac`): which field holds it, which fields it is
/// computed over and how they are joined, and how keys are matched. The algorithm is
/// HMAC-SHA256 written as hex, the only one a spec can name so far.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MacInfo {
    /// The field holding it (`MAC`).
    pub field: &'static str,
    /// The request fields, joined by [`Self::separator`].
    pub request: &'static [&'static str],
    /// The response fields, joined by [`Self::separator`].
    pub response: &'static [&'static str],
    /// Request fields also sent in clear next to `Len` and `Data` (`MerchantID`); empty
    /// without an envelope.
    pub clear: &'static [&'static str],
    /// What joins the values (`*`).
    pub separator: &'static str,
    /// How the field names above are matched in a message (the operation's `keys`).
    pub keys: super::value::KeyCase,
}

/// A signature carried inside the response's objects (a spec's `signature`); the scheme
/// as text, so that the catalog does not depend on the `signature` feature.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SignatureInfo {
    /// `hmac-sha256`.
    pub algorithm: &'static str,
    /// How the key is written: `hex` or `text`.
    pub key: &'static str,
    /// How the signature is written: `base64` or `hex`.
    pub output: &'static str,
    /// What joins the signed values.
    pub separator: &'static str,
    /// Dotted path to the signed objects (lists crossed).
    pub scope: &'static str,
    /// Dotted paths inside a signed object, in signing order.
    pub fields: &'static [&'static str],
    /// Dotted path inside a signed object to the signature.
    pub at: &'static str,
    /// The command-line option giving the key, without the dashes (`adyen-hmac-key`).
    pub key_option: &'static str,
    /// The environment variable giving the key (`PSPEC_ADYEN_HMAC_KEY`).
    pub key_env: &'static str,
}

/// The outcome of each object of the response (a spec's `outcome`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ItemOutcomeInfo {
    /// Dotted path to the objects (lists crossed).
    pub scope: &'static str,
    /// Dotted paths inside an object whose values, joined, make the code.
    pub code: &'static [&'static str],
    /// What joins them.
    pub separator: &'static str,
    /// The code table (same provider) the code is looked up in.
    pub table: &'static str,
}

/// The SOAP names of an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SoapInfo {
    /// Operation namespace.
    pub namespace: &'static str,
    /// Objects namespace.
    pub objects_namespace: &'static str,
    /// Request element.
    pub request_element: &'static str,
    /// Response element.
    pub response_element: &'static str,
}

/// A decoded response, as tools show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    /// The fields the spec knows, re-encoded from the typed response (spec spelling and
    /// order; open enums and unknown codes keep the value received).
    pub fields: WireObject,
    /// The response's return code, when its spec gives it a code table and it is present.
    pub return_code: Option<ReturnCode>,
}

/// A return code with what its table says about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReturnCode {
    /// The code as received.
    pub code: String,
    /// Whether the table lists it.
    pub known: bool,
    /// Its outcome (from the table, or from the family rules for an unlisted code).
    pub outcome: Outcome,
    /// The table's short message.
    pub short_message: Option<&'static str>,
    /// The table's long message.
    pub long_message: Option<&'static str>,
}

/// An operation, or a payment-method profile of one.
#[derive(Clone, Copy, Debug)]
pub struct OperationInfo {
    /// What the `pspec` command takes: `<provider>.<operation or profile id>`.
    pub id: &'static str,
    /// Provider id (`computop`).
    pub provider: &'static str,
    /// The operation's spec id (`wechat`; a profile's operation for a profile).
    pub operation: &'static str,
    /// One line.
    pub title: &'static str,
    /// Endpoint as the document gives it.
    pub endpoint: &'static str,
    /// `GET` or `POST`.
    pub method: &'static str,
    /// Wire encoding.
    pub transport: Transport,
    /// For a profile: its card code (`PAYCONIQ_MNXT`).
    pub profile: Option<&'static str>,
    /// Request fields, flattened, in spec order.
    pub request: &'static [FieldInfo],
    /// Response fields, flattened, in spec order.
    pub response: &'static [FieldInfo],
    /// The `MAC`, for Computop operations.
    pub mac: Option<MacInfo>,
    /// SOAP names, for SOAP operations.
    pub soap: Option<SoapInfo>,
    /// The signature inside the response's objects, when the spec gives one.
    pub signature: Option<SignatureInfo>,
    /// The outcome of each object of the response, when the spec gives one.
    pub item_outcome: Option<ItemOutcomeInfo>,
    /// Code tables of the responses (and of the profile), most specific first.
    pub code_tables: &'static [&'static str],
    /// Reads a request tree into the typed request and validates it (under the profile,
    /// for a profile).
    pub validate: fn(&WireObject) -> Result<Violations, DecodeError>,
    /// Reads a request tree into the typed request and writes it back: the fields the
    /// spec knows, in spec order and spelling. Does not validate.
    pub encode: fn(&WireObject) -> Result<WireObject, DecodeError>,
    /// Reads a response tree into the typed response (leniently).
    pub decode: fn(&WireObject) -> Result<Decoded, DecodeError>,
    /// Reads a response tree and validates it: `validate()`, or, given the request tree
    /// it answers, `validate_with_request()` (conditions naming the request, fields that
    /// must echo it); for an operation with [`Self::answers`], the request tree is one of
    /// that operation and the response gets `validate()` and `check_against()`. An
    /// unreadable request tree is an error.
    pub check_response: fn(&WireObject, Option<&WireObject>) -> Result<Violations, DecodeError>,
    /// The entry (`monext.doWebPayment`) whose request this response answers and hands
    /// values back from, when it is another operation's (spec key `answers`): the request
    /// `check_response` takes is one of that operation.
    pub answers: Option<&'static str>,
}

impl OperationInfo {
    /// Whether the dotted `path` names an object of the request (for
    /// [`super::expand_dotted_where`]).
    #[must_use]
    pub fn request_object(&self, path: &str) -> bool {
        self.request
            .iter()
            .any(|field| field.object && field.name == path)
    }
}

/// A listed return code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CodeInfo {
    /// The code.
    pub code: &'static str,
    /// Short message.
    pub short: Option<&'static str>,
    /// Long message.
    pub long: Option<&'static str>,
    /// Outcome.
    pub outcome: Outcome,
}

impl CodeInfo {
    /// A listed code with its messages and outcome.
    #[must_use]
    pub const fn new(
        code: &'static str,
        short: Option<&'static str>,
        long: Option<&'static str>,
        outcome: Outcome,
    ) -> CodeInfo {
        CodeInfo {
            code,
            short,
            long,
            outcome,
        }
    }
}

/// A return-code table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CodeTableInfo {
    /// Provider id.
    pub provider: &'static str,
    /// Table id (`paygate`).
    pub id: &'static str,
    /// One line.
    pub title: &'static str,
    /// Listed codes, in spec order.
    pub codes: &'static [CodeInfo],
    /// Family rules `(prefix, outcome)`, in spec order.
    pub families: &'static [(&'static str, Outcome)],
}

impl CodeTableInfo {
    /// What the table says about `code`: its row when listed, else the outcome of the
    /// longest matching family prefix ([`Outcome::Unknown`] when none matches).
    #[must_use]
    pub fn lookup(&self, code: &str) -> ReturnCode {
        match self.codes.iter().find(|row| row.code == code) {
            Some(row) => ReturnCode {
                code: code.to_owned(),
                known: true,
                outcome: row.outcome,
                short_message: row.short,
                long_message: row.long,
            },
            None => ReturnCode {
                code: code.to_owned(),
                known: false,
                outcome: crate::family_outcome(code, self.families),
                short_message: None,
                long_message: None,
            },
        }
    }
}

/// Adds the typed validator's violations to those found while reading the request
/// ([`super::ReadMode::Collect`]), leaving out any on a field already reported there or
/// inside it: that field holds a placeholder, and its placeholder's violations would be
/// noise.
#[doc(hidden)]
pub fn merge_violations(found: &mut Violations, typed: Result<(), Violations>) {
    let Err(typed) = typed else { return };
    let reported: Vec<&'static str> = found.iter().map(|violation| violation.field).collect();
    for violation in typed {
        let covered = reported.iter().any(|field| {
            violation.field == *field
                || violation
                    .field
                    .strip_prefix(field)
                    .is_some_and(|rest| rest.starts_with('.'))
        });
        if !covered {
            found.push(violation);
        }
    }
}
