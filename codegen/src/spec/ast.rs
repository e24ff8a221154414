//! The YAML shape of a spec file, exactly as `specs/README.md` documents it.
//!
//! Every struct denies unknown keys, and every value with a syntax of its own (formats,
//! expressions, presence, identifiers) is parsed during deserialization, so serde_yaml's error
//! carries the line and column of the offending value.

use serde::Deserialize;

mod connection;

pub use super::expr::Condition;
pub use crate::format::Format;
pub use connection::{
    AuthSpec, Connection, Environment, ErrorBodySpec, IdempotencySpec, OperationHttp,
};

/// One spec file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecFile {
    /// Provider id; names the generated module and cargo feature.
    pub provider: ProviderId,
    /// What the file transcribes.
    pub title: String,
    /// Documents the file draws on.
    pub sources: Vec<Source>,
    /// Operations.
    #[serde(default)]
    pub operations: Vec<Operation>,
    /// Return-code tables.
    #[serde(default)]
    pub code_tables: Vec<CodeTable>,
    /// Payment-method profiles.
    #[serde(default)]
    pub profiles: Vec<Profile>,
    /// How to talk to the provider (one file per provider gives it).
    #[serde(default)]
    pub connection: Option<Connection>,
}

/// A provider id: lowercase ASCII letters, digits and `_`, starting with a letter.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProviderId(pub String);

impl<'de> Deserialize<'de> for ProviderId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        let mut chars = s.chars();
        let ok = chars.next().is_some_and(|c| c.is_ascii_lowercase())
            && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if ok {
            Ok(ProviderId(s))
        } else {
            Err(serde::de::Error::custom(format!(
                "invalid provider id `{s}`; expected lowercase letters, digits and `_`, starting with a letter"
            )))
        }
    }
}

/// A document a spec draws on.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Short id for `source: { ref: .. }`.
    pub id: String,
    /// File name in `../shared/seeds/`, or `facts.md`.
    pub file: String,
    /// The document's title.
    #[serde(default)]
    pub title: Option<String>,
    /// For `facts.md`: the section heading.
    #[serde(default)]
    pub section: Option<String>,
}

impl Source {
    /// Whether this source is the facts file rather than a document.
    pub fn is_facts(&self) -> bool {
        self.file == "facts.md"
    }
}

/// A reference to where a fact comes from.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SourceRef {
    /// A `sources[].id` of the same file.
    #[serde(rename = "ref")]
    pub reference: String,
    /// Table caption.
    #[serde(default)]
    pub table: Option<String>,
    /// Section heading.
    #[serde(default)]
    pub section: Option<String>,
    /// Free note.
    #[serde(default)]
    pub note: Option<String>,
}

/// How an operation travels on the wire.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Transport {
    /// `key=value` pairs (Computop).
    Form,
    /// JSON body (Adyen).
    Json,
    /// SOAP envelope (Monext).
    Soap,
    /// GET query string.
    Query,
}

impl Transport {
    /// The spelling in specs.
    pub fn as_str(self) -> &'static str {
        match self {
            Transport::Form => "form",
            Transport::Json => "json",
            Transport::Soap => "soap",
            Transport::Query => "query",
        }
    }
}

/// HTTP method.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Hash)]
pub enum HttpMethod {
    /// GET.
    #[serde(rename = "GET")]
    Get,
    /// POST.
    #[serde(rename = "POST")]
    Post,
}

/// SOAP names of an operation.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SoapNames {
    /// Namespace of the operation elements.
    pub namespace: String,
    /// Namespace of the object elements.
    pub objects_namespace: String,
    /// Request element name.
    pub request_element: String,
    /// Response element name.
    pub response_element: String,
}

