//! Operations: ids unique within the provider (across its files), SOAP names exactly with the
//! SOAP transport, and the field lists and rules of each.

use crate::diagnostic::DiagnosticKind;
use crate::spec::ast::Transport;

use super::exprs::{self, Scope};
use super::{Cx, fields};

pub(super) fn check(cx: &mut Cx<'_>) {
    let spec = &cx.spec.spec;
    for (i, op) in spec.operations.iter().enumerate() {
        let at = format!("operations[{i}]");
        if op.id.trim().is_empty() {
            cx.report(
                DiagnosticKind::Shape,
                &format!("{at}.id"),
                "empty operation id",
                "an id such as `wechat`",
            );
        } else if !is_operation_id(&op.id) {
            cx.report(
                DiagnosticKind::Shape,
                &format!("{at}.id"),
                format!("invalid operation id `{}`", op.id),
                "ASCII letters, digits, `-` and `_`, starting with a letter (it names types and `pspec` ids)",
            );
        }
        if let Some(first) = cx.provider.operation(&op.id)
            && !cx.is_here(first, &at)
        {
            let place = cx.place(first);
            cx.report(
                DiagnosticKind::Duplicate,
                &format!("{at}.id"),
                format!(
                    "operation id `{}` is already defined for provider `{}` ({place})",
                    op.id, spec.provider.0
                ),
                "operation ids unique within a provider, across its files",
            );
        }
        match (op.transport, &op.soap) {
            (Transport::Soap, None) => cx.report(
                DiagnosticKind::Inconsistent,
                &format!("{at}.transport"),
                format!(
                    "operation `{}` uses `transport: soap` but gives no `soap:` names",
                    op.id
                ),
                "`soap: { namespace, objects_namespace, request_element, response_element }`",
            ),
            (transport, Some(_)) if transport != Transport::Soap => {
                let soap_line = cx.line(&format!("{at}.soap"));
                cx.report(
                    DiagnosticKind::Inconsistent,
                    &format!("{at}.transport"),
                    format!(
                        "operation `{}` uses `transport: {}` but gives `soap:` names (line {soap_line})",
                        op.id,
                        transport.as_str()
                    ),
                    "`soap:` only with `transport: soap`",
                )
            }
            _ => {}
        }
        if let Some(soap) = &op.soap {
            for (key, value) in [
                ("namespace", &soap.namespace),
                ("objects_namespace", &soap.objects_namespace),
                ("request_element", &soap.request_element),
                ("response_element", &soap.response_element),
            ] {
                if value.trim().is_empty() {
                    cx.report(
                        DiagnosticKind::Shape,
                        &format!("{at}.soap.{key}"),
                        format!("empty SOAP `{key}`"),
                        "the name as the WSDL gives it",
                    );
                }
            }
        }
        check_mac(cx, &at, op);
        super::protocol::check(cx, &at, op);
        super::signature::check(cx, &at, op);
        let request = op.request.fields.as_slice();
        fields::check_list(
            cx,
            &format!("{at}.request"),
            request,
            Scope::request(request),
        );
        let echoes = super::answers::answered(cx, &at, op);
        let response = Scope {
            own: &op.response.fields,
            what: "response",
            request: Some(request),
            echoes,
        };
        fields::check_list(cx, &format!("{at}.response"), &op.response.fields, response);
        if op.transport == Transport::Form {
            form_names(cx, &format!("{at}.request"), request);
            form_names(cx, &format!("{at}.response"), &op.response.fields);
        }
        exprs::check_rules(cx, &at, &op.rules, request);
        check_code_meanings(cx, &at, op);
    }
}

/// An operation id: it becomes part of Rust type names and of the `pspec` command's ids
/// (`computop.wechat`), so a path, a space or a dot has no place in it.
fn is_operation_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// A form body is `key=value&key=value` with no escape (Paygate does not percent-decode the
/// payload): a name holding `=` or `&` would be split apart on the wire, so it cannot be
/// sent, nor read back.
fn form_names(cx: &mut Cx<'_>, at: &str, fields: &[crate::spec::ast::Field]) {
    for (i, field) in fields.iter().enumerate() {
        if let Some(c) = field.name.chars().find(|c| matches!(c, '=' | '&')) {
            cx.report(
                DiagnosticKind::Shape,
                &format!("{at}.fields[{i}].name"),
                format!(
                    "form field name `{}` holds `{c}`, which splits a key=value body",
                    field.name
                ),
                "a form field name without `=` and `&` (the body has no escape)",
            );
        }
    }
}

