//! What an event's rows say, in words: "Title: “A” → “B”", names instead of ids, long values
//! shown where they differ, and nothing of a score while a blind round runs.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;
use uuid::Uuid;

use crate::store::history::{RowChange, RowOp};
use crate::{Result, store};

/// What rows say, in words: "Title: “A” → “B”", "Score of “Serverless” on “Security” by
/// Ana: 3 → 4". No score, importance or rationale value appears while a blind round runs.
pub(super) fn describe(conn: &rusqlite::Connection, session_id: Uuid, changes: &[RowChange]) -> Result<String> {
    let blind = store::history::blind_round_open(conn, session_id)?;
    // Names known from the rows themselves (a removed row is gone from the tables).
    let mut names: HashMap<String, String> = HashMap::new();
    for change in changes {
        for row in [&change.old, &change.new].into_iter().flatten() {
            let id = text(row, "id");
            let name = [text(row, "name"), text(row, "title")].into_iter().find(|n| !n.is_empty()).unwrap_or_default();
            if !id.is_empty() && !name.is_empty() {
                names.insert(id, name);
            }
        }
    }
    let name = |table: &str, id: &str| -> String {
        names
            .get(id)
            .cloned()
            .or_else(|| store::history::name_of(conn, table, id).ok().flatten())
            .unwrap_or_else(|| "?".to_owned())
    };
    let mut phrases: Vec<String> = Vec::new();
    let mut bulk: BTreeMap<(String, RowOp), usize> = BTreeMap::new();
    for change in changes {
        *bulk.entry((change.table.clone(), change.op)).or_default() += 1;
    }
    for ((table, op), count) in &bulk {
        if *count > 4 && (table == "scores" || table == "importances") {
            let noun = if table == "scores" { "scores" } else { "importance ratings" };
            phrases.push(format!("{count} {noun} {}", past(*op)));
        }
    }
    for change in changes {
        if bulk.get(&(change.table.clone(), change.op)).is_some_and(|n| *n > 4)
            && (change.table == "scores" || change.table == "importances")
        {
            continue;
        }
        let row = change.new.as_ref().or(change.old.as_ref()).cloned().unwrap_or(Value::Null);
        let phrase = match (change.table.as_str(), change.op) {
            ("sessions", RowOp::Update) => diff(conn, change, &["updated_at"], "Session"),
            ("sessions", RowOp::Insert) => Some(format!("Created the session “{}”", text(&row, "title"))),
            (table @ ("stakeholders" | "drivers" | "options"), op) => {
                let noun = &table[..table.len() - 1];
                let label = name(table, &text(&row, "id"));
                match op {
                    RowOp::Insert => Some(format!("Added {noun} “{label}”")),
                    RowOp::Delete => Some(format!("Removed {noun} “{label}”")),
                    _ if only_position_changed(change) => Some(format!("Moved {noun} “{label}”")),
                    _ => diff(conn, change, &["position"], &format!("{} “{label}”", capitalised(noun))),
                }
            }
            ("importances", _) => {
                let person = name("stakeholders", &text(&row, "stakeholder_id"));
                let driver = name("drivers", &text(&row, "driver_id"));
                Some(if blind {
                    format!("{person} rated an importance (hidden during the blind round)")
                } else {
                    format!(
                        "Importance of “{driver}” for {person}: {} → {}",
                        value(&change.old, "value"),
                        value(&change.new, "value")
                    )
                })
            }
            ("scores", _) => {
                let person = name("stakeholders", &text(&row, "stakeholder_id"));
                let driver = name("drivers", &text(&row, "driver_id"));
                let option = name("options", &text(&row, "option_id"));
                let rationale_changed =
                    change.op == RowOp::Update && value(&change.old, "rationale") != value(&change.new, "rationale");
                Some(if blind {
                    format!("{person} changed a score (hidden during the blind round)")
                } else if rationale_changed {
                    let (before, after) = around_difference(
                        &change.old.as_ref().map(|r| text(r, "rationale")).unwrap_or_default(),
                        &change.new.as_ref().map(|r| text(r, "rationale")).unwrap_or_default(),
                    );
                    format!("Rationale of “{option}” on “{driver}” by {person}: {before} → {after}")
                } else {
                    format!(
                        "Score of “{option}” on “{driver}” by {person}: {} → {}",
                        value(&change.old, "value"),
                        value(&change.new, "value")
                    )
                })
            }
            ("rounds", RowOp::Insert) => Some("Started a blind round".to_owned()),
            ("rounds", RowOp::Update) => Some("Revealed the blind round".to_owned()),
            ("rounds", _) => None,
            ("round_seals", RowOp::Insert) => Some(format!(
                "{} finished scoring; their scores are sealed",
                name("stakeholders", &text(&row, "stakeholder_id"))
            )),
            ("round_seals", _) => None,
            ("decisions", RowOp::Insert) => Some(format!("Drafted the record “{}”", text(&row, "title"))),
            ("decisions", RowOp::Delete) => Some(format!("Removed the record “{}”", text(&row, "title"))),
            ("decisions", _) => diff(conn, change, &["updated_at", "snapshot", "option_id"], "Record"),
            _ => None,
        };
        phrases.extend(phrase);
    }
    let mut summary = if phrases.is_empty() { "Changed".to_owned() } else { phrases.join("; ") };
    if summary.chars().count() > 400 {
        summary = summary.chars().take(399).collect::<String>() + "…";
    }
    Ok(summary)
}

