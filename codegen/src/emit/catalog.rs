//! The catalog of a provider, for tools: `OPERATIONS` (every operation and profile, with
//! its fields flattened and entry points over `WireObject`) and `CODE_TABLES`; and, in
//! `src/gen/mod.rs`, the lists of every provider compiled in. The `pspec` command reads
//! nothing else.

use heck::ToSnakeCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::model::{
    CodeTable, Field, LeafKind, Model, Operation, Outcome, Profile, Provider, Shape,
};

/// `OPERATIONS`, `CODE_TABLES` and the entry points they name, for one provider.
pub fn provider_items(provider: &Provider) -> Vec<TokenStream> {
    let mut items = Vec::new();
    let mut entries = Vec::new();
    for op in &provider.operations {
        let (fns, entry) = operation_entry(provider, op, None);
        items.extend(fns);
        entries.push(entry);
        for profile in &op.profiles {
            let (fns, entry) = operation_entry(provider, op, Some(profile));
            items.extend(fns);
            entries.push(entry);
        }
    }
    let tables = provider
        .code_tables
        .iter()
        .map(|table| table_entry(provider, table));
    items.push(quote! {
        /// Every operation and payment-method profile of this provider, described for tools
        /// (`pspec list`): fields, transport, and entry points over wire trees.
        pub static OPERATIONS: &[rt::wire::catalog::OperationInfo] = &[#(#entries),*];

        /// Every return-code table of this provider, for tools (`pspec codes`).
        pub static CODE_TABLES: &[rt::wire::catalog::CodeTableInfo] = &[#(#tables),*];
    });
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

fn outcome(outcome: Outcome) -> TokenStream {
    match outcome {
        Outcome::Success => quote!(rt::Outcome::Success),
        Outcome::Pending => quote!(rt::Outcome::Pending),
        Outcome::ActionRequired => quote!(rt::Outcome::ActionRequired),
        Outcome::Refused => quote!(rt::Outcome::Refused),
        Outcome::Cancelled => quote!(rt::Outcome::Cancelled),
        Outcome::Error => quote!(rt::Outcome::Error),
        Outcome::Fraud => quote!(rt::Outcome::Fraud),
    }
}

fn opt_str(value: Option<&str>) -> TokenStream {
    match value {
        Some(text) => quote!(Some(#text)),
        None => quote!(None),
    }
}

fn table_entry(provider: &Provider, table: &CodeTable) -> TokenStream {
    let provider_id = &provider.id;
    let id = &table.id;
    let title = &table.title;
    let codes = table.codes.iter().map(|c| {
        let code = &c.code;
        let short = opt_str(c.short.as_deref());
        let long = opt_str(c.long.as_deref());
        let outcome = outcome(c.outcome);
        quote!(rt::CodeInfo::new(#code, #short, #long, #outcome))
    });
    let families = table.families.iter().map(|f| {
        let prefix = &f.prefix;
        let outcome = outcome(f.outcome);
        quote!((#prefix, #outcome))
    });
    quote! {
        rt::wire::catalog::CodeTableInfo {
            provider: #provider_id,
            id: #id,
            title: #title,
            codes: &[#(#codes),*],
            families: &[#(#families),*],
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
    code_table: Option<String>,
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
        let (format, values, code_table) = match &field.shape {
            Shape::Object(_) => (None, Vec::new(), None),
            Shape::Leaf(leaf) => {
                let values = match (&leaf.kind, &leaf.fixed) {
                    (LeafKind::Enum(def), _) => {
                        def.variants.iter().map(|v| v.wire.clone()).collect()
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
            code_table,
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
        }
    }
    for list in [&profile.currencies, &profile.country]
        .into_iter()
        .flatten()
    {
        if let Some(row) = find(rows, &list.field.dotted) {
            row.values = list.values.clone();
        }
    }
}

/// Each row as `rt::FieldInfo::value(..)` or `::object(..)` followed by only the modifiers
/// that differ from the defaults: one short line per field in the usual case, and a fraction
/// of the tokens of a struct literal for the generator to print.
fn field_infos(rows: &[Row]) -> TokenStream {
    let items = rows.iter().map(|r| {
        let name = &r.name;
        let presence = &r.presence;
        let mut info = match &r.format {
            Some(format) => quote!(rt::FieldInfo::value(#name, #format, #presence)),
            None => quote!(rt::FieldInfo::object(#name, #presence)),
        };
        if let Some(condition) = &r.condition {
            info.extend(quote!(.when(#condition)));
        }
        if r.sensitive {
            info.extend(quote!(.secret()));
        }
        if r.list {
            info.extend(quote!(.repeated()));
        }
        if r.map {
            info.extend(quote!(.string_map()));
        }
        if !r.values.is_empty() {
            let values = &r.values;
            info.extend(quote!(.allowing(&[#(#values),*])));
        }
        if let Some(table) = &r.code_table {
            info.extend(quote!(.codes_of(#table)));
        }
        info
    });
    quote!(&[#(#items),*])
}

/// The first return-code field of the response, reached from `response` as an
/// `Option<&Code>`.
fn code_access(fields: &[Field]) -> Option<TokenStream> {
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
    let mut expr = quote!(response);
    let mut optional = false;
    for field in path {
        let member = field.rust_name.ident();
        expr = match (optional, field.is_optional()) {
            (false, false) => quote!(#expr.#member),
            (false, true) => quote!(#expr.#member.as_ref()),
            (true, false) => quote!(#expr.map(|v| &v.#member)),
            (true, true) => quote!(#expr.and_then(|v| v.#member.as_ref())),
        };
        optional |= field.is_optional();
    }
    Some(if optional { expr } else { quote!(Some(&#expr)) })
}

fn operation_entry(
    provider: &Provider,
    op: &Operation,
    profile: Option<&Profile>,
) -> (Vec<TokenStream>, TokenStream) {
    let request = op.request.type_name.ident();
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
    let check = match (profile, &op.profile_type) {
        (Some(p), Some(ty)) => {
            let ty = ty.ident();
            let variant = p.variant.ident();
            quote!(request.validate_for(#ty::#variant))
        }
        _ => quote!(request.validate()),
    };
    let mut fns = vec![quote! {
        /// Catalog entry point: reads and validates a request tree.
        fn #validate_fn(wire: &rt::wire::WireObject) -> Result<rt::Violations, rt::wire::DecodeError> {
            let (request, mut found) = #request::from_wire_checked(wire)?;
            rt::wire::catalog::merge_violations(&mut found, #check);
            Ok(found)
        }
    }];
    if let (Some((p, own_type)), Some(ty), Some(access)) = (
        own_table,
        &op.profile_type,
        code_access(&op.response.fields),
    ) {
        let (own_type, ty, variant) = (own_type.ident(), ty.ident(), p.variant.ident());
        fns.push(quote! {
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
        });
    }
    if profile.is_none() {
        let return_code = match code_access(&op.response.fields) {
            Some(access) => quote! {
                #access
                    .filter(|code| !code.code().is_empty())
                    .map(|code| rt::wire::catalog::ReturnCode {
                        code: code.code().to_owned(),
                        known: code.is_listed(),
                        outcome: response.outcome(),
                        short_message: code.short_message(),
                        long_message: code.long_message(),
                    })
            },
            None => quote!(None),
        };
        let checked = super::answers::catalog_check(op, &request);
        fns.push(quote! {
            /// Catalog entry point: a request tree, typed and written back in spec order.
            fn #encode_fn(wire: &rt::wire::WireObject) -> Result<rt::wire::WireObject, rt::wire::DecodeError> {
                Ok(#request::from_wire(wire)?.to_wire())
            }

            /// Catalog entry point: reads a response tree and validates it.
            fn #decode_fn(wire: &rt::wire::WireObject) -> Result<rt::wire::catalog::Decoded, rt::wire::DecodeError> {
                let response = #response::from_wire(wire)?;
                let return_code = #return_code;
                Ok(rt::wire::catalog::Decoded { fields: response.to_wire(), return_code })
            }

            /// Catalog entry point: reads a response tree and validates it, against the
            /// request tree when one is given.
            fn #check_fn(wire: &rt::wire::WireObject, request: Option<&rt::wire::WireObject>) -> Result<rt::Violations, rt::wire::DecodeError> {
                let response = #response::from_wire(wire)?;
                #checked
            }
        });
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
    let request_infos = field_infos(&request_rows);
    let response_infos = field_infos(&response_rows);
    let mac = match &op.mac {
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
    (fns, entry)
}
