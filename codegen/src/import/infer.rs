//! What a parameter row's description says plainly: value lists, a fixed value, forbidden
//! characters, an example, and the condition of a C row. Each reading is a small rule over the
//! description's words; whatever is read by a guess rather than a plain statement carries a
//! review note, and whatever cannot be read is left for review.

use crate::format::{CharClass, Format};

/// What the page says besides the rows, shared by every row's reading.
#[derive(Debug, Clone, Default)]
pub struct PageFacts {
    /// Other names of a value the page states, `INAPP` for `Channel=APP` ("For INAPP
    /// requests (Channel=APP)"): (alias, field, value).
    pub aliases: Vec<(String, String, String)>,
    /// The code the page calls the only success ("Only a result of code=00000000 ...").
    pub success_code: Option<(String, String)>,
}

impl PageFacts {
    /// Reads the facts from the page's text lines.
    pub fn read<'a>(lines: impl Iterator<Item = &'a str>) -> PageFacts {
        let mut facts = PageFacts::default();
        for line in lines {
            // "For INAPP requests (Channel=APP)"
            let words: Vec<&str> = line.split_whitespace().collect();
            for pair in words.windows(3) {
                let [alias, kind, assignment] = pair else {
                    continue;
                };
                if !matches!(*kind, "requests" | "request" | "payments" | "payment") {
                    continue;
                }
                let inner = assignment
                    .trim_start_matches('(')
                    .trim_end_matches([')', '.', ',']);
                if let Some((field, value)) = inner.split_once('=')
                    && is_word(alias)
                    && is_word(field)
                    && is_word(value)
                    && alias != &value
                {
                    facts
                        .aliases
                        .push(((*alias).into(), field.into(), value.into()));
                }
            }
            // Only a result of "code=00000000" should be considered successful.
            let lower = line.to_lowercase();
            if lower.contains("only a result of") && lower.contains("success") {
                let at = lower.find("only a result of").unwrap_or_default();
                let tail = line.get(at..).unwrap_or_default();
                let quoted = tail
                    .split(['"', '“', '”'])
                    .skip(1)
                    .step_by(2)
                    .find(|q| q.contains('='))
                    .unwrap_or_default();
                if let Some((field, value)) = quoted.split_once('=')
                    && facts.success_code.is_none()
                {
                    facts.success_code = Some((field.trim().into(), value.trim().into()));
                }
            }
        }
        facts
    }
}

fn is_word(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A row as the page prints it, plus where it is.
#[derive(Debug, Clone)]
pub struct RowText<'a> {
    /// The key.
    pub name: &'a str,
    /// The format column, if the table has one.
    pub format: Option<&'a str>,
    /// The condition letter, if the table has one.
    pub presence: Option<&'a str>,
    /// The description, line by line.
    pub description: &'a [String],
}

/// What the importer makes of a row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reading {
    /// The spec format.
    pub format: String,
    /// The table's own format when `format` deliberately differs.
    pub table_format: Option<String>,
    /// `M`, `O` or `C`.
    pub presence: String,
    /// Allowed values.
    pub values: Vec<String>,
    /// The only value.
    pub fixed: Option<String>,
    /// Forbidden characters.
    pub forbidden: Option<String>,
    /// An example value.
    pub example: Option<String>,
    /// `required_when`.
    pub required_when: Option<String>,
    /// `absent_when`.
    pub absent_when: Option<String>,
    /// Informative notes (YAML comments a person may keep).
    pub notes: Vec<String>,
    /// What a person must decide (review marks).
    pub reviews: Vec<String>,
}

/// The format of a table cell in the spec notation: Computop's as printed, Monext's `N12`
/// (`n..12`) and `AN50` (`ans..50`, Monext's AN admits punctuation), `None` when unknown.
pub fn spec_format(printed: &str) -> Option<(String, Option<String>)> {
    let printed = printed.trim();
    if Format::parse(printed).is_ok() {
        return Some((printed.to_string(), None));
    }
    let upper = printed.to_ascii_uppercase();
    let digits = upper.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    if upper != printed || digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let class = &upper[..upper.len() - digits.len()];
    let spec = match class {
        "N" => format!("n..{digits}"),
        "AN" => format!("ans..{digits}"),
        "A" => format!("a..{digits}"),
        _ => return None,
    };
    Some((spec, Some(printed.to_string())))
}

