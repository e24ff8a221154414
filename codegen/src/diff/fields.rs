//! Comparing field lists: pairing by wire name, renames, order, and every attribute of a field.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use crate::format::Format;
use crate::spec::LoadedSpec;
use crate::spec::ast::{Field, Presence, UrlRule, ValueType};

use super::context::{Ctx, Loc, Scope, loc, source_text};
use super::lattice::{self, Bound, BoundChange, Charset, Relation};
use super::rules::{Direction, Impact, Level, Rule, Side};

/// One side of a field list.
pub(crate) struct ListSide<'a> {
    /// The spec the list is in.
    pub spec: &'a LoadedSpec,
    /// YAML path of the list (`operations[0].request.fields`).
    pub yaml: String,
    /// The fields.
    pub fields: &'a [Field],
    /// Dotted wire name of the object holding the list (empty at the top).
    pub prefix: String,
}

impl<'a> ListSide<'a> {
    /// The `i`th field, if the list has one.
    fn at(&self, i: usize) -> Option<FieldSide<'a>> {
        self.fields.get(i).map(|field| self.side(i, field))
    }

    /// Every field with its index.
    fn sides(&self) -> impl Iterator<Item = (usize, FieldSide<'a>)> + '_ {
        self.fields
            .iter()
            .enumerate()
            .map(|(i, field)| (i, self.side(i, field)))
    }

    /// `field`, the `i`th of the list.
    fn side(&self, i: usize, field: &'a Field) -> FieldSide<'a> {
        let dotted = if self.prefix.is_empty() {
            field.name.clone()
        } else {
            format!("{}.{}", self.prefix, field.name)
        };
        FieldSide {
            spec: self.spec,
            yaml: format!("{}[{i}]", self.yaml),
            field,
            dotted,
        }
    }
}

/// One side of a field.
struct FieldSide<'a> {
    spec: &'a LoadedSpec,
    yaml: String,
    field: &'a Field,
    dotted: String,
}

impl FieldSide<'_> {
    fn loc(&self, key: &str, side: Side) -> Loc {
        let path = if key.is_empty() {
            self.yaml.clone()
        } else {
            format!("{}.{key}", self.yaml)
        };
        loc(self.spec, &path, side)
    }
}

fn is_request(scope: &Scope) -> bool {
    scope.direction != Direction::Response
}

/// The rule for the request or the response side.
fn pick(scope: &Scope, request: Rule, response: Rule) -> Rule {
    if is_request(scope) { request } else { response }
}

/// `ans..30 M`, `object O`, `list of object C`.
fn summary(f: &Field) -> String {
    let shape = match &f.format {
        Some(format) => format.notation(),
        None if f.is_object() => "object".into(),
        None => "no format".into(),
    };
    let shape = if f.list {
        format!("list of {shape}")
    } else {
        shape
    };
    format!("{shape} {}", f.presence.as_str())
}

/// What the field becomes in Rust, as the model decides it (`LeafKind`): `String`, `u64` for
/// `type: integer` on an `n` format, `i64` for `int64`, `bool`, a map, an enum of `values`, a
/// return-code type, a struct; any of them in a `Vec` with `list`.
fn rust_kind(f: &Field) -> String {
    let base = if f.is_object() {
        "object".to_string()
    } else if let Some(table) = &f.code_table {
        format!("code of table {table}")
    } else if f.value_type == Some(ValueType::Currency) {
        // Its `values` restrict it; they do not make an enum.
        "Currency".to_string()
    } else if !f.values.is_empty() {
        "enum".to_string()
    } else {
        match (f.value_type.unwrap_or_default(), &f.format) {
            // An amount of money is minor units, a `u64`, whatever its format.
            _ if f.currency.is_some() => "u64".into(),
            (_, Some(Format::Int64)) => "i64".into(),
            (_, Some(Format::Bool)) => "bool".into(),
            (ValueType::Integer, _) => "u64".into(),
            (ValueType::Map, _) => "map".into(),
            _ => "String".into(),
        }
    };
    if f.list {
        format!("list of {base}")
    } else {
        base
    }
}

/// `M`, `O`, `C (required when X; absent when Y)`.
fn presence_text(f: &Field) -> String {
    let mut parts = Vec::new();
    if let Some(c) = &f.required_when {
        parts.push(format!("required when {}", c.text));
    }
    if let Some(c) = &f.absent_when {
        parts.push(format!("absent when {}", c.text));
    }
    if parts.is_empty() {
        f.presence.as_str().to_string()
    } else {
        format!("{} ({})", f.presence.as_str(), parts.join("; "))
    }
}

