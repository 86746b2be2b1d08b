//! Limits and cleaning of user-entered text: every entry point (UI, CLI, import) goes through here.

use crate::{Error, Result};

/// Longest name or title (sessions, stakeholders, drivers, options), in characters.
pub const MAX_NAME: usize = 200;
/// Longest context and problem statement, in characters.
pub const MAX_CONTEXT: usize = 20_000;
/// Longest description or definition, in characters.
pub const MAX_DESCRIPTION: usize = 5_000;
/// Longest single pro, con, use case, in characters.
pub const MAX_ITEM: usize = 1_000;
/// Most items in one list (pros, cons, use cases).
pub const MAX_ITEMS: usize = 50;
/// Longest tag, in characters, and most tags on one session.
pub const MAX_TAG: usize = 40;
pub const MAX_TAGS: usize = 20;

/// "Simplicity — one code base" → "simplicity — one code base" mid-sentence (after "because", "to achieve"); an acronym
/// ("REST …") keeps its capital.
pub fn after_because(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && second.is_lowercase() => {
            first.to_lowercase().chain(text.chars().skip(1)).collect()
        }
        _ => text.to_owned(),
    }
}

/// A required one-line text: trimmed, not empty, no control characters, at most `max` chars.
pub fn required_line(field: &'static str, label: &str, value: &str, max: usize) -> Result<String> {
    let value = optional_line(field, label, value, max)?;
    if value.is_empty() {
        return Err(Error::invalid(field, format!("{label} is required")));
    }
    Ok(value)
}

/// An optional one-line text: trimmed, no control characters, at most `max` chars.
pub fn optional_line(field: &'static str, label: &str, value: &str, max: usize) -> Result<String> {
    let value = value.trim();
    if value.chars().any(char::is_control) {
        return Err(Error::invalid(field, format!("{label} must be one line without control characters")));
    }
    check_length(field, label, value, max)?;
    Ok(value.to_owned())
}

/// A multi-line text: line breaks and tabs kept (CRLF becomes LF), other control characters
/// rejected, trailing whitespace trimmed, at most `max` chars.
pub fn multi_line(field: &'static str, label: &str, value: &str, max: usize) -> Result<String> {
    let value = value.replace("\r\n", "\n");
    let value = value.trim_end();
    if value.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(Error::invalid(field, format!("{label} contains control characters")));
    }
    check_length(field, label, value, max)?;
    Ok(value.to_owned())
}

/// A list of one-line items: each trimmed, empty items dropped, each at most `max_len` chars,
/// at most `max_items` items.
pub fn line_list(
    field: &'static str,
    label: &str,
    items: &[String],
    max_items: usize,
    max_len: usize,
) -> Result<Vec<String>> {
    let mut cleaned = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let item = optional_line(field, &format!("{label} item {}", index + 1), item, max_len)?;
        if !item.is_empty() {
            cleaned.push(item);
        }
    }
    if cleaned.len() > max_items {
        return Err(Error::invalid(field, format!("{label} can hold at most {max_items} items")));
    }
    Ok(cleaned)
}

fn check_length(field: &'static str, label: &str, value: &str, max: usize) -> Result<()> {
    let length = value.chars().count();
    if length > max {
        return Err(Error::invalid(field, format!("{label} is {length} characters long; the limit is {max}")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_line_trims_and_rejects_empty() {
        assert_eq!(required_line("title", "Title", "  Hi  ", 10).unwrap(), "Hi");
        let error = required_line("title", "Title", "   ", 10).unwrap_err();
        assert_eq!(error.code(), "invalid_input");
        assert_eq!(error.field(), Some("title"));
        assert_eq!(error.to_string(), "Title is required");
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        assert!(required_line("t", "T", "ééééé", 5).is_ok());
        let error = required_line("t", "T", "éééééé", 5).unwrap_err();
        assert_eq!(error.to_string(), "T is 6 characters long; the limit is 5");
    }

    #[test]
    fn one_line_rejects_control_characters() {
        assert!(optional_line("t", "T", "a\nb", 10).is_err());
        assert!(optional_line("t", "T", "a\u{7}b", 10).is_err());
    }

    #[test]
    fn multi_line_keeps_breaks_and_rejects_other_controls() {
        assert_eq!(multi_line("c", "C", "a\r\nb\tc  \n", 100).unwrap(), "a\nb\tc");
        assert!(multi_line("c", "C", "a\u{0}b", 100).is_err());
        assert!(multi_line("c", "C", &"x".repeat(101), 100).is_err());
    }

    #[test]
    fn line_list_drops_empty_items_and_limits_count() {
        let items = vec![" a ".to_owned(), "".to_owned(), "b".to_owned()];
        assert_eq!(line_list("p", "Pros", &items, 5, 10).unwrap(), vec!["a", "b"]);
        let many = vec!["x".to_owned(); 6];
        assert!(line_list("p", "Pros", &many, 5, 10).is_err());
        let long = vec!["x".repeat(11)];
        assert_eq!(
            line_list("p", "Pros", &long, 5, 10).unwrap_err().to_string(),
            "Pros item 1 is 11 characters long; the limit is 10"
        );
    }
}