/// Reads one row. `values_of` gives the values read so far for a field of the same table (for
/// conditions such as "Mandatory in case of W2A"); `request_values_of` the same for the
/// operation's request (for a response row's "Only with Channel=APP").
pub fn read_row(
    row: &RowText<'_>,
    facts: &PageFacts,
    values_of: &dyn Fn(&str) -> Option<Vec<String>>,
    request_values_of: &dyn Fn(&str) -> Option<Vec<String>>,
    fields_here: &[String],
) -> Reading {
    let mut r = Reading::default();
    let full = row.description.join(" ");
    match row.format.map(spec_format) {
        Some(Some((format, table_format))) => {
            if let Some(t) = &table_format {
                r.notes.push(format!(
                    "the table prints `{t}`, written `{format}` in the spec notation"
                ));
            }
            r.format = format;
            r.table_format = table_format;
        }
        Some(None) => {
            r.format = "text".into();
            r.reviews.push(format!(
                "the table's format `{}` is not in the spec notation: `text` until a person decides",
                row.format.unwrap_or_default()
            ));
        }
        None => {
            r.format = "text".into();
            r.reviews
                .push("the table has no format column: `text` until a person decides".into());
        }
    }
    r.presence = match row.presence {
        Some(p @ ("M" | "O" | "C")) => p.into(),
        Some(other) => {
            r.reviews.push(format!(
                "condition `{other}` is not M, O or C: M until a person decides"
            ));
            "M".into()
        }
        None => {
            r.reviews
                .push("the table has no condition column: M until a person decides".into());
            "M".into()
        }
    };
    r.values = values(row.description);
    if r.values.is_empty()
        && let Some(only) = single_word(&full, row.name)
    {
        r.values = vec![only];
        r.reviews
            .push("the description is one word, read as the only value".into());
    }
    r.fixed = fixed(row.name, &full);
    r.forbidden = forbidden(&full);
    r.example = example(&full);
    widen(&mut r, &full);
    if r.presence == "C" {
        condition(
            &mut r,
            &full,
            facts,
            values_of,
            request_values_of,
            fields_here,
        );
    }
    r
}

/// Lists of values a description enumerates.
pub fn values(lines: &[String]) -> Vec<String> {
    // "QRCode: QR code payment." one per line after an introduction.
    let labelled: Vec<String> = lines
        .iter()
        .skip(1)
        .filter_map(|l| {
            let (head, _) = l.split_once(':')?;
            (is_value_token(head) && head.len() <= 32).then(|| head.to_string())
        })
        .collect();
    if labelled.len() >= 2 {
        return labelled;
    }
    let full = lines.join(" ");
    // "options values: IOS/Android/WAP."
    for marker in ["values:", "values :", "one of:", "one of"] {
        if let Some(at) = full.to_lowercase().find(marker) {
            let rest = full.get(at + marker.len()..).unwrap_or_default();
            let list = rest.split(['.', ';']).next().unwrap_or_default();
            let found: Vec<String> = list
                .split(['/', ','])
                .map(|v| v.trim().trim_end_matches(" or").to_string())
                .filter(|v| is_value_token(v))
                .collect();
            if found.len() >= 2 {
                return found;
            }
        }
    }
    // "For domestic merchants only CNY is permissible. For ... only GBP, HKD, ... is permissible."
    let mut only = Vec::new();
    for sentence in full.split(". ") {
        let lower = sentence.to_lowercase();
        let Some(start) = lower.find("only ") else {
            continue;
        };
        let Some(end) = [
            "is permissible",
            "are permissible",
            "is allowed",
            "are allowed",
            "is accepted",
            "are accepted",
        ]
        .iter()
        .find_map(|m| lower.find(m)) else {
            continue;
        };
        if end <= start {
            continue;
        }
        let list = sentence.get(start + 5..end).unwrap_or_default();
        for v in list.split([',', ' ']) {
            let v = v.trim();
            if is_value_token(v) && v != "and" && v != "or" && !only.contains(&v.to_string()) {
                only.push(v.to_string());
            }
        }
    }
    if !only.is_empty() {
        return only;
    }
    // "OK (URLSuccess) or FAILED (URLFailure)", "AUTHORIZE_REQUEST or FAILED".
    let first = full
        .split(". ")
        .next()
        .unwrap_or_default()
        .trim_end_matches('.');
    let without_notes = strip_parentheses(first);
    let parts: Vec<&str> = without_notes.split(" or ").map(str::trim).collect();
    if parts.len() >= 2
        && parts
            .iter()
            .all(|p| is_value_token(p) && p.chars().any(|c| c.is_ascii_uppercase()))
    {
        return parts.iter().map(|p| (*p).to_string()).collect();
    }
    Vec::new()
}

