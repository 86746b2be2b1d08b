//! Migrations: a database written by the ArchDecide of every past schema version
//! (tests/fixtures/schema/vN.db, made by its generate.sh with that version's own code) opens
//! with this build, migrates to the current version, and keeps every fact it held.

// Tests unwrap: a failure is the message.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use archdecide_core::decisions::{DecisionStatus, choose_option, get_decision};
use archdecide_core::exports::{RecordFormat, render_record};
use archdecide_core::history::{get_history, verify_history};
use archdecide_core::scoring::{ScoreCell, ScoreEdit, get_scoring, set_score};
use archdecide_core::search::{SearchQuery, search_sessions};
use archdecide_core::sessions::{Reversibility, SessionStatus, Weighting, get_session, list_sessions};
use archdecide_core::stakeholders::Raci;
use archdecide_core::{Store, backups, options, store};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/schema");

/// Opens a copy of `vN.db` (the fixture itself is never written).
fn open(version: i64) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("archdecide.db");
    std::fs::copy(Path::new(FIXTURES).join(format!("v{version}.db")), &copy).unwrap();
    let found: i64 =
        rusqlite::Connection::open(&copy).unwrap().query_row("PRAGMA user_version", [], |row| row.get(0)).unwrap();
    assert_eq!(found, version, "v{version}.db is a schema {version} database");
    let store = Store::open(&copy).unwrap_or_else(|e| panic!("v{version}.db does not open: {e}"));
    (dir, store)
}

#[test]
fn there_is_a_fixture_for_every_schema_version() {
    for version in 1..=store::schema_version() {
        assert!(Path::new(FIXTURES).join(format!("v{version}.db")).exists(), "tests/fixtures/schema/v{version}.db");
    }
}

