//! The room: an HTTP server on the laptop through which every stakeholder scores from their
//! own phone or laptop, at the same time. It lives outside `archdecide-core` (which stays free
//! of HTTP) and outside the tauri shell, so the window and the headless CLI share it. Every
//! participant's write goes through the same core functions as the window's, under the same
//! store lock (`Locker`); the facilitator learns of changes through `RoomNotice`.

#![forbid(unsafe_code)]

mod http;
pub mod links;
mod page;
pub mod sheet;

use std::collections::{HashMap, HashSet, VecDeque};
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use archdecide_core::{ErrorCode, ErrorReport, Store};
use serde::Serialize;
use tokio::sync::{broadcast, watch};
use ts_rs::TS;
use uuid::Uuid;

pub use links::RoomLink;

/// Runs one call on the store under the owner's lock (the window's `AppState`, or the CLI's
/// own mutex), exactly as a command does.
pub type Locker = Arc<dyn Fn(&mut dyn FnMut(&mut Store)) -> Result<(), ErrorReport> + Send + Sync>;

/// What the facilitator's side hears from the room.
pub type NoticeSink = Arc<dyn Fn(RoomNotice) + Send + Sync>;

/// How often the room looks for changes made outside it (the facilitator's window, read from
/// the store's write count without its lock), for its idle time and for the end of its
/// closing grace.
const WATCH_EVERY: Duration = Duration::from_millis(200);
/// Client ids remembered per room, so a retried change is applied once.
const REMEMBERED_CHANGES: usize = 100_000;
/// Most changes applied in one group commit.
const BATCH: usize = 64;

#[derive(Debug, Clone)]
pub struct RoomConfig {
    pub session_id: Uuid,
    /// Where to listen; port 0 takes a free one.
    pub address: SocketAddr,
    /// Closes the room after this long without a request from a participant.
    pub idle: Option<Duration>,
    /// How long a closed room (closed by the facilitator or idle) keeps answering 410 "this
    /// room is closed" before it stops listening by itself.
    pub grace: Duration,
}

/// Something that happened in the room, for the facilitator's window.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct RoomNotice {
    pub session_id: Uuid,
    /// joined | changed | closed
    pub kind: String,
    pub stakeholder_id: Option<Uuid>,
}

/// One participant as the facilitator sees them.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct RoomParticipant {
    pub stakeholder_id: Uuid,
    pub joined: bool,
    /// Seconds since their page last asked for anything.
    pub seen_seconds_ago: Option<u32>,
}

/// The room as the facilitator's window and `room links` show it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct RoomStatus {
    pub session_id: Uuid,
    pub open: bool,
    /// `http://ADDR:PORT`
    pub address: String,
    pub links: Vec<RoomLink>,
    pub participants: Vec<RoomParticipant>,
}

/// An address the room can listen on, for the chooser.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct RoomAddress {
    pub ip: String,
    /// The network interface's name (e.g. wlan0).
    pub interface: String,
    pub loopback: bool,
}

/// The addresses of this machine's networks, IPv4 first, loopback last. Never "all
/// interfaces": the room listens on exactly one.
pub fn addresses() -> Vec<RoomAddress> {
    let mut found: Vec<RoomAddress> = if_addrs::get_if_addrs()
        .unwrap_or_default()
        .into_iter()
        .filter(|i| !matches!(i.ip(), IpAddr::V6(v6) if (v6.segments()[0] & 0xffc0) == 0xfe80))
        .map(|i| RoomAddress { ip: i.ip().to_string(), interface: i.name.clone(), loopback: i.is_loopback() })
        .collect();
    found.sort_by_key(|a| (a.loopback, a.ip.contains(':'), a.ip.clone()));
    found.dedup();
    if found.is_empty() {
        found.push(RoomAddress { ip: "127.0.0.1".into(), interface: "lo".into(), loopback: true });
    }
    found
}