fn strip_parentheses(text: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_value_token(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 40
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
        && s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
}

/// A description made of one value-like word (not the field's own name).
fn single_word(full: &str, name: &str) -> Option<String> {
    let word = full.trim();
    (is_value_token(word)
        && !word.eq_ignore_ascii_case(name)
        && word.chars().any(|c| c.is_ascii_uppercase()))
    .then(|| word.to_string())
}

/// "transmit Response=encrypt", "Set to authorization_code."
fn fixed(name: &str, full: &str) -> Option<String> {
    for word in full.split_whitespace() {
        if let Some((key, value)) = word.split_once('=') {
            let value = value.trim_end_matches(['.', ',', ';', ')', '"']);
            if key
                .trim_start_matches(['(', '"'])
                .eq_ignore_ascii_case(name)
                && is_value_token(value)
            {
                return Some(value.to_string());
            }
        }
    }
    let lower = full.to_lowercase();
    if let Some(at) = lower.find("set to ") {
        let value = full
            .get(at + 7..)
            .unwrap_or_default()
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .trim_end_matches(['.', ',']);
        if is_value_token(value) {
            return Some(value.to_string());
        }
    }
    None
}

/// 'The special characters “#”, “&”, “%” and “+” are not permitted here.'
fn forbidden(full: &str) -> Option<String> {
    for sentence in full.split(". ") {
        let lower = sentence.to_lowercase();
        if ![
            "not permitted",
            "not allowed",
            "forbidden",
            "must not contain",
        ]
        .iter()
        .any(|m| lower.contains(m))
        {
            continue;
        }
        let mut chars = String::new();
        for part in sentence.split(['“', '”', '"']).skip(1).step_by(2) {
            let mut it = part.chars();
            if let (Some(c), None) = (it.next(), it.next())
                && c.is_ascii_punctuation()
                && !chars.contains(c)
            {
                chars.push(c);
            }
        }
        if !chars.is_empty() {
            return Some(chars);
        }
    }
    None
}

/// "Example: BookID:10,BookPrice:120".
fn example(full: &str) -> Option<String> {
    let at = full.find("Example: ")?;
    let value = full.get(at + 9..)?.split_whitespace().next()?;
    Some(value.to_string())
}

fn class_with(class: CharClass, letters: bool, digits: bool, specials: bool) -> CharClass {
    let has = |c: CharClass, probe: char| c.admits(probe);
    let l = letters || has(class, 'a');
    let d = digits || has(class, '0');
    let s = specials || has(class, '.');
    match (l, d, s) {
        (true, false, false) => CharClass::from_notation("a"),
        (false, true, false) => CharClass::from_notation("n"),
        (true, true, false) => CharClass::from_notation("an"),
        (true, false, true) => CharClass::from_notation("as"),
        (false, true, true) => CharClass::from_notation("ns"),
        _ => CharClass::from_notation("ans"),
    }
    .unwrap_or(class)
}

/// Widens the class where the row's own statements need characters the printed class lacks:
/// listed values, an example, forbidden special characters (which imply the others are
/// allowed), a URL. The table's format is kept as `table_format`.
fn widen(r: &mut Reading, full: &str) {
    let Ok(Format::Chars { class, length }) = Format::parse(&r.format) else {
        return;
    };
    let mut texts: Vec<(&str, String)> = r.values.iter().map(|v| ("value", v.clone())).collect();
    if let Some(f) = &r.fixed {
        texts.push(("fixed value", f.clone()));
    }
    if let Some(e) = &r.example {
        texts.push(("example", e.clone()));
    }
    let mut why = Vec::new();
    let (mut letters, mut digits, mut specials) = (false, false, false);
    for (what, text) in &texts {
        if text.chars().all(|c| class.admits(c)) {
            continue;
        }
        letters |= text.chars().any(|c| c.is_ascii_alphabetic());
        digits |= text.chars().any(|c| c.is_ascii_digit());
        specials |= text.chars().any(|c| c.is_ascii_punctuation() || c == ' ');
        why.push(format!("its {what} `{text}`"));
    }
    if r.forbidden.is_some() && !class.admits('.') {
        specials = true;
        why.push("the description forbids some special characters, so it allows the others".into());
    }
    let lower = full.to_lowercase();
    let names_url = lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| w == "url");
    if names_url && !class.admits('/') {
        specials = true;
        why.push("the description names a URL, which needs `:` and `/`".into());
    }
    if why.is_empty() {
        return;
    }
    let wider = class_with(class, letters, digits, specials);
    if wider == class {
        return;
    }
    let printed = r.table_format.clone().unwrap_or_else(|| r.format.clone());
    let widened = Format::Chars {
        class: wider,
        length,
    }
    .notation();
    r.reviews.push(format!(
        "the table prints `{printed}`, but {}: widened to `{widened}`",
        why.join(", and ")
    ));
    r.table_format = Some(printed);
    r.format = widened;
}

