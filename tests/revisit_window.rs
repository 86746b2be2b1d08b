//! Reopen and revisit in the real window: search an old decided session, revisit it, change a
//! score, accept the revisit's record, and see the old record marked superseded.

// Tests unwrap: a failure is the message.
#![allow(clippy::unwrap_used)]

mod support;

use std::path::Path;

use archdecide_core::decisions::{DecisionStatus, choose_option, set_decision_status};
use archdecide_core::sessions::{NewSession, create_session};
use support::{Window, click, click_text, css, element, fail, open_session, type_into, wait_for_text};

/// ADR-0001 (Microservices) decided a year ago, and an unrelated session.
fn seed(database: &Path) {
    let (mut store, detail) = support::seed_checkout(database, "Orders flow through Kafka.");
    let id = detail.session.id;
    let decision = choose_option(&mut store, id, detail.options[1].id).unwrap();
    set_decision_status(&mut store, decision.id, DecisionStatus::Accepted, false).unwrap();
    create_session(&mut store, NewSession { title: "Search service".into(), ..NewSession::default() }).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn search_revisit_change_a_score_accept_and_supersede() {
    let window = Window::start();
    seed(&window.database());
    let client = window.launch().await;
    let outcome = async {
        type_into(&client, "[data-testid=session-filter]", "kafka").await?;
        wait_for_text(&client, ".session-list", "Checkout platform").await?;
        // Only the search's answer highlights what matched: the list before it has both.
        element(&client, ".session-list mark").await?;
        let items = client.find_all(css("[data-testid=session-item]")).await.map_err(fail("items"))?;
        if items.len() != 1 {
            return Err(format!("the search for kafka lists {} sessions", items.len()));
        }
        window.screenshot("revisit-search").await?;
        click_text(&client, "[data-testid=session-item]", "Checkout platform").await?;
        element(&client, "[data-testid=read-only]").await?;
        click(&client, "[data-testid=start-revisit]").await?;
        wait_for_text(&client, "[data-testid=editor-title]", "Checkout platform (revisit)").await?;
        // The sidebar tells the revisit from its original (whose title it starts with).
        element(&client, "[data-testid=revisit-badge]").await?;
        let badges = client.find_all(css("[data-testid=revisit-badge]")).await.map_err(fail("badges"))?;
        if badges.len() != 1 {
            return Err(format!("{} sessions carry the revisit badge, not one", badges.len()));
        }

        // Ana now gives Microservices 1 on Scalability: Monolithic (2) wins.
        click(&client, "[data-testid=step-score]").await?;
        wait_for_text(&client, ".sheet-actions", "Ana is scoring").await?;
        let cells = client.find_all(css("[data-testid=score-cell]")).await.map_err(fail("cells"))?;
        cells[1].click().await.map_err(fail("cell"))?;
        cells[1].send_keys("1").await.map_err(fail("digit"))?;
        wait_for_text(&client, "[data-testid=matrix] tbody tr:nth-child(1) td:nth-child(4)", "1").await?;
        click(&client, "[data-testid=step-results]").await?;
        wait_for_text(&client, "[data-testid=changed-scores]", "Ana: Microservices on Scalability — 5 → 1").await?;
        wait_for_text(&client, "[data-testid=winner-now]", "Monolithic").await?;
        window.screenshot("revisit-diff").await?;

        click(&client, "[data-testid=step-decide]").await?;
        click(&client, "[data-testid=draft-record]").await?;
        click(&client, "[data-testid=accept-record]").await?;
        click(&client, "[data-testid=confirm]").await?;
        wait_for_text(&client, "[data-testid=record-status]", "ADR-0002 · Accepted").await?;
        wait_for_text(&client, ".record", "Supersedes ADR-0001").await?;

        open_session(&client, "Checkout platform").await?;
        wait_for_text(&client, "[data-testid=editor-status]", "Superseded").await?;
        click(&client, "[data-testid=step-decide]").await?;
        wait_for_text(&client, "[data-testid=record-status]", "ADR-0001 · Superseded").await?;
        wait_for_text(&client, ".record", "Superseded by ADR-0002").await?;
        window.screenshot("revisit-superseded").await?;
        Ok(())
    }
    .await;
    window.finish(client, "revisit", outcome).await;
}
