//! Room commands: the addresses to choose from, open a room (its notices stream back through
//! a channel), its status, a re-issued link, close it. The server is `archdecide-room`.

use std::net::IpAddr;
use std::sync::Arc;

use archdecide_core::{ErrorCode, ErrorReport};
use archdecide_room::{Locker, NoticeSink, RoomAddress, RoomNotice, RoomStatus};
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, State};
use uuid::Uuid;

use crate::app::AppState;
use crate::rooms::{self, Rooms};

#[tauri::command]
pub fn list_room_addresses() -> Vec<RoomAddress> {
    archdecide_room::addresses()
}

#[tauri::command]
pub async fn open_room(
    app: AppHandle,
    rooms: State<'_, Rooms>,
    session_id: Uuid,
    address: String,
    port: Option<u16>,
    idle_minutes: Option<u32>,
    on_notice: Channel<RoomNotice>,
) -> Result<RoomStatus, ErrorReport> {
    rooms.drop_closed().await;
    if let Some(status) = rooms.status(session_id).await? {
        return Ok(status);
    }
    let ip: IpAddr = address.trim().parse().map_err(|_| ErrorReport {
        code: ErrorCode::InvalidInput,
        message: format!("“{address}” is not an IP address"),
        field: Some("address".into()),
    })?;
    // Zero means "never close by itself".
    let idle = idle_minutes.filter(|m| *m > 0).map(|m| std::time::Duration::from_secs(u64::from(m) * 60));
    let handle = app.clone();
    let locker: Locker = Arc::new(move |call| {
        handle.state::<AppState>().with(|store| {
            call(store);
            Ok(())
        })
    });
    // A room that closes (idle, or closed here) forgets its links file: its tokens are dead.
    let data_dir = app.state::<AppState>().data_dir().to_path_buf();
    let notices: NoticeSink = Arc::new(move |notice| {
        if notice.kind == "closed" {
            rooms::forget_links(&data_dir, notice.session_id);
        }
        let _ = on_notice.send(notice);
    });
    let room = rooms::open_on(ip, port, session_id, idle, locker, notices).await?;
    let status = room.status()?;
    rooms::save_links(app.state::<AppState>().data_dir(), &status);
    rooms.insert(room).await;
    Ok(status)
}

#[tauri::command]
pub async fn get_room(rooms: State<'_, Rooms>, session_id: Uuid) -> Result<Option<RoomStatus>, ErrorReport> {
    rooms.drop_closed().await;
    rooms.status(session_id).await
}

#[tauri::command]
pub async fn reissue_room_link(
    app: AppHandle,
    rooms: State<'_, Rooms>,
    session_id: Uuid,
    stakeholder_id: Uuid,
) -> Result<RoomStatus, ErrorReport> {
    let status = rooms.reissue(session_id, stakeholder_id).await?;
    rooms::save_links(app.state::<AppState>().data_dir(), &status);
    Ok(status)
}

#[tauri::command]
pub async fn close_room(rooms: State<'_, Rooms>, session_id: Uuid) -> Result<(), ErrorReport> {
    // The room's "closed" notice makes its sink forget the links file (see `open_room`).
    rooms.close(session_id).await
}
