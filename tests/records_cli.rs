//! Decision records through the CLI as a black box: export in every format (the PDF checked
//! with pdftotext, pdfinfo and qpdf), the decision log, and imports.

// Tests unwrap: a failure is the message.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::{Command, Output};

use archdecide_core::decisions::{DecisionEdit, DecisionStatus, choose_option, set_decision_status, update_decision};
use archdecide_core::scoring::{ScoreCell, ScoreEdit, set_score};
use archdecide_core::sessions::{NewSession, create_session, get_session};
use archdecide_core::stakeholders::{NewStakeholder, Raci, add_stakeholder};
use archdecide_core::{Store, drivers, options};

fn archdecide(data_dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_archdecide"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env_remove("ARCHDECIDE_DATA_DIR")
        .output()
        .expect("the binary runs")
}

fn ok(output: &Output) -> String {
    assert!(output.status.success(), "failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn tool(program: &str, args: &[&str]) -> String {
    let output =
        Command::new(program).args(args).output().unwrap_or_else(|e| panic!("{program} must be installed: {e}"));
    assert!(output.status.success(), "{program} {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// An accepted record with non-Latin text; `drivers` extra custom drivers make it long.
fn decided(data_dir: &Path, title: &str, extra_drivers: usize) -> String {
    let id = proposed(data_dir, title, extra_drivers);
    let mut store = Store::open(&data_dir.join("archdecide.db")).unwrap();
    let decision = archdecide_core::decisions::get_decision(&store, id.parse().unwrap()).unwrap().unwrap();
    set_decision_status(&mut store, decision.id, DecisionStatus::Accepted, false).unwrap();
    id
}

/// A workshop with a proposed record.
fn proposed(data_dir: &Path, title: &str, extra_drivers: usize) -> String {
    let mut store = Store::open(&data_dir.join("archdecide.db")).unwrap();
    let context = "Peak traffic doubles every year — Zürich, Αθήνα, Москва. ".repeat(1 + extra_drivers * 5);
    let id =
        create_session(&mut store, NewSession { title: title.into(), context: Some(context), ..NewSession::default() })
            .unwrap()
            .session
            .id;
    let ana = NewStakeholder { raci: Some(Raci::Accountable), ..NewStakeholder::named("Ana Souza") };
    add_stakeholder(&mut store, id, ana).unwrap();
    add_stakeholder(&mut store, id, NewStakeholder::named("Борис")).unwrap();
    drivers::add_template_driver(&mut store, id, "scalability").unwrap();
    for i in 0..extra_drivers {
        let new = drivers::NewDriver {
            title: format!("Driver {i}"),
            description: Some("Ελληνικά και русский текст.".into()),
            category: None,
            must_have: None,
        };
        drivers::add_driver(&mut store, id, new).unwrap();
    }
    options::add_catalog_option(&mut store, id, "monolithic").unwrap();
    options::add_catalog_option(&mut store, id, "microservices").unwrap();
    let detail = get_session(&store, id).unwrap();
    for person in &detail.stakeholders {
        for driver in &detail.drivers {
            for (o, option) in detail.options.iter().enumerate() {
                let cell = ScoreCell { stakeholder_id: person.id, driver_id: driver.id, option_id: option.id };
                set_score(&mut store, id, cell, ScoreEdit::Value(Some(if o == 1 { 4 } else { 2 }))).unwrap();
            }
        }
    }
    let decision = choose_option(&mut store, id, detail.options[1].id).unwrap();
    update_decision(&mut store, decision.id, DecisionEdit::Confirmation("Überprüfung im Architekturboard.".into()))
        .unwrap();
    id.to_string()
}

#[test]
fn pdf_export_has_every_section_and_the_non_ascii_text_and_passes_qpdf() {
    let dir = tempfile::tempdir().unwrap();
    let id = decided(dir.path(), "Checkout für Zürich — Αθήνα", 0);
    let out = dir.path().join("record.pdf");
    ok(&archdecide(dir.path(), &["export", &id, "--format", "pdf", "-o", out.to_str().unwrap()]));
    tool("qpdf", &["--check", out.to_str().unwrap()]);
    let text = tool("pdftotext", &["-layout", out.to_str().unwrap(), "-"]);
    for expected in [
        "ADR-0001",
        "Context and Problem Statement",
        "Decision Drivers",
        "Considered Options",
        "Decision Outcome",
        "Consequences",
        "Confirmation",
        "Results",
        "Weighted Decision Matrix",
        "Pros and Cons of the Options",
        "More Information",
        "Appendix: Each Stakeholder's Scores",
        "Checkout für Zürich — Αθήνα",
        "Москва",
        "Борис",
        "Überprüfung im Architekturboard.",
        "page 1 of",
    ] {
        assert!(text.contains(expected), "pdftotext lacks “{expected}”:\n{text}");
    }
    let info = tool("pdfinfo", &[out.to_str().unwrap()]);
    assert!(info.contains("Title:           ADR-0001: Checkout für Zürich — Αθήνα: Microservices"), "{info}");
    assert!(info.contains("Author:          Ana Souza"), "{info}");
}

#[test]
fn a_long_session_gives_many_pages() {
    let dir = tempfile::tempdir().unwrap();
    let id = decided(dir.path(), "Long", 40);
    let out = dir.path().join("long.pdf");
    ok(&archdecide(dir.path(), &["export", &id, "--format", "pdf", "-o", out.to_str().unwrap()]));
    let info = tool("pdfinfo", &[out.to_str().unwrap()]);
    let pages: usize = info.lines().find_map(|l| l.strip_prefix("Pages:")).unwrap().trim().parse().unwrap();
    assert!(pages >= 8, "{pages} pages");
    let text = tool("pdftotext", &[out.to_str().unwrap(), "-"]);
    assert!(text.contains(&format!("page {pages} of {pages}")));
    // The matrix header repeats on the page the table continues on.
    assert!(text.matches("Driver").count() > 3);
}

#[test]
fn markdown_json_log_and_import_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let id = decided(dir.path(), "Checkout", 0);
    let out = dir.path().to_str().unwrap().to_owned();
    let madr = ok(&archdecide(dir.path(), &["export", &id, "--format", "madr", "-o", &out]));
    assert!(madr.contains("0001-checkout-microservices.md"), "{madr}");
    let text = std::fs::read_to_string(dir.path().join("0001-checkout-microservices.md")).unwrap();
    assert!(
        text.starts_with("---\nstatus: \"accepted\"\n") && text.contains("Chosen option: \"Microservices\", because")
    );
    ok(&archdecide(
        dir.path(),
        &["export", &id, "--format", "nygard", "-o", dir.path().join("n.md").to_str().unwrap()],
    ));
    assert!(std::fs::read_to_string(dir.path().join("n.md")).unwrap().starts_with("# 1. Checkout: Microservices\n"));

    let log = dir.path().join("log");
    ok(&archdecide(dir.path(), &["export-log", "--dir", log.to_str().unwrap(), "--format", "nygard"]));
    assert!(log.join("index.md").exists() && log.join("0001-checkout-microservices.md").exists());

    // The log imports into a new data folder; so does the session JSON.
    let other = tempfile::tempdir().unwrap();
    let report = ok(&archdecide(other.path(), &["import", log.to_str().unwrap()]));
    assert!(
        report.contains("imported 1 record(s)") && report.contains("ADR-0001  Checkout: Microservices"),
        "{report}"
    );
    let json = dir.path().join("session.json");
    ok(&archdecide(dir.path(), &["export", &id, "--format", "json", "-o", json.to_str().unwrap()]));
    let third = tempfile::tempdir().unwrap();
    ok(&archdecide(third.path(), &["import", json.to_str().unwrap()]));
    let shown = ok(&archdecide(third.path(), &["show", &id]));
    assert!(shown.contains("Checkout") && shown.contains("Борис"), "{shown}");
}

#[test]
fn importing_a_folder_reports_broken_files_and_exits_zero() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/adr/broken");
    let report = ok(&archdecide(dir.path(), &["import", fixtures.to_str().unwrap()]));
    assert!(report.contains("imported 1 record(s)"), "{report}");
    assert!(report.contains("0002-no-title.md: there is no \"# \" title line"), "{report}");
    let json: serde_json::Value = serde_json::from_slice(&archdecide(dir.path(), &["list", "--json"]).stdout).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 1);
}