fn same_presence(a: &Field, b: &Field) -> bool {
    a.presence == b.presence
        && a.required_when.as_ref().map(|c| &c.expr) == b.required_when.as_ref().map(|c| &c.expr)
        && a.absent_when.as_ref().map(|c| &c.expr) == b.absent_when.as_ref().map(|c| &c.expr)
}

/// Whether a removed and an added field could be one field renamed: same format, same shape.
fn same_shape(a: &Field, b: &Field) -> bool {
    a.format == b.format && a.is_object() == b.is_object() && a.list == b.list
}

/// The gap of field `i` of `fields`: the common (kept) fields before and after it, and its
/// offset among the non-common fields of that gap.
fn gap_key<'f>(
    fields: &'f [Field],
    i: usize,
    common: &HashSet<&str>,
) -> (Option<&'f str>, Option<&'f str>, usize) {
    let (head, tail) = fields.split_at_checked(i).unwrap_or((fields, &[]));
    let after_i = tail.split_first().map_or(&[][..], |(_, rest)| rest);
    let before = head
        .iter()
        .enumerate()
        .rfind(|(_, f)| common.contains(f.name.as_str()));
    let after = after_i
        .iter()
        .find(|f| common.contains(f.name.as_str()))
        .map(|f| f.name.as_str());
    let start = before.map_or(0, |(b, _)| b + 1);
    (before.map(|(_, f)| f.name.as_str()), after, i - start)
}

/// Compares two lists of fields (of a request, a response or an object).
pub(crate) fn compare_lists(cx: &mut Ctx, scope: &Scope, old: ListSide<'_>, new: ListSide<'_>) {
    let old_index: HashMap<&str, usize> = old
        .fields
        .iter()
        .enumerate()
        .rev()
        .map(|(i, f)| (f.name.as_str(), i))
        .collect();
    let new_names: HashSet<&str> = new.fields.iter().map(|f| f.name.as_str()).collect();
    let common: HashSet<&str> = new
        .fields
        .iter()
        .map(|f| f.name.as_str())
        .filter(|n| old_index.contains_key(n))
        .collect();

    // Renames: a removed and an added field in the same gap, at the same offset, same format.
    let removed: Vec<usize> = (old.fields.iter().enumerate())
        .filter(|(_, f)| !new_names.contains(f.name.as_str()))
        .map(|(i, _)| i)
        .collect();
    let removed_at: HashMap<_, usize> = removed
        .iter()
        .map(|i| (gap_key(old.fields, *i, &common), *i))
        .collect();
    let mut renamed_from: HashMap<usize, usize> = HashMap::new();
    for (j, field) in
        (new.fields.iter().enumerate()).filter(|(_, f)| !common.contains(f.name.as_str()))
    {
        if let Some(i) = removed_at.get(&gap_key(new.fields, j, &common))
            && let Some(old_field) = old.fields.get(*i)
            && same_shape(old_field, field)
        {
            renamed_from.insert(j, *i);
        }
    }
    let renamed_old: HashSet<usize> = renamed_from.values().copied().collect();

    let mut seen = HashSet::new();
    for (j, n) in new.sides() {
        if !seen.insert(n.field.name.as_str()) {
            continue; // a duplicate name: the checker reports it
        }
        if let Some(o) = (old_index.get(n.field.name.as_str())).and_then(|i| old.at(*i)) {
            compare_field(cx, scope, &o, &n);
        } else if let Some(o) = renamed_from.get(&j).and_then(|i| old.at(*i)) {
            cx.push(
                scope,
                Rule::FieldRenamed,
                n.dotted.as_str(),
                Some(o.dotted.clone()),
                Some(n.dotted.clone()),
                n.loc("name", Side::New),
                format!(
                    "{} field `{}` renamed `{}` (same format {}, same place)",
                    scope.direction.as_str(),
                    o.dotted,
                    n.dotted,
                    o.field
                        .format
                        .as_ref()
                        .map_or_else(|| "object".to_string(), Format::notation)
                ),
            );
            compare_field(cx, scope, &o, &n);
        } else {
            added(cx, scope, &n);
        }
    }
    for i in removed {
        if !renamed_old.contains(&i)
            && let Some(o) = old.at(i)
        {
            removed_field(cx, scope, &o);
        }
    }

    // Order of the fields both sides have.
    let old_order: Vec<&str> = old
        .fields
        .iter()
        .map(|f| f.name.as_str())
        .filter(|n| common.contains(n))
        .collect();
    let mut new_order: Vec<&str> = Vec::new();
    for f in new.fields {
        if common.contains(f.name.as_str()) && !new_order.contains(&f.name.as_str()) {
            new_order.push(&f.name);
        }
    }
    let mut old_dedup: Vec<&str> = Vec::new();
    for name in old_order {
        if !old_dedup.contains(&name) {
            old_dedup.push(name);
        }
    }
    let kept = longest_common_subsequence(&old_dedup, &new_order);
    let previous = |order: &[&str], name: &str| -> String {
        let position = order.iter().position(|n| *n == name);
        match position.and_then(|p| order.get(p.checked_sub(1)?)) {
            Some(previous) => format!("after {previous}"),
            None => "first".to_string(),
        }
    };
    for (j, f) in new.fields.iter().enumerate() {
        let name = f.name.as_str();
        if common.contains(name) && !kept.contains(name) {
            let n = new.side(j, f);
            let (before, after) = (previous(&old_dedup, name), previous(&new_order, name));
            cx.push(
                scope,
                Rule::FieldOrderChanged,
                n.dotted.as_str(),
                Some(before.clone()),
                Some(after.clone()),
                n.loc("", Side::New),
                format!("`{}` moves: {before} → {after}", n.dotted),
            );
        }
    }
}