/// The `mac` of a form operation: the algorithm and how its output is written, which field
/// carries it, which fields it is computed over (joined by `separator`, a missing one
/// empty), and which request fields travel in clear next to the encrypted `Len`/`Data`.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct MacSpec {
    /// The keyed digest (`hmac-sha256`, the only one so far, and the default).
    #[serde(default)]
    pub algorithm: SignatureAlgorithm,
    /// How the digest is written (`hex`: uppercase when sent, either case when read; the
    /// only one so far, and the default).
    #[serde(default)]
    pub output: MacOutput,
    /// What joins the input values; `*` when absent (specs written before the key existed
    /// meant it).
    #[serde(default = "default_mac_separator")]
    pub separator: String,
    /// The field holding the MAC (in the request, and in the response when it has one).
    pub field: String,
    /// Request MAC input, in order: fields of the operation (request or response).
    pub request: Vec<String>,
    /// Response MAC input, in order: fields of the response.
    pub response: Vec<String>,
    /// Request fields also sent in clear beside `Len` and `Data`.
    #[serde(default)]
    pub clear: Vec<String>,
    /// Where the MAC rule comes from.
    pub source: SourceRef,
}

/// `mac.separator` when the spec gives none.
fn default_mac_separator() -> String {
    "*".to_owned()
}

/// How a form operation's MAC is written.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum MacOutput {
    /// Hex digits: uppercase when sent, either case accepted when read.
    #[default]
    Hex,
}

impl MacOutput {
    /// The spelling in specs.
    pub fn as_str(self) -> &'static str {
        match self {
            MacOutput::Hex => "hex",
        }
    }
}

/// How a form operation's pairs travel (`envelope`).
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum EnvelopeSpec {
    /// In clear, percent-encoded (the default).
    #[default]
    None,
    /// Encrypted with Blowfish in ECB mode into `Len`/`Data` (Computop Paygate).
    BlowfishEcb,
}

impl EnvelopeSpec {
    /// The spelling in specs.
    pub fn as_str(self) -> &'static str {
        match self {
            EnvelopeSpec::None => "none",
            EnvelopeSpec::BlowfishEcb => "blowfish-ecb",
        }
    }
}

/// How received keys are matched against the spec's names (`keys`).
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum KeysSpec {
    /// Byte for byte (the default).
    #[default]
    Exact,
    /// ASCII letters in either case (Computop sends `Code`, `code` or `CODE`).
    AnyCase,
}

impl KeysSpec {
    /// The spelling in specs.
    pub fn as_str(self) -> &'static str {
        match self {
            KeysSpec::Exact => "exact",
            KeysSpec::AnyCase => "any_case",
        }
    }
}

/// The algorithm of a [`SignatureSpec`] or a [`MacSpec`].
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq, Hash)]
pub enum SignatureAlgorithm {
    /// HMAC with SHA-256.
    #[default]
    #[serde(rename = "hmac-sha256")]
    HmacSha256,
}

impl SignatureAlgorithm {
    /// The spelling in specs.
    pub fn as_str(self) -> &'static str {
        match self {
            SignatureAlgorithm::HmacSha256 => "hmac-sha256",
        }
    }
}

/// How the merchant's key is written (what the key text decodes to).
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum KeyEncoding {
    /// Hex digits, decoded to bytes (Adyen's HMAC key).
    Hex,
    /// The text's UTF-8 bytes as they are (Computop's passwords).
    Text,
}

impl KeyEncoding {
    /// The spelling in specs.
    pub fn as_str(self) -> &'static str {
        match self {
            KeyEncoding::Hex => "hex",
            KeyEncoding::Text => "text",
        }
    }
}

/// How the signature is written on the wire.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum OutputEncoding {
    /// Standard base64 with padding (RFC 4648 section 4).
    Base64,
    /// Hex digits, either case on input.
    Hex,
}

impl OutputEncoding {
    /// The spelling in specs.
    pub fn as_str(self) -> &'static str {
        match self {
            OutputEncoding::Base64 => "base64",
            OutputEncoding::Hex => "hex",
        }
    }
}