/// The condition of a C row: "Mandatory in case of W2A", "Not with Channel=INAPP", "Only with
/// Channel=APP", "Exists only with no error".
fn condition(
    r: &mut Reading,
    full: &str,
    facts: &PageFacts,
    values_of: &dyn Fn(&str) -> Option<Vec<String>>,
    request_values_of: &dyn Fn(&str) -> Option<Vec<String>>,
    fields_here: &[String],
) {
    let lower = full.to_lowercase();
    for marker in [
        "mandatory in case of ",
        "mandatory if ",
        "mandatory for ",
        "required if ",
        "required in case of ",
    ] {
        let Some(at) = lower.find(marker) else {
            continue;
        };
        let value = full
            .get(at + marker.len()..)
            .unwrap_or_default()
            .split([' ', '.', ',', ';', ':'])
            .next()
            .unwrap_or_default();
        let owner = fields_here
            .iter()
            .find(|f| values_of(f).is_some_and(|vs| vs.iter().any(|v| v == value)));
        if let Some(owner) = owner {
            r.required_when = Some(format!("{owner} == '{value}'"));
            return;
        }
    }
    for (marker, op) in [("not with ", "=="), ("only with ", "!=")] {
        let Some(at) = lower.find(marker) else {
            continue;
        };
        let assignment = full
            .get(at + marker.len()..)
            .unwrap_or_default()
            .split([' ', ':', ',', ';'])
            .next()
            .unwrap_or_default()
            .trim_end_matches('.');
        let Some((field, value)) = assignment.split_once('=') else {
            continue;
        };
        let (path, known) = if fields_here.iter().any(|f| f == field) {
            (field.to_string(), values_of(field))
        } else {
            (format!("request.{field}"), request_values_of(field))
        };
        let Some(known) = known else { continue };
        if known.iter().any(|v| v == value) {
            r.absent_when = Some(format!("{path} {op} '{value}'"));
            return;
        }
        let alias = facts
            .aliases
            .iter()
            .find(|(a, f, v)| a == value && f == field && known.contains(v));
        if let Some((alias, _, real)) = alias {
            r.absent_when = Some(format!("{path} {op} '{real}'"));
            r.reviews.push(format!(
                "the row says {field}={alias}; the page calls {alias} the requests with {field}={real}, so the condition names {real}"
            ));
            return;
        }
    }
    if (lower.contains("only with no error") || lower.contains("only if no error"))
        && let Some((code_field, success)) = &facts.success_code
        && let Some(field) = fields_here
            .iter()
            .find(|f| f.eq_ignore_ascii_case(code_field))
    {
        r.absent_when = Some(format!("{field} != '{success}'"));
        r.reviews.push(format!(
            "\"no error\" read as {field} {success}, the one result the page calls successful"
        ));
        return;
    }
    r.reviews.push(format!(
        "the table says C but the condition could not be read from \"{}\": stated as O until a person writes required_when/absent_when",
        crate::diff::one_line(full, 100)
    ));
    r.presence = "O".into();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_string).collect()
    }

    #[test]
    fn reads_value_lists() {
        assert_eq!(
            values(&lines(
                "WeChat payment method:\nQRCode: QR code.\nW2A: web to app.\nJSAPI:"
            )),
            ["QRCode", "W2A", "JSAPI"]
        );
        assert_eq!(
            values(&lines(
                "Mandatory in case of W2A. Applied platform, options values: IOS/Android/WAP."
            )),
            ["IOS", "Android", "WAP"]
        );
        assert_eq!(
            values(&lines(
                "Three digits. For domestic merchants only CNY is permissible. For cross-border merchants only GBP, HKD is permissible. See here"
            )),
            ["CNY", "GBP", "HKD"]
        );
        assert_eq!(
            values(&lines("OK (URLSuccess) or FAILED (URLFailure)")),
            ["OK", "FAILED"]
        );
        assert!(values(&lines("Currency, e.g. EUR, USD, GBP.")).is_empty());
        assert!(values(&lines("Time limit or not.")).is_empty());
    }

    #[test]
    fn reads_fixed_forbidden_and_widens() {
        let none = |_: &str| None;
        let row = RowText {
            name: "OrderDesc",
            format: Some("an..128"),
            presence: Some("M"),
            description: &lines(
                "Goods. The special characters “#”, “&”, “%” and “+” are not permitted here.",
            ),
        };
        let r = read_row(&row, &PageFacts::default(), &none, &none, &[]);
        assert_eq!(r.forbidden.as_deref(), Some("#&%+"));
        assert_eq!(
            (r.format.as_str(), r.table_format.as_deref()),
            ("ans..128", Some("an..128"))
        );
        assert_eq!(r.reviews.len(), 1);
        let row = RowText {
            name: "Response",
            format: Some("a7"),
            presence: Some("O"),
            description: &lines("For this purpose, transmit Response=encrypt parameter."),
        };
        let r = read_row(&row, &PageFacts::default(), &none, &none, &[]);
        assert_eq!(r.fixed.as_deref(), Some("encrypt"));
        assert!(r.reviews.is_empty() && r.table_format.is_none());
    }

    #[test]
    fn reads_conditions_or_leaves_them_for_review() {
        let channel =
            |f: &str| (f == "Channel").then(|| vec!["W2A".to_string(), "APP".to_string()]);
        let here = ["Channel".to_string(), "ShopName".to_string()];
        let row = RowText {
            name: "ShopName",
            format: Some("an..120"),
            presence: Some("C"),
            description: &lines("Mandatory in case of W2A. Name."),
        };
        let r = read_row(&row, &PageFacts::default(), &channel, &channel, &here);
        assert_eq!(r.required_when.as_deref(), Some("Channel == 'W2A'"));
        assert!(r.reviews.is_empty());

        let facts = PageFacts::read(
            ["Notice: For INAPP requests (Channel=APP) the interface is called."].into_iter(),
        );
        let none = |_: &str| None;
        let row = RowText {
            name: "UserData",
            format: Some("ans..1024"),
            presence: Some("C"),
            description: &lines("Not with Channel=INAPP: forwarded."),
        };
        let r = read_row(&row, &facts, &none, &channel, &[]);
        assert_eq!(r.absent_when.as_deref(), Some("request.Channel == 'APP'"));
        assert_eq!(r.reviews.len(), 1);

        let row = RowText {
            name: "X",
            format: Some("an..3"),
            presence: Some("C"),
            description: &lines("Sometimes."),
        };
        let r = read_row(&row, &facts, &none, &none, &[]);
        assert_eq!((r.presence.as_str(), r.reviews.len()), ("O", 1));
    }

    #[test]
    fn maps_monext_formats() {
        assert_eq!(
            spec_format("N12"),
            Some(("n..12".into(), Some("N12".into())))
        );
        assert_eq!(
            spec_format("AN50"),
            Some(("ans..50".into(), Some("AN50".into())))
        );
        assert_eq!(spec_format("ans..30"), Some(("ans..30".into(), None)));
        assert_eq!(spec_format("String"), None);
    }
}
