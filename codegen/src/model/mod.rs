//! Stage 3: the central model. A checked [`SpecSet`] is lowered into providers → operations →
//! request and response messages → fields, with every Rust name decided (by [`naming`], the
//! one sanitizer), every type resolved, every expression resolved to typed field references,
//! and every name collision reported with both spec locations.
//!
//! The emitter reads only this model, never the YAML shape.
//!
//! # Names of generated items
//!
//! | item | name |
//! |---|---|
//! | provider module | `snake_case(provider)` (`computop`) |
//! | request / response struct | `<Op>Request` / `<Op>Response` (`DoWebPaymentRequest`) |
//! | nested object struct | the shortest free of `<Op><Leaf>`, `<Op><Parent><Leaf>`, `<Op><Request\|Response><Leaf>`, `<Op><Request\|Response><FieldPath>` (`PaymentsPaymentMethod`; see `short_names`) |
//! | enum of a field's `values` | the same (`WechatChannel`, `GetWebPaymentDetailsShortMessage`) |
//! | enum variant | `UpperCamelCase(value)` (`QRCode` → `QrCode`, `101` → `N101`) |
//! | struct field | `snake_case(wire name)`, or the field's `rust_name` |
//! | return-code type | `<TableId>Code` (`PaygateCode`), `<TableId>` when the id ends in `code` (`ResultCode`) |
//! | return-code variant | `UpperCamelCase(code)` (`02008` → `N02008`, `Authorised`) |
//! | profile enum | `<Op>Profile` (`DoWebPaymentProfile`), one variant per profile id |
//!
//! `<Op>` is `UpperCamelCase(operation id)`; `<FieldPath>` joins `UpperCamelCase` of each wire
//! name (or `rust_name`) on the path from the message's top.

mod answers;
mod codes;
pub mod connection;
mod cx;
mod echoes;
mod expr;
mod fields;
pub mod naming;
mod operations;
mod profiles;
pub mod protocol;
mod rules;
mod scope;
mod short_names;
mod vocab;

use crate::diagnostic::Diagnostics;
use crate::spec::SpecSet;
// The `mac` / `signature` keys are being reshaped on another branch (form MAC, envelope, key
// matching); until that lands, the model carries them as the spec gives them.
pub use crate::spec::ast::{
    KeyEncoding, MacSpec, OutputEncoding, SignatureAlgorithm, SignatureSpec,
};
// Formats are plain values (a class and a length, a date mask) that mean the same in the spec
// and in the generated validators: the spec, the check, the model and the emitters share them
// from `crate::format` rather than convert between identical copies.
pub use crate::format::{CharClass, DatePart, Format, Length};
use crate::spec::resolve::ExprType;
pub use naming::RustName;
pub use vocab::{
    CompareOp, HttpMethod, Literal, Outcome, OutcomeSpec, Presence, SoapNames, Transport, UrlRule,
};

/// Every provider of a spec set, sorted by id.
#[derive(Clone, Debug)]
pub struct Model {
    /// The providers.
    pub providers: Vec<Provider>,
    /// Every spec file it comes from, as displayed, sorted.
    pub spec_files: Vec<String>,
}

/// One provider: everything its spec files define, merged.
#[derive(Clone, Debug)]
pub struct Provider {
    /// The provider id (`computop`); also the cargo feature's name.
    pub id: String,
    /// The module name.
    pub module: RustName,
    /// The spec files it comes from, sorted by display name.
    pub files: Vec<SpecFileInfo>,
    /// Operations, in file order then spec order.
    pub operations: Vec<Operation>,
    /// Return-code tables, in file order then spec order.
    pub code_tables: Vec<CodeTable>,
    /// How to talk to the provider (spec key `connection`), when a file gives it.
    pub connection: Option<connection::Connection>,
}

/// A spec file of a provider.
#[derive(Clone, Debug)]
pub struct SpecFileInfo {
    /// As shown to people (`specs/computop-wechat.yaml`).
    pub display: String,
    /// What the file transcribes.
    pub title: String,
}

