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

/// Keys as WebDriver spells them.
const TAB: &str = "\u{E004}";
const ENTER: &str = "\u{E007}";
const SHIFT_TAB: &str = "\u{E008}\u{E004}\u{E000}";
const ESCAPE: &str = "\u{E00C}";
const RIGHT: &str = "\u{E014}";

/// Presses `keys` on the keyboard (WebDriver's key actions: they go to whatever has focus,
/// as a person's would; no pointer event anywhere). Shift and Control stay down until the
/// next \u{E000}, as in WebDriver's "send keys".
async fn keys(client: &Client, keys: &str) -> Outcome {
    use fantoccini::actions::{InputSource, KeyAction, KeyActions};
    let mut actions = KeyActions::new("keyboard".into());
    let mut held = Vec::new();
    for key in keys.chars() {
        match key {
            '\u{E000}' => {
                for modifier in held.drain(..).rev() {
                    actions = actions.then(KeyAction::Up { value: modifier });
                }
            }
            '\u{E008}' | '\u{E009}' => {
                held.push(key);
                actions = actions.then(KeyAction::Down { value: key });
            }
            _ => actions = actions.then(KeyAction::Down { value: key }).then(KeyAction::Up { value: key }),
        }
    }
    for modifier in held.drain(..).rev() {
        actions = actions.then(KeyAction::Up { value: modifier });
    }
    client.perform_actions(actions).await.map_err(support::fail("keys"))
}

/// Whether the focused element matches `selector`.
async fn focus_is(client: &Client, selector: &str) -> Result<bool, String> {
    let script = "return !!document.activeElement && document.activeElement.matches(arguments[0]);";
    let found = client.execute(script, vec![serde_json::json!(selector)]).await.map_err(support::fail("focus"))?;
    Ok(found == serde_json::json!(true))
}

/// Presses Tab until `selector` has focus (at most `most` times); returns how many it took.
async fn tab_to(client: &Client, selector: &str, most: usize) -> Result<usize, String> {
    for count in 0..=most {
        if focus_is(client, selector).await? {
            return Ok(count);
        }
        keys(client, TAB).await?;
    }
    Err(format!("{selector} was not reached in {most} Tabs"))
}

/// Tabs to `selector` and writes how many Tabs the `stretch` took into the route.
async fn reach(client: &Client, selector: &str, most: usize, route: &mut Vec<String>, stretch: &str) -> Outcome {
    let tabs = tab_to(client, selector, most).await?;
    route.push(format!("{stretch}: {tabs} Tabs"));
    Ok(())
}

