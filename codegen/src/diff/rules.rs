//! The rules of the spec diff: ids, default levels, crate impact, and the finding they produce.

use std::fmt;

/// How serious a finding is for apps already in production.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    /// Breaks apps: what they send is refused, or what they read changes meaning.
    Error,
    /// May break apps; a person must look.
    Warning,
    /// Safe for apps; listed for the record.
    Info,
}

impl Level {
    /// Every level, most serious first.
    pub const ALL: [Level; 3] = [Level::Error, Level::Warning, Level::Info];

    /// `error`, `warning` or `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Info => "info",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a change does to the generated crate's Rust API (semver of `generated/`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Impact {
    /// Behaviour, docs or validation only; no item changes.
    Patch,
    /// Items are added; code that compiled still compiles.
    Minor,
    /// Items are removed or change type; some code that compiled no longer does.
    Major,
}

impl Impact {
    /// `patch`, `minor` or `major`.
    pub fn as_str(self) -> &'static str {
        match self {
            Impact::Patch => "patch",
            Impact::Minor => "minor",
            Impact::Major => "major",
        }
    }
}

impl fmt::Display for Impact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which way the data of a finding flows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    /// What apps send (request fields, cross-field rules of an operation).
    Request,
    /// What apps read (response fields).
    Response,
    /// Return codes (read by apps).
    Code,
    /// A payment-method profile (narrows what apps send).
    Profile,
    /// The operation itself (endpoint, transport, existence).
    Operation,
}

impl Direction {
    /// The spelling in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Request => "request",
            Direction::Response => "response",
            Direction::Code => "code",
            Direction::Profile => "profile",
            Direction::Operation => "operation",
        }
    }
}

/// What a finding's `operation` names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Subject {
    /// An operation, `<provider>.<operation id>`.
    Operation,
    /// A profile, `<provider>.<profile id>`.
    Profile,
    /// A return-code table, `<provider>.<table id>`.
    CodeTable,
}

impl Subject {
    /// The spelling in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Subject::Operation => "operation",
            Subject::Profile => "profile",
            Subject::CodeTable => "code_table",
        }
    }

    /// The words in headings.
    pub fn words(self) -> &'static str {
        match self {
            Subject::Operation => "operation",
            Subject::Profile => "profile",
            Subject::CodeTable => "code table",
        }
    }
}

/// Which spec a finding's location is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Side {
    /// The old specs (removals).
    Old,
    /// The new specs.
    New,
}

impl Side {
    /// `old` or `new`.
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Old => "old",
            Side::New => "new",
        }
    }
}

macro_rules! rules {
    ($( $variant:ident = $id:literal, $level:ident, $impact:ident, $review:literal, $issue:literal, $what:literal; )*) => {
        /// A rule of the diff. Its id is stable: accepted changes and CI configurations name it.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rule {
            $(
                #[doc = $what]
                $variant,
            )*
        }

        impl Rule {
            /// Every rule, in the order of `docs/diff.md`.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),*];

            /// The stable id, e.g. `request-field-added-mandatory`.
            pub fn id(self) -> &'static str {
                match self { $(Rule::$variant => $id,)* }
            }

            /// The usual level; a few findings set their own (documented per rule).
            pub fn level(self) -> Level {
                match self { $(Rule::$variant => Level::$level,)* }
            }

            /// The usual impact on the generated crate; a few findings set their own.
            pub fn impact(self) -> Impact {
                match self { $(Rule::$variant => Impact::$impact,)* }
            }

            /// Whether a person must confirm something the spec cannot say (an outcome).
            pub fn needs_review(self) -> bool {
                match self { $(Rule::$variant => $review,)* }
            }

            /// Whether issue 5 lists the rule (the others cover spec keys it does not name).
            pub fn from_issue(self) -> bool {
                match self { $(Rule::$variant => $issue,)* }
            }

            /// What the rule reports, in one line.
            pub fn describe(self) -> &'static str {
                match self { $(Rule::$variant => $what,)* }
            }

            /// The rule of an id.
            pub fn from_id(id: &str) -> Option<Rule> {
                Rule::ALL.iter().copied().find(|r| r.id() == id)
            }
        }
    };
}

