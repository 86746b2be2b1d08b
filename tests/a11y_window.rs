//! Accessibility in the real window: axe-core (WCAG 2.2 A and AA) on every screen and dialog,
//! with workshops in it (one scoring, one decided), in light, dark and presenter mode, and on
//! the recovery screen; the violation count per screen is printed (`--nocapture`).

// Tests unwrap: a failure is the message.
#![allow(clippy::unwrap_used)]

mod support;

use std::path::Path;

use archdecide_core::decisions::{DecisionStatus, choose_option, set_decision_status};
use fantoccini::Client;
use support::{Outcome, Window, click, element, open_session, wait_for_text};

/// The screens checked, each with its violations.
type Found = Vec<(String, Vec<String>)>;

/// Checks what the window shows now as `name`.
async fn check(client: &Client, name: &str, found: &mut Found) -> Outcome {
    // Let the view settle (a step loads its data after it shows).
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let violations = support::accessibility_violations(client).await?;
    println!("axe: {name}: {} violations", violations.len());
    found.push((name.to_owned(), violations));
    Ok(())
}

/// "Checkout platform" (scoring) and "Payments" with an accepted record.
fn seed(database: &Path) {
    drop(support::seed_checkout(database, "Traffic doubles every year."));
    let (mut store, detail) = support::seed_checkout(database, "Payments run through one gateway.");
    let id = detail.session.id;
    archdecide_core::sessions::update_session(
        &mut store,
        id,
        archdecide_core::sessions::SessionEdit::Title("Payments".into()),
    )
    .unwrap();
    let record = choose_option(&mut store, id, detail.options[1].id).unwrap();
    set_decision_status(&mut store, record.id, DecisionStatus::Accepted, false).unwrap();
}

/// Closes the open dialog with Escape and waits until it is gone.
async fn close_dialog(client: &Client) -> Outcome {
    client
        .active_element()
        .await
        .map_err(support::fail("focus"))?
        .send_keys("\u{E00C}")
        .await
        .map_err(support::fail("escape"))?;
    let start = std::time::Instant::now();
    while client.find(support::css("[role=dialog]")).await.is_ok() {
        if start.elapsed() > support::PATIENCE {
            return Err("a dialog stayed open after Escape".into());
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    Ok(())
}

/// Every screen and dialog of a workshop, as `mode` ("light", "dark") shows them; presenter
/// mode on the steps that are projected.
async fn tour(client: &Client, mode: &str, found: &mut Found) -> Outcome {
    element(client, "[data-testid=session-item]").await?;
    check(client, &format!("{mode}: session list"), found).await?;
    open_session(client, "Checkout platform").await?;
    for step in ["frame", "drivers", "options", "score", "results", "decide", "history"] {
        click(client, &format!("[data-testid=step-{step}]")).await?;
        check(client, &format!("{mode}: {step}"), found).await?;
    }
    // Dialogs.
    click(client, "[data-testid=new-session]").await?;
    click(client, "[data-testid=new-session-easy]").await?;
    check(client, &format!("{mode}: new session dialog"), found).await?;
    close_dialog(client).await?;
    click(client, "[data-testid=quick-record]").await?;
    wait_for_text(client, "[role=dialog]", "Quick record").await?;
    check(client, &format!("{mode}: quick record dialog"), found).await?;
    close_dialog(client).await?;
    click(client, "[data-testid=decision-log-open]").await?;
    element(client, "[role=dialog]").await?;
    check(client, &format!("{mode}: decision log dialog"), found).await?;
    close_dialog(client).await?;
    click(client, "[data-testid=backups-open]").await?;
    element(client, "[role=dialog]").await?;
    check(client, &format!("{mode}: backups dialog"), found).await?;
    close_dialog(client).await?;
    click(client, "[data-testid=delete]").await?;
    check(client, &format!("{mode}: delete confirmation"), found).await?;
    close_dialog(client).await?;
    click(client, "[data-testid=step-score]").await?;
    click(client, "[data-testid=open-room]").await?;
    wait_for_text(client, "[role=dialog]", "Open the room").await?;
    check(client, &format!("{mode}: open the room dialog"), found).await?;
    close_dialog(client).await?;
    click(client, "[data-testid=step-decide]").await?;
    click(client, "[data-testid=draft-record]").await?;
    click(client, "[data-testid=accept-record]").await?;
    element(client, "[role=dialog]").await?;
    check(client, &format!("{mode}: accept dialog"), found).await?;
    close_dialog(client).await?;
    check(client, &format!("{mode}: proposed record"), found).await?;
    // Presenter mode, on what a projector shows.
    click(client, "[data-testid=presenter]").await?;
    for step in ["score", "results"] {
        click(client, &format!("[data-testid=step-{step}]")).await?;
        check(client, &format!("{mode}, presenter: {step}"), found).await?;
    }
    click(client, "[data-testid=presenter]").await?;
    // A blind round.
    click(client, "[data-testid=step-score]").await?;
    click(client, "[data-testid=start-blind-round]").await?;
    element(client, "[data-testid=blind-banner]").await?;
    check(client, &format!("{mode}: blind round"), found).await?;
    // A decided session.
    open_session(client, "Payments").await?;
    element(client, "[data-testid=read-only]").await?;
    check(client, &format!("{mode}: decided session"), found).await?;
    click(client, "[data-testid=step-decide]").await?;
    wait_for_text(client, "[data-testid=record-status]", "Accepted").await?;
    check(client, &format!("{mode}: accepted record"), found).await?;
    Ok(())
}

async fn run(env: &[(&str, &Path)], mode: &str) {
    let window = Window::start_with_env(env);
    seed(&window.database());
    let client = window.launch().await;
    let mut found = Found::new();
    let outcome = tour(&client, mode, &mut found).await;
    window.finish(client, &format!("a11y-{mode}"), outcome).await;
    let failing: Vec<_> = found.iter().filter(|(_, v)| !v.is_empty()).collect();
    assert!(failing.is_empty(), "{failing:#?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn every_screen_meets_wcag_aa_in_light_mode() {
    run(&[], "light").await;
}

/// WebKitGTK follows GTK's theme: `Adwaita:dark` makes the page prefer a dark scheme.
#[tokio::test(flavor = "multi_thread")]
async fn every_screen_meets_wcag_aa_in_dark_mode() {
    run(&[("GTK_THEME", Path::new("Adwaita:dark"))], "dark").await;
}

/// A database that is not one: the recovery screen.
#[tokio::test(flavor = "multi_thread")]
async fn the_recovery_screen_meets_wcag_aa() {
    let window = Window::start();
    std::fs::write(window.database(), b"this is not a database, only some text long enough").unwrap();
    let client = window.launch().await;
    let mut found = Found::new();
    let outcome = async {
        wait_for_text(&client, "body", "damaged").await?;
        check(&client, "recovery screen", &mut found).await
    }
    .await;
    window.finish(client, "a11y-recovery", outcome).await;
    let failing: Vec<_> = found.iter().filter(|(_, v)| !v.is_empty()).collect();
    assert!(failing.is_empty(), "{failing:#?}");
}