/// Waits (bounded) until `selector` has focus.
async fn wait_for_focus(client: &Client, selector: &str) -> Outcome {
    let start = std::time::Instant::now();
    while start.elapsed() < support::PATIENCE {
        if focus_is(client, selector).await? {
            return Ok(());
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    Err(format!("focus never reached {selector}"))
}

/// A whole workshop by keyboard alone, from a new session to an exported record: every step
/// reached by Ctrl+digit and Tab, every dialog keeping Tab and Shift+Tab inside and giving
/// focus back to its opener. The Tabs each stretch took are printed.
#[tokio::test(flavor = "multi_thread")]
async fn a_workshop_runs_from_start_to_record_by_keyboard_alone() {
    let exports = tempfile::tempdir().unwrap();
    let window = Window::start_with_env(&[("ARCHDECIDE_DIALOG_ANSWER", exports.path())]);
    let client = window.launch().await;
    let mut route: Vec<String> = Vec::new();
    let outcome = async {
        element(&client, ".welcome").await?;
        // A new session: Ctrl+N, a title, Enter; focus goes on to the context.
        keys(&client, "\u{E009}n\u{E000}").await?;
        wait_for_focus(&client, "[data-testid=new-session-title]").await?;
        keys(&client, &format!("Keyboard workshop{ENTER}")).await?;
        wait_for_text(&client, "[data-testid=editor-title]", "Keyboard workshop").await?;
        wait_for_focus(&client, "[data-testid=session-context]").await?;
        keys(&client, "Typed, never clicked.").await?;
        route.push("new session → context: 0 Tabs".into());
        reach(&client, "[data-testid=stakeholder-name]", 40, &mut route, "context → stakeholder name").await?;
        keys(&client, &format!("Ana{ENTER}")).await?;
        element(&client, "[data-testid=stakeholders]").await?;
        wait_for_focus(&client, "[data-testid=stakeholder-name]").await?;

        // Drivers and options: a template and two catalog options, focus staying put.
        keys(&client, "\u{E009}2\u{E000}").await?;
        reach(&client, "[data-testid=template-scalability]", 60, &mut route, "Ctrl+2 → first template").await?;
        keys(&client, ENTER).await?;
        wait_for_text(&client, "[data-testid=template-scalability]", "✓").await?;
        if !focus_is(&client, "[data-testid=template-scalability]").await? {
            return Err("focus left the template it added".into());
        }
        keys(&client, "\u{E009}3\u{E000}").await?;
        reach(&client, "[data-testid=catalog-monolithic]", 60, &mut route, "Ctrl+3 → first catalog option").await?;
        keys(&client, ENTER).await?;
        wait_for_text(&client, "[data-testid=catalog-monolithic]", "Added").await?;
        tab_to(&client, "[data-testid=catalog-microservices]", 10).await?;
        keys(&client, ENTER).await?;
        wait_for_text(&client, "[data-testid=catalog-microservices]", "Added").await?;

        // A blind round: Ana scores and seals, the facilitator reveals.
        keys(&client, "\u{E009}4\u{E000}").await?;
        reach(&client, "[data-testid=start-blind-round]", 40, &mut route, "Ctrl+4 → Start blind round").await?;
        keys(&client, ENTER).await?;
        element(&client, "[data-testid=who-is-scoring]").await?;
        tab_to(&client, "[data-testid=who-is-scoring]", 20).await?;
        keys(&client, ENTER).await?;
        element(&client, "[data-testid=matrix]").await?;
        reach(&client, "[data-testid=importance-cell]", 20, &mut route, "Ana's sheet → first cell").await?;
        keys(&client, &format!("4{RIGHT}2{RIGHT}5")).await?;
        wait_for_text(&client, "[data-testid=matrix] tbody tr:nth-child(1) td:nth-child(4)", "5").await?;
        reach(&client, "[data-testid=seal-scores]", 40, &mut route, "last cell → Done (Tab wraps round the window)")
            .await?;
        keys(&client, ENTER).await?;
        element(&client, "[data-testid=pass-laptop]").await?;
        tab_to(&client, "[data-testid=reveal-round]", 60).await?;
        keys(&client, ENTER).await?;
        wait_for_text(&client, "[data-testid=scoring-progress]", "1 of 1").await?;

        // The record: drafted, the accept dialog keeps focus in and gives it back, accepted.
        keys(&client, "\u{E009}6\u{E000}").await?;
        reach(&client, "[data-testid=draft-record]", 60, &mut route, "Ctrl+6 → Draft the record").await?;
        keys(&client, ENTER).await?;
        wait_for_focus(&client, "#chosen-option").await?;
        reach(&client, "[data-testid=accept-record]", 80, &mut route, "draft → Accept").await?;
        keys(&client, ENTER).await?;
        element(&client, "[role=dialog]").await?;
        for (key, name) in [(TAB, "Tab"), (SHIFT_TAB, "Shift+Tab")] {
            for _ in 0..5 {
                keys(&client, key).await?;
                if !focus_is(&client, "[role=dialog] *").await? {
                    return Err(format!("{name} left the accept dialog"));
                }
            }
        }
        keys(&client, ESCAPE).await?;
        wait_for_focus(&client, "[data-testid=accept-record]").await?;
        keys(&client, ENTER).await?;
        tab_to(&client, "[data-testid=confirm]", 5).await?;
        keys(&client, ENTER).await?;
        wait_for_text(&client, "[data-testid=record-status]", "ADR-0001 · Accepted").await?;
        reach(&client, "[data-testid=export-pdf]", 80, &mut route, "accepted → Export PDF").await?;
        keys(&client, ENTER).await?;
        wait_for_text(&client, "[data-testid=export-result]", ".pdf").await?;
        if !focus_is(&client, "[data-testid=export-pdf]").await? {
            return Err("focus left the export button while it exported".into());
        }
        window.screenshot("keyboard-only-record").await?;
        // The session list's ring is drawn inside its item, where the scrolling list shows it.
        reach(&client, "[data-testid=session-item]", 80, &mut route, "Export PDF → the session in the list").await?;
        window.screenshot("focus-ring-session-list").await?;
        Ok(())
    }
    .await;
    println!("keyboard route:\n  {}", route.join("\n  "));
    window.finish(client, "keyboard-only", outcome).await;
    let pdfs = std::fs::read_dir(exports.path()).unwrap().count();
    assert_eq!(pdfs, 1, "the PDF was written");
}
