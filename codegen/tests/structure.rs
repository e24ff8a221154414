//! The generator's shape, checked on its source (issue 11, point 3): no import cycle between
//! sibling modules, and no function longer than `MAX_FN_LINES`.
//!
//! A light scan, not a Rust parser: comments and string literals are blanked, then
//! `crate::`/`super::` paths give the module edges and brace depth gives the function bodies.
//! The generator's code is plain enough for that; a construct it misreads fails loudly (an
//! unbalanced brace) rather than passing silently.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// About 150 lines: a function longer than that does several jobs.
const MAX_FN_LINES: usize = 150;

/// Functions over the limit that are being rewritten elsewhere: the emitters' internals are
/// reworked on their own branch (issue 11, point 4: code tables as static data, compact
/// checks), which removes or splits these. An entry that is no longer over the limit fails the
/// test, so the list only shrinks.
const KNOWN_LONG: [(&str, &str); 2] = [
    ("codegen/src/emit/catalog.rs", "operation_entry"),
    ("codegen/src/emit/outcomes.rs", "outcome_items"),
];

struct Source {
    /// Module path: `["diff", "compare"]` for `src/diff/compare.rs`, `[]` for `src/lib.rs`.
    module: Vec<String>,
    /// Shown in messages.
    display: String,
    /// The text with comments and literals blanked (same length and lines).
    code: String,
}

fn sources() -> Vec<Source> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    collect(&src, &mut files);
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let relative = path.strip_prefix(&src).expect("under src");
            let mut module: Vec<String> = relative
                .with_extension("")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if matches!(module.last().map(String::as_str), Some("mod" | "lib")) {
                module.pop();
            }
            let text = std::fs::read_to_string(&path).expect("read source");
            Source {
                module,
                display: format!("codegen/src/{}", relative.display()),
                code: without_tests(&blank(&text)),
            }
        })
        .collect()
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Replaces comments, string and char literals by spaces, keeping newlines.
fn blank(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let keep = |c: char| if c == '\n' { '\n' } else { ' ' };
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(keep(chars[i]));
                    i += 1;
                }
            }
        } else if c == 'r' && (next == Some('#') || next == Some('"')) && !ident_before(&chars, i) {
            // Raw string: r"..." or r#"..."#.
            let mut j = i + 1;
            let mut hashes = 0;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                if j >= chars.len() {
                    break;
                }
                if chars[j] == '"' && (0..hashes).all(|k| chars.get(j + 1 + k) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            for &skipped in &chars[i..j.min(chars.len())] {
                out.push(keep(skipped));
            }
            i = j;
        } else if c == '"' {
            out.push(' ');
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if i < chars.len() {
                    out.push(keep(chars[i]));
                    i += 1;
                }
            }
            out.push(' ');
            i += 1;
        } else if c == '\'' {
            // A char literal ('x', '\n', '\u{..}'), not a lifetime ('a).
            let end = if next == Some('\\') {
                chars[i + 2..]
                    .iter()
                    .position(|&c| c == '\'')
                    .map(|p| i + 2 + p)
            } else if chars.get(i + 2) == Some(&'\'') {
                Some(i + 2)
            } else {
                None
            };
            match end {
                Some(end) => {
                    for _ in i..=end {
                        out.push(' ');
                    }
                    i = end + 1;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn ident_before(chars: &[char], i: usize) -> bool {
    i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_')
}

/// Drops an inline `#[cfg(test)] mod tests { ... }` (by convention at the end of a file): its
/// `super` is the file itself, and test code may be long.
fn without_tests(code: &str) -> String {
    match code.find("#[cfg(test)]\nmod tests {") {
        Some(at) => code[..at].to_string(),
        None => code.to_string(),
    }
}

/// The module paths a file names through `crate::` and `super::`, absolute.
fn references(source: &Source) -> BTreeSet<Vec<String>> {
    let code = &source.code;
    let mut found = BTreeSet::new();
    let bytes = code.as_bytes();
    let mut i = 0;
    while i < code.len() {
        let rest = &code[i..];
        let starts_word = i == 0
            || !(bytes[i - 1].is_ascii_alphanumeric()
                || bytes[i - 1] == b'_'
                || bytes[i - 1] == b':');
        let (base, len) = if starts_word && rest.starts_with("crate::") {
            (Vec::new(), "crate::".len())
        } else if starts_word && rest.starts_with("super::") {
            // `super` of `x/a.rs` (module `x::a`) and of `x/mod.rs` (module `x`) alike is the
            // module one level up; each further `super::` one more.
            let mut base = source.module.clone();
            base.pop();
            let mut len = "super::".len();
            while code[i + len..].starts_with("super::") {
                base.pop();
                len += "super::".len();
            }
            (base, len)
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
            continue;
        };
        for path in paths_after(&code[i + len..]) {
            let mut full = base.clone();
            full.extend(path);
            found.insert(full);
        }
        i += len;
    }
    found
}

/// The module-ish paths at the start of `text`: `a::b::c` gives `[a, b, c]`; `{a, b::c}` gives
/// `[a]` and `[b, c]`. Only the first level of a brace group is read.
fn paths_after(text: &str) -> Vec<Vec<String>> {
    let text = text.trim_start();
    if let Some(group) = text.strip_prefix('{') {
        let mut depth = 0;
        let mut end = group.len();
        for (at, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => {
                    end = at;
                    break;
                }
                '}' => depth -= 1,
                _ => {}
            }
        }
        let inner = &group[..end];
        let mut items = Vec::new();
        let mut depth = 0;
        let mut start = 0;
        for (at, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    items.push(&inner[start..at]);
                    start = at + 1;
                }
                _ => {}
            }
        }
        items.push(&inner[start..]);
        return items
            .into_iter()
            .flat_map(|item| {
                let item = item.trim();
                if item.starts_with("self") || item.is_empty() {
                    Vec::new()
                } else {
                    paths_after(item)
                }
            })
            .collect();
    }
    let mut path = Vec::new();
    let mut rest = text;
    loop {
        let word: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if word.is_empty() {
            break;
        }
        path.push(word.clone());
        rest = &rest[word.len()..];
        match rest.strip_prefix("::") {
            Some(after) if !after.starts_with('{') => rest = after,
            Some(after) => {
                return paths_after(after)
                    .into_iter()
                    .map(|tail| path.iter().cloned().chain(tail).collect())
                    .collect();
            }
            None => break,
        }
    }
    vec![path]
}

