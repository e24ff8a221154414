//! Shared helpers of the workspace-level tests.

use std::path::PathBuf;

pub mod seed_tables;

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(PathBuf::from)
        .unwrap_or_default()
}
