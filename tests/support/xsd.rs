//! A checker of the small XML Schema subset the Monext fixtures use (tests/fixtures/xsd/):
//! `xs:schema` with `targetNamespace`, `elementFormDefault="qualified"` and its prefixes
//! declared on the root; top-level `xs:element`s with an inline `xs:complexType`; named
//! `xs:complexType`s; each type an `xs:sequence` of `xs:element name type minOccurs
//! maxOccurs`; `xs:string` leaves.
//!
//! No well-kept pure-Rust XSD validator exists, and `xmllint` is not on every CI machine, so
//! the tests check against this subset: every element's namespace and local name, the order
//! of children, how often each appears, and that a string leaf holds no element. Anything
//! outside the subset in a schema is an error, so a fixture cannot silently mean more than is
//! checked.

use std::collections::BTreeMap;

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

const XS: &str = "http://www.w3.org/2001/XMLSchema";

/// The type of an element.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Type {
    /// `xs:string`: text only.
    String,
    /// A complex type, by (namespace, name).
    Complex(String, String),
}

/// One `xs:element` of a sequence.
#[derive(Clone, Debug)]
struct Particle {
    namespace: String,
    name: String,
    ty: Type,
    min: u32,
    /// `None`: unbounded.
    max: Option<u32>,
}

/// Schemas loaded from text.
#[derive(Debug, Default)]
pub struct Schemas {
    /// (namespace, name) of a complex type -> its sequence.
    types: BTreeMap<(String, String), Vec<Particle>>,
    /// (namespace, name) of a top-level element -> its type.
    elements: BTreeMap<(String, String), Type>,
}

/// One element of an instance document.
#[derive(Debug, Clone)]
pub struct Node {
    pub namespace: String,
    pub name: String,
    pub children: Vec<Node>,
}

fn attr(start: &BytesStart<'_>, name: &str) -> Option<String> {
    start
        .attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| a.value.to_string())
}

fn local(start: &BytesStart<'_>) -> String {
    start.local_name().as_ref().to_owned()
}

fn namespace(resolved: &ResolveResult<'_>) -> String {
    match resolved {
        ResolveResult::Bound(ns) => ns.as_ref().to_owned(),
        _ => String::new(),
    }
}

impl Schemas {
    /// Adds one schema document.
    pub fn load(&mut self, text: &str) -> Result<(), String> {
        let mut reader = NsReader::from_str(text);
        let mut target = String::new();
        let mut prefixes: BTreeMap<String, String> = BTreeMap::new();
        let mut current: Option<(String, String)> = None;
        let mut pending: Option<(String, String)> = None;
        let mut inline = 0usize;
        loop {
            let (resolved, event) = reader.read_resolved_event().map_err(|e| e.to_string())?;
            let start = match event {
                Event::Start(start) | Event::Empty(start) => start,
                Event::End(end) => {
                    if end.local_name().as_ref() == "complexType" {
                        current = None;
                    }
                    continue;
                }
                Event::Eof => return Ok(()),
                _ => continue,
            };
            if namespace(&resolved) != XS {
                return Err("an element outside the XML Schema namespace".into());
            }
            match local(&start).as_str() {
                "schema" => {
                    target = attr(&start, "targetNamespace").ok_or("no targetNamespace")?;
                    if attr(&start, "elementFormDefault").as_deref() != Some("qualified") {
                        return Err("only elementFormDefault=\"qualified\" is checked".into());
                    }
                    for a in start.attributes().flatten() {
                        let key = a.key.as_ref().to_owned();
                        if let Some(prefix) = key.strip_prefix("xmlns:") {
                            prefixes.insert(prefix.to_owned(), a.value.to_string());
                        }
                    }
                }
                "sequence" => {}
                "complexType" => {
                    let key = match attr(&start, "name") {
                        Some(name) => (target.clone(), name),
                        None => {
                            let element = pending
                                .take()
                                .ok_or("an inline type outside a top-level element")?;
                            inline += 1;
                            let key = (target.clone(), format!("#inline{inline}"));
                            self.elements
                                .insert(element, Type::Complex(key.0.clone(), key.1.clone()));
                            key
                        }
                    };
                    self.types.insert(key.clone(), Vec::new());
                    current = Some(key);
                }
                "element" => {
                    let name = attr(&start, "name").ok_or("an element without a name")?;
                    let Some(key) = &current else {
                        if attr(&start, "type").is_some() {
                            return Err("top-level elements take an inline type here".into());
                        }
                        pending = Some((target.clone(), name));
                        continue;
                    };
                    let ty = match attr(&start, "type").ok_or("an element without a type")? {
                        t if t == "xs:string" => Type::String,
                        t => {
                            let (prefix, name) = t.split_once(':').ok_or("an unprefixed type")?;
                            let ns = prefixes.get(prefix).ok_or("an undeclared prefix")?;
                            Type::Complex(ns.clone(), name.to_owned())
                        }
                    };
                    let min = match attr(&start, "minOccurs") {
                        None => 1,
                        Some(v) => v.parse().map_err(|_| "bad minOccurs")?,
                    };
                    let max = match attr(&start, "maxOccurs").as_deref() {
                        None => Some(1),
                        Some("unbounded") => None,
                        Some(v) => Some(v.parse().map_err(|_| "bad maxOccurs")?),
                    };
                    let particle = Particle {
                        namespace: target.clone(),
                        name,
                        ty,
                        min,
                        max,
                    };
                    self.types
                        .get_mut(key)
                        .ok_or("no open type")?
                        .push(particle);
                }
                other => return Err(format!("xs:{other} is outside the checked subset")),
            }
        }
    }