/// The names of a longest common subsequence of two orders of the same names.
fn longest_common_subsequence<'a>(a: &[&'a str], b: &[&'a str]) -> HashSet<&'a str> {
    // `table[i][j]`: the length of a longest common subsequence of `a[i..]` and `b[j..]`; 0
    // past either end, which is what `cell` reads there.
    let mut table = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    let cell = |table: &[Vec<usize>], i: usize, j: usize| {
        table
            .get(i)
            .and_then(|row| row.get(j))
            .copied()
            .unwrap_or(0)
    };
    for (i, x) in a.iter().enumerate().rev() {
        for (j, y) in b.iter().enumerate().rev() {
            let length = if x == y {
                cell(&table, i + 1, j + 1) + 1
            } else {
                cell(&table, i + 1, j).max(cell(&table, i, j + 1))
            };
            if let Some(slot) = table.get_mut(i).and_then(|row| row.get_mut(j)) {
                *slot = length;
            }
        }
    }
    let (mut i, mut j, mut kept) = (0, 0, HashSet::new());
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        if x == y {
            kept.insert(*x);
            i += 1;
            j += 1;
        } else if cell(&table, i + 1, j) >= cell(&table, i, j + 1) {
            i += 1;
        } else {
            j += 1;
        }
    }
    kept
}

fn added(cx: &mut Ctx, scope: &Scope, n: &FieldSide<'_>) {
    let f = n.field;
    let (rule, message) = if is_request(scope) {
        match f.presence {
            Presence::M => (
                Rule::RequestFieldAddedMandatory,
                format!(
                    "new mandatory request field `{}` ({}): apps must send it",
                    n.dotted,
                    summary(f)
                ),
            ),
            Presence::C => (
                Rule::RequestFieldAddedConditional,
                format!(
                    "new conditional request field `{}`: {}",
                    n.dotted,
                    presence_text(f)
                ),
            ),
            Presence::O => (
                Rule::RequestFieldAddedOptional,
                format!("new optional request field `{}` ({})", n.dotted, summary(f)),
            ),
        }
    } else {
        (
            Rule::ResponseFieldAdded,
            format!("new response field `{}` ({})", n.dotted, summary(f)),
        )
    };
    let finding = cx.push(
        scope,
        rule,
        n.dotted.as_str(),
        None,
        Some(summary(f)),
        n.loc("", Side::New),
        message,
    );
    if rule == Rule::ResponseFieldAdded && f.presence == Presence::M {
        // A new `T` field breaks struct literals.
        finding.impact = Impact::Major;
    }
}

fn removed_field(cx: &mut Ctx, scope: &Scope, o: &FieldSide<'_>) {
    let f = o.field;
    let (rule, message) = if is_request(scope) {
        (
            Rule::RequestFieldRemoved,
            format!(
                "request field `{}` ({}) removed: apps setting it no longer compile",
                o.dotted,
                summary(f)
            ),
        )
    } else {
        (
            Rule::ResponseFieldRemoved,
            format!(
                "response field `{}` ({}) removed: apps reading it no longer compile",
                o.dotted,
                summary(f)
            ),
        )
    };
    let finding = cx.push(
        scope,
        rule,
        o.dotted.as_str(),
        Some(summary(f)),
        None,
        o.loc("", Side::Old),
        message,
    );
    if rule == Rule::ResponseFieldRemoved && f.presence != Presence::M {
        finding.level = Level::Warning;
    }
}

