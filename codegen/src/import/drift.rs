//! Drift (placeholder).