/// The `signature` of an operation: a keyed digest over some fields of each signed object of
/// the response, carried inside that object. Unlike `mac` it describes the whole scheme, so
/// that a provider with the same kind of signature needs YAML only.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SignatureSpec {
    /// Dotted path from the response's top to the signed objects; every list on the way is
    /// crossed, each item signed on its own (`notificationItems.NotificationRequestItem`).
    pub scope: String,
    /// The digest.
    pub algorithm: SignatureAlgorithm,
    /// How the merchant's key text becomes key bytes.
    pub key: KeyEncoding,
    /// How the digest is written.
    pub output: OutputEncoding,
    /// What joins the field values (`:`).
    pub separator: String,
    /// Dotted paths inside a signed object, in signing order; a missing value counts as
    /// empty.
    pub fields: Vec<String>,
    /// Dotted path inside a signed object of the field holding the signature; its last step
    /// may be a key of a string map (`additionalData.hmacSignature`).
    pub at: String,
    /// Where the scheme comes from.
    pub source: SourceRef,
}

/// The `outcome` of an operation: each object at `scope` of the response has a code made of
/// some of its fields joined by `separator`, looked up in a code table of the provider.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct OutcomeSpec {
    /// Dotted path from the response's top to the objects (lists crossed).
    pub scope: String,
    /// Fields of each object (dotted, inside it) whose values, joined, make the code.
    pub code: Vec<String>,
    /// What joins them.
    pub separator: String,
    /// The code table the joined code is looked up in (same provider).
    pub table: String,
    /// Where the rule comes from.
    #[serde(default)]
    pub source: Option<SourceRef>,
}

/// An operation.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Operation {
    /// Unique within the provider.
    pub id: String,
    /// One line.
    pub title: String,
    /// Longer description.
    #[serde(default)]
    pub doc: Option<String>,
    /// URL or path as the document gives it.
    pub endpoint: String,
    /// HTTP method.
    pub method: HttpMethod,
    /// Wire encoding.
    pub transport: Transport,
    /// SOAP names, for `transport: soap`.
    #[serde(default)]
    pub soap: Option<SoapNames>,
    /// How the pairs travel, for `transport: form`; absent means `none`.
    #[serde(default)]
    pub envelope: Option<EnvelopeSpec>,
    /// How received keys are matched; absent means `exact`.
    #[serde(default)]
    pub keys: Option<KeysSpec>,
    /// The message authentication code, for `transport: form` (Computop).
    #[serde(default)]
    pub mac: Option<MacSpec>,
    /// A signature carried inside the response's objects (Adyen webhooks).
    #[serde(default)]
    pub signature: Option<SignatureSpec>,
    /// The outcome of each object of a response, from a code built of its fields.
    #[serde(default)]
    pub outcome: Option<OutcomeSpec>,
    /// Where it is described.
    pub source: SourceRef,
    /// Request fields.
    pub request: FieldList,
    /// Response fields.
    pub response: FieldList,
    /// Cross-field rules over the request.
    #[serde(default)]
    pub rules: Vec<Rule>,
    /// What codes mean when they answer this operation, overriding the table's outcome.
    #[serde(default)]
    pub code_meanings: Vec<CodeMeaning>,
    /// The operation whose request this response answers (`getWebPaymentDetails` reports
    /// the outcome of a `doWebPayment`): the request the response's `echoes` paths name.
    /// Absent: the operation's own request.
    #[serde(default)]
    pub answers: Option<String>,
    /// Why it is deprecated.
    #[serde(default)]
    pub deprecated: Option<String>,
    /// How it is sent to the provider; absent for messages the provider sends.
    #[serde(default)]
    pub http: Option<OperationHttp>,
}

/// What a return code means when it answers one operation (Monext `doWebPayment`'s `00000`:
/// a session was created, nothing is paid yet), overriding the code table's outcome there.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeMeaning {
    /// The code (always text).
    pub code: CodeText,
    /// Its outcome for this operation.
    pub outcome: Outcome,
    /// What the code means for this operation (required: an override says why).
    pub doc: String,
    /// Where it is stated.
    #[serde(default)]
    pub source: Option<SourceRef>,
}

