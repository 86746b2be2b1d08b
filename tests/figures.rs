//! Benchmark: prints the figures the issues set targets for. Never asserts a time.
//!
//! `cargo bench -p archdecide --bench figures` (release build; the first run compiles it).
//! - launch → first painted session list (target ≤ 0.9 s), next to an empty Tauri window's
//!   (`examples/empty_window.rs`, the floor), launched alternately
//! - memory (PSS) of the app and its WebKit processes with 200 sessions (target ≤ 300 MiB)
//! - `list_sessions` with 10,000 sessions in core, and the session list's page through IPC
//!   (target ≤ 20 ms); start-up above the empty window (≤ 50 ms) and PSS with a 30 × 8 × 15
//!   workshop open (≤ 40 MiB above it)
//! - SMAA-2 beside numpy (`smaa`): on numpy's model (≥ 4× faster), ours at 100,000 samples,
//!   and how analysis and SMAA-2 grow with stakeholders; `edit` adds edit → results through
//!   the window at each growth size and a burst of 50 edits a second (frame times, and the
//!   final Results against a fresh analysis)
//! - the analysis of 30 drivers × 8 options × 15 stakeholders (target ≤ 1 ms)
//! - edit a score → persisted → recomputed results back in the window (target ≤ 50 ms)
//! - PDF of a 1-page record (≤ 10 ms) and of a ~30-page record (≤ 60 ms)
//! - export-log of 1,000 records (≤ 1 s) and import of 1,000 ADR files (≤ 2 s)
//! - the git-backed log (`log`): sync of 1,000 records with their evidence, cold (≤ 1 s);
//!   `log check` on it (≤ 200 ms); publishing one record including the commit (≤ 300 ms)
//! - AHP for 15 drivers (≤ 0.1 ms); SMAA-2 with 10,000 samples on 30 drivers × 8 options
//!   (≤ 50 ms)
//! - search over 10,000 sessions (≤ 20 ms); verifying a 10,000-event history (≤ 50 ms);
//!   opening a session with 10,000 events (≤ 100 ms)
//! - the room: 50 participants × 30 saves (p95 ≤ 50 ms; reflected in the facilitator's
//!   analysis p95 ≤ 250 ms), 8 × 30 cells in parallel against one after another, memory

// Tests unwrap: a failure is the message.
#![allow(clippy::unwrap_used)]

#[path = "room_figures.rs"]
mod room_figures;
mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use archdecide_core::analysis::analyze;
use archdecide_core::decisions::{DecisionStatus, choose_option, set_decision_status};
use archdecide_core::scoring::{self, ScoreCell, ScoreEdit};
use archdecide_core::sessions::{NewSession, create_session, get_session, list_sessions};
use archdecide_core::{Store, drivers, options, stakeholders};
use serde_json::json;
use support::{Window, element};
use uuid::Uuid;

/// Writes `count` sessions (2 stakeholders, 3 drivers, 2 options each) into `data_dir`.
fn seed(data_dir: &Path, count: usize) {
    let mut store = Store::open_in_memory().unwrap();
    for i in 0..count {
        let title = format!("Session {i}: architecture for service {}", i % 97);
        let tags = Some(vec![format!("team-{}", i % 13)]);
        let id = create_session(&mut store, NewSession { title, tags, ..NewSession::default() }).unwrap().session.id;
        for name in ["Ana", "Bo"] {
            stakeholders::add_stakeholder(&mut store, id, stakeholders::NewStakeholder::named(name)).unwrap();
        }
        for key in ["scalability", "security", "resources"] {
            drivers::add_template_driver(&mut store, id, key).unwrap();
        }
        for key in ["monolithic", "microservices"] {
            options::add_catalog_option(&mut store, id, key).unwrap();
        }
    }
    store.backup_to(&data_dir.join("archdecide.db")).unwrap();
}

/// A fully scored workshop of 30 drivers × 8 options × 15 stakeholders.
fn seed_large_workshop(store: &mut Store) -> Uuid {
    let new = NewSession { title: "Large workshop".into(), ..NewSession::default() };
    let id = create_session(store, new).unwrap().session.id;
    for i in 0..15 {
        stakeholders::add_stakeholder(store, id, stakeholders::NewStakeholder::named(&format!("Person {i}"))).unwrap();
    }
    for i in 0..30 {
        let new =
            drivers::NewDriver { title: format!("Driver {i}"), description: None, category: None, must_have: None };
        drivers::add_driver(store, id, new).unwrap();
    }
    for i in 0..8 {
        options::add_option(store, id, options::NewOption { name: format!("Option {i}"), ..Default::default() })
            .unwrap();
    }
    let detail = get_session(store, id).unwrap();
    for (si, s) in detail.stakeholders.iter().enumerate() {
        for (di, d) in detail.drivers.iter().enumerate() {
            scoring::set_importance(store, id, s.id, d.id, Some(((si + di) % 5 + 1) as u8)).unwrap();
            for (oi, o) in detail.options.iter().enumerate() {
                let cell = ScoreCell { stakeholder_id: s.id, driver_id: d.id, option_id: o.id };
                let value = ((si * 7 + di * 3 + oi * 5) % 6) as u8;
                scoring::set_score(store, id, cell, ScoreEdit::Value(Some(value))).unwrap();
            }
        }
    }
    id
}

fn analysis_speed() {
    let mut store = Store::open_in_memory().unwrap();
    let id = seed_large_workshop(&mut store);
    let loaded = scoring::evidence_of(&store, id).unwrap();
    let evidence = loaded.borrow();
    let mut runs: Vec<f64> = (0..300)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(analyze(std::hint::black_box(&evidence)));
            ms(start.elapsed())
        })
        .collect();
    runs.sort_by(f64::total_cmp);
    println!(
        "analysis, 30 drivers × 8 options × 15 stakeholders ({} scores): median {:.3} ms, p95 {:.3} ms (target ≤ 1 ms)",
        loaded.scores.len(),
        percentile(&runs, 0.5),
        percentile(&runs, 0.95)
    );

    // The weighted sum alone, from the cell means — what pymcdm's WSM computes in
    // tests/python_reference (which prints its own time for the same shape).
    let analysis = analyze(&evidence);
    let weights: Vec<f64> = analysis.weights.iter().map(|w| w.weight).collect();
    let by_option: Vec<Vec<Option<f64>>> = loaded
        .detail
        .options
        .iter()
        .map(|o| {
            loaded
                .detail
                .drivers
                .iter()
                .map(|d| {
                    analysis.cells.iter().find(|c| c.driver_id == d.id && c.option_id == o.id).and_then(|c| c.mean)
                })
                .collect()
        })
        .collect();
    let repeats = 10_000;
    let per_call = median_ms(15, || {
        for _ in 0..repeats {
            for means in &by_option {
                std::hint::black_box(archdecide_core::analysis::weighted_total(
                    std::hint::black_box(&weights),
                    std::hint::black_box(means),
                ));
            }
        }
    }) / f64::from(repeats);
    println!(
        "weighted sum alone, 30 drivers × 8 options (cell means precomputed, as pymcdm's WSM in \
         tests/python_reference): median {:.2} µs",
        per_call * 1000.0
    );
}

