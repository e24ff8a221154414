//! Reading a documentation page into blocks: headings, text lines and tables, each with the
//! line it starts on. Three layouts, as provider pages come: plain text (Markdown headings,
//! tab-separated tables, or a table flattened one cell per line under a header such as
//! `KeyFormatCNDDescription`), HTML, and HTML exported inside a JSON object (`content`).

use super::ImportError;
pub use super::blocks::{Block, Row, Table, clean};

/// Larger pages are refused before reading: no documentation page comes near it.
pub const MAX_PAGE_BYTES: usize = 4 * 1024 * 1024;

/// How the page was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    /// Plain text or Markdown.
    Text,
    /// An HTML document.
    Html,
    /// HTML in the `content` string of a JSON export; lines count within that string.
    JsonHtml,
}

/// A page read into blocks.
#[derive(Debug, Clone)]
pub struct Page {
    /// How it was written.
    pub kind: PageKind,
    /// The blocks in order.
    pub blocks: Vec<Block>,
    /// The title an export states beside the content (a JSON export's `title`).
    pub stated_title: Option<String>,
}

impl Page {
    /// The page's title: its first heading, else its first text line.
    pub fn title(&self) -> Option<&str> {
        if let Some(t) = &self.stated_title {
            return Some(t);
        }
        self.blocks
            .iter()
            .find_map(|b| match b {
                Block::Heading { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .or_else(|| {
                self.blocks.iter().find_map(|b| match b {
                    Block::Text { text, .. } => Some(text.as_str()),
                    _ => None,
                })
            })
    }

    /// The tables in order.
    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
    }
}

/// Reads a page. Errors: too large, not UTF-8, a JSON export without a `content` string.
pub fn read_page(bytes: &[u8]) -> Result<Page, ImportError> {
    if bytes.len() > MAX_PAGE_BYTES {
        return Err(ImportError::Page(format!(
            "the page has {} bytes; expected at most {MAX_PAGE_BYTES}",
            bytes.len()
        )));
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|e| ImportError::Page(format!("the page is not UTF-8 text ({e})")))?;
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') {
        let value: serde_json::Value = serde_json::from_str(trimmed).map_err(|e| {
            ImportError::Page(format!(
                "the page starts like a JSON export but is not JSON ({e})"
            ))
        })?;
        let content = value
            .get("content")
            .and_then(serde_json::Value::as_str)
            .ok_or_else(|| {
                ImportError::Page(
                    "the JSON export has no `content` string; expected the page's HTML in `content`"
                        .into(),
                )
            })?;
        return Ok(Page {
            kind: PageKind::JsonHtml,
            blocks: super::html::read_html(content),
            stated_title: value
                .get("title")
                .and_then(serde_json::Value::as_str)
                .map(clean),
        });
    }
    if looks_like_html(trimmed) {
        return Ok(Page {
            kind: PageKind::Html,
            blocks: super::html::read_html(text),
            stated_title: None,
        });
    }
    Ok(Page {
        kind: PageKind::Text,
        blocks: super::text::read_text(text),
        stated_title: None,
    })
}

fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .chars()
        .take(512)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || ["<table", "<h1", "<h2", "<p>", "<body"]
            .iter()
            .any(|t| head.contains(t))
}
