//! Hostile input: the importers (ADR Markdown, ADR folders, session JSON) fuzzed with proptest.
//! Whatever they are fed, they never panic, an import is whole or nothing, and whatever they
//! accept obeys the same text limits as typed input. Mutations start from the real fixture
//! files (tests/fixtures/adr) and from a real session export, so they reach deep code.

// Tests unwrap: a failure is the message.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use archdecide_core::exports::session_json::{export_session, import_session};
use archdecide_core::history::verify_history;
use archdecide_core::imports::{ParsedRecord, import_folder, parse_record};
use archdecide_core::scoring::get_scoring;
use archdecide_core::sessions::{NewSession, create_session, get_session, list_sessions};
use archdecide_core::text::{MAX_CONTEXT, MAX_ITEM, MAX_ITEMS, MAX_NAME};
use archdecide_core::{Store, decisions};
use proptest::prelude::*;

/// Iterations per property (the issue asks for the count; `PROPTEST_CASES` overrides).
const RECORD_CASES: u32 = 3000;
const FOLDER_CASES: u32 = 300;
const SESSION_CASES: u32 = 1500;
const ROUND_TRIP_CASES: u32 = 400;

/// The same cases on every run, so CI never meets a case nobody has seen pass;
/// `PROPTEST_RNG_SEED=n` explores others.
fn repeatable(cases: u32) -> ProptestConfig {
    let mut config = ProptestConfig::with_cases(cases);
    if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
        config.rng_seed = proptest::test_runner::RngSeed::Fixed(20_261_202);
    }
    config
}

fn fixture_texts() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/adr");
    let mut texts = Vec::new();
    for dialect in std::fs::read_dir(root).unwrap() {
        for file in std::fs::read_dir(dialect.unwrap().path()).unwrap() {
            let bytes = std::fs::read(file.unwrap().path()).unwrap();
            texts.push(String::from_utf8_lossy(&bytes).into_owned());
        }
    }
    texts.sort();
    texts
}

/// Pieces that mean something to the ADR parser, for building hostile records line by line.
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("---".to_owned()),
        Just("# ".to_owned()),
        Just("# 7. Use Kafka".to_owned()),
        Just("## Status".to_owned()),
        Just("## Context and Problem Statement".to_owned()),
        Just("## Decision Outcome".to_owned()),
        Just("## Decision".to_owned()),
        Just("## Consequences".to_owned()),
        Just("## More Information".to_owned()),
        Just("Chosen option: \"".to_owned()),
        Just("* Good, because".to_owned()),
        Just("* Bad, because ".to_owned()),
        Just("Superseded by [ADR-0009](0009-x.md)".to_owned()),
        Just("Supersedes [99999999999](x.md)".to_owned()),
        Just("status: accepted".to_owned()),
        Just("date: 2026-13-45".to_owned()),
        Just("deciders: a, , b,,".to_owned()),
        Just("- Status: superseded by [ADR-0001".to_owned()),
        Just("## Decision Drivers".to_owned()),
        Just("* **Latency: p99** (must-have), weight 40.0%: under 200 ms".to_owned()),
        Just("## Considered Options".to_owned()),
        Just("## Pros and Cons of the Options".to_owned()),
        Just("### Serverless".to_owned()),
        Just("* Neutral, because the workshop gave it 50.0 of 100 (rank 1 of 2)".to_owned()),
        Just("The options considered were:".to_owned()),
        Just("* Kafka (72.0 of 100 in the workshop)".to_owned()),
        Just("We will use Kafka, because".to_owned()),
        Just("Confirmation: ".to_owned()),
        Just("Record ADR-0001 of ArchDecide session `0190d0f0-0000-7000-8000-000000000000`.".to_owned()),
        Just("Review this decision by 2027-02-30.".to_owned()),
        Just("<!-- a comment".to_owned()),
        Just("```".to_owned()),
        Just("decision-makers: [\"a\\\", 'b'' c', [d], \"\\u12\"".to_owned()),
        Just("  - \"".to_owned()),
        Just("[docs](https://example.com) <https://x.y> **bold `code`** \\# \\\"".to_owned()),
        Just("<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1))".to_owned()),
        Just("x".repeat(MAX_NAME + 1)),
        Just("y\n".repeat(MAX_ITEMS + 5)),
        "\\PC{0,40}",
        "[\\x00-\\x1f\\x7f\u{202e}\u{feff}]{1,4}",
        any::<String>(),
    ]
}

