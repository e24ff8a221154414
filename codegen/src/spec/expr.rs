//! The expression language of conditions and cross-field rules (see `specs/README.md`,
//! "Expressions"). Parsed while serde reads a spec; names are resolved later by the checker.

use std::fmt;

/// A dotted reference to a field, by wire names.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FieldPath {
    /// `true` for `request.X` written in a response: the field is in the operation's request.
    pub in_request: bool,
    /// The wire names, outermost first.
    pub segments: Vec<String>,
}

impl FieldPath {
    /// The path as dotted wire names (without the `request.` prefix).
    pub fn dotted(&self) -> String {
        self.segments.join(".")
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.in_request {
            f.write_str("request.")?;
        }
        f.write_str(&self.dotted())
    }
}

/// A literal value in an expression.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Literal {
    /// `'text'` or `"text"`.
    Text(String),
    /// An integer.
    Integer(i64),
}

impl fmt::Display for Literal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Literal::Text(t) => write!(f, "'{t}'"),
            Literal::Integer(i) => write!(f, "{i}"),
        }
    }
}

/// The right-hand side of a comparison.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Operand {
    /// A literal.
    Literal(Literal),
    /// Another field (see [`super::resolve`] for which fields compare).
    Field(FieldPath),
}

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CompareOp {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl CompareOp {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            CompareOp::Eq => "==",
            CompareOp::Ne => "!=",
            CompareOp::Lt => "<",
            CompareOp::Le => "<=",
            CompareOp::Gt => ">",
            CompareOp::Ge => ">=",
        }
    }

    /// Whether the operator orders values (and so needs integers).
    pub fn is_ordering(self) -> bool {
        !matches!(self, CompareOp::Eq | CompareOp::Ne)
    }
}

/// A parsed expression.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Expr {
    /// Any of the parts holds.
    Or(Vec<Expr>),
    /// All of the parts hold.
    And(Vec<Expr>),
    /// The part does not hold.
    Not(Box<Expr>),
    /// `present(path)`.
    Present(FieldPath),
    /// `absent(path)`.
    Absent(FieldPath),
    /// `path op operand`.
    Compare {
        /// Left side.
        field: FieldPath,
        /// Operator.
        op: CompareOp,
        /// Right side.
        operand: Operand,
    },
    /// `path in [..]` or `path not in [..]`.
    In {
        /// The field.
        field: FieldPath,
        /// The listed values.
        values: Vec<Literal>,
        /// `not in`.
        negated: bool,
    },
}

impl Expr {
    /// Every field path the expression names, in reading order.
    pub fn paths(&self) -> Vec<&FieldPath> {
        let mut out = Vec::new();
        self.collect_paths(&mut out);
        out
    }

    fn collect_paths<'a>(&'a self, out: &mut Vec<&'a FieldPath>) {
        match self {
            Expr::Or(parts) | Expr::And(parts) => parts.iter().for_each(|p| p.collect_paths(out)),
            Expr::Not(inner) => inner.collect_paths(out),
            Expr::Present(p) | Expr::Absent(p) => out.push(p),
            Expr::Compare { field, operand, .. } => {
                out.push(field);
                if let Operand::Field(other) = operand {
                    out.push(other);
                }
            }
            Expr::In { field, .. } => out.push(field),
        }
    }
}

/// An expression together with the text it was parsed from (kept for docs and reports).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Condition {
    /// The source text, trimmed.
    pub text: String,
    /// The parsed expression.
    pub expr: Expr,
}

impl Condition {
    /// Parses an expression.
    pub fn parse(text: &str) -> Result<Condition, ExprError> {
        let tokens = tokenize(text)?;
        let mut parser = Parser {
            tokens,
            pos: 0,
            depth: 0,
            joins: 0,
        };
        let expr = parser.or()?;
        if let Some(token) = parser.tokens.get(parser.pos) {
            return Err(ExprError::new(
                format!("unexpected `{}` after a complete expression", token.text()),
                "`and`, `or` or the end of the expression",
            ));
        }
        Ok(Condition {
            text: text.trim().to_string(),
            expr,
        })
    }
}

impl<'de> serde::Deserialize<'de> for Condition {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Condition::parse(&s)
            .map_err(|e| serde::de::Error::custom(format!("in expression `{}`: {e}", s.trim())))
    }
}