#[test]
fn export_failures_exit_non_zero() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("archdecide.db")).unwrap();
    let id = create_session(&mut store, NewSession { title: "No record".into(), ..NewSession::default() })
        .unwrap()
        .session
        .id;
    drop(store);
    let output = archdecide(dir.path(), &["export", &id.to_string(), "--format", "pdf", "-o", "/tmp/never.pdf"]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("no decision record yet"));
    let output = archdecide(dir.path(), &["import", "/definitely/not/here"]);
    assert!(!output.status.success());
}

#[test]
fn search_revisit_and_history_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let id = decided(dir.path(), "Checkout für Zürich", 0);
    let found = ok(&archdecide(dir.path(), &["search", "zurich"]));
    assert!(found.contains(&id) && found.contains("[Zürich]"), "{found}");
    let json: serde_json::Value =
        serde_json::from_slice(&archdecide(dir.path(), &["search", "архитектура", "--json"]).stdout).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 0);

    let revisit = ok(&archdecide(dir.path(), &["revisit", &id]));
    assert!(revisit.contains("Checkout für Zürich (revisit)"), "{revisit}");
    let new_id = revisit.split_whitespace().next().unwrap().to_owned();
    let shown = ok(&archdecide(dir.path(), &["show", &new_id]));
    assert!(shown.contains("Борис") && shown.contains("Microservices"), "{shown}");

    let history = ok(&archdecide(dir.path(), &["history", &id, "--verify"]));
    assert!(history.contains("Added stakeholder “Ana Souza”") && history.contains("chain intact"), "{history}");

    // Tamper with one event: --verify fails, with a one-line error.
    let conn = rusqlite::Connection::open(dir.path().join("archdecide.db")).unwrap();
    conn.execute(
        "UPDATE events SET summary = 'Nothing to see' WHERE seq = (SELECT min(seq) + 1 FROM events WHERE session_id = ?1)",
        [&id],
    )
    .unwrap();
    drop(conn);
    let output = archdecide(dir.path(), &["history", &id, "--verify"]);
    assert!(!output.status.success());
    let error = String::from_utf8_lossy(&output.stderr);
    assert!(error.contains("chain is broken") && error.lines().count() == 1, "{error}");
}