rules! {
    OperationAdded = "operation-added", Info, Minor, false, true, "An operation appears: new request and response types.";
    OperationRemoved = "operation-removed", Error, Major, false, true, "An operation disappears with its types.";
    OperationWireChanged = "operation-wire-changed", Warning, Patch, false, false, "The endpoint, method, transport or SOAP names of an operation change.";
    OperationSignatureChanged = "operation-signature-changed", Error, Patch, false, false, "The `signature` or `outcome` of an operation changes: apps verify or classify the messages they receive differently.";
    OperationAnswersChanged = "operation-answers-changed", Error, Major, false, false, "The `answers` of an operation changes: its response is checked against another operation's request (`check_against` appears, disappears or takes another request type).";
    OperationProtocolChanged = "operation-protocol-changed", Error, Patch, false, false, "The `envelope`, `keys` or `mac` of an operation changes: messages are sealed, signed or read differently.";
    OperationHttpChanged = "operation-http-changed", Error, Minor, false, false, "An operation's `http` (path, `SOAPAction`, whether it is retryable) appears, changes or disappears: requests go elsewhere or are retried differently, and the request builder appears or goes.";
    ConnectionChanged = "connection-changed", Error, Major, false, false, "A provider's `connection` (environments, auth, content type, API version, idempotency, error body) appears, changes or disappears: requests go elsewhere or are authenticated or read differently, and `Environment` or `Credentials` may change.";
    FieldListWrapperChanged = "field-list-wrapper-changed", Error, Patch, false, false, "A list field's `item` (the SOAP element each item is wrapped in) appears, changes or disappears: the list is written and read differently.";
    RequestFieldAddedMandatory = "request-field-added-mandatory", Error, Major, false, true, "A new mandatory request field: apps must send it; a new `T` field breaks struct literals.";
    RequestFieldAddedConditional = "request-field-added-conditional", Warning, Minor, false, true, "A new conditional request field: some apps must send it.";
    RequestFieldAddedOptional = "request-field-added-optional", Info, Minor, false, true, "A new optional request field.";
    RequestFieldRemoved = "request-field-removed", Warning, Major, false, true, "A request field disappears: apps setting it no longer compile.";
    RequestFieldBecameMandatory = "request-field-became-mandatory", Error, Major, false, true, "An optional or conditional request field becomes mandatory (`Option<T>` to `T`).";
    RequestFieldBecameOptional = "request-field-became-optional", Info, Major, false, true, "A mandatory request field becomes optional or conditional (`T` to `Option<T>`).";
    RequestFieldConditionChanged = "request-field-condition-changed", Warning, Patch, false, true, "The presence or the condition (`required_when`, `absent_when`) of a non-mandatory request field changes.";
    RequestFieldLengthNarrowed = "request-field-length-narrowed", Error, Patch, false, true, "A request field's minimum length rises or its maximum falls.";
    RequestFieldLengthWidened = "request-field-length-widened", Info, Patch, false, true, "A request field's minimum length falls or its maximum rises.";
    RequestFieldCharsetNarrowed = "request-field-charset-narrowed", Error, Patch, false, true, "A request field admits fewer characters (class lattice, `forbidden`).";
    RequestFieldCharsetWidened = "request-field-charset-widened", Info, Patch, false, true, "A request field admits more characters.";
    RequestFieldCharsetChanged = "request-field-charset-changed", Error, Patch, false, true, "A request field's characters change incomparably (`a` to `n`).";
    RequestFieldFormatChanged = "request-field-format-changed", Error, Patch, false, false, "A request field's format changes kind (`n..10` to `int64`, a date mask) without changing its Rust type.";
    RequestFieldTypeChanged = "request-field-type-changed", Error, Major, false, false, "A request field's Rust type changes: value type, enum or not, object, list, code table.";
    RequestFieldConstraintNarrowed = "request-field-constraint-narrowed", Error, Patch, false, false, "A request field's `min`, `max`, `max_items`, `prefix` or `url` rule gets stricter.";
    RequestFieldConstraintWidened = "request-field-constraint-widened", Info, Patch, false, false, "A request field's `min`, `max`, `max_items`, `prefix` or `url` rule gets looser.";
    RequestFieldConstraintChanged = "request-field-constraint-changed", Error, Patch, false, false, "A request field's `url` scheme or port, or its `prefix`, changes to another one.";
    RequestEnumValueRemoved = "request-enum-value-removed", Error, Major, false, true, "A value of a request enum disappears (its variant too).";
    RequestEnumValueAdded = "request-enum-value-added", Info, Minor, false, true, "A request enum gains a value (the enum is `#[non_exhaustive]`).";
    RequestFieldFixedValueChanged = "request-field-fixed-value-changed", Error, Patch, false, true, "A request field's fixed value changes or appears (info when it is dropped).";
    ResponseFieldAdded = "response-field-added", Info, Minor, false, true, "A new response field (major impact when mandatory: a new `T` field).";
    ResponseFieldRemoved = "response-field-removed", Error, Major, false, true, "A response field disappears (error if it was mandatory, warning otherwise).";
    ResponseFieldBecameOptional = "response-field-became-optional", Error, Major, false, true, "A mandatory response field becomes optional or conditional: apps may find it missing.";
    ResponseFieldBecameMandatory = "response-field-became-mandatory", Info, Major, false, true, "An optional response field becomes mandatory (`Option<T>` to `T`).";
    ResponseFieldConditionChanged = "response-field-condition-changed", Info, Patch, false, false, "The presence or condition of a non-mandatory response field changes.";
    ResponseFieldLengthWidened = "response-field-length-widened", Warning, Patch, false, true, "Response values may be shorter or longer than before.";
    ResponseFieldLengthNarrowed = "response-field-length-narrowed", Info, Patch, false, true, "Response values stay within tighter lengths.";
    ResponseFieldCharsetWidened = "response-field-charset-widened", Warning, Patch, false, true, "Response values may hold characters they could not before.";
    ResponseFieldCharsetNarrowed = "response-field-charset-narrowed", Info, Patch, false, true, "Response values hold fewer kinds of characters.";
    ResponseFieldCharsetChanged = "response-field-charset-changed", Warning, Patch, false, true, "A response field's characters change incomparably.";
    ResponseFieldFormatChanged = "response-field-format-changed", Warning, Patch, false, false, "A response field's format changes kind without changing its Rust type.";
    ResponseFieldTypeChanged = "response-field-type-changed", Warning, Major, false, false, "A response field's Rust type changes.";
    ResponseFieldConstraintWidened = "response-field-constraint-widened", Warning, Patch, false, false, "A response field's `min`, `max`, `max_items`, `prefix`, `url` or `fixed` rule gets looser.";
    ResponseFieldConstraintNarrowed = "response-field-constraint-narrowed", Info, Patch, false, false, "A response field's `min`, `max`, `max_items`, `prefix`, `url` or `fixed` rule gets stricter.";
    ResponseFieldConstraintChanged = "response-field-constraint-changed", Warning, Patch, false, false, "A response field's `url` scheme, port, `prefix` or `fixed` value changes to another one.";
    ResponseEnumValueAdded = "response-enum-value-added", Info, Minor, true, true, "A response enum gains a value: apps must decide what it means for them.";
    ResponseEnumValueRemoved = "response-enum-value-removed", Info, Major, false, true, "A response enum loses a value (its variant too).";
    ReturnCodeAdded = "return-code-added", Info, Minor, true, true, "A return code (or code family) appears: someone must confirm its outcome.";
    ReturnCodeRemoved = "return-code-removed", Warning, Major, false, true, "A return code (or code family) disappears.";
    ReturnCodeMessageChanged = "return-code-message-changed", Info, Patch, false, true, "A return code's short or long message changes.";
    ReturnCodeOutcomeChanged = "return-code-outcome-changed", Error, Patch, false, true, "A return code (or family) changes outcome, or an operation's own meaning of a code (`code_meanings`) appears, changes or disappears: apps act differently on it.";
    ReturnCodeFormatChanged = "return-code-format-changed", Warning, Patch, false, false, "A code table's `code_format` changes.";
    CodeTableAdded = "code-table-added", Info, Minor, true, false, "A return-code table appears: someone must confirm its outcomes.";
    CodeTableRemoved = "code-table-removed", Warning, Major, false, false, "A return-code table disappears with its enum.";
    ProfileAdded = "profile-added", Info, Minor, false, false, "A payment-method profile appears.";
    ProfileRemoved = "profile-removed", Error, Major, false, false, "A payment-method profile disappears.";
    ProfileChanged = "profile-changed", Warning, Patch, false, false, "A profile's card code, operation, code table or refund window changes.";
    ProfileFieldBecameMandatory = "profile-field-became-mandatory", Error, Patch, false, true, "A profile makes one more field mandatory.";
    ProfileFieldBecameOptional = "profile-field-became-optional", Info, Patch, false, false, "A profile no longer makes a field mandatory.";
    ProfileFixedValueChanged = "profile-fixed-value-changed", Error, Patch, false, false, "A profile fixes a field to another value, or fixes one more (info when it is dropped).";
    ProfileCurrencyRemoved = "profile-currency-removed", Error, Patch, false, true, "A profile accepts fewer currencies.";
    ProfileCurrencyAdded = "profile-currency-added", Info, Patch, false, true, "A profile accepts more currencies.";
    ProfileCountryRemoved = "profile-country-removed", Error, Patch, false, false, "A profile accepts fewer countries.";
    ProfileCountryAdded = "profile-country-added", Info, Patch, false, false, "A profile accepts more countries.";
    CrossFieldRuleAdded = "cross-field-rule-added", Warning, Patch, false, true, "A cross-field rule appears: some requests are now refused.";
    CrossFieldRuleChanged = "cross-field-rule-changed", Warning, Patch, false, true, "A cross-field rule's expression or reported field changes.";
    CrossFieldRuleRemoved = "cross-field-rule-removed", Info, Patch, false, true, "A cross-field rule disappears.";
    FieldRenamed = "field-renamed", Error, Major, false, true, "A field disappears and another of the same format appears at its place.";
    FieldOrderChanged = "field-order-changed", Info, Patch, false, false, "A field moves among its siblings (the wire order of SOAP elements follows it).";
    RustNameChanged = "rust-name-changed", Warning, Major, false, false, "A field's `rust_name` changes: its Rust identifier changes.";
    SensitivityChanged = "sensitivity-changed", Info, Patch, false, false, "A field starts or stops being redacted in `Debug`.";
    ResponseFieldEchoChanged = "response-field-echo-changed", Warning, Patch, false, false, "A response field starts, stops or changes echoing a request field (`echoes`): `validate_with_request` compares it with another request field, or no longer does.";
    DocChanged = "doc-changed", Info, Patch, false, true, "Documentation or provenance changes (minor impact when it deprecates).";
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// A reviewer's acceptance of a finding (from `specs/accepted-changes.yaml`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Acceptance {
    /// Why the change is fine.
    pub reason: String,
    /// When it was accepted (`YYYY-MM-DD`).
    pub date: String,
}

