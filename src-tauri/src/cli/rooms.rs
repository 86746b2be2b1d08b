//! `room open` (a room without the window, until Ctrl+C) and `room links`.

use std::path::Path;

use archdecide_core::sessions;
use uuid::Uuid;

use super::{Failure, parse_session_id};

/// `room links`: the open room's links (and QR codes) again, from its links file.
pub(super) fn room_links(session_id: String, json: bool, data_dir: &Path) -> Result<String, Failure> {
    let id = parse_session_id(&session_id)?;
    let file = crate::rooms::links_file(data_dir, id);
    let text = std::fs::read_to_string(&file)
        .map_err(|_| format!("no room is open for session {id} (start one with `archdecide room open {id}`)"))?;
    if json {
        return Ok(text + "\n");
    }
    let status: serde_json::Value = serde_json::from_str(&text)?;
    Ok(links_text(&status))
}

/// `room open`: serves the room until Ctrl+C (or SIGTERM, or the idle time), printing the
/// links first.
pub(super) fn serve_room(
    session_id: &str,
    bind: Option<&str>,
    port: Option<u16>,
    idle: Option<u64>,
    data_dir: &Path,
) -> Result<(), Failure> {
    use std::sync::{Arc, Mutex};
    let id = parse_session_id(session_id)?;
    let store = crate::data_dir::open_store(data_dir)?;
    let detail = sessions::get_session(&store, id)?;
    let ip = match bind {
        Some(text) => text.trim().parse().map_err(|_| format!("“{text}” is not an IP address"))?,
        None => crate::rooms::default_ip(),
    };
    let store = Arc::new(Mutex::new(store));
    let locker: archdecide_room::Locker = Arc::new(move |call| {
        let mut store = store.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        call(&mut store);
        Ok(())
    });
    let names: std::collections::HashMap<Uuid, String> =
        detail.stakeholders.iter().map(|s| (s.id, s.name.clone())).collect();
    let notices: archdecide_room::NoticeSink = Arc::new(move |notice| {
        if notice.kind == "joined" {
            let who = notice.stakeholder_id.and_then(|id| names.get(&id)).map_or("Someone", String::as_str);
            println!("{who} joined the room.");
        }
    });
    // Two workers serve HTTP; the store is reached by one blocking thread at a time anyway.
    let runtime =
        tokio::runtime::Builder::new_multi_thread().worker_threads(2).max_blocking_threads(4).enable_all().build()?;
    runtime.block_on(async move {
        let idle = idle.map(|minutes| std::time::Duration::from_secs(minutes * 60));
        let room = crate::rooms::open_on(ip, port, id, idle, locker, notices).await?;
        let status = room.status()?;
        crate::rooms::save_links(data_dir, &status);
        let value = serde_json::to_value(&status)?;
        println!("{}", links_text(&value));
        println!("Plain HTTP: anyone on this network can read what is sent. Ctrl+C closes the room.");
        use std::io::Write as _;
        let _ = std::io::stdout().flush();
        let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
        loop {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => break,
                _ = terminate.recv() => break,
                _ = tokio::time::sleep(std::time::Duration::from_millis(500)) => {
                    if !room.is_open() { break; }
                }
            }
        }
        crate::rooms::forget_links(data_dir, id);
        room.shutdown().await;
        println!("The room is closed.");
        Ok(())
    })
}

/// The room's links as text, each with its QR code.
pub(super) fn links_text(status: &serde_json::Value) -> String {
    let mut out = format!("Room open at {}\n", status["address"].as_str().unwrap_or_default());
    for link in status["links"].as_array().into_iter().flatten() {
        let url = link["url"].as_str().unwrap_or_default();
        out += &format!("\n{}: {url}\n", link["name"].as_str().unwrap_or_default());
        out += &archdecide_room::links::qr_text(url);
    }
    out
}
