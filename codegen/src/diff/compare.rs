//! Pairing operations, profiles and code tables of the two sides, and comparing what is not a
//! field list (those are in [`super::fields`]).

use std::collections::{BTreeSet, HashMap};

use crate::spec::LoadedSpec;
use crate::spec::SpecSet;
use crate::spec::ast::{
    CodeTable, Connection, HttpMethod, Operation, Profile, ProfileValues, Rule as SpecRule,
};

use super::context::{Ctx, Loc, Scope, loc, source_text};
use super::fields::{self, ListSide};
use super::rules::{Direction, Finding, Level, Rule, Side, Subject};

/// One element of a side, with where it stands.
struct Item<'a, T> {
    provider: &'a str,
    spec: &'a LoadedSpec,
    path: String,
    item: &'a T,
}

impl<T> Item<'_, T> {
    fn loc(&self, suffix: &str, side: Side) -> Loc {
        loc(self.spec, &format!("{}{suffix}", self.path), side)
    }
}

fn items<'a, T>(
    set: &'a SpecSet,
    list: impl Fn(&'a LoadedSpec) -> (&'a [T], &'static str),
) -> Vec<Item<'a, T>> {
    let mut out = Vec::new();
    for spec in &set.specs {
        let (elements, key) = list(spec);
        for (i, item) in elements.iter().enumerate() {
            out.push(Item {
                provider: &spec.spec.provider.0,
                spec,
                path: format!("{key}[{i}]"),
                item,
            });
        }
    }
    out
}

/// Pairs the elements of two sides by provider and id: (old, new) pairs and additions in new
/// order, then removals in old order. The first of duplicate ids wins (the checker rejects them).
#[allow(clippy::type_complexity)]
fn pair<'s, 'a, T>(
    old: &'s [Item<'a, T>],
    new: &'s [Item<'a, T>],
    id: impl Fn(&T) -> &str,
) -> (
    Vec<(Option<&'s Item<'a, T>>, &'s Item<'a, T>)>,
    Vec<&'s Item<'a, T>>,
) {
    let mut old_index: HashMap<(&str, &str), usize> = HashMap::new();
    for (i, item) in old.iter().enumerate() {
        old_index.entry((item.provider, id(item.item))).or_insert(i);
    }
    let mut seen = BTreeSet::new();
    let mut pairs = Vec::new();
    for item in new {
        let key = (item.provider, id(item.item));
        if !seen.insert(key) {
            continue;
        }
        pairs.push((old_index.get(&key).and_then(|i| old.get(*i)), item));
    }
    let removed = old
        .iter()
        .filter(|o| !seen.contains(&(o.provider, id(o.item))))
        .collect();
    (pairs, removed)
}

/// What became of one element of a kind: in both sides, added or removed.
enum Change<'s, 'a, T> {
    Both(&'s Item<'a, T>, &'s Item<'a, T>),
    Added(&'s Item<'a, T>),
    Removed(&'s Item<'a, T>),
}

