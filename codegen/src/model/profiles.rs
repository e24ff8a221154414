//! Payment-method profiles: each narrows an operation's request (mandatory fields, fixed
//! values, accepted currencies and countries, extra rules). Profiles of one operation become
//! the variants of one `<Op>Profile` enum.

use std::collections::BTreeMap;

use crate::diagnostic::DiagnosticKind;
use crate::spec::ast;

use super::cx::{Cx, Origin};
use super::expr::{ExprScope, resolve_dotted};
use super::naming::{self, Case, RustName};
use super::rules::lower_rules;
use super::scope::Scope;
use super::{
    FieldRef, Operation, Profile, ProfileFixed, ProfileMandatory, ProfileValues, ValueKind,
};

/// Lowers the profiles of the provider's files into the operations they narrow.
pub fn lower_profiles(
    cx: &mut Cx,
    files: &[usize],
    operations: &mut [Operation],
    code_types: &BTreeMap<String, RustName>,
    types: &mut Scope,
) {
    let mut variant_scopes: BTreeMap<usize, Scope> = BTreeMap::new();
    for &file in files {
        let Some(spec) = cx.spec(file) else { continue };
        for (index, profile) in spec.spec.profiles.iter().enumerate() {
            let origin = Origin {
                file,
                path: format!("profiles[{index}]"),
            };
            let Some(op_index) = operations.iter().position(|op| op.id == profile.operation) else {
                cx.report(
                    &origin.child("operation"),
                    DiagnosticKind::UnknownName,
                    format!(
                        "profile `{}` narrows `{}`, which no file of the provider defines",
                        profile.id, profile.operation
                    ),
                    "the id of an operation of the same provider",
                );
                continue;
            };
            let display = spec.display.clone();
            let Some(op) = operations.get_mut(op_index) else {
                continue;
            };
            if op.profile_type.is_none() {
                match naming::sanitize_path(&[&op.id, "Profile"]) {
                    Ok(name) => {
                        types.claim(
                            cx,
                            &name,
                            &format!("profiles of operation {}", op.id),
                            &origin.child("operation"),
                        );
                        op.profile_type = Some(name);
                    }
                    Err(e) => cx.bad_name(&origin.child("operation"), e),
                }
            }
            let variant = match naming::sanitize(&profile.id, Case::UpperCamel) {
                Ok(name) => name,
                Err(e) => {
                    cx.bad_name(&origin.child("id"), e);
                    continue;
                }
            };
            let scope_name = op
                .profile_type
                .as_ref()
                .map_or_else(String::new, |t| format!("enum `{t}`"));
            variant_scopes
                .entry(op_index)
                .or_insert_with(|| Scope::new(scope_name))
                .claim(cx, &variant, &profile.id, &origin.child("id"));
            let scope = ExprScope::of(&op.request.fields, None);
            let lowered = lower_profile(
                cx, file, &origin, profile, variant, &scope, code_types, display,
            );
            op.profiles.push(lowered);
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn lower_profile(
    cx: &mut Cx,
    file: usize,
    origin: &Origin,
    profile: &ast::Profile,
    variant: RustName,
    scope: &ExprScope,
    code_types: &BTreeMap<String, RustName>,
    file_display: String,
) -> Profile {
    let mut mandatory = Vec::new();
    for (index, m) in profile.mandatory.iter().enumerate() {
        if let Some(field) = resolve_dotted(
            cx,
            &m.field,
            scope,
            &origin.item("mandatory", index).child("field"),
        ) {
            mandatory.push(ProfileMandatory {
                field,
                example: m.example.as_ref().map(|e| e.0.clone()),
            });
        }
    }
    let mut fixed = Vec::new();
    for (index, f) in profile.fixed.iter().enumerate() {
        let at = origin.item("fixed", index);
        if let Some(field) = resolve_dotted(cx, &f.field, scope, &at.child("field"))
            && value_fits(cx, &field, &f.value.0, &at.child("value"))
        {
            fixed.push(ProfileFixed {
                field,
                value: f.value.0.clone(),
            });
        }
    }
    let currencies = values(
        cx,
        scope,
        profile.currencies.as_ref(),
        &origin.child("currencies"),
    );
    let country = values(
        cx,
        scope,
        profile.country.as_ref(),
        &origin.child("country"),
    );
    let rules = lower_rules(cx, file, origin, &profile.rules, scope);
    let code_table = profile
        .code_table
        .as_ref()
        .and_then(|id| match code_types.get(id) {
            Some(type_name) => Some((id.clone(), type_name.clone())),
            None => {
                cx.report(
                    &origin.child("code_table"),
                    DiagnosticKind::UnknownName,
                    format!("code table `{id}` is not defined by the provider's files"),
                    "the id of a code table of the same provider",
                );
                None
            }
        });
    // The request's constructor under this profile (`payconiq(..)`): the id in snake case,
    // by the one sanitizer (`self` becomes `self_`). The variant's scope already made the
    // ids distinct per operation.
    let constructor =
        naming::sanitize(&profile.id, Case::Snake).unwrap_or_else(|_| naming::placeholder());
    Profile {
        id: profile.id.clone(),
        title: profile.title.clone(),
        card_code: profile.card_code.clone(),
        variant,
        constructor,
        source: cx.cite(file, &profile.source),
        file: file_display,
        mandatory,
        fixed,
        currencies,
        country,
        rules,
        refund_window_days: profile.refund_window_days,
        code_table,
        test_outcomes: profile
            .test_outcomes
            .iter()
            .map(|t| (t.code.0.clone(), t.short.clone(), t.doc.clone()))
            .collect(),
        notes: profile.notes.clone(),
    }
}

fn values(
    cx: &mut Cx,
    scope: &ExprScope,
    given: Option<&ast::ProfileValues>,
    origin: &Origin,
) -> Option<ProfileValues> {
    let given = given?;
    let field = resolve_dotted(cx, &given.field, scope, &origin.child("field"))?;
    let mut ok = true;
    for (index, value) in given.values.iter().enumerate() {
        ok &= value_fits(cx, &field, &value.0, &origin.item("values", index));
    }
    ok.then(|| ProfileValues {
        field,
        values: given.values.iter().map(|v| v.0.clone()).collect(),
    })
}

/// Whether `value` can be compared with the field: one of its enum values, an integer for an
/// integer field, `true`/`false` for a bool, any text for text.
fn value_fits(cx: &mut Cx, field: &FieldRef, value: &str, origin: &Origin) -> bool {
    let problem = match &field.value {
        ValueKind::Text | ValueKind::Code | ValueKind::Date(_) => None,
        ValueKind::Currency(form) => form.alpha_of(value).is_none().then(|| {
            format!(
                "`{value}` is not an {}, which `{}` is",
                form.expected(),
                field.dotted
            )
        }),
        ValueKind::Unsigned | ValueKind::Signed => value
            .parse::<i64>()
            .is_err()
            .then(|| format!("`{value}` is not an integer, and `{}` is one", field.dotted)),
        ValueKind::Bool => (!matches!(value, "true" | "false")).then(|| {
            format!(
                "`{value}` is not `true` or `false`, and `{}` is a bool",
                field.dotted
            )
        }),
        ValueKind::Enum(def) => {
            if def.variants.iter().any(|v| v.wire == value) {
                None
            } else {
                cx.report(
                    origin,
                    DiagnosticKind::UnknownValue,
                    format!("`{value}` is not a value of `{}`", field.dotted),
                    format!(
                        "one of {}",
                        def.variants
                            .iter()
                            .map(|v| v.wire.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
                return false;
            }
        }
        ValueKind::Map | ValueKind::List | ValueKind::Object => {
            Some(format!("`{}` is not a single value", field.dotted))
        }
    };
    match problem {
        None => true,
        Some(problem) => {
            cx.report(
                origin,
                DiagnosticKind::Inconsistent,
                problem,
                "a value of the field's type",
            );
            false
        }
    }
}