/// Every attribute of a field present on both sides, one job per function.
fn compare_field(cx: &mut Ctx, scope: &Scope, o: &FieldSide<'_>, n: &FieldSide<'_>) {
    let (of, nf) = (o.field, n.field);
    compare_type(cx, scope, o, n);
    // Nested fields.
    if let (Some(old_children), Some(new_children)) = (&of.fields, &nf.fields) {
        compare_lists(
            cx,
            scope,
            ListSide {
                spec: o.spec,
                yaml: format!("{}.fields", o.yaml),
                fields: old_children,
                prefix: o.dotted.clone(),
            },
            ListSide {
                spec: n.spec,
                yaml: format!("{}.fields", n.yaml),
                fields: new_children,
                prefix: n.dotted.clone(),
            },
        );
    }

    compare_presence(cx, scope, o, n);
    compare_format(cx, scope, o, n);
    compare_enum_values(cx, scope, o, n);
    compare_fixed(cx, scope, o, n);
    compare_prefix(cx, scope, o, n);
    compare_bounds(cx, scope, o, n);
    compare_url(cx, scope, o, n);
    compare_wrapper(cx, scope, o, n);
    compare_generated_names(cx, scope, o, n);
    compare_field_docs(cx, scope, o, n);
}

/// The Rust type the field becomes.
fn compare_type(cx: &mut Ctx, scope: &Scope, o: &FieldSide<'_>, n: &FieldSide<'_>) {
    let (of, nf) = (o.field, n.field);
    let name = n.dotted.as_str();

    // The Rust type.
    let (old_kind, new_kind) = (rust_kind(of), rust_kind(nf));
    if old_kind != new_kind {
        cx.push(
            scope,
            pick(
                scope,
                Rule::RequestFieldTypeChanged,
                Rule::ResponseFieldTypeChanged,
            ),
            name,
            Some(old_kind.clone()),
            Some(new_kind.clone()),
            n.loc("", Side::New),
            format!("`{name}` changes Rust type: {old_kind} → {new_kind}"),
        );
    }
}

/// The format: class and length apart.
fn compare_format(cx: &mut Ctx, scope: &Scope, o: &FieldSide<'_>, n: &FieldSide<'_>) {
    let (of, nf) = (o.field, n.field);
    let name = n.dotted.as_str();
    let request = is_request(scope);

    // The format: class and length apart.
    match (&of.format, &nf.format) {
        (
            Some(Format::Chars {
                class: oc,
                length: ol,
            }),
            Some(Format::Chars {
                class: nc,
                length: nl,
            }),
        ) => {
            let old_set = Charset {
                class: *oc,
                forbidden: of.forbidden.as_deref().unwrap_or(""),
            };
            let new_set = Charset {
                class: *nc,
                forbidden: nf.forbidden.as_deref().unwrap_or(""),
            };
            let relation = lattice::charset_relation(&old_set, &new_set);
            let (before, after) = (old_set.notation(), new_set.notation());
            let change = format!("{before} → {after}");
            let found = match (relation, request) {
                (Relation::Same, _) => None,
                (Relation::Narrower, true) => Some((
                    Rule::RequestFieldCharsetNarrowed,
                    format!(
                        "`{name}` admits fewer characters ({change}): apps sending the others are refused"
                    ),
                )),
                (Relation::Wider, true) => Some((
                    Rule::RequestFieldCharsetWidened,
                    format!("`{name}` admits more characters ({change})"),
                )),
                (Relation::Incomparable, true) => Some((
                    Rule::RequestFieldCharsetChanged,
                    format!(
                        "`{name}` admits other characters ({change}): some values apps send are refused"
                    ),
                )),
                (Relation::Wider, false) => Some((
                    Rule::ResponseFieldCharsetWidened,
                    format!(
                        "`{name}` may hold characters it could not before ({change}): apps must accept them"
                    ),
                )),
                (Relation::Narrower, false) => Some((
                    Rule::ResponseFieldCharsetNarrowed,
                    format!("`{name}` holds fewer kinds of characters ({change})"),
                )),
                (Relation::Incomparable, false) => Some((
                    Rule::ResponseFieldCharsetChanged,
                    format!(
                        "`{name}` holds other characters ({change}): apps must accept the new ones"
                    ),
                )),
            };
            if let Some((rule, message)) = found {
                let key = if oc != nc { "format" } else { "forbidden" };
                cx.push(
                    scope,
                    rule,
                    name,
                    Some(before),
                    Some(after),
                    n.loc(key, Side::New),
                    message,
                );
            }
            for change in lattice::length_changes(*ol, *nl) {
                length_finding(
                    cx,
                    scope,
                    n,
                    change,
                    (of.format.as_ref(), nf.format.as_ref()),
                    (*ol, *nl),
                );
            }
        }
        (Some(a), Some(b)) if a != b && rust_kind(of) == rust_kind(nf) => {
            let (rule, consequence) = if request {
                (
                    Rule::RequestFieldFormatChanged,
                    ": values apps send in the old format are refused",
                )
            } else {
                (
                    Rule::ResponseFieldFormatChanged,
                    ": apps must read the new format",
                )
            };
            cx.push(
                scope,
                rule,
                name,
                Some(a.notation()),
                Some(b.notation()),
                n.loc("format", Side::New),
                format!("`{name}` changes format: {a} → {b}{consequence}"),
            );
        }
        _ => {}
    }
}

