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
        let request = op.request.fields.as_slice();
        fields::check_list(
            cx,
            &format!("{at}.request"),
            request,
            Scope::request(request),
        );
        let response = Scope {
            own: &op.response.fields,
            what: "response",
            request: Some(request),
        };
        fields::check_list(cx, &format!("{at}.response"), &op.response.fields, response);
        exprs::check_rules(cx, &at, &op.rules, request);
    }
}
