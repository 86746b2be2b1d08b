//! Tests of the record exports: MADR and Nygard snapshots, hostile text, the session JSON
//! round trip, the decision log.

use super::*;
use crate::decisions::tests::decided_workshop;
use crate::decisions::{DecisionEdit, choose_option, set_decision_status, update_decision};

/// An accepted record (ADR-0001) with a fixed date; the session id replaced by a placeholder.
fn accepted(store: &mut Store) -> (Uuid, Record) {
    let (id, detail) = decided_workshop(store, "Checkout platform");
    let decision = choose_option(store, id, detail.options[1].id).unwrap();
    update_decision(
        store,
        decision.id,
        DecisionEdit::Confirmation("Check the service boundaries in the design review.".into()),
    )
    .unwrap();
    set_decision_status(store, decision.id, DecisionStatus::Accepted, false).unwrap();
    (id, record_of(store, id).unwrap())
}

/// The text with the run's random parts (session id, history digest) replaced.
fn stable(text: &str, record: &Record) -> String {
    let mut text = text.replace(&record.decision.session_id.to_string(), "SESSION-ID");
    if let Some(head) = record.evidence.as_ref().map(|e| e.history_head.clone()).filter(|h| !h.is_empty()) {
        text = text.replace(&head, "HISTORY-HEAD");
    }
    text
}

#[test]
fn madr_record() {
    let mut store = Store::open_in_memory().unwrap();
    let (_, record) = accepted(&mut store);
    assert_eq!(record.file_name(), "0001-checkout-platform-microservices.md");
    insta::assert_snapshot!("madr", stable(&madr::render(&record), &record));
}

#[test]
fn nygard_record() {
    let mut store = Store::open_in_memory().unwrap();
    let (_, record) = accepted(&mut store);
    insta::assert_snapshot!("nygard", stable(&nygard::render(&record), &record));
}

#[test]
fn the_reasons_given_with_scores_are_in_the_markdown_as_in_the_pdf() {
    let mut store = Store::open_in_memory().unwrap();
    let (id, detail) = decided_workshop(&mut store, "Checkout platform");
    let cell = crate::scoring::ScoreCell {
        stakeholder_id: detail.stakeholders[1].id,
        driver_id: detail.drivers[0].id,
        option_id: detail.options[1].id,
    };
    crate::scoring::set_score(
        &mut store,
        id,
        cell,
        crate::scoring::ScoreEdit::Rationale("Scales *per* service".into()),
    )
    .unwrap();
    choose_option(&mut store, id, detail.options[1].id).unwrap();
    let record = record_of(&store, id).unwrap();
    for text in [madr::render(&record), nygard::render(&record)] {
        assert!(text.contains("Reasons given with the scores:"), "{text}");
        assert!(text.contains("* Bo, Scalability × Microservices (5): Scales \\*per\\* service"), "{text}");
    }
    let pdf = pdf::lay_out(&record, pdf::render::fonts()).text();
    assert!(pdf.contains("Scalability × Microservices (5): Scales *per* service"), "{pdf}");
}

#[test]
fn hostile_text_stays_text_in_markdown() {
    let mut store = Store::open_in_memory().unwrap();
    let (id, detail) = decided_workshop(&mut store, "Checkout <script>alert(1)</script>");
    crate::sessions::update_session(
        &mut store,
        id,
        crate::sessions::SessionEdit::Context("[click](javascript:alert(1)) <img src=x onerror=alert(1)>".into()),
    )
    .unwrap();
    choose_option(&mut store, id, detail.options[1].id).unwrap();
    let record = record_of(&store, id).unwrap();
    for text in [madr::render(&record), nygard::render(&record)] {
        let raw_angle = text.match_indices('<').any(|(at, _)| !text[..at].ends_with('\\'));
        assert!(!raw_angle, "an unescaped < in {text}");
        assert!(!text.contains("[click](") && !text.contains("click](javascript"), "{text}");
        assert!(text.contains("\\<script\\>") && text.contains("\\[click\\](javascript:alert(1))"), "{text}");
    }
    // The PDF prints the text as typed and carries no action, link, script or form.
    let document = pdf::lay_out(&record, pdf::render::fonts());
    let text = document.text();
    assert!(text.contains("<script>alert(1)</script>") && text.contains("<img src=x onerror=alert(1)>"), "{text}");
    let bytes = pdf::render_record(&record);
    let raw = String::from_utf8_lossy(&bytes);
    for key in ["/JavaScript", "/JS ", "/URI", "/Launch", "/OpenAction", "/AA ", "/SubmitForm", "/AcroForm"] {
        assert!(!raw.contains(key), "the PDF contains {key}");
    }
    // printpdf writes an empty annotation list on every page; it must stay empty.
    for (at, _) in raw.match_indices("/Annots") {
        let rest: String = raw[at + "/Annots".len()..].chars().filter(|c| !c.is_whitespace()).take(2).collect();
        assert_eq!(rest, "[]", "a page has annotations");
    }
}