/// Allowed values, when both sides have them (otherwise the type changed).
fn compare_enum_values(cx: &mut Ctx, scope: &Scope, o: &FieldSide<'_>, n: &FieldSide<'_>) {
    let (of, nf) = (o.field, n.field);
    let name = n.dotted.as_str();
    let request = is_request(scope);

    // Allowed values (when both sides have them; otherwise the type changed).
    if !of.values.is_empty() && !nf.values.is_empty() {
        for (k, v) in nf.values.iter().enumerate() {
            let at = n.loc(&format!("values[{k}]"), Side::New);
            match of.values.iter().find(|x| x.value() == v.value()) {
                None => {
                    let (rule, message) = if request {
                        (
                            Rule::RequestEnumValueAdded,
                            format!("`{name}` admits `{}` too", v.value()),
                        )
                    } else {
                        (
                            Rule::ResponseEnumValueAdded,
                            format!(
                                "`{name}` may carry `{}`: decide what it means for apps",
                                v.value()
                            ),
                        )
                    };
                    cx.push(
                        scope,
                        rule,
                        name,
                        None,
                        Some(v.value().to_string()),
                        at,
                        message,
                    );
                }
                Some(old_v) => {
                    cx.doc(
                        scope,
                        name,
                        &format!("value `{}` of `{name}`", v.value()),
                        "doc",
                        old_v.doc(),
                        v.doc(),
                        at,
                    );
                }
            }
        }
        for v in &of.values {
            if !nf.values.iter().any(|x| x.value() == v.value()) {
                let (rule, message) = if request {
                    (
                        Rule::RequestEnumValueRemoved,
                        format!(
                            "`{name}` no longer admits `{}`: apps sending it are refused",
                            v.value()
                        ),
                    )
                } else {
                    (
                        Rule::ResponseEnumValueRemoved,
                        format!("`{name}` no longer carries `{}`", v.value()),
                    )
                };
                cx.push(
                    scope,
                    rule,
                    name,
                    Some(v.value().to_string()),
                    None,
                    n.loc("values", Side::New),
                    message,
                );
            }
        }
    }
}

/// The fixed value.
fn compare_fixed(cx: &mut Ctx, scope: &Scope, o: &FieldSide<'_>, n: &FieldSide<'_>) {
    let (of, nf) = (o.field, n.field);
    let name = n.dotted.as_str();
    let request = is_request(scope);

    // The fixed value.
    let (old_fixed, new_fixed) = (
        of.fixed.as_ref().map(|v| v.0.clone()),
        nf.fixed.as_ref().map(|v| v.0.clone()),
    );
    if old_fixed != new_fixed {
        if request {
            let message = match (&old_fixed, &new_fixed) {
                (Some(a), Some(b)) => format!(
                    "`{name}` is fixed to `{b}` instead of `{a}`: apps sending `{a}` are refused"
                ),
                (None, Some(b)) => format!(
                    "`{name}` is now fixed to `{b}`: apps sending another value are refused"
                ),
                (Some(a), None) => format!("`{name}` is no longer fixed (was `{a}`)"),
                (None, None) => unreachable!("the values differ"),
            };
            let dropped = new_fixed.is_none();
            let finding = cx.push(
                scope,
                Rule::RequestFieldFixedValueChanged,
                name,
                old_fixed,
                new_fixed,
                n.loc("fixed", Side::New),
                message,
            );
            if dropped {
                // Apps may send any value now: a widening.
                finding.level = Level::Info;
            }
        } else {
            let relation = match (&old_fixed, &new_fixed) {
                (None, Some(_)) => Relation::Narrower,
                (Some(_), None) => Relation::Wider,
                _ => Relation::Incomparable,
            };
            let describe = |v: &Option<String>| format!("fixed {}", v.as_deref().unwrap_or("none"));
            constraint(
                cx,
                scope,
                n,
                "fixed",
                relation,
                describe(&old_fixed),
                describe(&new_fixed),
            );
        }
    }
}

