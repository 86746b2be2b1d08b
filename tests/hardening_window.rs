//! Hardening in the real window: a damaged database is explained and a backup restored from
//! the recovery screen; script and HTML typed as text stay plain text.

// Tests unwrap: a failure is the message.
#![allow(clippy::unwrap_used)]

mod support;

use archdecide_core::sessions::{NewSession, create_session};
use archdecide_core::{Store, backups};
use serde_json::json;
use std::path::Path;
use std::time::Duration;

use support::{Window, click, element, fail, open_session, wait_for_text};

#[tokio::test(flavor = "multi_thread")]
async fn a_damaged_database_is_moved_aside_and_a_backup_restored() {
    let window = Window::start();
    {
        let mut store = Store::open(&window.database()).unwrap();
        create_session(&mut store, NewSession { title: "Checkout platform".into(), ..NewSession::default() }).unwrap();
        backups::create_backup(&store, &window.data_dir.path().join("backups")).unwrap();
    }
    for side in ["archdecide.db-wal", "archdecide.db-shm"] {
        let _ = std::fs::remove_file(window.data_dir.path().join(side));
    }
    let garbage: Vec<u8> = (0..16384u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    std::fs::write(window.database(), &garbage).unwrap();

    let client = window.launch().await;
    let outcome = async {
        wait_for_text(&client, "[data-testid=fatal]", "The database was damaged").await?;
        wait_for_text(&client, "[data-testid=fatal-reason]", "It was moved to").await?;
        element(&client, "[data-testid=start-empty]").await?;
        window.screenshot("recovery-screen").await?;
        click(&client, "[data-testid=restore-backup]").await?;
        click(&client, "[data-testid=confirm]").await?;
        wait_for_text(&client, ".session-list", "Checkout platform").await?;
        wait_for_text(&client, "[data-testid=message]", "Restored the backup").await?;
        // The sidebar's Backups dialog: the backup restored from, then one more on request.
        click(&client, "[data-testid=backups-open]").await?;
        element(&client, "[data-testid=backups]").await?;
        let rows = |client: &fantoccini::Client| {
            let client = client.clone();
            async move { client.find_all(support::css("[data-testid=restore-backup]")).await.map(|r| r.len()) }
        };
        let before = rows(&client).await.map_err(fail("backup rows"))?;
        click(&client, "[data-testid=back-up-now]").await?;
        let start = std::time::Instant::now();
        while rows(&client).await.map_err(fail("backup rows"))? != before + 1 {
            if start.elapsed() > support::PATIENCE {
                return Err(format!("Back up now did not add a row to the {before} listed"));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        window.screenshot("backups-dialog").await
    }
    .await;
    window.finish(client, "recovery", outcome).await;

    let aside: Vec<_> = std::fs::read_dir(window.data_dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with("archdecide.db.damaged-"))
        .collect();
    assert_eq!(aside.len(), 1, "the damaged file is moved aside once");
    assert_eq!(std::fs::read(aside[0].path()).unwrap(), garbage, "and kept byte for byte");
}

#[tokio::test(flavor = "multi_thread")]
async fn script_and_html_in_text_show_as_plain_text() {
    let window = Window::start();
    let title = r#"<img src=x onerror="document.title='owned'"> <script>document.title='owned'</script>"#;
    let context = "[click me](javascript:alert(1)) <b>bold?</b>";
    {
        let mut store = Store::open(&window.database()).unwrap();
        let new = NewSession { title: title.into(), context: Some(context.into()), ..NewSession::default() };
        create_session(&mut store, new).unwrap();
    }
    let client = window.launch().await;
    let outcome = async {
        open_session(&client, title).await?;
        wait_for_text(&client, "[data-testid=editor-title]", "<img src=x onerror=").await?;
        let script = "return { images: document.querySelectorAll('img').length, \
            scripts: Array.from(document.querySelectorAll('script')).filter(s => !s.src).length, \
            bold: document.querySelectorAll('main b').length, \
            links: Array.from(document.querySelectorAll('a')).filter(a => a.href.startsWith('javascript:')).length, \
            title: document.title };";
        let found = client.execute(script, vec![]).await.map_err(fail("inspect the page"))?;
        let expected = json!({ "images": 0, "scripts": 0, "bold": 0, "links": 0, "title": "ArchDecide" });
        if found != expected {
            return Err(format!("hostile text was interpreted: {found}"));
        }
        window.screenshot("hostile-text").await
    }
    .await;
    window.finish(client, "hostile-text", outcome).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_app_killed_while_typing_restarts_with_what_was_saved() {
    let mut window = Window::start();
    {
        let mut store = Store::open(&window.database()).unwrap();
        create_session(&mut store, NewSession { title: "Checkout platform".into(), ..NewSession::default() }).unwrap();
    }
    let typed = "Orders flow through Kafka; the team is six people and ships weekly.";
    let client = window.launch().await;
    let outcome = async {
        open_session(&client, "Checkout platform").await?;
        support::type_into(&client, "[data-testid=session-context]", typed).await?;
        // SIGKILL the app (found by its private data folder) right after the last key.
        let killed = std::process::Command::new("pkill")
            .args(["-KILL", "-f", &format!("archdecide --data-dir {}", window.data_dir.path().display())])
            .status()
            .map_err(|e| e.to_string())?;
        if killed.success() { Ok(()) } else { Err("the app's process was not found".to_owned()) }
    }
    .await;
    // The app is gone; ending the session may fail, and that is expected.
    let _ = client.close().await;
    outcome.unwrap();

    backups::check_file(&window.database()).expect("integrity_check after the kill");
    let saved = {
        let store = Store::open(&window.database()).unwrap();
        let id = archdecide_core::sessions::list_sessions(&store).unwrap()[0].id;
        archdecide_core::sessions::get_session(&store, id).unwrap().session.context
    };
    assert!(typed.starts_with(&saved), "the stored text is a prefix of what was typed: {saved:?}");
    eprintln!("killed while typing: {} of {} characters had been saved", saved.chars().count(), typed.chars().count());

    // The app starts again on the same folder and shows what was stored, through a fresh
    // tauri-driver (the old one's WebKitWebDriver still counts the killed app's session).
    window.fresh_driver();
    let client = window.launch().await;
    let outcome = async {
        open_session(&client, "Checkout platform").await?;
        // The click only starts loading the session: wait for its field before reading it
        // (reading at once was this test's flake).
        support::element(&client, "[data-testid=session-context]").await?;
        let found = client
            .execute("return document.querySelector('[data-testid=session-context]').value", vec![])
            .await
            .map_err(fail("context"))?;
        if found.as_str() != Some(saved.as_str()) {
            return Err(format!("after restart the context shows {found}, stored {saved:?}"));
        }
        Ok(())
    }
    .await;
    window.finish(client, "killed-while-typing", outcome).await;
}

/// A private D-Bus session bus (the single-instance plugin meets its other instances there);
/// stopped on drop.
struct SessionBus {
    daemon: std::process::Child,
    address: String,
    _dir: tempfile::TempDir,
}

impl SessionBus {
    fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let address = format!("unix:path={}", dir.path().join("bus").display());
        let daemon = std::process::Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--nopidfile", &format!("--address={address}")])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("dbus-daemon must be installed (the README's test command installs it)");
        let start = std::time::Instant::now();
        while !dir.path().join("bus").exists() {
            assert!(start.elapsed() < support::PATIENCE, "dbus-daemon did not start");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        Self { daemon, address, _dir: dir }
    }
}

impl Drop for SessionBus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

/// Starts the app binary directly (not through WebDriver) on `data_dir`; returns whether it
/// exited by itself within `wait`, with its status (it is killed otherwise).
fn second_launch(
    window: &Window,
    bus: &SessionBus,
    data_dir: &Path,
    wait: Duration,
) -> Option<std::process::ExitStatus> {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_archdecide"))
        .arg("--data-dir")
        .arg(data_dir)
        .env("DISPLAY", &window.display)
        .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while start.elapsed() < wait {
        if let Some(status) = child.try_wait().unwrap() {
            return Some(status);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    None
}

#[tokio::test(flavor = "multi_thread")]
async fn a_second_launch_on_the_same_folder_hands_over_to_the_running_window() {
    let bus = SessionBus::start();
    let window = Window::start_with_env(&[("DBUS_SESSION_BUS_ADDRESS", Path::new(&bus.address))]);
    {
        let mut store = Store::open(&window.database()).unwrap();
        create_session(&mut store, NewSession { title: "Checkout platform".into(), ..NewSession::default() }).unwrap();
    }
    let client = window.launch().await;
    let outcome = async {
        wait_for_text(&client, ".session-list", "Checkout platform").await?;
        // Same folder: the second process hands over and exits 0 at once.
        match second_launch(&window, &bus, window.data_dir.path(), Duration::from_secs(15)) {
            Some(status) if status.success() => {}
            other => return Err(format!("the second launch did not hand over: {other:?}")),
        }
        // The first window is still there and working.
        wait_for_text(&client, ".session-list", "Checkout platform").await?;
        // Another folder is another instance: it keeps running.
        let other = tempfile::tempdir().unwrap();
        if let Some(status) = second_launch(&window, &bus, other.path(), Duration::from_secs(4)) {
            return Err(format!("a launch on another folder exited by itself: {status}"));
        }
        Ok(())
    }
    .await;
    window.finish(client, "single-instance", outcome).await;
}

/// A list longer than one page: the window shows the newest sessions at once, and the rows
/// further down arrive page by page as the list scrolls (only a stretch around the rows in
/// view crosses IPC). Archived sessions are left out until asked for.
#[tokio::test(flavor = "multi_thread")]
async fn a_long_session_list_loads_its_pages_as_it_scrolls() {
    let window = Window::start();
    {
        let mut store = Store::open(&window.database()).unwrap();
        let archived = store
            .batch(|store| {
                let mut last = None;
                for i in 0..600 {
                    let new = NewSession { title: format!("Session {i:03}"), ..NewSession::default() };
                    last = Some(create_session(store, new).unwrap().session.id);
                }
                last.unwrap()
            })
            .unwrap();
        archdecide_core::sessions::archive_session(&mut store, archived, true).unwrap();
    }
    let client = window.launch().await;
    let outcome = async {
        let row_shown = |title: &'static str| {
            let client = &client;
            async move {
                let script = "return Array.from(document.querySelectorAll('.session-title')) \
                    .some(t => t.textContent.trim() === arguments[0]);";
                for _ in 0..200 {
                    if client.execute(script, vec![json!(title)]).await.map_err(fail("read the list"))? == json!(true) {
                        return Ok(());
                    }
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                Err(format!("the list never showed “{title}”"))
            }
        };
        let scroll_to = |share: f64| {
            let client = &client;
            async move {
                let script = "const list = document.querySelector('.session-scroll'); \
                    list.scrollTop = (list.scrollHeight - list.clientHeight) * arguments[0]; \
                    list.dispatchEvent(new Event('scroll')); return list.scrollTop;";
                client.execute(script, vec![json!(share)]).await.map_err(fail("scroll the list")).map(drop)
            }
        };
        row_shown("Session 598").await?;
        let size = client
            .execute("return document.querySelector('.session-row').getAttribute('aria-setsize');", vec![])
            .await
            .map_err(fail("read the list's size"))?;
        if size != json!("599") {
            return Err(format!("the archived session was listed: {size} rows"));
        }
        scroll_to(0.5).await?;
        row_shown("Session 300").await?;
        scroll_to(1.0).await?;
        row_shown("Session 000").await?;
        window.screenshot("long-list-end").await?;
        click(&client, "[data-testid=show-archived]").await?;
        scroll_to(0.0).await?;
        row_shown("Session 599").await
    }
    .await;
    window.finish(client, "long-list", outcome).await;
}
