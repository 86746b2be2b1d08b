//! Crash safety: a child process makes a burst of edits through the store the app's commands
//! call, printing one acknowledgement per edit exactly where a command would answer the UI;
//! the parent SIGKILLs it at many points, reopens the database and checks that every
//! acknowledged edit is there, nothing half-done is, `PRAGMA integrity_check` says ok and the
//! history chain is intact. Prints the kill points tried and the edits lost (target 0).
//!
//! Runs without the test harness: `crash_safety child <db>` is the editing child.

// Tests unwrap: a failure is the message.
#![allow(clippy::unwrap_used)]

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use archdecide_core::drivers::{NewDriver, add_driver};
use archdecide_core::scoring::{ScoreCell, ScoreEdit, get_scoring, set_score};
use archdecide_core::sessions::{NewSession, SessionEdit, create_session, get_session, list_sessions, update_session};
use archdecide_core::stakeholders::{NewStakeholder, add_stakeholder};
use archdecide_core::{Store, backups, drivers, history, options};

/// Edits in one burst; the kill lands somewhere inside it.
const EDITS: usize = 240;
/// How many times the child is killed.
const KILL_POINTS: usize = 60;

/// What the checked part of the session looks like: its context, its drivers' titles and the
/// first stakeholder's scores as (driver index, option index, value, rationale).
#[derive(Debug, Clone, PartialEq)]
struct Observed {
    context: String,
    drivers: Vec<String>,
    scores: Vec<(usize, usize, u8, String)>,
}

/// Edit `i` of the burst: four kinds in turn, each one transaction.
enum Edit {
    Context(String),
    Value { cell: usize, value: u8 },
    Driver(String),
    Rationale { cell: usize, text: String },
}

/// The cells edited: the three starting drivers × three options.
const CELLS: usize = 9;

fn edit(i: usize) -> Edit {
    let round = i / 4;
    match i % 4 {
        0 => Edit::Context(format!("Context after edit {i}:{}", " ü".repeat(round % 7))),
        1 => Edit::Value { cell: round % CELLS, value: (round % 6) as u8 },
        2 => Edit::Driver(format!("Driver {i}")),
        _ => Edit::Rationale { cell: round % CELLS, text: format!("Because of edit {i}") },
    }
}

/// The state after the first `applied` edits, computed without a database.
fn expected(start: &Observed, applied: usize) -> Observed {
    let mut state = start.clone();
    for i in 0..applied {
        match edit(i) {
            Edit::Context(text) => state.context = text,
            Edit::Value { cell, value } => {
                let (d, o) = (cell / 3, cell % 3);
                match state.scores.iter_mut().find(|s| s.0 == d && s.1 == o) {
                    Some(score) => score.2 = value,
                    None => state.scores.push((d, o, value, String::new())),
                }
            }
            Edit::Driver(title) => state.drivers.push(title),
            Edit::Rationale { cell, text } => {
                let (d, o) = (cell / 3, cell % 3);
                if let Some(score) = state.scores.iter_mut().find(|s| s.0 == d && s.1 == o) {
                    score.3 = text;
                }
            }
        }
    }
    state.scores.sort();
    state
}

fn observe(store: &Store) -> Observed {
    let session = list_sessions(store).unwrap()[0].id;
    let detail = get_session(store, session).unwrap();
    let stakeholder = detail.stakeholders[0].id;
    let scoring = get_scoring(store, session, Some(stakeholder)).unwrap();
    let index_of = |id, ids: Vec<uuid::Uuid>| ids.iter().position(|x| *x == id).unwrap();
    let driver_ids: Vec<_> = detail.drivers.iter().map(|d| d.id).collect();
    let option_ids: Vec<_> = detail.options.iter().map(|o| o.id).collect();
    let mut scores: Vec<_> = scoring
        .scores
        .iter()
        .map(|s| {
            (
                index_of(s.driver_id, driver_ids.clone()),
                index_of(s.option_id, option_ids.clone()),
                s.value,
                s.rationale.clone(),
            )
        })
        .collect();
    scores.sort();
    Observed {
        context: detail.session.context.clone(),
        drivers: detail.drivers.iter().map(|d| d.title.clone()).collect(),
        scores,
    }
}

