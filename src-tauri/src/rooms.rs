//! The rooms this process runs (window or headless CLI), one per session, and the links file
//! each open room keeps in the data folder (`rooms/<session-id>.json`, so `archdecide room
//! links` in another process can print them again). The server itself is `archdecide-room`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use archdecide_core::{ErrorCode, ErrorReport};
use std::net::{IpAddr, SocketAddr};

use archdecide_room::{Locker, NoticeSink, Room, RoomConfig, RoomStatus};
use uuid::Uuid;

/// How long a closed room keeps answering 410 ("this room is closed") before it stops
/// listening.
pub const CLOSED_GRACE: Duration = Duration::from_secs(60);

/// The default port: easy to type from a phone, and one more is tried when it is taken.
pub const DEFAULT_PORT: u16 = 8765;

/// The address a headless room listens on when none is given: the first network that is not
/// loopback (IPv4 first), else loopback. Never all interfaces.
pub fn default_ip() -> IpAddr {
    archdecide_room::addresses()
        .into_iter()
        .find(|a| !a.loopback)
        .and_then(|a| a.ip.parse().ok())
        .unwrap_or(IpAddr::V4(std::net::Ipv4Addr::LOCALHOST))
}

pub fn links_file(data_dir: &Path, session_id: Uuid) -> PathBuf {
    data_dir.join("rooms").join(format!("{session_id}.json"))
}

/// Writes the room's links for `room links` (owner-only permissions: the tokens are secrets).
pub fn save_links(data_dir: &Path, status: &RoomStatus) {
    let path = links_file(data_dir, status.session_id);
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let temporary = path.with_extension("json.partial");
    let Ok(json) = serde_json::to_vec_pretty(status) else { return };
    if std::fs::write(&temporary, json).is_ok() {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(&temporary, std::fs::Permissions::from_mode(0o600));
        }
        let _ = std::fs::rename(&temporary, &path);
    }
}

pub fn forget_links(data_dir: &Path, session_id: Uuid) {
    let _ = std::fs::remove_file(links_file(data_dir, session_id));
}

/// The open rooms of this process.
#[derive(Default)]
pub struct Rooms {
    open: tokio::sync::Mutex<HashMap<Uuid, Room>>,
}

impl Rooms {
    pub async fn insert(&self, room: Room) {
        self.open.lock().await.insert(room.session_id(), room);
    }

    pub async fn status(&self, session_id: Uuid) -> Result<Option<RoomStatus>, ErrorReport> {
        match self.open.lock().await.get(&session_id) {
            Some(room) => room.status().map(Some),
            None => Ok(None),
        }
    }

    pub async fn reissue(&self, session_id: Uuid, stakeholder_id: Uuid) -> Result<RoomStatus, ErrorReport> {
        match self.open.lock().await.get(&session_id) {
            Some(room) => room.reissue(stakeholder_id),
            None => Err(not_open()),
        }
    }

    /// Closes the room: links answer 410 at once; the server stops listening by itself after
    /// `CLOSED_GRACE`.
    pub async fn close(&self, session_id: Uuid) -> Result<(), ErrorReport> {
        let room = self.open.lock().await.remove(&session_id).ok_or_else(not_open)?;
        room.close();
        Ok(())
    }

    /// The sessions whose rooms are open, for the app's exit (not from async code: it blocks).
    pub fn sessions_on_exit(&self) -> Vec<Uuid> {
        self.open.blocking_lock().keys().copied().collect()
    }

    /// A room that closed itself (idle) is taken out; it stops listening by itself.
    pub async fn drop_closed(&self) {
        self.open.lock().await.retain(|_, room| room.is_open());
    }
}

/// Opens on `port`, or on the default port (or the next one when it is taken).
pub async fn open_on(
    ip: IpAddr,
    port: Option<u16>,
    session_id: Uuid,
    idle: Option<Duration>,
    locker: Locker,
    notices: NoticeSink,
) -> Result<Room, ErrorReport> {
    let ports: Vec<u16> = match port {
        Some(port) => vec![port],
        None => vec![DEFAULT_PORT, DEFAULT_PORT + 1, 0],
    };
    let mut last = None;
    for port in ports {
        let config = RoomConfig { session_id, address: SocketAddr::new(ip, port), idle, grace: CLOSED_GRACE };
        match Room::open(config, locker.clone(), notices.clone()).await {
            Ok(room) => return Ok(room),
            Err(error) if error.code == ErrorCode::RoomUnavailable => last = Some(error),
            Err(error) => return Err(error),
        }
    }
    Err(last.unwrap_or_else(not_open))
}

pub fn not_open() -> ErrorReport {
    ErrorReport { code: ErrorCode::RoomNotOpen, message: "No room is open for this session".into(), field: None }
}