#[test]
fn a_session_without_a_record_cannot_be_exported_as_one() {
    let mut store = Store::open_in_memory().unwrap();
    let (id, _) = decided_workshop(&mut store, "T");
    assert_eq!(record_of(&store, id).unwrap_err().code(), "no_record");
}

#[test]
fn session_json_round_trip_is_lossless() {
    let mut store = Store::open_in_memory().unwrap();
    let (id, _) = accepted(&mut store);
    let crate::scoring::Scoring { scores, .. } = crate::scoring::get_scoring(&store, id, None).unwrap();
    assert!(scores.is_empty(), "no sheet was asked for");
    let json = session_json::export_session(&store, id).unwrap();
    let mut other = Store::open_in_memory().unwrap();
    assert_eq!(session_json::import_session(&mut other, &json).unwrap(), id);
    assert_eq!(session_json::export_session(&other, id).unwrap(), json);
    // The imported record keeps its number, and the next one comes after it.
    let (second, detail) = decided_workshop(&mut other, "Next");
    let decision = choose_option(&mut other, second, detail.options[0].id).unwrap();
    assert_eq!(set_decision_status(&mut other, decision.id, DecisionStatus::Accepted, false).unwrap().number, Some(2));
    // Importing the same session twice is refused, and nothing is written.
    let error = session_json::import_session(&mut other, &json).unwrap_err();
    assert_eq!(error.code(), "already_exists");
}

#[test]
fn session_json_import_refuses_bad_files_and_stores_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    let (id, _) = accepted(&mut store);
    let json = session_json::export_session(&store, id).unwrap();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let variant = |edit: &dyn Fn(&mut serde_json::Value)| {
        let mut v = value.clone();
        edit(&mut v);
        v.to_string()
    };
    let cases: Vec<(String, &str)> = vec![
        ("not json".into(), "invalid_input"),
        (variant(&|v| v["format"] = "something-else".into()), "invalid_input"),
        (variant(&|v| v["version"] = 99.into()), "file_too_new"),
        (variant(&|v| v["session"]["title"] = "x".repeat(201).into()), "invalid_input"),
        (variant(&|v| v["session"]["title"] = "a\u{0}b".into()), "invalid_input"),
        (variant(&|v| v["scores"][0]["option_id"] = Uuid::nil().to_string().into()), "invalid_input"),
        (variant(&|v| v["stakeholders"][0]["influence"] = 50.0.into()), "invalid_input"),
    ];
    for (text, code) in cases {
        let mut other = Store::open_in_memory().unwrap();
        let error = session_json::import_session(&mut other, &text).unwrap_err();
        assert_eq!(error.code(), code, "{error}");
        assert!(crate::sessions::list_sessions(&other).unwrap().is_empty());
    }
}

#[test]
fn the_log_is_one_file_per_record_and_an_index() {
    let mut store = Store::open_in_memory().unwrap();
    accepted(&mut store);
    let (id, detail) = decided_workshop(&mut store, "Search service");
    let decision = choose_option(&mut store, id, detail.options[0].id).unwrap();
    set_decision_status(&mut store, decision.id, DecisionStatus::Rejected, false).unwrap();
    // A proposal has no number and stays out of the log.
    let (draft, detail) = decided_workshop(&mut store, "Draft only");
    choose_option(&mut store, draft, detail.options[0].id).unwrap();

    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join(log::DEFAULT_LOG_DIR);
    let report = log::export_log(&store, &target, log::LogFormat::Nygard).unwrap();
    assert_eq!(
        report.files,
        ["0001-checkout-platform-microservices.md", "0002-search-service-monolithic.md", "index.md"]
    );
    let index = std::fs::read_to_string(target.join("index.md")).unwrap();
    assert!(
        index.contains("| [ADR-0002](0002-search-service-monolithic.md) | Search service: Monolithic | rejected |"),
        "{index}"
    );
    let second = std::fs::read_to_string(target.join("0002-search-service-monolithic.md")).unwrap();
    assert!(second.starts_with("# 2. Search service: Monolithic\n\n- Status: rejected\n"), "{second}");
    let leftovers: Vec<_> = std::fs::read_dir(&target)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with("partial"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn pdf_layout_golden_text() {
    let mut store = Store::open_in_memory().unwrap();
    let (_, record) = accepted(&mut store);
    let document = pdf::lay_out(&record, pdf::render::fonts());
    insta::assert_snapshot!("pdf_text", stable(&document.text(), &record));
    let titles: Vec<&str> = document.bookmarks.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Context and Problem Statement",
            "Decision Drivers",
            "Considered Options",
            "Decision Outcome",
            "Results",
            "Weighted Decision Matrix",
            "Pros and Cons of the Options",
            "Robustness",
            "More Information",
            "Appendix: Each Stakeholder's Scores"
        ]
    );
}