/// Where a fact comes from, resolved from a `source: { ref, ... }`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Citation {
    /// The document: its title and file (`Computop Paygate - WeChat (004_353c94dbe42b58ac.txt)`).
    pub document: String,
    /// Table caption.
    pub table: Option<String>,
    /// Section heading.
    pub section: Option<String>,
    /// Free note.
    pub note: Option<String>,
}

/// An operation.
#[derive(Clone, Debug)]
pub struct Operation {
    /// Spec id (`doWebPayment`).
    pub id: String,
    /// One line.
    pub title: String,
    /// Longer description.
    pub doc: Option<String>,
    /// URL or path as the document gives it.
    pub endpoint: String,
    /// HTTP method.
    pub method: HttpMethod,
    /// Wire encoding.
    pub transport: Transport,
    /// SOAP names, for `transport: soap`.
    pub soap: Option<SoapNames>,
    /// The MAC, for form operations that carry one.
    pub mac: Option<MacSpec>,
    /// Envelope and key matching, as the spec states them (defaults filled in).
    pub protocol: protocol::Protocol,
    /// The signature carried inside the response's objects, when the spec gives one.
    pub signature: Option<Signature>,
    /// The outcome of each object of the response, when the spec gives one.
    pub item_outcome: Option<ItemOutcome>,
    /// Where it is described.
    pub source: Citation,
    /// Why it is deprecated.
    pub deprecated: Option<String>,
    /// The spec file it is defined in.
    pub file: String,
    /// The request.
    pub request: Message,
    /// The response.
    pub response: Message,
    /// Cross-field rules over the request, in spec order.
    pub rules: Vec<Rule>,
    /// What codes mean when they answer this operation (overriding the table), in spec order.
    pub code_meanings: Vec<CodeMeaning>,
    /// Profiles narrowing this operation (any file of the provider), in file order.
    pub profiles: Vec<Profile>,
    /// Name of the profile enum, when there are profiles.
    pub profile_type: Option<RustName>,
    /// Spec key `answers`: the other operation whose request this response answers (its
    /// `echoes` name that request); `None` for the operation's own request.
    pub answers: Option<Answered>,
    /// How it is sent to the provider (spec key `http`); `None` for messages the provider
    /// sends or calls to third parties.
    pub http: Option<connection::OperationHttp>,
}

/// The operation a response answers when it is not its own (`getWebPaymentDetails` answers
/// `doWebPayment`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answered {
    /// Its spec id (`doWebPayment`).
    pub operation: String,
    /// Its request struct, in the same module (`DoWebPaymentRequest`).
    pub request_type: RustName,
}

/// What a return code means when it answers one operation.
#[derive(Clone, Debug)]
pub struct CodeMeaning {
    /// The code.
    pub code: String,
    /// Its outcome for the operation.
    pub outcome: Outcome,
    /// What it means for the operation.
    pub doc: String,
    /// Where it is stated.
    pub source: Option<Citation>,
}

impl Operation {
    /// The response field whose code says what happened (`outcome()` reads it): the first
    /// return-code field, depth first in document order, lists left out; with the fields on
    /// the way to it, outermost first.
    pub fn outcome_path(&self) -> Option<Vec<&Field>> {
        fn find<'a>(fields: &'a [Field], path: &mut Vec<&'a Field>) -> bool {
            for field in fields {
                if field.list {
                    continue;
                }
                path.push(field);
                match &field.shape {
                    Shape::Leaf(leaf) if matches!(leaf.kind, LeafKind::Code { .. }) => return true,
                    Shape::Object(object) if find(&object.fields, path) => return true,
                    _ => {}
                }
                path.pop();
            }
            false
        }
        let mut path = Vec::new();
        find(&self.response.fields, &mut path).then_some(path)
    }

    /// The table and type of the code [`Self::outcome_path`] leads to.
    pub fn outcome_table(&self) -> Option<(&str, &RustName)> {
        let path = self.outcome_path()?;
        match &path.last()?.shape {
            Shape::Leaf(Leaf {
                kind: LeafKind::Code { table, type_name },
                ..
            }) => Some((table.as_str(), type_name)),
            _ => None,
        }
    }
}

