//! Operations a page shows by example only (`Example /payments request`, a curl call or a JSON
//! body): the example's keys become fields, nested as in the example. An example shows some
//! fields, with made-up values: every field drafted from one carries a review mark (its
//! format and presence are guesses), and drift never reads an example's absence of a field
//! as a removal.

use serde_yaml::Value;

use super::draft::{Cite, DraftField, DraftList, DraftOperation, OpBuilder, kebab};

/// The title's path and side: `Example /payments/details response` gives
/// (`/payments/details`, false).
fn title_parts(title: &str) -> Option<(String, bool)> {
    let rest = title.strip_prefix("Example ")?;
    let (path, side) = rest.rsplit_once(' ')?;
    let is_request = match side {
        "request" => true,
        "response" => false,
        _ => return None,
    };
    (path.starts_with('/') && !path.contains(' ')).then(|| (path.to_string(), is_request))
}

/// The JSON body of an example: after curl's `-d '`, or the example itself.
fn body(content: &str) -> Option<&str> {
    if let Some(at) = content.find("-d '") {
        let rest = content.get(at + 4..)?;
        return rest.get(..rest.rfind('\'')?);
    }
    content.trim_start().starts_with('{').then_some(content)
}

/// Drafts the example into the operation of its path (a new one if none has that endpoint).
pub(super) fn example(
    title: &str,
    content: &str,
    line: usize,
    section: Option<&str>,
    ops: &mut Vec<OpBuilder>,
) {
    let Some((path, is_request)) = title_parts(title) else {
        return;
    };
    let Some(json) = body(content) else { return };
    let position = ops.iter().position(|b| b.op.endpoint == path);
    let index = match position {
        Some(i) => i,
        None => {
            let op = DraftOperation {
                id: kebab(&path),
                title: section.unwrap_or(title).to_string(),
                endpoint: path.clone(),
                method: "POST".into(),
                transport: "json".into(),
                cite: Cite {
                    section: section.map(str::to_string),
                    line,
                    ..Cite::default()
                },
                reviews: vec![format!(
                    "drafted from the page's examples only: the provider's reference has more fields; `cargo xtask import openapi` drafts the whole {path}"
                )],
                ..DraftOperation::default()
            };
            ops.push(OpBuilder {
                op,
                query_names: Vec::new(),
                has_request: false,
                has_response: false,
            });
            ops.len() - 1
        }
    };
    let Some(builder) = ops.get_mut(index) else {
        return;
    };
    if (is_request && builder.has_request) || (!is_request && builder.has_response) {
        return;
    }
    let mut list = DraftList {
        cite: Cite {
            table: Some(title.to_string()),
            section: section.map(str::to_string),
            line,
            pointer: None,
        },
        ..DraftList::default()
    };
    match serde_yaml::from_str::<Value>(json) {
        Ok(Value::Mapping(map)) => list.fields = fields(&map, is_request, title, line),
        Ok(_) => list.reviews.push(format!(
            "the page's {title} is not a JSON object: list the fields by hand"
        )),
        Err(e) => list.reviews.push(format!(
            "the page's {title} is not valid JSON ({}): list the fields by hand",
            crate::diff::one_line(&e.to_string(), 120)
        )),
    }
    if is_request {
        builder.op.request = list;
        builder.has_request = true;
    } else {
        builder.op.response = list;
        builder.has_response = true;
    }
}

fn fields(
    map: &serde_yaml::Mapping,
    is_request: bool,
    title: &str,
    line: usize,
) -> Vec<DraftField> {
    let mut out = Vec::new();
    for (key, value) in map {
        let Some(name) = key.as_str() else { continue };
        let mut field = DraftField {
            name: name.to_string(),
            // A request example shows what is sent; an answer's fields may all be absent.
            presence: if is_request { "M" } else { "O" }.into(),
            cite: Cite {
                table: Some(title.to_string()),
                line,
                ..Cite::default()
            },
            ..DraftField::default()
        };
        match value {
            Value::Mapping(nested) => {
                field.fields = Some(fields(nested, is_request, title, line));
                field
                    .reviews
                    .push("read from the page's example: presence guessed".into());
            }
            Value::Sequence(items) => {
                field.list = true;
                match items.first() {
                    Some(Value::Mapping(nested)) => {
                        field.fields = Some(fields(nested, is_request, title, line))
                    }
                    _ => field.format = Some("text".into()),
                }
                field
                    .reviews
                    .push("read from the page's example: presence guessed".into());
            }
            Value::Number(n) if n.is_i64() || n.is_u64() => {
                field.format = Some("int64".into());
                field.value_type = Some("integer".into());
                field.reviews.push(
                    "read from the page's example: an integer there, presence guessed".into(),
                );
            }
            Value::Bool(_) => {
                field.format = Some("bool".into());
                field
                    .reviews
                    .push("read from the page's example: presence guessed".into());
            }
            _ => {
                field.format = Some("text".into());
                field
                    .reviews
                    .push("read from the page's example: format and presence guessed".into());
            }
        }
        out.push(field);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_titles_and_bodies() {
        assert_eq!(
            title_parts("Example /payments/details response"),
            Some(("/payments/details".into(), false))
        );
        assert_eq!(
            title_parts("Example of a payments request to your server"),
            None
        );
        assert_eq!(
            body("curl https://x \\\n-d '{\"a\": 1}'"),
            Some("{\"a\": 1}")
        );
        assert_eq!(body("wx.request({})"), None);
    }
}