#[test]
fn the_record_lifecycle_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let old = proposed(dir.path(), "Use a monolith", 0);
    let newer = proposed(dir.path(), "Split the checkout", 0);
    let first = ok(&archdecide(dir.path(), &["record", "accept", &old]));
    assert_eq!(first, "ADR-0001  accepted  Use a monolith: Microservices\n");
    // Superseding needs an accepted record: the window's rule, the window's words.
    let refused = archdecide(dir.path(), &["record", "supersede", &old, "--by", &newer]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("accept it first"), "{refused:?}");
    ok(&archdecide(dir.path(), &["record", "accept", &newer]));
    let superseded = ok(&archdecide(dir.path(), &["record", "supersede", &old, "--by", &newer]));
    assert_eq!(superseded, "ADR-0001  superseded  Use a monolith: Microservices (superseded by ADR-0002)\n");
    let deprecated = ok(&archdecide(dir.path(), &["record", "deprecate", &newer]));
    assert!(deprecated.starts_with("ADR-0002  deprecated"), "{deprecated}");
    // A decided record cannot be accepted again; a session without a record says so.
    let again = archdecide(dir.path(), &["record", "reject", &newer]);
    assert!(String::from_utf8_lossy(&again.stderr).contains("A deprecated record cannot become rejected"), "{again:?}");
    let draft = ok(&archdecide(dir.path(), &["list"]));
    assert!(draft.contains("superseded"), "{draft}");
    let rejected = proposed(dir.path(), "Serverless checkout", 0);
    assert!(ok(&archdecide(dir.path(), &["record", "reject", &rejected])).starts_with("ADR-0003  rejected"));
    let nothing = archdecide(dir.path(), &["record", "accept", "not-an-id"]);
    assert!(!nothing.status.success());
}

/// `review` for a team's CI: exit 0 while nothing is due, 1 with the due record and its
/// triggers (computed from the evidence, then the team's own) once its date has come.
#[test]
fn review_exits_1_when_a_decision_is_due_and_lists_its_triggers() {
    let dir = tempfile::tempdir().unwrap();
    let id = decided(dir.path(), "Checkout platform", 0);
    let mut store = Store::open(&dir.path().join("archdecide.db")).unwrap();
    let record = archdecide_core::decisions::get_decision(&store, id.parse().unwrap()).unwrap().unwrap();
    let own = vec!["If traffic passes 5k requests/s".to_owned()];
    update_decision(&mut store, record.id, DecisionEdit::Triggers(own)).unwrap();
    drop(store);
    let review_by = record.review_by.unwrap();

    let early = (review_by - chrono::Days::new(1)).to_string();
    let calm = archdecide(dir.path(), &["review", "--on", &early]);
    assert_eq!(calm.status.code(), Some(0), "{calm:?}");
    assert_eq!(String::from_utf8_lossy(&calm.stdout), "No decision is due for review.\n");

    let due = archdecide(dir.path(), &["review", "--on", &review_by.to_string()]);
    assert_eq!(due.status.code(), Some(1), "{due:?}");
    let text = String::from_utf8_lossy(&due.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], format!("ADR-0001  {}  review by {review_by}", record.title));
    let store = Store::open(&dir.path().join("archdecide.db")).unwrap();
    let record = archdecide_core::decisions::get_decision(&store, id.parse().unwrap()).unwrap().unwrap();
    let triggers: Vec<String> =
        archdecide_core::revisits::triggers(&record).into_iter().map(|t| format!("  - {}", t.text)).collect();
    assert_eq!(triggers.last().unwrap(), "  - If traffic passes 5k requests/s");
    assert_eq!(lines[1..lines.len() - 1], triggers[..], "{text}");
    assert_eq!(lines[lines.len() - 1], "1 decision is due for review.");
    let json = archdecide(dir.path(), &["review", "--json", "--on", &review_by.to_string()]);
    assert_eq!(json.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(json[0]["triggers"].as_array().unwrap().last().unwrap()["computed"], false);
    assert_eq!(json[0]["number"], 1);
    let bad = archdecide(dir.path(), &["review", "--on", "soon"]);
    assert_eq!(bad.status.code(), Some(2), "clap refuses a date it cannot read: {bad:?}");
}