/// The child: the burst of edits, one acknowledgement line per edit that returned Ok.
fn child(database: &Path) {
    let mut store = Store::open(database).unwrap();
    let session = list_sessions(&store).unwrap()[0].id;
    let detail = get_session(&store, session).unwrap();
    let cell = |n: usize| ScoreCell {
        stakeholder_id: detail.stakeholders[0].id,
        driver_id: detail.drivers[n / 3].id,
        option_id: detail.options[n % 3].id,
    };
    let mut out = std::io::stdout().lock();
    for i in 0..EDITS {
        match edit(i) {
            Edit::Context(text) => {
                update_session(&mut store, session, SessionEdit::Context(text)).unwrap();
            }
            Edit::Value { cell: n, value } => {
                set_score(&mut store, session, cell(n), ScoreEdit::Value(Some(value))).unwrap();
            }
            Edit::Driver(title) => {
                add_driver(&mut store, session, NewDriver { title, ..NewDriver::default() }).unwrap();
            }
            Edit::Rationale { cell: n, text } => {
                set_score(&mut store, session, cell(n), ScoreEdit::Rationale(text)).unwrap();
            }
        }
        // The acknowledgement: what a command's response is to the UI.
        writeln!(out, "{i}").unwrap();
        out.flush().unwrap();
    }
}

/// A session with one stakeholder, three drivers and three options, as a file to copy.
fn template(path: &Path) -> Observed {
    let mut store = Store::open(path).unwrap();
    let new = NewSession { title: "Checkout platform".into(), ..NewSession::default() };
    let session = create_session(&mut store, new).unwrap().session.id;
    add_stakeholder(&mut store, session, NewStakeholder::named("Ana")).unwrap();
    for key in ["scalability", "complexity", "resources"] {
        drivers::add_template_driver(&mut store, session, key).unwrap();
    }
    for key in ["monolithic", "microservices", "serverless"] {
        options::add_catalog_option(&mut store, session, key).unwrap();
    }
    let start = observe(&store);
    drop(store);
    // One self-contained file: the WAL is folded back on close.
    assert!(!Path::new(&format!("{}-wal", path.display())).exists());
    start
}

/// A small deterministic generator for where to kill (no dependency for eleven lines).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("child") {
        child(Path::new(&args[2]));
        return;
    }
    // `cargo test NAME` passes NAME on: run only when it names this test.
    if args.iter().skip(1).any(|a| !a.starts_with('-') && !"crash_safety".contains(a.as_str())) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let template_path = dir.path().join("template.db");
    let start = template(&template_path);
    let mut random = Lcg(0x00c0_ffee);
    let (mut acknowledged, mut lost, mut in_flight_committed) = (0usize, 0usize, 0usize);
    for point in 0..KILL_POINTS {
        let database = dir.path().join(format!("kill-{point}.db"));
        std::fs::copy(&template_path, &database).unwrap();
        // Kill after this many acknowledgements (spread over the burst), plus a random delay
        // so the signal lands at different moments inside a transaction.
        let after = (point * EDITS / KILL_POINTS) + random.below((EDITS / KILL_POINTS) as u64) as usize;
        let delay = Duration::from_micros(random.below(3000));
        let mut editor = Command::new(std::env::current_exe().unwrap())
            .arg("child")
            .arg(&database)
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(editor.stdout.take().unwrap()).lines();
        let mut last_ack: Option<usize> = None;
        while last_ack.is_none_or(|n| n + 1 < after) {
            match lines.next() {
                Some(line) => last_ack = Some(line.unwrap().parse().unwrap()),
                None => break,
            }
        }
        std::thread::sleep(delay);
        editor.kill().unwrap(); // SIGKILL on Unix
        editor.wait().unwrap();
        // Acknowledgements printed before the kill count too.
        for line in lines {
            last_ack = Some(line.unwrap().parse().unwrap());
        }
        let acked = last_ack.map_or(0, |n| n + 1);
        acknowledged += acked;

        backups::check_file(&database).unwrap_or_else(|e| panic!("kill point {point}: {e}"));
        let store = Store::open(&database).unwrap_or_else(|e| panic!("kill point {point}: reopen: {e}"));
        let found = observe(&store);
        let applied = (0..=EDITS).find(|&n| expected(&start, n) == found).unwrap_or_else(|| {
            panic!("kill point {point}: the database matches no prefix of the edits (half an edit?): {found:?}")
        });
        if applied < acked {
            lost += acked - applied;
            eprintln!("kill point {point}: {acked} edits acknowledged but only {applied} stored");
        }
        assert!(applied <= acked + 1, "kill point {point}: {applied} edits stored, only {acked} were sent");
        in_flight_committed += applied - applied.min(acked);
        let session = list_sessions(&store).unwrap()[0].id;
        let chain = history::verify_history(&store, session).unwrap();
        assert!(chain.intact, "kill point {point}: history chain broken at {:?}", chain.broken_at);
        drop(store);
        let _ = std::fs::remove_file(&database);
    }
    println!(
        "crash safety: {KILL_POINTS} kill points, {acknowledged} acknowledged edits, {lost} lost, \
         {in_flight_committed} unacknowledged edits that had committed"
    );
    assert_eq!(lost, 0, "acknowledged edits were lost");
}
