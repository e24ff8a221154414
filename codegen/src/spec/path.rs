//! Where a field path of an expression leads: the one walk that the check (over the spec's
//! fields) and the model (over the lowered fields) both use, so that they agree on what a path
//! names. Each reports a failure in its own terms; neither decides the rules itself.
//!
//! The rules:
//! - a path names a field from the top of its list (the request or the response), dotted
//!   through nested objects;
//! - `request.X` in a response starts at the operation's request; in a request, where there is
//!   no other request, it only fits a field literally named `request`;
//! - a path does not go through a list (it cannot name one item of a list); it may end at one.

use super::ast::Field;
use super::expr::FieldPath;

/// A field a path can go through or end at.
pub trait PathNode: Sized {
    /// The wire name a path segment matches.
    fn wire_name(&self) -> &str;
    /// The nested fields (none for a leaf).
    fn children(&self) -> &[Self];
    /// Whether the field is a list.
    fn is_list(&self) -> bool;
}

impl PathNode for Field {
    fn wire_name(&self) -> &str {
        &self.name
    }

    fn children(&self) -> &[Field] {
        self.fields.as_deref().unwrap_or_default()
    }

    fn is_list(&self) -> bool {
        self.list
    }
}

/// Why a path names no field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathError {
    /// No field `segment` where the path looks for it.
    NoField {
        /// The segment not found.
        segment: String,
    },
    /// The path goes through the list `segment`.
    ThroughList {
        /// The list's wire name.
        segment: String,
    },
    /// `request.X` in a request, and no field named `request` leads to `X`.
    RequestPrefixInRequest,
    /// No segment at all.
    Empty,
}

/// The fields `path` goes through, outermost first, ending at the one it names. `own` is the
/// list the expression stands in; `request` the operation's request when `own` is its
/// response.
pub fn walk<'a, N: PathNode>(
    own: &'a [N],
    request: Option<&'a [N]>,
    path: &FieldPath,
) -> Result<Vec<&'a N>, PathError> {
    match (path.in_request, request) {
        (true, Some(request)) => walk_segments(request, &path.segments),
        (true, None) => {
            let mut segments = vec!["request".to_string()];
            segments.extend(path.segments.iter().cloned());
            walk_segments(own, &segments).map_err(|_| PathError::RequestPrefixInRequest)
        }
        (false, _) => walk_segments(own, &path.segments),
    }
}

/// [`walk`] for dotted wire names from the top of `top` (rules' `field`, profiles' fields).
pub fn walk_segments<'a, N: PathNode>(
    top: &'a [N],
    segments: &[impl AsRef<str>],
) -> Result<Vec<&'a N>, PathError> {
    let mut fields = top;
    let mut steps = Vec::with_capacity(segments.len());
    for (depth, segment) in segments.iter().enumerate() {
        let segment = segment.as_ref();
        let Some(node) = fields.iter().find(|f| f.wire_name() == segment) else {
            return Err(PathError::NoField {
                segment: segment.to_string(),
            });
        };
        steps.push(node);
        if depth + 1 < segments.len() && node.is_list() {
            return Err(PathError::ThroughList {
                segment: segment.to_string(),
            });
        }
        fields = node.children();
    }
    if steps.is_empty() {
        Err(PathError::Empty)
    } else {
        Ok(steps)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A field tree without the rest of a spec.
    struct Node(&'static str, bool, Vec<Node>);

    impl PathNode for Node {
        fn wire_name(&self) -> &str {
            self.0
        }
        fn children(&self) -> &[Node] {
            &self.2
        }
        fn is_list(&self) -> bool {
            self.1
        }
    }

    fn path(text: &str, in_request: bool) -> FieldPath {
        FieldPath {
            in_request,
            segments: text.split('.').map(str::to_string).collect(),
        }
    }

    fn names(walked: &[&Node]) -> Vec<&'static str> {
        walked.iter().map(|n| n.0).collect()
    }

    #[test]
    fn paths_go_down_objects_and_may_end_at_a_list() {
        let own = [
            Node("card", false, vec![Node("brand", false, vec![])]),
            Node("items", true, vec![Node("sku", false, vec![])]),
        ];
        let walked = walk(&own, None, &path("card.brand", false)).unwrap();
        assert_eq!(names(&walked), ["card", "brand"]);
        assert_eq!(
            names(&walk(&own, None, &path("items", false)).unwrap()),
            ["items"]
        );
        // Failing cases: no such field, a leaf has no children, a list is not gone through.
        assert_eq!(
            walk(&own, None, &path("card.kind", false)).err(),
            Some(PathError::NoField {
                segment: "kind".into()
            })
        );
        assert_eq!(
            walk(&own, None, &path("card.brand.x", false)).err(),
            Some(PathError::NoField {
                segment: "x".into()
            })
        );
        assert_eq!(
            walk(&own, None, &path("items.sku", false)).err(),
            Some(PathError::ThroughList {
                segment: "items".into()
            })
        );
        let empty: [&str; 0] = [];
        assert_eq!(walk_segments(&own, &empty).err(), Some(PathError::Empty));
    }

    #[test]
    fn request_prefix_starts_at_the_request_from_a_response_only() {
        let request = [Node("Amount", false, vec![])];
        let response = [Node("Amount", false, vec![]), Node("Code", false, vec![])];
        let walked = walk(&response, Some(&request), &path("Amount", true)).unwrap();
        assert!(std::ptr::eq(walked[0], &request[0]), "the request's field");
        // In a request, `request.X` fits only a field literally named `request`.
        assert_eq!(
            walk(&request, None, &path("Amount", true)).err(),
            Some(PathError::RequestPrefixInRequest)
        );
        let odd = [Node("request", false, vec![Node("Amount", false, vec![])])];
        assert_eq!(
            names(&walk(&odd, None, &path("Amount", true)).unwrap()),
            ["request", "Amount"]
        );
    }
}