/// Median of `runs` timings of `work`, in ms.
fn median_ms(runs: usize, mut work: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            work();
            ms(start.elapsed())
        })
        .collect();
    times.sort_by(f64::total_cmp);
    percentile(&times, 0.5)
}

fn science_figures() {
    use archdecide_core::ahp;
    // 15 drivers, judgements a_ij = round-to-Saaty(w_i / w_j) of a hidden weight vector.
    let hidden: Vec<f64> = (1..=15).map(f64::from).collect();
    let saaty = |x: f64| if x >= 1.0 { x.round().clamp(1.0, 9.0) } else { 1.0 / (1.0 / x).round().clamp(1.0, 9.0) };
    let pairs: Vec<(usize, usize, f64)> = (0..15)
        .flat_map(|i| ((i + 1)..15).map(move |j| (i, j)))
        .map(|(i, j)| (i, j, saaty(hidden[i] / hidden[j])))
        .collect();
    let matrix = ahp::matrix(15, &pairs);
    let time = median_ms(200, || {
        std::hint::black_box(ahp::consistency(std::hint::black_box(&matrix)));
    });
    let (cr, _, _) = ahp::consistency(&matrix);
    println!("AHP, 15 drivers (eigenvector + CR): median {:.1} µs, CR {cr:.3} (target ≤ 100 µs)", time * 1000.0);

    let mut store = Store::open_in_memory().unwrap();
    let id = seed_large_workshop(&mut store);
    let time = median_ms(5, || drop(scoring::run_smaa(&store, id, 10_000, 2001).unwrap()));
    let loaded = scoring::evidence_of(&store, id).unwrap();
    let evidence = loaded.borrow();
    let analysis = analyze(&evidence);
    let smaa_only = median_ms(5, || drop(archdecide_core::smaa::smaa(&evidence, &analysis, 10_000, 2001)));
    println!(
        "SMAA-2, 10,000 samples, 30 drivers × 8 options × 15 stakeholders: median {smaa_only:.1} ms sampling, {time:.1} ms with loading the session (target ≤ 50 ms)"
    );
}

/// A fully scored workshop of `people` × `driver_count` × `option_count` (scores, and with
/// `rated` importances, from a fixed pattern), written in one group commit.
fn scored_workshop(store: &mut Store, people: usize, driver_count: usize, option_count: usize, rated: bool) -> Uuid {
    let new = NewSession { title: format!("{people} × {driver_count} × {option_count}"), ..NewSession::default() };
    let id = create_session(store, new).unwrap().session.id;
    store
        .batch(|store| {
            for i in 0..people {
                stakeholders::add_stakeholder(store, id, stakeholders::NewStakeholder::named(&format!("Person {i}")))
                    .unwrap();
            }
            for i in 0..driver_count {
                let new = drivers::NewDriver {
                    title: format!("Driver {i}"),
                    description: None,
                    category: None,
                    must_have: None,
                };
                drivers::add_driver(store, id, new).unwrap();
            }
            for i in 0..option_count {
                let new = options::NewOption { name: format!("Option {i}"), ..Default::default() };
                options::add_option(store, id, new).unwrap();
            }
            let detail = get_session(store, id).unwrap();
            for (si, s) in detail.stakeholders.iter().enumerate() {
                for (di, d) in detail.drivers.iter().enumerate() {
                    if rated {
                        scoring::set_importance(store, id, s.id, d.id, Some(((si + di) % 5 + 1) as u8)).unwrap();
                    }
                    for (oi, o) in detail.options.iter().enumerate() {
                        let cell = ScoreCell { stakeholder_id: s.id, driver_id: d.id, option_id: o.id };
                        let value = ((si * 7 + di * 3 + oi * 5) % 6) as u8;
                        scoring::write_score(store, id, cell, ScoreEdit::Value(Some(value))).unwrap();
                    }
                }
            }
        })
        .unwrap();
    id
}

/// The Python beside the benchmark (tests/python_reference: numpy, AHPy, pymcdm), made once
/// in target/python-reference.
fn reference_python() -> Option<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let venv = root.join("target/python-reference");
    let python = venv.join("bin/python");
    if !python.exists() {
        let made = std::process::Command::new("python3").arg("-m").arg("venv").arg(&venv).status().ok()?.success();
        let pip = venv.join("bin/pip");
        let requirements = root.join("tests/python_reference/requirements.txt");
        let installed = made
            && std::process::Command::new(pip).args(["install", "-q", "-r"]).arg(requirements).status().ok()?.success();
        if !installed {
            return None;
        }
    }
    Some(python)
}

/// SMAA-2 beside numpy on numpy's model (one stakeholder's fixed cells, Dirichlet(1)
/// weights), ArchDecide's model at 100,000 samples, and how analysis and SMAA-2 grow with
/// the number of stakeholders.
fn smaa_figures() {
    use std::io::Write;
    // numpy's model: one stakeholder, 30 drivers × 8 options, nobody weighted (uniform).
    let mut store = Store::open_in_memory().unwrap();
    let id = scored_workshop(&mut store, 1, 30, 8, false);
    let loaded = scoring::evidence_of(&store, id).unwrap();
    let evidence = loaded.borrow();
    let analysis = analyze(&evidence);
    let ours = median_ms(15, || drop(archdecide_core::smaa::smaa(&evidence, &analysis, 10_000, 2001)));
    let ours_win: Vec<f64> =
        archdecide_core::smaa::smaa(&evidence, &analysis, 100_000, 7).options.iter().map(|o| o.win).collect();
    let scores: Vec<Vec<f64>> =
        (0..30).map(|di: usize| (0..8).map(|oi: usize| ((di * 3 + oi * 5) % 6) as f64).collect()).collect();
    let numpy = reference_python().and_then(|python| {
        let mut child = std::process::Command::new(python)
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/python_reference/smaa_numpy.py"))
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .ok()?;
        let task = json!({ "scores": scores, "samples": 10_000, "runs": 15, "seed": 2001 });
        child.stdin.take()?.write_all(task.to_string().as_bytes()).ok()?;
        let output = child.wait_with_output().ok()?;
        serde_json::from_slice::<serde_json::Value>(&output.stdout).ok()
    });
    match numpy {
        Some(numpy) => {
            let numpy_ms = numpy["median_ms"].as_f64().unwrap_or(f64::NAN);
            let numpy_win: Vec<f64> = serde_json::from_value(numpy["win"].clone()).unwrap_or_default();
            let gap = ours_win.iter().zip(&numpy_win).map(|(a, b)| (a - b).abs()).fold(0.0, f64::max);
            println!(
                "SMAA-2 on numpy's model (1 stakeholder, Dirichlet(1), 10,000 samples, 30 × 8): ArchDecide {ours:.2} ms, \
                 numpy {numpy_ms:.2} ms: {:.1}× (target ≥ 4×); win probabilities differ by at most {:.1} points",
                numpy_ms / ours,
                gap * 100.0
            );
            let mut store = Store::open_in_memory().unwrap();
            let id = scored_workshop(&mut store, 15, 30, 8, true);
            let loaded = scoring::evidence_of(&store, id).unwrap();
            let evidence = loaded.borrow();
            let analysis = analyze(&evidence);
            let large = median_ms(7, || drop(archdecide_core::smaa::smaa(&evidence, &analysis, 100_000, 2001)));
            println!(
                "SMAA-2 on ArchDecide's model, 100,000 samples, 15 stakeholders × 30 × 8: {large:.1} ms = {:.1}× numpy's \
                 10,000 on its lighter model (target ≤ 3×)",
                large / numpy_ms
            );
        }
        None => println!("SMAA-2 on numpy's model: ArchDecide {ours:.2} ms (numpy could not be run)"),
    }

    println!("growth (core, median): stakeholders × drivers × options: analysis ms, SMAA-2 10,000 samples ms");
    for (people, driver_count, option_count) in [(5, 30, 8), (15, 30, 8), (50, 30, 8), (200, 30, 8), (50, 40, 12)] {
        let mut store = Store::open_in_memory().unwrap();
        let id = scored_workshop(&mut store, people, driver_count, option_count, true);
        let loaded = scoring::evidence_of(&store, id).unwrap();
        let evidence = loaded.borrow();
        let analysis_ms = median_ms(15, || drop(analyze(&evidence)));
        let analysis = analyze(&evidence);
        let smaa_ms = median_ms(7, || drop(archdecide_core::smaa::smaa(&evidence, &analysis, 10_000, 2001)));
        println!(
            "  {people:>3} × {driver_count} × {option_count}: analysis {analysis_ms:.2} ms, SMAA-2 {smaa_ms:.1} ms"
        );
    }
}

