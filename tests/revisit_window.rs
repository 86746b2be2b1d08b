//! Reopen and revisit in the real window: search an old decided session, revisit it, change a
//! score, accept the revisit's record, and see the old record marked superseded.

mod support;

use std::path::Path;

use archdecide_core::decisions::{DecisionStatus, choose_option, set_decision_status};
use archdecide_core::scoring::{ScoreCell, ScoreEdit, set_score};
use archdecide_core::sessions::{NewSession, create_session, get_session};
use archdecide_core::stakeholders::{NewStakeholder, Raci, add_stakeholder};
use archdecide_core::{Store, drivers, options};
use support::{Window, click, click_text, css, element, fail, open_session, type_into, wait_for_text};

/// ADR-0001 (Microservices) decided a year ago, and an unrelated session.
fn seed(database: &Path) {
    let mut store = Store::open(database).unwrap();
    let new = NewSession {
        title: "Checkout platform".into(),
        context: Some("Orders flow through Kafka.".into()),
        ..NewSession::default()
    };
    let id = create_session(&mut store, new).unwrap().session.id;
    add_stakeholder(&mut store, id, NewStakeholder { raci: Some(Raci::DecisionMaker), ..NewStakeholder::named("Ana") })
        .unwrap();
    drivers::add_template_driver(&mut store, id, "scalability").unwrap();
    options::add_catalog_option(&mut store, id, "monolithic").unwrap();
    options::add_catalog_option(&mut store, id, "microservices").unwrap();
    let detail = get_session(&store, id).unwrap();
    for (option, value) in detail.options.iter().zip([2, 5]) {
        let cell = ScoreCell {
            stakeholder_id: detail.stakeholders[0].id,
            driver_id: detail.drivers[0].id,
            option_id: option.id,
        };
        set_score(&mut store, id, cell, ScoreEdit::Value(Some(value))).unwrap();
    }
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
        let items = client.find_all(css("[data-testid=session-item]")).await.map_err(fail("items"))?;
        if items.len() != 1 {
            return Err(format!("the search for kafka lists {} sessions", items.len()));
        }
        element(&client, ".session-list mark").await?;
        window.screenshot("revisit-search").await?;
        click_text(&client, "[data-testid=session-item]", "Checkout platform").await?;
        element(&client, "[data-testid=read-only]").await?;
        click(&client, "[data-testid=start-revisit]").await?;
        wait_for_text(&client, "[data-testid=editor-title]", "Checkout platform (revisit)").await?;

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
