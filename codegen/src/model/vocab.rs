//! The model's own words for what the spec language also names: lowered from the spec's YAML
//! types here, so that the emitters read the model only and a change of the YAML shape stops
//! at the lowering.

use crate::spec::{ast, expr};

/// How an operation travels on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Transport {
    /// `key=value` pairs.
    Form,
    /// A JSON body.
    Json,
    /// A SOAP envelope.
    Soap,
    /// A GET query string.
    Query,
}

impl From<ast::Transport> for Transport {
    fn from(transport: ast::Transport) -> Transport {
        match transport {
            ast::Transport::Form => Transport::Form,
            ast::Transport::Json => Transport::Json,
            ast::Transport::Soap => Transport::Soap,
            ast::Transport::Query => Transport::Query,
        }
    }
}

/// An HTTP method.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HttpMethod {
    /// GET.
    Get,
    /// POST.
    Post,
}

impl From<ast::HttpMethod> for HttpMethod {
    fn from(method: ast::HttpMethod) -> HttpMethod {
        match method {
            ast::HttpMethod::Get => HttpMethod::Get,
            ast::HttpMethod::Post => HttpMethod::Post,
        }
    }
}

/// M, O or C.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Presence {
    /// Mandatory.
    M,
    /// Optional.
    O,
    /// Conditional.
    C,
}

impl Presence {
    /// The letter.
    pub fn as_str(self) -> &'static str {
        match self {
            Presence::M => "M",
            Presence::O => "O",
            Presence::C => "C",
        }
    }
}

impl From<ast::Presence> for Presence {
    fn from(presence: ast::Presence) -> Presence {
        match presence {
            ast::Presence::M => Presence::M,
            ast::Presence::O => Presence::O,
            ast::Presence::C => Presence::C,
        }
    }
}

/// The outcome category of a return code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Outcome {
    /// The payment or action succeeded.
    Success,
    /// The final status follows later.
    Pending,
    /// The shopper or merchant must act (redirect, challenge, 3-D Secure).
    ActionRequired,
    /// Refused by the bank, acquirer or partner.
    Refused,
    /// Cancelled by the shopper, merchant or system.
    Cancelled,
    /// A processing or technical error.
    Error,
    /// Refused or held on suspicion of fraud.
    Fraud,
}

impl Outcome {
    /// The spelling in specs.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Success => "success",
            Outcome::Pending => "pending",
            Outcome::ActionRequired => "action_required",
            Outcome::Refused => "refused",
            Outcome::Cancelled => "cancelled",
            Outcome::Error => "error",
            Outcome::Fraud => "fraud",
        }
    }
}

impl From<ast::Outcome> for Outcome {
    fn from(outcome: ast::Outcome) -> Outcome {
        match outcome {
            ast::Outcome::Success => Outcome::Success,
            ast::Outcome::Pending => Outcome::Pending,
            ast::Outcome::ActionRequired => Outcome::ActionRequired,
            ast::Outcome::Refused => Outcome::Refused,
            ast::Outcome::Cancelled => Outcome::Cancelled,
            ast::Outcome::Error => Outcome::Error,
            ast::Outcome::Fraud => Outcome::Fraud,
        }
    }
}

/// The SOAP names of an operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SoapNames {
    /// Namespace of the operation elements.
    pub namespace: String,
    /// Namespace of the object elements.
    pub objects_namespace: String,
    /// Request element name.
    pub request_element: String,
    /// Response element name.
    pub response_element: String,
}

impl From<&ast::SoapNames> for SoapNames {
    fn from(soap: &ast::SoapNames) -> SoapNames {
        SoapNames {
            namespace: soap.namespace.clone(),
            objects_namespace: soap.objects_namespace.clone(),
            request_element: soap.request_element.clone(),
            response_element: soap.response_element.clone(),
        }
    }
}

/// The URL constraints a document states.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct UrlRule {
    /// Required scheme, e.g. `https`.
    pub scheme: Option<String>,
    /// The only port allowed, e.g. 443.
    pub port: Option<u16>,
    /// `false`: no query string allowed.
    pub query: bool,
}

impl From<&ast::UrlRule> for UrlRule {
    fn from(url: &ast::UrlRule) -> UrlRule {
        UrlRule {
            scheme: url.scheme.clone(),
            port: url.port,
            query: url.query,
        }
    }
}

/// An operation's `outcome`: each object at `scope` of the response has a code made of some of
/// its fields joined by `separator`, looked up in the code table `table`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutcomeSpec {
    /// Dotted path from the response's top to the objects (lists crossed).
    pub scope: String,
    /// Fields of each object (dotted, inside it) whose values, joined, make the code.
    pub code: Vec<String>,
    /// What joins them.
    pub separator: String,
    /// The code table the joined code is looked up in.
    pub table: String,
}

impl From<&ast::OutcomeSpec> for OutcomeSpec {
    fn from(spec: &ast::OutcomeSpec) -> OutcomeSpec {
        OutcomeSpec {
            scope: spec.scope.clone(),
            code: spec.code.clone(),
            separator: spec.separator.clone(),
            table: spec.table.clone(),
        }
    }
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

impl From<expr::CompareOp> for CompareOp {
    fn from(op: expr::CompareOp) -> CompareOp {
        match op {
            expr::CompareOp::Eq => CompareOp::Eq,
            expr::CompareOp::Ne => CompareOp::Ne,
            expr::CompareOp::Lt => CompareOp::Lt,
            expr::CompareOp::Le => CompareOp::Le,
            expr::CompareOp::Gt => CompareOp::Gt,
            expr::CompareOp::Ge => CompareOp::Ge,
        }
    }
}

/// A literal of a condition, in its field's terms (integers for integer fields, text for the
/// others).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Literal {
    /// Text.
    Text(String),
    /// An integer.
    Integer(i64),
}

impl From<expr::Literal> for Literal {
    fn from(literal: expr::Literal) -> Literal {
        match literal {
            expr::Literal::Text(text) => Literal::Text(text),
            expr::Literal::Integer(i) => Literal::Integer(i),
        }
    }
}