/// What the room's handlers share.
pub(crate) struct Shared {
    pub session_id: Uuid,
    pub base_url: String,
    /// Host header values that address this server (DNS rebinding defence).
    pub hosts: Vec<String>,
    pub locker: Locker,
    pub tokens: Mutex<links::Tokens>,
    pub closed: AtomicBool,
    pub seen: Mutex<HashMap<Uuid, Instant>>,
    pub applied: Mutex<(HashSet<Uuid>, VecDeque<Uuid>)>,
    pub rates: Mutex<HashMap<Uuid, http::Bucket>>,
    pub events: broadcast::Sender<RoomEvent>,
    pub notices: NoticeSink,
    pub last_request: Mutex<Instant>,
    /// The store's write count: changes made outside the room show up here.
    pub writes: archdecide_core::store::WriteCount,
    /// Participants' changes, in arrival order, for the writer (group commit).
    pub jobs: tokio::sync::mpsc::UnboundedSender<Job>,
}

/// One participant's change (or, with no request, a read of their sheet) waiting for the
/// room's one store worker, and where its answer goes. Reads queue with the writes, so the
/// room never holds more than one thread on the store.
pub(crate) struct Job {
    pub stakeholder_id: Uuid,
    pub request: Option<sheet::ChangeRequest>,
    pub answer: tokio::sync::oneshot::Sender<Result<Answer, ErrorReport>>,
}

/// What the store worker hands back: a whole sheet for a read, the own values for a change.
pub(crate) enum Answer {
    Sheet(Box<sheet::ParticipantSheet>),
    Change(sheet::ChangeAnswer),
}

/// What the participants' event streams carry: never a value, only that something changed.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum RoomEvent {
    Changed,
    Revoked(Uuid),
    Closed,
}

impl Shared {
    /// Runs a core call under the owner's lock.
    pub fn with<T>(&self, call: impl FnOnce(&mut Store) -> archdecide_core::Result<T>) -> Result<T, ErrorReport> {
        with(&self.locker, call)
    }

    pub fn notify(&self, kind: &str, stakeholder_id: Option<Uuid>) {
        (self.notices)(RoomNotice { session_id: self.session_id, kind: kind.to_owned(), stakeholder_id });
    }

    /// Remembers a change's client id; false when it was seen before.
    pub fn first_time(&self, client_id: Uuid) -> bool {
        let mut applied = lock(&self.applied);
        let (set, order) = &mut *applied;
        if !set.insert(client_id) {
            return false;
        }
        order.push_back(client_id);
        if order.len() > REMEMBERED_CHANGES
            && let Some(oldest) = order.pop_front()
        {
            set.remove(&oldest);
        }
        true
    }

    pub fn forget(&self, client_id: Uuid) {
        lock(&self.applied).0.remove(&client_id);
    }
}

pub(crate) fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Runs `call` through `locker` and hands back its result.
pub fn with<T>(locker: &Locker, call: impl FnOnce(&mut Store) -> archdecide_core::Result<T>) -> Result<T, ErrorReport> {
    let mut call = Some(call);
    let mut out = None;
    locker(&mut |store: &mut Store| {
        if let Some(call) = call.take() {
            out = Some(call(store).map_err(|e| e.report()));
        }
    })?;
    out.unwrap_or_else(|| {
        Err(ErrorReport {
            code: ErrorCode::DatabaseError,
            message: "the store did not run the call".into(),
            field: None,
        })
    })
}

/// An open room: the server runs until `shutdown`.
pub struct Room {
    shared: Arc<Shared>,
    address: SocketAddr,
    stop: Arc<watch::Sender<bool>>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl std::fmt::Debug for Room {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Room").field("session_id", &self.shared.session_id).field("address", &self.address).finish()
    }
}