/// The required start.
fn compare_prefix(cx: &mut Ctx, scope: &Scope, o: &FieldSide<'_>, n: &FieldSide<'_>) {
    let (of, nf) = (o.field, n.field);

    // The required start (`prefix`): a prefix that appears, or one that extends the old one
    // (`req` → `requestPayment:`), admits fewer values; one that disappears or shortens
    // admits more; any other change admits other values.
    if of.prefix != nf.prefix {
        let relation = match (&of.prefix, &nf.prefix) {
            (None, _) => Relation::Narrower,
            (_, None) => Relation::Wider,
            (Some(a), Some(b)) if b.starts_with(a.as_str()) => Relation::Narrower,
            (Some(a), Some(b)) if a.starts_with(b.as_str()) => Relation::Wider,
            _ => Relation::Incomparable,
        };
        let describe = |v: &Option<String>| match v {
            Some(p) => format!("prefix {p:?}"),
            None => "no prefix".to_string(),
        };
        constraint(
            cx,
            scope,
            n,
            "prefix",
            relation,
            describe(&of.prefix),
            describe(&nf.prefix),
        );
    }
}

/// A list's wrapper element (`item`): the same items in another XML shape.
fn compare_wrapper(cx: &mut Ctx, scope: &Scope, o: &FieldSide<'_>, n: &FieldSide<'_>) {
    let (of, nf) = (o.field, n.field);
    if of.item != nf.item {
        let name = n.dotted.as_str();
        let describe = |v: &Option<String>| match v {
            Some(item) => format!("wrapped, items in `{item}`"),
            None => "not wrapped".to_string(),
        };
        cx.push(
            scope,
            Rule::FieldListWrapperChanged,
            name,
            Some(describe(&of.item)),
            Some(describe(&nf.item)),
            n.loc("item", Side::New),
            format!(
                "`{name}` changes its list shape: {} → {}",
                describe(&of.item),
                describe(&nf.item)
            ),
        );
    }
}

/// Numeric range and list size.
fn compare_bounds(cx: &mut Ctx, scope: &Scope, o: &FieldSide<'_>, n: &FieldSide<'_>) {
    let (of, nf) = (o.field, n.field);

    // Numeric range, list size, URL rule.
    let bound = |v: Option<i64>| v.map_or_else(|| "none".to_string(), |v| v.to_string());
    // A bound narrows when it appears, or when it moves the `narrower` way.
    for (key, narrower, old_bound, new_bound) in [
        ("min", Ordering::Greater, of.min, nf.min),
        ("max", Ordering::Less, of.max, nf.max),
        (
            "max_items",
            Ordering::Less,
            of.max_items.map(i64::from),
            nf.max_items.map(i64::from),
        ),
    ] {
        if old_bound != new_bound {
            let relation = match (old_bound, new_bound) {
                (None, _) => Relation::Narrower,
                (_, None) => Relation::Wider,
                (Some(a), Some(b)) if b.cmp(&a) == narrower => Relation::Narrower,
                _ => Relation::Wider,
            };
            constraint(
                cx,
                scope,
                n,
                key,
                relation,
                format!("{key} {}", bound(old_bound)),
                format!("{key} {}", bound(new_bound)),
            );
        }
    }
}