fn record_figures() {
    use archdecide_core::exports::{log, pdf, record_of};

    // A one-page record: a proposal with one driver and two short options, no scores yet.
    let mut store = Store::open_in_memory().unwrap();
    let id = create_session(&mut store, NewSession { title: "Small decision".into(), ..NewSession::default() })
        .unwrap()
        .session
        .id;
    stakeholders::add_stakeholder(&mut store, id, stakeholders::NewStakeholder::named("Ana")).unwrap();
    drivers::add_template_driver(&mut store, id, "scalability").unwrap();
    for name in ["Keep the monolith", "Split the checkout"] {
        options::add_option(&mut store, id, options::NewOption { name: name.into(), ..Default::default() }).unwrap();
    }
    let option = get_session(&store, id).unwrap().options[1].id;
    choose_option(&mut store, id, option).unwrap();
    let record = record_of(&store, id).unwrap();
    let pages = pdf::lay_out(&record, pdf::render::fonts()).pages.len();
    pdf::render_record(&record); // fonts parsed once per process
    let small = median_ms(30, || drop(pdf::render_record(&record)));
    println!("PDF of a {pages}-page record: median {small:.1} ms (target ≤ 10 ms)");

    // A long record: the 30 × 8 × 15 workshop with a long context, accepted (appendix with
    // every stakeholder).
    let mut store = Store::open_in_memory().unwrap();
    let id = seed_large_workshop(&mut store);
    let context = "The checkout must survive the yearly sale, keep card data out of the logs, and let three teams ship on their own schedule. ".repeat(150);
    archdecide_core::sessions::update_session(&mut store, id, archdecide_core::sessions::SessionEdit::Context(context))
        .unwrap();
    let option = get_session(&store, id).unwrap().options[0].id;
    let decision = choose_option(&mut store, id, option).unwrap();
    set_decision_status(&mut store, decision.id, DecisionStatus::Accepted, false).unwrap();
    let record = record_of(&store, id).unwrap();
    let pages = pdf::lay_out(&record, pdf::render::fonts()).pages.len();
    let large = median_ms(10, || drop(pdf::render_record(&record)));
    println!(
        "PDF of a {pages}-page record (30 drivers × 8 options × 15 stakeholders): median {large:.1} ms (target ≤ 60 ms)"
    );

    // 1,000 accepted records in one log.
    let store = thousand_records();
    let dir = tempfile::tempdir().unwrap();
    let start = Instant::now();
    let report = log::export_log(&store, &dir.path().join("decisions"), log::LogFormat::Nygard).unwrap();
    println!("export-log of {} records: {:.0} ms (target ≤ 1 s)", report.files.len() - 1, ms(start.elapsed()));

    let target = tempfile::tempdir().unwrap();
    let mut fresh = Store::open(&target.path().join("archdecide.db")).unwrap();
    let start = Instant::now();
    let imported = archdecide_core::imports::import_folder(&mut fresh, &dir.path().join("decisions")).unwrap();
    println!(
        "import of {} ADR files into a database on disk: {:.0} ms (target ≤ 2 s; {} skipped)",
        imported.imported.len(),
        ms(start.elapsed()),
        imported.skipped.len()
    );
}

/// 1,000 accepted records, each from a small scored workshop.
fn thousand_records() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    for i in 0..1000 {
        let title = format!("Decision {i} about service {}", i % 37);
        let id = create_session(
            &mut store,
            NewSession { title, context: Some("Why we decided.".into()), ..NewSession::default() },
        )
        .unwrap()
        .session
        .id;
        stakeholders::add_stakeholder(&mut store, id, stakeholders::NewStakeholder::named("Ana")).unwrap();
        drivers::add_template_driver(&mut store, id, "scalability").unwrap();
        let detail = options::add_catalog_option(&mut store, id, "microservices").unwrap();
        let cell = ScoreCell {
            stakeholder_id: detail.stakeholders[0].id,
            driver_id: detail.drivers[0].id,
            option_id: detail.options[0].id,
        };
        scoring::set_score(&mut store, id, cell, ScoreEdit::Value(Some(4))).unwrap();
        let decision = choose_option(&mut store, id, detail.options[0].id).unwrap();
        set_decision_status(&mut store, decision.id, DecisionStatus::Accepted, false).unwrap();
    }
    store
}