/// An operation's `signature`, with the type of the signed objects resolved.
#[derive(Clone, Debug)]
pub struct Signature {
    /// As the spec gives it.
    pub spec: SignatureSpec,
    /// The struct of the objects at `spec.scope`.
    pub item_type: RustName,
    /// Where the scheme comes from.
    pub source: Citation,
}

/// An operation's `outcome`, with the types resolved.
#[derive(Clone, Debug)]
pub struct ItemOutcome {
    /// As the spec gives it.
    pub spec: OutcomeSpec,
    /// The struct of the objects at `spec.scope`.
    pub item_type: RustName,
    /// The return-code type of `spec.table`.
    pub table_type: RustName,
}

/// Which side of an operation a message is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Sent to the provider: enums closed, `validate()` required.
    Request,
    /// Received: enums and codes open, `validate()` opt-in.
    Response,
}

impl Direction {
    /// `Request` or `Response`, as in type names.
    pub fn word(self) -> &'static str {
        match self {
            Direction::Request => "Request",
            Direction::Response => "Response",
        }
    }
}

/// A request or response.
#[derive(Clone, Debug)]
pub struct Message {
    /// Which side.
    pub direction: Direction,
    /// The struct's name.
    pub type_name: RustName,
    /// The table the fields come from.
    pub source: Citation,
    /// The fields, in the document's order.
    pub fields: Vec<Field>,
    /// Whether a condition names a request field (`request.X`): responses then get
    /// `validate_with_request`.
    pub needs_request: bool,
    /// Responses: the fields that hand back a request field (spec key `echoes`), in spec
    /// order; `validate_with_request` compares them with the request.
    pub echoes: Vec<Echo>,
}

/// A response field that hands back a request field's value (spec key `echoes`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Echo {
    /// Dotted wire path of the response field (`mid`, `order.ref`).
    pub field: String,
    /// Dotted wire path of the request field it echoes (`MerchantID`).
    pub request: String,
}

/// A field.
#[derive(Clone, Debug)]
pub struct Field {
    /// Wire name.
    pub wire_name: String,
    /// Dotted wire names from the message's top (`payment.amount`).
    pub path: String,
    /// The struct field's name.
    pub rust_name: RustName,
    /// M, O or C.
    pub presence: Presence,
    /// When it must be present.
    pub required_when: Option<Condition>,
    /// When it must be absent.
    pub absent_when: Option<Condition>,
    /// A value or a nested object.
    pub shape: Shape,
    /// Whether it repeats.
    pub list: bool,
    /// With `list`: most items.
    pub max_items: Option<u32>,
    /// With `list` in SOAP: the element each item is written in, inside the field's own
    /// element (a wrapped list); `None`: the field's element repeats.
    pub item: Option<String>,
    /// Secret or personal data: redacted in `Debug`.
    pub sensitive: bool,
    /// Why it is deprecated.
    pub deprecated: Option<String>,
    /// Our description.
    pub doc: Option<String>,
    /// A valid example.
    pub example: Option<String>,
    /// The format as the source table prints it, when the spec deliberately differs.
    pub table_format: Option<String>,
    /// Spec key `currency` on an amount: the wire name of the sibling currency field.
    pub currency_of: Option<String>,
    /// Where the field comes from.
    pub source: Citation,
    /// Computed when the message is encoded (a request's MAC): not a struct field, only a
    /// slot of the wire tree that the signing path fills; listed in the catalog.
    pub computed: bool,
    /// What expressions may do with it: the one classification the check also uses, so that
    /// lowering a condition applies exactly the rules the check applied. Not for emitters.
    pub(in crate::model) expr_type: ExprType,
}

impl Field {
    /// Whether the Rust type is wrapped in `Option`.
    pub fn is_optional(&self) -> bool {
        self.presence != Presence::M
    }