/// The URL rule.
fn compare_url(cx: &mut Ctx, scope: &Scope, o: &FieldSide<'_>, n: &FieldSide<'_>) {
    let (of, nf) = (o.field, n.field);

    let open = UrlRule {
        scheme: None,
        port: None,
        query: true,
    };
    let (old_url, new_url) = (
        of.url.clone().unwrap_or_else(|| open.clone()),
        nf.url.clone().unwrap_or(open),
    );
    for (key, a, b) in [
        ("scheme", old_url.scheme.clone(), new_url.scheme.clone()),
        (
            "port",
            old_url.port.map(|p| p.to_string()),
            new_url.port.map(|p| p.to_string()),
        ),
    ] {
        if a != b {
            let relation = match (&a, &b) {
                (None, _) => Relation::Narrower,
                (_, None) => Relation::Wider,
                _ => Relation::Incomparable,
            };
            let describe =
                |v: &Option<String>| format!("url {key} {}", v.as_deref().unwrap_or("any"));
            constraint(cx, scope, n, "url", relation, describe(&a), describe(&b));
        }
    }
    if old_url.query != new_url.query {
        let describe = |q: bool| format!("url query {}", if q { "allowed" } else { "forbidden" });
        let relation = if new_url.query {
            Relation::Wider
        } else {
            Relation::Narrower
        };
        constraint(
            cx,
            scope,
            n,
            "url",
            relation,
            describe(old_url.query),
            describe(new_url.query),
        );
    }
}

/// What the generator makes of it: Rust name, redaction, echo check.
fn compare_generated_names(cx: &mut Ctx, scope: &Scope, o: &FieldSide<'_>, n: &FieldSide<'_>) {
    let (of, nf) = (o.field, n.field);
    let name = n.dotted.as_str();

    // What the generator makes of it.
    if of.rust_name != nf.rust_name {
        cx.push(
            scope,
            Rule::RustNameChanged,
            name,
            of.rust_name.clone(),
            nf.rust_name.clone(),
            n.loc("rust_name", Side::New),
            format!(
                "the Rust name of `{name}` changes: {} → {}",
                of.rust_name.as_deref().unwrap_or("(derived)"),
                nf.rust_name.as_deref().unwrap_or("(derived)")
            ),
        );
    }
    if of.sensitive != nf.sensitive {
        let message = if nf.sensitive {
            format!("`{name}` becomes sensitive: redacted in Debug")
        } else {
            format!("`{name}` is no longer sensitive: shown in Debug")
        };
        cx.push(
            scope,
            Rule::SensitivityChanged,
            name,
            Some(of.sensitive.to_string()),
            Some(nf.sensitive.to_string()),
            n.loc("sensitive", Side::New),
            message,
        );
    }

    if of.echoes != nf.echoes {
        let message = match (&of.echoes, &nf.echoes) {
            (None, Some(to)) => format!(
                "`{name}` now echoes the request's `{to}`: answers naming another value are refused (`validate_with_request`, or `check_against` where the operation `answers` another)"
            ),
            (Some(from), None) => format!(
                "`{name}` no longer echoes the request's `{from}`: answers are no longer checked against it"
            ),
            (Some(from), Some(to)) => format!(
                "`{name}` echoes the request's `{to}` instead of `{from}`: answers are checked against another request field"
            ),
            (None, None) => String::new(),
        };
        cx.push(
            scope,
            Rule::ResponseFieldEchoChanged,
            name,
            of.echoes.clone(),
            nf.echoes.clone(),
            n.loc("echoes", Side::New),
            message,
        );
    }
}

/// Documentation and provenance.
fn compare_field_docs(cx: &mut Ctx, scope: &Scope, o: &FieldSide<'_>, n: &FieldSide<'_>) {
    let (of, nf) = (o.field, n.field);
    let name = n.dotted.as_str();

    // Documentation and provenance.
    let example = |f: &Field| f.example.as_ref().map(|v| v.0.clone());
    cx.docs(
        scope,
        Some(name),
        &format!("`{name}`"),
        |key| n.loc(key, Side::New),
        [
            ("doc", of.doc.clone(), nf.doc.clone()),
            ("example", example(of), example(nf)),
            (
                "table_format",
                of.table_format.clone(),
                nf.table_format.clone(),
            ),
            ("deprecated", of.deprecated.clone(), nf.deprecated.clone()),
            (
                "source",
                source_text(of.source.as_ref()),
                source_text(nf.source.as_ref()),
            ),
        ],
    );
}