#[test]
fn pdf_has_metadata_and_embedded_subset_fonts() {
    let mut store = Store::open_in_memory().unwrap();
    let (_, record) = accepted(&mut store);
    // printpdf gives every document a random /ID, so bytes differ between runs; the golden
    // test above pins the laid-out text instead.
    let first = pdf::render_record(&record);
    assert!(first.starts_with(b"%PDF-"));
    let text = String::from_utf8_lossy(&first);
    assert!(text.contains("ADR-0001: Checkout platform: Microservices"), "the title is in the metadata");
    assert!(text.contains("/FontFile2"), "the font is embedded");
    assert!(first.len() < 150_000, "the fonts are subset: {} bytes", first.len());
}

#[test]
fn a_long_session_flows_over_many_pages_and_foreign_scripts_survive() {
    let mut store = Store::open_in_memory().unwrap();
    let (id, detail) = decided_workshop(&mut store, "Ζυρίχη — Москва — Zürich");
    let paragraph =
        "Η ομάδα εξετάζει την αρχιτεκτονική. Команда выбирает архитектуру. L'équipe choisit l'architecture. ";
    crate::sessions::update_session(&mut store, id, crate::sessions::SessionEdit::Context(paragraph.repeat(150)))
        .unwrap();
    for i in 0..25 {
        let new = crate::drivers::NewDriver {
            title: format!("Driver {i}"),
            description: Some(paragraph.into()),
            category: None,
            must_have: None,
        };
        crate::drivers::add_driver(&mut store, id, new).unwrap();
    }
    crate::sessions::update_session(&mut store, id, crate::sessions::SessionEdit::Facilitator("Ana 🚀".into()))
        .unwrap();
    let decision = choose_option(&mut store, id, detail.options[1].id).unwrap();
    update_decision(&mut store, decision.id, DecisionEdit::Confirmation("Review 🚀 launch".into())).unwrap();
    let record = record_of(&store, id).unwrap();
    let document = pdf::lay_out(&record, pdf::render::fonts());
    let pages = document.pages.len();
    assert!(pages >= 8, "{pages} pages");
    let text = document.text();
    assert!(text.contains(&format!("page {pages} of {pages}")));
    assert!(text.contains("Ζυρίχη — Москва — Zürich") && text.contains("Команда выбирает"), "scripts survive");
    assert!(text.contains("Review \u{FFFD} launch"), "a missing glyph shows a visible mark");
}

/// A file that cannot be written is reported under the name the user chose (not the
/// temporary name it is written through), and nothing is left behind.
#[test]
fn a_failed_write_names_the_chosen_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing-folder").join("0001-record.md");
    let error = log::write_file(&path, b"text").unwrap_err().to_string();
    assert!(error.contains("0001-record.md") && !error.contains("partial"), "{error}");
    let written = dir.path().join("0002-record.md");
    log::write_file(&written, b"text").unwrap();
    assert_eq!(std::fs::read(&written).unwrap(), b"text");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "only the written file, no temporary one");
}

#[test]
fn only_stakeholders_who_scored_are_named_as_scorers() {
    let mut store = Store::open_in_memory().unwrap();
    let (id, detail) = decided_workshop(&mut store, "Checkout platform");
    crate::stakeholders::add_stakeholder(&mut store, id, crate::stakeholders::NewStakeholder::named("Cy")).unwrap();
    choose_option(&mut store, id, detail.options[1].id).unwrap();
    let record = record_of(&store, id).unwrap();
    let pdf_text = pdf::lay_out(&record, pdf::render::fonts()).text();
    for text in [madr::render(&record), nygard::render(&record), pdf_text] {
        assert!(text.contains("Scored in an ArchDecide workshop by 2 stakeholders (Ana, Bo)."), "{text}");
        assert!(!text.contains("by 3 stakeholders"), "{text}");
    }
}

#[test]
fn tied_options_say_so_in_the_record() {
    let mut store = Store::open_in_memory().unwrap();
    let (id, detail) = decided_workshop(&mut store, "Checkout platform");
    // Make Monolithic's scores equal Microservices' for everyone: an exact tie.
    for person in &detail.stakeholders {
        for (d, driver) in detail.drivers.iter().enumerate() {
            let cell = crate::scoring::ScoreCell {
                stakeholder_id: person.id,
                driver_id: driver.id,
                option_id: detail.options[0].id,
            };
            let value = [5, 3][d];
            crate::scoring::set_score(&mut store, id, cell, crate::scoring::ScoreEdit::Value(Some(value))).unwrap();
        }
    }
    choose_option(&mut store, id, detail.options[1].id).unwrap();
    let record = record_of(&store, id).unwrap();
    let ranks: Vec<u32> = record.evidence.as_ref().unwrap().analysis.options.iter().map(|o| o.rank).collect();
    assert_eq!(ranks, [1, 1]);
    let pdf_text = pdf::lay_out(&record, pdf::render::fonts()).text().replace('\n', " ");
    for text in [madr::render(&record), pdf_text] {
        assert_eq!(text.matches("(rank 1 of 2, tied)").count(), 2, "{text}");
    }
}