    /// The fixed text of a text leaf (`fixed:` in the spec): filled in by construction and
    /// kept out of the app's reach (a crate-private field with an accessor).
    pub fn fixed_text(&self) -> Option<&str> {
        match &self.shape {
            Shape::Leaf(Leaf {
                kind: LeafKind::Text,
                fixed: Some(value),
                ..
            }) if !self.list => Some(value),
            _ => None,
        }
    }
}

/// What a field carries.
#[derive(Clone, Debug)]
pub enum Shape {
    /// A value.
    Leaf(Leaf),
    /// Nested fields.
    Object(Object),
}

/// A nested object.
#[derive(Clone, Debug)]
pub struct Object {
    /// The struct's name.
    pub type_name: RustName,
    /// Its fields, in order.
    pub fields: Vec<Field>,
}

/// A value field.
#[derive(Clone, Debug)]
pub struct Leaf {
    /// The format.
    pub format: Format,
    /// The Rust type.
    pub kind: LeafKind,
    /// The only value allowed.
    pub fixed: Option<String>,
    /// Smallest number allowed.
    pub min: Option<i64>,
    /// Largest number allowed.
    pub max: Option<i64>,
    /// Characters not allowed (ASCII).
    pub forbidden: Option<String>,
    /// Text the value must start with.
    pub prefix: Option<String>,
    /// URL constraints.
    pub url: Option<UrlRule>,
    /// What the operation's transport cannot carry in this value, set from the transport
    /// (never from a provider name) once the operation is lowered.
    pub carry: Carry,
}

/// The values a transport cannot put on the wire and read back unchanged: `validate()`
/// reports them, so that everything it accepts, encoding accepts and decoding restores.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Carry {
    /// Any text travels (JSON strings, percent-encoded query strings).
    #[default]
    Any,
    /// `form`: the `key=value&...` payload has no escape, so `&` would start another
    /// parameter. `=` travels: a pair is split at its first `=` only.
    Form,
    /// `soap`: XML 1.0 carries no C0 control other than tab, line feed and carriage return
    /// (and a parser turns a carriage return into a line feed), nor U+FFFE/U+FFFF.
    Xml,
}

impl Carry {
    /// The carry rule of a transport.
    pub fn of(transport: Transport) -> Self {
        match transport {
            Transport::Form => Carry::Form,
            Transport::Soap => Carry::Xml,
            Transport::Json | Transport::Query => Carry::Any,
        }
    }
}

impl Carry {
    /// Whether a value of `format` needs the check at all: a format whose own character
    /// rule already refuses every character the transport cannot carry gets none (an `an`
    /// field never holds `&`; the ASCII classes hold no control character).
    pub fn needed(self, format: &Format) -> bool {
        let class = match format {
            Format::Chars { class, .. } => *class,
            // Dates and date-times are checked against their masks; numbers and booleans
            // are not text.
            _ => return false,
        };
        match self {
            Carry::Any => false,
            Carry::Form => matches!(
                class,
                CharClass::AlphaSpecial
                    | CharClass::NumericSpecial
                    | CharClass::AlphaNumericSpecial
                    | CharClass::Text
            ),
            // `text` refuses controls but admits U+FFFE and U+FFFF.
            Carry::Xml => class == CharClass::Text,
        }
    }
}

impl Leaf {
    /// Whether `validate()` needs a transport check for this value: the transport cannot
    /// carry some character, and neither the format nor the field's `forbidden` list
    /// refuses it already (no violation is reported twice).
    pub fn needs_carry_check(&self) -> bool {
        let forbids_ampersand = self.forbidden.as_deref().is_some_and(|f| f.contains('&'));
        self.carry.needed(&self.format) && !(self.carry == Carry::Form && forbids_ampersand)
    }
}

/// Sets `carry` on every value field below `fields` (lists and nested objects included).
pub fn set_carry(fields: &mut [Field], carry: Carry) {
    for field in fields {
        match &mut field.shape {
            Shape::Leaf(leaf) => leaf.carry = carry,
            Shape::Object(object) => set_carry(&mut object.fields, carry),
        }
    }
}