fn hostile_record() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        prop::collection::vec(line(), 0..40).prop_map(|lines| lines.join("\n")),
        prop::collection::vec(line(), 0..40).prop_map(|lines| lines.join("\r\n")),
        (prop::sample::select(fixture_texts()), prop::collection::vec((any::<usize>(), 0usize..3, line()), 1..8))
            .prop_map(|(text, edits)| mutate(&text, &edits)),
    ]
}

/// Applies edits at random character positions: insert, delete a stretch, or replace one.
fn mutate(text: &str, edits: &[(usize, usize, String)]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for (at, kind, piece) in edits {
        let at = if chars.is_empty() { 0 } else { at % chars.len() };
        match kind {
            0 => {
                chars.splice(at..at, piece.chars());
            }
            1 => {
                let end = (at + piece.len().max(1) * 7).min(chars.len());
                chars.drain(at..end);
            }
            _ => {
                let end = (at + piece.chars().count()).min(chars.len());
                chars.splice(at..end, piece.chars());
            }
        }
    }
    chars.into_iter().collect()
}

fn one_line_ok(text: &str, max: usize) -> bool {
    text.chars().count() <= max && !text.chars().any(char::is_control)
}

fn multi_line_ok(text: &str, max: usize) -> bool {
    text.chars().count() <= max && !text.chars().any(|c| c.is_control() && c != '\n' && c != '\t')
}

fn check_parsed(record: &ParsedRecord) {
    assert!(!record.title.is_empty() && one_line_ok(&record.title, MAX_NAME));
    assert!(one_line_ok(&record.chosen_option, MAX_NAME));
    for text in [&record.context, &record.rationale, &record.confirmation, &record.summary] {
        assert!(multi_line_ok(text, MAX_CONTEXT));
    }
    for list in [&record.good, &record.bad, &record.triggers] {
        assert!(list.len() <= MAX_ITEMS && list.iter().all(|item| one_line_ok(item, MAX_ITEM)));
    }
    for list in [&record.deciders, &record.consulted, &record.informed] {
        assert!(list.len() <= MAX_ITEMS && list.iter().all(|item| one_line_ok(item, MAX_NAME)));
    }
    assert!(record.options.len() <= MAX_ITEMS && record.drivers.len() <= MAX_ITEMS);
    for option in &record.options {
        assert!(!option.name.is_empty() && one_line_ok(&option.name, MAX_NAME));
        assert!(multi_line_ok(&option.definition, MAX_CONTEXT));
        for list in [&option.pros, &option.cons] {
            assert!(list.len() <= MAX_ITEMS && list.iter().all(|item| one_line_ok(item, MAX_ITEM)));
        }
    }
    for driver in &record.drivers {
        assert!(!driver.title.is_empty() && one_line_ok(&driver.title, MAX_NAME));
        assert!(one_line_ok(&driver.description, MAX_ITEM));
    }
}

/// Counts that an import changes: sessions and decision records.
fn counts(store: &Store) -> (usize, usize) {
    let sessions = list_sessions(store).unwrap();
    let records = sessions.iter().filter(|s| decisions::get_decision(store, s.id).unwrap().is_some()).count();
    (sessions.len(), records)
}

proptest! {
    #![proptest_config(repeatable(RECORD_CASES))]

    #[test]
    fn parsing_any_record_never_panics_and_keeps_the_limits(text in hostile_record(), number in 0u32..10_000) {
        if let Ok(record) = parse_record(&format!("{number:04}-fuzz.md"), &text) {
            check_parsed(&record);
        }
    }
}

/// A file in a folder to import: its name (ADR-like or not) and its bytes.
fn folder_file() -> impl Strategy<Value = (String, Vec<u8>)> {
    let name = prop_oneof![
        (1u32..6).prop_map(|n| format!("{n:04}-record.md")),
        (1u32..6).prop_map(|n| format!("{n:04}-other-{n}.md")),
        Just("README.md".to_owned()),
        Just("0001-..md".to_owned()),
        Just("9999999999-overflow.md".to_owned()),
    ];
    let bytes = prop_oneof![hostile_record().prop_map(String::into_bytes), prop::collection::vec(any::<u8>(), 0..600),];
    (name, bytes)
}