/// The exported Nygard log read by the real adr-tools (Debian's 3.0.0): `adr list`,
/// `generate toc`, and `generate graph` drawn by Graphviz, with a supersede chain and titles
/// full of Markdown-special characters, quotes, Unicode and a trailing backslash.
#[test]
fn adr_tools_lists_and_graphs_an_exported_log() {
    let dir = tempfile::tempdir().unwrap();
    let titles = ["Adopt GraphQL [spike #42] \"now\"", "Ship Straße … ω phase", "R&D <b>x</b> | *C:\\path\\"];
    let mut ids = Vec::new();
    for title in titles {
        let id = proposed(dir.path(), "Checkout", 0);
        {
            let mut store = Store::open(&dir.path().join("archdecide.db")).unwrap();
            let decision = archdecide_core::decisions::get_decision(&store, id.parse().unwrap()).unwrap().unwrap();
            update_decision(&mut store, decision.id, DecisionEdit::Title(title.into())).unwrap();
        }
        ok(&archdecide(dir.path(), &["record", "accept", &id]));
        ids.push(id);
    }
    ok(&archdecide(dir.path(), &["record", "supersede", &ids[0], "--by", &ids[1]]));
    // adr-tools finds `doc/adr` from the working directory.
    let repo = dir.path().join("repo");
    let log = repo.join("doc/adr");
    ok(&archdecide(dir.path(), &["export-log", "--dir", log.to_str().unwrap(), "--format", "nygard"]));
    let adr = |args: &[&str]| {
        let output = Command::new("adr").args(args).current_dir(&repo).output().expect("adr-tools must be installed");
        assert!(output.status.success(), "adr {args:?}: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).unwrap()
    };
    let files = ["0001-adopt-graphql-spike-42-now.md", "0002-ship-strasse-o-phase.md", "0003-r-d-b-x-b-c-path.md"];
    // Links between records carry text with nothing escaped (log4brains follows no other).
    let older = std::fs::read_to_string(log.join(files[0])).unwrap();
    assert!(older.contains("Superseded by [2. Ship Straße … ω phase](0002-ship-strasse-o-phase.md)"), "{older}");
    let newer = std::fs::read_to_string(log.join(files[1])).unwrap();
    assert!(
        newer.contains("Supersedes [1. Adopt GraphQL spike 42 now](0001-adopt-graphql-spike-42-now.md)"),
        "{newer}"
    );
    let listed: Vec<String> = files.iter().map(|f| format!("doc/adr/{f}")).collect();
    assert_eq!(adr(&["list"]).lines().collect::<Vec<_>>(), listed);
    let toc = adr(&["generate", "toc"]);
    for (n, file) in files.iter().enumerate() {
        assert!(toc.contains(&format!("* [{}. ", n + 1)) && toc.contains(&format!("]({file})")), "{toc}");
    }

    let graph = adr(&["generate", "graph"]);
    assert!(graph.contains("_2 -> _1 [label=\"Supersedes\", weight=0]"), "the supersession edge:\n{graph}");
    let mut dot = Command::new("dot")
        .arg("-Tsvg")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("graphviz must be installed");
    std::io::Write::write_all(dot.stdin.as_mut().unwrap(), graph.as_bytes()).unwrap();
    drop(dot.stdin.take());
    let svg = dot.wait_with_output().unwrap();
    assert!(svg.status.success(), "dot refused the graph: {}\n{graph}", String::from_utf8_lossy(&svg.stderr));
    // The drawn labels are the real titles.
    let svg = String::from_utf8(svg.stdout).unwrap();
    let drawn: Vec<String> = svg
        .split("<text")
        .skip(1)
        .filter_map(|t| Some(t.split_once('>')?.1.split_once("</text>")?.0))
        .map(|t| {
            t.replace("&quot;", "\"")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&#45;", "-")
                .replace("&amp;", "&")
        })
        .map(|t| t.trim_end().to_owned())
        .collect();
    for (n, title) in titles.iter().enumerate() {
        assert!(drawn.contains(&format!("{}. {title}", n + 1)), "{title:?} is not drawn: {drawn:?}");
    }
    assert!(drawn.iter().any(|t| t == "Supersedes"), "{drawn:?}");
}

/// `log check` for CI: exit 1 with `file:line: message` per problem, exit 0 and one summary
/// line for a sound log (an exported one).
#[test]
fn log_check_reports_problems_by_line_and_exits_1() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/log-check/supersession");
    let dir = tempfile::tempdir().unwrap();
    let broken = archdecide(dir.path(), &["log", "check", fixtures.to_str().unwrap()]);
    assert_eq!(broken.status.code(), Some(1));
    let out = String::from_utf8(broken.stdout).unwrap();
    assert!(
        out.starts_with(
            "0002-services.md:9: it supersedes record 1, but 0001-monolith.md does not say it is superseded by 2\n"
        ) && out.trim_end().ends_with(": 1 problem"),
        "{out}"
    );
    let json = archdecide(dir.path(), &["log", "check", fixtures.to_str().unwrap(), "--json"]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(value["problems"][0]["line"], 9);

    decided(dir.path(), "Checkout", 0);
    let log = dir.path().join("log");
    ok(&archdecide(dir.path(), &["export-log", "--dir", log.to_str().unwrap()]));
    let sound = ok(&archdecide(dir.path(), &["log", "check", log.to_str().unwrap()]));
    assert!(sound.starts_with("1 record checked in ") && sound.ends_with(": no problems\n"), "{sound}");
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git").arg("-C").arg(dir).args(args).output().expect("git is installed");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// A linked log in a git repository: accepting publishes and commits the record with its
/// evidence; a file edited by hand stops the next publish until the user chooses.
#[test]
fn a_linked_log_gets_each_record_committed_and_keeps_hand_edits() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    std::fs::create_dir(&repo).unwrap();
    git(&repo, &["init", "--quiet", "--initial-branch=main"]);
    git(&repo, &["config", "user.name", "Ana Souza"]);
    git(&repo, &["config", "user.email", "ana@example.com"]);
    git(&repo, &["config", "commit.gpgsign", "false"]);
    let linked = ok(&archdecide(dir.path(), &["log", "link", repo.to_str().unwrap(), "--commit"]));
    assert!(linked.starts_with("linked ") && linked.contains("docs/decisions  (madr, commits)"), "{linked}");
    assert!(ok(&archdecide(dir.path(), &["log", "list"])).contains("docs/decisions"));

    let id = proposed(dir.path(), "Checkout", 0);
    let accepted = ok(&archdecide(dir.path(), &["record", "accept", &id]));
    assert!(accepted.contains("published 3 file(s) into "), "{accepted}");
    assert!(accepted.contains("(committed "), "{accepted}");
    // Linking wrote the empty index (and the merge rules); accepting, the record.
    assert_eq!(
        git(&repo, &["log", "--format=%s"]),
        "ADR-0001: Checkout: Microservices (accepted)\nUpdate the decision log index\n"
    );
    let files = git(&repo, &["ls-files"]);
    for file in [
        "docs/decisions/0001-checkout-microservices.md",
        "docs/decisions/.archdecide/0001-checkout-microservices.json",
        "docs/decisions/index.md",
        "docs/decisions/.gitattributes",
    ] {
        assert!(files.contains(file), "{file} committed: {files}");
    }
    let log = repo.join("docs/decisions");
    assert!(ok(&archdecide(dir.path(), &["log", "check", log.to_str().unwrap()])).ends_with(": no problems\n"));

    // Someone edits the record by hand; deprecating it must not overwrite that silently.
    let record = log.join("0001-checkout-microservices.md");
    let edited = std::fs::read_to_string(&record).unwrap() + "\nEdited by hand.\n";
    std::fs::write(&record, &edited).unwrap();
    let refused = archdecide(dir.path(), &["record", "deprecate", &id]);
    assert_eq!(refused.status.code(), Some(1));
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("ADR-0001  deprecated") && said.contains("0001-checkout-microservices.md changed by hand"),
        "{said}"
    );
    assert_eq!(std::fs::read_to_string(&record).unwrap(), edited);
    let replaced = ok(&archdecide(dir.path(), &["log", "publish", &id, "--overwrite"]));
    assert!(replaced.contains("published"), "{replaced}");
    assert!(std::fs::read_to_string(&record).unwrap().contains("status: \"deprecated\""));
    assert!(ok(&archdecide(dir.path(), &["log", "sync"])).contains(": 0 record(s) picked up, 0 file(s) written\n"));
}