/// Pairs the elements of one kind (`list` gives them in a spec, `id` their id) and hands what
/// became of each to `on`, with the scope of its findings: pairs and additions in new order,
/// then removals in old order.
fn each_change<'a, T: 'a>(
    cx: &mut Ctx,
    (old, new): (&'a SpecSet, &'a SpecSet),
    list: impl Fn(&'a LoadedSpec) -> (&'a [T], &'static str),
    id: impl Fn(&T) -> &str,
    (subject, direction): (Subject, Direction),
    mut on: impl FnMut(&mut Ctx, &Scope, Change<'_, 'a, T>),
) {
    let (old_items, new_items) = (items(old, &list), items(new, &list));
    let (pairs, removed) = pair(&old_items, &new_items, &id);
    let scope = |item: &Item<T>| Scope {
        subject,
        operation: format!("{}.{}", item.provider, id(item.item)),
        direction,
    };
    for (old_item, new_item) in pairs {
        let change = match old_item {
            Some(old_item) => Change::Both(old_item, new_item),
            None => Change::Added(new_item),
        };
        on(cx, &scope(new_item), change);
    }
    for old_item in removed {
        on(cx, &scope(old_item), Change::Removed(old_item));
    }
}

/// Every finding between two spec sets.
pub(crate) fn compare(old: &SpecSet, new: &SpecSet) -> Vec<Finding> {
    let mut cx = Ctx::default();

    each_change(
        &mut cx,
        (old, new),
        |s| (&s.spec.operations[..], "operations"),
        |o: &Operation| &o.id,
        (Subject::Operation, Direction::Operation),
        |cx, scope, change| match change {
            Change::Both(old_op, new_op) => compare_operation(cx, scope, old_op, new_op),
            Change::Added(new_op) => {
                let op = new_op.item;
                cx.push(
                    scope,
                    Rule::OperationAdded,
                    "",
                    None,
                    Some(format!("{} {}", method(op.method), op.endpoint)),
                    new_op.loc("", Side::New),
                    format!(
                        "new operation `{}` ({} request, {} response fields)",
                        scope.operation,
                        op.request.fields.len(),
                        op.response.fields.len()
                    ),
                );
            }
            Change::Removed(old_op) => {
                let op = old_op.item;
                cx.push(
                    scope,
                    Rule::OperationRemoved,
                    "",
                    Some(format!("{} {}", method(op.method), op.endpoint)),
                    None,
                    old_op.loc("", Side::Old),
                    format!("operation `{}` removed with its types", scope.operation),
                );
            }
        },
    );

    each_change(
        &mut cx,
        (old, new),
        |s| (&s.spec.code_tables[..], "code_tables"),
        |t: &CodeTable| &t.id,
        (Subject::CodeTable, Direction::Code),
        |cx, scope, change| match change {
            Change::Both(old_table, new_table) => compare_table(cx, scope, old_table, new_table),
            Change::Added(new_table) => {
                cx.push(
                    scope,
                    Rule::CodeTableAdded,
                    "",
                    None,
                    Some(table_size(new_table.item)),
                    new_table.loc("", Side::New),
                    format!(
                        "new code table `{}` ({}): confirm the outcome of each code",
                        scope.operation,
                        table_size(new_table.item)
                    ),
                );
            }
            Change::Removed(old_table) => {
                cx.push(
                    scope,
                    Rule::CodeTableRemoved,
                    "",
                    Some(table_size(old_table.item)),
                    None,
                    old_table.loc("", Side::Old),
                    format!("code table `{}` removed with its enum", scope.operation),
                );
            }
        },
    );

    each_change(
        &mut cx,
        (old, new),
        |s| (&s.spec.profiles[..], "profiles"),
        |p: &Profile| &p.id,
        (Subject::Profile, Direction::Profile),
        |cx, scope, change| match change {
            Change::Both(old_profile, new_profile) => {
                compare_profile(cx, scope, old_profile, new_profile)
            }
            Change::Added(new_profile) => {
                let p = new_profile.item;
                cx.push(
                    scope,
                    Rule::ProfileAdded,
                    "",
                    None,
                    Some(format!("{} on {}", p.card_code, p.operation)),
                    new_profile.loc("", Side::New),
                    format!(
                        "new profile `{}` ({} on `{}`)",
                        scope.operation, p.card_code, p.operation
                    ),
                );
            }
            Change::Removed(old_profile) => {
                let p = old_profile.item;
                cx.push(
                    scope,
                    Rule::ProfileRemoved,
                    "",
                    Some(format!("{} on {}", p.card_code, p.operation)),
                    None,
                    old_profile.loc("", Side::Old),
                    format!("profile `{}` ({}) removed", scope.operation, p.card_code),
                );
            }
        },
    );

    compare_connections(&mut cx, old, new);
    cx.findings
}

/// Each provider's `connection`, key by key (it may move between the provider's files).
fn compare_connections(cx: &mut Ctx, old: &SpecSet, new: &SpecSet) {
    fn items(set: &SpecSet) -> Vec<Item<'_, Connection>> {
        let mut out = Vec::new();
        for spec in &set.specs {
            if let Some(item) = &spec.spec.connection {
                out.push(Item {
                    provider: &spec.spec.provider.0,
                    spec,
                    path: "connection".into(),
                    item,
                });
            }
        }
        out
    }
    let (old_items, new_items) = (items(old), items(new));
    let (pairs, removed) = pair(&old_items, &new_items, |_| "connection");
    let scope = |item: &Item<'_, Connection>| Scope {
        subject: Subject::Operation,
        operation: format!("{}.connection", item.provider),
        direction: Direction::Operation,
    };
    for (old_item, new_item) in pairs {
        let what = format!("the connection of `{}`", new_item.provider);
        let changes =
            super::protocol::connection_changes(old_item.map(|o| o.item), Some(new_item.item));
        attribute_changes(
            cx,
            &scope(new_item),
            Rule::ConnectionChanged,
            &what,
            new_item,
            changes,
        );
    }
    for old_item in removed {
        cx.push(
            &scope(old_item),
            Rule::ConnectionChanged,
            "",
            Some("given".into()),
            None,
            old_item.loc("", Side::Old),
            format!(
                "the connection of `{}` is removed with its `Environment`, `Credentials` and request builders",
                old_item.provider
            ),
        );
    }
}