/// One change and what it means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The rule that fired.
    pub rule: Rule,
    /// How serious it is.
    pub level: Level,
    /// Which way the data flows.
    pub direction: Direction,
    /// What `operation` names.
    pub subject: Subject,
    /// `<provider>.<id>` of the operation, profile or code table.
    pub operation: String,
    /// The field's dotted wire name; the code for return codes; the key for changes of the
    /// operation, profile or table itself.
    pub field: String,
    /// The value before (absent for additions).
    pub before: Option<String>,
    /// The value after (absent for removals).
    pub after: Option<String>,
    /// The spec file, as shown to people.
    pub file: String,
    /// 1-based line in `file`.
    pub line: usize,
    /// Which spec the location is in: the new one, or the old one for removals.
    pub side: Side,
    /// One line for people.
    pub message: String,
    /// What it does to the generated crate.
    pub impact: Impact,
    /// Whether a person must confirm something.
    pub needs_review: bool,
    /// Stable short hash of rule, operation, field, before and after (see [`super::fingerprint`]).
    pub fingerprint: String,
    /// The acceptance, when `specs/accepted-changes.yaml` names the fingerprint.
    pub accepted: Option<Acceptance>,
}

impl Finding {
    /// Whether the finding is accepted.
    pub fn is_accepted(&self) -> bool {
        self.accepted.is_some()
    }

    /// `before → after` for people, with `(none)` for an absent side.
    pub fn change(&self, max: usize) -> String {
        let side = |v: &Option<String>| {
            v.as_deref()
                .map(|s| super::one_line(s, max))
                .unwrap_or_else(|| "(none)".into())
        };
        format!("{} → {}", side(&self.before), side(&self.after))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_round_trip() {
        let mut ids: Vec<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
        for id in &ids {
            assert_eq!(Rule::from_id(id).map(Rule::id), Some(*id));
        }
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), Rule::ALL.len());
    }

    #[test]
    fn levels_of_the_issue() {
        assert_eq!(Rule::RequestFieldAddedMandatory.level(), Level::Error);
        assert_eq!(Rule::ResponseFieldCharsetWidened.level(), Level::Warning);
        assert_eq!(Rule::ResponseFieldCharsetNarrowed.level(), Level::Info);
        assert_eq!(Rule::ReturnCodeOutcomeChanged.level(), Level::Error);
        assert!(Rule::ReturnCodeAdded.needs_review());
        assert!(Rule::ResponseEnumValueAdded.needs_review());
    }
}