/// A bare repository standing for the team's remote, with a first commit on main.
fn team_remote(root: &Path) -> std::path::PathBuf {
    let remote = root.join("remote.git");
    git(root, &["init", "--quiet", "--bare", "--initial-branch=main", remote.to_str().unwrap()]);
    let seed = root.join("seed");
    git(root, &["clone", "--quiet", remote.to_str().unwrap(), seed.to_str().unwrap()]);
    std::fs::write(seed.join("README.md"), "# Shop\n").unwrap();
    git(&seed, &["add", "README.md"]);
    git(&seed, &["-c", "user.name=Team", "-c", "user.email=team@example.com", "commit", "--quiet", "-m", "Start"]);
    git(&seed, &["push", "--quiet", "origin", "HEAD:main"]);
    remote
}

/// A laptop: a clone of `remote` on main with its own identity, and its own data folder.
fn laptop(root: &Path, remote: &Path, name: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let clone = root.join(name);
    git(root, &["clone", "--quiet", remote.to_str().unwrap(), clone.to_str().unwrap()]);
    let email = format!("{name}@example.com");
    for (key, value) in
        [("user.name", name), ("user.email", email.as_str()), ("commit.gpgsign", "false"), ("pull.rebase", "false")]
    {
        git(&clone, &["config", key, value]);
    }
    git(&clone, &["checkout", "--quiet", "-B", "main"]);
    let data = root.join(format!("{name}-data"));
    std::fs::create_dir(&data).unwrap();
    (clone, data)
}

