//! Checks of one value, by its type: text (length, character class, date mask, forbidden
//! characters, URL, fixed value), integers and bools (digits, range, fixed value), enums, codes
//! and maps. Each becomes calls into `::pspec_runtime` (`rt`), which allocate only to report.

use std::cell::RefCell;

use heck::ToShoutySnakeCase;
use proc_macro2::{Literal as Lit, TokenStream};
use quote::quote;

use super::text;

use crate::model::{Carry, DatePart, Direction, Format, Leaf, LeafKind, Length};

/// `found.report(field, rule, limit);`
pub fn report(field: &str, rule: &str, limit: &str) -> TokenStream {
    let rule = proc_macro2::Ident::new(rule, proc_macro2::Span::call_site());
    quote!(found.report(#field, rt::RuleKind::#rule, #limit);)
}

/// One check of a value, kept apart from its wrapping so that `if let Some(value) = ..` around a
/// single `if` becomes one `let` chain (clippy's `collapsible_if`).
pub enum Check {
    /// A statement.
    Stmt(TokenStream),
    /// `if cond { body }`.
    If {
        cond: TokenStream,
        body: TokenStream,
    },
    /// A value an open enum does not list, reported by one runtime call on the value (a
    /// reference or an `Option` of one): `callee(args, value)`.
    Unlisted {
        callee: TokenStream,
        args: TokenStream,
    },
}

impl Check {
    /// The statement, applied to `value` (a reference for `Unknown`).
    pub fn render(&self, value: &TokenStream) -> TokenStream {
        match self {
            Check::Stmt(t) => t.clone(),
            Check::If { cond, body } => quote!(if #cond { #body }),
            Check::Unlisted { callee, args } => quote!(#callee(#args, #value);),
        }
    }
}

/// The checks of an optional value: `if let Some(value) = option { checks }`, merged with a
/// single `if` into one condition.
pub fn when_some(option: &TokenStream, checks: Vec<Check>) -> Option<TokenStream> {
    match checks.as_slice() {
        [] => None,
        [Check::If { cond, body }] => Some(quote!(if let Some(value) = #option && #cond { #body })),
        // `rt::Unlisted` takes the `Option` itself: one line, no `if let`.
        [Check::Unlisted { callee, args }] => Some(quote!(#callee(#args, #option);)),
        _ => {
            let checks = checks.iter().map(|c| c.render(&quote!(value)));
            Some(quote!(if let Some(value) = #option { #(#checks)* }))
        }
    }
}

/// Checks of a text value's format (`value` is a `&str` expression), whatever its presence:
/// one call to the message's rule constant for the field (see [`rule_const`]), or nothing
/// when the leaf has no format rule.
pub fn text_checks(name: &str, leaf: &Leaf, value: &TokenStream) -> Vec<TokenStream> {
    match rule_const(name, leaf, false) {
        Some(rule) => vec![quote!(Self::#rule.check_value(found, #value);)],
        None => Vec::new(),
    }
}

/// The check of a text field with its presence: `Self::RULE.check(found, value)`, where
/// `value` is a `&str` or an `Option<&str>` (see `rt::TextRule::check`); `None` when the leaf
/// has no format rule.
pub fn text_field_check(
    name: &str,
    leaf: &Leaf,
    mandatory: bool,
    value: &TokenStream,
) -> Option<TokenStream> {
    let rule = rule_const(name, leaf, mandatory)?;
    Some(quote!(Self::#rule.check(found, #value);))
}

thread_local! {
    /// The rule constants of the message being emitted, in the order the checks name them:
    /// (constant name, its definition). Emission of one message runs on one thread, between
    /// [`take_rules`] calls.
    static RULES: RefCell<Vec<(String, Vec<String>)>> = const { RefCell::new(Vec::new()) };
}

/// The rule constants declared since the last call, in check order, as `const` items of the
/// message's `impl` (text, one rule a line).
pub fn take_rules() -> Vec<(String, Vec<String>)> {
    RULES.with(|rules| std::mem::take(&mut *rules.borrow_mut()))
}

/// Names of associated items the generator gives message types; a rule constant never takes
/// one of them.
/// (A new one added elsewhere and missed here is a compile error of every golden, not a
/// silent clash.)
const TAKEN: &[&str] = &[
    "ENDPOINT",
    "METHOD",
    "MAC",
    "MAC_INPUT",
    "SIGNATURE",
    "ALL",
    "LISTED",
    "ROWS",
    "WIRE",
    "FAMILIES",
];

/// Declares (or finds) the `rt::TextRule` constant of field `name` with the leaf's format
/// rules and returns its name; `None` when the leaf has none. Named after the field's path
/// (`payment.softDescriptor` → `PAYMENT_SOFT_DESCRIPTOR`), numbered when two different rules
/// would take one name.
pub fn rule_const(name: &str, leaf: &Leaf, mandatory: bool) -> Option<proc_macro2::Ident> {
    let definition = rule_definition(name, leaf, mandatory)?;
    let mut base = name.to_shouty_snake_case();
    base.retain(|c| c.is_ascii_alphanumeric() || c == '_');
    if base.is_empty()
        || base.starts_with(|c: char| c.is_ascii_digit())
        || TAKEN.contains(&base.as_str())
    {
        base.insert_str(0, "RULE_");
    }
    let chosen = RULES.with(|rules| {
        let mut rules = rules.borrow_mut();
        let mut candidate = base.clone();
        for n in 2.. {
            match rules.iter().find(|(c, _)| *c == candidate) {
                Some((_, d)) if *d == definition => return candidate,
                Some(_) => candidate = format!("{base}_{n}"),
                None => break,
            }
        }
        rules.push((candidate.clone(), definition));
        candidate
    });
    Some(proc_macro2::Ident::new(
        &chosen,
        proc_macro2::Span::call_site(),
    ))
}

/// The constant expression of a field's rule, as its calls (`rt::TextRule::ascii(...)`,
/// `.mandatory()`, ...), or `None` when the leaf has no format rule.
pub(super) fn rule_definition(name: &str, leaf: &Leaf, mandatory: bool) -> Option<Vec<String>> {
    let field = text::lit(name);
    let notation = text::lit(&leaf.format.notation());
    let mut parts = Vec::new();
    let mut checks = leaf.fixed.is_some()
        || leaf.forbidden.is_some()
        || leaf.url.is_some()
        || leaf.prefix.is_some()
        || leaf.needs_carry_check();
    parts.push(match (&leaf.fixed, &leaf.format) {
        // The runtime reads class and length back from the notation (`rt::TextRule::new`),
        // which is exactly the class's notation followed by the length's.
        (None, Format::Chars { .. }) => {
            checks = true;
            format!("rt::TextRule::new({field}, {notation})")
        }
        (None, Format::Date { parts, .. }) => {
            checks = true;
            let parts: Vec<String> = parts.iter().map(date_part_text).collect();
            format!(
                "rt::TextRule::date({field}, {notation}, &[{}])",
                parts.join(", ")
            )
        }
        (None, Format::DateTime) => {
            checks = true;
            format!("rt::TextRule::date({field}, {notation}, rt::ISO_DATE_TIME)")
        }
        _ => format!("rt::TextRule::any({field}, {notation})"),
    });
    if !checks {
        return None;
    }
    if mandatory {
        parts.push(".mandatory()".to_string());
    }
    if let Some(fixed) = &leaf.fixed {
        // A fixed value is the only rule checked.
        parts.push(format!(".fixed({})", text::lit(fixed)));
        return Some(parts);
    }
    match leaf.carry {
        _ if !leaf.needs_carry_check() => {}
        Carry::Any => {}
        Carry::Form => parts.push(".in_form()".to_string()),
        Carry::Xml => parts.push(".in_xml()".to_string()),
    }
    if let Some(chars) = &leaf.forbidden {
        let bytes = Lit::byte_string(chars.as_bytes());
        parts.push(format!(
            ".forbidding(&const {{ rt::ByteSet::of({bytes}) }}, {})",
            text::lit(chars)
        ));
    }
    if let Some(prefix) = &leaf.prefix {
        parts.push(format!(".prefixed({})", text::lit(prefix)));
    }
    if let Some(url) = &leaf.url {
        let scheme = text::opt_lit(url.scheme.as_ref());
        let port = match url.port {
            Some(p) => format!("Some(({p}, \"{p}\"))"),
            None => "None".to_string(),
        };
        parts.push(format!(
            ".url(rt::UrlRule {{ scheme: {scheme}, port: {port}, query: {} }})",
            url.query
        ));
    }
    Some(parts)
}

/// The associated items declaring a message's rule constants, one a line (longer definitions go
/// on with one builder call a line), as text: `None` when there are none.
pub fn rules_impl(type_name: &str, rules: &[(String, Vec<String>)]) -> Option<String> {
    if rules.is_empty() {
        return None;
    }
    let mut out = format!(
        "    // The format rules of the text fields `{type_name}::validate` checks, in check order.\n"
    );
    for (name, calls) in rules {
        // rustfmt's layout: the whole definition on one line when it fits in 100 columns,
        // else the constructor on the next line and the builder calls after it while they fit.
        let mut line = format!("    const {name}: rt::TextRule =");
        for (i, call) in calls.iter().enumerate() {
            let room = line.len() + 1 + call.len() + usize::from(i + 1 == calls.len()) <= 100;
            if i == 0 && room {
                line.push(' ');
            } else if i == 0 || !room {
                out.push_str(&line);
                out.push('\n');
                line = "        ".to_string();
            }
            line.push_str(call);
        }
        out.push_str(&line);
        out.push_str(";\n");
    }
    Some(out)
}

/// Checks of an integer or bool (`value` is the value, by copy).
pub fn copy_checks(name: &str, leaf: &Leaf, value: &TokenStream) -> Vec<Check> {
    let mut out = Vec::new();
    if let LeafKind::Currency { allowed, .. } = &leaf.kind {
        // A currency restriction (Computop's list per operation) is a rule, not a type: the
        // limit lists the codes as the wire writes them; the test compares alphabetic codes.
        if !allowed.is_empty() {
            let limit = allowed
                .iter()
                .map(|(wire, _)| wire.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            let codes = allowed.iter().map(|(_, alpha)| alpha.as_str());
            out.push(Check::If {
                cond: quote!(!matches!(#value.alpha(), #(#codes)|*)),
                body: report(name, "NotAllowedValue", &limit),
            });
        }
        return out;
    }
    if matches!(leaf.kind, LeafKind::Date { .. }) {
        // The type holds only real dates of the mask: nothing left to check.
        return out;
    }
    if let Some(fixed) = &leaf.fixed {
        let mismatch = match leaf.kind {
            LeafKind::Bool if fixed == "true" => Some(quote!(!#value)),
            LeafKind::Bool => Some(quote!(#value)),
            _ => fixed.parse::<i64>().ok().map(|i| {
                let lit = Lit::i64_unsuffixed(i.abs());
                if i < 0 {
                    quote!(#value != -#lit)
                } else {
                    quote!(#value != #lit)
                }
            }),
        };
        if let Some(mismatch) = mismatch {
            let report = report(name, "FixedValue", fixed);
            out.push(Check::If {
                cond: mismatch,
                body: report,
            });
        }
        return out;
    }
    if let (LeafKind::Unsigned, Format::Chars { length, .. }) = (&leaf.kind, &leaf.format)
        && *length != Length::Any
    {
        let len = len_tokens(*length);
        let notation = leaf.format.notation();
        out.push(Check::Stmt(
            quote!(rt::digits(found, #name, #value, #len, #notation);),
        ));
    }
    if !matches!(leaf.kind, LeafKind::Bool) {
        let unsigned = matches!(leaf.kind, LeafKind::Unsigned);
        if let Some(min) = leaf.min
            && !(unsigned && min <= 0)
        {
            let limit = format!(">= {min}");
            let min = Lit::i128_unsuffixed(i128::from(min));
            out.push(Check::Stmt(
                quote!(rt::at_least(found, #name, i128::from(#value), #min, #limit);),
            ));
        }
        if let Some(max) = leaf.max {
            let limit = format!("<= {max}");
            let max = Lit::i128_unsuffixed(i128::from(max));
            out.push(Check::Stmt(
                quote!(rt::at_most(found, #name, i128::from(#value), #max, #limit);),
            ));
        }
    }
    out
}

/// Checks of an enum, a code or a map; `value` is a place or a reference (method calls and
/// `matches!` work on both).
pub fn ref_checks(
    name: &str,
    leaf: &Leaf,
    value: &TokenStream,
    direction: Direction,
) -> Vec<Check> {
    let mut out = Vec::new();
    match &leaf.kind {
        LeafKind::Enum(def) => {
            let ty = def.type_name.ident();
            if let Some(fixed) = &leaf.fixed {
                if let Some(variant) = def.variants.iter().find(|v| &v.wire == fixed) {
                    let variant = variant.rust_name.ident();
                    let report = report(name, "FixedValue", fixed);
                    out.push(Check::If {
                        cond: quote!(!matches!(#value, #ty::#variant)),
                        body: report,
                    });
                }
                return out;
            }
            if def.open && direction == Direction::Response {
                // The enum's `ALLOWED` names the listed values; the field's format rule, if
                // any, checks the unlisted text.
                out.push(match rule_const(name, leaf, false) {
                    Some(rule) => Check::Unlisted {
                        callee: quote!(Self::#rule.check_unlisted),
                        args: quote!(found),
                    },
                    None => Check::Unlisted {
                        callee: quote!(rt::unlisted),
                        args: quote!(found, #name),
                    },
                });
            }
        }
        LeafKind::Code { .. } => {
            let code = quote!(#value.code());
            if let Some(fixed) = &leaf.fixed {
                out.push(Check::Stmt(quote!(rt::fixed(found, #name, #code, #fixed);)));
            } else {
                out.extend(text_checks(name, leaf, &code).into_iter().map(Check::Stmt));
            }
        }
        LeafKind::Map => {
            let checks = text_checks(name, leaf, &quote!(entry));
            if !checks.is_empty() {
                out.push(Check::Stmt(
                    quote!(for entry in #value.values() { #(#checks)* }),
                ));
            }
        }
        LeafKind::Text
        | LeafKind::Unsigned
        | LeafKind::Signed
        | LeafKind::Bool
        | LeafKind::Currency { .. }
        | LeafKind::Date { .. } => {}
    }
    out
}

fn len_tokens(length: Length) -> TokenStream {
    match length {
        Length::Any => quote!(rt::Len::ANY),
        Length::Exactly(n) => {
            let n = Lit::usize_unsuffixed(n as usize);
            quote!(rt::Len::exactly(#n))
        }
        Length::Between { min: 0, max } => {
            let max = Lit::usize_unsuffixed(max as usize);
            quote!(rt::Len::at_most(#max))
        }
        Length::Between { min, max } => {
            let min = Lit::usize_unsuffixed(min as usize);
            let max = Lit::usize_unsuffixed(max as usize);
            quote!(rt::Len::between(#min, #max))
        }
    }
}

fn date_part_text(part: &DatePart) -> String {
    match part {
        DatePart::Day => "rt::DatePart::Day".to_string(),
        DatePart::Month => "rt::DatePart::Month".to_string(),
        DatePart::Year2 => "rt::DatePart::Year2".to_string(),
        DatePart::Year4 => "rt::DatePart::Year4".to_string(),
        DatePart::Hour => "rt::DatePart::Hour".to_string(),
        DatePart::Minute => "rt::DatePart::Minute".to_string(),
        DatePart::Second => "rt::DatePart::Second".to_string(),
        DatePart::Literal(c) => {
            // The model refuses masks with separators outside ASCII, so this is one byte.
            let byte = if c.is_ascii() { *c as u8 } else { b'?' };
            format!("rt::DatePart::Literal({})", Lit::byte_character(byte))
        }
    }
}