    /// Checks a SOAP envelope: the first element of its `Body` must be a top-level element
    /// of the schemas and conform to its type.
    pub fn check_envelope(&self, xml: &str) -> Result<(), String> {
        let root = parse(xml)?;
        let body = root
            .children
            .iter()
            .find(|c| c.name == "Body")
            .ok_or("no Body")?;
        let request = body.children.first().ok_or("an empty Body")?;
        let key = (request.namespace.clone(), request.name.clone());
        let ty = self
            .elements
            .get(&key)
            .ok_or_else(|| format!("{{{}}}{} is not an element of the schemas", key.0, key.1))?;
        self.check(request, ty, &request.name)
    }

    fn check(&self, node: &Node, ty: &Type, path: &str) -> Result<(), String> {
        let Type::Complex(ns, name) = ty else {
            return match node.children.first() {
                None => Ok(()),
                Some(child) => Err(format!(
                    "{path}: holds the element {} where the schema wants text",
                    child.name
                )),
            };
        };
        let sequence = self
            .types
            .get(&(ns.clone(), name.clone()))
            .ok_or_else(|| format!("{path}: unknown type {name}"))?;
        let mut children = node.children.iter().peekable();
        for particle in sequence {
            let mut count = 0u32;
            while let Some(child) = children.peek() {
                let same = child.namespace == particle.namespace && child.name == particle.name;
                if !same || particle.max.is_some_and(|max| count >= max) {
                    break;
                }
                self.check(child, &particle.ty, &format!("{path}.{}", child.name))?;
                count += 1;
                children.next();
            }
            if count < particle.min {
                return Err(format!(
                    "{path}: {} appears {count} time(s), at least {} wanted",
                    particle.name, particle.min
                ));
            }
        }
        match children.next() {
            None => Ok(()),
            Some(extra) => Err(format!(
                "{path}: unexpected element {{{}}}{} (out of order, repeated too often, or not in the type)",
                extra.namespace, extra.name
            )),
        }
    }
}

/// An instance document as a tree of elements with their namespaces (text dropped).
pub fn parse(xml: &str) -> Result<Node, String> {
    let mut reader = NsReader::from_str(xml);
    let mut stack: Vec<Node> = Vec::new();
    loop {
        let (resolved, event) = reader.read_resolved_event().map_err(|e| e.to_string())?;
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(start) | Event::Empty(start) => {
                let node = Node {
                    namespace: namespace(&resolved),
                    name: local(&start),
                    children: Vec::new(),
                };
                if empty {
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(node),
                        None => return Ok(node),
                    }
                } else {
                    stack.push(node);
                }
            }
            Event::End(_) => {
                let node = stack.pop().ok_or("an end tag without a start")?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(node),
                    None => return Ok(node),
                }
            }
            Event::Eof => return Err("the document ends early".into()),
            _ => {}
        }
    }
}
