//! OpenAPI (placeholder).
use super::{ImportError, Imported};
/// Imports an OpenAPI document.
pub fn import_openapi(
    _bytes: &[u8],
    _file: &str,
    _provider: &str,
    _paths: &[String],
) -> Result<Imported, ImportError> {
    Err(ImportError::OpenApi("not yet".into()))
}