fn compare_presence(cx: &mut Ctx, scope: &Scope, o: &FieldSide<'_>, n: &FieldSide<'_>) {
    let (of, nf) = (o.field, n.field);
    if same_presence(of, nf) {
        return;
    }
    let name = n.dotted.as_str();
    let (before, after) = (presence_text(of), presence_text(nf));
    let was_m = of.presence == Presence::M;
    let is_m = nf.presence == Presence::M;
    let (rule, message) = match (is_request(scope), was_m, is_m) {
        (true, false, true) => (
            Rule::RequestFieldBecameMandatory,
            format!("`{name}` becomes mandatory ({before} → M): apps that omit it are refused"),
        ),
        (true, true, false) => (
            Rule::RequestFieldBecameOptional,
            format!(
                "`{name}` is no longer mandatory (M → {after}): its Rust field becomes an Option"
            ),
        ),
        (true, _, _) => (
            Rule::RequestFieldConditionChanged,
            format!("`{name}` presence changes: {before} → {after}"),
        ),
        (false, true, false) => (
            Rule::ResponseFieldBecameOptional,
            format!("`{name}` may be missing now (M → {after}): apps must handle its absence"),
        ),
        (false, false, true) => (
            Rule::ResponseFieldBecameMandatory,
            format!("`{name}` is always present now ({before} → M)"),
        ),
        (false, _, _) => (
            Rule::ResponseFieldConditionChanged,
            format!("`{name}` presence changes: {before} → {after}"),
        ),
    };
    cx.push(
        scope,
        rule,
        name,
        Some(before),
        Some(after),
        n.loc("presence", Side::New),
        message,
    );
}

fn length_finding(
    cx: &mut Ctx,
    scope: &Scope,
    n: &FieldSide<'_>,
    change: BoundChange,
    (old_format, new_format): (Option<&Format>, Option<&Format>),
    (old_length, new_length): (crate::format::Length, crate::format::Length),
) {
    use crate::format::Length;
    let name = n.dotted.as_str();
    let show = |v: Option<u32>| v.map_or_else(|| "none".to_string(), |v| v.to_string());
    let which = match change.bound {
        Bound::Min => "minimum",
        Bound::Max => "maximum",
    };
    let formats = format!(
        "{} → {}",
        old_format.map(Format::notation).unwrap_or_default(),
        new_format.map(Format::notation).unwrap_or_default()
    );
    let fixity = match (
        matches!(old_length, Length::Exactly(_)),
        matches!(new_length, Length::Exactly(_)),
    ) {
        (true, false) => "; fixed length becomes variable",
        (false, true) => "; variable length becomes fixed",
        _ => "",
    };
    let consequence = match (is_request(scope), change.narrows, change.bound) {
        (true, true, Bound::Min) => ": apps sending shorter values are refused",
        (true, true, Bound::Max) => ": apps sending longer values are refused",
        (false, false, Bound::Min) => ": shorter values may arrive",
        (false, false, Bound::Max) => ": longer values may arrive",
        _ => "",
    };
    let rule = match (is_request(scope), change.narrows) {
        (true, true) => Rule::RequestFieldLengthNarrowed,
        (true, false) => Rule::RequestFieldLengthWidened,
        (false, true) => Rule::ResponseFieldLengthNarrowed,
        (false, false) => Rule::ResponseFieldLengthWidened,
    };
    cx.push(
        scope,
        rule,
        name,
        Some(BoundChange::describe(change.bound, change.old)),
        Some(BoundChange::describe(change.bound, change.new)),
        n.loc("format", Side::New),
        format!(
            "`{name}`: {which} length {} → {} ({formats}{fixity}){consequence}",
            show(change.old),
            show(change.new)
        ),
    );
}

/// A finding of the `*-constraint-*` rules.
fn constraint(
    cx: &mut Ctx,
    scope: &Scope,
    n: &FieldSide<'_>,
    key: &str,
    relation: Relation,
    before: String,
    after: String,
) {
    let name = n.dotted.as_str();
    let (rule, consequence) = match (is_request(scope), relation) {
        (_, Relation::Same) => return,
        (true, Relation::Narrower) => (
            Rule::RequestFieldConstraintNarrowed,
            ": some values apps send are refused",
        ),
        (true, Relation::Wider) => (Rule::RequestFieldConstraintWidened, ""),
        (true, Relation::Incomparable) => (
            Rule::RequestFieldConstraintChanged,
            ": some values apps send are refused",
        ),
        (false, Relation::Narrower) => (Rule::ResponseFieldConstraintNarrowed, ""),
        (false, Relation::Wider) => (
            Rule::ResponseFieldConstraintWidened,
            ": apps may read values they could not before",
        ),
        (false, Relation::Incomparable) => (
            Rule::ResponseFieldConstraintChanged,
            ": apps may read values they could not before",
        ),
    };
    let message = format!("`{name}`: {before} → {after}{consequence}");
    cx.push(
        scope,
        rule,
        name,
        Some(before),
        Some(after),
        n.loc(key, Side::New),
        message,
    );
}