#[test]
fn no_import_cycle_between_sibling_modules() {
    let sources = sources();
    let modules: BTreeSet<Vec<String>> = sources.iter().map(|s| s.module.clone()).collect();
    // parent -> (child -> children it uses), with the file that shows each edge.
    let mut graphs: BTreeMap<Vec<String>, BTreeMap<String, BTreeMap<String, String>>> =
        BTreeMap::new();
    for source in &sources {
        for reference in references(source) {
            let common = source
                .module
                .iter()
                .zip(&reference)
                .take_while(|(a, b)| a == b)
                .count();
            let (Some(from), Some(to)) = (source.module.get(common), reference.get(common)) else {
                continue;
            };
            let parent = source.module[..common].to_vec();
            let mut target = parent.clone();
            target.push(to.clone());
            if !modules.contains(&target) {
                continue; // an item of the parent (a function, a type), not a sibling module
            }
            graphs
                .entry(parent)
                .or_default()
                .entry(from.clone())
                .or_default()
                .entry(to.clone())
                .or_insert_with(|| source.display.clone());
        }
    }
    let mut cycles = Vec::new();
    for (parent, graph) in &graphs {
        for (a, uses) in graph {
            for (b, shown) in uses {
                if let Some(back) = graph.get(b).and_then(|u| u.get(a))
                    && a < b
                {
                    cycles.push(format!(
                        "{}: `{a}` <-> `{b}` ({shown} uses `{b}`, {back} uses `{a}`)",
                        if parent.is_empty() {
                            "crate".to_string()
                        } else {
                            parent.join("::")
                        }
                    ));
                }
            }
        }
        // Longer cycles: a module that reaches itself.
        for start in graph.keys() {
            let mut seen = BTreeSet::new();
            let mut pending: Vec<&String> = graph[start].keys().collect();
            while let Some(next) = pending.pop() {
                if next == start {
                    let cycle = format!("{}: `{start}` reaches itself", parent.join("::"));
                    if !cycles.iter().any(|c| c.contains(&format!("`{start}`"))) {
                        cycles.push(cycle);
                    }
                    break;
                }
                if seen.insert(next.clone())
                    && let Some(uses) = graph.get(next)
                {
                    pending.extend(uses.keys());
                }
            }
        }
    }
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

/// Each function of a blanked source: (name, first line, line count).
fn functions(code: &str) -> Vec<(String, usize, usize)> {
    let lines_before = |at: usize| code[..at].matches('\n').count() + 1;
    let bytes = code.as_bytes();
    let mut found = Vec::new();
    let mut search = 0;
    while let Some(offset) = code[search..].find("fn ") {
        let at = search + offset;
        search = at + 3;
        if at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_') {
            continue;
        }
        let name: String = code[at + 3..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if name.is_empty() {
            continue; // `fn(..)` as a type
        }
        // The body: the first `{` before any `;` (a declaration without body has none).
        let Some(open) = code[at..].find(['{', ';']).map(|o| at + o) else {
            continue;
        };
        if bytes[open] == b';' {
            continue;
        }
        let mut depth = 0usize;
        let mut close = None;
        for (o, c) in code[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        close = Some(open + o);
                        break;
                    }
                }
                _ => {}
            }
        }
        let close = close.unwrap_or_else(|| panic!("unbalanced braces in `fn {name}`"));
        found.push((
            name,
            lines_before(at),
            lines_before(close) - lines_before(at) + 1,
        ));
    }
    found
}