/// The git-backed decision log: a linked log with 1,000 records and their evidence synced
/// cold into a new database (target ≤ 1 s), `log check` on it (≤ 200 ms), and publishing one
/// accepted record including the commit (≤ 300 ms).
fn decision_log_figures() {
    use archdecide_core::decision_log::{self, check::check_log};
    let git = |dir: &Path, args: &[&str]| {
        let out = std::process::Command::new("git").arg("-C").arg(dir).args(args).output().unwrap();
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    let repo = tempfile::tempdir().unwrap();
    git(repo.path(), &["init", "--quiet"]);
    for (key, value) in [("user.name", "Bench"), ("user.email", "bench@example.com"), ("commit.gpgsign", "false")] {
        git(repo.path(), &["config", key, value]);
    }
    let mut store = thousand_records();
    let linked = decision_log::link_log(&mut store, repo.path(), None, false, false).unwrap();
    let start = Instant::now();
    let published = decision_log::publish_all(&store, false).unwrap();
    let written = published[0].written.len();
    println!("publishing 1,000 records into a new log: {:.0} ms ({written} files)", ms(start.elapsed()));
    git(repo.path(), &["add", "-A"]);
    git(repo.path(), &["commit", "--quiet", "-m", "1,000 records"]);

    // A teammate's laptop: a new database on disk, the log linked, synced cold.
    let laptop = tempfile::tempdir().unwrap();
    let mut teammate = Store::open(&laptop.path().join("archdecide.db")).unwrap();
    decision_log::link_log(&mut teammate, repo.path(), None, false, false).unwrap();
    let start = Instant::now();
    let synced = decision_log::sync(&mut teammate).unwrap();
    println!(
        "sync of a linked log with 1,000 records and their evidence, cold: {:.0} ms (target ≤ 1 s; {} picked up)",
        ms(start.elapsed()),
        synced[0].picked_up.picked_up.len()
    );
    let again = Instant::now();
    decision_log::sync(&mut teammate).unwrap();
    println!("sync again, nothing new: {:.0} ms", ms(again.elapsed()));

    let dir = Path::new(&linked.dir);
    let problems = check_log(dir).unwrap().problems.len();
    let check = median_ms(5, || drop(check_log(dir).unwrap()));
    println!("log check of 1,000 records: median {check:.0} ms (target ≤ 200 ms; {problems} problems)");

    // One more record accepted and published with its commit.
    decision_log::link_log(&mut store, repo.path(), None, false, true).unwrap();
    let mut times = Vec::new();
    for i in 0..5 {
        let title = format!("Bench record {i}");
        let id = create_session(&mut store, NewSession { title, ..NewSession::default() }).unwrap().session.id;
        let detail = options::add_catalog_option(&mut store, id, "serverless").unwrap();
        let decision = choose_option(&mut store, id, detail.options[0].id).unwrap();
        set_decision_status(&mut store, decision.id, DecisionStatus::Accepted, false).unwrap();
        let start = Instant::now();
        let report = decision_log::publish_record(&store, id, false).unwrap();
        times.push(ms(start.elapsed()));
        assert!(report[0].commit.is_some(), "{report:?}");
    }
    times.sort_by(f64::total_cmp);
    println!(
        "publishing one accepted record including the git commit (1,000 in the log): median {:.0} ms, max {:.0} ms (target ≤ 300 ms)",
        times[times.len() / 2],
        times[times.len() - 1]
    );
}

fn search_figures(data_dir: &Path) {
    use archdecide_core::search::{SearchQuery, search_sessions};
    let store = Store::open(&data_dir.join("archdecide.db")).unwrap();
    for text in ["service 42", "scalability", "architecture session", "zzz"] {
        let query = SearchQuery { text: text.into(), ..SearchQuery::default() };
        let hits = search_sessions(&store, &query).unwrap().len();
        let time = median_ms(20, || drop(search_sessions(&store, &query).unwrap()));
        println!("search “{text}” over 10,000 sessions ({hits} hits): median {time:.1} ms (target ≤ 20 ms)");
    }
}

fn history_figures() {
    use archdecide_core::history::verify_history;
    use archdecide_core::sessions::{SessionEdit, update_session};
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in_memory().unwrap();
    let id = create_session(&mut store, NewSession { title: "Long history".into(), ..NewSession::default() })
        .unwrap()
        .session
        .id;
    for i in 0..10_000 {
        update_session(&mut store, id, SessionEdit::Facilitator(format!("Facilitator {i}"))).unwrap();
    }
    store.backup_to(&dir.path().join("archdecide.db")).unwrap();
    let store = Store::open(&dir.path().join("archdecide.db")).unwrap();
    let events = verify_history(&store, id).unwrap().events;
    let verify = median_ms(10, || assert!(verify_history(&store, id).unwrap().intact));
    println!("verify a history of {events} events: median {verify:.1} ms (target ≤ 50 ms)");
    // Opening a session in the window asks for the session and its (checked) history.
    let open = median_ms(10, || {
        get_session(&store, id).unwrap();
        archdecide_core::history::verify_history(&store, id).unwrap();
    });
    println!("open a session with {events} events (session + chain check): median {open:.1} ms (target ≤ 100 ms)");
    let timeline = median_ms(10, || drop(archdecide_core::history::get_history(&store, id, false).unwrap()));
    println!("the History step's timeline of {events} events: median {timeline:.1} ms");
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

fn core_list_latency(data_dir: &Path) {
    let store = Store::open(&data_dir.join("archdecide.db")).unwrap();
    let first = Instant::now();
    let count = list_sessions(&store).unwrap().len();
    let first = ms(first.elapsed());
    let mut runs: Vec<f64> = (0..50)
        .map(|_| {
            let start = Instant::now();
            list_sessions(&store).unwrap();
            ms(start.elapsed())
        })
        .collect();
    runs.sort_by(f64::total_cmp);
    println!(
        "list_sessions, core, {count} sessions: first {first:.1} ms, median {:.1} ms, p95 {:.1} ms (target ≤ 20 ms)",
        percentile(&runs, 0.5),
        percentile(&runs, 0.95)
    );
}

/// An automatic backup of the 10,000-session database (what the app does at start and
/// after activity, holding the store's lock), and a restore from it.
fn backup_figures(data_dir: &Path) {
    let store = Store::open(&data_dir.join("archdecide.db")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let times: Vec<f64> = (0..5)
        .map(|_| {
            let start = Instant::now();
            archdecide_core::backups::create_backup(&store, dir.path()).unwrap();
            ms(start.elapsed())
        })
        .collect();
    let newest = archdecide_core::backups::list_backups(dir.path()).unwrap().remove(0);
    let target = dir.path().join("restored.db");
    let start = Instant::now();
    archdecide_core::backups::restore_backup(&target, dir.path(), &newest.id, chrono::Utc::now()).unwrap();
    let restore = ms(start.elapsed());
    let mut sorted = times.clone();
    sorted.sort_by(f64::total_cmp);
    println!(
        "backup of a 10,000-session database ({:.1} MiB): median {:.0} ms; restore (integrity check + copy) {restore:.0} ms",
        newest.bytes as f64 / 1048576.0,
        percentile(&sorted, 0.5)
    );
}

/// The pid of a running program (started by WebKitWebDriver).
fn program_pid(program: &Path) -> Option<u32> {
    let binary = std::fs::canonicalize(program).ok()?;
    std::fs::read_dir("/proc").ok()?.flatten().find_map(|entry| {
        let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
        (std::fs::read_link(entry.path().join("exe")).ok()? == binary).then_some(pid)
    })
}

/// The process and all its descendants.
fn process_tree(root: u32) -> Vec<u32> {
    let mut tree = vec![root];
    let mut index = 0;
    while index < tree.len() {
        let parent = tree[index];
        let children = std::fs::read_to_string(format!("/proc/{parent}/task/{parent}/children")).unwrap_or_default();
        tree.extend(children.split_whitespace().filter_map(|pid| pid.parse::<u32>().ok()));
        index += 1;
    }
    tree
}

/// (name, PSS in KiB) of a process.
fn pss(pid: u32) -> Option<(String, u64)> {
    let name = std::fs::read_to_string(format!("/proc/{pid}/comm")).ok()?.trim().to_owned();
    let rollup = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).ok()?;
    let kib =
        rollup.lines().find_map(|line| line.strip_prefix("Pss:"))?.trim().trim_end_matches("kB").trim().parse().ok()?;
    Some((name, kib))
}

/// When a process started, in milliseconds since the epoch (10 ms resolution).
fn process_start_epoch_ms(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after_name = &stat[stat.rfind(')')? + 2..];
    let start_ticks: f64 = after_name.split_whitespace().nth(19)?.parse().ok()?;
    let boot: f64 = std::fs::read_to_string("/proc/stat")
        .ok()?
        .lines()
        .find_map(|line| line.strip_prefix("btime "))?
        .trim()
        .parse()
        .ok()?;
    let ticks_per_second = 100.0; // USER_HZ on Linux
    Some((boot + start_ticks / ticks_per_second) * 1000.0)
}

/// Opens the session titled `title` on its Score step.
async fn open_score_step(client: &fantoccini::Client, title: &str) -> Result<(), String> {
    support::open_session(client, title).await?;
    // The step bar is drawn anew for the opened session: click it once that one shows.
    support::wait_for_text(client, "[data-testid=editor-title]", title).await?;
    support::click(client, "[data-testid=step-score]").await?;
    element(client, "[data-testid=score-cell]").await?;
    Ok(())
}

/// Edit a score → saved → results back in the window, in the session titled `title` (the
/// Score step's first cell, 30 edits: until the cell shows the key and the view read after it,
/// with the analysis, is in); (median, p95) in ms.
async fn edit_to_results(client: &fantoccini::Client, title: &str) -> Result<(f64, f64), String> {
    open_score_step(client, title).await?;
    let timings = client
        .execute_async(
            "const done = arguments[arguments.length - 1]; (async () => { \
               const cell = document.querySelector('[data-testid=score-cell]'); const runs = []; \
               const step = document.querySelector('.score-step'); \
               for (let i = 0; i < 30; i++) { const digit = String(i % 2 === 0 ? 1 : 4); \
                 const t = performance.now(); \
                 cell.dispatchEvent(new KeyboardEvent('keydown', { key: digit, bubbles: true })); \
                 while (!cell.textContent.includes(digit) || step.getAttribute('aria-busy') === 'true') \
                   await new Promise(r => setTimeout(r, 0)); \
                 await new Promise(r => requestAnimationFrame(r)); \
                 runs.push(performance.now() - t); } \
               runs.sort((a, b) => a - b); done([runs[15], runs[28]]); })();",
            vec![],
        )
        .await
        .map_err(|e| e.to_string())?;
    Ok((timings[0].as_f64().unwrap_or(f64::NAN), timings[1].as_f64().unwrap_or(f64::NAN)))
}

/// A burst of 50 score edits a second for three seconds, typed into the Score step's cells
/// while the window draws: the frame times (p50, p95, worst) and the edits' round trips;
/// then the Results step's winner and total against a fresh analysis of what was stored.
/// What a burst printed, what the window showed after it, and what it typed where: (driver
/// index, option index, score) into the sheet of the stakeholder named `sheet`.
struct Burst {
    line: String,
    winner: String,
    headline: String,
    typed: Vec<(usize, usize, u8)>,
    sheet: String,
}

async fn edit_burst(client: &fantoccini::Client, title: &str) -> Result<Burst, String> {
    open_score_step(client, title).await?;
    let figures = client
        .execute_async(
            "const done = arguments[arguments.length - 1]; (async () => { \
               const cells = Array.from(document.querySelectorAll('[data-testid=score-cell]')); \
               const frames = []; let last = performance.now(); let drawing = true; const typed = []; \
               const frame = (t) => { frames.push(t - last); last = t; if (drawing) requestAnimationFrame(frame); }; \
               requestAnimationFrame(frame); \
               const start = performance.now(); \
               for (let i = 0; i < 150; i++) { \
                 while (performance.now() - start < i * 20) await new Promise(r => setTimeout(r, 1)); \
                 const cell = cells[(i * 7) % cells.length]; \
                 typed.push([Number(cell.dataset.row), Number(cell.dataset.col) - 1, i % 6]); \
                 cell.dispatchEvent(new KeyboardEvent('keydown', { key: String(i % 6), bubbles: true })); } \
               const took = performance.now() - start; \
               const shows = ([row, col, value]) => document.querySelector(`[data-row=\"${row}\"][data-col=\"${col + 1}\"]`)?.textContent.includes(String(value)); \
               while (!typed.every(shows) && performance.now() - start < 30000) await new Promise(r => setTimeout(r, 20)); \
               const shown = performance.now() - start; \
               const step = document.querySelector('.score-step'); \
               while (step.getAttribute('aria-busy') === 'true' && performance.now() - start < 30000) await new Promise(r => setTimeout(r, 5)); \
               const settled = performance.now() - start; \
               await new Promise(r => setTimeout(r, 500)); drawing = false; \
               frames.sort((a, b) => a - b); \
               const at = (p) => frames[Math.min(frames.length - 1, Math.floor(frames.length * p))]; \
               const sheet = document.querySelector('[role=tab][aria-selected=true]').textContent.trim(); \
               const notice = document.querySelector('.notice')?.textContent ?? ''; \
               done([at(0.5), at(0.95), frames[frames.length - 1], took, frames.length, typed, sheet, notice, shown, settled]); })();",
            vec![],
        )
        .await
        .map_err(|e| e.to_string())?;
    let number = |i: usize| figures[i].as_f64().unwrap_or(f64::NAN);
    support::click(client, "[data-testid=step-results]").await?;
    element(client, "[data-testid=winner]").await?;
    let shown = support::text_of(client, "[data-testid=results-summary] .headline").await.unwrap_or_default();
    let winner = support::text_of(client, "[data-testid=winner]").await.unwrap_or_default();
    let line = format!(
        "frame time p50 {:.1} ms, p95 {:.1} ms, worst {:.1} ms ({} frames; 150 edits typed in {:.0} ms, all shown in their cells after {:.0} ms, the analysis of the last one in after {:.0} ms){}; Results then: “{}”",
        number(0),
        number(1),
        number(2),
        number(4),
        number(3),
        number(8),
        number(9),
        figures[7].as_str().filter(|n| !n.is_empty()).map(|n| format!("; the window said “{n}”")).unwrap_or_default(),
        shown.trim()
    );
    let typed: Vec<(usize, usize, u8)> = serde_json::from_value(figures[5].clone()).map_err(|e| e.to_string())?;
    let sheet = figures[6].as_str().unwrap_or_default().to_owned();
    Ok(Burst { line, winner: winner.trim().to_owned(), headline: shown.trim().to_owned(), typed, sheet })
}

/// The winner's name and "{total} of 100" of a fresh analysis of session `id` in `database`
/// (read beside the running app: WAL lets a reader in).
fn fresh_result(database: &Path, id: Uuid) -> Result<(String, String), String> {
    let store = Store::open(database).map_err(|e| e.to_string())?;
    let fresh = scoring::evidence_of(&store, id).map_err(|e| e.to_string())?.analyze();
    let detail = get_session(&store, id).map_err(|e| e.to_string())?;
    let winner = fresh.winner.and_then(|w| detail.options.iter().find(|o| o.id == w)).map(|o| o.name.clone());
    let total = fresh.options.iter().find(|o| Some(o.option_id) == fresh.winner).and_then(|o| o.total);
    Ok((winner.unwrap_or_default(), format!("{:.1} of 100", total.unwrap_or(f64::NAN))))
}

/// The participants' tokens of the room open in `window` (from the links file the room
/// writes for `room links`).
fn room_tokens(window: &Window) -> Result<Vec<String>, String> {
    let links = std::fs::read_dir(window.data_dir.path().join("rooms"))
        .map_err(|e| e.to_string())?
        .flatten()
        .find_map(|entry| std::fs::read_to_string(entry.path()).ok())
        .ok_or("the room wrote no links file")?;
    let status: serde_json::Value = serde_json::from_str(&links).map_err(|e| e.to_string())?;
    Ok(status["links"]
        .as_array()
        .ok_or("no links")?
        .iter()
        .filter_map(|l| l["url"].as_str()?.rsplit('/').next().map(str::to_owned))
        .collect())
}

/// The room of fifty: the window opens a room for the session titled `title` (50
/// stakeholders) and shows its Results while 50 participants save 150 scores at 50 a second
/// from their own connections; the window's frame times meanwhile, and how long after the
/// last save its Results equal a fresh analysis of what was stored.
async fn room_burst(window: &Window, client: &fantoccini::Client, id: Uuid, title: &str) -> Result<String, String> {
    open_score_step(client, title).await?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .map_err(|e| e.to_string())?
        .local_addr()
        .map_err(|e| e.to_string())?
        .port();
    support::click(client, "[data-testid=open-room]").await?;
    support::click(client, "input[name=room-address][value='127.0.0.1']").await?;
    support::type_into(client, "#room-port", &port.to_string()).await?;
    support::click(client, "[data-testid=confirm-open-room]").await?;
    element(client, "[data-testid=qr-grid] svg.qr").await?;
    support::click_text(client, ".actions button", "Done").await?;
    let tokens = room_tokens(window)?;
    let detail = {
        let store = Store::open(&window.database()).map_err(|e| e.to_string())?;
        get_session(&store, id).map_err(|e| e.to_string())?
    };
    support::click(client, "[data-testid=step-results]").await?;
    element(client, "[data-testid=winner]").await?;
    client
        .execute(
            "window.__frames = []; window.__drawing = true; let last = performance.now(); \
             const frame = (t) => { window.__frames.push(t - last); last = t; if (window.__drawing) requestAnimationFrame(frame); }; \
             requestAnimationFrame(frame);",
            vec![],
        )
        .await
        .map_err(|e| e.to_string())?;
    let address: std::net::SocketAddr = format!("127.0.0.1:{port}").parse().map_err(|_| "address")?;
    let saves = room_figures::paced(address, &tokens, &detail, 150, 50.0).await;
    let last_save = Instant::now();
    let (winner, total) = fresh_result(&window.database(), id)?;
    // Bounded: the window gets 15 s to show what was stored.
    let mut caught_up = None;
    while last_save.elapsed() < Duration::from_secs(15) {
        let shown_winner = support::text_of(client, "[data-testid=winner]").await.unwrap_or_default();
        let headline = support::text_of(client, "[data-testid=results-summary] .headline").await.unwrap_or_default();
        if shown_winner.trim() == winner && headline.contains(&total) {
            caught_up = Some(last_save.elapsed());
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let frames = client
        .execute(
            "window.__drawing = false; const f = window.__frames.slice().sort((a, b) => a - b); \
             const at = (p) => f[Math.min(f.length - 1, Math.floor(f.length * p))]; return [at(0.5), at(0.95), f[f.length - 1], f.length];",
            vec![],
        )
        .await
        .map_err(|e| e.to_string())?;
    let number = |i: usize| frames[i].as_f64().unwrap_or(f64::NAN);
    // Every save stored as sent (no participant saved a cell twice).
    let store = Store::open(&window.database()).map_err(|e| e.to_string())?;
    let evidence = scoring::evidence_of(&store, id).map_err(|e| e.to_string())?;
    let stored = |save: &room_figures::PacedSave| {
        evidence.scores.iter().any(|s| {
            s.stakeholder_id == detail.stakeholders[save.person].id
                && s.driver_id == detail.drivers[save.driver].id
                && s.option_id == detail.options[save.option].id
                && s.value == save.value
        })
    };
    let refused = saves.iter().filter(|s| s.status != 200).count();
    let lost = saves.iter().filter(|s| s.status == 200 && !stored(s)).count();
    let answered = saves.iter().map(|s| s.answered_ms).fold(0.0, f64::max);
    Ok(format!(
        "frame time p50 {:.1} ms, p95 {:.1} ms, worst {:.1} ms ({} frames); {} saves ({} participants) answered by {answered:.0} ms, {refused} refused, {lost} not stored as sent; the window's Results equal a fresh analysis ({winner}, {total}) {}",
        number(0),
        number(1),
        number(2),
        number(3),
        saves.len(),
        tokens.len(),
        caught_up
            .map_or("NOT within 15 s of the last save".to_owned(), |t| format!("{:.0} ms after the last save", ms(t)))
    ))
}

/// Edit→results in the window for the 30 × 8 × 15 workshop and the growth sizes, the window
/// under a burst of 50 edits a second through IPC, then under the same from the room (into
/// session `room`); returns what the window showed after the IPC burst.
async fn score_edit_latency(window: &Window, sizes: &[(usize, usize, usize)], room: Uuid) -> Option<Burst> {
    let client = window.launch().await;
    let outcome: Result<Burst, String> = async {
        let (median, p95) = edit_to_results(&client, "Large workshop").await?;
        println!(
            "edit a score → saved → results back in the window (30×8×15 workshop): median {median:.1} ms, p95 {p95:.1} ms (target ≤ 50 ms)"
        );
        println!("growth through the window: stakeholders × drivers × options: edit → results median / p95");
        for (people, drivers, options) in sizes {
            let (median, p95) = edit_to_results(&client, &format!("{people} × {drivers} × {options}")).await?;
            println!("  {people:>3} × {drivers} × {options}: {median:.1} / {p95:.1} ms");
        }
        let burst = edit_burst(&client, "50 × 40 × 12").await?;
        println!("50 edits a second for 3 s into the 50 × 40 × 12 workshop: {}", burst.line);
        let line = room_burst(window, &client, room, "50 × 30 × 8").await?;
        println!("the room: 50 participants save 50 scores a second for 3 s into the 50 × 30 × 8 workshop, the window on Results: {line}");
        Ok(burst)
    }
    .await;
    let _ = client.close().await;
    outcome.map_err(|message| println!("score edit figure failed: {message}")).ok()
}

/// What one launch measured.
struct Launch {
    /// Process start → the page's `session-list-painted` mark, in ms (±10 ms: /proc's clock).
    painted_ms: f64,
    /// Of which after the page began loading.
    after_navigation_ms: f64,
    /// PSS summed over the program and its WebKit processes, in MiB, and per process.
    pss_mib: f64,
    parts: String,
}

/// Measures a launch of `program` on `client`: when the page marked its first paint, and
/// the memory of the process tree two seconds later.
async fn measure_launch(client: &fantoccini::Client, program: &Path) -> Result<Launch, String> {
    element(client, "body").await?;
    let mut painted = json!(null);
    for _ in 0..250 {
        painted = client
            .execute(
                "const m = performance.getEntriesByName('session-list-painted')[0]; \
                 return m ? [performance.timeOrigin + m.startTime, m.startTime] : null;",
                vec![],
            )
            .await
            .map_err(|e| e.to_string())?;
        if !painted.is_null() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let pid = program_pid(program).ok_or("the program's process was not found")?;
    let (Some(painted_at), Some(after_navigation_ms), Some(started)) =
        (painted[0].as_f64(), painted[1].as_f64(), process_start_epoch_ms(pid))
    else {
        return Err("the page never marked its first paint".into());
    };
    tokio::time::sleep(Duration::from_secs(2)).await;
    let mut total = 0;
    let mut parts = Vec::new();
    for (name, kib) in process_tree(pid).into_iter().filter_map(pss) {
        total += kib;
        parts.push(format!("{name} {:.0}", kib as f64 / 1024.0));
    }
    Ok(Launch {
        painted_ms: painted_at - started,
        after_navigation_ms,
        pss_mib: total as f64 / 1024.0,
        parts: parts.join(", "),
    })
}

/// Launches `program` once and measures it; prints what went wrong instead of failing.
async fn launch_once(window: &Window, program: &Path) -> Option<Launch> {
    let client = window.launch_program(program).await.map_err(|e| println!("launch failed: {e}")).ok()?;
    let launch = measure_launch(&client, program).await;
    let _ = client.close().await;
    launch.map_err(|message| println!("launch figures failed: {message}")).ok()
}

/// The empty Tauri window of `examples/empty_window.rs`, built in release on demand.
fn empty_window() -> Option<std::path::PathBuf> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = std::process::Command::new(cargo)
        .args(["build", "--release", "--quiet", "-p", "archdecide", "--example", "empty_window"])
        .status()
        .ok()?;
    let program = Path::new(env!("CARGO_BIN_EXE_archdecide")).parent()?.join("examples/empty_window");
    (status.success() && program.exists()).then_some(program)
}

/// Launch time and memory of the app with 200 sessions, next to the floor every Tauri app on
/// this machine stands on (an empty window), launched alternately so both see the same load:
/// ten launches each after a cold one (with five, two runs of the same build gave +42 and
/// +58 ms).
async fn launch_figures(window: &Window) {
    let app = Path::new(env!("CARGO_BIN_EXE_archdecide"));
    let floor = empty_window();
    if floor.is_none() {
        println!("(the empty window could not be built: the floor is left out)");
    }
    let (mut app_runs, mut floor_runs) = (Vec::new(), Vec::new());
    for run in 0..11 {
        for (program, runs) in [(Some(app), &mut app_runs), (floor.as_deref(), &mut floor_runs)] {
            let Some(program) = program else { continue };
            let Some(launch) = launch_once(window, program).await else { continue };
            // The first launch meets cold caches; the rest are what a user sees every day.
            if run > 0 {
                runs.push(launch);
            }
        }
    }
    let report = |what: &str, runs: &mut Vec<Launch>| {
        if runs.is_empty() {
            return;
        }
        runs.sort_by(|a, b| a.painted_ms.total_cmp(&b.painted_ms));
        let median = &runs[runs.len() / 2];
        let all: Vec<String> = runs.iter().map(|r| format!("{:.0}", r.painted_ms)).collect();
        println!(
            "{what}: launch → first paint median {:.0} ms (runs {} ms; {:.0} ms of it after the page began \
             loading); PSS {:.0} MiB ({})",
            median.painted_ms,
            all.join(", "),
            median.after_navigation_ms,
            median.pss_mib,
            median.parts
        );
    };
    report("empty Tauri window (the floor)", &mut floor_runs);
    report("ArchDecide, 200 sessions (targets ≤ 900 ms, ≤ 300 MiB)", &mut app_runs);
    let median = |runs: &[Launch], of: fn(&Launch) -> f64| {
        let mut values: Vec<f64> = runs.iter().map(of).collect();
        values.sort_by(f64::total_cmp);
        values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
    };
    let (app_ms, floor_ms) = (median(&app_runs, |r| r.painted_ms), median(&floor_runs, |r| r.painted_ms));
    println!("start-up above the empty window: {:.0} ms (target ≤ 50 ms)", app_ms - floor_ms);
    // The window's memory with a 30 × 8 × 15 workshop open on its Score and Results steps.
    let client = window.launch().await;
    let open: Result<f64, String> = async {
        support::open_session(&client, "Large workshop").await?;
        support::click(&client, "[data-testid=step-score]").await?;
        element(&client, "[data-testid=score-cell]").await?;
        support::click(&client, "[data-testid=step-results]").await?;
        element(&client, "[data-testid=smaa]").await?;
        tokio::time::sleep(Duration::from_secs(2)).await;
        let pid = program_pid(app).ok_or("the program's process was not found")?;
        Ok(process_tree(pid).into_iter().filter_map(pss).map(|(_, kib)| kib).sum::<u64>() as f64 / 1024.0)
    }
    .await;
    let _ = client.close().await;
    match open {
        Ok(mib) => println!(
            "PSS with the 30 × 8 × 15 workshop open (Score, then Results with SMAA-2): {mib:.0} MiB, {:.0} MiB above the empty window (target ≤ 40 MiB)",
            mib - median(&floor_runs, |r| r.pss_mib)
        ),
        Err(message) => println!("workshop memory figure failed: {message}"),
    }
}

/// One launch with 10,000 sessions, then the session list's round trip through IPC.
async fn large_list_figures(window: &Window) {
    let app = Path::new(env!("CARGO_BIN_EXE_archdecide"));
    let client = window.launch().await;
    let outcome: Result<(), String> = async {
        let launch = measure_launch(&client, app).await?;
        println!(
            "ArchDecide, 10,000 sessions: launch → first paint {:.0} ms ({:.0} ms of it after the page began \
             loading); PSS {:.0} MiB ({})",
            launch.painted_ms, launch.after_navigation_ms, launch.pss_mib, launch.parts
        );
        let timings = client
            .execute_async(
                "const done = arguments[arguments.length - 1]; (async () => { \
                   const invoke = window.__TAURI_INTERNALS__.invoke; const runs = []; let count = 0; \
                   for (let i = 0; i < 30; i++) { const t = performance.now(); \
                     count = (await invoke('search_sessions', { query: { text: '', statuses: [], accepted_only: false, sort: 'relevance', hide_archived: true }, first: 0, count: 140 })).total; runs.push(performance.now() - t); } \
                   runs.sort((a, b) => a - b); done([count, runs[15], runs[28]]); })();",
                vec![],
            )
            .await
            .map_err(|e| e.to_string())?;
        println!(
            "the session list's page (search_sessions, no text, the 140 rows around the view) through IPC into the window, {} sessions: median {:.1} ms, p95 {:.1} ms (target ≤ 20 ms)",
            timings[0],
            timings[1].as_f64().unwrap_or(f64::NAN),
            timings[2].as_f64().unwrap_or(f64::NAN)
        );
        Ok(())
    }
    .await;
    let _ = client.close().await;
    if let Err(message) = outcome {
        println!("window figures failed: {message}");
    }
}

/// The memory an open room adds to the window's own process (the room lives there): the
/// app's PSS with the session's Score step open, after opening the room (its QR grid shown),
/// and after 50 participants × 30 saves through it. WebKit's processes are reported apart:
/// the room serves phones from the app process, not from the web view.
async fn room_window_memory(window: &Window) {
    let app = Path::new(env!("CARGO_BIN_EXE_archdecide"));
    let client = window.launch().await;
    let outcome: Result<(), String> = async {
        support::click_text(&client, "[data-testid=session-item]", "Room figures").await?;
        support::click(&client, "[data-testid=step-score]").await?;
        element(&client, "[data-testid=open-room]").await?;
        let pid = program_pid(app).ok_or("the program's process was not found")?;
        let web = |pid: u32| -> u64 { process_tree(pid).into_iter().skip(1).filter_map(pss).map(|(_, kib)| kib).sum() };
        tokio::time::sleep(Duration::from_secs(2)).await;
        let before = pss(pid).map_or(0, |(_, kib)| kib);
        let web_before = web(pid);
        let port = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?.local_addr().map_err(|e| e.to_string())?.port();
        support::click(&client, "[data-testid=open-room]").await?;
        support::click(&client, "input[name=room-address][value='127.0.0.1']").await?;
        support::type_into(&client, "#room-port", &port.to_string()).await?;
        support::click(&client, "[data-testid=confirm-open-room]").await?;
        element(&client, "[data-testid=qr-grid] svg.qr").await?;
        tokio::time::sleep(Duration::from_secs(2)).await;
        let open = pss(pid).map_or(0, |(_, kib)| kib);
        let web_open = web(pid);
        let tokens = room_tokens(window)?;
        let detail = {
            let store = archdecide_core::Store::open(&window.database()).map_err(|e| e.to_string())?;
            let id = archdecide_core::sessions::list_sessions(&store).map_err(|e| e.to_string())?[0].id;
            archdecide_core::sessions::get_session(&store, id).map_err(|e| e.to_string())?
        };
        let address: std::net::SocketAddr = format!("127.0.0.1:{port}").parse().map_err(|_| "address")?;
        let saves = room_figures::load(address, &tokens, &detail).await;
        tokio::time::sleep(Duration::from_secs(2)).await;
        let after = pss(pid).map_or(0, |(_, kib)| kib);
        let web_after = web(pid);
        let mib = |kib: u64| kib as f64 / 1024.0;
        println!(
            "room memory in the window's process (PSS): {:.1} MiB on the Score step, {:.1} MiB with the room open, {:.1} MiB after {} saves — the room adds {:.1} MiB open, {:.1} MiB after the load (target ≤ 20 MiB); WebKit's processes {:.0} → {:.0} → {:.0} MiB (the QR grid on screen)",
            mib(before),
            mib(open),
            mib(after),
            saves,
            mib(open.saturating_sub(before)),
            mib(after.saturating_sub(before)),
            mib(web_before),
            mib(web_open),
            mib(web_after)
        );
        Ok(())
    }
    .await;
    if let Err(message) = outcome {
        println!("room window memory failed: {message}");
    }
    let _ = client.close().await;
}

/// Which groups of figures to print: all, or those named on the command line
/// (`cargo bench -p archdecide --bench figures -- launch edit`).
fn wanted(group: &str) -> bool {
    let named: Vec<String> = std::env::args().skip(1).filter(|arg| !arg.starts_with("--")).collect();
    named.is_empty() || named.iter().any(|name| name == group)
}

fn main() {
    // Groups: core (analysis, science, records, history), log, smaa (beside numpy, growth), room (with the window's memory), edit, launch, large (10,000
    // sessions).
    let runtime = tokio::runtime::Runtime::new().unwrap();

    if wanted("core") {
        analysis_speed();
        science_figures();
        record_figures();
        history_figures();
    }

    if wanted("log") {
        decision_log_figures();
    }

    if wanted("smaa") {
        smaa_figures();
    }

    if wanted("room") {
        room_figures::room_figures(&runtime);
        let window = Window::start();
        drop(room_figures::workshop(window.data_dir.path(), 50));
        runtime.block_on(room_window_memory(&window));
    }

    if wanted("edit") {
        let window = Window::start();
        let sizes = [(5, 30, 8), (15, 30, 8), (50, 30, 8), (200, 30, 8), (50, 40, 12)];
        let burst_id = {
            let mut store = Store::open_in_memory().unwrap();
            seed_large_workshop(&mut store);
            let ids: Vec<Uuid> = sizes
                .iter()
                .map(|&(people, drivers, options)| scored_workshop(&mut store, people, drivers, options, true))
                .collect();
            store.backup_to(&window.database()).unwrap();
            ids
        };
        // The IPC burst goes into the last size (50 × 40 × 12), the room's into 50 × 30 × 8.
        let (burst_id, room_id) = (burst_id[4], burst_id[2]);
        let Some(burst) = runtime.block_on(score_edit_latency(&window, &sizes, room_id)) else { return };
        // What the burst left stored, analysed afresh (the window's Results were printed above).
        let (winner, total) = fresh_result(&window.database(), burst_id).unwrap();
        let store = Store::open(&window.database()).unwrap();
        let detail = get_session(&store, burst_id).unwrap();
        let same = burst.winner == winner && burst.headline.contains(&total);
        // Every key typed is what was stored (each cell was typed into once).
        let evidence = scoring::evidence_of(&store, burst_id).unwrap();
        // The tab reads "Person 0 480/480": the name, then the progress.
        let person =
            detail.stakeholders.iter().find(|s| burst.sheet.starts_with(&format!("{} ", s.name))).map(|s| s.id);
        let lost = burst
            .typed
            .iter()
            .filter(|(d, o, value)| {
                !evidence.scores.iter().any(|s| {
                    Some(s.stakeholder_id) == person
                        && s.driver_id == detail.drivers[*d].id
                        && s.option_id == detail.options[*o].id
                        && s.value == *value
                })
            })
            .count();
        println!(
            "  of the {} keys typed into {}'s sheet, {lost} are not what was stored",
            burst.typed.len(),
            burst.sheet
        );
        println!(
            "  a fresh analysis of what was stored: {winner} with {total}: {}",
            if same { "the window showed the same" } else { "THE WINDOW SHOWED SOMETHING ELSE" }
        );
    }

    if wanted("launch") {
        let window = Window::start();
        seed(window.data_dir.path(), 200);
        {
            let mut store = Store::open(&window.database()).unwrap();
            seed_large_workshop(&mut store);
        }
        runtime.block_on(launch_figures(&window));
    }

    if wanted("large") {
        let window = Window::start();
        let start = Instant::now();
        seed(window.data_dir.path(), 10_000);
        println!("(seeded 10,000 sessions in {:.1} s)", start.elapsed().as_secs_f64());
        core_list_latency(window.data_dir.path());
        search_figures(window.data_dir.path());
        backup_figures(window.data_dir.path());
        runtime.block_on(large_list_figures(&window));
    }
}