/// Why an expression did not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{problem}; expected {expected}")]
pub struct ExprError {
    /// What is wrong.
    pub problem: String,
    /// What was expected.
    pub expected: String,
}

impl ExprError {
    fn new(problem: impl Into<String>, expected: impl Into<String>) -> Self {
        ExprError {
            problem: problem.into(),
            expected: expected.into(),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Name(String),
    Text(String),
    Integer(i64),
    Op(CompareOp),
    Open,
    Close,
    OpenBracket,
    CloseBracket,
    Comma,
    Dot,
}

impl Token {
    fn text(&self) -> String {
        match self {
            Token::Name(n) => n.clone(),
            Token::Text(t) => format!("'{t}'"),
            Token::Integer(i) => i.to_string(),
            Token::Op(op) => op.symbol().to_string(),
            Token::Open => "(".into(),
            Token::Close => ")".into(),
            Token::OpenBracket => "[".into(),
            Token::CloseBracket => "]".into(),
            Token::Comma => ",".into(),
            Token::Dot => ".".into(),
        }
    }
}

fn tokenize(text: &str) -> Result<Vec<Token>, ExprError> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let token = match c {
            c if c.is_whitespace() => continue,
            '(' => Token::Open,
            ')' => Token::Close,
            '[' => Token::OpenBracket,
            ']' => Token::CloseBracket,
            ',' => Token::Comma,
            '.' => Token::Dot,
            '\'' | '"' => {
                let mut value = String::new();
                loop {
                    match chars.next() {
                        Some((_, q)) if q == c => break,
                        Some((_, other)) => value.push(other),
                        None => {
                            return Err(ExprError::new(
                                format!("unterminated string starting at offset {start}"),
                                format!("a closing {c}"),
                            ));
                        }
                    }
                }
                Token::Text(value)
            }
            '=' | '!' | '<' | '>' => {
                let next_is_eq = chars.peek().is_some_and(|(_, n)| *n == '=');
                let op = match (c, next_is_eq) {
                    ('=', true) => CompareOp::Eq,
                    ('!', true) => CompareOp::Ne,
                    ('<', true) => CompareOp::Le,
                    ('>', true) => CompareOp::Ge,
                    ('<', false) => CompareOp::Lt,
                    ('>', false) => CompareOp::Gt,
                    _ => {
                        return Err(ExprError::new(
                            format!("`{c}` at offset {start} is not an operator"),
                            "one of == != < <= > >=",
                        ));
                    }
                };
                if next_is_eq {
                    chars.next();
                }
                Token::Op(op)
            }
            c if c.is_ascii_digit() || c == '-' => {
                let mut end = start + c.len_utf8();
                while let Some((i, d)) = chars.peek().copied() {
                    if !d.is_ascii_digit() {
                        break;
                    }
                    end = i + d.len_utf8();
                    chars.next();
                }
                let digits = &text[start..end];
                let value = digits.parse::<i64>().map_err(|_| {
                    ExprError::new(format!("`{digits}` is not a 64-bit integer"), "an integer")
                })?;
                Token::Integer(value)
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                let mut end = start + c.len_utf8();
                while let Some((i, d)) = chars.peek().copied() {
                    if !(d.is_ascii_alphanumeric() || d == '_') {
                        break;
                    }
                    end = i + d.len_utf8();
                    chars.next();
                }
                Token::Name(text[start..end].to_string())
            }
            other => {
                return Err(ExprError::new(
                    format!("unexpected character `{other}` at offset {start}"),
                    "a field name, a quoted string, an integer, an operator or a parenthesis",
                ));
            }
        };
        tokens.push(token);
    }
    if tokens.is_empty() {
        return Err(ExprError::new(
            "empty expression",
            "an expression such as `Channel == 'W2A'`",
        ));
    }
    Ok(tokens)
}

/// Deeper nesting than any real condition needs; the bound keeps recursion off the stack limit.
const MAX_DEPTH: usize = 64;