/// Two laptops and a remote, all real git repositories: one accepts and pushes; the other
/// pulls, picks the workshop up, revisits it and supersedes the record; the first pulls and
/// sees its record superseded.
#[test]
fn a_teammates_workshop_and_supersession_reach_the_other_laptop() {
    let root = tempfile::tempdir().unwrap();
    let remote = team_remote(root.path());
    let laptop = |name: &str| laptop(root.path(), &remote, name);
    let (ana, ana_data) = laptop("ana");
    let (bo, bo_data) = laptop("bo");

    ok(&archdecide(&ana_data, &["log", "link", ana.to_str().unwrap(), "--commit"]));
    let first = proposed(&ana_data, "Checkout", 0);
    ok(&archdecide(&ana_data, &["record", "accept", &first]));
    git(&ana, &["push", "--quiet", "origin", "main"]);

    git(&bo, &["pull", "--quiet", "origin", "main"]);
    let linked = ok(&archdecide(&bo_data, &["log", "link", bo.to_str().unwrap(), "--commit"]));
    assert!(linked.contains("picked up 1 record(s) already there"), "{linked}");
    let synced = ok(&archdecide(&bo_data, &["log", "sync"]));
    assert!(synced.contains("0 record(s) picked up, 0 file(s) written"), "{synced}");
    // The whole workshop came along: Bo can reopen and revisit it.
    assert!(ok(&archdecide(&bo_data, &["show", &first])).contains("Борис"));
    let revisit = ok(&archdecide(&bo_data, &["revisit", &first]));
    let revisit = revisit.split_whitespace().next().unwrap().to_owned();
    {
        let mut store = Store::open(&bo_data.join("archdecide.db")).unwrap();
        let detail = get_session(&store, revisit.parse().unwrap()).unwrap();
        choose_option(&mut store, detail.session.id, detail.options[0].id).unwrap();
    }
    let accepted = ok(&archdecide(&bo_data, &["record", "accept", &revisit]));
    assert!(accepted.starts_with("ADR-0002  accepted") && accepted.contains("(supersedes ADR-0001)"), "{accepted}");
    git(&bo, &["push", "--quiet", "origin", "main"]);

    git(&ana, &["pull", "--quiet", "origin", "main"]);
    let synced = ok(&archdecide(&ana_data, &["log", "sync"]));
    assert!(synced.contains("1 record(s) picked up, 0 file(s) written"), "{synced}");
    let shown = ok(&archdecide(&ana_data, &["list"]));
    let line = shown.lines().find(|l| l.starts_with(&first)).unwrap_or_else(|| panic!("{shown}"));
    assert!(line.contains("superseded"), "Ana's record is superseded by Bo's: {shown}");
    let log = ana.join("docs/decisions");
    let check = ok(&archdecide(&ana_data, &["log", "check", log.to_str().unwrap()]));
    assert!(check.starts_with("2 records checked in ") && check.ends_with(": no problems\n"), "{check}");
    assert_eq!(git(&ana, &["status", "--porcelain"]), "", "nothing left to commit on Ana's laptop");
}