/// A list of fields with its source table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldList {
    /// The table the fields come from.
    pub source: SourceRef,
    /// The fields, in the document's order.
    pub fields: Vec<Field>,
}

/// M, O or C.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Hash)]
pub enum Presence {
    /// Mandatory.
    M,
    /// Optional.
    O,
    /// Conditional.
    C,
}

impl Presence {
    /// The letter.
    pub fn as_str(self) -> &'static str {
        match self {
            Presence::M => "M",
            Presence::O => "O",
            Presence::C => "C",
        }
    }
}

/// How a field's value is carried.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Hash, Default)]
#[serde(rename_all = "lowercase")]
pub enum ValueType {
    /// Text.
    #[default]
    String,
    /// A number (amounts, counts).
    Integer,
    /// A string-to-string map.
    Map,
    /// An ISO 4217 currency (`rt::Currency`), written as the format says: `a3` the
    /// alphabetic code (`EUR`), `n3` the numeric one (`978`). `values` restrict it.
    Currency,
}

/// An allowed value, bare or documented.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(untagged, expecting = "a value as a string, or `{ value, doc }`")]
pub enum AllowedValue {
    /// `- W2A`
    Bare(ScalarText),
    /// `- { value: W2A, doc: ... }`
    Documented(DocumentedValue),
}

/// `{ value, doc }`. Its own struct so that unknown keys are refused: an untagged variant
/// would ignore them, and an unquoted comma in a flow mapping's `doc` (`doc: Authorised (seen
/// in practice, per facts.md)`) would silently cut the text at the comma and drop the rest as
/// a key.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct DocumentedValue {
    /// The value.
    pub value: ScalarText,
    /// What it means.
    pub doc: String,
}

impl AllowedValue {
    /// The value.
    pub fn value(&self) -> &str {
        match self {
            AllowedValue::Bare(v) | AllowedValue::Documented(DocumentedValue { value: v, .. }) => {
                &v.0
            }
        }
    }

    /// Its description, if any.
    pub fn doc(&self) -> Option<&str> {
        match self {
            AllowedValue::Bare(_) => None,
            AllowedValue::Documented(DocumentedValue { doc, .. }) => Some(doc),
        }
    }
}

/// A scalar read as text, so that `101` and `"101"` both mean the text `101`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ScalarText(pub String);

