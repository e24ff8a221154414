//! The one resolver of expressions, through the pipeline: what the check accepts, the lowering
//! turns into the model's condition; what it refuses never reaches the model.

use codegen::model::{Cond, Model};
use codegen::spec::{SpecSet, load_text};

/// A one-operation spec: a request with `Currency` (text), `Amount` (integer) and `Recurring`
/// (bool), and a response with the given fields.
fn spec(response: &str) -> String {
    format!(
        "provider: t
title: T
sources:
  - {{ id: doc, file: x.txt }}
operations:
  - id: pay
    title: Pay
    endpoint: /pay
    method: POST
    transport: form
    source: {{ ref: doc }}
    request:
      source: {{ ref: doc }}
      fields:
        - {{ name: Currency, format: a3, presence: M }}
        - {{ name: Amount, format: n..10, type: integer, presence: M }}
        - {{ name: Recurring, format: bool, presence: M }}
    response:
      source: {{ ref: doc }}
      fields:
{response}
"
    )
}

fn lower(text: &str) -> Result<Model, String> {
    let loaded = load_text("specs/t.yaml", text.as_bytes()).map_err(|d| d.to_string())?;
    let checked = codegen::check(SpecSet {
        specs: vec![loaded],
    })
    .map_err(|d| d.to_string())?;
    Ok(codegen::lower(checked))
}

/// The condition of the response's second field.
fn condition(model: &Model) -> &Cond {
    let response = &model.providers[0].operations[0].response;
    let field = &response.fields[1];
    &field.required_when.as_ref().expect("a condition").cond
}

#[test]
fn two_text_fields_compare_for_equality() {
    let model = lower(&spec(
        "        - { name: Currency, format: a3, presence: M }
        - { name: Note, format: an..8, presence: C, required_when: Currency != request.Currency }",
    ))
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        matches!(condition(&model), Cond::CompareFields { left, right, .. }
            if !left.in_request && right.in_request && right.dotted == "Currency"),
        "{:?}",
        condition(&model)
    );
    let files = codegen::emit(&model).unwrap_or_else(|e| panic!("{e}"));
    // Compared by their wire text, whatever their Rust types.
    let module = files
        .iter()
        .map(|f| f.contents.as_str())
        .collect::<String>();
    assert!(
        module.contains("self.currency.as_str() != request.currency.as_str()"),
        "{module}"
    );
}

#[test]
fn two_bool_fields_compare_for_equality() {
    let model = lower(&spec(
        "        - { name: Recurring, format: bool, presence: M }
        - { name: Note, format: an..8, presence: C, required_when: Recurring == request.Recurring }",
    ))
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(condition(&model), Cond::CompareFields { .. }));
}

#[test]
fn text_fields_are_not_ordered() {
    let error = lower(&spec(
        "        - { name: Currency, format: a3, presence: M }
        - { name: Note, format: an..8, presence: C, required_when: Currency < request.Currency }",
    ))
    .expect_err("refused");
    assert!(
        error.contains("orders `Currency`, which is not an integer field"),
        "{error}"
    );
}

#[test]
fn a_text_field_and_a_bool_field_do_not_compare() {
    let error = lower(&spec(
        "        - { name: Currency, format: a3, presence: M }
        - { name: Note, format: an..8, presence: C, required_when: Currency == request.Recurring }",
    ))
    .expect_err("refused");
    assert!(
        error
            .contains("compares the text field `Currency` with the bool field `request.Recurring`"),
        "{error}"
    );
}

#[test]
fn a_bool_takes_only_true_or_false() {
    let accepted = lower(&spec(
        "        - { name: Recurring, format: bool, presence: M }
        - { name: Note, format: an..8, presence: C, required_when: Recurring == 'true' }",
    ));
    assert!(accepted.is_ok(), "{accepted:?}");
    let error = lower(&spec(
        "        - { name: Recurring, format: bool, presence: M }
        - { name: Note, format: an..8, presence: C, required_when: Recurring == 'yes' }",
    ))
    .expect_err("refused");
    assert!(
        error
            .contains("compares the bool field `Recurring` with 'yes'; expected 'true' or 'false'"),
        "{error}"
    );
}