proptest! {
    #![proptest_config(repeatable(FOLDER_CASES))]

    #[test]
    fn importing_any_folder_is_whole_or_nothing(files in prop::collection::vec(folder_file(), 1..7), already in any::<bool>()) {
        let dir = tempfile::tempdir().unwrap();
        let mut written = std::collections::BTreeSet::new();
        for (name, bytes) in &files {
            std::fs::write(dir.path().join(name), bytes).unwrap();
            written.insert(name.clone());
        }
        // `log check` reads the same folder: it never panics, and every problem names a file
        // of the folder and a line inside it.
        let check = archdecide_core::decision_log::check::check_log(dir.path()).unwrap();
        for problem in &check.problems {
            prop_assert!(written.contains(&problem.file), "{}", problem);
            let lines = std::fs::read(dir.path().join(&problem.file)).map(|b| b.split(|c| *c == b'\n').count()).unwrap_or(1);
            prop_assert!(problem.line >= 1 && problem.line as usize <= lines.max(1), "{}", problem);
        }
        let mut store = Store::open_in_memory().unwrap();
        if already {
            // A record numbered 1 already here: imports of number 1 must be skipped.
            let session = create_session(&mut store, NewSession { title: "Existing".into(), ..NewSession::default() }).unwrap();
            let option = archdecide_core::options::add_catalog_option(&mut store, session.session.id, "monolithic").unwrap();
            let decision = decisions::choose_option(&mut store, session.session.id, option.options[0].id).unwrap();
            decisions::set_decision_status(&mut store, decision.id, decisions::DecisionStatus::Accepted, false).unwrap();
        }
        let before = counts(&store);
        match import_folder(&mut store, dir.path()) {
            Ok(report) => {
                let adr_files = written.iter().filter(|n| archdecide_core::imports::is_adr_file_name(n)).count();
                prop_assert_eq!(report.imported.len() + report.skipped.len(), adr_files);
                prop_assert_eq!(counts(&store), (before.0 + report.imported.len(), before.1 + report.imported.len()));
                let mut numbers = std::collections::BTreeSet::new();
                for imported in &report.imported {
                    let detail = get_session(&store, imported.session_id).unwrap();
                    prop_assert!(one_line_ok(&detail.session.title, MAX_NAME));
                    let record = decisions::get_decision(&store, imported.session_id).unwrap().unwrap();
                    if let Some(n) = record.number {
                        prop_assert!(numbers.insert(n), "number {} given twice", n);
                        prop_assert!(!(already && n == 1), "number 1 was already used");
                    }
                    prop_assert!(verify_history(&store, imported.session_id).unwrap().intact);
                }
            }
            Err(_) => prop_assert_eq!(counts(&store), before, "a failed import stored something"),
        }
    }
}

/// A real export: one session with people, drivers, options, scores and an accepted record.
fn exported() -> (String, serde_json::Value) {
    let mut store = Store::open_in_memory().unwrap();
    let session = create_session(
        &mut store,
        NewSession { title: "Checkout platform".into(), context: Some("Kafka".into()), ..NewSession::default() },
    )
    .unwrap()
    .session
    .id;
    archdecide_core::stakeholders::add_stakeholder(
        &mut store,
        session,
        archdecide_core::stakeholders::NewStakeholder::named("Ana"),
    )
    .unwrap();
    archdecide_core::drivers::add_template_driver(&mut store, session, "scalability").unwrap();
    archdecide_core::drivers::add_template_driver(&mut store, session, "security").unwrap();
    archdecide_core::options::add_catalog_option(&mut store, session, "monolithic").unwrap();
    let detail = archdecide_core::options::add_catalog_option(&mut store, session, "serverless").unwrap();
    for (i, option) in detail.options.iter().enumerate() {
        for driver in &detail.drivers {
            let cell = archdecide_core::scoring::ScoreCell {
                stakeholder_id: detail.stakeholders[0].id,
                driver_id: driver.id,
                option_id: option.id,
            };
            let edit = archdecide_core::scoring::ScoreEdit::Value(Some(2 + i as u8));
            archdecide_core::scoring::set_score(&mut store, session, cell, edit).unwrap();
        }
    }
    let decision = decisions::choose_option(&mut store, session, detail.options[1].id).unwrap();
    decisions::set_decision_status(&mut store, decision.id, decisions::DecisionStatus::Accepted, false).unwrap();
    let json = export_session(&store, session).unwrap();
    let value = serde_json::from_str(&json).unwrap();
    (json, value)
}