/// The most terms (comparisons, `present(..)`, `in [..]`) one expression may join with `and`
/// and `or`. The specs' largest has 2; every later stage walks an expression recursively and
/// the generated code chains its terms with `||` and `&&` (a chain of 5,000 overflowed the
/// stack of `cargo xtask regenerate`), so the size is bounded here, where the error has a
/// location.
pub const MAX_TERMS: usize = 32;

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    depth: usize,
    /// `and` and `or` read so far: terms - 1.
    joins: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.pos).cloned();
        self.pos += 1;
        token
    }

    fn keyword(&mut self, word: &str) -> bool {
        if matches!(self.peek(), Some(Token::Name(n)) if n == word) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, want: Token, expected: &str) -> Result<(), ExprError> {
        match self.next() {
            Some(t) if t == want => Ok(()),
            Some(t) => Err(ExprError::new(
                format!("unexpected `{}`", t.text()),
                expected,
            )),
            None => Err(ExprError::new("the expression ends too early", expected)),
        }
    }

    fn or(&mut self) -> Result<Expr, ExprError> {
        let mut parts = vec![self.and()?];
        while self.keyword("or") {
            self.join()?;
            parts.push(self.and()?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Expr::Or(parts)
        })
    }

    fn and(&mut self) -> Result<Expr, ExprError> {
        let mut parts = vec![self.not()?];
        while self.keyword("and") {
            self.join()?;
            parts.push(self.not()?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Expr::And(parts)
        })
    }

    /// Counts one `and` or `or`: one more term.
    fn join(&mut self) -> Result<(), ExprError> {
        self.joins += 1;
        if self.joins >= MAX_TERMS {
            return Err(ExprError::new(
                format!("the expression joins more than {MAX_TERMS} terms"),
                format!(
                    "at most {MAX_TERMS} terms (comparisons, present(..), in [..]) joined by `and` and `or`"
                ),
            ));
        }
        Ok(())
    }

    fn descend(&mut self) -> Result<(), ExprError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(ExprError::new(
                format!("the expression nests deeper than {MAX_DEPTH} levels"),
                "a flatter expression",
            ));
        }
        Ok(())
    }

    fn not(&mut self) -> Result<Expr, ExprError> {
        self.descend()?;
        let result = if self.keyword("not") {
            self.not().map(|e| Expr::Not(Box::new(e)))
        } else {
            self.atom()
        };
        self.depth -= 1;
        result
    }

    fn atom(&mut self) -> Result<Expr, ExprError> {
        match self.peek() {
            Some(Token::Open) => {
                self.pos += 1;
                let inner = self.or()?;
                self.expect(Token::Close, "`)`")?;
                return Ok(inner);
            }
            Some(Token::Name(n)) if (n == "present" || n == "absent") => {
                if matches!(self.tokens.get(self.pos + 1), Some(Token::Open)) {
                    let present = n == "present";
                    self.pos += 2;
                    let path = self.path()?;
                    self.expect(Token::Close, "`)` closing present(...) or absent(...)")?;
                    return Ok(if present {
                        Expr::Present(path)
                    } else {
                        Expr::Absent(path)
                    });
                }
            }
            _ => {}
        }
        let field = self.path()?;
        match self.next() {
            Some(Token::Op(op)) => {
                let operand = match self.next() {
                    Some(Token::Text(t)) => Operand::Literal(Literal::Text(t)),
                    Some(Token::Integer(i)) => Operand::Literal(Literal::Integer(i)),
                    Some(Token::Name(_)) => {
                        self.pos -= 1;
                        Operand::Field(self.path()?)
                    }
                    Some(t) => {
                        return Err(ExprError::new(
                            format!("unexpected `{}` after `{}`", t.text(), op.symbol()),
                            "a quoted string, an integer or a field path",
                        ));
                    }
                    None => {
                        return Err(ExprError::new(
                            format!("the expression ends after `{}`", op.symbol()),
                            "a quoted string, an integer or a field path",
                        ));
                    }
                };
                Ok(Expr::Compare { field, op, operand })
            }
            Some(Token::Name(n)) if n == "in" => Ok(Expr::In {
                field,
                values: self.list()?,
                negated: false,
            }),
            Some(Token::Name(n)) if n == "not" => {
                if !self.keyword("in") {
                    return Err(ExprError::new("`not` after a field path", "`not in [...]`"));
                }
                Ok(Expr::In {
                    field,
                    values: self.list()?,
                    negated: true,
                })
            }
            Some(t) => Err(ExprError::new(
                format!("unexpected `{}` after field `{field}`", t.text()),
                "a comparison (== != < <= > >=), `in [...]` or `not in [...]`",
            )),
            None => Err(ExprError::new(
                format!("field `{field}` is not compared with anything"),
                "a comparison, `in [...]`, or present(...)/absent(...)",
            )),
        }
    }

    fn path(&mut self) -> Result<FieldPath, ExprError> {
        let mut segments = Vec::new();
        loop {
            match self.next() {
                Some(Token::Name(n)) => segments.push(n),
                Some(t) => {
                    return Err(ExprError::new(
                        format!("unexpected `{}`", t.text()),
                        "a field name",
                    ));
                }
                None => {
                    return Err(ExprError::new(
                        "the expression ends too early",
                        "a field name",
                    ));
                }
            }
            if self.peek() == Some(&Token::Dot) {
                self.pos += 1;
            } else {
                break;
            }
        }
        let in_request = matches!(segments.as_slice(), [first, _, ..] if first == "request");
        if in_request {
            segments.remove(0);
        }
        Ok(FieldPath {
            in_request,
            segments,
        })
    }

    fn list(&mut self) -> Result<Vec<Literal>, ExprError> {
        self.expect(Token::OpenBracket, "`[` starting a list of values")?;
        let mut values = Vec::new();
        loop {
            match self.next() {
                Some(Token::Text(t)) => values.push(Literal::Text(t)),
                Some(Token::Integer(i)) => values.push(Literal::Integer(i)),
                Some(Token::CloseBracket) if values.is_empty() => {
                    return Err(ExprError::new("empty list", "at least one value"));
                }
                Some(t) => {
                    return Err(ExprError::new(
                        format!("unexpected `{}` in a list", t.text()),
                        "a quoted string or an integer",
                    ));
                }
                None => return Err(ExprError::new("the list is not closed", "`]`")),
            }
            match self.next() {
                Some(Token::Comma) => continue,
                Some(Token::CloseBracket) => break,
                Some(t) => {
                    return Err(ExprError::new(
                        format!("unexpected `{}` in a list", t.text()),
                        "`,` or `]`",
                    ));
                }
                None => return Err(ExprError::new("the list is not closed", "`]`")),
            }
        }
        Ok(values)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(s: &str) -> FieldPath {
        FieldPath {
            in_request: false,
            segments: s.split('.').map(String::from).collect(),
        }
    }

    #[test]
    fn parses_the_forms_of_the_readme() {
        let c = Condition::parse("Channel == 'W2A'").unwrap();
        assert_eq!(
            c.expr,
            Expr::Compare {
                field: path("Channel"),
                op: CompareOp::Eq,
                operand: Operand::Literal(Literal::Text("W2A".into()))
            }
        );
        let c = Condition::parse("order.amount >= payment.amount").unwrap();
        assert_eq!(
            c.expr,
            Expr::Compare {
                field: path("order.amount"),
                op: CompareOp::Ge,
                operand: Operand::Field(path("payment.amount"))
            }
        );
        let c = Condition::parse("not (a in ['x', \"y\"] or present(b)) and c not in [1]").unwrap();
        assert!(matches!(c.expr, Expr::And(ref parts) if parts.len() == 2));
        assert_eq!(
            c.expr
                .paths()
                .iter()
                .map(|p| p.dotted())
                .collect::<Vec<_>>(),
            ["a", "b", "c"]
        );
        let c = Condition::parse("request.Channel != 'APP'").unwrap();
        assert!(c.expr.paths()[0].in_request);
    }

    #[test]
    fn rejects_malformed_expressions() {
        for (text, needle) in [
            ("", "empty"),
            ("Channel = 'W2A'", "not an operator"),
            ("Channel == ", "ends after"),
            ("Channel == 'W2A", "unterminated"),
            ("Channel", "not compared"),
            ("Channel in []", "empty list"),
            ("(a == 1", "`)`"),
            ("a == 1 b == 2", "after a complete expression"),
            ("a == 1 @", "unexpected character"),
            ("(".repeat(500).as_str(), "deeper than"),
            ("not ".repeat(500).as_str(), "deeper than"),
        ] {
            let err = Condition::parse(text).unwrap_err();
            assert!(err.to_string().contains(needle), "{text:?}: {err}");
        }
    }
}
