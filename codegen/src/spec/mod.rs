//! Stage 1: reading spec files into their typed shape.

pub mod ast;
pub mod expr;
pub mod load;
pub mod locate;
pub mod path;
pub mod resolve;
pub mod review;

pub use load::{Loaded, LoadedSpec, SpecSet, load_dir, load_files, load_text};