fn past(op: RowOp) -> &'static str {
    match op {
        RowOp::Insert => "added",
        RowOp::Delete => "removed",
        RowOp::Update => "changed",
    }
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

fn text(row: &Value, key: &str) -> String {
    match row.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

fn value(row: &Option<Value>, key: &str) -> String {
    row.as_ref().map(|r| text(r, key)).filter(|v| !v.is_empty()).unwrap_or_else(|| "–".to_owned())
}

/// How much of a long value shows: the stretch where two values differ, with a little of
/// what comes before and after it.
const SHOWN: usize = 60;
const CONTEXT: usize = 16;

/// Two values as a before → after pair shows them: quoted ("–" when empty), and when either is
/// too long to show whole, the part where they differ (with "…" for what is left out), so a
/// changed word deep in a paragraph is seen instead of two identical beginnings.
fn around_difference(before: &str, after: &str) -> (String, String) {
    let show = |s: &str| if s.is_empty() { "–".to_owned() } else { format!("“{s}”") };
    let (b, a): (Vec<char>, Vec<char>) = (before.chars().collect(), after.chars().collect());
    if b.len() <= SHOWN && a.len() <= SHOWN {
        return (show(before), show(after));
    }
    let prefix = b.iter().zip(&a).take_while(|(x, y)| x == y).count();
    let room = b.len().min(a.len()) - prefix;
    let suffix = b.iter().rev().zip(a.iter().rev()).take(room).take_while(|(x, y)| x == y).count();
    let start = prefix.saturating_sub(CONTEXT);
    let excerpt = |chars: &[char]| -> String {
        if chars.is_empty() {
            return "–".to_owned();
        }
        let differing_end = chars.len() - suffix;
        let middle = differing_end - prefix;
        let shown_middle = middle.min(SHOWN - CONTEXT.min(prefix - start) - CONTEXT.min(suffix));
        let mut out: String = chars[start..prefix + shown_middle].iter().collect();
        if shown_middle < middle {
            out.push('…');
        } else {
            let tail_end = (differing_end + CONTEXT).min(chars.len());
            out.extend(&chars[differing_end..tail_end]);
            if tail_end < chars.len() {
                out.push('…');
            }
        }
        let lead = if start > 0 { "…" } else { "" };
        format!("“{lead}{out}”")
    };
    (excerpt(&b), excerpt(&a))
}

fn only_position_changed(change: &RowChange) -> bool {
    let (Some(Value::Object(old)), Some(Value::Object(new))) = (&change.old, &change.new) else { return false };
    old.iter().all(|(k, v)| k == "position" || new.get(k) == Some(v))
}

/// "Label column: “old” → “new”" for each changed column not in `ignore`: ids shown by what
/// they name, lists as lists, long values where they differ.
fn diff(conn: &rusqlite::Connection, change: &RowChange, ignore: &[&str], label: &str) -> Option<String> {
    let (Some(Value::Object(old)), Some(Value::Object(new))) = (&change.old, &change.new) else { return None };
    let parts: Vec<String> = new
        .iter()
        .filter(|(k, v)| !ignore.contains(&k.as_str()) && old.get(*k) != Some(*v))
        .map(|(k, v)| {
            let shown = |value: Option<&Value>| readable(conn, &change.table, k, value.map(plain).unwrap_or_default());
            let (before, after) = (shown(old.get(k)), shown(Some(v)));
            let (before, after) = match (&before, &after) {
                (Readable::Text(b), Readable::Text(a)) => around_difference(b, a),
                _ => (before.shown(), after.shown()),
            };
            format!("{label} {}: {before} → {after}", k.replace('_', " "))
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// A column's value as text: strings as they are, null as nothing, the rest as JSON.
fn plain(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// A value ready to show: text to quote, or a name already in its final form.
enum Readable {
    Text(String),
    Name(String),
}

impl Readable {
    fn shown(&self) -> String {
        match self {
            Self::Text(text) if text.is_empty() => "–".to_owned(),
            Self::Text(text) if text.chars().count() > SHOWN => {
                format!("“{}…”", text.chars().take(SHOWN - 1).collect::<String>())
            }
            Self::Text(text) => format!("“{text}”"),
            Self::Name(name) => name.clone(),
        }
    }
}

/// What a stored value means to a person: a record's number and title for its id, an
/// option's or a session's name for theirs, "ADR-0002" for a number, a list's items.
fn readable(conn: &rusqlite::Connection, table: &str, column: &str, raw: String) -> Readable {
    if raw.is_empty() {
        return Readable::Text(raw);
    }
    let named = |table: &str| store::history::name_of(conn, table, &raw).ok().flatten().map(|n| format!("“{n}”"));
    let name = match (table, column) {
        ("decisions", "supersedes" | "superseded_by") => store::history::record_label(conn, &raw).ok().flatten(),
        ("decisions", "option_id") => named("options"),
        ("sessions", "revisit_of") => named("sessions"),
        ("decisions", "number") => raw.parse().ok().map(|n| crate::decisions::number_label(Some(n))),
        ("drivers", "must_have") => Some(if raw == "1" { "yes" } else { "no" }.to_owned()),
        _ => None,
    };
    if let Some(name) = name {
        return Readable::Name(name);
    }
    match serde_json::from_str::<Vec<String>>(&raw) {
        Ok(items) => Readable::Text(items.join(", ")),
        Err(_) => Readable::Text(raw),
    }
}

#[cfg(test)]
mod tests {
    use super::around_difference;

    #[test]
    fn long_values_are_cut_around_where_they_differ() {
        let pair = |a: &str, b: &str| around_difference(a, b);
        assert_eq!(pair("Old", ""), ("“Old”".to_owned(), "–".to_owned()));
        let long = "x".repeat(70);
        // Text added at the end: the end shows, with what came just before it.
        assert_eq!(
            pair(&long, &format!("{long} and more")),
            (format!("“…{}”", "x".repeat(16)), format!("“…{} and more”", "x".repeat(16)))
        );
        // A word changed at the start of a long text: the start shows, the rest is cut.
        let (before, after) = pair(&format!("Cats {long}"), &format!("Dogs {long}"));
        assert_eq!((before.as_str(), after.as_str()), ("“Cats xxxxxxxxxxxxxx…”", "“Dogs xxxxxxxxxxxxxx…”"));
        // A long replacement is cut too, never the whole paragraph.
        let (_, after) = pair(&long, &"y".repeat(200));
        assert!(after.chars().count() < 70, "{after}");
    }
}