#[test]
fn every_past_schema_version_opens_with_its_data_intact() {
    for version in 1..=store::schema_version() {
        let (dir, mut store) = open(version);
        let now: i64 = rusqlite::Connection::open(dir.path().join("archdecide.db"))
            .unwrap()
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .unwrap();
        assert_eq!(now, store::schema_version(), "v{version} migrated");

        let sessions = list_sessions(&store).unwrap();
        let titles: Vec<_> = sessions.iter().map(|s| s.title.as_str()).collect();
        assert!(titles.contains(&"Checkout platform") && titles.contains(&"Search service"), "v{version}: {titles:?}");
        let checkout = sessions.iter().find(|s| s.title == "Checkout platform").unwrap().id;
        let detail = get_session(&store, checkout).unwrap();
        let session = &detail.session;
        assert_eq!(session.context, "Orders flow through Kafka; six developers ship weekly. Ünïcode stays.");
        assert_eq!(session.facilitator, "Ana Lima");
        assert_eq!(session.held_on.unwrap().to_string(), "2026-03-02");
        assert_eq!(session.tags, ["payments", "q1"]);
        let people: Vec<_> = detail.stakeholders.iter().map(|s| (s.name.as_str(), s.raci)).collect();
        assert_eq!(people, [("Ana Lima", Raci::Accountable), ("Ben Okafor", Raci::Consulted)], "v{version}");
        assert_eq!(detail.stakeholders[0].role, "Architect");
        let drivers: Vec<_> = detail.drivers.iter().map(|d| d.template_key.as_deref()).collect();
        assert_eq!(drivers, [Some("scalability"), Some("complexity")], "v{version}");
        let names: Vec<_> = detail.options.iter().map(|o| o.catalog_key.as_deref()).collect();
        assert_eq!(names, [Some("monolithic"), Some("microservices")], "v{version}");
        assert!(!detail.options[1].pros.is_empty(), "v{version}: the catalog text came along");

        // Search works for every version (0006 indexes sessions written before search existed).
        let hits = search_sessions(&store, &SearchQuery { text: "kafka".into(), ..SearchQuery::default() }).unwrap();
        assert_eq!(hits.len(), 1, "v{version}: search finds the older session");

        let scoring = get_scoring(&store, checkout, None).unwrap();
        if version >= 2 {
            assert_eq!(scoring.importances.len(), 4, "v{version}");
            let all: Vec<_> = detail
                .stakeholders
                .iter()
                .flat_map(|s| get_scoring(&store, checkout, Some(s.id)).unwrap().scores)
                .collect();
            assert_eq!(all.len(), 8, "v{version}");
            let cell = |s: usize, d: usize, o: usize| {
                all.iter()
                    .find(|x| {
                        x.stakeholder_id == detail.stakeholders[s].id
                            && x.driver_id == detail.drivers[d].id
                            && x.option_id == detail.options[o].id
                    })
                    .unwrap()
            };
            assert_eq!((cell(0, 0, 1).value, cell(1, 1, 0).value, cell(1, 0, 0).value), (5, 4, 1), "v{version}");
            assert_eq!(cell(0, 0, 1).rationale, "Scales per service");
            let analysis = scoring.analysis.as_ref().expect("no blind round");
            assert_eq!(analysis.winner, Some(detail.options[1].id), "v{version}: microservices wins");
        } else {
            assert!(scoring.importances.is_empty() && scoring.scores.is_empty());
        }

        let decision = get_decision(&store, checkout).unwrap();
        if version >= 3 {
            let decision = decision.expect("the record");
            assert_eq!((decision.number, decision.status), (Some(1), DecisionStatus::Accepted), "v{version}");
            assert_eq!(decision.rationale, "Teams deploy on their own");
            assert!(decision.snapshot.is_some(), "v{version}: the frozen evidence reads");
            assert_eq!(session.status, SessionStatus::Decided);
            // Every export of the old record renders; robustness is only claimed when measured.
            for format in [RecordFormat::Madr, RecordFormat::Nygard, RecordFormat::Json, RecordFormat::Pdf] {
                render_record(&store, checkout, format).unwrap_or_else(|e| panic!("v{version} {format:?}: {e}"));
            }
            let (_, madr) = render_record(&store, checkout, RecordFormat::Madr).unwrap();
            let madr = String::from_utf8(madr).unwrap();
            assert_eq!(madr.contains("frozen before ArchDecide measured it"), version < 5, "v{version}");
        } else {
            assert!(decision.is_none());
        }

        let history = get_history(&store, checkout, false).unwrap();
        if version >= 4 {
            assert!(history.events.len() >= 7, "v{version}: {} events", history.events.len());
        } else {
            assert!(history.events.is_empty(), "v{version}: no history before schema 4");
        }
        assert!(verify_history(&store, checkout).unwrap().intact, "v{version}");

        let search = sessions.iter().find(|s| s.title == "Search service").unwrap().id;
        let second = get_session(&store, search).unwrap();
        if version >= 5 {
            assert_eq!(second.session.weighting, Weighting::Ahp, "v{version}");
            assert_eq!(get_scoring(&store, search, None).unwrap().comparisons.len(), 1, "v{version}");
        } else {
            assert_eq!(second.session.weighting, Weighting::Direct, "v{version}");
        }
        // v10: RACI's four parts (before, Cleo was consulted; "decision_maker" became
        // "accountable" above, and the scores and ratings of the rebuilt table's people stay).
        let cleo = second.stakeholders.iter().find(|s| s.name == "Cleo").map(|s| s.raci);
        if version >= 5 {
            let expected = if version >= 10 { Raci::Responsible } else { Raci::Consulted };
            assert_eq!(cleo, Some(expected), "v{version}");
        }
        // v9: what the system is and how easy the choice is to reverse; the search documents
        // were rebuilt to hold the team's words (older sessions say neither).
        let found = |text: &str| search_sessions(&store, &SearchQuery { text: text.into(), ..SearchQuery::default() });
        if version >= 9 {
            assert_eq!(second.session.use_cases, ["online_shop"], "v{version}");
            assert_eq!(second.session.use_case_notes, "Typo-tolerant product search");
            assert_eq!(second.session.reversibility, Some(Reversibility::Easy));
            assert_eq!(found("typo").unwrap().len(), 1, "v{version}: the team's words are searchable");
        } else {
            assert!(second.session.use_cases.is_empty() && second.session.use_case_notes.is_empty(), "v{version}");
            assert_eq!(second.session.reversibility, None, "v{version}");
        }
        assert!(session.use_cases.is_empty() && session.reversibility.is_none(), "v{version}");

        // The migrated database takes new work: an edit with an intact history, and the next
        // record number follows the last one.
        options::add_catalog_option(&mut store, search, "serverless").unwrap();
        let stakeholder = archdecide_core::stakeholders::add_stakeholder(
            &mut store,
            search,
            archdecide_core::stakeholders::NewStakeholder::named("Dee"),
        )
        .unwrap();
        let second = get_session(&store, search).unwrap();
        let cell = ScoreCell {
            stakeholder_id: stakeholder.stakeholders.last().unwrap().id,
            driver_id: match second.drivers.first() {
                Some(driver) => driver.id,
                None => {
                    archdecide_core::drivers::add_template_driver(&mut store, search, "security").unwrap().drivers[0].id
                }
            },
            option_id: second.options[0].id,
        };
        set_score(&mut store, search, cell, ScoreEdit::Value(Some(4))).unwrap();
        assert!(verify_history(&store, search).unwrap().intact, "v{version}");
        let record = choose_option(&mut store, search, second.options[0].id).unwrap();
        let archdecide_core::decisions::Decision { id, .. } = record;
        let accepted =
            archdecide_core::decisions::set_decision_status(&mut store, id, DecisionStatus::Accepted, false).unwrap();
        let expected = match version {
            7.. => 8, // after the imported ADR-0007
            3.. => 2,
            _ => 1,
        };
        assert_eq!(accepted.number, Some(expected), "v{version}: numbering continues");

        // v7: a link that waited for its record is made when that record arrives.
        if version >= 7 {
            let folder = tempfile::tempdir().unwrap();
            std::fs::write(
                folder.path().join("0005-old-gateway.md"),
                "# 5. Old gateway\n\n## Status\n\nAccepted\n\n## Decision\n\nWe will route through nginx.\n",
            )
            .unwrap();
            let old =
                archdecide_core::imports::import_folder(&mut store, folder.path()).unwrap().imported[0].session_id;
            let old = get_decision(&store, old).unwrap().unwrap();
            assert_eq!(old.status, DecisionStatus::Superseded, "v{version}");
            assert_eq!(
                old.superseded_by.as_ref().map(|l| (l.number, l.title.as_str())),
                Some((Some(7), "Edge gateway"))
            );
        }
        // v8: the team's own revisit trigger is kept; older records start with none.
        let triggers = get_decision(&store, checkout).unwrap().map(|d| d.triggers).unwrap_or_default();
        let expected: &[&str] = if version >= 8 { &["If checkout traffic passes 5k requests/s"] } else { &[] };
        assert_eq!(triggers, expected, "v{version}");
        drop(store);
        backups::check_file(&dir.path().join("archdecide.db")).unwrap();
    }
}
