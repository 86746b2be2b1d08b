//! The room's figures (part of the `figures` benchmark, group `room`): 50 simulated
//! participants on 127.0.0.1, each entering 30 scores as fast as it can over one keep-alive
//! connection — lost or doubled changes, save latency, and how long until the facilitator's
//! analysis reflects a save; 8 × 30 cells collected in parallel against one after another;
//! the memory an open room adds. Every loop is bounded; only loopback is used.

// Tests unwrap: a failure is the message.
#![allow(clippy::unwrap_used)]

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use archdecide_core::sessions::{NewSession, SessionDetail, create_session};
use archdecide_core::stakeholders::{NewStakeholder, add_stakeholder};
use archdecide_core::{Store, drivers, options};
use archdecide_room::{Locker, NoticeSink, Room, RoomConfig};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};

const DRIVERS: [&str; 6] = ["modularity", "scalability", "robustness", "flexibility", "complexity", "security"];
const OPTIONS: [&str; 4] = ["monolithic", "service_oriented", "microservices", "serverless"];

/// A session with `people` stakeholders, 6 drivers and 5 options (30 cells each), on disk
/// (fsync per change, as in use).
pub fn workshop(dir: &std::path::Path, people: usize) -> (Arc<Mutex<Store>>, SessionDetail) {
    let mut store = Store::open(&dir.join("archdecide.db")).unwrap();
    let id = create_session(&mut store, NewSession { title: "Room figures".into(), ..Default::default() })
        .unwrap()
        .session
        .id;
    for person in 0..people {
        add_stakeholder(&mut store, id, NewStakeholder::named(&format!("Person {person}"))).unwrap();
    }
    for key in DRIVERS {
        drivers::add_template_driver(&mut store, id, key).unwrap();
    }
    for key in OPTIONS {
        options::add_catalog_option(&mut store, id, key).unwrap();
    }
    let detail = options::add_option(
        &mut store,
        id,
        options::NewOption { name: "Modular monolith".into(), ..Default::default() },
    )
    .unwrap();
    (Arc::new(Mutex::new(store)), detail)
}

/// One participant's keep-alive connection.
struct Participant {
    reader: BufReader<tokio::net::tcp::OwnedReadHalf>,
    writer: tokio::net::tcp::OwnedWriteHalf,
    host: String,
}

impl Participant {
    async fn connect(address: SocketAddr) -> Self {
        let (reader, writer) = tokio::net::TcpStream::connect(address).await.unwrap().into_split();
        Self { reader: BufReader::new(reader), writer, host: address.to_string() }
    }

