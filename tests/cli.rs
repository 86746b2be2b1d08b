//! The CLI as a black box: the built binary on a temporary data folder.

// Tests unwrap: a failure is the message.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::{Command, Output};

use archdecide_core::sessions::{NewSession, create_session};
use archdecide_core::{Store, options, stakeholders};
use uuid::Uuid;

fn archdecide(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_archdecide"))
        .args(args)
        .env_remove("ARCHDECIDE_DATA_DIR")
        .output()
        .expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// Writes a session through core, as the window would.
fn seed(data_dir: &Path) -> String {
    let mut store = Store::open(&data_dir.join("archdecide.db")).unwrap();
    let id = create_session(
        &mut store,
        NewSession { title: "Checkout platform".into(), facilitator: Some("Ana".into()), ..NewSession::default() },
    )
    .unwrap()
    .session
    .id;
    stakeholders::add_stakeholder(&mut store, id, stakeholders::NewStakeholder::named("Bo")).unwrap();
    options::add_catalog_option(&mut store, id, "serverless").unwrap();
    id.to_string()
}

#[test]
fn help_lists_the_subcommands_and_the_data_dir_flag() {
    let output = archdecide(&["--help"]);
    assert!(output.status.success());
    let text = stdout(&output);
    for word in ["list", "show", "catalog", "--data-dir"] {
        assert!(text.contains(word), "--help lacks {word}:\n{text}");
    }
}

#[test]
fn list_on_an_empty_folder_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("new");
    let output = archdecide(&["list", "--data-dir", data_dir.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("No sessions yet"));
    let json = archdecide(&["--data-dir", data_dir.to_str().unwrap(), "list", "--json"]);
    assert_eq!(stdout(&json).trim(), "[]");
}

#[test]
fn list_and_show_a_session_as_text_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let id = seed(dir.path());
    let data_dir = dir.path().to_str().unwrap();

    let list = archdecide(&["list", "--data-dir", data_dir]);
    assert!(stdout(&list).contains(&id) && stdout(&list).contains("Checkout platform"));

    let json: serde_json::Value =
        serde_json::from_slice(&archdecide(&["list", "--json", "--data-dir", data_dir]).stdout).unwrap();
    assert_eq!(json[0]["title"], "Checkout platform");
    assert_eq!(json[0]["status"], "draft");

    let show = archdecide(&["--data-dir", data_dir, "show", &id]);
    assert!(show.status.success());
    let text = stdout(&show);
    assert!(text.contains("facilitator: Ana") && text.contains("Bo") && text.contains("Serverless"), "{text}");

    let json: serde_json::Value =
        serde_json::from_slice(&archdecide(&["show", &id, "--json", "--data-dir", data_dir]).stdout).unwrap();
    assert_eq!(json["session"]["id"], id.as_str());
    assert_eq!(json["stakeholders"][0]["name"], "Bo");
    assert_eq!(json["options"][0]["catalog_key"], "serverless");
}

#[test]
fn the_environment_variable_names_the_data_folder() {
    let dir = tempfile::tempdir().unwrap();
    seed(dir.path());
    let output = Command::new(env!("CARGO_BIN_EXE_archdecide"))
        .args(["list", "--json"])
        .env("ARCHDECIDE_DATA_DIR", dir.path())
        .output()
        .unwrap();
    assert!(stdout(&output).contains("Checkout platform"));
}