/// The Rust type of a value.
#[derive(Clone, Debug)]
pub enum LeafKind {
    /// `String`.
    Text,
    /// `u64`: `type: integer` with an `n` format.
    Unsigned,
    /// `i64`: the `int64` format.
    Signed,
    /// `bool`.
    Bool,
    /// `BTreeMap<String, String>`: `type: map`.
    Map,
    /// An enum of the field's `values`.
    Enum(EnumDef),
    /// A return code of a table of the provider.
    Code {
        /// The table id.
        table: String,
        /// The table's type.
        type_name: RustName,
    },
    /// A date of a `date(<mask>)` format without `values` or `fixed`: `rt::time::Date`, or
    /// `rt::time::PrimitiveDateTime` when the mask has a time.
    Date {
        /// The format's notation (`date(DD/MM/YYYY hh:mm)`), what the runtime reads and
        /// writes by.
        format: String,
        /// Whether the mask has an hour.
        time: bool,
    },
    /// `rt::Currency`: `type: currency`.
    Currency {
        /// How the wire writes it (`a3` alphabetic, `n3` numeric).
        form: CurrencyForm,
        /// The spec's `values`, as the wire writes them, with their alphabetic codes: a
        /// restriction `validate()` checks (`not_allowed_value`), not a type of its own.
        allowed: Vec<(String, String)>,
    },
}

/// How a currency field is written on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CurrencyForm {
    /// `EUR` (format `a3`).
    Alphabetic,
    /// `978` (format `n3`).
    Numeric,
}

impl CurrencyForm {
    /// The form of a currency field's format: `a3` or `n3`, nothing else.
    pub fn of(format: &Format) -> Option<CurrencyForm> {
        match format {
            Format::Chars {
                class: CharClass::Alpha,
                length: Length::Exactly(3),
            } => Some(CurrencyForm::Alphabetic),
            Format::Chars {
                class: CharClass::Numeric,
                length: Length::Exactly(3),
            } => Some(CurrencyForm::Numeric),
            _ => None,
        }
    }

    /// The alphabetic code of `code` written in this form, when it is an ISO 4217 code.
    pub fn alpha_of(self, code: &str) -> Option<&'static str> {
        let currency = match self {
            CurrencyForm::Alphabetic if code.bytes().all(|b| b.is_ascii_uppercase()) => {
                iso_currency::Currency::from_code(code)
            }
            CurrencyForm::Numeric
                if code.len() == 3 && code.bytes().all(|b| b.is_ascii_digit()) =>
            {
                code.parse::<u16>()
                    .ok()
                    .and_then(iso_currency::Currency::from_numeric)
            }
            _ => None,
        };
        currency.map(|c| c.code())
    }

    /// The runtime's name of the form (`rt::CurrencyForm::Alphabetic`).
    pub fn runtime_path(self) -> &'static str {
        match self {
            CurrencyForm::Alphabetic => "rt::CurrencyForm::Alphabetic",
            CurrencyForm::Numeric => "rt::CurrencyForm::Numeric",
        }
    }

    /// What a refusal names as expected (as the runtime's `CurrencyForm::expected`).
    pub fn expected(self) -> &'static str {
        match self {
            CurrencyForm::Alphabetic => "ISO 4217 alphabetic code",
            CurrencyForm::Numeric => "ISO 4217 numeric code",
        }
    }
}

/// An enum of allowed values.
#[derive(Clone, Debug)]
pub struct EnumDef {
    /// The enum's name.
    pub type_name: RustName,
    /// `true` in responses: unlisted values are kept in an `Unknown(String)` variant.
    pub open: bool,
    /// The values, in spec order.
    pub variants: Vec<Variant>,
}

/// One allowed value.
#[derive(Clone, Debug)]
pub struct Variant {
    /// The value on the wire.
    pub wire: String,
    /// The variant's name.
    pub rust_name: RustName,
    /// What it means.
    pub doc: Option<String>,
}

/// An expression with its source text.
#[derive(Clone, Debug)]
pub struct Condition {
    /// As written in the spec.
    pub text: String,
    /// Resolved.
    pub cond: Cond,
}

