//! Providers and operations: grouping spec files by provider, and lowering each operation's
//! request, response and rules.

use std::collections::BTreeMap;

use crate::spec::ast;

use super::cx::{Cx, Origin};
use super::expr::ExprScope;
use super::fields::{Fields, ListAt, attach_conditions, lower_fields};
use super::naming::{self, Case, RustName};
use super::rules::lower_rules;
use super::scope::Scope;
use super::{
    Direction, Field, ItemOutcome, Message, Operation, Provider, Shape, Signature, SpecFileInfo,
    codes, profiles,
};

/// Lowers every provider of the set, sorted by id; a provider's files are sorted by name.
pub fn lower_providers(cx: &mut Cx) -> Vec<Provider> {
    let mut by_provider: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (index, spec) in cx.set.specs.iter().enumerate() {
        by_provider
            .entry(spec.spec.provider.0.clone())
            .or_default()
            .push(index);
    }
    let mut providers = Vec::new();
    for (id, mut files) in by_provider {
        files.sort_by(|a, b| display(cx, *a).cmp(display(cx, *b)));
        providers.push(lower_provider(cx, id, &files));
    }
    providers
}

fn display<'a>(cx: &Cx<'a>, file: usize) -> &'a str {
    cx.set.specs.get(file).map_or("", |s| s.display.as_str())
}

fn lower_provider(cx: &mut Cx, id: String, files: &[usize]) -> Provider {
    let first = Origin {
        file: files.first().copied().unwrap_or(0),
        path: "provider".into(),
    };
    let module = match naming::sanitize(&id, Case::Snake) {
        Ok(name) => name,
        Err(e) => {
            cx.bad_name(&first, e);
            naming::placeholder()
        }
    };
    let mut types = Scope::new(format!("module `{module}`"));
    let (code_tables, code_types) = codes::lower_tables(cx, files, &mut types);
    let specs: Vec<&ast::Operation> = files
        .iter()
        .filter_map(|&file| cx.spec(file))
        .flat_map(|spec| spec.spec.operations.iter())
        .collect();
    let short_names = super::short_names::plan(&specs, &types.names());
    let mut operations = Vec::new();
    let mut infos = Vec::new();
    for &file in files {
        let Some(spec) = cx.spec(file) else { continue };
        infos.push(SpecFileInfo {
            display: spec.display.clone(),
            title: spec.spec.title.clone(),
        });
        for (index, op) in spec.spec.operations.iter().enumerate() {
            let origin = Origin {
                file,
                path: format!("operations[{index}]"),
            };
            operations.push(lower_operation(
                cx,
                file,
                &origin,
                op,
                &code_types,
                &short_names,
                &mut types,
            ));
        }
    }
    super::answers::resolve_answers(cx, files, &mut operations);
    profiles::lower_profiles(cx, files, &mut operations, &code_types, &mut types);
    Provider {
        id,
        module,
        files: infos,
        operations,
        code_tables,
        connection: super::connection::lower(cx, files),
    }
}

