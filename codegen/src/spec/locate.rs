//! Maps YAML paths (`operations[0].request.fields[3].name`, serde_yaml's own spelling) to the
//! line and column where they stand, so that checks made after deserialization can point at
//! the offending key. serde_yaml keeps no positions in its values; yaml-rust2's event parser
//! does, and reading the events is cheap next to deserializing.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// Positions of every key and sequence item of one YAML document.
#[derive(Debug, Clone, Default)]
pub struct Locator {
    positions: HashMap<String, (usize, usize)>,
}

impl Locator {
    /// Reads the positions of `text`. Malformed YAML yields an empty locator: serde_yaml reports
    /// the syntax error itself.
    pub fn new(text: &str) -> Locator {
        let mut recorder = Recorder::default();
        let mut parser = Parser::new_from_str(text);
        if parser.load(&mut recorder, false).is_err() {
            return Locator::default();
        }
        Locator {
            positions: recorder.positions,
        }
    }

    /// Line and column (1-based) of the key or item at `path`, or of its nearest located
    /// ancestor, or `(1, 1)`.
    pub fn position(&self, path: &str) -> (usize, usize) {
        let mut path = path;
        loop {
            if let Some(position) = self.positions.get(path) {
                return *position;
            }
            match path.rfind(['.', '[']) {
                Some(cut) => path = &path[..cut],
                None => return (1, 1),
            }
        }
    }
}

enum Container {
    Mapping {
        path: String,
        key: Option<String>,
        keys_seen: usize,
    },
    Sequence {
        path: String,
        index: usize,
    },
}

#[derive(Default)]
struct Recorder {
    stack: Vec<Container>,
    positions: HashMap<String, (usize, usize)>,
}

impl Recorder {
    /// The path of a value starting now, recording its position; and whether it was a key.
    fn enter_value(&mut self, mark: Marker, is_scalar: Option<&str>) -> Option<String> {
        let position = (mark.line().max(1), mark.col() + 1);
        match self.stack.last_mut() {
            None => Some(String::new()),
            Some(Container::Sequence { path, index }) => {
                let item = format!("{path}[{index}]");
                *index += 1;
                self.positions.entry(item.clone()).or_insert(position);
                Some(item)
            }
            Some(Container::Mapping {
                path,
                key,
                keys_seen,
            }) => match key.take() {
                Some(k) => Some(if path.is_empty() {
                    k
                } else {
                    format!("{path}.{k}")
                }),
                None => {
                    // A key: remember where it stands, then wait for its value.
                    let k = is_scalar.unwrap_or("?").to_string();
                    let full = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    self.positions.entry(full).or_insert(position);
                    // The parser marks a block mapping where its first key ends; people look
                    // for an item at its first key.
                    if *keys_seen == 0 && path.ends_with(']') {
                        self.positions.insert(path.clone(), position);
                    }
                    *keys_seen += 1;
                    *key = Some(k);
                    None
                }
            },
        }
    }
}

impl MarkedEventReceiver for Recorder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::Scalar(value, ..) => {
                self.enter_value(mark, Some(&value));
            }
            Event::Alias(_) => {
                self.enter_value(mark, Some("*alias"));
            }
            Event::SequenceStart(..) => {
                let path = self.enter_value(mark, None).unwrap_or_default();
                self.stack.push(Container::Sequence { path, index: 0 });
            }
            Event::MappingStart(..) => {
                let path = self.enter_value(mark, None).unwrap_or_default();
                self.stack.push(Container::Mapping {
                    path,
                    key: None,
                    keys_seen: 0,
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_keys_and_items() {
        let text = "provider: x\noperations:\n  - id: a\n    request:\n      fields:\n        - name: A\n          format: an3\n";
        let locator = Locator::new(text);
        assert_eq!(locator.position("provider"), (1, 1));
        assert_eq!(locator.position("operations[0]"), (3, 5));
        assert_eq!(
            locator.position("operations[0].request.fields[0].format"),
            (7, 11)
        );
        // An unknown child falls back to its nearest ancestor.
        assert_eq!(
            locator.position("operations[0].request.fields[0].format.x"),
            (7, 11)
        );
        assert_eq!(locator.position("nothing"), (1, 1));
    }
}