/// The response's first return-code field, depth first in document order, lists left out:
/// the field whose code `outcome()` reads (and `code_meanings` reinterprets).
pub(crate) fn outcome_table(fields: &[crate::spec::ast::Field]) -> Option<&str> {
    fields.iter().filter(|f| !f.list).find_map(|f| {
        f.code_table
            .as_deref()
            .or_else(|| f.fields.as_deref().and_then(outcome_table))
    })
}

/// `code_meanings`: only on an operation whose response carries a return code; each code
/// once, of its table's `code_format`.
fn check_code_meanings(cx: &mut Cx<'_>, at: &str, op: &crate::spec::ast::Operation) {
    if op.code_meanings.is_empty() {
        return;
    }
    let Some(table_id) = outcome_table(&op.response.fields) else {
        cx.report(
            DiagnosticKind::Inconsistent,
            &format!("{at}.code_meanings"),
            format!(
                "operation `{}` gives `code_meanings` but its response has no field with a `code_table`",
                op.id
            ),
            "`code_meanings` only on an operation whose response carries a return code",
        );
        return;
    };
    let format = cx
        .provider
        .table(table_id)
        .map(|entry| entry.item.code_format.clone());
    let mut seen: Vec<(&str, String)> = Vec::new();
    for (j, meaning) in op.code_meanings.iter().enumerate() {
        let path = format!("{at}.code_meanings[{j}].code");
        let code = meaning.code.0.as_str();
        if let Some((_, first)) = seen.iter().find(|(c, _)| *c == code) {
            let first_line = cx.line(first);
            cx.report(
                DiagnosticKind::Duplicate,
                &path,
                format!(
                    "code `{code}` has two meanings in operation `{}` (first at line {first_line})",
                    op.id
                ),
                "each code once per operation",
            );
        } else {
            seen.push((code, path.clone()));
        }
        if let Some(format) = &format
            && !format.admits(code)
        {
            cx.report(
                DiagnosticKind::Inconsistent,
                &path,
                format!(
                    "code `{code}` does not fit the code_format `{format}` of table `{table_id}`"
                ),
                format!("codes of the format `{format}`"),
            );
        }
        if meaning.doc.trim().is_empty() {
            cx.report(
                DiagnosticKind::Shape,
                &format!("{at}.code_meanings[{j}].doc"),
                format!("empty doc for code `{code}` in operation `{}`", op.id),
                "what the code means for this operation",
            );
        }
    }
}

/// `mac:` only with `transport: form`; every name it gives must be a top-level field: the
/// MAC field and the clear fields of the request, the request input of the request or the
/// response (a first payment's input names `PayID`, which only the response has), the
/// response input of the response.
fn check_mac(cx: &mut Cx<'_>, at: &str, op: &crate::spec::ast::Operation) {
    let Some(mac) = &op.mac else { return };
    if op.transport != Transport::Form {
        cx.report(
            DiagnosticKind::Inconsistent,
            &format!("{at}.mac"),
            format!(
                "operation `{}` uses `transport: {}` but gives a `mac:`",
                op.id,
                op.transport.as_str()
            ),
            "`mac:` only with `transport: form`",
        );
    }
    let names = |fields: &[crate::spec::ast::Field]| -> Vec<String> {
        fields.iter().map(|f| f.name.clone()).collect()
    };
    let request = names(&op.request.fields);
    let response = names(&op.response.fields);
    let both: Vec<String> = request.iter().chain(&response).cloned().collect();
    let mut check = |key: String, name: &str, known: &[String], what: &str| {
        if !known.iter().any(|k| k == name) {
            let expected = super::suggest(
                cx,
                &format!("a top-level field of the {what}"),
                name,
                known.iter().map(String::as_str),
            );
            cx.report(
                DiagnosticKind::UnknownName,
                &key,
                format!("`mac` names `{name}`, which is not a top-level field of the {what}"),
                expected,
            );
        }
    };
    check(format!("{at}.mac.field"), &mac.field, &request, "request");
    for (i, name) in mac.request.iter().enumerate() {
        check(
            format!("{at}.mac.request[{i}]"),
            name,
            &both,
            "request or response",
        );
    }
    for (i, name) in mac.response.iter().enumerate() {
        check(
            format!("{at}.mac.response[{i}]"),
            name,
            &response,
            "response",
        );
    }
    for (i, name) in mac.clear.iter().enumerate() {
        check(format!("{at}.mac.clear[{i}]"), name, &request, "request");
    }
}