impl Room {
    /// Starts listening on `config.address` with a fresh link per stakeholder. Must run inside
    /// a tokio runtime.
    pub async fn open(config: RoomConfig, locker: Locker, notices: NoticeSink) -> Result<Room, ErrorReport> {
        let session_id = config.session_id;
        let (detail, writes) = with(&locker, |store| {
            Ok((archdecide_core::sessions::get_session(store, session_id)?, store.write_count()))
        })?;
        let stakeholders = detail.stakeholders.iter().map(|s| s.id).collect::<Vec<_>>();
        let tokens = links::Tokens::issue(&stakeholders).map_err(io_report)?;
        let listener = tokio::net::TcpListener::bind(config.address).await.map_err(|e| ErrorReport {
            code: ErrorCode::RoomUnavailable,
            message: format!("The room cannot listen on {}: {e}", config.address),
            field: Some("address".into()),
        })?;
        let address = listener.local_addr().map_err(io_report)?;
        let host = match address.ip() {
            IpAddr::V6(ip) => format!("[{ip}]:{}", address.port()),
            IpAddr::V4(ip) => format!("{ip}:{}", address.port()),
        };
        let mut hosts = vec![host.clone()];
        if address.ip().is_loopback() {
            hosts.push(format!("localhost:{}", address.port()));
        }
        let (events, _) = broadcast::channel(256);
        let (jobs, queue) = tokio::sync::mpsc::unbounded_channel();
        let shared = Arc::new(Shared {
            session_id,
            base_url: format!("http://{host}"),
            hosts,
            locker,
            tokens: Mutex::new(tokens),
            closed: AtomicBool::new(false),
            seen: Mutex::new(HashMap::new()),
            applied: Mutex::new((HashSet::new(), VecDeque::new())),
            rates: Mutex::new(HashMap::new()),
            events,
            notices,
            last_request: Mutex::new(Instant::now()),
            writes,
            jobs,
        });
        let (stop, stopped) = watch::channel(false);
        let stop = Arc::new(stop);
        let router = http::router(shared.clone());
        let mut until = stopped.clone();
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, router)
                .with_graceful_shutdown(async move {
                    let _ = until.wait_for(|stop| *stop).await;
                })
                .await;
        });
        let watcher = tokio::spawn(watch_store(shared.clone(), config.clone(), stop.clone(), stopped.clone()));
        let writer = tokio::spawn(write_changes(shared.clone(), queue, stopped));
        Ok(Room { shared, address, stop, tasks: vec![server, watcher, writer] })
    }

    pub fn session_id(&self) -> Uuid {
        self.shared.session_id
    }

    pub fn address(&self) -> SocketAddr {
        self.address
    }

    pub fn is_open(&self) -> bool {
        !self.shared.closed.load(Ordering::SeqCst)
    }

    /// Closes the room: from now on every link answers 410 and every open page hears
    /// "closed". The server still answers (with 410) until `shutdown`.
    pub fn close(&self) {
        close(&self.shared);
    }

    /// Closes the room and stops listening; the port is free when this returns.
    pub async fn shutdown(mut self) {
        close(&self.shared);
        let _ = self.stop.send(true);
        for task in self.tasks.drain(..) {
            let _ = tokio::time::timeout(Duration::from_secs(5), task).await;
        }
    }

    /// A new link for `stakeholder`; their old link answers 410 from now on and their open
    /// page hears "revoked".
    pub fn reissue(&self, stakeholder: Uuid) -> Result<RoomStatus, ErrorReport> {
        lock(&self.shared.tokens).reissue(stakeholder).map_err(io_report)?;
        let _ = self.shared.events.send(RoomEvent::Revoked(stakeholder));
        lock(&self.shared.seen).remove(&stakeholder);
        self.status()
    }

    /// The links (with their QR codes) and who has joined.
    pub fn status(&self) -> Result<RoomStatus, ErrorReport> {
        let detail = self.shared.with(|store| archdecide_core::sessions::get_session(store, self.shared.session_id))?;
        let mut tokens = lock(&self.shared.tokens);
        let seen = lock(&self.shared.seen);
        let mut links = Vec::new();
        let mut participants = Vec::new();
        for person in &detail.stakeholders {
            tokens.ensure(person.id).map_err(io_report)?;
            let url = format!("{}/s/{}", self.shared.base_url, tokens.token_of(person.id).unwrap_or_default());
            links.push(RoomLink {
                stakeholder_id: person.id,
                name: person.name.clone(),
                qr: links::qr_rows(&url),
                url,
            });
            let last = seen.get(&person.id);
            participants.push(RoomParticipant {
                stakeholder_id: person.id,
                joined: last.is_some(),
                seen_seconds_ago: last.map(|t| t.elapsed().as_secs().min(u64::from(u32::MAX)) as u32),
            });
        }
        Ok(RoomStatus {
            session_id: self.shared.session_id,
            open: self.is_open(),
            address: self.shared.base_url.clone(),
            links,
            participants,
        })
    }
}

fn close(shared: &Shared) {
    if !shared.closed.swap(true, Ordering::SeqCst) {
        let _ = shared.events.send(RoomEvent::Closed);
        shared.notify("closed", None);
    }
}

