//! Drafts operations from an OpenAPI 3.0 / 3.1 document (JSON or YAML): for each path asked
//! for, its POST (else GET) operation's JSON request body and first 2xx JSON response become
//! field lists. `required` gives M (else O); `maxLength`/`minLength` a `text` length; a
//! `pattern` only where it is exactly a class of the spec notation (`^[0-9]{4}$` is `n4`),
//! else a review mark; `enum` values; nested objects and arrays (lists); `$ref` resolved
//! within the document; `allOf` merged; `oneOf`/`anyOf` by discriminator merged into one object
//! whose discriminator lists every variant, the variants' other properties optional, with a
//! review mark (the spec language has no unions). Each field cites its schema by JSON pointer.
//!
//! Bounded: nesting deeper than [`MAX_DEPTH`] and more than [`MAX_FIELDS`] fields are cut with
//! a review mark, and a `$ref` cycle is cut where it closes.

use serde_yaml::Value;

use super::draft::{Cite, DraftField, DraftList, DraftOperation, DraftSpec};
use super::{ImportError, Imported, check_provider, finish};

/// Deepest nesting drafted.
pub const MAX_DEPTH: usize = 12;
/// Most fields drafted in one document.
pub const MAX_FIELDS: usize = 5000;
/// Larger documents are refused before parsing.
pub const MAX_DOCUMENT_BYTES: usize = 32 * 1024 * 1024;

fn err(message: impl Into<String>) -> ImportError {
    ImportError::OpenApi(message.into())
}

/// The value at a JSON pointer (`/components/schemas/Amount`), `~1` and `~0` unescaped.
fn at_pointer<'v>(value: &'v Value, path: &str) -> Option<&'v Value> {
    let mut current = value;
    for raw in path.split('/').skip(1) {
        let segment = raw.replace("~1", "/").replace("~0", "~");
        current = match current {
            Value::Sequence(items) => items.get(segment.parse::<usize>().ok()?)?,
            Value::Mapping(map) => map.get(segment.as_str())?,
            _ => return None,
        };
    }
    Some(current)
}

/// Reads the document: JSON, else YAML.
fn parse(bytes: &[u8]) -> Result<Value, ImportError> {
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(err(format!(
            "the document has {} bytes; expected at most {MAX_DOCUMENT_BYTES}",
            bytes.len()
        )));
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|e| err(format!("the document is not UTF-8 text ({e})")))?;
    // JSON is checked as JSON first (its errors name JSON's rules), then read as YAML, whose
    // mappings keep the document's order: fields are drafted in the order the schema lists them.
    if text.trim_start().starts_with('{') {
        serde_json::from_str::<serde_json::Value>(text)
            .map_err(|e| err(format!("malformed JSON: {e}")))?;
    }
    let value: Value =
        serde_yaml::from_str(text).map_err(|e| err(format!("malformed YAML: {e}")))?;
    let version = value
        .get("openapi")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if !(version.starts_with("3.0") || version.starts_with("3.1")) {
        return Err(err(format!(
            "`openapi: {version}` is not a version this importer reads; expected an OpenAPI 3.0 or 3.1 document (`openapi: 3.0.x` or `3.1.x`)"
        )));
    }
    if !value.get("paths").is_some_and(Value::is_mapping) {
        return Err(err("the document has no `paths` object"));
    }
    Ok(value)
}

struct Walker<'a> {
    doc: &'a Value,
    fields: usize,
}

/// `~1` and `~0` of a JSON pointer segment.
fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

impl<'a> Walker<'a> {
    /// Follows `$ref`s (within the document) to a schema, returning it and its pointer.
    fn deref(
        &self,
        schema: &'a Value,
        pointer: String,
        stack: &[String],
    ) -> Result<(&'a Value, String), ImportError> {
        let mut current = (schema, pointer);
        for _ in 0..32 {
            let Some(target) = current.0.get("$ref").and_then(Value::as_str) else {
                return Ok(current);
            };
            let Some(path) = target.strip_prefix('#') else {
                return Err(err(format!(
                    "`$ref: {target}` at {} points outside the document; expected `#/...`",
                    current.1
                )));
            };
            let resolved = at_pointer(self.doc, path).ok_or_else(|| {
                err(format!(
                    "`$ref: {target}` at {} names nothing in the document",
                    current.1
                ))
            })?;
            if stack.iter().filter(|s| *s == path).count() > 0 {
                return Ok((&Value::Null, path.to_string()));
            }
            current = (resolved, path.to_string());
        }
        Err(err(format!(
            "`$ref` chain at {} is longer than 32 links",
            current.1
        )))
    }