fn method(m: HttpMethod) -> &'static str {
    match m {
        HttpMethod::Get => "GET",
        HttpMethod::Post => "POST",
    }
}

fn table_size(t: &CodeTable) -> String {
    format!("{} codes, {} families", t.codes.len(), t.families.len())
}

/// A finding of `rule` for each attribute (`key`, before, after) of `new` that changes; `what`
/// names the element for the message (`` `acme.pay` ``, `` profile `acme.card` ``).
fn attribute_changes<T, const N: usize>(
    cx: &mut Ctx,
    scope: &Scope,
    rule: Rule,
    what: &str,
    new: &Item<T>,
    attrs: [(&str, Option<String>, Option<String>); N],
) {
    for (key, before, after) in attrs {
        if before != after {
            let message = format!(
                "{key} of {what} changes: {} → {}",
                before.as_deref().unwrap_or("(none)"),
                after.as_deref().unwrap_or("(none)")
            );
            cx.push(
                scope,
                rule,
                key,
                before,
                after,
                new.loc(&format!(".{key}"), Side::New),
                message,
            );
        }
    }
}

/// The `signature` and `outcome` of two versions of an operation, key by key: any change
/// makes every message verify (or classify) differently, so each is reported.
fn verification(
    o: &Operation,
    n: &Operation,
) -> [(&'static str, Option<String>, Option<String>); 11] {
    let sig = |op: &Operation, key: &str| {
        op.signature.as_ref().map(|s| match key {
            "scope" => s.scope.clone(),
            "algorithm" => s.algorithm.as_str().to_owned(),
            "key" => s.key.as_str().to_owned(),
            "output" => s.output.as_str().to_owned(),
            "separator" => format!("{:?}", s.separator),
            "fields" => s.fields.join(", "),
            _ => s.at.clone(),
        })
    };
    let outcome = |op: &Operation, key: &str| {
        op.outcome.as_ref().map(|o| match key {
            "scope" => o.scope.clone(),
            "code" => o.code.join(", "),
            "separator" => format!("{:?}", o.separator),
            _ => o.table.clone(),
        })
    };
    [
        ("signature.scope", sig(o, "scope"), sig(n, "scope")),
        (
            "signature.algorithm",
            sig(o, "algorithm"),
            sig(n, "algorithm"),
        ),
        ("signature.key", sig(o, "key"), sig(n, "key")),
        ("signature.output", sig(o, "output"), sig(n, "output")),
        (
            "signature.separator",
            sig(o, "separator"),
            sig(n, "separator"),
        ),
        ("signature.fields", sig(o, "fields"), sig(n, "fields")),
        ("signature.at", sig(o, "at"), sig(n, "at")),
        ("outcome.scope", outcome(o, "scope"), outcome(n, "scope")),
        ("outcome.code", outcome(o, "code"), outcome(n, "code")),
        (
            "outcome.separator",
            outcome(o, "separator"),
            outcome(n, "separator"),
        ),
        ("outcome.table", outcome(o, "table"), outcome(n, "table")),
    ]
}

fn compare_operation(cx: &mut Ctx, scope: &Scope, old: &Item<Operation>, new: &Item<Operation>) {
    let (o, n) = (old.item, new.item);
    let soap = |op: &Operation, key: &str| {
        op.soap.as_ref().map(|s| match key {
            "namespace" => s.namespace.clone(),
            "objects_namespace" => s.objects_namespace.clone(),
            "request_element" => s.request_element.clone(),
            _ => s.response_element.clone(),
        })
    };
    let wire: [(&str, Option<String>, Option<String>); 7] = [
        (
            "endpoint",
            Some(o.endpoint.clone()),
            Some(n.endpoint.clone()),
        ),
        (
            "method",
            Some(method(o.method).into()),
            Some(method(n.method).into()),
        ),
        (
            "transport",
            Some(o.transport.as_str().into()),
            Some(n.transport.as_str().into()),
        ),
        ("soap.namespace", soap(o, "namespace"), soap(n, "namespace")),
        (
            "soap.objects_namespace",
            soap(o, "objects_namespace"),
            soap(n, "objects_namespace"),
        ),
        (
            "soap.request_element",
            soap(o, "request_element"),
            soap(n, "request_element"),
        ),
        (
            "soap.response_element",
            soap(o, "response_element"),
            soap(n, "response_element"),
        ),
    ];
    let what = format!("`{}`", scope.operation);
    attribute_changes(cx, scope, Rule::OperationWireChanged, &what, new, wire);
    attribute_changes(
        cx,
        scope,
        Rule::OperationSignatureChanged,
        &what,
        new,
        verification(o, n),
    );
    // `answers` decides which request the response's echoes are checked against: apps
    // calling `check_against` with the old request type stop compiling, and apps checking
    // with `validate_with_request` stop (or start) having the echoes checked there.
    attribute_changes(
        cx,
        scope,
        Rule::OperationAnswersChanged,
        &what,
        new,
        [("answers", o.answers.clone(), n.answers.clone())],
    );
    attribute_changes(
        cx,
        scope,
        Rule::OperationProtocolChanged,
        &what,
        new,
        super::protocol::changes(o, n),
    );
    attribute_changes(
        cx,
        scope,
        Rule::OperationHttpChanged,
        &what,
        new,
        super::protocol::http_changes(o, n),
    );
    cx.docs(
        scope,
        None,
        &format!("operation `{}`", scope.operation),
        |key| new.loc(&format!(".{key}"), Side::New),
        [
            ("title", Some(o.title.clone()), Some(n.title.clone())),
            ("doc", o.doc.clone(), n.doc.clone()),
            ("deprecated", o.deprecated.clone(), n.deprecated.clone()),
            (
                "source",
                source_text(Some(&o.source)),
                source_text(Some(&n.source)),
            ),
            (
                "request.source",
                source_text(Some(&o.request.source)),
                source_text(Some(&n.request.source)),
            ),
            (
                "response.source",
                source_text(Some(&o.response.source)),
                source_text(Some(&n.response.source)),
            ),
        ],
    );
    for (direction, key, old_list, new_list) in [
        (
            Direction::Request,
            "request",
            &o.request.fields,
            &n.request.fields,
        ),
        (
            Direction::Response,
            "response",
            &o.response.fields,
            &n.response.fields,
        ),
    ] {
        fields::compare_lists(
            cx,
            &scope.with_direction(direction),
            ListSide {
                spec: old.spec,
                yaml: format!("{}.{key}.fields", old.path),
                fields: old_list,
                prefix: String::new(),
            },
            ListSide {
                spec: new.spec,
                yaml: format!("{}.{key}.fields", new.path),
                fields: new_list,
                prefix: String::new(),
            },
        );
    }
    compare_rules(
        cx,
        &scope.with_direction(Direction::Request),
        (old.spec, &format!("{}.rules", old.path), &o.rules),
        (new.spec, &format!("{}.rules", new.path), &n.rules),
    );
    compare_code_meanings(cx, scope, old, new);
}

/// `code_meanings`: an operation's own meaning of a code decides what its `outcome()`
/// reports, so any change of one (added, removed, other outcome) is reported as a
/// return-code outcome change: apps act differently on the code answering this operation.
fn compare_code_meanings(
    cx: &mut Ctx,
    scope: &Scope,
    old: &Item<Operation>,
    new: &Item<Operation>,
) {
    let (o, n) = (&old.item.code_meanings, &new.item.code_meanings);
    let operation = &scope.operation;
    for (j, meaning) in n.iter().enumerate() {
        let code = meaning.code.0.as_str();
        let field = format!("code_meanings {code}");
        let at = |suffix: &str| new.loc(&format!(".code_meanings[{j}]{suffix}"), Side::New);
        let to = meaning.outcome.as_str();
        match o.iter().find(|m| m.code == meaning.code) {
            None => {
                cx.push(
                scope,
                Rule::ReturnCodeOutcomeChanged,
                field.as_str(),
                None,
                Some(to.into()),
                at(""),
                format!(
                    "code {code} gets its own meaning in `{operation}`: outcome `{to}` there, whatever its table says; apps act differently on it"
                ),
            );
            }
            Some(before) => {
                if before.outcome != meaning.outcome {
                    cx.push(
                        scope,
                        Rule::ReturnCodeOutcomeChanged,
                        field.as_str(),
                        Some(before.outcome.as_str().into()),
                        Some(to.into()),
                        at(".outcome"),
                        format!(
                            "code {code} changes outcome in `{operation}`: {} → {to}; apps act differently on it",
                            before.outcome.as_str()
                        ),
                    );
                }
                cx.docs(
                    scope,
                    Some(&field),
                    &format!("meaning of code {code}"),
                    |key| at(&format!(".{key}")),
                    [
                        ("doc", Some(before.doc.clone()), Some(meaning.doc.clone())),
                        (
                            "source",
                            source_text(before.source.as_ref()),
                            source_text(meaning.source.as_ref()),
                        ),
                    ],
                );
            }
        }
    }
    for (i, meaning) in o.iter().enumerate() {
        if !n.iter().any(|m| m.code == meaning.code) {
            let code = meaning.code.0.as_str();
            let from = meaning.outcome.as_str();
            cx.push(
                scope,
                Rule::ReturnCodeOutcomeChanged,
                format!("code_meanings {code}"),
                Some(from.into()),
                None,
                old.loc(&format!(".code_meanings[{i}]"), Side::Old),
                format!(
                    "code {code} loses its own meaning in `{operation}` (was `{from}`): its table's outcome applies again; apps act differently on it"
                ),
            );
        }
    }
}

/// The field a rule reports on: its `field`, or the first path of its expression.
fn rule_field(rule: &SpecRule) -> String {
    rule.field
        .clone()
        .or_else(|| rule.expr.expr.paths().first().map(|p| p.dotted()))
        .unwrap_or_default()
}

fn rule_text(rule: &SpecRule) -> String {
    match &rule.field {
        Some(field) => format!("{}: {} (on {field})", rule.id, rule.expr.text),
        None => format!("{}: {}", rule.id, rule.expr.text),
    }
}

/// Cross-field rules, paired by id; expressions compare parsed (spacing is no change).
fn compare_rules(
    cx: &mut Ctx,
    scope: &Scope,
    (old_spec, old_yaml, old_rules): (&LoadedSpec, &str, &[SpecRule]),
    (new_spec, new_yaml, new_rules): (&LoadedSpec, &str, &[SpecRule]),
) {
    let refused = if scope.direction == Direction::Profile {
        "payments of the profile"
    } else {
        "requests"
    };
    for (j, n) in new_rules.iter().enumerate() {
        let at = |suffix: &str| loc(new_spec, &format!("{new_yaml}[{j}]{suffix}"), Side::New);
        let Some(o) = old_rules.iter().find(|o| o.id == n.id) else {
            cx.push(
                scope,
                Rule::CrossFieldRuleAdded,
                rule_field(n),
                None,
                Some(rule_text(n)),
                at(""),
                format!(
                    "new cross-field rule `{}`: {} ({refused} breaking it are refused)",
                    n.id, n.expr.text
                ),
            );
            continue;
        };
        if o.expr.expr != n.expr.expr || rule_field(o) != rule_field(n) {
            cx.push(
                scope,
                Rule::CrossFieldRuleChanged,
                rule_field(n),
                Some(rule_text(o)),
                Some(rule_text(n)),
                at(".expr"),
                format!(
                    "cross-field rule `{}` changes: `{}` → `{}`",
                    n.id, o.expr.text, n.expr.text
                ),
            );
        }
        cx.docs(
            scope,
            Some(&rule_field(n)),
            &format!("rule `{}`", n.id),
            |key| at(&format!(".{key}")),
            [
                ("doc", o.doc.clone(), n.doc.clone()),
                (
                    "source",
                    source_text(o.source.as_ref()),
                    source_text(n.source.as_ref()),
                ),
            ],
        );
    }
    for (i, o) in old_rules.iter().enumerate() {
        if !new_rules.iter().any(|n| n.id == o.id) {
            cx.push(
                scope,
                Rule::CrossFieldRuleRemoved,
                rule_field(o),
                Some(rule_text(o)),
                None,
                loc(old_spec, &format!("{old_yaml}[{i}]"), Side::Old),
                format!("cross-field rule `{}` removed: {}", o.id, o.expr.text),
            );
        }
    }
}

fn code_message(short: Option<&str>, long: Option<&str>) -> Option<String> {
    match (short, long) {
        (Some(s), Some(l)) => Some(format!("{s}: {l}")),
        (Some(s), None) => Some(s.to_string()),
        (None, Some(l)) => Some(l.to_string()),
        (None, None) => None,
    }
}

fn compare_table(cx: &mut Ctx, scope: &Scope, old: &Item<CodeTable>, new: &Item<CodeTable>) {
    let (o, n) = (old.item, new.item);
    if o.code_format != n.code_format {
        cx.push(
            scope,
            Rule::ReturnCodeFormatChanged,
            "code_format",
            Some(o.code_format.notation()),
            Some(n.code_format.notation()),
            new.loc(".code_format", Side::New),
            format!(
                "codes of `{}` change format: {} → {}",
                scope.operation, o.code_format, n.code_format
            ),
        );
    }
    cx.docs(
        scope,
        None,
        &format!("code table `{}`", scope.operation),
        |key| new.loc(&format!(".{key}"), Side::New),
        [
            ("title", Some(o.title.clone()), Some(n.title.clone())),
            (
                "source",
                source_text(Some(&o.source)),
                source_text(Some(&n.source)),
            ),
        ],
    );
    compare_codes(cx, scope, old, new);
    compare_families(cx, scope, old, new);
}

/// The codes of a table: added, changed, removed.
fn compare_codes(cx: &mut Ctx, scope: &Scope, old: &Item<CodeTable>, new: &Item<CodeTable>) {
    let (o, n) = (old.item, new.item);
    for (j, row) in n.codes.iter().enumerate() {
        let code = &row.code.0;
        let at = |suffix: &str| new.loc(&format!(".codes[{j}]{suffix}"), Side::New);
        let message = code_message(row.short.as_deref(), row.long.as_deref());
        let Some(old_row) = o.codes.iter().find(|r| r.code == row.code) else {
            cx.push(
                scope,
                Rule::ReturnCodeAdded,
                code.as_str(),
                None,
                Some(row.outcome.as_str().into()),
                at(""),
                format!(
                    "new code {code}{} with outcome `{}`: confirm the outcome",
                    message
                        .map(|m| format!(" ({})", super::one_line(&m, 60)))
                        .unwrap_or_default(),
                    row.outcome.as_str()
                ),
            );
            continue;
        };
        if old_row.outcome != row.outcome {
            cx.push(
                scope,
                Rule::ReturnCodeOutcomeChanged,
                code.as_str(),
                Some(old_row.outcome.as_str().into()),
                Some(row.outcome.as_str().into()),
                at(".outcome"),
                format!(
                    "code {code} changes outcome: {} → {}; apps act differently on it",
                    old_row.outcome.as_str(),
                    row.outcome.as_str()
                ),
            );
        }
        let old_message = code_message(old_row.short.as_deref(), old_row.long.as_deref());
        if old_message != message {
            cx.push(
                scope,
                Rule::ReturnCodeMessageChanged,
                code.as_str(),
                old_message,
                message,
                at(""),
                format!("message of code {code} changes"),
            );
        }
        cx.docs(
            scope,
            Some(code),
            &format!("code {code}"),
            |key| at(&format!(".{key}")),
            [
                ("doc", old_row.doc.clone(), row.doc.clone()),
                (
                    "source",
                    source_text(old_row.source.as_ref()),
                    source_text(row.source.as_ref()),
                ),
            ],
        );
    }
    for (i, row) in o.codes.iter().enumerate() {
        if !n.codes.iter().any(|r| r.code == row.code) {
            cx.push(
                scope,
                Rule::ReturnCodeRemoved,
                row.code.0.as_str(),
                Some(row.outcome.as_str().into()),
                None,
                old.loc(&format!(".codes[{i}]"), Side::Old),
                format!(
                    "code {} (outcome `{}`) removed",
                    row.code.0,
                    row.outcome.as_str()
                ),
            );
        }
    }
}

/// The code families of a table: added, changed, removed.
fn compare_families(cx: &mut Ctx, scope: &Scope, old: &Item<CodeTable>, new: &Item<CodeTable>) {
    let (o, n) = (old.item, new.item);
    for (j, family) in n.families.iter().enumerate() {
        let field = format!("{}*", family.prefix.0);
        let at = |suffix: &str| new.loc(&format!(".families[{j}]{suffix}"), Side::New);
        let Some(old_family) = o.families.iter().find(|f| f.prefix == family.prefix) else {
            cx.push(
                scope,
                Rule::ReturnCodeAdded,
                field.as_str(),
                None,
                Some(family.outcome.as_str().into()),
                at(""),
                format!(
                    "new code family {field} with outcome `{}`: confirm the outcome of the codes it classifies",
                    family.outcome.as_str()
                ),
            );
            continue;
        };
        if old_family.outcome != family.outcome {
            cx.push(
                scope,
                Rule::ReturnCodeOutcomeChanged,
                field.as_str(),
                Some(old_family.outcome.as_str().into()),
                Some(family.outcome.as_str().into()),
                at(".outcome"),
                format!(
                    "code family {field} changes outcome: {} → {}; apps act differently on its codes",
                    old_family.outcome.as_str(),
                    family.outcome.as_str()
                ),
            );
        }
        cx.docs(
            scope,
            Some(&field),
            &format!("code family {field}"),
            |key| at(&format!(".{key}")),
            [
                ("doc", old_family.doc.clone(), family.doc.clone()),
                (
                    "source",
                    source_text(old_family.source.as_ref()),
                    source_text(family.source.as_ref()),
                ),
            ],
        );
    }
    for (i, family) in o.families.iter().enumerate() {
        if !n.families.iter().any(|f| f.prefix == family.prefix) {
            cx.push(
                scope,
                Rule::ReturnCodeRemoved,
                format!("{}*", family.prefix.0),
                Some(family.outcome.as_str().into()),
                None,
                old.loc(&format!(".families[{i}]"), Side::Old),
                format!(
                    "code family {}* (outcome `{}`) removed",
                    family.prefix.0,
                    family.outcome.as_str()
                ),
            );
        }
    }
}

fn compare_profile(cx: &mut Ctx, scope: &Scope, old: &Item<Profile>, new: &Item<Profile>) {
    let (o, n) = (old.item, new.item);
    let attrs = [
        (
            "card_code",
            Some(o.card_code.clone()),
            Some(n.card_code.clone()),
        ),
        (
            "operation",
            Some(o.operation.clone()),
            Some(n.operation.clone()),
        ),
        ("code_table", o.code_table.clone(), n.code_table.clone()),
        (
            "refund_window_days",
            o.refund_window_days.map(|d| d.to_string()),
            n.refund_window_days.map(|d| d.to_string()),
        ),
    ];
    let what = format!("profile `{}`", scope.operation);
    attribute_changes(cx, scope, Rule::ProfileChanged, &what, new, attrs);
    let outcomes = |p: &Profile| {
        (!p.test_outcomes.is_empty()).then(|| {
            p.test_outcomes
                .iter()
                .map(|t| {
                    let mut s = t.code.0.clone();
                    for part in [&t.short, &t.doc].into_iter().flatten() {
                        s.push_str(&format!(" {part}"));
                    }
                    s
                })
                .collect::<Vec<_>>()
                .join("; ")
        })
    };
    cx.docs(
        scope,
        None,
        &what,
        |key| new.loc(&format!(".{key}"), Side::New),
        [
            ("title", Some(o.title.clone()), Some(n.title.clone())),
            ("notes", o.notes.clone(), n.notes.clone()),
            (
                "source",
                source_text(Some(&o.source)),
                source_text(Some(&n.source)),
            ),
            ("test_outcomes", outcomes(o), outcomes(n)),
        ],
    );
    compare_profile_mandatory(cx, scope, old, new);
    compare_profile_fixed(cx, scope, old, new);
    compare_values(
        cx,
        scope,
        "currencies",
        o.currencies.as_ref(),
        (n.currencies.as_ref(), new),
    );
    compare_values(
        cx,
        scope,
        "country",
        o.country.as_ref(),
        (n.country.as_ref(), new),
    );

    compare_rules(
        cx,
        scope,
        (old.spec, &format!("{}.rules", old.path), &o.rules),
        (new.spec, &format!("{}.rules", new.path), &n.rules),
    );
}

/// The fields a profile makes mandatory.
fn compare_profile_mandatory(
    cx: &mut Ctx,
    scope: &Scope,
    old: &Item<Profile>,
    new: &Item<Profile>,
) {
    let (o, n) = (old.item, new.item);
    // Mandatory fields.
    for (j, m) in n.mandatory.iter().enumerate() {
        let at = |suffix: &str| new.loc(&format!(".mandatory[{j}]{suffix}"), Side::New);
        match o.mandatory.iter().find(|x| x.field == m.field) {
            None => {
                cx.push(
                    scope,
                    Rule::ProfileFieldBecameMandatory,
                    m.field.as_str(),
                    Some("optional".into()),
                    Some("mandatory".into()),
                    at(""),
                    format!(
                        "profile `{}` makes `{}` mandatory: payments without it are refused",
                        scope.operation, m.field
                    ),
                );
            }
            Some(old_m) => {
                let text =
                    |e: &Option<crate::spec::ast::ScalarText>| e.as_ref().map(|v| v.0.clone());
                cx.docs(
                    scope,
                    Some(&m.field),
                    &format!("`{}` in the profile", m.field),
                    |key| at(&format!(".{key}")),
                    [
                        ("example", text(&old_m.example), text(&m.example)),
                        (
                            "source",
                            source_text(old_m.source.as_ref()),
                            source_text(m.source.as_ref()),
                        ),
                    ],
                );
            }
        }
    }
    for (i, m) in o.mandatory.iter().enumerate() {
        if !n.mandatory.iter().any(|x| x.field == m.field) {
            cx.push(
                scope,
                Rule::ProfileFieldBecameOptional,
                m.field.as_str(),
                Some("mandatory".into()),
                Some("optional".into()),
                old.loc(&format!(".mandatory[{i}]"), Side::Old),
                format!(
                    "profile `{}` no longer makes `{}` mandatory",
                    scope.operation, m.field
                ),
            );
        }
    }
}

/// The values a profile fixes.
fn compare_profile_fixed(cx: &mut Ctx, scope: &Scope, old: &Item<Profile>, new: &Item<Profile>) {
    let (o, n) = (old.item, new.item);
    // Fixed values.
    for (j, f) in n.fixed.iter().enumerate() {
        let at = |suffix: &str| new.loc(&format!(".fixed[{j}]{suffix}"), Side::New);
        let old_f = o.fixed.iter().find(|x| x.field == f.field);
        match old_f {
            Some(old_f) if old_f.value == f.value => {
                cx.doc(
                    scope,
                    &f.field,
                    &format!("fixed `{}` in the profile", f.field),
                    "source",
                    source_text(old_f.source.as_ref()).as_deref(),
                    source_text(f.source.as_ref()).as_deref(),
                    at(".source"),
                );
            }
            _ => {
                let before = old_f.map(|x| x.value.0.clone());
                let message = match &before {
                    Some(b) => format!(
                        "profile fixes `{}` to `{}` instead of `{b}`: payments sending `{b}` are refused",
                        f.field, f.value.0
                    ),
                    None => format!(
                        "profile now fixes `{}` to `{}`: payments sending another value are refused",
                        f.field, f.value.0
                    ),
                };
                cx.push(
                    scope,
                    Rule::ProfileFixedValueChanged,
                    f.field.as_str(),
                    before,
                    Some(f.value.0.clone()),
                    at(".value"),
                    message,
                );
            }
        }
    }
    for (i, f) in o.fixed.iter().enumerate() {
        if !n.fixed.iter().any(|x| x.field == f.field) {
            let finding = cx.push(
                scope,
                Rule::ProfileFixedValueChanged,
                f.field.as_str(),
                Some(f.value.0.clone()),
                None,
                old.loc(&format!(".fixed[{i}]"), Side::Old),
                format!(
                    "profile no longer fixes `{}` (was `{}`)",
                    f.field, f.value.0
                ),
            );
            // Dropping a fixed value widens what apps may send.
            finding.level = Level::Info;
        }
    }
}

/// Accepted currencies or countries of a profile: no block accepts any value.
fn compare_values(
    cx: &mut Ctx,
    scope: &Scope,
    key: &str,
    old_values: Option<&ProfileValues>,
    (new_values, new): (Option<&ProfileValues>, &Item<Profile>),
) {
    let (removed_rule, added_rule, noun) = if key == "currencies" {
        (
            Rule::ProfileCurrencyRemoved,
            Rule::ProfileCurrencyAdded,
            "currency",
        )
    } else {
        (
            Rule::ProfileCountryRemoved,
            Rule::ProfileCountryAdded,
            "country",
        )
    };
    let list = |v: &ProfileValues| {
        v.values
            .iter()
            .map(|x| x.0.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match (old_values, new_values) {
        (None, None) => {}
        (None, Some(n)) => {
            cx.push(
                scope,
                removed_rule,
                n.field.as_str(),
                Some("any".into()),
                Some(list(n)),
                new.loc(&format!(".{key}"), Side::New),
                format!(
                    "profile `{}` now accepts only {}: {}",
                    scope.operation,
                    key,
                    list(n)
                ),
            );
        }
        (Some(o), None) => {
            cx.push(
                scope,
                added_rule,
                o.field.as_str(),
                Some(list(o)),
                Some("any".into()),
                new.loc("", Side::New),
                format!(
                    "profile `{}` no longer restricts {key} (was {})",
                    scope.operation,
                    list(o)
                ),
            );
        }
        (Some(o), Some(n)) => {
            if o.field != n.field {
                cx.push(
                    scope,
                    Rule::ProfileChanged,
                    format!("{key}.field"),
                    Some(o.field.clone()),
                    Some(n.field.clone()),
                    new.loc(&format!(".{key}.field"), Side::New),
                    format!(
                        "the {noun} restriction of `{}` moves from `{}` to `{}`",
                        scope.operation, o.field, n.field
                    ),
                );
            }
            for (j, v) in n.values.iter().enumerate() {
                if !o.values.contains(v) {
                    cx.push(
                        scope,
                        added_rule,
                        n.field.as_str(),
                        None,
                        Some(v.0.clone()),
                        new.loc(&format!(".{key}.values[{j}]"), Side::New),
                        format!("profile `{}` accepts {noun} {} too", scope.operation, v.0),
                    );
                }
            }
            for v in &o.values {
                if !n.values.contains(v) {
                    // The list is still there: point at it in the new spec.
                    cx.push(
                        scope,
                        removed_rule,
                        n.field.as_str(),
                        Some(v.0.clone()),
                        None,
                        new.loc(&format!(".{key}.values"), Side::New),
                        format!(
                            "profile `{}` no longer accepts {noun} {}: such payments are refused",
                            scope.operation, v.0
                        ),
                    );
                }
            }
            cx.doc(
                scope,
                &n.field,
                &format!("the {noun} list"),
                "source",
                source_text(o.source.as_ref()).as_deref(),
                source_text(n.source.as_ref()).as_deref(),
                new.loc(&format!(".{key}.source"), Side::New),
            );
        }
    }
}