fn io_report(error: std::io::Error) -> ErrorReport {
    ErrorReport { code: ErrorCode::IoError, message: error.to_string(), field: None }
}

/// Applies participants' changes in arrival order. Whatever has queued up while the previous
/// batch was written goes into one transaction (one fsync), each change all-or-nothing on its
/// own; every answer is sent after the commit, so an acknowledged change is on disk.
async fn write_changes(
    shared: Arc<Shared>,
    mut queue: tokio::sync::mpsc::UnboundedReceiver<Job>,
    mut stopped: watch::Receiver<bool>,
) {
    loop {
        let first = tokio::select! {
            job = queue.recv() => match job { Some(job) => job, None => return },
            _ = stopped.wait_for(|stop| *stop) => return,
        };
        let mut batch = vec![first];
        while batch.len() < BATCH {
            match queue.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let worker = shared.clone();
        let done = tokio::task::spawn_blocking(move || {
            let session = worker.session_id;
            let requests: Vec<(Uuid, Option<sheet::ChangeRequest>)> =
                batch.iter().map(|job| (job.stakeholder_id, job.request.clone())).collect();
            let outcome = worker.with(|store| {
                store.batch(|store| {
                    let applied: Vec<Result<bool, ErrorReport>> = requests
                        .iter()
                        .map(|(me, request)| {
                            let Some(request) = request else { return Ok(false) };
                            if !worker.first_time(request.client_id) {
                                return Ok(false);
                            }
                            sheet::apply(store, session, *me, &request.change).map(|()| true).map_err(|error| {
                                // Refused: nothing was stored, so the same id may come again once fixed.
                                worker.forget(request.client_id);
                                error.report()
                            })
                        })
                        .collect();
                    // Reads need the whole sheet; changes only the session's status.
                    let detail = archdecide_core::sessions::get_session(store, session);
                    let answers: Vec<Result<Answer, ErrorReport>> = applied
                        .into_iter()
                        .zip(&requests)
                        .map(|(applied, (me, request))| {
                            let applied = applied?;
                            let detail = detail.as_ref().map_err(|e| e.report())?;
                            if request.is_none() {
                                let sheet = sheet::sheet_in(store, detail, *me).map_err(|e| e.report())?;
                                return Ok(Answer::Sheet(Box::new(sheet)));
                            }
                            let own =
                                sheet::own_state(store, session, detail.session.status, *me).map_err(|e| e.report())?;
                            Ok(Answer::Change(sheet::ChangeAnswer { applied, own }))
                        })
                        .collect();
                    Ok(answers)
                })?
            });
            (batch, outcome)
        })
        .await;
        let Ok((batch, outcome)) = done else { continue };
        let answers: Vec<Result<Answer, ErrorReport>> = match outcome {
            Ok(answers) => answers,
            Err(report) => batch.iter().map(|_| Err(report.clone())).collect(),
        };
        for (job, answer) in batch.into_iter().zip(answers) {
            if matches!(&answer, Ok(Answer::Change(a)) if a.applied) {
                shared.notify("changed", Some(job.stakeholder_id));
            }
            let _ = job.answer.send(answer);
        }
    }
}

/// Tells the participants' pages when the store changed (the facilitator edited, revealed…),
/// and closes an idle room.
async fn watch_store(
    shared: Arc<Shared>,
    config: RoomConfig,
    stop: Arc<watch::Sender<bool>>,
    mut stopped: watch::Receiver<bool>,
) {
    let mut last = shared.writes.get();
    let mut closed_at: Option<Instant> = None;
    loop {
        tokio::select! {
            _ = tokio::time::sleep(WATCH_EVERY) => {}
            _ = stopped.wait_for(|stop| *stop) => return,
        }
        let writes = shared.writes.get();
        if writes != last {
            let _ = shared.events.send(RoomEvent::Changed);
            last = writes;
        }
        if let Some(idle) = config.idle
            && lock(&shared.last_request).elapsed() >= idle
        {
            close(&shared);
        }
        // Closed (by the facilitator or idle): answer 410 for the grace, then stop listening.
        if shared.closed.load(Ordering::SeqCst) {
            let since = *closed_at.get_or_insert_with(Instant::now);
            if since.elapsed() >= config.grace {
                let _ = stop.send(true);
                return;
            }
        }
    }
}