fn lower_operation(
    cx: &mut Cx,
    file: usize,
    origin: &Origin,
    op: &ast::Operation,
    code_types: &BTreeMap<String, RustName>,
    short_names: &BTreeMap<String, String>,
    types: &mut Scope,
) -> Operation {
    let names = (code_types, short_names);
    let request = lower_message(cx, file, origin, op, Direction::Request, names, types);
    let mut response = lower_message(cx, file, origin, op, Direction::Response, names, types);
    let mut request = request;
    let carry = super::Carry::of(op.transport.into());
    super::set_carry(&mut request.fields, carry);
    super::set_carry(&mut response.fields, carry);
    if let Some(mac) = &op.mac {
        // A MAC is redacted wherever it shows (`Debug`, the `pspec` command) whether or
        // not its table row says `sensitive`: the spec's `mac:` block is what makes it one.
        for fields in [&mut request.fields, &mut response.fields] {
            for field in fields.iter_mut() {
                if field.wire_name.eq_ignore_ascii_case(&mac.field) {
                    field.sensitive = true;
                }
            }
        }
        // The request's MAC is computed by the signing path over the text sent: it is no
        // field the app fills (issue 14), only a slot on the wire.
        for field in request.fields.iter_mut() {
            if field.wire_name.eq_ignore_ascii_case(&mac.field) {
                field.computed = true;
            }
        }
    }

    let request_scope = ExprScope::of(&request.fields, None);
    attach_conditions(
        cx,
        &op.request.fields,
        &mut request.fields,
        &origin.child("request"),
        &request_scope,
        false,
    );
    let response_scope = ExprScope::of(&response.fields, Some(&request.fields));
    attach_conditions(
        cx,
        &op.response.fields,
        &mut response.fields,
        &origin.child("response"),
        &response_scope,
        false,
    );
    response.needs_request = names_request(&response.fields);
    super::echoes::no_echoes_in(cx, &op.request.fields, &origin.child("request"));
    // With `answers`, the echoes name another operation's request: resolved once every
    // operation of the provider is lowered (`super::answers`).
    if op.answers.is_none() {
        response.echoes = super::echoes::lower_echoes(
            cx,
            &op.response.fields,
            &response.fields,
            &request.fields,
            &origin.child("response"),
        );
    }

    let rules = lower_rules(cx, file, origin, &op.rules, &request_scope);
    // The checker has reported any scope that names no object; such an operation never
    // reaches the emitter, so `None` here only stands in while the diagnostics are collected.
    let signature = op.signature.as_ref().and_then(|spec| {
        Some(Signature {
            item_type: scoped_type(&response.fields, &spec.scope)?,
            source: cx.cite(file, &spec.source),
            spec: spec.clone(),
        })
    });
    let item_outcome = op.outcome.as_ref().and_then(|spec| {
        Some(ItemOutcome {
            item_type: scoped_type(&response.fields, &spec.scope)?,
            table_type: code_types.get(&spec.table)?.clone(),
            spec: spec.into(),
        })
    });
    Operation {
        id: op.id.clone(),
        title: op.title.clone(),
        doc: op.doc.clone(),
        endpoint: op.endpoint.clone(),
        method: op.method.into(),
        transport: op.transport.into(),
        soap: op.soap.as_ref().map(Into::into),
        mac: op.mac.clone(),
        protocol: super::protocol::lower(op),
        signature,
        item_outcome,
        source: cx.cite(file, &op.source),
        deprecated: op.deprecated.clone(),
        file: cx.spec(file).map(|s| s.display.clone()).unwrap_or_default(),
        request,
        response,
        rules,
        code_meanings: op
            .code_meanings
            .iter()
            .map(|m| super::CodeMeaning {
                code: m.code.0.clone(),
                outcome: m.outcome.into(),
                doc: m.doc.clone(),
                source: m.source.as_ref().map(|s| cx.cite(file, s)),
            })
            .collect(),
        profiles: Vec::new(),
        profile_type: None,
        answers: None,
        http: op.http.clone(),
    }
}

fn lower_message(
    cx: &mut Cx,
    file: usize,
    origin: &Origin,
    op: &ast::Operation,
    direction: Direction,
    (code_types, short_names): (&BTreeMap<String, RustName>, &BTreeMap<String, String>),
    types: &mut Scope,
) -> Message {
    let (list, key) = match direction {
        Direction::Request => (&op.request, "request"),
        Direction::Response => (&op.response, "response"),
    };
    let id_origin = origin.child("id");
    let type_name = match naming::sanitize_path(&[&op.id, direction.word()]) {
        Ok(name) => {
            types.claim(
                cx,
                &name,
                &format!("{key} of operation {}", op.id),
                &id_origin,
            );
            name
        }
        Err(e) => {
            cx.bad_name(&id_origin, e);
            naming::placeholder()
        }
    };
    let source = cx.cite(file, &list.source);
    let f = Fields {
        file,
        op_id: &op.id,
        direction,
        code_types,
        short_names,
    };
    let at = ListAt {
        origin: origin.child(key),
        wire_path: &[],
        type_path: &[],
        source: &source,
    };
    let mut members = Scope::new(format!("struct `{type_name}`"));
    // A message's `extras`: the fields its spec does not cover (emit/holds.rs).
    members.reserve(
        "extras",
        "a message's `extras` holds the fields its spec does not list",
    );
    if direction == Direction::Request {
        // A request's setter `with_extra`, which a field `extra` would also get
        // (emit/constructors.rs).
        members.reserve(
            "extra",
            "its setter would be `with_extra`, the setter of a request's extras",
        );
    }
    let fields = lower_fields(cx, &f, &list.fields, &at, &mut members, types);
    Message {
        direction,
        type_name,
        source,
        fields,
        needs_request: false,
        echoes: Vec::new(),
    }
}

/// The struct of the objects a dotted `scope` names in a message (lists crossed).
fn scoped_type(fields: &[Field], scope: &str) -> Option<RustName> {
    let mut fields = fields;
    let mut found = None;
    for step in scope.split('.') {
        let field = fields.iter().find(|f| f.wire_name == step)?;
        let Shape::Object(object) = &field.shape else {
            return None;
        };
        found = Some(object.type_name.clone());
        fields = &object.fields;
    }
    found
}

fn names_request(fields: &[Field]) -> bool {
    fields.iter().any(|f| {
        let own = [&f.required_when, &f.absent_when]
            .into_iter()
            .flatten()
            .any(|c| c.cond.names_request());
        let nested = match &f.shape {
            Shape::Object(object) => names_request(&object.fields),
            Shape::Leaf(_) => false,
        };
        own || nested
    })
}