/// A resolved expression (see `specs/README.md`, "Expressions").
#[derive(Clone, Debug)]
pub enum Cond {
    /// Any part holds.
    Or(Vec<Cond>),
    /// Every part holds.
    And(Vec<Cond>),
    /// The part does not hold.
    Not(Box<Cond>),
    /// The field is present.
    Present(FieldRef),
    /// The field is absent.
    Absent(FieldRef),
    /// `field op literal`.
    CompareValue {
        /// Left side.
        field: FieldRef,
        /// Operator.
        op: CompareOp,
        /// Right side.
        value: Literal,
    },
    /// `field op field`.
    CompareFields {
        /// Left side.
        left: FieldRef,
        /// Operator.
        op: CompareOp,
        /// Right side.
        right: FieldRef,
    },
    /// `field in [..]` / `field not in [..]`.
    In {
        /// The field.
        field: FieldRef,
        /// The values.
        values: Vec<Literal>,
        /// `not in`.
        negated: bool,
    },
}

impl Cond {
    /// Every field the expression names, in reading order.
    pub fn fields(&self) -> Vec<&FieldRef> {
        let mut out = Vec::new();
        self.collect(&mut out);
        out
    }

    fn collect<'a>(&'a self, out: &mut Vec<&'a FieldRef>) {
        match self {
            Cond::Or(parts) | Cond::And(parts) => parts.iter().for_each(|p| p.collect(out)),
            Cond::Not(inner) => inner.collect(out),
            Cond::Present(f) | Cond::Absent(f) => out.push(f),
            Cond::CompareValue { field, .. } | Cond::In { field, .. } => out.push(field),
            Cond::CompareFields { left, right, .. } => {
                out.push(left);
                out.push(right);
            }
        }
    }

    /// The fields the expression compares (`==`, `<`, `in`, ...), in reading order; not those
    /// it only tests with `present()` / `absent()`.
    pub fn compared_fields(&self) -> Vec<&FieldRef> {
        let mut out = Vec::new();
        self.collect_compared(&mut out);
        out
    }

    fn collect_compared<'a>(&'a self, out: &mut Vec<&'a FieldRef>) {
        match self {
            Cond::Or(parts) | Cond::And(parts) => {
                parts.iter().for_each(|p| p.collect_compared(out))
            }
            Cond::Not(inner) => inner.collect_compared(out),
            Cond::Present(_) | Cond::Absent(_) => {}
            Cond::CompareValue { field, .. } | Cond::In { field, .. } => out.push(field),
            Cond::CompareFields { left, right, .. } => {
                out.push(left);
                out.push(right);
            }
        }
    }

    /// Whether it names a field of the operation's request from a response.
    pub fn names_request(&self) -> bool {
        self.fields().iter().any(|f| f.in_request)
    }
}

/// A resolved reference to a field, from the top of a message.
#[derive(Clone, Debug)]
pub struct FieldRef {
    /// `request.X` from a response.
    pub in_request: bool,
    /// Dotted wire names (`payment.amount`).
    pub dotted: String,
    /// The struct fields on the way, outermost first.
    pub steps: Vec<Step>,
    /// What the field holds.
    pub value: ValueKind,
}

/// One struct field on a path.
#[derive(Clone, Debug)]
pub struct Step {
    /// The struct field.
    pub rust_name: RustName,
    /// Whether it is an `Option`.
    pub optional: bool,
}

/// What a referenced field holds, as far as expressions care.
#[derive(Clone, Debug)]
pub enum ValueKind {
    /// `String`.
    Text,
    /// `u64`.
    Unsigned,
    /// `i64`.
    Signed,
    /// `bool`.
    Bool,
    /// An enum.
    Enum(EnumDef),
    /// A return code.
    Code,
    /// `rt::Currency`.
    Currency(CurrencyForm),
    /// A date of this format (`rt::time::Date` or `PrimitiveDateTime`).
    Date(String),
    /// A map.
    Map,
    /// A list (`Vec`).
    List,
    /// A nested object.
    Object,
}