impl<'de> Deserialize<'de> for ScalarText {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = ScalarText;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string or a number")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<ScalarText, E> {
                Ok(ScalarText(v.to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<ScalarText, E> {
                Ok(ScalarText(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<ScalarText, E> {
                Ok(ScalarText(v.to_string()))
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<ScalarText, E> {
                Ok(ScalarText(v.to_string()))
            }
        }
        d.deserialize_any(Visitor)
    }
}

/// URL constraints a document states.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq, Hash)]
#[serde(deny_unknown_fields)]
pub struct UrlRule {
    /// Required scheme, e.g. `https`.
    #[serde(default)]
    pub scheme: Option<String>,
    /// The only port allowed, e.g. 443.
    #[serde(default)]
    pub port: Option<u16>,
    /// `false`: no query string allowed.
    #[serde(default = "yes")]
    pub query: bool,
}

fn yes() -> bool {
    true
}

/// A field.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// Wire name.
    pub name: String,
    /// Format (leaves only).
    #[serde(default)]
    pub format: Option<Format>,
    /// The format as the source table prints it, when `format` deliberately differs.
    #[serde(default)]
    pub table_format: Option<String>,
    /// M, O or C.
    pub presence: Presence,
    /// When true, the field must be present.
    #[serde(default)]
    pub required_when: Option<Condition>,
    /// When true, the field must be absent.
    #[serde(default)]
    pub absent_when: Option<Condition>,
    /// How the value is carried.
    #[serde(default, rename = "type")]
    pub value_type: Option<ValueType>,
    /// Allowed values.
    #[serde(default)]
    pub values: Vec<AllowedValue>,
    /// The only value allowed.
    #[serde(default)]
    pub fixed: Option<ScalarText>,
    /// Smallest number allowed.
    #[serde(default)]
    pub min: Option<i64>,
    /// Largest number allowed.
    #[serde(default)]
    pub max: Option<i64>,
    /// Characters not allowed.
    #[serde(default)]
    pub forbidden: Option<String>,
    /// Text the value must start with.
    #[serde(default)]
    pub prefix: Option<String>,
    /// URL constraints.
    #[serde(default)]
    pub url: Option<UrlRule>,
    /// Nested fields (objects).
    #[serde(default)]
    pub fields: Option<Vec<Field>>,
    /// The field repeats.
    #[serde(default)]
    pub list: bool,
    /// With `list`: most items.
    #[serde(default)]
    pub max_items: Option<u32>,
    /// With `list` in a SOAP message: the element each item is written in, inside the
    /// field's own element (the WSDL's wrapped lists: `selectedContractList` holds
    /// `selectedContract` elements). Absent: the field's element repeats.
    #[serde(default)]
    pub item: Option<String>,
    /// Return-code table the value belongs to.
    #[serde(default)]
    pub code_table: Option<String>,
    /// On an amount (`type: integer`, or `int64`): the wire name of the sibling field
    /// (`type: currency`) giving its currency. The amount is then a `u64` of minor units,
    /// and the struct gets `money()` / `set_money()` over the pair.
    #[serde(default)]
    pub currency: Option<String>,
    /// Response fields only: the request field (dotted wire path) whose value this field
    /// hands back; `validate_with_request` reports a difference (`request_mismatch`).
    #[serde(default)]
    pub echoes: Option<String>,
    /// Secret or personal data.
    #[serde(default)]
    pub sensitive: bool,
    /// Rust identifier override.
    #[serde(default)]
    pub rust_name: Option<String>,
    /// Why it is deprecated.
    #[serde(default)]
    pub deprecated: Option<String>,
    /// Our description.
    #[serde(default)]
    pub doc: Option<String>,
    /// A valid example value.
    #[serde(default)]
    pub example: Option<ScalarText>,
    /// Where the fact comes from, when not the list's table.
    #[serde(default)]
    pub source: Option<SourceRef>,
}

impl Field {
    /// Whether the field is an object (has nested fields).
    pub fn is_object(&self) -> bool {
        self.fields.is_some()
    }
}

/// A cross-field rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Id, unique within its operation or profile.
    pub id: String,
    /// Must hold for a valid request.
    pub expr: Condition,
    /// The field a violation is reported on (dotted wire names).
    #[serde(default)]
    pub field: Option<String>,
    /// What the rule means.
    #[serde(default)]
    pub doc: Option<String>,
    /// Where it is stated.
    #[serde(default)]
    pub source: Option<SourceRef>,
}

/// Outcome category of a return code.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The payment or action succeeded.
    Success,
    /// Final status follows later.
    Pending,
    /// The shopper or merchant must act (redirect, challenge, 3-D Secure).
    ActionRequired,
    /// Refused by the bank, acquirer or partner.
    Refused,
    /// Cancelled by the shopper, merchant or system.
    Cancelled,
    /// Processing or technical error.
    Error,
    /// Refused or held on suspicion of fraud.
    Fraud,
}

impl Outcome {
    /// The spelling in specs.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Success => "success",
            Outcome::Pending => "pending",
            Outcome::ActionRequired => "action_required",
            Outcome::Refused => "refused",
            Outcome::Cancelled => "cancelled",
            Outcome::Error => "error",
            Outcome::Fraud => "fraud",
        }
    }
}