/// Every place in a JSON document, as a JSON pointer.
fn pointers(value: &serde_json::Value, at: String, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, child) in map {
                pointers(child, format!("{at}/{}", key.replace('~', "~0").replace('/', "~1")), out);
            }
        }
        serde_json::Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                pointers(child, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

fn hostile_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::{Value, json};
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_filter("JSON numbers are finite", |f| f.is_finite()).prop_map(|f| json!(f)),
        Just(json!(-1)),
        Just(json!(6)),
        Just(json!(1e308)),
        line().prop_map(Value::String),
        Just(json!("00000000-0000-0000-0000-000000000000")),
        Just(json!([])),
        Just(json!({})),
        Just(json!("x".repeat(MAX_CONTEXT + 1))),
    ]
}

#[derive(Debug, Clone)]
enum JsonEdit {
    Set(usize, serde_json::Value),
    /// Replaces a string with another string or a number with another number, so the file
    /// still has the right shape and reaches the checks behind the parser.
    Keep(usize, String, f64),
    Remove(usize),
    /// Copies one place over another (duplicate ids, references to the wrong kind of thing).
    Copy(usize, usize),
}

fn json_edit() -> impl Strategy<Value = JsonEdit> {
    let number =
        prop_oneof![Just(-1.0), Just(0.0), Just(5.5), Just(1e9), -10.0..10.0f64, (0u8..12).prop_map(f64::from)];
    prop_oneof![
        1 => (any::<usize>(), hostile_value()).prop_map(|(at, v)| JsonEdit::Set(at, v)),
        4 => (any::<usize>(), line(), number).prop_map(|(at, text, n)| JsonEdit::Keep(at, text, n)),
        1 => any::<usize>().prop_map(JsonEdit::Remove),
        2 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| JsonEdit::Copy(a, b)),
    ]
}

fn apply(document: &mut serde_json::Value, edit: &JsonEdit) {
    let mut all = Vec::new();
    pointers(document, String::new(), &mut all);
    let pick = |i: usize| all[i % all.len()].clone();
    match edit {
        JsonEdit::Set(at, value) => {
            if let Some(place) = document.pointer_mut(&pick(*at)) {
                *place = value.clone();
            }
        }
        JsonEdit::Keep(at, text, number) => match document.pointer_mut(&pick(*at)) {
            Some(place @ serde_json::Value::String(_)) => *place = serde_json::Value::String(text.clone()),
            Some(place @ serde_json::Value::Number(_)) => {
                *place = if number.fract() == 0.0 && (place.is_i64() || place.is_u64()) {
                    serde_json::json!(*number as i64)
                } else {
                    serde_json::json!(number)
                }
            }
            _ => {}
        },
        JsonEdit::Remove(at) => {
            let pointer = pick(*at);
            if let Some((parent, key)) = pointer.rsplit_once('/') {
                match document.pointer_mut(parent) {
                    Some(serde_json::Value::Object(map)) => {
                        map.remove(&key.replace("~1", "/").replace("~0", "~"));
                    }
                    Some(serde_json::Value::Array(items)) => {
                        if let Some(i) = key.parse::<usize>().ok().filter(|i| *i < items.len()) {
                            items.remove(i);
                        }
                    }
                    _ => {}
                }
            }
        }
        JsonEdit::Copy(from, to) => {
            let value = document.pointer(&pick(*from)).cloned();
            if let (Some(value), Some(place)) = (value, document.pointer_mut(&pick(*to))) {
                *place = value;
            }
        }
    }
}

fn hostile_session_file() -> impl Strategy<Value = String> {
    let (json, value) = exported();
    prop_oneof![
        1 => any::<String>(),
        1 => (Just(json), prop::collection::vec((any::<usize>(), 0usize..3, line()), 1..6))
            .prop_map(|(text, edits)| mutate(&text, &edits)),
        6 => (Just(value), prop::collection::vec(json_edit(), 1..6)).prop_map(|(mut document, edits)| {
            for edit in &edits {
                apply(&mut document, edit);
            }
            document.to_string()
        }),
    ]
}