/// Two laptops accept the next record at once: both write 0001. After the merge, sync on the
/// laptop whose record was not on the default branch yet moves it to 0002 — files, links and
/// database — and takes the teammate's 0001 in; the published number never changes.
#[test]
fn numbers_that_clash_after_a_merge_are_renumbered_on_the_unpublished_side() {
    let root = tempfile::tempdir().unwrap();
    let remote = team_remote(root.path());
    let laptop = |name: &str| {
        let (clone, data) = laptop(root.path(), &remote, name);
        ok(&archdecide(&data, &["log", "link", clone.to_str().unwrap(), "--commit"]));
        (clone, data)
    };
    let (ana, ana_data) = laptop("ana");
    let (bo, bo_data) = laptop("bo");
    let anas = proposed(&ana_data, "Payments", 0);
    assert!(ok(&archdecide(&ana_data, &["record", "accept", &anas])).starts_with("ADR-0001"));
    git(&ana, &["push", "--quiet", "origin", "main"]);
    let bos = proposed(&bo_data, "Search", 0);
    assert!(ok(&archdecide(&bo_data, &["record", "accept", &bos])).starts_with("ADR-0001"));

    git(&bo, &["pull", "--quiet", "--no-edit", "origin", "main"]);
    let synced = ok(&archdecide(&bo_data, &["log", "sync"]));
    assert!(synced.contains("renumbered ADR-0001 → ADR-0002: Search: Microservices"), "{synced}");
    assert!(synced.contains("ADR-0001  Payments: Microservices"), "Ana's record came in: {synced}");
    let log = bo.join("docs/decisions");
    assert!(log.join("0001-payments-microservices.md").exists());
    assert!(log.join("0002-search-microservices.md").exists() && !log.join("0001-search-microservices.md").exists());
    let index = std::fs::read_to_string(log.join("index.md")).unwrap();
    assert!(index.contains("[ADR-0002](0002-search-microservices.md)"), "{index}");
    let check = ok(&archdecide(&bo_data, &["log", "check", log.to_str().unwrap()]));
    assert!(check.starts_with("2 records checked in ") && check.ends_with(": no problems\n"), "{check}");
    assert_eq!(git(&bo, &["status", "--porcelain"]), "", "the renumbering was committed");

    // Ana pulls Bo's work: no clash left, his record arrives as 0002.
    git(&bo, &["push", "--quiet", "origin", "main"]);
    git(&ana, &["pull", "--quiet", "--no-edit", "origin", "main"]);
    let synced = ok(&archdecide(&ana_data, &["log", "sync"]));
    assert!(synced.contains("ADR-0002  Search: Microservices") && !synced.contains("renumbered"), "{synced}");
    let next = proposed(&ana_data, "Billing", 0);
    let again = ok(&archdecide(&ana_data, &["record", "accept", &next]));
    assert!(again.starts_with("ADR-0003"), "the next number follows the picked-up ones: {again}");
}

/// A git repository at `parent/repo` set up by `adr init` (adr-tools' own layout).
fn adr_tools_repository(parent: &Path) -> std::path::PathBuf {
    let repo = parent.join("repo");
    std::fs::create_dir(&repo).unwrap();
    git(&repo, &["init", "--quiet"]);
    adr_in(&repo, &["init"]);
    repo
}

