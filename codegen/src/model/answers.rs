//! `answers`: a response that reports on another operation's request (Monext's
//! `getWebPaymentDetails` hands back the order and amount of the `doWebPayment` whose
//! outcome it reports). Resolved once every operation of the provider is lowered, since the
//! answered operation may come later in the file or in another file of the provider.

use crate::diagnostic::DiagnosticKind;

use super::Operation;
use super::cx::{Cx, Origin};

/// Sets `answers` of every operation whose spec names one, and lowers its response's
/// `echoes` against that operation's request. `operations` are those of `files`, in the
/// order `lower_provider` lowered them (file by file, spec order).
pub fn resolve_answers(cx: &mut Cx, files: &[usize], operations: &mut [Operation]) {
    let mut at = 0;
    for &file in files {
        let Some(spec) = cx.spec(file) else { continue };
        for (index, op) in spec.spec.operations.iter().enumerate() {
            let position = at;
            at += 1;
            let Some(target) = &op.answers else { continue };
            let origin = Origin {
                file,
                path: format!("operations[{index}]"),
            };
            // The checker has reported an unknown id; this only keeps lowering total.
            let Some(answered) = operations.iter().position(|o| o.id == *target) else {
                cx.report(
                    &origin.child("answers"),
                    DiagnosticKind::UnknownName,
                    format!(
                        "operation `{}` answers `{target}`, which is not defined",
                        op.id
                    ),
                    "an operation of the same provider",
                );
                continue;
            };
            let (Some(this), Some(other)) = (operations.get(position), operations.get(answered))
            else {
                continue;
            };
            let echoes = super::echoes::lower_echoes(
                cx,
                &op.response.fields,
                &this.response.fields,
                &other.request.fields,
                &origin.child("response"),
            );
            let answers = super::Answered {
                operation: other.id.clone(),
                request_type: other.request.type_name.clone(),
            };
            if let Some(this) = operations.get_mut(position) {
                this.response.echoes = echoes;
                this.answers = Some(answers);
            }
        }
    }
}