    /// POSTs `body` and reads the answer; returns the status.
    async fn post(&mut self, path: &str, body: &str) -> u16 {
        let request = format!(
            "POST {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            self.host,
            body.len()
        );
        self.writer.write_all(request.as_bytes()).await.unwrap();
        let mut line = String::new();
        self.reader.read_line(&mut line).await.unwrap();
        let status = line.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        let mut length = 0;
        loop {
            line.clear();
            self.reader.read_line(&mut line).await.unwrap();
            if line == "\r\n" {
                break;
            }
            if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = value.trim().parse().unwrap_or(0);
            }
        }
        let mut body = vec![0; length];
        self.reader.read_exact(&mut body).await.unwrap();
        status
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn pss_kib(pid: u32) -> u64 {
    let rollup = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).unwrap_or_default();
    rollup
        .lines()
        .find_map(|l| l.strip_prefix("Pss:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// The memory of a room on its own: `archdecide room open` in a child process, its PSS with
/// the session loaded and nobody in the room, then after 50 participants × 30 saves, next to
/// the same binary running a CLI command without a room.
async fn headless_room_memory() -> Option<(u64, u64, u64)> {
    let dir = tempfile::tempdir().unwrap();
    let (store, detail) = workshop(dir.path(), 50);
    drop(store);
    let port = std::net::TcpListener::bind("127.0.0.1:0").ok()?.local_addr().ok()?.port();
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_archdecide"))
        .args(["--data-dir", &dir.path().display().to_string(), "room", "open", &detail.session.id.to_string()])
        .args(["--bind", "127.0.0.1", "--port", &port.to_string()])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .ok()?;
    let pid = child.id()?;
    let mut lines = BufReader::new(child.stdout.take()?).lines();
    let mut tokens = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        let Ok(Ok(Some(line))) = tokio::time::timeout(Duration::from_secs(5), lines.next_line()).await else { break };
        if let Some((_, url)) = line.split_once(": http://") {
            tokens.push(url.rsplit('/').next().unwrap_or_default().to_owned());
        }
        if line.starts_with("Plain HTTP") {
            break;
        }
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let idle = pss_kib(pid);
    let address: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let cells: Vec<(uuid::Uuid, uuid::Uuid)> =
        detail.drivers.iter().flat_map(|d| detail.options.iter().map(move |o| (d.id, o.id))).collect();
    let tasks: Vec<_> = tokens
        .into_iter()
        .map(|token| {
            let cells = cells.clone();
            tokio::spawn(async move {
                let mut participant = Participant::connect(address).await;
                for (driver, option) in cells {
                    let change =
                        serde_json::json!({"kind": "score", "driver_id": driver, "option_id": option, "value": 3});
                    let body = serde_json::json!({"client_id": uuid::Uuid::now_v7(), "change": change}).to_string();
                    participant.post(&format!("/api/{token}/changes"), &body).await;
                }
            })
        })
        .collect();
    for task in tasks {
        let _ = task.await;
    }
    let busy = pss_kib(pid);
    // The same binary running `list`, measured while it runs.
    let mut list = std::process::Command::new(env!("CARGO_BIN_EXE_archdecide"))
        .args(["--data-dir", &dir.path().display().to_string(), "list"])
        .stdout(std::process::Stdio::null())
        .spawn()
        .ok()?;
    let mut floor = 0;
    for _ in 0..200 {
        floor = floor.max(pss_kib(list.id()));
        if list.try_wait().ok().flatten().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    let _ = std::process::Command::new("kill").args(["-INT", &pid.to_string()]).status();
    let _ = tokio::time::timeout(Duration::from_secs(10), child.wait()).await;
    Some((floor, idle, busy))
}

struct Run {
    wall: Duration,
    latencies: Vec<f64>,
    reflect: Vec<f64>,
    stored: usize,
    events: usize,
}

/// `people` participants each score every cell; the facilitator recomputes the analysis on
/// every notice (coalesced, as the window does). `parallel`: all at once, else one after
/// another.
/// One participant entering a score in each of `cells` as fast as the room answers, over one
/// keep-alive connection; (sent, answered) per save.
async fn participant_saves(
    address: SocketAddr,
    token: String,
    cells: Vec<(uuid::Uuid, uuid::Uuid)>,
    person: usize,
) -> Vec<(Instant, Instant)> {
    let mut participant = Participant::connect(address).await;
    let mut out = Vec::new();
    for (i, (driver, option)) in cells.iter().enumerate() {
        let body = serde_json::json!({
            "client_id": uuid::Uuid::now_v7(),
            "change": {"kind": "score", "driver_id": driver, "option_id": option, "value": (person + i) % 6}
        })
        .to_string();
        let sent = Instant::now();
        let status = participant.post(&format!("/api/{token}/changes"), &body).await;
        assert_eq!(status, 200, "a save failed");
        out.push((sent, Instant::now()));
    }
    out
}

/// Every link's participant scores every cell of `detail` at once; how many saves were made.
pub async fn load(address: SocketAddr, tokens: &[String], detail: &SessionDetail) -> usize {
    let cells: Vec<(uuid::Uuid, uuid::Uuid)> =
        detail.drivers.iter().flat_map(|d| detail.options.iter().map(move |o| (d.id, o.id))).collect();
    let tasks: Vec<_> = tokens
        .iter()
        .enumerate()
        .map(|(p, t)| tokio::spawn(participant_saves(address, t.clone(), cells.clone(), p)))
        .collect();
    let mut saves = 0;
    for task in tasks {
        saves += task.await.map_or(0, |s| s.len());
    }
    saves
}

/// One save of a paced load: who (index into the tokens), which cell (driver, option indices)
/// and the value sent; `answered` is the room's status and when it answered, from the start.
pub struct PacedSave {
    pub person: usize,
    pub driver: usize,
    pub option: usize,
    pub value: u8,
    pub status: u16,
    pub answered_ms: f64,
}

/// `count` saves spread over the participants at `per_second` (save i from participant
/// i mod n, at i / per_second s, into cell 7i mod cells: no participant saves a cell twice for
/// count ≤ participants × cells / 7), each participant on its own keep-alive connection.
/// Bounded: every save waits at most 10 s for its answer.
pub async fn paced(
    address: SocketAddr,
    tokens: &[String],
    detail: &SessionDetail,
    count: usize,
    per_second: f64,
) -> Vec<PacedSave> {
    let options = detail.options.len();
    let cells: Vec<(uuid::Uuid, uuid::Uuid)> =
        detail.drivers.iter().flat_map(|d| detail.options.iter().map(move |o| (d.id, o.id))).collect();
    let start = Instant::now();
    let tasks: Vec<_> = tokens
        .iter()
        .enumerate()
        .map(|(person, token)| {
            let (token, cells, people) = (token.clone(), cells.clone(), tokens.len());
            tokio::spawn(async move {
                let mut participant = Participant::connect(address).await;
                let mut out = Vec::new();
                for i in (person..count).step_by(people) {
                    let cell = (i * 7) % cells.len();
                    let ((driver_id, option_id), value) = (cells[cell], (i % 6) as u8);
                    tokio::time::sleep_until((start + Duration::from_secs_f64(i as f64 / per_second)).into()).await;
                    let body = serde_json::json!({
                        "client_id": uuid::Uuid::now_v7(),
                        "change": {"kind": "score", "driver_id": driver_id, "option_id": option_id, "value": value}
                    })
                    .to_string();
                    let path = format!("/api/{token}/changes");
                    let status = tokio::time::timeout(Duration::from_secs(10), participant.post(&path, &body))
                        .await
                        .unwrap_or(0);
                    let answered_ms = start.elapsed().as_secs_f64() * 1000.0;
                    out.push(PacedSave {
                        person,
                        driver: cell / options,
                        option: cell % options,
                        value,
                        status,
                        answered_ms,
                    });
                    if status == 0 {
                        break; // no answer: this connection is no longer usable
                    }
                }
                out
            })
        })
        .collect();
    let mut saves = Vec::new();
    for task in tasks {
        saves.extend(task.await.unwrap_or_default());
    }
    saves
}

async fn run(people: usize, parallel: bool) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let (store, detail) = workshop(dir.path(), people);
    let session = detail.session.id;
    let shared = store.clone();
    let locker: Locker = Arc::new(move |call| {
        call(&mut shared.lock().unwrap());
        Ok(())
    });
    let (notify, mut notices) = tokio::sync::mpsc::unbounded_channel::<Instant>();
    let sink: NoticeSink = Arc::new(move |notice| {
        if notice.kind == "changed" {
            let _ = notify.send(Instant::now());
        }
    });
    let config = RoomConfig {
        session_id: session,
        address: "127.0.0.1:0".parse().unwrap(),
        idle: None,
        grace: std::time::Duration::from_secs(60),
    };
    let room = Room::open(config, locker.clone(), sink).await.unwrap();
    let status = room.status().unwrap();
    let tokens: Vec<String> = status.links.iter().map(|l| l.url.rsplit('/').next().unwrap().to_owned()).collect();

    // The facilitator: after each batch of notices, one analysis; (started, finished).
    let analyses = Arc::new(Mutex::new(Vec::<(Instant, Instant)>::new()));
    let recorded = analyses.clone();
    let facilitator_locker = locker.clone();
    let facilitator = tokio::spawn(async move {
        while let Some(_first) = notices.recv().await {
            while notices.try_recv().is_ok() {}
            let started = Instant::now();
            let locker = facilitator_locker.clone();
            let _ = tokio::task::spawn_blocking(move || {
                archdecide_room::with(&locker, |store| archdecide_core::scoring::get_scoring(store, session, None))
            })
            .await;
            recorded.lock().unwrap().push((started, Instant::now()));
        }
    });

    let cells: Vec<(uuid::Uuid, uuid::Uuid)> =
        detail.drivers.iter().flat_map(|d| detail.options.iter().map(move |o| (d.id, o.id))).collect();
    let address = room.address();
    let one = move |token: String, cells: Vec<(uuid::Uuid, uuid::Uuid)>, person: usize| {
        participant_saves(address, token, cells, person)
    };
    let start = Instant::now();
    let mut saves = Vec::new();
    if parallel {
        let tasks: Vec<_> =
            tokens.iter().enumerate().map(|(p, t)| tokio::spawn(one(t.clone(), cells.clone(), p))).collect();
        for task in tasks {
            saves.extend(task.await.unwrap());
        }
    } else {
        for (p, token) in tokens.iter().enumerate() {
            saves.extend(one(token.clone(), cells.clone(), p).await);
        }
    }
    let wall = start.elapsed();
    // Let the facilitator's last analysis finish (bounded).
    let deadline = Instant::now() + Duration::from_secs(10);
    let last_answer = saves.iter().map(|s| s.1).max().unwrap();
    while Instant::now() < deadline && !analyses.lock().unwrap().iter().any(|(s, _)| *s >= last_answer) {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    room.shutdown().await;
    facilitator.abort();

    let mut latencies: Vec<f64> = saves.iter().map(|(s, a)| (*a - *s).as_secs_f64() * 1000.0).collect();
    latencies.sort_by(f64::total_cmp);
    // A save is in every analysis that started after its answer arrived: its reflection time
    // is from sending it to the end of the first such analysis (an upper bound).
    let done = analyses.lock().unwrap().clone();
    let mut reflect: Vec<f64> = saves
        .iter()
        .filter_map(|(sent, answered)| {
            done.iter().find(|(s, _)| s >= answered).map(|(_, f)| (*f - *sent).as_secs_f64() * 1000.0)
        })
        .collect();
    reflect.sort_by(f64::total_cmp);
    let guard = store.lock().unwrap();
    let scoring = archdecide_core::scoring::get_scoring(&guard, session, None).unwrap();
    let stored = scoring.progress.iter().map(|p| p.scored as usize).sum();
    let history = archdecide_core::history::get_history(&guard, session, false).unwrap();
    let events = history.events.iter().filter(|e| e.kind == "set_score").count();
    Run { wall, latencies, reflect, stored, events }
}

pub fn room_figures(runtime: &tokio::runtime::Runtime) {
    let fifty = runtime.block_on(run(50, true));
    let expected: usize = 50 * 30;
    println!(
        "room, 50 participants × 30 scores at once (loopback, fsync per save): {} saves in {:.2} s; stored {} of {expected}, {} history events ({} lost, {} doubled)",
        fifty.latencies.len(),
        fifty.wall.as_secs_f64(),
        fifty.stored,
        fifty.events,
        expected.saturating_sub(fifty.stored),
        fifty.events.saturating_sub(expected)
    );
    println!(
        "room save latency: p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms (target p95 ≤ 50 ms)",
        percentile(&fifty.latencies, 0.5),
        percentile(&fifty.latencies, 0.95),
        fifty.latencies.last().copied().unwrap_or(0.0)
    );
    if !fifty.reflect.is_empty() {
        println!(
            "room save → facilitator's analysis reflects it: p50 {:.1} ms, p95 {:.1} ms (target p95 ≤ 250 ms; {} of {} saves matched)",
            percentile(&fifty.reflect, 0.5),
            percentile(&fifty.reflect, 0.95),
            fifty.reflect.len(),
            fifty.latencies.len()
        );
    }
    if let Some((floor, idle, busy)) = runtime.block_on(headless_room_memory()) {
        let mib = |kib: u64| kib as f64 / 1024.0;
        println!(
            "room memory (`archdecide room open`, PSS): {:.1} MiB open with nobody in it, {:.1} MiB after 50 × 30 saves; the same binary running `list` {:.1} MiB (the room adds {:.1} MiB idle, {:.1} MiB after the load; target ≤ 20 MiB)",
            mib(idle),
            mib(busy),
            mib(floor),
            mib(idle.saturating_sub(floor)),
            mib(busy.saturating_sub(floor))
        );
    }
    let parallel = runtime.block_on(run(8, true));
    let sequential = runtime.block_on(run(8, false));
    println!(
        "collecting 8 stakeholders × 30 cells: in parallel through the room {:.0} ms, one after another {:.0} ms (ratio {:.1}×); at a person's ~3 s per cell that is {:.1} min against {:.1} min",
        parallel.wall.as_secs_f64() * 1000.0,
        sequential.wall.as_secs_f64() * 1000.0,
        sequential.wall.as_secs_f64() / parallel.wall.as_secs_f64(),
        30.0 * 3.0 / 60.0,
        8.0 * 30.0 * 3.0 / 60.0
    );
    let binary = std::path::Path::new(env!("CARGO_BIN_EXE_archdecide"));
    if let Ok(meta) = std::fs::metadata(binary) {
        let page: usize = archdecide_room_page_bytes();
        println!(
            "binary: {:.1} MiB ({}), of which the embedded participant page and its assets {:.0} KiB",
            meta.len() as f64 / 1048576.0,
            binary.display(),
            page as f64 / 1024.0
        );
    }
}

/// The size of ui/dist's participant page and every asset the room embeds.
fn archdecide_room_page_bytes() -> usize {
    let dist = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/dist");
    let page = std::fs::metadata(dist.join("participant.html")).map(|m| m.len() as usize).unwrap_or(0);
    let assets: usize = std::fs::read_dir(dist.join("assets"))
        .map(|entries| entries.flatten().filter_map(|e| e.metadata().ok()).map(|m| m.len() as usize).sum())
        .unwrap_or(0);
    page + assets
}