proptest! {
    #![proptest_config(repeatable(SESSION_CASES))]

    #[test]
    fn importing_any_session_file_is_whole_or_nothing(json in hostile_session_file()) {
        let mut store = Store::open_in_memory().unwrap();
        let before = counts(&store);
        match import_session(&mut store, &json) {
            Ok(session) => {
                prop_assert_eq!(counts(&store).0, before.0 + 1);
                let detail = get_session(&store, session).unwrap();
                prop_assert!(one_line_ok(&detail.session.title, MAX_NAME));
                prop_assert!(multi_line_ok(&detail.session.context, MAX_CONTEXT));
                for s in &detail.stakeholders {
                    prop_assert!(one_line_ok(&s.name, MAX_NAME));
                    prop_assert!(s.influence.is_finite() && s.influence > 0.0);
                }
                // The imported evidence analyses without panicking, and every number is sane.
                let scoring = get_scoring(&store, session, None).unwrap();
                prop_assert!(scoring.scores.iter().all(|s| s.value <= 5));
                if let Some(analysis) = scoring.analysis {
                    prop_assert!(analysis.weights.iter().all(|w| w.weight.is_finite()));
                }
                if let Some(record) = decisions::get_decision(&store, session).unwrap() {
                    prop_assert!(one_line_ok(&record.title, MAX_NAME));
                }
                prop_assert!(verify_history(&store, session).unwrap().intact);
            }
            Err(_) => prop_assert_eq!(counts(&store), before, "a failed import stored something"),
        }
    }
}

/// Text a team might type: Markdown's special characters, quotes, Unicode, links, list and
/// heading markers at line starts, long runs.
fn typed_text(max_pieces: usize, lines: bool) -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => "[a-zA-Z0-9 ]{1,12}",
        3 => "[\\[\\]#*_`<>|~\"'&;:!(){}=+.,/\\\\-]{1,3}",
        2 => "[éßωЖ日本😀\u{a0}\u{2028}]{1,3}",
        1 => Just("1. ".to_owned()),
        1 => Just("- ".to_owned()),
        1 => Just("# ".to_owned()),
        1 => Just("> ".to_owned()),
        1 => Just("&amp;".to_owned()),
        1 => Just("<https://example.com/a_b*c>".to_owned()),
        1 => Just("[docs](https://example.com)".to_owned()),
        1 => Just("x".repeat(300)),
    ];
    let breaks =
        if lines { prop_oneof![Just(""), Just("\n"), Just("\n\n"), Just("  \n  ")].boxed() } else { Just("").boxed() };
    prop::collection::vec((piece, breaks), 1..max_pieces)
        .prop_map(|parts| parts.into_iter().map(|(p, b)| format!("{p}{b}")).collect())
}

fn one_line_text(max: usize) -> impl Strategy<Value = String> {
    typed_text(8, false).prop_map(move |t| t.trim().chars().take(max).collect::<String>())
}

fn items() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(one_line_text(MAX_ITEM), 0..4)
}

/// What a generated record is made of, entered through the same calls the window makes.
#[derive(Debug, Clone)]
struct TypedRecord {
    title: String,
    context: String,
    options: Vec<(String, String, Vec<String>, Vec<String>)>,
    drivers: Vec<(String, String, bool)>,
    chosen: usize,
    rationale: String,
    good: Vec<String>,
    bad: Vec<String>,
    confirmation: String,
    triggers: Vec<String>,
    people: Vec<String>,
    accept: bool,
    use_cases: Vec<String>,
    use_case_notes: String,
    reversibility: Option<archdecide_core::sessions::Reversibility>,
}

fn typed_record() -> impl Strategy<Value = TypedRecord> {
    let option = (one_line_text(MAX_NAME), typed_text(6, true), items(), items());
    let driver = (one_line_text(MAX_NAME), one_line_text(MAX_ITEM), any::<bool>());
    (
        (one_line_text(MAX_NAME), typed_text(12, true), prop::collection::vec(option, 1..4)),
        (prop::collection::vec(driver, 0..3), any::<prop::sample::Index>(), typed_text(12, true)),
        (items(), items(), typed_text(4, true), items()),
        (prop::collection::vec("[a-zA-Zé\"'\\[\\]*_ ]{1,12}", 0..3), any::<bool>()),
        (use_case_keys(), one_line_text(MAX_ITEM), prop::option::of(any::<bool>())),
    )
        .prop_map(
            |(
                (title, context, options),
                (drivers, chosen, rationale),
                (good, bad, confirmation, triggers),
                (people, accept),
                (use_cases, use_case_notes, easy),
            )| {
                use archdecide_core::sessions::Reversibility;
                let reversibility = easy.map(|easy| if easy { Reversibility::Easy } else { Reversibility::Hard });
                let chosen = chosen.index(options.len());
                TypedRecord {
                    title,
                    context,
                    options,
                    drivers,
                    chosen,
                    rationale,
                    good,
                    bad,
                    confirmation,
                    triggers,
                    people,
                    accept,
                    use_cases,
                    use_case_notes,
                    reversibility,
                }
            },
        )
}