/// A cross-field rule.
#[derive(Clone, Debug)]
pub struct Rule {
    /// Id.
    pub id: String,
    /// The expression that must hold.
    pub condition: Condition,
    /// The field a violation is reported on (dotted wire names).
    pub field: String,
    /// What the rule means.
    pub doc: Option<String>,
    /// Where it is stated.
    pub source: Option<Citation>,
}

/// A payment-method profile.
#[derive(Clone, Debug)]
pub struct Profile {
    /// Spec id (`payconiq`).
    pub id: String,
    /// One line.
    pub title: String,
    /// The method's code (`PAYCONIQ_MNXT`).
    pub card_code: String,
    /// The variant of the profile enum.
    pub variant: RustName,
    /// The request's constructor under this profile (`payconiq`).
    pub constructor: RustName,
    /// The document.
    pub source: Citation,
    /// The spec file it is defined in.
    pub file: String,
    /// Fields that become mandatory.
    pub mandatory: Vec<ProfileMandatory>,
    /// Fixed values.
    pub fixed: Vec<ProfileFixed>,
    /// Accepted currencies.
    pub currencies: Option<ProfileValues>,
    /// Accepted countries.
    pub country: Option<ProfileValues>,
    /// Cross-field rules.
    pub rules: Vec<Rule>,
    /// Refund window.
    pub refund_window_days: Option<u32>,
    /// The method's own code table: id and type.
    pub code_table: Option<(String, RustName)>,
    /// Test-environment outcomes: code, short message, what triggers it.
    pub test_outcomes: Vec<(String, Option<String>, Option<String>)>,
    /// Notes.
    pub notes: Option<String>,
}

/// A field a profile makes mandatory.
#[derive(Clone, Debug)]
pub struct ProfileMandatory {
    /// The field.
    pub field: FieldRef,
    /// The document's example.
    pub example: Option<String>,
}

/// A value a profile fixes.
#[derive(Clone, Debug)]
pub struct ProfileFixed {
    /// The field.
    pub field: FieldRef,
    /// The value.
    pub value: String,
}

/// Accepted values of one field under a profile.
#[derive(Clone, Debug)]
pub struct ProfileValues {
    /// The field.
    pub field: FieldRef,
    /// The values.
    pub values: Vec<String>,
}

/// A return-code table.
#[derive(Clone, Debug)]
pub struct CodeTable {
    /// Spec id.
    pub id: String,
    /// One line.
    pub title: String,
    /// The type's name.
    pub type_name: RustName,
    /// Where the table is.
    pub source: Citation,
    /// The format of every code.
    pub code_format: Format,
    /// Listed codes, in spec order.
    pub codes: Vec<Code>,
    /// Family rules, in spec order.
    pub families: Vec<FamilyRule>,
    /// The spec file it is defined in.
    pub file: String,
}

/// A listed return code.
#[derive(Clone, Debug)]
pub struct Code {
    /// The code.
    pub code: String,
    /// The variant's name.
    pub variant: RustName,
    /// Short message.
    pub short: Option<String>,
    /// Long message.
    pub long: Option<String>,
    /// Outcome.
    pub outcome: Outcome,
    /// Our description.
    pub doc: Option<String>,
}

/// Outcome of unlisted codes by prefix.
#[derive(Clone, Debug)]
pub struct FamilyRule {
    /// The prefix.
    pub prefix: String,
    /// The outcome.
    pub outcome: Outcome,
    /// What the family means.
    pub doc: Option<String>,
}

/// Resolves a cross-checked spec set into the model. Never panics on bad input: every problem
/// becomes a located diagnostic, and all of them are returned together. Only [`crate::check()`]
/// calls it, so that a set it accepts always lowers ([`crate::lower`]).
pub(crate) fn resolve(set: &SpecSet) -> Result<Model, Diagnostics> {
    let mut cx = cx::Cx::new(set);
    let providers = operations::lower_providers(&mut cx);
    let mut spec_files: Vec<String> = set.specs.iter().map(|s| s.display.clone()).collect();
    spec_files.sort();
    cx.finish(Model {
        providers,
        spec_files,
    })
}