/// A return-code table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeTable {
    /// Unique within the provider.
    pub id: String,
    /// One line.
    pub title: String,
    /// Where the table is.
    pub source: SourceRef,
    /// Format every code has.
    pub code_format: Format,
    /// Listed codes.
    pub codes: Vec<CodeRow>,
    /// Classification of unlisted codes by prefix.
    #[serde(default)]
    pub families: Vec<Family>,
}

/// One return code.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeRow {
    /// The code (always text).
    pub code: CodeText,
    /// Short message or status.
    #[serde(default)]
    pub short: Option<String>,
    /// Long message.
    #[serde(default)]
    pub long: Option<String>,
    /// Outcome category.
    pub outcome: Outcome,
    /// Our description.
    #[serde(default)]
    pub doc: Option<String>,
    /// Where the row comes from, when not the table's source.
    #[serde(default)]
    pub source: Option<SourceRef>,
}

/// A return code, which must be written as a YAML string: `00000` read as a number would lose
/// its zeros.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CodeText(pub String);

impl<'de> Deserialize<'de> for CodeText {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = CodeText;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a quoted string (codes are text: `\"02008\"`, never numbers)")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<CodeText, E> {
                if v.is_empty() {
                    return Err(E::custom("empty code; expected a non-empty quoted string"));
                }
                Ok(CodeText(v.to_string()))
            }
        }
        d.deserialize_str(Visitor)
    }
}

/// A family rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Family {
    /// Codes starting with this prefix.
    pub prefix: CodeText,
    /// Their outcome.
    pub outcome: Outcome,
    /// What the family means.
    #[serde(default)]
    pub doc: Option<String>,
    /// Where it is stated.
    #[serde(default)]
    pub source: Option<SourceRef>,
}

/// A payment-method profile.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Unique within the provider.
    pub id: String,
    /// One line.
    pub title: String,
    /// The method's code, e.g. `PAYCONIQ_MNXT`.
    pub card_code: String,
    /// Operation it narrows.
    pub operation: String,
    /// The document.
    pub source: SourceRef,
    /// Fields that become mandatory.
    #[serde(default)]
    pub mandatory: Vec<ProfileField>,
    /// Fixed values.
    #[serde(default)]
    pub fixed: Vec<ProfileFixed>,
    /// Accepted currencies.
    #[serde(default)]
    pub currencies: Option<ProfileValues>,
    /// Accepted countries.
    #[serde(default)]
    pub country: Option<ProfileValues>,
    /// Cross-field rules.
    #[serde(default)]
    pub rules: Vec<Rule>,
    /// Refunds must come within this many days.
    #[serde(default)]
    pub refund_window_days: Option<u32>,
    /// The method's own code table.
    #[serde(default)]
    pub code_table: Option<String>,
    /// What the test environment returns.
    #[serde(default)]
    pub test_outcomes: Vec<TestOutcome>,
    /// Notes.
    #[serde(default)]
    pub notes: Option<String>,
}

/// A field a profile makes mandatory.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileField {
    /// Dotted wire names.
    pub field: String,
    /// The document's example.
    #[serde(default)]
    pub example: Option<ScalarText>,
    /// Where stated.
    #[serde(default)]
    pub source: Option<SourceRef>,
}

/// A value a profile fixes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileFixed {
    /// Dotted wire names.
    pub field: String,
    /// The value.
    pub value: ScalarText,
    /// Where stated.
    #[serde(default)]
    pub source: Option<SourceRef>,
}

/// A set of accepted values for one field.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileValues {
    /// Dotted wire names.
    pub field: String,
    /// Accepted values.
    pub values: Vec<ScalarText>,
    /// Where stated.
    #[serde(default)]
    pub source: Option<SourceRef>,
}

/// A test-environment outcome.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestOutcome {
    /// The code.
    pub code: CodeText,
    /// Its short message.
    #[serde(default)]
    pub short: Option<String>,
    /// What triggers it.
    #[serde(default)]
    pub doc: Option<String>,
}
