//! The catalog of a provider, for tools: `OPERATIONS` (every operation and profile, with
//! its fields flattened and entry points over `WireObject`) and `CODE_TABLES`; and, in
//! `src/gen/mod.rs`, the lists of every provider compiled in. The `pspec` command reads
//! nothing else.

use heck::{ToShoutySnakeCase, ToSnakeCase};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::print::Part;
use super::text;
use crate::model::{CodeTable, Field, LeafKind, Model, Operation, Profile, Provider, Shape};

/// `OPERATIONS`, `CODE_TABLES` and the entry points they name, for one provider.
pub fn provider_items(provider: &Provider) -> Vec<Part> {
    let mut items: Vec<Part> = Vec::new();
    let mut entries = Vec::new();
    for op in &provider.operations {
        let (fns, entry, statics) = operation_entry(provider, op, None);
        items.extend(fns);
        items.extend(statics.into_iter().map(Part::Text));
        entries.push(entry);
        for profile in &op.profiles {
            let (fns, entry, statics) = operation_entry(provider, op, Some(profile));
            items.extend(fns);
            items.extend(statics.into_iter().map(Part::Text));
            entries.push(entry);
        }
    }
    let tables = provider
        .code_tables
        .iter()
        .map(|table| table_entry(provider, table));
    items.push(Part::from(quote! {
        /// Every operation and payment-method profile of this provider, described for tools
        /// (`pspec list`): fields, transport, and entry points over wire trees.
        pub static OPERATIONS: &[rt::wire::catalog::OperationInfo] = &[#(#entries),*];

        /// Every return-code table of this provider, for tools (`pspec codes`).
        pub static CODE_TABLES: &[rt::wire::catalog::CodeTableInfo] = &[#(#tables),*];
    }));
    items
}

/// The lists of every provider compiled in, for `src/gen/mod.rs`.
pub fn module_items(model: &Model) -> Vec<TokenStream> {
    let (operations, tables): (Vec<TokenStream>, Vec<TokenStream>) = model
        .providers
        .iter()
        .map(|p| {
            let module = p.module.ident();
            let feature = &p.id;
            (
                quote!(#[cfg(feature = #feature)] #module::OPERATIONS),
                quote!(#[cfg(feature = #feature)] #module::CODE_TABLES),
            )
        })
        .unzip();
    vec![quote! {
        /// The operations and profiles of every provider compiled in, provider by provider
        /// (each provider's `OPERATIONS`).
        pub static OPERATIONS: &[&[::pspec_runtime::wire::catalog::OperationInfo]] = &[#(#operations),*];

        /// The return-code tables of every provider compiled in, provider by provider.
        pub static CODE_TABLES: &[&[::pspec_runtime::wire::catalog::CodeTableInfo]] = &[#(#tables),*];
    }]
}

fn opt_str(value: Option<&str>) -> TokenStream {
    match value {
        Some(text) => quote!(Some(#text)),
        None => quote!(None),
    }
}

/// A code table's entry: its rows and family rules are the code type's own `ROWS` and
/// `FAMILIES`, not a second copy.
fn table_entry(provider: &Provider, table: &CodeTable) -> TokenStream {
    let provider_id = &provider.id;
    let id = &table.id;
    let title = &table.title;
    let ty = table.type_name.ident();
    quote! {
        rt::wire::catalog::CodeTableInfo {
            provider: #provider_id,
            id: #id,
            title: #title,
            codes: #ty::ROWS,
            families: #ty::FAMILIES,
        }
    }
}

/// A field as the catalog describes it, before profile overrides.
struct Row {
    name: String,
    /// The format in spec notation; `None` for an object, which has none.
    format: Option<String>,
    presence: String,
    condition: Option<String>,
    sensitive: bool,
    list: bool,
    map: bool,
    values: Vec<String>,
    /// The enum whose `WIRE` table lists `values`, named instead of a copy of the list.
    values_of: Option<String>,
    code_table: Option<String>,
    /// `rt::CurrencyForm::...` of a currency field.
    currency: Option<&'static str>,
    /// The currency field an amount is in.
    minor_units_of: Option<String>,
}

fn rows(fields: &[Field], out: &mut Vec<Row>) {
    for field in fields {
        let mut conditions = Vec::new();
        if let Some(c) = &field.required_when {
            conditions.push(format!("required when {}", c.text));
        }
        if let Some(c) = &field.absent_when {
            conditions.push(format!("absent when {}", c.text));
        }
        let values_of = match &field.shape {
            Shape::Leaf(leaf) => match &leaf.kind {
                LeafKind::Enum(def) if def.open => Some(def.type_name.bare().to_string()),
                LeafKind::Enum(def) => Some(format!("&{}", def.type_name.bare())),
                _ => None,
            },
            Shape::Object(_) => None,
        };
        let (format, values, code_table) = match &field.shape {
            Shape::Object(_) => (None, Vec::new(), None),
            Shape::Leaf(leaf) => {
                let values = match (&leaf.kind, &leaf.fixed) {
                    (LeafKind::Enum(def), _) => {
                        def.variants.iter().map(|v| v.wire.clone()).collect()
                    }
                    (LeafKind::Currency { allowed, .. }, _) => {
                        allowed.iter().map(|(wire, _)| wire.clone()).collect()
                    }
                    (_, Some(fixed)) => vec![fixed.clone()],
                    _ => Vec::new(),
                };
                let table = match &leaf.kind {
                    LeafKind::Code { table, .. } => Some(table.clone()),
                    _ => None,
                };
                (Some(leaf.format.notation()), values, table)
            }
        };
        out.push(Row {
            name: field.path.clone(),
            format,
            presence: field.presence.as_str().to_owned(),
            condition: (!conditions.is_empty()).then(|| conditions.join("; ")),
            sensitive: field.sensitive,
            list: field.list,
            map: matches!(&field.shape, Shape::Leaf(leaf) if matches!(leaf.kind, LeafKind::Map)),
            values,
            values_of,
            code_table,
            currency: match &field.shape {
                Shape::Leaf(leaf) => match &leaf.kind {
                    LeafKind::Currency { form, .. } => Some(form.runtime_path()),
                    _ => None,
                },
                Shape::Object(_) => None,
            },
            minor_units_of: field.currency_of.clone(),
        });
        if let Shape::Object(object) = &field.shape {
            rows(&object.fields, out);
        }
    }
}

/// The request rows narrowed by a profile: its mandatory fields become `M`, its fixed
/// values, currencies and countries become the allowed values.
fn apply_profile(rows: &mut [Row], profile: &Profile) {
    fn find<'r>(rows: &'r mut [Row], dotted: &str) -> Option<&'r mut Row> {
        rows.iter_mut().find(|r| r.name == dotted)
    }
    for m in &profile.mandatory {
        if let Some(row) = find(rows, &m.field.dotted) {
            row.presence = "M".to_owned();
            row.condition = Some(format!("mandatory for profile {}", profile.id));
        }
    }
    for f in &profile.fixed {
        if let Some(row) = find(rows, &f.field.dotted) {
            row.values = vec![f.value.clone()];
            row.values_of = None;
        }
    }
    for list in [&profile.currencies, &profile.country]
        .into_iter()
        .flatten()
    {
        if let Some(row) = find(rows, &list.field.dotted) {
            row.values = list.values.clone();
            row.values_of = None;
        }
    }
}

/// Each row as `rt::FieldInfo::value(..)` or `::object(..)` followed by only the modifiers
/// that differ from the defaults, in a static holding a field list, one `rt::FieldInfo` a
/// line, as text: `name` is the static's name.
fn field_infos(name: &str, rows: &[Row]) -> String {
    let mut out = format!("static {name}: &[rt::FieldInfo] = &[\n");
    for r in rows {
        let (field, presence) = (text::lit(&r.name), text::lit(&r.presence));
        out.push_str("    ");
        match &r.format {
            Some(format) => out.push_str(&format!(
                "rt::FieldInfo::value({field}, {}, {presence})",
                text::lit(format)
            )),
            None => out.push_str(&format!("rt::FieldInfo::object({field}, {presence})")),
        }
        if let Some(condition) = &r.condition {
            out.push_str(&format!(".when({})", text::lit(condition)));
        }
        if r.sensitive {
            out.push_str(".secret()");
        }
        if r.list {
            out.push_str(".repeated()");
        }
        if r.map {
            out.push_str(".string_map()");
        }
        match &r.values_of {
            Some(ty) => out.push_str(&format!(".allowing({ty}::WIRE)")),
            None if !r.values.is_empty() => {
                let values: Vec<String> = r.values.iter().map(|v| text::lit(v)).collect();
                out.push_str(&format!(".allowing(&[{}])", values.join(", ")));
            }
            None => {}
        }
        if let Some(table) = &r.code_table {
            out.push_str(&format!(".codes_of({})", text::lit(table)));
        }
        if let Some(form) = r.currency {
            out.push_str(&format!(".currency({form})"));
        }
        if let Some(currency) = &r.minor_units_of {
            out.push_str(&format!(".minor_units_of({})", text::lit(currency)));
        }
        out.push_str(",\n");
    }
    out.push_str("];\n");
    out
}

/// The first return-code field of the response, reached from `response` as an
/// `Option<&Code>`, as text.
fn code_access(fields: &[Field]) -> Option<String> {
    fn find<'a>(fields: &'a [Field], path: &mut Vec<&'a Field>) -> bool {
        for field in fields {
            if field.list {
                continue;
            }
            path.push(field);
            match &field.shape {
                Shape::Leaf(leaf) if matches!(leaf.kind, LeafKind::Code { .. }) => return true,
                Shape::Object(object) if find(&object.fields, path) => return true,
                _ => {}
            }
            path.pop();
        }
        false
    }
    let mut path = Vec::new();
    if !find(fields, &mut path) {
        return None;
    }
    let mut expr = "response".to_string();
    let mut optional = false;
    for field in path {
        let member = field.rust_name.ident().to_string();
        expr = match (optional, field.is_optional()) {
            (false, false) => format!("{expr}.{member}"),
            (false, true) => format!("{expr}.{member}.as_ref()"),
            (true, false) => format!("{expr}.map(|v| &v.{member})"),
            (true, true) => format!("{expr}.and_then(|v| v.{member}.as_ref())"),
        };
        optional |= field.is_optional();
    }
    Some(if optional {
        expr
    } else {
        format!("Some(&{expr})")
    })
}

fn operation_entry(
    provider: &Provider,
    op: &Operation,
    profile: Option<&Profile>,
) -> (Vec<Part>, TokenStream, Vec<String>) {
    let response = op.response.type_name.ident();
    let base = op.request.type_name.bare().to_snake_case();
    let suffix = profile
        .map(|p| format!("_{}", p.id.to_snake_case()))
        .unwrap_or_default();
    let validate_fn = format_ident!("{base}_validate{suffix}");
    let encode_fn = format_ident!("{base}_encode");
    let decode_base = format_ident!("{}_decode", op.response.type_name.bare().to_snake_case());
    let check_fn = format_ident!("{}_validate", op.response.type_name.bare().to_snake_case());
    // A profile with a code table of its own decodes through its own entry point: the
    // outcome and messages come from its table first (`outcome_under`).
    let own_table = profile.and_then(|p| p.code_table.as_ref().map(|(_, ty)| (p, ty)));
    let decode_fn = match own_table {
        Some(_) => format_ident!("{decode_base}{suffix}"),
        None => decode_base.clone(),
    };
    // The entry points are the runtime's macros (`rt::catalog_validate!` ...), one line each.
    let check = match (profile, &op.profile_type) {
        (Some(p), Some(ty)) => format!("request.validate_for({}::{})", ty.bare(), p.variant.bare()),
        _ => "request.validate()".to_string(),
    };
    let (request_ty, response_ty) = (op.request.type_name.bare(), op.response.type_name.bare());
    // The request's computed fields (its MAC) are no struct fields: a captured request's
    // value is checked on the tree (`computed:`), with the field's own rule.
    let computed: Vec<String> = op
        .request
        .fields
        .iter()
        .filter(|f| f.computed)
        .filter_map(|f| match &f.shape {
            crate::model::Shape::Leaf(leaf) => {
                let rule = super::values::rule_definition(&f.path, leaf, !f.is_optional())?;
                Some(format!(
                    "({}, {})",
                    super::text::lit(&f.wire_name),
                    rule.concat()
                ))
            }
            crate::model::Shape::Object(_) => None,
        })
        .collect();
    let computed = if computed.is_empty() {
        String::new()
    } else {
        format!(", computed: [{}]", computed.join(", "))
    };
    let mut fns: Vec<Part> = vec![Part::Text(format!(
        "rt::catalog_validate!({validate_fn}, {request_ty}, |request| {check}{computed});\n"
    ))];
    if let (Some((p, own_type)), Some(ty), Some(access)) = (
        own_table,
        &op.profile_type,
        code_access(&op.response.fields).and_then(|a| a.parse::<TokenStream>().ok()),
    ) {
        let (own_type, ty, variant) = (own_type.ident(), ty.ident(), p.variant.ident());
        fns.push(Part::from(quote! {
            /// Catalog entry point: reads a response tree, its code read under the profile.
            fn #decode_fn(wire: &rt::wire::WireObject) -> Result<rt::wire::catalog::Decoded, rt::wire::DecodeError> {
                let response = #response::from_wire(wire)?;
                let return_code = #access
                    .filter(|code| !code.code().is_empty())
                    .map(|code| {
                        let own = #own_type::from_wire(code.code());
                        let (short_message, long_message) = if own.is_listed() {
                            (own.short_message(), own.long_message())
                        } else {
                            (code.short_message(), code.long_message())
                        };
                        rt::wire::catalog::ReturnCode {
                            code: code.code().to_owned(),
                            known: own.is_listed() || code.is_listed(),
                            outcome: response.outcome_under(#ty::#variant),
                            short_message,
                            long_message,
                        }
                    });
                Ok(rt::wire::catalog::Decoded { fields: response.to_wire(), return_code })
            }
        }));
    }
    if profile.is_none() {
        let decode = match code_access(&op.response.fields) {
            Some(access) => {
                format!("rt::catalog_decode!({decode_fn}, {response_ty}, |response| {access});")
            }
            None => format!("rt::catalog_decode!({decode_fn}, {response_ty});"),
        };
        fns.push(Part::Text(format!(
            "rt::catalog_encode!({encode_fn}, {request_ty});\n{decode}\n"
        )));
        let request = op.request.type_name.ident();
        let checked = super::answers::catalog_check(op, &request);
        fns.push(Part::from(quote! {
            /// Catalog entry point: reads a response tree and validates it, against the
            /// request tree when one is given.
            fn #check_fn(wire: &rt::wire::WireObject, request: Option<&rt::wire::WireObject>) -> Result<rt::Violations, rt::wire::DecodeError> {
                let response = #response::from_wire(wire)?;
                #checked
            }
        }));
    }
    let mut request_rows = Vec::new();
    rows(&op.request.fields, &mut request_rows);
    if let Some(p) = profile {
        apply_profile(&mut request_rows, p);
    }
    let mut response_rows = Vec::new();
    rows(&op.response.fields, &mut response_rows);
    let mut tables: Vec<String> = Vec::new();
    if let Some((table, _)) = profile.and_then(|p| p.code_table.as_ref()) {
        tables.push(table.clone());
    }
    for row in &response_rows {
        if let Some(table) = &row.code_table
            && !tables.contains(table)
        {
            tables.push(table.clone());
        }
    }
    let id = format!(
        "{}.{}",
        provider.id,
        profile.map_or(op.id.as_str(), |p| p.id.as_str())
    );
    let provider_id = &provider.id;
    let operation = &op.id;
    let title = profile.map_or(op.title.as_str(), |p| p.title.as_str());
    let endpoint = &op.endpoint;
    let method = match op.method {
        crate::model::HttpMethod::Get => "GET",
        crate::model::HttpMethod::Post => "POST",
    };
    let transport = match op.transport {
        crate::model::Transport::Form => quote!(rt::wire::catalog::Transport::Form),
        crate::model::Transport::Json => quote!(rt::wire::catalog::Transport::Json),
        crate::model::Transport::Soap => quote!(rt::wire::catalog::Transport::Soap),
        crate::model::Transport::Query => quote!(rt::wire::catalog::Transport::Query),
    };
    let card = opt_str(profile.map(|p| p.card_code.as_str()));
    // The field lists as statics of their own, one field a line.
    let request_static = format!(
        "{}_FIELDS",
        format!("{base}{suffix}").to_shouty_snake_case()
    );
    let response_static = format!(
        "{}_FIELDS",
        op.response.type_name.bare().to_shouty_snake_case()
    );
    let mut statics = vec![field_infos(&request_static, &request_rows)];
    if profile.is_none() {
        statics.push(field_infos(&response_static, &response_rows));
    }
    let request_infos = format_ident!("{request_static}");
    let response_infos = format_ident!("{response_static}");
    let mac = match &op.mac {
        // The request's own `MAC` constant (emit/wire.rs, form operations) rather than a copy.
        Some(mac)
            if matches!(op.transport, crate::model::Transport::Form)
                && op.request.fields.iter().any(|f| f.wire_name == mac.field) =>
        {
            let request = op.request.type_name.ident();
            quote!(Some(#request::MAC))
        }
        Some(mac) => {
            let info = super::protocol::mac_info(op, mac);
            quote!(Some(#info))
        }
        None => quote!(None),
    };
    let soap = match &op.soap {
        Some(s) => {
            let (a, b, c, d) = (
                &s.namespace,
                &s.objects_namespace,
                &s.request_element,
                &s.response_element,
            );
            quote!(Some(rt::wire::catalog::SoapInfo { namespace: #a, objects_namespace: #b, request_element: #c, response_element: #d }))
        }
        None => quote!(None),
    };
    let signature = match &op.signature {
        Some(signature) => {
            let spec = &signature.spec;
            let (algorithm, key, output) = (
                spec.algorithm.as_str(),
                spec.key.as_str(),
                spec.output.as_str(),
            );
            let (separator, scope, fields, at) =
                (&spec.separator, &spec.scope, &spec.fields, &spec.at);
            // One option per provider: `--adyen-hmac-key`, `PSPEC_ADYEN_HMAC_KEY`.
            let key_option = format!("{}-hmac-key", provider.id.replace('_', "-"));
            let key_env = format!("PSPEC_{}_HMAC_KEY", provider.id.to_uppercase());
            quote!(Some(rt::wire::catalog::SignatureInfo {
                algorithm: #algorithm, key: #key, output: #output, separator: #separator,
                scope: #scope, fields: &[#(#fields),*], at: #at,
                key_option: #key_option, key_env: #key_env,
            }))
        }
        None => quote!(None),
    };
    let item_outcome = match &op.item_outcome {
        Some(outcome) => {
            let spec = &outcome.spec;
            let (scope, code, separator, table) =
                (&spec.scope, &spec.code, &spec.separator, &spec.table);
            quote!(Some(rt::wire::catalog::ItemOutcomeInfo {
                scope: #scope, code: &[#(#code),*], separator: #separator, table: #table,
            }))
        }
        None => quote!(None),
    };
    let answers = match &op.answers {
        Some(answered) => {
            let entry = format!("{}.{}", provider.id, answered.operation);
            quote!(Some(#entry))
        }
        None => quote!(None),
    };
    let entry = quote! {
        rt::wire::catalog::OperationInfo {
            id: #id,
            provider: #provider_id,
            operation: #operation,
            title: #title,
            endpoint: #endpoint,
            method: #method,
            transport: #transport,
            profile: #card,
            request: #request_infos,
            response: #response_infos,
            mac: #mac,
            soap: #soap,
            signature: #signature,
            item_outcome: #item_outcome,
            code_tables: &[#(#tables),*],
            validate: #validate_fn,
            encode: #encode_fn,
            decode: #decode_fn,
            check_response: #check_fn,
            answers: #answers,
        }
    };
    (fns, entry, statics)
}