#[test]
fn catalog_prints_the_four_architectures() {
    let output = archdecide(&["catalog", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let keys: Vec<_> = json["architectures"].as_array().unwrap().iter().map(|a| a["key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["monolithic", "service_oriented", "microservices", "serverless"]);
    assert_eq!(json["drivers"].as_array().unwrap().len(), 10);
    let text = stdout(&archdecide(&["catalog"]));
    assert!(text.contains("Microservices") && text.contains("Fault isolation"));
}

#[test]
fn failures_exit_non_zero_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().to_str().unwrap();
    for args in [
        vec!["show", "not-a-uuid", "--data-dir", data_dir],
        vec!["show", "019ab000-0000-7000-8000-000000000001", "--data-dir", data_dir],
    ] {
        let output = archdecide(&args);
        assert!(!output.status.success(), "{args:?} succeeded");
        let error = stderr(&output);
        assert_eq!(error.lines().count(), 1, "{args:?}: {error}");
        assert!(error.starts_with("archdecide: "), "{error}");
    }
    assert!(!archdecide(&["frobnicate"]).status.success());
}

#[test]
fn a_newer_database_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("archdecide.db");
    write_future_database(&path);
    let before = std::fs::read(&path).unwrap();
    let output = archdecide(&["list", "--data-dir", dir.path().to_str().unwrap()]);
    assert!(!output.status.success());
    assert!(stderr(&output).contains("newer ArchDecide"), "{}", stderr(&output));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

/// A database whose schema version (`user_version`) is far ahead of this build.
fn write_future_database(path: &Path) {
    // Let core create a valid database, then raise user_version (header offset 60) to 999.
    drop(Store::open(path).unwrap());
    let _ = std::fs::remove_file(path.with_extension("db-wal"));
    let _ = std::fs::remove_file(path.with_extension("db-shm"));
    let mut bytes = std::fs::read(path).unwrap();
    bytes[60..64].copy_from_slice(&999u32.to_be_bytes());
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn analyze_prints_the_results_and_refuses_during_a_blind_round() {
    use archdecide_core::scoring::{self, ScoreCell, ScoreEdit};
    let dir = tempfile::tempdir().unwrap();
    let id = seed(dir.path());
    let data_dir = dir.path().to_str().unwrap();
    {
        let mut store = Store::open(&dir.path().join("archdecide.db")).unwrap();
        let session = Uuid::parse_str(&id).unwrap();
        let detail = archdecide_core::drivers::add_template_driver(&mut store, session, "scalability").unwrap();
        let cell = ScoreCell {
            stakeholder_id: detail.stakeholders[0].id,
            driver_id: detail.drivers[0].id,
            option_id: detail.options[0].id,
        };
        scoring::set_score(&mut store, session, cell, ScoreEdit::Value(Some(4))).unwrap();
    }
    let json: serde_json::Value =
        serde_json::from_slice(&archdecide(&["analyze", &id, "--json", "--data-dir", data_dir]).stdout).unwrap();
    for key in [
        "weights",
        "options",
        "ranking",
        "stakeholder_rankings",
        "cells",
        "consensus",
        "coverage",
        "sensitivity",
        "fragile",
        "smaa",
    ] {
        assert!(json.get(key).is_some(), "analyze --json lacks {key}: {json}");
    }
    assert_eq!(json["smaa"]["samples"], 10_000);
    let seeded = |seed: &str| {
        archdecide(&["analyze", &id, "--json", "--samples", "500", "--seed", seed, "--data-dir", data_dir]).stdout
    };
    assert_eq!(seeded("7"), seeded("7"), "the same seed gives the same output");
    let json: serde_json::Value = serde_json::from_slice(&seeded("7")).unwrap();
    assert_eq!((json["smaa"]["samples"].as_u64(), json["smaa"]["seed"].as_str()), (Some(500), Some("7")));
    assert_eq!(json["options"][0]["total"], 80.0);
    assert_eq!(json["coverage"]["scored"], 1);
    let text = stdout(&archdecide(&["analyze", &id, "--data-dir", data_dir]));
    assert!(text.contains("Winner: Serverless") && text.contains("Coverage: 1 of 1"), "{text}");

    {
        let mut store = Store::open(&dir.path().join("archdecide.db")).unwrap();
        scoring::start_blind_round(&mut store, Uuid::parse_str(&id).unwrap()).unwrap();
    }
    let output = archdecide(&["analyze", &id, "--json", "--data-dir", data_dir]);
    assert!(!output.status.success());
    assert!(stdout(&output).is_empty(), "nothing may be printed during a blind round");
    assert!(stderr(&output).contains("blind round"), "{}", stderr(&output));
}

#[test]
fn backups_are_listed_created_and_restored() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().to_str().unwrap();
    seed(dir.path());
    assert!(stdout(&archdecide(&["backup", "list", "--data-dir", data_dir])).starts_with("No backups"));
    let created = stdout(&archdecide(&["backup", "create", "--data-dir", data_dir]));
    let id = created.split_whitespace().next().unwrap().to_owned();
    assert!(id.starts_with("archdecide-"), "{created}");
    // A change after the backup, then the restore takes it back.
    {
        let mut store = Store::open(&dir.path().join("archdecide.db")).unwrap();
        create_session(&mut store, NewSession { title: "After the backup".into(), ..NewSession::default() }).unwrap();
    }
    assert!(stdout(&archdecide(&["list", "--data-dir", data_dir])).contains("After the backup"));
    let listed: serde_json::Value =
        serde_json::from_slice(&archdecide(&["backup", "list", "--json", "--data-dir", data_dir]).stdout).unwrap();
    assert_eq!(listed[0]["id"], id.as_str());
    let restored = archdecide(&["backup", "restore", &id, "--data-dir", data_dir]);
    assert!(restored.status.success(), "{}", stderr(&restored));
    assert!(stdout(&restored).contains("the previous database was moved to"));
    let list = stdout(&archdecide(&["list", "--data-dir", data_dir]));
    assert!(list.contains("Checkout platform") && !list.contains("After the backup"), "{list}");
    assert!(!archdecide(&["backup", "restore", "archdecide-nope", "--data-dir", data_dir]).status.success());
}

#[test]
fn a_damaged_database_is_reported_moved_aside_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().to_str().unwrap();
    std::fs::write(dir.path().join("archdecide.db"), b"this is not a database, just text pretending to be one")
        .unwrap();
    let output = archdecide(&["list", "--data-dir", data_dir]);
    assert!(!output.status.success());
    let error = stderr(&output);
    assert_eq!(error.lines().count(), 1, "{error}");
    assert!(error.contains("damaged") && error.contains("moved to") && error.contains("no backup"), "{error}");
    let kept = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .find(|e| e.file_name().to_string_lossy().starts_with("archdecide.db.damaged-"))
        .expect("the damaged file is kept");
    assert_eq!(std::fs::read(kept.path()).unwrap(), b"this is not a database, just text pretending to be one");
}

/// `room open` serves until Ctrl+C, printing each link and its QR code; `room links` prints
/// them again from another process; after Ctrl+C the links are gone and the port is free.
#[test]
fn a_headless_room_prints_its_links_serves_them_and_closes_on_ctrl_c() {
    use std::io::{BufRead, BufReader, Read, Write};
    let dir = tempfile::tempdir().unwrap();
    let id = seed(dir.path());
    let data = dir.path().to_str().unwrap();
    let mut room = Command::new(env!("CARGO_BIN_EXE_archdecide"))
        .args(["--data-dir", data, "room", "open", &id, "--bind", "127.0.0.1", "--port", "0"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(room.stdout.take().unwrap()).lines();
    let mut printed = Vec::new();
    // Bounded: the room prints a few dozen lines (a QR code) before its last one.
    for line in lines.by_ref().take(200) {
        let line = line.unwrap();
        let done = line.starts_with("Plain HTTP");
        printed.push(line);
        if done {
            break;
        }
    }
    let text = printed.join("\n");
    let address = text.lines().find_map(|l| l.strip_prefix("Room open at http://")).expect("the address").to_owned();
    let link = text.lines().find_map(|l| l.strip_prefix("Bo: ")).expect("Bo's link").to_owned();
    assert!(text.contains('█'), "a QR code is printed: {text}");
    let again = archdecide(&["--data-dir", data, "room", "links", &id]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(stdout(&again).contains(&link), "room links prints the same link");
    // The page answers over HTTP.
    let path = link.split_once(&address).unwrap().1;
    let mut stream = std::net::TcpStream::connect(&address).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n").unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    // Ctrl+C closes it.
    assert!(Command::new("kill").args(["-INT", &room.id().to_string()]).status().unwrap().success());
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    let status = room.wait().unwrap();
    assert!(status.success(), "exit {status}");
    assert!(rest.iter().any(|l| l == "The room is closed."), "{rest:?}");
    let gone = archdecide(&["--data-dir", data, "room", "links", &id]);
    assert!(!gone.status.success() && stderr(&gone).contains("no room is open"), "{}", stderr(&gone));
    std::net::TcpListener::bind(&address).expect("the port is free");
}