/// Some of the catalog's "What are you building?" entries.
fn use_case_keys() -> impl Strategy<Value = Vec<String>> {
    let keys: Vec<String> = archdecide_core::catalog::get_catalog().all_use_cases().map(|u| u.key.clone()).collect();
    let most = keys.len();
    prop::sample::subsequence(keys, 0..=most)
}

/// The record in a fresh store, or None when the window would refuse the input too
/// (an empty name, two options of the same name).
fn typed_session(record: &TypedRecord) -> Option<(Store, uuid::Uuid)> {
    use archdecide_core::decisions::DecisionEdit;
    let mut store = Store::open_in_memory().unwrap();
    let session = create_session(
        &mut store,
        NewSession {
            title: record.title.clone(),
            context: Some(record.context.clone()),
            reversibility: record.reversibility,
            ..NewSession::default()
        },
    )
    .ok()?
    .session
    .id;
    use archdecide_core::sessions::{SessionEdit, update_session};
    update_session(&mut store, session, SessionEdit::UseCases(record.use_cases.clone())).ok()?;
    update_session(&mut store, session, SessionEdit::UseCaseNotes(record.use_case_notes.clone())).ok()?;
    let mut ids = Vec::new();
    for (name, definition, pros, cons) in &record.options {
        let new = archdecide_core::options::NewOption {
            name: name.clone(),
            definition: Some(definition.clone()),
            pros: Some(pros.clone()),
            cons: Some(cons.clone()),
            use_cases: None,
        };
        ids.push(archdecide_core::options::add_option(&mut store, session, new).ok()?.options.last()?.id);
    }
    for (title, description, must_have) in &record.drivers {
        let new = archdecide_core::drivers::NewDriver {
            title: title.clone(),
            description: Some(description.clone()),
            must_have: Some(*must_have),
            ..Default::default()
        };
        archdecide_core::drivers::add_driver(&mut store, session, new).ok()?;
    }
    let decision = decisions::choose_option(&mut store, session, ids[record.chosen]).ok()?;
    let edits = [
        DecisionEdit::Title(record.title.clone()),
        DecisionEdit::Rationale(record.rationale.clone()),
        DecisionEdit::Good(record.good.clone()),
        DecisionEdit::Bad(record.bad.clone()),
        DecisionEdit::Confirmation(record.confirmation.clone()),
        DecisionEdit::Triggers(record.triggers.clone()),
        DecisionEdit::DecisionMakers(record.people.clone()),
        DecisionEdit::Consulted(record.people.iter().rev().cloned().collect()),
    ];
    for edit in edits {
        decisions::update_decision(&mut store, decision.id, edit).ok()?;
    }
    if record.accept {
        decisions::set_decision_status(&mut store, decision.id, decisions::DecisionStatus::Accepted, false).ok()?;
    }
    Some((store, session))
}

proptest! {
    #![proptest_config(repeatable(ROUND_TRIP_CASES))]

    /// Export → import → export gives the same file, in both Markdown formats: nothing gains
    /// escapes, nothing is read twice, no section appears that was not there.
    #[test]
    fn a_record_survives_export_import_export(record in typed_record()) {
        use archdecide_core::exports::{RecordFormat, render_record};
        let Some((store, session)) = typed_session(&record) else { return Ok(()) };
        for format in [RecordFormat::Madr, RecordFormat::Nygard] {
            let (name, first) = render_record(&store, session, format).unwrap();
            let first = String::from_utf8(first).unwrap();
            let dir = tempfile::tempdir().unwrap();
            // A draft's file has no number; the folder import reads `NNNN-*.md` files.
            let name = name.strip_prefix("draft-").map_or(name.clone(), |rest| format!("0000-{rest}"));
            std::fs::write(dir.path().join(&name), &first).unwrap();
            let mut other = Store::open_in_memory().unwrap();
            let report = import_folder(&mut other, dir.path()).unwrap();
            prop_assert!(report.skipped.is_empty(), "{:?}: {:?}\n{}", format, report.skipped, first);
            prop_assert_eq!(report.imported[0].session_id, session, "the session keeps its id");
            let (_, second) = render_record(&other, session, format).unwrap();
            let second = String::from_utf8(second).unwrap();
            prop_assert_eq!(&first, &second, "{:?}", format);
        }
    }
}
