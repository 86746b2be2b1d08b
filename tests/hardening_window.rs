//! Hardening in the real window: a damaged database is explained and a backup restored from
//! the recovery screen; script and HTML typed as text stay plain text.

mod support;

use archdecide_core::sessions::{NewSession, create_session};
use archdecide_core::{Store, backups};
use serde_json::json;
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
        wait_for_text(&client, "[data-testid=message]", "Restored the backup").await
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
    let window = Window::start();
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
    drop(client);
    outcome.unwrap();

    backups::check_file(&window.database()).expect("integrity_check after the kill");
    let saved = {
        let store = Store::open(&window.database()).unwrap();
        let id = archdecide_core::sessions::list_sessions(&store).unwrap()[0].id;
        archdecide_core::sessions::get_session(&store, id).unwrap().session.context
    };
    assert!(typed.starts_with(&saved), "the stored text is a prefix of what was typed: {saved:?}");
    eprintln!("killed while typing: {} of {} characters had been saved", saved.chars().count(), typed.chars().count());

    // The app starts again on the same folder and shows what was stored.
    let client = window.launch().await;
    let outcome = async {
        open_session(&client, "Checkout platform").await?;
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