    /// The properties (name, schema, pointer) and required names of an object schema,
    /// `allOf` merged; `oneOf`/`anyOf` merged by discriminator (with notes).
    #[allow(clippy::type_complexity)]
    fn object_parts(
        &mut self,
        schema: &'a Value,
        pointer: &str,
        stack: &mut Vec<String>,
        reviews: &mut Vec<String>,
    ) -> Result<
        (
            Vec<(String, &'a Value, String, bool)>,
            Vec<(String, Vec<String>)>,
        ),
        ImportError,
    > {
        let mut props: Vec<(String, &'a Value, String, bool)> = Vec::new();
        let mut discriminated: Vec<(String, Vec<String>)> = Vec::new();
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_sequence)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if let Some(map) = schema.get("properties").and_then(Value::as_mapping) {
            for (name, sub) in map {
                let Some(name) = name.as_str() else { continue };
                let p = format!("{pointer}/properties/{}", escape(name));
                props.push((name.to_string(), sub, p, required.contains(&name)));
            }
        }
        // allOf/oneOf chains that come back to a schema being read are cut there, and so
        // is a chain deeper than the nesting bound.
        if stack.iter().filter(|s| *s == pointer).count() > 1 || stack.len() > 2 * MAX_DEPTH {
            reviews.push(format!(
                "a schema cycle through allOf/oneOf at {pointer} cut here"
            ));
            return Ok((props, discriminated));
        }
        stack.push(pointer.to_string());
        let parts = self.object_parts_composed(
            schema,
            pointer,
            stack,
            reviews,
            &mut props,
            &mut discriminated,
        );
        stack.pop();
        parts?;
        Ok((props, discriminated))
    }

    /// The `allOf`, `oneOf` and `anyOf` parts of an object schema, merged into `props`.
    #[allow(clippy::type_complexity)]
    fn object_parts_composed(
        &mut self,
        schema: &'a Value,
        pointer: &str,
        stack: &mut Vec<String>,
        reviews: &mut Vec<String>,
        props: &mut Vec<(String, &'a Value, String, bool)>,
        discriminated: &mut Vec<(String, Vec<String>)>,
    ) -> Result<(), ImportError> {
        if let Some(all) = schema.get("allOf").and_then(Value::as_sequence) {
            for (i, part) in all.iter().enumerate() {
                let (part, p) = self.deref(part, format!("{pointer}/allOf/{i}"), stack)?;
                let (sub_props, sub_disc) = self.object_parts(part, &p, stack, reviews)?;
                for prop in sub_props {
                    if !props.iter().any(|x| x.0 == prop.0) {
                        props.push(prop);
                    }
                }
                discriminated.extend(sub_disc);
            }
        }
        for key in ["oneOf", "anyOf"] {
            let Some(variants) = schema.get(key).and_then(Value::as_sequence) else {
                continue;
            };
            let discriminator = schema
                .get("discriminator")
                .and_then(|d| d.get("propertyName"))
                .and_then(Value::as_str);
            let mut names = Vec::new();
            let mut per_variant: Vec<Vec<(String, &'a Value, String, bool)>> = Vec::new();
            for (i, v) in variants.iter().enumerate() {
                let name = v
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.rsplit('/').next())
                    .unwrap_or("inline")
                    .to_string();
                let (v, p) = self.deref(v, format!("{pointer}/{key}/{i}"), stack)?;
                let (sub_props, _) = self.object_parts(v, &p, stack, reviews)?;
                names.push(name);
                per_variant.push(sub_props);
            }
            let Some(discriminator) = discriminator else {
                reviews.push(format!("`{key}` without a discriminator at {pointer}: the variants' properties merged as optional; keep the variant the integration sends"));
                for variant in per_variant {
                    for (n, s, p, _) in variant {
                        if !props.iter().any(|x| x.0 == n) {
                            props.push((n, s, p, false));
                        }
                    }
                }
                continue;
            };
            let mut values = Vec::new();
            if let Some(mapping) = schema
                .get("discriminator")
                .and_then(|d| d.get("mapping"))
                .and_then(Value::as_mapping)
            {
                values.extend(
                    mapping
                        .keys()
                        .filter_map(|k| k.as_str().map(str::to_string)),
                );
            }
            for variant in &per_variant {
                for (n, s, _, _) in variant {
                    if n == discriminator {
                        let (s, _) = self.deref(s, String::new(), stack)?;
                        for v in s
                            .get("enum")
                            .and_then(Value::as_sequence)
                            .into_iter()
                            .flatten()
                            .filter_map(Value::as_str)
                        {
                            if !values.iter().any(|x| x == v) {
                                values.push(v.to_string());
                            }
                        }
                    }
                }
            }
            reviews.push(format!(
                "`{key}` of {} by `{discriminator}` at {pointer}: the spec language has no unions, so the variants' properties are merged (each optional unless every variant requires it); keep the variant(s) the integration sends",
                names.join(", ")
            ));
            let count = per_variant.len();
            for variant in &per_variant {
                for (n, s, p, _) in variant {
                    if props.iter().any(|x| &x.0 == n) {
                        continue;
                    }
                    let everywhere = per_variant
                        .iter()
                        .all(|v| v.iter().any(|x| &x.0 == n && x.3));
                    props.push((n.clone(), s, p.clone(), everywhere && count > 0));
                }
            }
            discriminated.push((discriminator.to_string(), values));
        }
        Ok(())
    }

    /// One field from a property schema.
    #[allow(clippy::too_many_arguments)]
    fn field(
        &mut self,
        name: &str,
        schema: &'a Value,
        pointer: String,
        required: bool,
        depth: usize,
        stack: &mut Vec<String>,
        table: &str,
    ) -> Result<DraftField, ImportError> {
        self.fields += 1;
        let mut field = DraftField {
            name: name.to_string(),
            presence: if required { "M" } else { "O" }.into(),
            cite: Cite {
                table: Some(table.to_string()),
                section: None,
                line: 0,
                pointer: Some(pointer.clone()),
            },
            ..DraftField::default()
        };
        let (schema, resolved) = self.deref(schema, pointer.clone(), stack)?;
        if schema.is_null() {
            field.format = Some("text".into());
            field.reviews.push(format!("`$ref` cycle at {pointer} cut here: describe the nested object by hand if it is sent"));
            return Ok(field);
        }
        let doc = schema
            .get("description")
            .and_then(Value::as_str)
            .map(|d| crate::diff::one_line(d.split(". ").next().unwrap_or(d), 160));
        field.doc = doc.filter(|d| !d.is_empty());
        let ty = schema_type(schema);
        if ty == "array" {
            field.list = true;
            field.max_items = schema.get("maxItems").and_then(Value::as_u64);
            let items = schema.get("items").unwrap_or(&Value::Null);
            let (items, items_ptr) = self.deref(items, format!("{resolved}/items"), stack)?;
            if schema_type(items) == "object"
                || items.get("properties").is_some()
                || items.get("allOf").is_some()
                || items.get("oneOf").is_some()
            {
                self.object(&mut field, items, &items_ptr, depth, stack, table)?;
            } else {
                scalar(&mut field, items, &items_ptr);
            }
            return Ok(field);
        }
        let is_object = ty == "object"
            || schema.get("properties").is_some()
            || schema.get("allOf").is_some()
            || schema.get("oneOf").is_some()
            || schema.get("anyOf").is_some();
        if is_object {
            let has_props = schema.get("properties").is_some()
                || schema.get("allOf").is_some()
                || schema.get("oneOf").is_some()
                || schema.get("anyOf").is_some();
            if !has_props {
                // A map of strings the provider keys (`additionalProperties: { type: string }`).
                field.value_type = Some("map".into());
                field.format = Some("text".into());
                if schema
                    .get("additionalProperties")
                    .is_none_or(|a| a.get("type").and_then(Value::as_str) != Some("string"))
                {
                    field.reviews.push(format!(
                        "an object without properties at {resolved}: drafted as a string map"
                    ));
                }
                return Ok(field);
            }
            self.object(&mut field, schema, &resolved, depth, stack, table)?;
            return Ok(field);
        }
        scalar(&mut field, schema, &resolved);
        Ok(field)
    }

    fn object(
        &mut self,
        field: &mut DraftField,
        schema: &'a Value,
        pointer: &str,
        depth: usize,
        stack: &mut Vec<String>,
        table: &str,
    ) -> Result<(), ImportError> {
        if depth >= MAX_DEPTH || self.fields >= MAX_FIELDS {
            field.value_type = Some("map".into());
            field.format = Some("text".into());
            field.reviews.push(format!("nesting cut at {pointer} (deeper than {MAX_DEPTH} or over {MAX_FIELDS} fields): drafted as a string map"));
            return Ok(());
        }
        stack.push(pointer.to_string());
        let mut reviews = Vec::new();
        let (props, discriminated) = self.object_parts(schema, pointer, stack, &mut reviews)?;
        field.reviews.extend(reviews);
        let mut nested = Vec::new();
        for (name, sub, p, required) in props {
            let mut f = self.field(&name, sub, p, required, depth + 1, stack, table)?;
            if let Some((_, values)) = discriminated.iter().find(|(d, _)| *d == name)
                && !values.is_empty()
            {
                f.values.clone_from(values);
                if f.format.as_deref() == Some("text") || f.format.is_none() {
                    f.format = Some("text".into());
                }
            }
            nested.push(f);
        }
        stack.pop();
        field.fields = Some(nested);
        field.format = None;
        Ok(())
    }
}

fn schema_type(schema: &Value) -> String {
    match schema.get("type") {
        Some(Value::String(s)) => s.clone(),
        // 3.1: `type: [string, "null"]`.
        Some(Value::Sequence(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .unwrap_or_default()
            .to_string(),
        _ => String::new(),
    }
}

/// A pattern that is exactly a class of the notation with a length: `^[0-9]{4}$`,
/// `^[A-Za-z]+$`, `^\d{2,5}$`.
fn pattern_format(pattern: &str) -> Option<String> {
    let body = pattern.strip_prefix('^')?.strip_suffix('$')?;
    let (class, rest) = if let Some(r) = body.strip_prefix("\\d") {
        ("n", r)
    } else {
        let end = body.find(']')?;
        let set = body.get(1..end)?;
        if !body.starts_with('[') {
            return None;
        }
        let class = match set {
            "0-9" => "n",
            "A-Za-z" | "a-zA-Z" => "a",
            "A-Za-z0-9" | "a-zA-Z0-9" | "0-9A-Za-z" | "0-9a-zA-Z" => "an",
            _ => return None,
        };
        (class, body.get(end + 1..)?)
    };
    let length = match rest {
        "+" => String::new(),
        _ => {
            let inner = rest.strip_prefix('{')?.strip_suffix('}')?;
            match inner.split_once(',') {
                None => inner.parse::<u32>().ok()?.to_string(),
                // No upper bound: the notation has none for a minimum alone.
                Some((_, "")) => return None,
                Some((lo, hi)) => {
                    let (lo, hi) = (lo.parse::<u32>().ok()?, hi.parse::<u32>().ok()?);
                    if lo == 0 {
                        format!("..{hi}")
                    } else {
                        format!("{lo}..{hi}")
                    }
                }
            }
        }
    };
    Some(format!("{class}{length}"))
}

fn scalar(field: &mut DraftField, schema: &Value, pointer: &str) {
    let ty = schema_type(schema);
    let text_len = || {
        let min = schema.get("minLength").and_then(Value::as_u64);
        let max = schema.get("maxLength").and_then(Value::as_u64);
        match (min, max) {
            (Some(a), Some(b)) if a == b => format!("text{a}"),
            (Some(a), Some(b)) if a > 0 => format!("text{a}..{b}"),
            (_, Some(b)) => format!("text..{b}"),
            (Some(a), None) if a > 0 => {
                format!("text{a}..")
            }
            _ => "text".into(),
        }
    };
    field.format = Some(match ty.as_str() {
        "integer" => {
            field.value_type = Some("integer".into());
            field.min = schema.get("minimum").and_then(Value::as_i64);
            field.max = schema.get("maximum").and_then(Value::as_i64);
            "int64".into()
        }
        "number" => {
            field.reviews.push(format!("a JSON number that is not an integer at {pointer}: drafted as text; decide how it is carried"));
            "text".into()
        }
        "boolean" => "bool".into(),
        _ => {
            let mut format = text_len();
            if format.ends_with("..") {
                format = "text".into();
            }
            if let Some(pattern) = schema.get("pattern").and_then(Value::as_str) {
                match pattern_format(pattern) {
                    Some(f) => format = f,
                    None => field.reviews.push(format!("pattern `{pattern}` is not a format of the spec notation: not drafted; say it in `doc` or narrow the format by hand")),
                }
            }
            if let Some(f) = schema.get("format").and_then(Value::as_str)
                && matches!(f, "date-time" | "date")
            {
                field.reviews.push(format!(
                    "`format: {f}` (RFC 3339) has no exact equivalent: drafted as text"
                ));
            }
            format
        }
    });
    if let Some(values) = schema.get("enum").and_then(Value::as_sequence) {
        field.values = values
            .iter()
            .filter_map(|v| {
                v.as_str()
                    .map(str::to_string)
                    .or_else(|| v.as_i64().map(|n| n.to_string()))
            })
            .collect();
    }
    if field.value_type.as_deref() == Some("integer") && !field.values.is_empty() {
        field.reviews.push("an integer enum: values are text in the spec language; state them as min/max or a rule".into());
        field.values.clear();
    }
}

/// Drafts the operations of `paths` from an OpenAPI document.
pub fn import_openapi(
    bytes: &[u8],
    file: &str,
    provider: &str,
    paths: &[String],
) -> Result<Imported, ImportError> {
    check_provider(provider)?;
    let doc = parse(bytes)?;
    let mut walker = Walker {
        doc: &doc,
        fields: 0,
    };
    let mut spec = DraftSpec {
        provider: provider.to_string(),
        page_file: file.to_string(),
        page_title: at_pointer(&doc, "/info/title")
            .and_then(Value::as_str)
            .map(str::to_string),
        title: format!(
            "{} {} (draft imported from {file})",
            at_pointer(&doc, "/info/title")
                .and_then(Value::as_str)
                .unwrap_or("API"),
            at_pointer(&doc, "/info/version")
                .and_then(Value::as_str)
                .unwrap_or_default()
        ),
        line_word: "schema".into(),
        importer: "import openapi".into(),
        ..DraftSpec::default()
    };
    for path in paths {
        let item = doc
            .get("paths")
            .and_then(|p| p.get(path.as_str()))
            .ok_or_else(|| err(format!("the document has no path `{path}`")))?;
        let (method, operation) = ["post", "get", "put", "patch", "delete"]
            .iter()
            .find_map(|m| item.get(*m).map(|o| (*m, o)))
            .ok_or_else(|| err(format!("path `{path}` has no operation")))?;
        let op_ptr = format!("/paths/{}/{method}", escape(path));
        let id = super::draft::kebab(path);
        let mut op = DraftOperation {
            id: if id.is_empty() { "root".into() } else { id },
            title: operation
                .get("summary")
                .and_then(Value::as_str)
                .unwrap_or(path)
                .to_string(),
            endpoint: path.clone(),
            method: method.to_ascii_uppercase(),
            transport: "json".into(),
            cite: Cite {
                table: None,
                section: Some(format!("{} {path}", method.to_ascii_uppercase())),
                line: 0,
                pointer: Some(op_ptr.clone()),
            },
            ..DraftOperation::default()
        };
        if !matches!(method, "post" | "get") {
            op.reviews.push(format!(
                "{} is not GET or POST, which the spec language has: drafted as POST",
                method.to_ascii_uppercase()
            ));
            op.method = "POST".into();
        }
        let request = at_pointer(operation, "/requestBody/content/application~1json/schema");
        op.request = list(
            &mut walker,
            request,
            format!("{op_ptr}/requestBody/content/application~1json/schema"),
        )?;
        let responses = operation.get("responses").and_then(Value::as_mapping);
        // Status keys are text in JSON, and may be numbers in YAML (`200:`).
        let status = |k: &Value| {
            k.as_str()
                .map(str::to_string)
                .or_else(|| k.as_u64().map(|n| n.to_string()))
                .unwrap_or_default()
        };
        let ok = responses.and_then(|r| r.iter().find(|(code, _)| status(code).starts_with('2')));
        match ok {
            Some((code, response)) => {
                let code = status(code);
                let (response, rptr) =
                    walker.deref(response, format!("{op_ptr}/responses/{code}"), &[])?;
                let schema = at_pointer(response, "/content/application~1json/schema");
                op.response = list(
                    &mut walker,
                    schema,
                    format!("{rptr}/content/application~1json/schema"),
                )?;
            }
            None => op
                .response
                .reviews
                .push("no 2xx JSON response: list the response's fields".into()),
        }
        spec.operations.push(op);
    }
    let mut imported = finish(spec, Vec::new(), &format!("draft of {file}"))?;
    imported
        .skipped
        .push(format!("{} field(s) drafted from {file}", walker.fields));
    Ok(imported)
}

fn list<'a>(
    walker: &mut Walker<'a>,
    schema: Option<&'a Value>,
    pointer: String,
) -> Result<DraftList, ImportError> {
    let mut out = DraftList::default();
    let Some(schema) = schema else {
        out.reviews.push("no JSON body in the document".into());
        return Ok(out);
    };
    let mut stack = Vec::new();
    let (schema, resolved) = walker.deref(schema, pointer, &stack)?;
    let table = resolved.rsplit('/').next().unwrap_or_default().to_string();
    out.cite = Cite {
        table: Some(table.clone()),
        section: None,
        line: 0,
        pointer: Some(resolved.clone()),
    };
    let mut holder = DraftField::default();
    walker.object(&mut holder, schema, &resolved, 0, &mut stack, &table)?;
    out.reviews.extend(holder.reviews);
    out.fields = holder.fields.unwrap_or_default();
    Ok(out)
}