#[test]
fn no_function_is_longer_than_the_limit() {
    let mut long = Vec::new();
    let mut known_seen = Vec::new();
    for source in sources() {
        if source.display.ends_with("/tests.rs") {
            continue; // test modules: long tables of cases are fine
        }
        for (name, line, lines) in functions(&source.code) {
            if lines <= MAX_FN_LINES {
                continue;
            }
            if KNOWN_LONG.contains(&(source.display.as_str(), name.as_str())) {
                known_seen.push((source.display.clone(), name));
                continue;
            }
            long.push(format!(
                "{}:{line}: `fn {name}` is {lines} lines",
                source.display
            ));
        }
    }
    assert!(
        long.is_empty(),
        "functions over {MAX_FN_LINES} lines (split them by job):\n{}",
        long.join("\n")
    );
    for (file, name) in KNOWN_LONG {
        assert!(
            known_seen.iter().any(|(f, n)| f == file && n == name),
            "`fn {name}` of {file} is no longer over {MAX_FN_LINES} lines: remove it from KNOWN_LONG"
        );
    }
}

#[test]
fn the_scanner_sees_cycles_and_lengths() {
    // The scanner itself: paths through `super::` and brace groups are read, comments and
    // strings are not; a long function is measured from its `fn` line to its closing brace.
    let a = Source {
        module: vec!["x".into(), "a".into()],
        display: "a".into(),
        code: blank(
            "use super::b::B;\nuse crate::x::{c, d::E};\n// crate::z\nlet s = \"crate::y\";",
        ),
    };
    let refs = references(&a);
    assert!(
        refs.contains(&vec!["x".to_string(), "b".into(), "B".into()]),
        "{refs:?}"
    );
    assert!(
        refs.contains(&vec!["x".to_string(), "c".into()]),
        "{refs:?}"
    );
    assert!(
        refs.contains(&vec!["x".to_string(), "d".into(), "E".into()]),
        "{refs:?}"
    );
    assert_eq!(
        refs.len(),
        3,
        "comments and strings are not references: {refs:?}"
    );
    let body = format!(
        "fn long() {{\n{}}}\nfn short() {{ '{{'; }}\n",
        "    x();\n".repeat(200)
    );
    let found = functions(&blank(&body));
    assert_eq!(
        found,
        [("long".to_string(), 1, 202), ("short".to_string(), 203, 1)]
    );
}

/// The emitters read the model only: a change of the YAML shape stops at the lowering. The
/// emitters' own tests (`emit/tests.rs`) drive the pipeline from YAML and are exempt.
#[test]
fn emitters_do_not_use_the_spec() {
    let found: Vec<String> = sources()
        .iter()
        .filter(|s| s.module.first().is_some_and(|m| m == "emit"))
        .filter(|s| s.module.last().is_none_or(|m| m != "tests"))
        .flat_map(|s| {
            references(s)
                .into_iter()
                .filter(|r| r.first().is_some_and(|m| m == "spec"))
                .map(move |r| format!("{} uses crate::{}", s.display, r.join("::")))
        })
        .collect();
    assert!(found.is_empty(), "{}", found.join("\n"));
}