/// Runs the real adr-tools in `repo` and returns what it printed.
fn adr_in(repo: &Path, args: &[&str]) -> String {
    let output = Command::new("adr").args(args).current_dir(repo).env("EDITOR", "true").output().unwrap();
    assert!(output.status.success(), "adr {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

/// adr-tools' own layout (`adr init`), linked and published into: its record comes in, ours
/// follows its number in Nygard form, and adr-tools still lists and indexes them all.
#[test]
fn an_adr_tools_repository_is_linked_published_into_and_still_read_by_adr_tools() {
    let dir = tempfile::tempdir().unwrap();
    let repo = adr_tools_repository(dir.path());
    let adr = |args: &[&str]| adr_in(&repo, args);
    let linked = ok(&archdecide(dir.path(), &["log", "link", repo.to_str().unwrap()]));
    assert!(linked.contains("doc/adr  (nygard") && linked.contains("picked up 1 record(s)"), "{linked}");
    let id = proposed(dir.path(), "Checkout", 0);
    assert!(ok(&archdecide(dir.path(), &["record", "accept", &id])).starts_with("ADR-0002"));
    assert_eq!(
        adr(&["list"]).lines().collect::<Vec<_>>(),
        ["doc/adr/0001-record-architecture-decisions.md", "doc/adr/0002-checkout-microservices.md"]
    );
    assert!(adr(&["generate", "toc"]).contains("* [2. Checkout: Microservices](0002-checkout-microservices.md)"));
    let log = repo.join("doc/adr");
    assert!(ok(&archdecide(dir.path(), &["log", "check", log.to_str().unwrap()])).ends_with(": no problems\n"));
    let first = std::fs::read_to_string(log.join("0001-record-architecture-decisions.md")).unwrap();
    assert!(first.starts_with("# 1. Record architecture decisions\n"), "adr-tools' own file is left as written");
}

/// `new` writes a quick record as `adr new` would: numbered after the last record, published
/// into the linked adr-tools log, superseding both ways; adr-tools still lists and graphs the
/// log, and a refusal says why and stores nothing.
#[test]
fn quick_records_from_the_command_line_are_numbered_supersede_and_stay_readable_by_adr_tools() {
    let dir = tempfile::tempdir().unwrap();
    let repo = adr_tools_repository(dir.path());
    let adr = |args: &[&str]| adr_in(&repo, args);
    ok(&archdecide(dir.path(), &["log", "link", repo.to_str().unwrap()]));
    let first = ok(&archdecide(dir.path(), &["new", "Use PostgreSQL", "--reversible", "easy"]));
    assert!(first.starts_with("ADR-0002  accepted  Use PostgreSQL\n"), "{first}");
    assert!(first.contains("published "), "into the linked log: {first}");
    let second = ok(&archdecide(dir.path(), &["new", "Use SQLite", "--option", "SQLite", "--supersedes", "2"]));
    assert!(second.starts_with("ADR-0003  accepted  Use SQLite (supersedes ADR-0002)\n"), "{second}");
    let log = repo.join("doc/adr");
    let older = std::fs::read_to_string(log.join("0002-use-postgresql.md")).unwrap();
    assert!(older.contains("Superseded by [3. Use SQLite](0003-use-sqlite.md)"), "{older}");
    assert!(older.contains("Easy to reverse (a two-way door)."), "{older}");
    let newer = std::fs::read_to_string(log.join("0003-use-sqlite.md")).unwrap();
    assert!(newer.contains("Supersedes [2. Use PostgreSQL](0002-use-postgresql.md)"), "{newer}");
    assert!(newer.contains("We will use SQLite"), "{newer}");
    assert_eq!(
        adr(&["list"]).lines().collect::<Vec<_>>(),
        [
            "doc/adr/0001-record-architecture-decisions.md",
            "doc/adr/0002-use-postgresql.md",
            "doc/adr/0003-use-sqlite.md"
        ]
    );
    assert!(adr(&["generate", "graph"]).contains("_3 -> _2 [label=\"Supersedes\", weight=0]"));
    assert!(ok(&archdecide(dir.path(), &["log", "check", log.to_str().unwrap()])).ends_with(": no problems\n"));

    // A proposal waits for its number; JSON for scripts.
    let proposal = ok(&archdecide(dir.path(), &["new", "Use Redis", "--status", "proposed", "--json"]));
    let value: serde_json::Value = serde_json::from_str(&proposal).unwrap();
    assert_eq!((value["status"].as_str(), value["number"].as_u64()), (Some("proposed"), None));

    let sessions = ok(&archdecide(dir.path(), &["list"])).lines().count();
    for (args, message) in [
        (vec!["new", "   "], "archdecide: A record needs a title: say what was decided\n"),
        (vec!["new", "Use Kafka", "--supersedes", "9"], "archdecide: There is no ADR-0009 to supersede\n"),
        (
            vec!["new", "Use Kafka", "--supersedes", "2"],
            "archdecide: ADR-0002 is superseded: only an accepted or deprecated record can be superseded\n",
        ),
    ] {
        let refused = archdecide(dir.path(), &args);
        assert_eq!(refused.status.code(), Some(1), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&refused.stderr), message, "{args:?}");
    }
    assert_eq!(ok(&archdecide(dir.path(), &["list"])).lines().count(), sessions, "nothing stored by a refusal");
}
