//! Profiles: ids and card codes unique within the provider; the operation, the fields and the
//! code table they name exist; the values they fix or accept fit the fields.

use std::collections::HashMap;

use crate::diagnostic::DiagnosticKind;
use crate::spec::ast::{Field, Profile};

use super::exprs::{self, resolve_dotted};
use super::fields::{unknown_among, unknown_code_table};
use super::{Cx, list, suggest};

pub(super) fn check(cx: &mut Cx<'_>) {
    let spec = &cx.spec.spec;
    for (i, profile) in spec.profiles.iter().enumerate() {
        let at = format!("profiles[{i}]");
        unique(cx, &at, profile);

        let operation = cx.provider.operation(&profile.operation).map(|e| e.item);
        match operation {
            Some(op) => fields(cx, &at, profile, &op.request.fields),
            None => {
                let ids: Vec<&str> = cx
                    .provider
                    .operations
                    .iter()
                    .map(|o| o.item.id.as_str())
                    .collect();
                unknown_among(
                    cx,
                    &format!("{at}.operation"),
                    format!(
                        "profile `{}` narrows operation `{}`, which is not defined",
                        profile.id, profile.operation
                    ),
                    &format!("an operation of provider `{}`", spec.provider.0),
                    &profile.operation,
                    &ids,
                );
            }
        }

        let table = match &profile.code_table {
            None => None,
            Some(name) => {
                let table = cx.provider.table(name).map(|e| e.item);
                if table.is_none() {
                    unknown_code_table(
                        cx,
                        &format!("{at}.code_table"),
                        name,
                        format!(
                            "code_table `{name}` of profile `{}` names no code table",
                            profile.id
                        ),
                    );
                }
                table
            }
        };
        if let Some(table) = table {
            for (j, outcome) in profile.test_outcomes.iter().enumerate() {
                let code = outcome.code.0.as_str();
                if !table.code_format.admits(code) {
                    cx.report(
                        DiagnosticKind::Inconsistent,
                        &format!("{at}.test_outcomes[{j}].code"),
                        format!("test outcome code `{code}` does not fit the code_format `{}` of table `{}`", table.code_format, table.id),
                        format!("a code of the format `{}`", table.code_format),
                    );
                }
            }
        }
    }
}

/// Profile ids and card codes are unique within the provider.
fn unique(cx: &mut Cx<'_>, at: &str, profile: &Profile) {
    for (key, value) in [
        ("id", profile.id.as_str()),
        ("card_code", profile.card_code.as_str()),
    ] {
        if value.trim().is_empty() {
            cx.report(
                DiagnosticKind::Shape,
                &format!("{at}.{key}"),
                format!("empty profile {key}"),
                "a non-empty text",
            );
            continue;
        }
        let first = if key == "id" {
            cx.provider.profile(value)
        } else {
            cx.provider.card_code(value)
        };
        if let Some(first) = first
            && !cx.is_here(first, at)
        {
            let place = cx.place(first);
            cx.report(
                DiagnosticKind::Duplicate,
                &format!("{at}.{key}"),
                format!(
                    "profile {key} `{value}` is already used by profile `{}` ({place})",
                    first.item.id
                ),
                format!("each profile {key} once per provider"),
            );
        }
    }
}

/// The fields a profile names, against the operation's request.
fn fields(cx: &mut Cx<'_>, at: &str, profile: &Profile, request: &[Field]) {
    let mut mandatory: HashMap<&str, usize> = HashMap::new();
    for (j, item) in profile.mandatory.iter().enumerate() {
        let path = format!("{at}.mandatory[{j}].field");
        duplicate(cx, &mut mandatory, &path, &item.field, "mandatory");
        let Some(field) = resolve_dotted(cx, &path, request, &item.field, "request") else {
            continue;
        };
        if let (Some(example), Some(format)) = (&item.example, &field.format)
            && !format.admits(&example.0)
        {
            cx.report(
                DiagnosticKind::Inconsistent,
                &format!("{at}.mandatory[{j}].example"),
                format!(
                    "example `{}` does not fit the format `{format}` of `{}`",
                    example.0, item.field
                ),
                format!("a value of the format `{format}`"),
            );
        }
    }

    let mut fixed: HashMap<&str, usize> = HashMap::new();
    for (j, item) in profile.fixed.iter().enumerate() {
        let path = format!("{at}.fixed[{j}].field");
        duplicate(cx, &mut fixed, &path, &item.field, "fixed");
        let Some(field) = resolve_dotted(cx, &path, request, &item.field, "request") else {
            continue;
        };
        value(
            cx,
            &format!("{at}.fixed[{j}].value"),
            &item.field,
            field,
            &item.value.0,
        );
        if let Some(own) = &field.fixed
            && own.0 != item.value.0
        {
            cx.report(
                DiagnosticKind::Inconsistent,
                &format!("{at}.fixed[{j}].value"),
                format!(
                    "profile fixes `{}` to `{}`, but the operation fixes it to `{}`",
                    item.field, item.value.0, own.0
                ),
                format!("`{}`, the operation's fixed value", own.0),
            );
        }
    }

    for (key, values) in [
        ("currencies", &profile.currencies),
        ("country", &profile.country),
    ] {
        let Some(values) = values else { continue };
        let Some(field) = resolve_dotted(
            cx,
            &format!("{at}.{key}.field"),
            request,
            &values.field,
            "request",
        ) else {
            continue;
        };
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (j, v) in values.values.iter().enumerate() {
            let path = format!("{at}.{key}.values[{j}]");
            duplicate(cx, &mut seen, &path, &v.0, key);
            value(cx, &path, &values.field, field, &v.0);
        }
        if values.values.is_empty() {
            cx.report(
                DiagnosticKind::Shape,
                &format!("{at}.{key}.values"),
                format!("`{key}` lists no value"),
                "at least one accepted value",
            );
        }
    }

    exprs::check_rules(cx, at, &profile.rules, request);
}

/// A value a profile gives a field: a leaf, of its format, among its values.
fn value(cx: &mut Cx<'_>, path: &str, name: &str, field: &Field, value: &str) {
    if field.is_object() {
        cx.report(
            DiagnosticKind::Inconsistent,
            path,
            format!("`{name}` is an object and cannot take the value `{value}`"),
            "a leaf field",
        );
        return;
    }
    if let Some(format) = &field.format
        && !format.admits(value)
    {
        cx.report(
            DiagnosticKind::Inconsistent,
            path,
            format!("value `{value}` does not fit the format `{format}` of `{name}`"),
            format!("a value of the format `{format}`"),
        );
        return;
    }
    if !field.values.is_empty() && !field.values.iter().any(|v| v.value() == value) {
        let allowed = list(field.values.iter().map(|v| v.value()));
        let expected = suggest(
            cx,
            &format!("one of the values of `{name}`: {allowed}"),
            value,
            field.values.iter().map(|v| v.value()),
        );
        cx.report(
            DiagnosticKind::UnknownValue,
            path,
            format!("value `{value}` is not an allowed value of `{name}`"),
            expected,
        );
    }
}

/// Reports `name` when `seen` has it already; records it otherwise.
fn duplicate<'n>(
    cx: &mut Cx<'_>,
    seen: &mut HashMap<&'n str, usize>,
    path: &str,
    name: &'n str,
    what: &str,
) {
    if let Some(first) = seen.get(name) {
        let first = *first;
        cx.report(
            DiagnosticKind::Duplicate,
            path,
            format!("`{name}` is listed twice in `{what}` (first at line {first})"),
            format!("each entry of `{what}` once"),
        );
    } else {
        let line = cx.line(path);
        seen.insert(name, line);
    }
}
